"""The options of `add` and `set`: one repeatable option per field of the format, with
its help, metavar and completion, and the conversion of what was given to plan values.

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from visitplan.cli import _field_completion
from visitplan.cli.options import ORG_FLAGS
from visitplan.errors import UsageError
from visitplan.plan import fields as F

# One option per field of the format, shared by `add` and `set`: (name, help); the
# choices named are the catalogue's.
FIELD_OPTIONS: list[tuple[str, str]] = [
    ("id", "The new entry's id (a slug), if not given after the kind."),
    ("name", "Name."),
    ("title", "Title."),
    ("kind", f"Event kind: {', '.join(F.EVENT_KINDS)}."),
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
        "Warnings check is not to give for an event (a deliberate choice): "
        f"{', '.join(F.CALENDAR_WARNINGS)} (comma-separated or repeated).",
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


def field_values(kind: str, options: dict[str, Any]) -> dict[str, Any]:
    """The field options given, as plan values (``id`` kept for every kind)."""
    from visitplan.editing.arguments import parse_values
    from visitplan.editing.entries import KINDS

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


def with_field_options(
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
