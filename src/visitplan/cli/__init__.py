"""The command line: parses arguments, calls the core, renders. No logic of its own.

Errors are mapped to exit codes in one place, :class:`VisitplanGroup`: 0 ok, 1 a plan is
invalid or the command failed, 2 the command line is wrong.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import inspect
import sys
import traceback
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from visitplan.editing.core import Document
    from visitplan.findings import Finding
    from visitplan.ical.entries import Selection
    from visitplan.ical.stamps import Stamped
    from visitplan.plan.model import Plan
    from visitplan.render.printer import Words
    from visitplan.sync.dav import DavCollection
    from visitplan.sync.publishing import CalendarChange
    from visitplan.workspace.index.catalog import Catalog

from visitplan import __version__
from visitplan.errors import EXIT_FAILED, CommandFailed, UsageError, VisitplanError
from visitplan.workspace.environment import Env
from visitplan.workspace.locking import DEFAULT_TIMEOUT

DEFAULT_PLANS = Path("plans")


class VisitplanGroup(TyperGroup):
    """Runs a command and maps a :class:`VisitplanError` to a message and its exit code.

    Anything else that escapes a command is a bug: :func:`main` reports it in one line
    (a traceback only with --debug).
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except VisitplanError as error:
            env = _env(ctx)
            if env.debug:
                env.stderr.print(Text(traceback.format_exc()))
            if not isinstance(error, CommandFailed):
                message = Text("error: ", style="bold red")
                message.append(error.render())
                env.stderr.print(message)
                for line in error.details():
                    env.stderr.print(Text(line))
            raise typer.Exit(error.exit_code) from None


class VisitplanCommand(TyperCommand):
    """A command whose usage line can be copied: required arguments as Click writes
    them (``KIND ID``), not in Typer's braces (``{KIND ID}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._old_dry_run(args))

    def _old_dry_run(self, args: list[str]) -> list[str]:
        """The 0.x `invite ... --dry-run DIR` (and `--dry-run=DIR`) of a command that now
        has a `--dry-run` flag and `--save DIR`: the same as `--dry-run --save DIR`. A word
        after `--dry-run` is taken as the folder only when it is one word too many for the
        command's arguments."""
        options = [p for p in self.params if p.param_type_name == "option"]
        if not any("--save" in p.opts for p in options):
            return args
        valued = {name for p in options if not getattr(p, "is_flag", False) for name in p.opts}
        # an argument of several words (`[PLAN] EVENT-ID`) counts as the words its
        # metavar requires (`EVENT-ID`): in 0.x the word after --dry-run was always the
        # folder, so it still is when the words without it are enough
        wanted = sum(
            sum(1 for word in (p.metavar or "x").split() if not word.startswith("["))
            if p.nargs == -1
            else 1
            for p in self.params
            if p.param_type_name == "argument"
        )
        out: list[str] = []
        positional, folder_at = 0, None
        words = iter(args)
        for word in words:
            if word == "--":
                out += [word, *words]
                break
            if word.startswith("--dry-run="):
                out += ["--dry-run", "--save", word.partition("=")[2]]
            elif word in valued:
                out += [word, next(words, "")]
            elif word == "--dry-run":
                out.append(word)
                following = next(words, None)
                if following is not None:
                    if not following.startswith("-"):
                        positional += 1
                        folder_at = len(out)
                    out.append(following)
            else:
                positional += 0 if word.startswith("-") else 1
                out.append(word)
        if folder_at is not None and positional > wanted:
            out.insert(folder_at, "--save")
        return out


app = typer.Typer(
    cls=VisitplanGroup,
    name="visitplan",
    help="Plan online meetings and study visits between partner cities.\n\n"
    "A plan is a TOML file in plans/ (organizations, people, delegations, events with "
    "their program, exchange topics, follow-up actions). Start with `visitplan check` to "
    "see what is wrong with a plan; see docs/plan-format.md for the format.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _env(ctx: Any) -> Env:
    """The environment of this run; consoles alone when reading it was what failed."""
    env = ctx.find_object(Env)
    return env if isinstance(env, Env) else Env.fallback()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"visitplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something goes wrong.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    env = ctx.obj if isinstance(ctx.obj, Env) else Env.from_system()
    if debug:
        env = dataclasses.replace(env, debug=True)
    ctx.obj = env
    for warning in env.warnings:
        env.stderr.print(Text("warning: ", style="bold yellow") + Text(warning))


def _parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2024-06-30") from None


def _resolve_paths(value: list[Path] | None) -> list[Path] | None:
    """PATH arguments: a plan id names <plans folder>/<id>.toml (see ``grammar``)."""
    from visitplan.cli.grammar import resolve_all

    return None if value is None else resolve_all(value)


def _resolve_path(value: Path | None) -> Path | None:
    """A PLAN argument: a plan id names <plans folder>/<id>.toml (see ``grammar``)."""
    from visitplan.cli.grammar import resolve

    return None if value is None else resolve(value.as_posix())


def _complete_plan_words(ctx: typer.Context, incomplete: str) -> list[str]:
    """A PLAN argument: plan ids in ./plans, then plan files and folders."""
    from visitplan.cli.grammar import plan_ids

    ids = [name for name in plan_ids() if name.startswith(incomplete)]
    folder, _, start = incomplete.rpartition("/")
    try:
        listing = sorted(Path(folder or ".").iterdir())
    except OSError:
        listing = []
    paths = [
        (f"{folder}/" if folder else "") + entry.name + ("/" if entry.is_dir() else "")
        for entry in listing
        if entry.name.startswith(start)
        and not entry.name.startswith(".")
        and (entry.is_dir() or entry.name.endswith(".toml"))
    ]
    return ids + paths


def _paths_argument(help: str) -> Any:
    """The [PLAN ...] argument of the commands that read plans (PathsArg), with ``help``."""
    return typer.Argument(
        metavar="[PLAN ...]",
        help=help,
        show_default=False,
        callback=_resolve_paths,
        autocompletion=_complete_plan_words,
    )


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        _paths_argument(
            "Plan files, folders of plans (their *.toml), or plan ids (plans/<id>.toml). "
            "Default: ./plans"
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any).")
    ] = False,
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per problem, file:line: severity: key path: message — "
            "how to fix. json: a list of {file, line, column, severity, code, path, "
            "message, hint} for editors and CI.",
        ),
    ] = CheckFormat.text,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Check overdue actions as of this date (default: today, or $VISITPLAN_TODAY).",
            callback=_parse_today,
        ),
    ] = None,
) -> None:
    """Check plans and report every problem, each with its file, line and key path.

    Errors: TOML syntax, missing keys, wrong types, bad ids, duplicate ids, references to
    nothing, unknown time zones, end not after start, program items outside their event,
    times skipped by daylight-saving time. Warnings: unknown keys, times that happen twice
    (autumn clock change), a person in two events at once (across all plans checked), open
    actions past due, text missing one of the plan's languages; an event to come on a
    public holiday or a weekend (the host's for a visit, every organization's taking part
    for a meeting: public-holiday, weekend) or outside an organization's working hours
    (outside-working-hours) — an event's accept = ["public-holiday"] takes it as chosen.

    Exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 bad usage.

    Examples:

      visitplan check

      visitplan check plans/korosten-bourges.toml --strict

      visitplan check plans/ templates/ --format json
    """
    from visitplan.plan.holidays_data import Calendars
    from visitplan.render.reporting import check_json, render_check_text
    from visitplan.workspace.checking import check_paths

    env: Env = ctx.obj
    day = today if isinstance(today, date) else env.today
    report = check_paths(paths or [DEFAULT_PLANS], day, strict, Calendars(env.cache_dir), env.lang)
    if output is CheckFormat.json:
        env.stdout.out(check_json(report), end="", highlight=False)
    else:
        render_check_text(report, env.stdout)
    if report.errors:
        raise CommandFailed()


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema (draft 2020-12) of the plan format.

    Editors that read JSON Schema for TOML (Taplo, VS Code's Even Better TOML) then complete
    and validate plans. Put this line first in a plan (see the README):

      #:schema ../schema/plan-v1.schema.json
    """
    from visitplan.plan.schema import schema_json

    env: Env = ctx.obj
    env.stdout.out(schema_json(), end="", highlight=False)


# --------------------------------------------------------------------------- views


class ViewFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class PeopleFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class Kind(StrEnum):
    online_meeting = "online-meeting"
    study_visit = "study-visit"
    meeting = "meeting"
    other = "other"


class EventStatus(StrEnum):
    tentative = "tentative"
    confirmed = "confirmed"
    cancelled = "cancelled"


def _parse_lang(value: str | None) -> str | None:
    """--lang: one of the languages visitplan speaks (its own words exist in these)."""
    from visitplan.i18n import LANGUAGES

    if value is None or value in LANGUAGES:
        return value
    hint = ' (for Ukrainian, "uk")' if value.lower() in ("ua", "ukr") else ""
    raise typer.BadParameter(
        f"'{value}' is not a language visitplan speaks; use one of {', '.join(LANGUAGES)}{hint}"
    )


def _complete_lang(ctx: typer.Context, incomplete: str) -> list[str]:
    """--lang: the languages visitplan speaks."""
    return _complete("lang")(ctx, incomplete)


def _complete_zone(ctx: typer.Context, incomplete: str) -> list[str]:
    """--tz: every IANA zone ('local' too)."""
    return _complete("zone")(ctx, incomplete) + (
        ["local"] if "local".startswith(incomplete) else []
    )


PathsArg = Annotated[
    list[Path] | None,
    _paths_argument(
        "Plan files, folders of plans, or plan ids (plans/<id>.toml). Default: ./plans"
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language of the output (uk, fr, en): the plan's text and the tool's words. "
        "Default: $VISITPLAN_LANG, else the plan's first language.",
        callback=_parse_lang,
        autocompletion=_complete_lang,
    ),
]
FormatOpt = Annotated[
    ViewFormat, typer.Option("--format", "-f", help="text, markdown (tables) or json.")
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="Take this date as today (default: today, or $VISITPLAN_TODAY).",
        callback=_parse_today,
    ),
]


def _check_lock_timeout(value: float) -> float:
    if value < 0 or value != value:  # negative, or NaN
        raise typer.BadParameter(f"{value:g} is not 0 seconds or more, e.g. 30")
    return value


LockTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--lock-timeout",
        metavar="SECONDS",
        envvar="VISITPLAN_LOCK_TIMEOUT",
        help="If another command is writing the same plan, wait this long for it, then give "
        "up, writing nothing ($VISITPLAN_LOCK_TIMEOUT).",
        callback=_check_lock_timeout,
    ),
]


def _lock(ctx: typer.Context, files: list[Path], timeout: float, dry_run: bool = False) -> None:
    """Hold the locks of these plan files (see ``locking``) until the command ends,
    unless it writes nothing."""
    from visitplan.workspace.locking import hold

    if not dry_run:
        ctx.with_resource(hold(files, timeout, ctx.command_path))


def _plan_files(paths: list[Path] | None) -> list[Path]:
    """The plan files under the paths a command was given (as `_plans` finds them)."""
    from visitplan.workspace.plans import collect_plan_files

    return [path for _, path in collect_plan_files(paths or [DEFAULT_PLANS])[0]]


def _parse_date(value: str | None) -> date | None:
    return _parse_today(value)


def _plans(
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


def _completion_paths(ctx: typer.Context) -> list[Path]:
    """The plans named so far on the line being completed (else ./plans)."""
    from visitplan.cli.grammar import resolve

    given = list(ctx.params.get("paths") or ctx.params.get("args") or [])
    for name in ("plan", "plan_word", "plan_path"):
        if isinstance(ctx.params.get(name), str | Path):
            given.append(ctx.params[name])
    found = []
    for word in given:
        try:
            path = resolve(str(word))
        except VisitplanError:
            continue
        if path.exists():
            found.append(path)
    return found or [DEFAULT_PLANS]


def _known(ctx: typer.Context, kinds: tuple[str, ...], incomplete: str) -> set[str]:
    """What a completion offers: ids of ``kinds`` (event, person, org, delegation, topic,
    action) and zones (``zone``: those of the plans, or every IANA zone once a letter is
    typed) from the index of the plans (no plan is read whole when the index is fresh,
    and a plan with errors gives none), and the words the tool itself knows (``lang``:
    the languages it speaks; ``kind``: kinds of entries; ``plan``: plan ids in
    ./plans)."""
    found: set[str] = set()
    if "kind" in kinds:
        from visitplan.cli.grammar import KIND_NAMES

        found.update(KIND_NAMES)
    if "plan" in kinds:
        from visitplan.cli.grammar import plan_ids

        found.update(plan_ids())
    if "lang" in kinds:
        from visitplan.i18n import LANGUAGES

        found.update(LANGUAGES)
    from_plans = [kind for kind in kinds if kind not in ("kind", "plan", "lang")]
    if "zone" in kinds and incomplete:  # typed: every zone; else those the plans name
        import zoneinfo

        found.update(zoneinfo.available_timezones())
        from_plans.remove("zone")
    if from_plans:
        from visitplan.workspace.index.catalog import open_catalog

        env = Env.from_system()
        try:
            catalog = open_catalog(_completion_paths(ctx), env.today, env.cache_dir)
        except VisitplanError:
            return found
        found.update(name for kind in from_plans for name in catalog.known(kind))
    return found


def _complete(*kinds: str) -> Callable[[typer.Context, str], list[str]]:
    """Shell completion of ``kinds`` (see ``_known``); in a comma-separated list, of
    its last part."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        head, comma, last = incomplete.rpartition(",")
        prefix = head + comma
        found = _known(ctx, kinds, last)
        return sorted(prefix + name for name in found if name.startswith(last))

    return complete


def _complete_plan_or_event(ctx: typer.Context, incomplete: str) -> list[str]:
    """Completion of `[PLAN] EVENT-ID`: a plan or an event's id first, an event's id after."""
    events = _complete("event")(ctx, incomplete)
    if ctx.params.get("args"):
        return events
    return _complete_plan_words(ctx, incomplete) + events


def _complete_words(
    kinds: tuple[str, ...] = (), new: bool = False
) -> Callable[[typer.Context, str], list[str]]:
    """Completion of the KIND ID words of `add`, `set` and `move`: a kind (one of
    ``kinds``, else any), then an id of that kind (none for a ``new`` entry)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from visitplan.cli.grammar import KIND_NAMES

        words = list(ctx.params.get("words") or [])
        if not words:
            names = [name for name, kind in KIND_NAMES.items() if not kinds or kind in kinds]
            return sorted(name for name in names if name.startswith(incomplete))
        if new or words[0].lower() not in KIND_NAMES or len(words) > 1:
            return []
        kind = KIND_NAMES[words[0].lower()]
        return _complete(kind)(ctx, incomplete) if kind != "program" else []

    return complete


# field option -> what completes its value
FIELD_COMPLETION: dict[str, tuple[str, ...]] = {
    "timezone": ("zone",),
    "languages": ("lang",),
    "host": ("org",),
    "organization": ("org",),
    "proposed_by": ("org",),
    "requested_by": ("org", "person"),
    "owner": ("org", "person"),
    "delegations": ("delegation",),
    "participants": ("person",),
    "speakers": ("person",),
    "lead": ("person",),
    "members": ("person",),
    "topics": ("topic",),
    "event": ("event",),
}


def _field_completion(name: str) -> Callable[[typer.Context, str], list[str]] | None:
    kinds = FIELD_COMPLETION.get(name)
    return _complete(*kinds) if kinds else None


def _id_option(help_text: str, *kinds: str, flags: tuple[str, ...] = ()) -> Any:
    """An option naming an id of one of ``kinds``, completed from the index."""
    if kinds == ("org",) and not flags:
        flags = ORG_FLAGS
    return typer.Option(*flags, metavar="ID", help=help_text, autocompletion=_complete(*kinds))


# wherever an organization is named, both names work (`--org` as the views had it, and
# `--organization` as `add person` had it)
ORG_FLAGS = ("--org", "--organization")


def _words(env: Env, lang: str | None, plans: list[Plan] | Catalog) -> Words:
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


def _catalog(env: Env, paths: list[Path] | None, today: date) -> Catalog:
    """The plans a view works on, known from the index (``visitplan.workspace.index``) where they
    have not changed: the view then builds the model only of those it shows."""
    from visitplan.workspace.index.catalog import open_catalog

    def warn(finding: Finding) -> None:
        env.stderr.print(Text(finding.render()))

    return open_catalog(paths or [DEFAULT_PLANS], today, env.cache_dir, warn)


def _zones(env: Env, names: list[str] | None) -> list[ZoneInfo]:
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


def _render(
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


def _today(env: Env, today: date | str | None) -> date:
    return today if isinstance(today, date) else env.today


@app.command()
def agenda(
    ctx: typer.Context,
    paths: PathsArg = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First day to list.", callback=_parse_date),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day to list.", callback=_parse_date),
    ] = None,
    days: Annotated[
        int | None, typer.Option("--days", metavar="N", help="List N days from the first.")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Everything, past and future.")] = False,
    past: Annotated[bool, typer.Option("--past", help="Only what is over (before today).")] = False,
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Show times in these zones (repeat; 'local' is this machine's). Default: the "
            "event's zone and those of the organizations taking part, at most three.",
            autocompletion=_complete_zone,
        ),
    ] = None,
    who: Annotated[bool, typer.Option("--who", help="Name the participants.")] = False,
    person: Annotated[str | None, _id_option("Only events this person attends.", "person")] = None,
    delegation: Annotated[
        str | None, _id_option("Only events of this delegation.", "delegation")
    ] = None,
    org: Annotated[
        str | None, _id_option("Only events this organization takes part in.", "org")
    ] = None,
    event: Annotated[str | None, _id_option("Only this event.", "event")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only events of this kind.")] = None,
    topic: Annotated[str | None, _id_option("Only events covering this topic.", "topic")] = None,
    status: Annotated[
        EventStatus | None, typer.Option(help="Only events with this status.")
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text, markdown (tables) or json.")
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List meetings and visits by day, with their program, in the zones of everyone taking part.

    By default from today on. A multi-day visit shows its program on each day ("day 2/5").
    A time on another date in a column is marked (+1) or (−1), and a change of the
    difference between two zones inside the list (daylight saving) is noted once.

    Examples:

      visitplan agenda --all

      visitplan agenda --from 2024-05-01 --days 31 --lang uk

      visitplan agenda --all --tz America/New_York --tz Europe/Kyiv

      visitplan agenda --all --format markdown > agenda.md
    """
    from visitplan.render.printer import agenda_json, agenda_markdown, agenda_text
    from visitplan.views.agenda import Filters, Window, build_agenda, make_window

    env: Env = ctx.obj
    day = _today(env, today)
    window = make_window(
        day,
        start if isinstance(start, date) else None,
        end if isinstance(end, date) else None,
        days,
        everything,
        past,
    )
    zones = _zones(env, tz)
    catalog = _catalog(env, paths, day)
    filters = Filters(
        person,
        delegation,
        org,
        event,
        kind.value if kind else None,
        topic,
        status.value if status else None,
    )
    filters.check_ids(catalog.known)
    words = _words(env, lang, catalog)
    if window == Window() and filters.empty:
        plans = catalog.plans()
    else:  # only the events that can be shown: any zone's day is within 2 of its own
        shown = (window.start, window.end)
        keep = None if filters.empty else filters.matches
        plans = catalog.with_events(keep, shown, slack=2 if zones else 0)
    from visitplan.plan.holidays_data import Calendars

    result = build_agenda(plans, window, filters, zones, words.lang, Calendars(env.cache_dir))
    _render(
        env,
        output,
        lambda: agenda_json(result, words),
        lambda: agenda_markdown(result, words, who),
        lambda: agenda_text(result, words, env.stdout, day, who),
    )


@app.command()
def show(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[PLAN] EVENT-ID",
            help="The event's id, after a plan file or folder if not ./plans.",
            autocompletion=_complete("event"),
        ),
    ],
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Show times in these zones (repeat).",
            autocompletion=_complete_zone,
        ),
    ] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Show one event in full: times in every zone, program, participants, topics, actions.

    Examples:

      visitplan show online-2024-05-28

      visitplan show plans/korosten-bourges.toml study-visit-2023 --lang fr
    """
    from visitplan.render.printer import show_json, show_markdown, show_text
    from visitplan.views.entries import event_view, find_event

    env: Env = ctx.obj
    if len(args) > 2:
        raise UsageError("give at most a plan and an event id", "visitplan show [PLAN] EVENT-ID")
    paths = _resolve_paths([Path(args[0])]) if len(args) == 2 else None
    catalog = _catalog(env, paths, _today(env, today))
    having = catalog.with_events(None, event_id=args[-1])
    if len(having) == 1 and len(having[0].events) == 1:
        plan, found = having[0], having[0].events[0]
    else:  # none, or several: the error names them as before
        plan, found = find_event(catalog.plans(), args[-1])
    words = _words(env, lang, [plan])
    from visitplan.plan.holidays_data import Calendars

    view = event_view(plan, found, words.lang, _zones(env, tz), Calendars(env.cache_dir))
    _render(
        env,
        output,
        lambda: show_json(view, words),
        lambda: show_markdown(view, words),
        lambda: show_text(view, words, env.stdout),
    )


class ProgrammeFormat(StrEnum):
    html = "html"
    pdf = "pdf"


def _parse_langs(values: list[str] | None) -> list[str] | None:
    return [lang for lang in (_parse_lang(value) for value in values or []) if lang] or None


def _files(paths: list[Path]) -> str:
    return f"{len(paths)} file{'' if len(paths) == 1 else 's'}"


def _event_plan(env: Env, event_id: str, today: str | None) -> Path:
    """The plan file in ./plans with the event ``event_id``, found as ``show`` finds it."""
    from visitplan.views.entries import find_event

    catalog = _catalog(env, None, _today(env, today))
    having = catalog.with_events(None, event_id=event_id)
    if len(having) == 1 and len(having[0].events) == 1:
        return Path(having[0].source)
    return Path(find_event(catalog.plans(), event_id)[0].source)


@app.command("program")
def program(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PLAN] [EVENT-ID]",
            help="A plan file or folder (default ./plans), then an event's id (default: "
            "every event in the dates of --from/--to/--all, from today on).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ProgrammeFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html (one self-contained file) or pdf (typeset; needs visitplan[pdf]). "
            "Default: what the extension of -o names (.pdf, .html), else html.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write ('-': standard output; the default for html).",
        ),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="Language (uk, fr, en); two or three give a bilingual or trilingual "
            "programme, the first one leading: --lang uk --lang fr. A language given twice "
            "counts once. Default: $VISITPLAN_LANG, else the plan's first language.",
            callback=_parse_langs,
        ),
    ] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every event, past and future.")
    ] = False,
    contacts: Annotated[
        bool, typer.Option("--contacts", help="Show emails and phone numbers (not by default).")
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="DIR",
            help="Your association's look: DIR/template.toml (logo, accent colour, "
            "letterhead, paper); see the README.",
        ),
    ] = None,
    today: TodayOpt = None,
) -> None:
    """Write the programme to hand out: a cover, each event day by day with times in the
    event's zone and the delegation's, places, speakers, topics, participants and notes.

    Examples:

      visitplan program study-visit-2023 --lang uk --lang fr -o programme.html

      visitplan program plans/korosten-bourges.toml --all --lang fr -o programme.html

      visitplan program study-visit-2023 --lang uk --lang fr --format pdf -o programme.pdf
    """
    from visitplan.render.programme import build_programme, load_look, output_format, render_html
    from visitplan.views.agenda import make_window

    env: Env = ctx.obj
    kind = output_format(fmt.value if fmt else None, output)
    if kind == "pdf" and output is None:
        raise UsageError("give -o FILE for a PDF", "or -o - to write it to standard output")
    values = args or []
    if len(values) > 2:
        raise UsageError(
            "give at most a plan and an event id", "visitplan program [PLAN] [EVENT-ID]"
        )
    from visitplan.cli.grammar import existing, resolve

    paths: list[Path] | None = None
    if len(values) == 2 or (values and (values[0].endswith(".toml") or existing(values[0]))):
        paths = [resolve(values.pop(0))]
    first, last = (
        (start if isinstance(start, date) else None),
        (end if isinstance(end, date) else None),
    )
    if values and (first or last or everything):
        raise UsageError("give an event id or --from/--to/--all, not both")
    day = _today(env, today)
    window = make_window(day, first, last, None, everything)
    look = load_look(template)
    plans = _plans(env, paths, day)
    languages = lang or [_words(env, None, plans).lang or "en"]
    programme = build_programme(
        plans, events=values, window=window, languages=languages, contacts=contacts
    )
    if kind == "pdf":
        from visitplan.render.programme.pdf import render_pdf

        data = render_pdf(programme, look=look)
    else:
        data = render_html(programme, look=look).encode("utf-8")
    if output is None or output == "-":
        env.write_bytes(data)
    else:
        from visitplan.workspace.fileio import atomic_write_bytes

        atomic_write_bytes(Path(output), data)
        env.stderr.print(Text(f"wrote {output}"))


@app.command()
def slots(
    ctx: typer.Context,
    paths: PathsArg = None,
    parties: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="ID",
            help="An organization, delegation or person the time must suit (repeat). "
            "Default: the organizations of the next event, else all the plan's.",
            autocompletion=_complete("org", "delegation", "person"),
        ),
    ] = None,
    duration: Annotated[
        str, typer.Option("--duration", metavar="DURATION", help="How long: 90m, 1h, 1h30m.")
    ] = "1h",
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day to look at (default: tomorrow).",
            callback=_parse_date,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day to look at.", callback=_parse_date),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option("--days", metavar="N", help="Look at N days (default: 28, four weeks)."),
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", metavar="N", help="Propose N times (one a day).")
    ] = 3,
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Show the times in these zones too (repeat).",
            autocompletion=_complete_zone,
        ),
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat,
        typer.Option("--format", "-f", help="text, markdown (proposals for an email) or json."),
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Find times for an online meeting that suit everyone, each with the line that books it.

    A time fits when it lies inside every party's working hours in its own zone, on a
    working day for every party (weekends and public holidays of its country and
    subdivision), and overlaps no event any of its people already takes part in, in any
    plan read. Starts are on the half hour; one proposal a day, the earliest that fits.
    Each proposal shows every party's local time; a clock change in the range is noted.

    Examples:

      visitplan slots --with korosten --with bourges --duration 90m

      visitplan slots plans/ --with bourges --with afccre --from 2025-03-03 --days 14 --count 5

      visitplan slots --format markdown --lang fr > proposals.md
    """
    from datetime import UTC, datetime, time

    from visitplan.plan.durations import parse_duration
    from visitplan.plan.holidays_data import Calendars
    from visitplan.render.printer import slots_json, slots_markdown, slots_text
    from visitplan.views.slots import date_range, default_parties, find_slots, resolve_parties

    env: Env = ctx.obj
    day = _today(env, today)
    first, last = date_range(
        day,
        start if isinstance(start, date) else None,
        end if isinstance(end, date) else None,
        days,
    )
    length = parse_duration(duration, "how long the meeting lasts")
    zones = _zones(env, tz)
    plans = _plans(env, paths, day)
    words = _words(env, lang, plans)
    chosen = (
        resolve_parties(plans, parties, words.lang)
        if parties
        else default_parties(plans, datetime.combine(first, time(), tzinfo=UTC), words.lang)
    )
    result = find_slots(
        plans, chosen, length, first, last, count, Calendars(env.cache_dir), words.lang, zones
    )
    _render(
        env,
        output,
        lambda: slots_json(result, words),
        lambda: slots_markdown(result, words),
        lambda: slots_text(result, words, env.stdout),
    )


class TopicStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    scheduled = "scheduled"
    done = "done"
    dropped = "dropped"


@app.command()
def topics(
    ctx: typer.Context,
    paths: PathsArg = None,
    status: Annotated[
        TopicStatus | None, typer.Option(help="Only topics with this status.")
    ] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List the exchange topics: status, who asked and who offers, and where each is covered.

    A topic that was requested or accepted but is covered by no event or program item is
    flagged.

    Example:

      visitplan topics korosten-bourges --status proposed --lang fr
    """
    from visitplan.render.printer import topics_json, topics_markdown, topics_text
    from visitplan.views.entries import topic_views

    env: Env = ctx.obj
    plans = _plans(env, paths, _today(env, today))
    words = _words(env, lang, plans)
    views = topic_views(plans, status.value if status else None)
    _render(
        env,
        output,
        lambda: topics_json(views, words),
        lambda: topics_markdown(views, words),
        lambda: topics_text(views, words, env.stdout),
    )


class ActionStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


@app.command()
def actions(
    ctx: typer.Context,
    paths: PathsArg = None,
    owner: Annotated[
        str | None, _id_option("Only actions of this organization or person.", "org", "person")
    ] = None,
    status: Annotated[
        ActionStatus | None, typer.Option(help="Only actions with this status.")
    ] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List follow-up actions by due date; overdue ones stand out.

    Example:

      visitplan actions --owner bourges --status open
    """
    from visitplan.render.printer import actions_json, actions_markdown, actions_text
    from visitplan.views.entries import action_views

    env: Env = ctx.obj
    day = _today(env, today)
    catalog = _catalog(env, paths, day)
    words = _words(env, lang, catalog)
    plans = catalog.plans() if owner is None else catalog.with_owner(owner)
    views = action_views(plans, day, owner, status.value if status else None)
    _render(
        env,
        output,
        lambda: actions_json(views, words),
        lambda: actions_markdown(views, words),
        lambda: actions_text(views, words, env.stdout),
    )


@app.command()
def people(
    ctx: typer.Context,
    paths: PathsArg = None,
    event: Annotated[
        str | None, _id_option("Only those taking part in this event.", "event")
    ] = None,
    delegation: Annotated[str | None, _id_option("Only this delegation.", "delegation")] = None,
    org: Annotated[str | None, _id_option("Only this organization.", "org")] = None,
    lang: LangOpt = None,
    output: Annotated[
        PeopleFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, markdown, json, or csv (for visa letters, badges, mail merges).",
        ),
    ] = PeopleFormat.text,
    today: TodayOpt = None,
) -> None:
    """List people: every spelling of the name, organization, role, email, phone.

    Example: the delegation list for visa letters, as a spreadsheet:

      visitplan people --delegation korosten-2023 --format csv > delegation.csv
    """
    from visitplan.render.printer import people_csv, people_json, people_markdown, people_text
    from visitplan.views.entries import people_views

    env: Env = ctx.obj
    catalog = _catalog(env, paths, _today(env, today))
    words = _words(env, lang, catalog)
    plans = (
        catalog.with_events(None, event_id=event)
        if event is not None and delegation is None
        else []
    )
    views = people_views(plans or catalog.plans(), event, delegation, org)
    if output is PeopleFormat.csv:
        env.stdout.out(people_csv(views, words), end="", highlight=False)
        return
    _render(
        env,
        output,
        lambda: people_json(views, words),
        lambda: people_markdown(views, words),
        lambda: people_text(views, words, env.stdout),
    )


# The filters `export` and `publish` share (the calendar's entries to write).
EventsOpt = Annotated[
    list[str] | None,
    _id_option("Only these events (repeat).", "event", flags=("--event",)),
]
PersonOpt = Annotated[
    str | None, _id_option("Only what this person attends or speaks at.", "person")
]
DelegationOpt = Annotated[
    str | None, _id_option("Only this delegation's events.", "delegation", flags=("--delegation",))
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="Only from this day.", callback=_parse_date),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", metavar="DATE", help="Only up to this day.", callback=_parse_date),
]


def _selection(
    plans: list[Plan],
    events: list[str] | None,
    person: str | None,
    start: date | str | None,
    end: date | str | None,
    delegation: str | None = None,
) -> Selection:
    """The entries the filters select, after checking that every id they name exists."""
    from visitplan.ical.entries import Selection
    from visitplan.views.agenda import Filters, Window

    Filters(person=person, delegation=delegation).check(plans)
    for event_id in events or ():
        Filters(event=event_id).check(plans)
    return Selection(
        events=tuple(events or ()),
        person=person,
        delegation=delegation,
        window=Window(
            start if isinstance(start, date) else None, end if isinstance(end, date) else None
        ),
    )


class Method(StrEnum):
    publish = "publish"
    request = "request"


@app.command()
def export(
    ctx: typer.Context,
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write ('-' for standard output). Default: standard output in a "
            "pipe, else <plan-id>.ics.",
        ),
    ] = None,
    event: EventsOpt = None,
    person: PersonOpt = None,
    delegation: DelegationOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    lang: LangOpt = None,
    method: Annotated[
        Method,
        typer.Option(
            help="publish: a calendar to import. request: invitations with RSVP (needs an organizer with an email)."
        ),
    ] = Method.publish,
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            metavar="DURATION",
            help="A reminder this long before each event, e.g. 1d, 30m (repeat).",
        ),
    ] = None,
    todos: Annotated[
        bool, typer.Option("--todos", help="Also export the actions as tasks (VTODO).")
    ] = False,
    per_person: Annotated[
        Path | None,
        typer.Option(
            "--per-person",
            metavar="DIR",
            help="Write one file per person with an email, DIR/<person-id>.ics, with what they "
            "attend, in their first language unless --lang is given.",
        ),
    ] = None,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Export iCalendar (.ics) invites that Outlook, Google, Apple Calendar and Thunderbird import.

    Re-export after a change and send the file again: calendars update the changed entries
    instead of adding copies, and drop entries removed from the plan. What was exported is
    remembered in <plan>.visitplan-state next to the plan: commit it with the plan.

    Examples:

      visitplan export plans/korosten-bourges.toml

      visitplan export --person chyzhevska --alarm 1d -o chyzhevska.ics

      visitplan export --per-person out/ --method request --event online-2024-05-28
    """
    from visitplan.ical.calendar import check_method, check_request, request_files, write_calendar
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.files import export_summary, save_states, write_per_person
    from visitplan.ical.stamps import load_stamps
    from visitplan.plan.durations import parse_duration
    from visitplan.workspace.fileio import atomic_writer, write_changed

    env: Env = ctx.obj
    if per_person is not None and output is not None:
        raise UsageError("give --per-person DIR or --output FILE, not both")
    _lock(ctx, _plan_files(paths), lock_timeout)
    plans = _plans(env, paths, _today(env, today), needs_state=True)
    check_method(plans, method.value)
    selection = _selection(plans, event, person, start, end, delegation)
    options = ExportOptions(
        lang=_words(env, lang, plans).lang if per_person is None else lang or env.lang,
        method=method.value,
        alarms=tuple(parse_duration(a) for a in alarm or ()),
        todos=todos,
    )
    keep = (options.lang, selection) if per_person is None else (None, None)
    stamped = load_stamps(plans, env.clock(), todos, *keep)
    requests = []
    if method is Method.request and per_person is None:
        requests = check_request(list(stamped.values()), selection)
    if per_person is not None:
        written, same = write_per_person(plans, stamped, selection, options, per_person)
        env.stderr.print(
            Text(f"wrote {_files(written)} to {per_person.as_posix()}/ ({len(same)} unchanged)")
        )
    else:
        target = output
        if target is None:
            target = (
                "-"
                if not env.stdout.is_terminal
                else f"{plans[0].id if len(plans) == 1 else 'visitplan'}.ics"
            )
        if len(requests) > 1:  # a visit and its sessions: one invitation file each
            if target == "-":
                raise UsageError(
                    f"--method request writes {len(requests)} files for this visit (its own "
                    "entry and each session), not one on standard output",
                    "give -o FILE.ics: FILE.ics and FILE--<item-id>.ics for each session",
                )
            written, same = write_changed(request_files(requests, options, Path(target)))
            env.stderr.print(
                Text(f"wrote {_files(written)}: {target} and its sessions ({len(same)} unchanged)")
            )
        elif target == "-":
            write_calendar(list(stamped.values()), selection, options, env.write_bytes)
        else:
            with atomic_writer(Path(target)) as handle:
                write_calendar(list(stamped.values()), selection, options, handle.write)
            env.stderr.print(Text(f"wrote {target}: {export_summary(stamped, selection)}"))
    save_states(plans, stamped)


@app.command()
def site(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The folder to write the site into.")
    ],
    paths: PathsArg = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Where the site will be served (https://…): adds the webcal:// links a "
            "calendar app subscribes to. Every other link stays relative.",
        ),
    ] = None,
    contacts: Annotated[
        bool,
        typer.Option(
            "--contacts", help="Show emails and phone numbers (and put them in the .ics files)."
        ),
    ] = False,
    public: Annotated[
        bool,
        typer.Option("--public", help="Let search engines index the pages (default: noindex)."),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also each event's printable programme as a PDF, in all the plan's "
            "languages, linked from its pages (needs the pdf extra).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a folder that holds other files and is not a visitplan site.",
        ),
    ] = False,
    start: FromOpt = None,
    end: ToOpt = None,
    everything: Annotated[
        bool, typer.Option("--all", help="The index lists past events too.")
    ] = False,
    today: TodayOpt = None,
) -> None:
    """Write a static site of the plans for participants, to open on a phone or serve as it is.

    An index of upcoming events; a page per plan and per event in each of the plan's
    languages; a page per person with what they take part in and their own calendar
    (.ics); each plan's calendar. Links are relative: the folder works opened from disk,
    zipped, or on GitHub/GitLab Pages. A re-run rewrites only what changed and removes the
    pages of what was removed. Pages ask search engines not to index them unless --public.

    Examples:

      visitplan site out/site

      visitplan site public/ plans/ --base-url https://example.org/visits --public
    """
    from visitplan.render.site import SiteOptions, make_site, stamp_time
    from visitplan.views.agenda import make_window

    env: Env = ctx.obj
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(
            f"--base-url {base_url!r} is not an http(s) address",
            "give where the site is served, e.g. https://example.org/visits",
        )
    day = _today(env, today)
    window = make_window(
        day,
        start if isinstance(start, date) else None,
        end if isinstance(end, date) else None,
        everything=everything,
    )
    plans = _plans(env, paths, day)
    options = SiteOptions(
        today=day,
        now=stamp_time(env.now, day),
        window=window,
        base_url=base_url,
        contacts=contacts,
        public=public,
        pdf=pdf,
    )
    done = make_site(folder, plans, options, force=force)
    removed = f", {len(done.removed)} removed" if done.removed else ""
    env.stderr.print(
        Text(
            f"wrote {folder.as_posix()}/: {len(done.written)} "
            f"file{'' if len(done.written) == 1 else 's'} written, "
            f"{done.unchanged} unchanged{removed}"
        )
    )


# --------------------------------------------------------------------------- servers


class OnRemoved(StrEnum):
    cancel = "cancel"
    delete = "delete"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


UserOpt = Annotated[
    str | None, typer.Option("--user", metavar="NAME", help="User name on the server.")
]
PasswordEnvOpt = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        metavar="VAR",
        help="Read the password from this environment variable.",
    ),
]
PasswordFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        metavar="FILE",
        help="Read the password from this file (its first line).",
    ),
]


@app.command()
def publish(
    ctx: typer.Context,
    paths: PathsArg = None,
    url: Annotated[
        str,
        typer.Option(
            "--url",
            metavar="URL",
            envvar="VISITPLAN_CALDAV_URL",
            help="The CalDAV calendar collection, e.g. https://cloud.example.org/remote.php/"
            "dav/calendars/USER/CALENDAR/ ($VISITPLAN_CALDAV_URL).",
        ),
    ] = "",
    user: UserOpt = None,
    password_env: PasswordEnvOpt = None,
    password_file: PasswordFileOpt = None,
    event: EventsOpt = None,
    person: PersonOpt = None,
    delegation: DelegationOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    lang: LangOpt = None,
    todos: Annotated[
        bool, typer.Option("--todos", help="Also publish the actions as tasks (VTODO).")
    ] = False,
    on_removed: Annotated[
        OnRemoved,
        typer.Option(
            "--on-removed",
            help="What to do with entries the plan no longer has: cancel (kept, shown as "
            "cancelled) or delete.",
        ),
    ] = OnRemoved.cancel,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite entries someone changed on the server with the plan's version.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Say what would be created, updated, cancelled or deleted; write nothing.",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", help="Wait this long for the server.")
    ] = 30,
    output: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text or json (for scripts).")
    ] = ReportFormat.text,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Publish plans to a shared calendar on a CalDAV server (Nextcloud, Radicale, Fastmail…).

    Creates the entries the calendar lacks, updates changed ones, cancels (or deletes)
    entries the plan no longer has, and never touches entries that are not the plan's.
    Publishing an unchanged plan writes nothing. An entry someone changed on the server
    since the last publish is reported as a conflict and left alone (see --force).
    The entries are the ones `export` writes: same UIDs and SEQUENCE, same state file.

    Examples:

      visitplan publish --url https://cloud.example.org/remote.php/dav/calendars/anna/korosten-bourges/ --user anna --password-env NEXTCLOUD_PASSWORD

      visitplan publish plans/korosten-bourges.toml --dry-run
    """
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.files import save_states
    from visitplan.ical.stamps import load_stamps
    from visitplan.render.printer import publish_json, publish_text
    from visitplan.sync.credentials import read_password
    from visitplan.sync.dav import DavCollection, check_url
    from visitplan.sync.publishing import PublishOptions, Report, conflict_advice, plan_changes
    from visitplan.sync.remote import read_remote

    env: Env = ctx.obj
    if not url:
        raise UsageError(
            "publish needs the calendar's address",
            "give --url URL or set $VISITPLAN_CALDAV_URL (see README: visitplan publish)",
        )
    check_url(url)
    if timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    password = read_password(env.environ, user, password_env, password_file)
    _lock(ctx, _plan_files(paths), lock_timeout, dry_run)
    plans = _plans(env, paths, _today(env, today), needs_state=True)
    selection = _selection(plans, event, person, start, end, delegation)
    options = PublishOptions(
        export=ExportOptions(lang=_words(env, lang, plans).lang, todos=todos),
        on_removed=on_removed.value,
        force=force,
    )
    ca_bundle = env.environ.get("REQUESTS_CA_BUNDLE")
    collection = DavCollection(url, user, password, timeout, ca_bundle)
    collection.check()
    remote = read_remote(collection)
    now = env.clock()
    stamped = load_stamps(plans, now, todos)
    changes = plan_changes(list(stamped.values()), selection, options, remote, collection, now)
    if not dry_run:
        try:
            changes = _apply_with_progress(env, changes, collection, stamped.values())
        finally:  # also when the server went away part-way: it has what was written
            save_states(plans, stamped)
    report = Report(changes)
    if output == ReportFormat.json:
        env.stdout.out(publish_json(changes, collection.url, dry_run), end="", highlight=False)
    else:
        publish_text(changes, report.summary(), dry_run, env.stdout)
    if report.count("conflict"):
        env.stderr.print(Text(conflict_advice(changes)))
        raise CommandFailed()


def _apply_with_progress(
    env: Env, changes: list[CalendarChange], collection: DavCollection, states: Iterable[Stamped]
) -> list[CalendarChange]:
    """Write the changes (recording a raised SEQUENCE in ``states``), with a progress bar
    on a terminal."""
    from visitplan.sync.publishing import apply_changes

    writes = sum(1 for change in changes if change.writes)
    if not (writes and env.stderr.is_terminal):
        return apply_changes(changes, collection, states=states)
    from rich.progress import Progress

    with Progress(console=env.stderr, transient=True) as progress:
        task = progress.add_task("publishing", total=writes)
        return apply_changes(
            changes, collection, lambda change: progress.advance(task), states=states
        )


@app.command()
def invite(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[PLAN] EVENT-ID",
            help="The event to invite to, after its plan (its file, or its id in ./plans) if "
            "not the plan in ./plans that has it.",
            autocompletion=_complete_plan_or_event,
        ),
    ],
    smtp: Annotated[
        str | None,
        typer.Option(
            "--smtp",
            metavar="HOST[:PORT]",
            envvar="VISITPLAN_SMTP",
            help="The mail server to send through ($VISITPLAN_SMTP).",
        ),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="ADDRESS",
            help='Send from this address (default: the plan\'s organizer), e.g. "Anna <anna@…>".',
        ),
    ] = None,
    cancel: Annotated[
        bool,
        typer.Option("--cancel", help="Send the cancellation of an event cancelled in the plan."),
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Resend after a change, as an updated invitation.")
    ] = False,
    starttls: Annotated[
        bool,
        typer.Option("--starttls", help="Use STARTTLS (the default for a server on another host)."),
    ] = False,
    use_ssl: Annotated[
        bool, typer.Option("--ssl", help="Use TLS from the start (port 465).")
    ] = False,
    user: UserOpt = None,
    password_env: PasswordEnvOpt = None,
    password_file: PasswordFileOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Send nothing: list who would get a message (with --save, write them).",
        ),
    ] = False,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            metavar="DIR",
            help="Write the messages as DIR/<person>.eml instead of sending them (nothing is "
            "sent; `--dry-run DIR`, the 0.x form, does the same).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", help="Wait this long for the server.")
    ] = 30,
    force: Annotated[
        bool,
        typer.Option("--force", help="Invite to an event that has already ended, all the same."),
    ] = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Send meeting invitations by email (iMIP): Accept / Decline buttons in Outlook and Gmail.

    One message per participant with an email, in their first language, with the times
    in their organization's zone and the event's, the link or place and the program, and
    the calendar entry that `export` builds (same UID, so a later --update or --cancel
    replaces it in their calendar).

    Examples:

      visitplan invite korosten-bourges online-2024-05-28 --dry-run --save out/mail

      visitplan invite plans/korosten-bourges.toml online-2024-05-28 --smtp smtp.example.org --user anna --password-env SMTP_PASSWORD

      visitplan invite plans/korosten-bourges.toml online-2024-05-28 --cancel --smtp smtp.example.org
    """
    from visitplan.ical.files import save_states
    from visitplan.ical.stamps import load_stamps
    from visitplan.render.printer import invite_text
    from visitplan.sync.credentials import read_password
    from visitplan.sync.inviting import invitations, send, smtp_settings, write_messages

    env: Env = ctx.obj
    if len(args) > 2:
        raise UsageError("give at most a plan and an event id", "visitplan invite [PLAN] EVENT-ID")
    event_id = args[-1]
    plan_path = (
        _resolve_path(Path(args[0])) or Path(args[0])
        if len(args) == 2
        else _event_plan(env, event_id, today)
    )
    if cancel and update:
        raise UsageError("give --cancel or --update, not both")
    if not dry_run and save is None and not smtp:
        raise UsageError(
            "invite needs a mail server",
            "give --smtp HOST[:PORT] (or $VISITPLAN_SMTP), or --dry-run (and --save DIR to "
            "write the messages)",
        )
    if timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    password = read_password(env.environ, user, password_env, password_file)
    server = (
        smtp_settings(smtp, starttls, use_ssl, user, password, timeout)
        if smtp is not None
        else None
    )
    # a dry run (--save DIR writes messages only) does not write the state
    dry_run = dry_run or save is not None
    _lock(ctx, _plan_files([plan_path]), lock_timeout, dry_run)
    plans = _plans(env, [plan_path], _today(env, today), needs_state=True)
    if len(plans) != 1:
        raise UsageError(
            f"{plan_path.as_posix()} is not one plan file", "give the plan's .toml file"
        )
    plan = plans[0]
    now = env.clock()
    stamped = load_stamps(plans, now, todos=False)
    kind = "cancel" if cancel else "update" if update else "request"
    messages = invitations(
        plan, stamped[plan.source], event_id, kind, sender, now, force, _today(env, today)
    )
    if dry_run and save is None:
        for message in messages:
            env.stdout.print(Text(f"would send to {message.name} <{message.email}>"))
        env.stderr.print(Text(f"{len(messages)} message(s) to send (nothing sent)"))
        return
    if save is not None:
        written = write_messages(messages, save)
        env.stderr.print(
            Text(
                f"wrote {len(written)} message{'s' if len(written) != 1 else ''} to "
                f"{save.as_posix()}/ (nothing sent)"
            )
        )
        return
    assert server is not None
    try:
        outcomes = send(messages, server)
    finally:
        save_states(plans, stamped)
    invite_text(outcomes, env.stdout)
    if not all(outcome.sent for outcome in outcomes):
        raise CommandFailed()


# --------------------------------------------------------------------------- writing


# One option per field of the format, shared by `add` and `set`: (name, help).
FIELD_OPTIONS: list[tuple[str, str]] = [
    ("id", "The new entry's id (a slug), if not given after the kind."),
    ("name", "Name."),
    ("title", "Title."),
    ("kind", "Event kind: online-meeting, study-visit, meeting, other."),
    ("start", "Start: 2024-05-28T11:00, 2023-07-01 (all day), or 11:15 in a one-day program."),
    ("end", "End, the same kind as the start (a date is inclusive)."),
    ("timezone", "IANA zone, e.g. Europe/Kyiv."),
    ("status", "Status of an event, topic or action."),
    ("location", "Place."),
    ("url", "Link (meeting link, web site)."),
    ("host", "Receiving organization id."),
    ("delegations", "Delegation ids (comma-separated or repeated)."),
    ("participants", "Person ids (comma-separated or repeated)."),
    ("topics", "Topic ids (comma-separated or repeated)."),
    ("speakers", "Person ids of a program item's speakers."),
    ("notes", "Notes."),
    ("short", "Abbreviation of an organization."),
    ("country", "ISO country code, e.g. UA."),
    ("city", "City of an organization."),
    ("organization", "Organization id of a person or delegation."),
    ("role", "Role of a person."),
    ("email", "Email address."),
    ("phone", "Phone number."),
    ("languages", "Language codes, preferred first."),
    ("lead", "Person id leading a delegation."),
    ("members", "Person ids of a delegation."),
    ("description", "Description of a topic."),
    ("requested_by", "Organization (or, for actions, person) id that asked."),
    ("proposed_by", "Organization id that offers a topic."),
    ("owner", "Organization or person id doing an action."),
    ("due", "Due date of an action."),
    ("event", "For `add program`: the event to add to. For an action: the event it came from."),
    ("organizer", "For `set plan`: the person id who sends the invitations."),
    (
        "subdivision",
        "Region of an organization whose public holidays count too, e.g. 57 (Moselle).",
    ),
    (
        "working_hours",
        'Working hours of an organization: "09:00-18:00" (Monday to Friday, a break as '
        '"09:00-13:00, 14:00-18:00"), or one DAY=HOURS per worked day (mon=08:00-17:00; '
        "repeat; replaces the whole week).",
    ),
    (
        "accept",
        "Warnings check is not to give for an event (a deliberate choice): public-holiday, "
        "weekend, outside-working-hours (comma-separated or repeated).",
    ),
    ("uid", "Calendar UID of the invitation an event was imported from (set by `import`)."),
    ("sequence", "SEQUENCE of that invitation when imported or last updated."),
]


def text_help(option: str) -> str:
    """What every multilingual option's help says about languages."""
    return (
        f'Text: {option} "…" replaces the whole text (all languages); {option} en="…" '
        f"(repeat for more languages) replaces just those and keeps the others."
    )


def _field_values(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    """The field options given, as plan values (``id`` kept for every kind)."""
    from visitplan.editing.core import KINDS, parse_values
    from visitplan.plan import fields as F

    section = F.PLAN if kind == "plan" else KINDS[kind]
    given = {
        name: value
        for name, value in options.items()
        if value and name != "id" and not (kind == "program" and name == "event")
    }
    values = parse_values(section, given)
    ids = options.get("id") or []
    if len(ids) > 1:
        raise UsageError("--id is given more than once")
    return {"id": ids[0], **values} if ids else values


# The metavar of each field option (TEXT where none is given here).
FIELD_METAVARS: dict[str, str] = {
    "id": "ID",
    "kind": "KIND",
    "start": "DATE|DATETIME|TIME",
    "end": "DATE|DATETIME|TIME",
    "timezone": "ZONE",
    "status": "STATUS",
    "url": "URL",
    "host": "ORG-ID",
    "delegations": "IDS",
    "participants": "IDS",
    "topics": "IDS",
    "speakers": "IDS",
    "country": "CODE",
    "organization": "ORG-ID",
    "email": "ADDRESS",
    "phone": "NUMBER",
    "languages": "LANGS",
    "lead": "PERSON-ID",
    "members": "IDS",
    "requested_by": "ID",
    "proposed_by": "ORG-ID",
    "owner": "ID",
    "due": "DATE",
    "event": "EVENT-ID",
    "subdivision": "CODE",
    "working_hours": "HOURS",
    "accept": "WARNINGS",
    "sequence": "NUMBER",
}
# More names of a field option (the same names as the views' filters), besides its own.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "organization": tuple(flag for flag in ORG_FLAGS if flag != "--organization")
}


def _with_field_options(
    *, hide: tuple[str, ...] = (), helps: dict[str, str] | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give the command (which takes **fields) one repeatable option per format field;
    those in ``hide`` are not in its help (given, they are refused with a reason);
    ``helps`` replaces the help of some."""
    return lambda function: _add_field_options(function, hide, helps or {})


def _add_field_options(
    function: Callable[..., None], hide: tuple[str, ...], helps: dict[str, str]
) -> Callable[..., None]:
    signature = inspect.signature(function, eval_str=True)
    params = [p for p in signature.parameters.values() if p.kind != inspect.Parameter.VAR_KEYWORD]
    from visitplan.plan import fields as F

    text_fields = {f.name for section in F.SECTIONS for f in section.fields if f.kind == "text"}
    for name, help_text in FIELD_OPTIONS:
        help_text = helps.get(name, help_text)
        flag = "--" + name.replace("_", "-")
        if name in text_fields:
            help_text = f"{help_text} {text_help(flag)}"
        option = typer.Option(
            flag,
            *FIELD_ALIASES.get(name, ()),
            help=help_text,
            metavar=FIELD_METAVARS.get(name, "TEXT"),
            show_default=False,
            hidden=name in hide,
            autocompletion=_field_completion(name),
        )
        params.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[list[str] | None, option],
            )
        )
    function.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return function


DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")
]
StrictWriteOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse the change (exit 1, nothing written) if it adds a warning of `check`.",
    ),
]


def _write(
    env: Env,
    doc: Document,
    new_text: str,
    dry_run: bool,
    day: date,
    done: str,
    strict: bool = False,
) -> None:
    """Show the warnings the change adds (refused with ``strict``), then write it (or
    print it as a diff with ``dry_run``, after the same check of errors the write makes:
    a dry run exits as the write would)."""
    from visitplan.editing.core import EditRefused, commit, new_errors, unified_diff
    from visitplan.editing.introduced import WarningsRefused, introduced_warnings
    from visitplan.plan.holidays_data import Calendars

    added = introduced_warnings(doc, new_text, day, Calendars(env.cache_dir), env.lang)
    if added and strict:
        raise WarningsRefused(doc.path.as_posix(), added)
    if dry_run:
        errors = new_errors(doc, new_text, day)
        if errors:
            raise EditRefused(doc.path.as_posix(), errors)
        env.stdout.out(unified_diff(doc, new_text), end="", highlight=False)
    else:
        commit(doc, new_text, day)
        env.stdout.print(Text(done))
    for finding in added:
        env.stderr.print(Text(finding.render()))


PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        metavar="PLAN",
        help="The plan to change: its file, or its id in ./plans. Default: the only plan "
        "in ./plans.",
        show_default=False,
        autocompletion=_complete_plan_words,
    ),
]


def _old_plan_word(word: str) -> bool:
    """In the 0.x forms (`add KIND PLAN`, `set PLAN KIND ID`, `move PLAN ID`) the plan
    came first: a word that is a file or ends in .toml is taken as that plan."""
    return word.endswith(".toml") or Path(word).is_file()


def _plan_of(given: str | None, old_form: str | None) -> Path:
    from visitplan.cli.grammar import the_plan

    if given is not None and old_form is not None:
        raise UsageError(
            f"the plan is given twice ({old_form} and --plan {given})", "keep only --plan PLAN"
        )
    return the_plan(given if old_form is None else old_form)


@_with_field_options(
    helps={"event": "The event to add a program item to; for an action, the event it came from."}
)
def add(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KIND [ID]",
            help="What to add: organization (org), person, delegation, event, program "
            "(item), topic or action; then the new entry's id (or --id ID). A program "
            "item: EVENT-ID/ITEM-ID, or ITEM-ID with --event EVENT-ID.",
            show_default=False,
            autocompletion=_complete_words(new=True),
        ),
    ],
    plan: PlanOpt = None,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
    **fields: Any,
) -> None:
    """Add an organization, person, delegation, event, program item, topic or action.

    The entry goes after the last one of its kind; nothing else in the file changes. The
    result is checked first: if it would add an error, nothing is written. Text in several
    languages: --title uk="…" --title en="…"; a plain --title "…" is one text for all.
    (`visitplan add KIND PLAN --id ID`, the 0.x form, still works.)

    Examples:

      visitplan add person hennou --plan korosten-bourges --name "Félix Hénou" --org afccre --role en="Policy officer" --email f.henou@example.org

      visitplan add program study-visit-2023/museum --plan korosten-bourges --title en="Museum visit" --start 2023-07-02T15:00 --end 2023-07-02T17:00
    """
    from visitplan.cli.grammar import kind
    from visitplan.editing.core import Document, add_entry

    env: Env = ctx.obj
    if not words or len(words) > 2:
        raise UsageError(
            "give what to add, then its id", "e.g. visitplan add topic water-treatment --title …"
        )
    if words[0] == "plan":
        raise UsageError("a plan is made with `visitplan new PLAN-ID`")
    entry_kind = kind(words[0])
    old_plan = words[1] if len(words) == 2 and _old_plan_word(words[1]) else None
    if len(words) == 2 and old_plan is None and fields.get("id") and plan is None:
        # `add KIND PLAN-ID --id ID`: the 0.x form with the plan named by its id
        from visitplan.cli.grammar import plan_ids

        if words[1] in plan_ids() and fields["id"] != [words[1]]:
            old_plan = words[1]
    if len(words) == 2 and old_plan is None:
        given_id = words[1]
        if entry_kind == "program" and "/" in given_id:
            parent_id, given_id = given_id.split("/", 1)
            if fields.get("event") and fields["event"] != [parent_id]:
                raise UsageError(f"the event is given twice ({parent_id} and --event)")
            fields["event"] = [parent_id]
        if fields.get("id") and fields["id"] != [given_id]:
            raise UsageError(f"the id is given twice ({given_id} and --id)", "keep one")
        fields["id"] = [given_id]
    path = _plan_of(plan, old_plan)
    _lock(ctx, [path], lock_timeout, dry_run)
    doc = Document.open(path, _today(env, today))
    values = _field_values(entry_kind, fields)
    entry_id = None
    if entry_kind in ("org", "person", "delegation"):
        raw_id = values.pop("id", None)
        if not isinstance(raw_id, str):
            raise UsageError(f"give the new {entry_kind}'s id: visitplan add {words[0]} ID")
        entry_id = raw_id
    elif entry_kind != "program" and "id" not in values:
        raise UsageError(f"give the new {entry_kind}'s id: visitplan add {words[0]} ID")
    parent = None
    if entry_kind == "program":
        parent_ids = fields.get("event") or []
        if len(parent_ids) != 1:
            raise UsageError(
                "give the event to add the program item to",
                "visitplan add program EVENT-ID/ITEM-ID, or --event EVENT-ID",
            )
        parent = parent_ids[0]
    new_text = add_entry(doc, entry_kind, values, entry_id, parent)
    name = entry_id or values.get("id") or "item"
    _write(
        env,
        doc,
        new_text,
        dry_run,
        _today(env, today),
        f'added {entry_kind} "{name}" to {path.as_posix()}',
        strict,
    )


@_with_field_options(hide=("id",), helps={"event": "The event an action came from."})
def set_command(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KIND [ID]",
            help="What to change: organization (org), person, delegation, event, program "
            "(item), topic or action, and its id (a program item: EVENT-ID/ITEM-ID); or "
            "plan, without an id, for the plan's own fields.",
            show_default=False,
            autocompletion=_complete_words(),
        ),
    ],
    plan: PlanOpt = None,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
    **fields: Any,
) -> None:
    """Change fields of an existing entry: a status, a link, a place, the participants…

    Each value replaces the old one where it stands, keeping the line's comment. Text:
    --title en="…" replaces the English text and keeps the other languages; a plain
    --title "…" replaces the whole text. `set plan` (no id) changes the plan's own
    fields: --title, --organizer, --languages, --timezone, --description.
    (`visitplan set PLAN KIND ID`, the 0.x form, still works.)

    Examples:

      visitplan set topic water-treatment --plan korosten-bourges --status accepted

      visitplan set event online-2024-05-28 --plan korosten-bourges --url https://meet.example.org/new-room

      visitplan set plan --organizer taran --languages uk,fr,en --timezone Europe/Kyiv
    """
    from visitplan.cli.grammar import is_kind, kind
    from visitplan.editing.core import Document, entry_path, set_fields

    env: Env = ctx.obj
    old_plan = None
    if len(words) in (2, 3) and words[1] == "plan" and not is_kind(words[0]):
        old_plan, words = words[0], words[1:]  # the 0.x form of `set plan`: PLAN plan
    elif len(words) == 3 and not is_kind(words[0]):
        old_plan, words = words[0], words[1:]
    if words[:1] == ["plan"]:
        if len(words) > 1:
            raise UsageError("`set plan` takes no id", "e.g. visitplan set plan --organizer ID")
        entry_kind, entry_id = "plan", ""
    elif len(words) != 2:
        raise UsageError(
            "give what to change and its id", "e.g. visitplan set topic water-treatment --status …"
        )
    else:
        entry_kind, entry_id = kind(words[0]), words[1]
    path = _plan_of(plan, old_plan)
    _lock(ctx, [path], lock_timeout, dry_run)
    doc = Document.open(path, _today(env, today))
    values = _field_values(entry_kind, fields)
    if not values:
        raise UsageError("nothing to set", "give at least one field, e.g. --status confirmed")
    if "id" in values:
        raise UsageError("ids do not change (they are the identity of calendar entries)")
    if entry_kind == "plan":  # the plan's own fields, at the top of the file
        entry, name = "", "the plan"
    else:
        entry, name = entry_path(doc, entry_kind, entry_id), f'{entry_kind} "{entry_id}"'
    new_text = set_fields(doc, entry, values)
    changed = ", ".join(values)
    _write(
        env,
        doc,
        new_text,
        dry_run,
        _today(env, today),
        f"set {changed} of {name} in {path.as_posix()}",
        strict,
    )


app.command("add")(add)
app.command("set")(set_command)


@app.command()
def remove(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KIND ID",
            help="What to remove: organization (org), person, delegation, event, program "
            "(item), topic or action, and its id (a program item: EVENT-ID/ITEM-ID, or "
            "ITEM-ID with --event EVENT-ID).",
            show_default=False,
            autocompletion=_complete_words(),
        ),
    ],
    plan: PlanOpt = None,
    event: Annotated[
        str | None,
        typer.Option("--event", metavar="ID", help="The event of the program item to remove."),
    ] = None,
    with_references: Annotated[
        bool,
        typer.Option(
            "--with-references",
            help="Also take out every reference to it (a line, or the id from a list).",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Remove an entry: its lines and the comment block just above it, nothing else.

    Refused while something still names it (each place is listed as file:line: key
    path), unless --with-references takes those references out too. A removed event or
    program item is exported (and published) as cancelled the next time.

    Examples:

      visitplan remove person taran --plan korosten-bourges --with-references --dry-run

      visitplan remove program study-visit-2023/schools --plan plans/korosten-bourges.toml

      visitplan remove program debrief --event study-visit-2023
    """
    from visitplan.cli.grammar import kind as kind_named
    from visitplan.cli.grammar import the_plan
    from visitplan.editing.core import Document
    from visitplan.editing.removing import remove_entry

    env: Env = ctx.obj
    if len(words) != 2:
        raise UsageError("give what to remove and its id", "e.g. visitplan remove person ID")
    kind, entry_id = kind_named(words[0]), words[1]
    if event is not None:
        if kind != "program":
            raise UsageError("--event names the event of a program item: remove program ITEM")
        entry_id = f"{event}/{entry_id}"
    path = the_plan(plan)
    _lock(ctx, [path], lock_timeout, dry_run)
    day = _today(env, today)
    doc = Document.open(path, day)
    removal = remove_entry(doc, kind, entry_id, with_references)
    name = "organization" if kind == "org" else kind
    done = f'removed {name} "{entry_id}" from {path.as_posix()}'
    if removal.references:
        count = len(removal.references)
        done += f" with {count} reference{'s' if count != 1 else ''} to it"
    _write(env, doc, removal.text, dry_run, day, done, strict)


@app.command()
def move(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="event ID",
            help="The event to move, by its id.",
            show_default=False,
            autocompletion=_complete_words(("event",)),
        ),
    ],
    plan: PlanOpt = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE|DATETIME", help="New start: 2024-06-04, or 2024-06-04T14:00."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="DURATION", help="Move by a duration: 7d, -1w, 2h, 1d2h."),
    ] = None,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Move an event and its whole program together, keeping every duration.

    (`visitplan move PLAN EVENT-ID`, the 0.x form, still works.)

    Examples:

      visitplan move event study-visit-next --plan korosten-bourges --by 7d

      visitplan move event online-2024-05-28 --plan korosten-bourges --to 2024-05-29T14:00
    """
    from visitplan.cli.grammar import is_kind, kind
    from visitplan.editing.core import Document, entry_path, load_raw, move_delta, shift_times

    env: Env = ctx.obj
    if len(words) != 2:
        raise UsageError("give the event to move", "e.g. visitplan move event ID --by 7d")
    old_plan = None
    if is_kind(words[0]) and not _old_plan_word(words[0]):
        if kind(words[0]) != "event":
            raise UsageError(
                f"only events move (with their program): not {words[0]}",
                "move an item with visitplan set program EVENT-ID/ITEM-ID --start … --end …",
            )
    else:
        old_plan = words[0]
    event_id = words[1]
    path = _plan_of(plan, old_plan)
    _lock(ctx, [path], lock_timeout, dry_run)
    doc = Document.open(path, _today(env, today))
    entry = entry_path(doc, "event", event_id)
    event = load_raw(doc)["events"][int(entry[len("events[") : -1])]
    delta = move_delta(event, to, by)
    new_text = shift_times(doc, entry, delta)
    _write(
        env,
        doc,
        new_text,
        dry_run,
        _today(env, today),
        f'moved event "{event_id}" in {path.as_posix()}',
        strict,
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(metavar="FILE.ics", help="The invitation or calendar file.")
    ],
    plan_word: Annotated[
        str | None,
        typer.Option(
            "--plan",
            metavar="PLAN",
            help="The plan to add the events to: its file, or its id in ./plans. Default: "
            "the only plan in ./plans.",
            show_default=False,
            autocompletion=_complete_plan_words,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="Import the occurrences of a series up to this day (default: a year on).",
        ),
    ] = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Take the file's version of an event imported earlier even when its "
            "SEQUENCE is not higher.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Import nothing if any event cannot be imported, or if the import adds a "
            "warning of `check`.",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Import the events of an .ics file (an invitation a partner sent) into a plan.

    Times stay in the event's own zone (Windows, Exchange and Evolution zone names, and a
    zone the file describes, are understood; each assumption is printed); a series
    becomes its occurrences from its start or today for a year (--until); attendees are
    matched to the plan's people by email and new people are added. An event imported
    earlier is updated when the file's SEQUENCE is higher (or with --update), cancelled by
    a cancellation, never added twice; entries this plan exported itself are counted or
    reported. An event that cannot be imported is left out and reported (--strict: import
    nothing then); the dry run checks exactly as the import does.

    Example:

      visitplan import invitation.ics --plan korosten-bourges --dry-run
    """
    from visitplan.editing.core import Document
    from visitplan.editing.importing import ImportOptions, import_calendar, parse_calendar

    env: Env = ctx.obj
    try:
        data = source.read_bytes()
    except OSError as error:
        raise VisitplanError(
            f"cannot read {source.as_posix()}: {error.strerror or error}"
        ) from None
    try:
        last = date.fromisoformat(until) if until is not None else None
    except ValueError:
        raise UsageError(f'--until "{until}" is not a date', "write it as 2026-12-31") from None
    plan = _plan_of(plan_word, None)
    _lock(ctx, [plan], lock_timeout, dry_run)
    day = _today(env, today)
    doc = Document.open(plan, day)
    options = ImportOptions(day, last, update, strict)
    result = import_calendar(doc, parse_calendar(data, source.as_posix()), options)
    for note in result.report():
        env.stderr.print(Text(note))
    done = result.summary(plan.as_posix())
    if result.text == doc.text:  # nothing new: the file is not written at all
        env.stdout.print(Text(done))
        return
    _write(env, doc, result.text, dry_run, day, done, strict)


@app.command()
def changes(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV] [PATH ...]",
            help="The revision to compare from (default HEAD), then plan files or folders "
            "(default ./plans).",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="REV", help="Compare up to this revision (default: the working tree)."
        ),
    ] = None,
    since_export: Annotated[
        bool,
        typer.Option(
            "--since-export",
            help="What participants have not received: changes since the last export.",
        ),
    ] = False,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat,
        typer.Option(
            "--format", "-f", help="text, markdown (for a merge request or an email) or json."
        ),
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Say in plain language what changed in the plans between two git revisions.

    Events added, removed, cancelled, moved (old → new, in the partners' zones too),
    place or link changed, program items added, removed, moved or with new speakers,
    participants and delegation members, topic status, actions added, done or overdue.
    Prints nothing when nothing changed.

    Examples:

      visitplan changes                      # since the last commit

      visitplan changes main --to HEAD --format markdown

      visitplan changes --since-export       # not yet sent to participants
    """
    from visitplan.changes import (
        changes_json,
        changes_markdown,
        changes_text,
        compare,
        revision_name,
    )
    from visitplan.changes import since_export as since_export_changes
    from visitplan.cli.grammar import existing, resolve
    from visitplan.workspace.history import Revision, plans_at, repository_root
    from visitplan.workspace.history import resolve as resolve_revision

    env: Env = ctx.obj
    day = _today(env, today)
    words = list(args or [])
    cwd = Path.cwd()
    if since_export:
        if to:
            raise UsageError(
                "--since-export compares with the export state, not with revisions",
                "leave out --to (paths of plans may follow: --since-export plans/p.toml)",
            )
        not_paths = [word for word in words if not existing(word)]
        if not_paths:
            raise UsageError(
                f'"{not_paths[0]}" is not a plan file or folder',
                "--since-export compares with the export state, not with a revision: give "
                "plan files or folders, or nothing for ./plans",
            )
        plans = _plans(env, [resolve(word) for word in words] or None, day, needs_state=True)
        shown_in = _words(env, lang, plans).lang
        found = since_export_changes(plans, shown_in)
        label_from, label_to = "last export", "working tree"
    else:
        repository_root(cwd)
        revision = "HEAD"
        if words and not existing(words[0]):
            revision = words.pop(0)
        old = resolve_revision(revision, cwd)
        new = resolve_revision(to, cwd) if to else Revision("working tree", None)
        # a plan may be gone from the working tree: a word is a path unless it is a plan id
        paths = [existing(w) or Path(w) for w in words] or [DEFAULT_PLANS]
        old_results = plans_at(old, paths, cwd)
        new_results = plans_at(new, paths, cwd)
        chosen = [r.plan for r in new_results + old_results if r.plan is not None]
        shown_in = _words(env, lang, chosen).lang
        found = compare(old_results, new_results, shown_in, day, old.name)
        label_from, label_to = old.name, new.name
    label = f"{revision_name(label_from, shown_in)} → {revision_name(label_to, shown_in)}"
    _render(
        env,
        output,
        lambda: changes_json(found, label_from, label_to),
        lambda: changes_markdown(found, label),
        lambda: changes_text(found, label, env.stdout),
    )


class Template(StrEnum):
    online_meeting = "online-meeting"
    study_visit = "study-visit"


@app.command()
def new(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(metavar="PLAN-ID", help="The new plan's id (a slug).")],
    template: Annotated[Template | None, typer.Option(help="The starter plan to copy.")] = None,
    title: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TEXT", help="The plan's title. " + text_help("--title"), show_default=False
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            metavar="ZONE",
            help="The plan's zone, e.g. Europe/Kyiv.",
            autocompletion=_complete("zone"),
        ),
    ] = None,
    languages: Annotated[
        str | None,
        typer.Option(
            metavar="LANGS",
            autocompletion=_complete("lang"),
            help="The plan's languages, the default first, e.g. uk,fr,en (the template's "
            "texts in other languages are dropped).",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option(metavar="DATE|DATETIME", help="When the first event starts.")
    ] = None,
    end: Annotated[str | None, typer.Option(metavar="DATE|DATETIME", help="When it ends.")] = None,
    folder: Annotated[
        Path, typer.Option("--dir", metavar="PATH", help="Folder of the plans.")
    ] = DEFAULT_PLANS,
    with_examples: Annotated[
        bool,
        typer.Option(
            "--with-examples",
            help="Keep the template's example organizations, people, program, topics and "
            "actions (to learn the format from).",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Create a plan from a template, with its comments: <dir>/<PLAN-ID>.toml.

    On a terminal, asks for what the options do not give. --title replaces the template's
    whole title: a plain --title "…", or one --title per language (--title uk="…" --title
    en="…"); the template's example text is not kept in a language not given.

    Example:

      visitplan new lviv-lublin --template study-visit --title uk="Львів – Люблін" --title en="Lviv – Lublin" --timezone Europe/Kyiv --start 2025-09-15 --end 2025-09-19
    """
    from visitplan.editing.clean import without_examples
    from visitplan.editing.core import Document, check_answer, create_plan
    from visitplan.editing.introduced import WarningsRefused, introduced_warnings

    env: Env = ctx.obj
    interactive = env.stdout.is_terminal and sys.stdin.isatty()
    if template is None:
        template = (
            Template(_ask("Template (online-meeting, study-visit)", "template", "online-meeting"))
            if interactive
            else Template.online_meeting
        )
    if interactive:  # a mistyped answer is asked again, the others kept
        title = title or [typer.prompt("Title", default=plan_id)]
        timezone = timezone or _ask("Time zone", "zone", "Europe/Kyiv")
        languages = languages or _ask("Languages, the default first", "languages", "uk,en")
        start = start or _ask("Start (2025-09-15, or 2025-09-15T11:00)", "when")
        end = end or _ask("End (the last day, or the end time)", "when", start)
    day = _today(env, today)

    def make(dry: bool) -> tuple[Path, str]:
        assert template is not None
        return create_plan(
            plan_id,
            template.value,
            folder,
            title,
            timezone,
            start,
            end,
            day,
            dry_run=dry,
            lock=lambda path: _lock(ctx, [path], lock_timeout),
            clean=None if with_examples else without_examples,
            languages=check_answer("languages", languages).split(",") if languages else None,
        )

    path, text = make(True)
    from visitplan.plan.holidays_data import Calendars

    empty = Document(path, b"", "", False)
    added = introduced_warnings(empty, text, day, Calendars(env.cache_dir), env.lang)
    if added and strict:
        raise WarningsRefused(path.as_posix(), added)
    if dry_run:
        import difflib

        diff = difflib.unified_diff(
            [], text.splitlines(keepends=True), "/dev/null", f"b/{path.as_posix()}"
        )
        env.stdout.out("".join(diff), end="", highlight=False)
    else:
        make(False)
        env.stdout.print(
            Text(
                f"created {path.as_posix()} from the {template.value} template — edit it, "
                "then run `visitplan check`"
            )
        )
    for finding in added:
        env.stderr.print(Text(finding.render()))


def _ask(question: str, kind: str, default: str | None = None) -> str:
    """Ask on the terminal until the answer is a valid ``kind`` (template, zone,
    languages, when)."""
    from visitplan.editing.core import check_answer

    def valid(answer: str) -> str:
        if kind == "template":
            if answer.strip() not in {t.value for t in Template}:
                raise typer.BadParameter(f'"{answer}": online-meeting or study-visit')
            return answer.strip()
        try:
            return check_answer(kind, answer)
        except VisitplanError as error:
            raise typer.BadParameter(error.render()) from None

    answer: str = typer.prompt(question, default=default, value_proc=valid)
    return answer


def _examples_kept_whole(doc: str) -> str:
    """A command's help with each example paragraph (indented, ``  visitplan …``)
    marked for Click to print as written: never wrapped inside an option or a URL."""
    paragraphs = doc.split("\n\n")
    return "\n\n".join(
        f"\b\n{text}" if text.startswith("  visitplan ") else text for text in paragraphs
    )


for _info in app.registered_commands:  # usage lines as Click writes them; whole examples
    if _info.cls in (None, TyperCommand):
        _info.cls = VisitplanCommand
    _doc = _info.help or inspect.getdoc(_info.callback)
    if _doc:
        _info.help = _examples_kept_whole(_doc)


def _only_the_command_run(argv: list[str]) -> typer.Typer:
    """The app with just the command being run. Typer builds every command's options
    (evaluating each annotation) before it runs one: with 16 commands, that was a third
    of the time of `agenda` on a small plan. Help, completion and unknown commands get
    the whole app."""
    import os

    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None or "_VISITPLAN_COMPLETE" in os.environ:
        return app
    chosen = [
        info
        for info in app.registered_commands
        if (info.name or getattr(info.callback, "__name__", "").replace("_", "-")) == name
    ]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _debug_first(argv: list[str]) -> list[str]:
    """``--debug`` is an option of visitplan itself, but is accepted anywhere before a
    ``--``: after the command name too (``visitplan agenda --debug``)."""
    end = argv.index("--") if "--" in argv else len(argv)
    if "--debug" not in argv[:end]:
        return argv
    rest = [arg for arg in argv[:end] if arg != "--debug"] + argv[end:]
    return ["--debug", *rest]


def main() -> None:
    """Entry point of the `visitplan` script and `python -m visitplan`."""
    argv = _debug_first(sys.argv[1:])
    debug = bool(argv) and argv[0] == "--debug"
    # One command, then the process ends: the cyclic garbage collector only slows down the
    # building of large models and calendars (a third of a large export), so it is off.
    gc.disable()
    try:
        _only_the_command_run(argv)(args=argv, prog_name="visitplan")
    except Exception as error:  # a bug: say so in one line, unless asked for the traceback
        if debug:
            raise
        sys.stderr.write(
            f"internal error: {type(error).__name__}: {error} — this is a bug in visitplan; "
            "run again with --debug and report the traceback\n"
        )
        sys.exit(EXIT_FAILED)
