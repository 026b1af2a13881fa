"""Shell completion of the command line's words: plan ids and paths, kinds, the ids of
every kind, zones and languages — from the plans folder through the plan index (a warm
index answers without a plan's model being built)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from visitplan.cli.grammar import PLANS_FOLDER as DEFAULT_PLANS
from visitplan.errors import VisitplanError
from visitplan.workspace.environment import Env


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


def _complete_lang(ctx: typer.Context, incomplete: str) -> list[str]:
    """--lang: the languages visitplan speaks."""
    return _complete("lang")(ctx, incomplete)


def _complete_zone(ctx: typer.Context, incomplete: str) -> list[str]:
    """--tz: every IANA zone ('local' too)."""
    return _complete("zone")(ctx, incomplete) + (
        ["local"] if "local".startswith(incomplete) else []
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
    """Completion of the KIND ID words of `add`, `set`, `remove` and `move`: a kind (one
    of ``kinds``, else any, and ``plan`` for `set`), then an id of that kind (none for a
    ``new`` entry; a program item's as EVENT-ID/ITEM-ID)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from visitplan.cli.grammar import KIND_NAMES

        words = list(ctx.params.get("words") or [])
        if not words:
            names = [name for name, kind in KIND_NAMES.items() if not kinds or kind in kinds]
            if _command(ctx) == "set":
                names.append("plan")
            return sorted(name for name in names if name.startswith(incomplete))
        if new or words[0].lower() not in KIND_NAMES or len(words) > 1:
            return []
        return _complete(KIND_NAMES[words[0].lower()])(ctx, incomplete)

    return complete


def _command(ctx: typer.Context) -> str | None:
    return ctx.command.name if ctx.command is not None else None


# the name `plan.fields` gives the section of each kind `grammar.kind` names
_SECTION_NAMES = {"org": "organization", "program": "program item"}


def options_that_apply(ctx: typer.Context, offered: list[Any]) -> list[Any]:
    """Of the options Click offers after `--` in `add`/`set KIND [ID]`, the field options
    the kind has (with `--event`, the parent, for `add program`), and every option that
    is not a field's; elsewhere, or before a kind is given, all of ``offered``."""
    from visitplan.cli.grammar import KIND_NAMES

    words = list(ctx.params.get("words") or [])
    command = _command(ctx)
    if command not in ("add", "set") or not words:
        return offered
    word = words[0].lower()
    kind = "plan" if word == "plan" and command == "set" else KIND_NAMES.get(word)
    if kind is None:
        return offered
    from visitplan.plan import fields as F

    name = _SECTION_NAMES.get(kind, kind)
    section = next(s for s in F.SECTIONS if s.name == name)
    every_field = {f.name for s in F.SECTIONS for f in s.fields}
    keep = {f.name for f in section.fields} - ({"id"} if command == "set" else set())
    if command == "add":  # the new entry's --id; a new program item's --event
        keep.update(("id", "event") if kind == "program" else ("id",))
    flags = {
        flag
        for param in ctx.command.params
        if param.name not in every_field or param.name in keep
        for flag in param.opts
    }
    return [item for item in offered if item.value in flags]
