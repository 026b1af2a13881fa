"""The command line: parses arguments, calls the core, renders. No logic of its own.

The package is split by command family; each module says what it owns:

- ``app``: the Typer app, its group and command classes, the ONE place where errors
  map to exit codes (0 ok, 1 a plan is invalid or the command failed, 2 the command line
  is wrong), ``--debug`` and the entry point :func:`main`;
- ``options``: the option and argument types several commands share, and the
  conversions of their values at the boundary;
- ``context``: what the bodies of commands share (the plans, the index and the words of
  a run, its zones, locks, printing a view in the format asked for);
- ``views`` (check, schema, agenda, show, slots, topics, actions, people),
  ``documents`` (program, site), ``calendar`` (export, publish, invite),
  ``writing`` (add, set, remove, move, import) with ``field_options`` (their options, one per
  field of the format), ``creating`` (new) and ``changes`` (changes);
- ``grammar``: the words of the writing commands' grammar (kinds, plans).

The shell completion of values (``_complete*``, ``_known``, ``FIELD_COMPLETION``) stays
here, below, as it was, until it moves to a module of its own; it comes before the command
modules are imported, since their options name it.

Start-up time: a module of the core (views, render, ical, sync, editing, the index, the
grammar) is imported inside the function that needs it, never at the top of a ``cli``
module, so that a run loads only what its own command uses (``tests/test_hardening.py``
checks that the agenda does not load the calendar code); what every run loads anyway (the
environment, errors, i18n, locking, the catalogue ``plan.fields``) is imported at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from visitplan.errors import VisitplanError
from visitplan.workspace.environment import Env

DEFAULT_PLANS = Path("plans")


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


# The commands, registered on the app as each module is imported (after the completion
# functions above, which their options name).
from visitplan.cli import (  # noqa: E402
    calendar,  # noqa: F401
    changes,  # noqa: F401
    creating,  # noqa: F401
    documents,  # noqa: F401
    views,  # noqa: F401
    writing,  # noqa: F401
)
from visitplan.cli.app import app, finish, main  # noqa: E402

finish()

__all__ = ["DEFAULT_PLANS", "app", "main"]
