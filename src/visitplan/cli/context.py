"""What the bodies of commands share: the plans a run reads (whole, or known from the
index), the words it speaks, the zones it shows, the locks of the plans it writes, the
day it takes as today, and the printing of a view in the format asked for.

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import typer
from rich.text import Text

from visitplan.cli import DEFAULT_PLANS
from visitplan.errors import UsageError
from visitplan.workspace.environment import Env
from visitplan.workspace.locking import hold

if TYPE_CHECKING:
    from visitplan.findings import Finding
    from visitplan.plan.model import Event, Plan
    from visitplan.render.printer import Words
    from visitplan.workspace.index.catalog import Catalog


def lock(ctx: typer.Context, files: list[Path], timeout: float, dry_run: bool = False) -> None:
    """Hold the locks of these plan files (see ``locking``) until the command ends,
    unless it writes nothing."""
    if not dry_run:
        ctx.with_resource(hold(files, timeout, ctx.command_path))


def plan_files(paths: list[Path] | None) -> list[Path]:
    """The plan files under the paths a command was given (as `load_plans` finds them)."""
    from visitplan.workspace.plans import collect_plan_files

    return [path for _, path in collect_plan_files(paths or [DEFAULT_PLANS])[0]]


def load_plans(
    env: Env, paths: list[Path] | None, today: date, needs_state: bool = False
) -> list[Plan]:
    """The plans a command works on. Only the commands that write calendars need their
    export state (``needs_state``); for the others a broken state file is a warning."""
    from visitplan.workspace.plans import load_valid_plans

    def warn(finding: Finding) -> None:
        env.stderr.print(Text(finding.render()))

    return load_valid_plans(
        paths or [DEFAULT_PLANS], today, env.cache_dir, None if needs_state else warn
    )


def words_for(env: Env, lang: str | None, plans: list[Plan] | Catalog) -> Words:
    """The words of --lang, else of $VISITPLAN_LANG, else of the plans' first language."""
    from visitplan.render.printer import Words

    chosen = lang or env.lang
    if chosen is None:
        languages = (
            plans.languages()
            if not isinstance(plans, list)
            else next((plan.languages for plan in plans if plan.languages), ())
        )
        chosen = languages[0] if languages else None
    return Words(chosen)


def open_plans(env: Env, paths: list[Path] | None, today: date) -> Catalog:
    """The plans a view works on, known from the index (``visitplan.workspace.index``) where they
    have not changed: the view then builds the model only of those it shows."""
    from visitplan.workspace.index.catalog import open_catalog

    def warn(finding: Finding) -> None:
        env.stderr.print(Text(finding.render()))

    return open_catalog(paths or [DEFAULT_PLANS], today, env.cache_dir, warn)


def zones_of(env: Env, names: list[str] | None) -> list[ZoneInfo]:
    """The zones of --tz: IANA names, or 'local' for this machine's."""
    from visitplan.plan.timezones import UnknownZone, get_zone

    zones = []
    for name in names or []:
        if name == "local":
            if env.local_zone is None:
                raise UsageError(
                    "cannot tell this machine's time zone", "give it by name, e.g. --tz Europe/Kyiv"
                )
            zones.append(env.local_zone)
            continue
        try:
            zones.append(get_zone(name))
        except UnknownZone as error:
            hint = (
                "did you mean " + " or ".join(error.suggestions) + "?"
                if error.suggestions
                else "use an IANA name such as Europe/Kyiv"
            )
            raise UsageError(f'unknown time zone "{name}" for --tz', hint) from None
    return zones


def render(
    env: Env,
    output: str,
    as_json: Callable[[], str],
    as_markdown: Callable[[], str],
    as_text: Callable[[], None],
) -> None:
    """Print a view in the format asked for (text goes through the console)."""
    if output == "json":
        env.stdout.out(as_json(), end="", highlight=False)
    elif output == "markdown":
        env.stdout.out(as_markdown(), end="", highlight=False)
    else:
        as_text()


def today_of(env: Env, today: date | str | None) -> date:
    """The day --today gives, else the run's today."""
    return today if isinstance(today, date) else env.today


def files_count(paths: list[Path]) -> str:
    """``1 file``, ``3 files``."""
    return f"{len(paths)} file{'' if len(paths) == 1 else 's'}"


def say_written(env: Env, files: tuple[list[Path], list[Path]], where: str, dry_run: bool) -> None:
    """What `export` wrote: ``wrote 3 files to out/ (4 unchanged)``; a dry run lists on
    standard output the files it would write and says ``would write …``."""
    written, same = files
    if dry_run:
        for path in written:
            env.stdout.out(path.as_posix(), highlight=False)
    verb = "would write" if dry_run else "wrote"
    env.stderr.print(Text(f"{verb} {files_count(written)}{where} ({len(same)} unchanged)"))


def find_event_in(catalog: Catalog, event_id: str) -> tuple[Plan, Event]:
    """The event ``event_id`` and its plan, found as ``views.entries.find_event`` finds
    it, with only that plan's model built when the index knows the event in one plan."""
    from visitplan.views.entries import find_event

    having = catalog.with_events(None, event_id=event_id)
    if len(having) == 1 and len(having[0].events) == 1:
        return having[0], having[0].events[0]
    return find_event(catalog.plans(), event_id)  # none, or several: the error names them
