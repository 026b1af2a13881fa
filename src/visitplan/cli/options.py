"""The option and argument types that several commands share, and the conversions of
their values at the boundary (a date, a language, a plan id, a lock timeout), so that a
command's signature reads as a list of what it takes and each help text has one home.

Also the choices of the format (event kinds and statuses of events, topics and
actions), derived from the catalogue ``visitplan.plan.fields``: a choice added there is a
choice of the command line at once.

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, cast

import typer

from visitplan.cli.completion import _complete, _complete_lang, _complete_plan_words, _complete_zone
from visitplan.i18n import LANGUAGES
from visitplan.plan import fields as F


def parse_date(value: str | None) -> date | None:
    """A DATE option (--today, --from, --to): an ISO date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2024-06-30") from None


def resolve_paths(value: list[Path] | None) -> list[Path] | None:
    """PATH arguments: a plan id names <plans folder>/<id>.toml (see ``grammar``)."""
    from visitplan.cli.grammar import resolve_all

    return None if value is None else resolve_all(value)


def resolve_path(value: Path | None) -> Path | None:
    """A PLAN argument: a plan id names <plans folder>/<id>.toml (see ``grammar``)."""
    from visitplan.cli.grammar import resolve

    return None if value is None else resolve(value.as_posix())


def paths_argument(help: str) -> Any:
    """The [PLAN ...] argument of the commands that read plans (PathsArg), with ``help``."""
    return typer.Argument(
        metavar="[PLAN ...]",
        help=help,
        show_default=False,
        callback=resolve_paths,
        autocompletion=_complete_plan_words,
    )


def parse_lang(value: str | None) -> str | None:
    """--lang: one of the languages visitplan speaks (its own words exist in these)."""
    if value is None or value in LANGUAGES:
        return value
    hint = ' (for Ukrainian, "uk")' if value.lower() in ("ua", "ukr") else ""
    raise typer.BadParameter(
        f"'{value}' is not a language visitplan speaks; use one of {', '.join(LANGUAGES)}{hint}"
    )


def parse_langs(values: list[str] | None) -> list[str] | None:
    """A repeated --lang: the languages given, each checked as ``parse_lang`` does."""
    return [lang for lang in (parse_lang(value) for value in values or []) if lang] or None


def check_lock_timeout(value: float) -> float:
    """--lock-timeout: 0 seconds or more."""
    if value < 0 or value != value:  # negative, or NaN
        raise typer.BadParameter(f"{value:g} is not 0 seconds or more, e.g. 30")
    return value


# --------------------------------------------------------------------------- factories


def flag(name: str, help: str) -> Any:
    """A flag: ``name`` given or not (never a --no-x)."""
    return typer.Option(name, help=help)


def from_option(help: str) -> Any:
    """--from DATE, with ``help``."""
    return typer.Option("--from", metavar="DATE", help=help, callback=parse_date)


def to_option(help: str) -> Any:
    """--to DATE, with ``help``."""
    return typer.Option("--to", metavar="DATE", help=help, callback=parse_date)


def days_option(help: str) -> Any:
    """--days N, with ``help``."""
    return typer.Option("--days", metavar="N", help=help)


def tz_option(help: str) -> Any:
    """--tz ZONE (repeatable), with ``help``, completed with zones."""
    return typer.Option("--tz", metavar="ZONE", help=help, autocompletion=_complete_zone)


def format_option(help: str) -> Any:
    """--format/-f, one of the enum the parameter is typed with, with ``help``."""
    return typer.Option("--format", "-f", help=help)


def output_option(help: str) -> Any:
    """--output/-o FILE, with ``help``."""
    return typer.Option("--output", "-o", metavar="FILE", help=help)


def id_option(help_text: str, *kinds: str, flags: tuple[str, ...] = ()) -> Any:
    """An option naming an id of one of ``kinds``, completed from the index."""
    if kinds == ("org",) and not flags:
        flags = ORG_FLAGS
    return typer.Option(*flags, metavar="ID", help=help_text, autocompletion=_complete(*kinds))


# wherever an organization is named, both names work (`--org` as the views had it, and
# `--organization` as `add person` had it)
ORG_FLAGS = ("--org", "--organization")


# --------------------------------------------------------------------------- choices


class ViewFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class PeopleFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    csv = "csv"


def _choices(name: str, values: tuple[str, ...]) -> type[StrEnum]:
    """A choice of the command line with the catalogue's ``values`` (each member named
    as a Python name: ``online-meeting`` is ``online_meeting``)."""
    return cast(
        "type[StrEnum]", StrEnum(name, [(value.replace("-", "_"), value) for value in values])
    )


if TYPE_CHECKING:  # to mypy each is a StrEnum: its members are the catalogue's values
    Kind: TypeAlias = StrEnum
    EventStatus: TypeAlias = StrEnum
    TopicStatus: TypeAlias = StrEnum
    ActionStatus: TypeAlias = StrEnum
else:
    Kind = _choices("Kind", F.EVENT_KINDS)
    EventStatus = _choices("EventStatus", F.EVENT_STATUSES)
    TopicStatus = _choices("TopicStatus", F.TOPIC_STATUSES)
    ActionStatus = _choices("ActionStatus", F.ACTION_STATUSES)


# --------------------------------------------------------------------------- aliases

PathsArg = Annotated[
    list[Path] | None,
    paths_argument("Plan files, folders of plans, or plan ids (plans/<id>.toml). Default: ./plans"),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language of the output (uk, fr, en): the plan's text and the tool's words. "
        "Default: $VISITPLAN_LANG, else the plan's first language.",
        callback=parse_lang,
        autocompletion=_complete_lang,
    ),
]
FormatOpt = Annotated[ViewFormat, format_option("text, markdown (tables) or json.")]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="Take this date as today (default: today, or $VISITPLAN_TODAY).",
        callback=parse_date,
    ),
]
LockTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--lock-timeout",
        metavar="SECONDS",
        envvar="VISITPLAN_LOCK_TIMEOUT",
        help="If another command is writing the same plan, wait this long for it, then give "
        "up, writing nothing ($VISITPLAN_LOCK_TIMEOUT).",
        callback=check_lock_timeout,
    ),
]

# The filters `export` and `publish` share (the calendar's entries to write).
EventsOpt = Annotated[
    list[str] | None,
    id_option("Only these events (repeat).", "event", flags=("--event",)),
]
PersonOpt = Annotated[
    str | None, id_option("Only what this person attends or speaks at.", "person")
]
DelegationOpt = Annotated[
    str | None, id_option("Only this delegation's events.", "delegation", flags=("--delegation",))
]
FromOpt = Annotated[str | None, from_option("Only from this day.")]
ToOpt = Annotated[str | None, to_option("Only up to this day.")]

# What the commands that talk to a server (publish, invite) share.
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
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", metavar="SECONDS", help="Wait this long for the server.")
]

# What the writing commands share.
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


def given_date(value: date | str | None) -> date | None:
    """The date a DATE option gave (its callback made it a date; the annotation cannot say
    so, since Typer has no date type)."""
    return value if isinstance(value, date) else None
