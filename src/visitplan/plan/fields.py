"""The catalogue of the plan format: every section and key, its type and meaning.

One table drives three things so they cannot drift apart: the loader's key and type
checks, the JSON Schema (`visitplan schema`) and the reference in docs/plan-format.md.
The contract is ../shared/spec/plan-format-v1.md; keys beyond it are marked ``added``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

FORMAT_VERSION = 1

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")  # a link: a scheme, then no spaces
# (Use these with fullmatch: ``$`` alone also matches before a final line break.)

# What ends a line for some reader of a calendar or a mail: CR, LF, NEL and the Unicode
# line and paragraph separators (vertical tab, form feed and the other controls are
# refused as control characters anyway). A single-line text may hold none of them.
LINE_BREAK_RE = re.compile(r"[\r\n\x85\u2028\u2029]")

Kind = Literal[
    "slug",  # an id
    "ref",  # an id of another thing (see Field.ref)
    "refs",  # a list of ids of other things
    "text",  # a string or a table language code -> string
    "string",
    "integer",
    "zone",  # an IANA time-zone name
    "languages",  # a list of language codes
    "country",  # ISO 3166-1 alpha-2
    "email",
    "url",
    "choice",  # one of Field.choices
    "when",  # local datetime or local date (or offset datetime)
    "program-when",  # local datetime or local time (or offset datetime)
    "date",  # local date
    "working-hours",  # "09:00-18:00" (Monday to Friday) or a table weekday -> periods
    "codes",  # a list of Field.choices
]

RefTarget = Literal["organization", "person", "party", "delegation", "event", "topic"]
"""``party`` is an organization or a person id."""

EVENT_KINDS = ("online-meeting", "study-visit", "meeting", "other")
EVENT_STATUSES = ("tentative", "confirmed", "cancelled")
TOPIC_STATUSES = ("proposed", "accepted", "scheduled", "done", "dropped")
ACTION_STATUSES = ("open", "done", "dropped")
# The warnings about when an event is (`check`); an event's `accept` lists those it takes.
CALENDAR_WARNINGS = ("public-holiday", "weekend", "outside-working-hours")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# One period of working hours, "09:00-13:00" (an en dash is taken too).
PERIOD_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    doc: str
    required: bool = False
    ref: RefTarget | None = None
    choices: tuple[str, ...] = ()
    default: str | int | None = None
    added: bool = False  # not in the v1 contract: a visitplan addition
    # For "text" and "string": whether the text may hold line breaks. Single-line texts
    # (titles, names, places, roles) end up in calendar properties and parameters and in
    # mail headers, so `check` refuses a line break in them; notes and descriptions may
    # have several lines.
    multiline: bool = False


@dataclass(frozen=True, eq=False)
class Section:
    """A kind of table in a plan: the top level, or one organization, event, …"""

    name: str  # used in messages: "event", "program item"
    title: str  # heading in the docs
    toml: str  # how it is written: "[[events]]"
    doc: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        for field in self.fields:
            if field.name == name:
                return field
        return None

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @functools.cached_property
    def name_set(self) -> frozenset[str]:
        return frozenset(self.names)

    @functools.cached_property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


PLAN = Section(
    "plan",
    "Top level",
    "(top level)",
    "The plan itself: one partnership, one file.",
    (
        Field(
            "format",
            "integer",
            "Format version. A number larger than this visitplan knows is an error.",
            default=FORMAT_VERSION,
        ),
        Field(
            "id",
            "slug",
            "The plan's stable id; it feeds calendar UIDs, so renaming the file does not "
            "change them.",
            required=True,
        ),
        Field("title", "text", "Name of the partnership or plan.", required=True),
        Field("description", "text", "What the plan is about.", multiline=True),
        Field("timezone", "zone", "Default zone for every time in the plan.", required=True),
        Field(
            "languages",
            "languages",
            'Languages of the plan\'s text, e.g. `["uk", "fr", "en"]`; the first is the '
            "default output language. `check` warns about a text table missing one of them.",
        ),
        Field(
            "organizer", "ref", "Person who sends the invites (iCalendar ORGANIZER).", ref="person"
        ),
    ),
)

ORGANIZATION = Section(
    "organization",
    "Organizations",
    "[organizations.<id>]",
    "Cities, associations and partners. The table key is the organization's id.",
    (
        Field("name", "text", "Full name.", required=True),
        Field("short", "string", "Abbreviation, e.g. `AFCCRE`."),
        Field("country", "country", "ISO 3166-1 alpha-2 code, e.g. `UA`, `FR`."),
        Field("city", "text", "City where it sits."),
        Field("timezone", "zone", "Where its people sit; agendas show times in this zone too."),
        Field("url", "url", "Web site."),
        Field(
            "subdivision",
            "string",
            "Region whose public holidays apply too, as the `holidays` library names it: the "
            "part of the ISO 3166-2 code after the country, e.g. `57` (Moselle) or `6AE` "
            "(Alsace) in France, `BY` in Germany; a name it knows, such as `Alsace`, is taken "
            "too. `check` warns about one it does not know.",
            added=True,
        ),
        Field(
            "working_hours",
            "working-hours",
            'When it works, in its own zone: `"09:00-18:00"` for Monday to Friday, with a '
            'break as `"09:00-13:00, 14:00-18:00"`, or a table by weekday, `{ mon = '
            '"08:00-17:00", fri = "08:00-13:00" }`, where a day not listed is not worked. '
            "Default: 09:00–18:00, Monday to Friday. Used by `slots` and `check`.",
            added=True,
        ),
    ),
)

PERSON = Section(
    "person",
    "People",
    "[people.<id>]",
    "Everyone who takes part. The table key is the person's id.",
    (
        Field(
            "name", "text", "Name; give each spelling, e.g. `name.uk` and `name.en`.", required=True
        ),
        Field("organization", "ref", "Organization the person belongs to.", ref="organization"),
        Field("role", "text", "Position or role, e.g. deputy mayor."),
        Field("email", "email", "Address for invites; across plans a person is known by it."),
        Field("phone", "string", "Phone number, preferably international (`+380 …`)."),
        Field("languages", "languages", "Languages the person reads, preferred first."),
        Field(
            "timezone",
            "zone",
            "Where the person takes part from, when not the organization's zone (`slots` "
            "gives this person's local time).",
            added=True,
        ),
        Field(
            "country",
            "country",
            "Country the person takes part from, when not the organization's: its public "
            "holidays count for them.",
            added=True,
        ),
    ),
)

DELEGATION = Section(
    "delegation",
    "Delegations",
    "[delegations.<id>]",
    "A named group that travels or attends together. The lead counts as a member whether "
    "listed or not.",
    (
        Field("name", "text", "Name of the delegation.", required=True),
        Field("organization", "ref", "The sending organization.", ref="organization"),
        Field("lead", "ref", "Head of the delegation.", ref="person"),
        Field("members", "refs", "Members.", ref="person"),
    ),
)

EVENT = Section(
    "event",
    "Events",
    "[[events]]",
    "Meetings and visits, in any order.",
    (
        Field("id", "slug", "Unique in the plan; feeds the calendar UID.", required=True),
        Field("kind", "choice", "What sort of event.", required=True, choices=EVENT_KINDS),
        Field("title", "text", "Title.", required=True),
        Field(
            "start",
            "when",
            "Local date and time (`2024-05-28T11:00:00`), or a date (`2023-07-01`) for an "
            "all-day event.",
            required=True,
        ),
        Field(
            "end",
            "when",
            "Same type as `start` and after it. Required for a date and time; for a date "
            "it is inclusive (a 1–5 July visit ends `2023-07-05`) and defaults to the "
            "start day.",
        ),
        Field("timezone", "zone", "Zone of this event's times; overrides the plan's."),
        Field("status", "choice", "Status.", choices=EVENT_STATUSES, default="confirmed"),
        Field("location", "text", "Place, for in-person events."),
        Field("url", "url", "Meeting link, for online events."),
        Field("host", "ref", "The receiving organization.", ref="organization"),
        Field("delegations", "refs", "Delegations taking part.", ref="delegation"),
        Field(
            "participants",
            "refs",
            "People taking part in addition to the delegations' members.",
            ref="person",
        ),
        Field("topics", "refs", "Exchange topics covered.", ref="topic"),
        Field("notes", "text", "Anything else.", multiline=True),
        Field(
            "accept",
            "codes",
            "Warnings about its date and time that `check` is not to give for this event, "
            'because the choice is deliberate, e.g. `["public-holiday"]`.',
            choices=CALENDAR_WARNINGS,
            added=True,
        ),
        Field(
            "uid",
            "string",
            "The calendar UID of the invitation the event was imported from (`import`); for "
            "one occurrence of a series, with its RECURRENCE-ID "
            "(`UID;RECURRENCE-ID=20250910T080000Z`). A later invitation with this UID "
            "updates the event instead of adding a copy.",
            added=True,
        ),
        Field(
            "sequence",
            "integer",
            "The invitation's SEQUENCE when it was imported or last updated (`import`).",
            added=True,
        ),
    ),
)

PROGRAM = Section(
    "program item",
    "Program items",
    "[[events.program]]",
    "The agenda of an event, in order. Every item lies inside its event.",
    (
        Field("id", "slug", "Optional; gives the item a calendar UID that survives reordering."),
        Field("title", "text", "Title.", required=True),
        Field(
            "start",
            "program-when",
            "Local date and time, or a time (`11:15:00`) in a single-day event.",
            required=True,
        ),
        Field("end", "program-when", "Same type as `start` and after it."),
        Field(
            "status",
            "choice",
            "Status, as an event's: a cancelled item stays in the program, shown as "
            "cancelled, and its calendar entry (an item with an id) is cancelled.",
            choices=EVENT_STATUSES,
            default="confirmed",
        ),
        Field("speakers", "refs", "Who speaks, in order.", ref="person"),
        Field("location", "text", "Place, if not the event's."),
        Field("topics", "refs", "Exchange topics covered.", ref="topic"),
        Field("notes", "text", "Anything else.", multiline=True),
    ),
)

TOPIC = Section(
    "topic",
    "Exchange topics",
    "[[topics]]",
    "What the partners want to learn from each other; requested by one side, proposed by "
    "the other.",
    (
        Field("id", "slug", "Unique among topics.", required=True),
        Field("title", "text", "Title.", required=True),
        Field("description", "text", "Details.", multiline=True),
        Field("requested_by", "ref", "Organization that asked for it.", ref="organization"),
        Field("proposed_by", "ref", "Organization that offers it.", ref="organization"),
        Field("status", "choice", "Status.", choices=TOPIC_STATUSES, default="proposed"),
    ),
)

ACTION = Section(
    "action",
    "Follow-up actions",
    "[[actions]]",
    "What someone promised to do, usually at a meeting.",
    (
        Field("id", "slug", "Unique among actions.", required=True),
        Field("title", "text", "What is to be done.", required=True),
        Field("owner", "ref", "Organization or person who does it.", ref="party"),
        Field("requested_by", "ref", "Organization or person who asked for it.", ref="party"),
        Field("due", "date", "Due date; `check` warns when an open action is past it."),
        Field("status", "choice", "Status.", choices=ACTION_STATUSES, default="open"),
        Field("event", "ref", "Event it came from.", ref="event"),
    ),
)

# Top-level keys holding the collections, with the section of their entries.
DIRECTORIES: dict[str, Section] = {
    "organizations": ORGANIZATION,
    "people": PERSON,
    "delegations": DELEGATION,
}
LISTS: dict[str, Section] = {"events": EVENT, "topics": TOPIC, "actions": ACTION}

SECTIONS = (PLAN, ORGANIZATION, PERSON, DELEGATION, EVENT, PROGRAM, TOPIC, ACTION)


def top_level_keys() -> tuple[str, ...]:
    return PLAN.names + tuple(DIRECTORIES) + tuple(LISTS)


def event_keys() -> tuple[str, ...]:
    return (*EVENT.names, "program")
