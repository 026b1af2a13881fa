"""The plan model: frozen, typed dataclasses that everything downstream works on.

A plan is read once (see ``loading``) into these; nothing here reads files or TOML.
Every time is an aware ``datetime`` in the zone it was written in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Text:
    """Text in one or more languages: ``title = "…"`` or ``title.uk = "…"``, ``title.fr = "…"``.

    ``plain`` is a string given without a language; ``translations`` keeps the languages
    in the order the file gives them.
    """

    plain: str | None = None
    translations: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, value: str | Mapping[str, str]) -> Text:
        if isinstance(value, str):
            return cls(plain=value)
        return cls(translations=tuple(value.items()))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.translations)

    def has(self, lang: str) -> bool:
        return any(code == lang for code, _ in self.translations)

    def get(self, lang: str | None = None, preferred: Sequence[str] = ()) -> str:
        """The text in ``lang``; else in the first of ``preferred`` it has; else any.

        This is the fallback the format defines: ``--lang``, then the plan's languages in
        order, then whatever the field has (a plain string serves every language).
        """
        by_lang = dict(self.translations)
        if lang is not None and lang in by_lang:
            return by_lang[lang]
        if self.plain is not None:
            return self.plain
        for code in preferred:
            if code in by_lang:
                return by_lang[code]
        return self.translations[0][1] if self.translations else ""

    def resolve(
        self, lang: str | None = None, preferred: Sequence[str] = ()
    ) -> tuple[str | None, str]:
        """Like :meth:`get`, with the language of the text chosen (None for a plain string)."""
        by_lang = dict(self.translations)
        if lang is not None and lang in by_lang:
            return lang, by_lang[lang]
        if self.plain is not None:
            return None, self.plain
        for code in preferred:
            if code in by_lang:
                return code, by_lang[code]
        return self.translations[0] if self.translations else (None, "")

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class When:
    """When something happens: aware ``start``, and ``end`` (exclusive) when known.

    For an all-day item ``start`` is midnight of its first day and ``end`` midnight after
    its last day, both in the item's zone; ``first_day``/``last_day`` give the dates as
    written (the last one inclusive, as in the plan file).
    """

    start: datetime
    end: datetime | None
    all_day: bool = False

    @property
    def zone(self) -> ZoneInfo:
        tz = self.start.tzinfo
        assert isinstance(tz, ZoneInfo)
        return tz

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day touched (inclusive); for a timed item ending at midnight, the day before."""
        if self.end is None:
            return self.start.date()
        if self.all_day or (self.end.time() == datetime.min.time() and self.end > self.start):
            return (self.end - timedelta(days=1)).date()
        return self.end.date()

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class WorkingHours:
    """When an organization works: for each weekday (Monday first) its periods as
    (start, end) minutes after midnight, in order; a day without periods is not worked."""

    days: tuple[tuple[tuple[int, int], ...], ...]

    def periods(self, weekday: int) -> tuple[tuple[int, int], ...]:
        return self.days[weekday]

    def works_on(self, weekday: int) -> bool:
        return bool(self.days[weekday])


# 09:00–18:00, Monday to Friday: the hours of an organization that gives none.
DEFAULT_HOURS = WorkingHours(tuple(((9 * 60, 18 * 60),) if d < 5 else () for d in range(7)))


# Keys added after the export fingerprints were defined are kept out of the reprs
# (repr=False): a fingerprint is a digest of the repr (see the end of this module).
@dataclass(frozen=True)
class Organization:
    id: str
    name: Text
    short: str | None = None
    country: str | None = None
    city: Text | None = None
    timezone: ZoneInfo | None = None
    url: str | None = None
    subdivision: str | None = field(default=None, repr=False)
    working_hours: WorkingHours | None = field(default=None, repr=False)

    @property
    def hours(self) -> WorkingHours:
        return self.working_hours or DEFAULT_HOURS


@dataclass(frozen=True)
class Person:
    id: str
    name: Text
    organization: str | None = None
    role: Text | None = None
    email: str | None = None
    phone: str | None = None
    languages: tuple[str, ...] = ()
    timezone: ZoneInfo | None = field(default=None, repr=False)  # taking part from elsewhere
    country: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Delegation:
    id: str
    name: Text
    organization: str | None = None
    lead: str | None = None
    members: tuple[str, ...] = ()

    @property
    def everyone(self) -> tuple[str, ...]:
        """Lead first, then the members, each once."""
        ids = ([self.lead] if self.lead else []) + list(self.members)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class ProgramItem:
    title: Text
    when: When
    id: str | None = None
    speakers: tuple[str, ...] = ()
    location: Text | None = None
    topics: tuple[str, ...] = ()
    notes: Text | None = None
    index: int = field(default=0, compare=False, repr=False)  # position, for key paths
    # confirmed, tentative, cancelled (as an event's); out of the repr, which the legacy
    # fingerprints of older state files are a digest of (ical.entries.Item.legacy_fingerprint)
    status: str = field(default="confirmed", repr=False)

    def status_in(self, event: Event) -> str:
        """The item's status within its event: a cancelled event cancels its items, and
        a tentative one makes its confirmed items tentative."""
        for status in ("cancelled", "tentative"):
            if status in (self.status, event.status):
                return status
        return "confirmed"


@dataclass(frozen=True)
class Event:
    id: str
    kind: str
    title: Text
    when: When
    status: str = "confirmed"
    location: Text | None = None
    url: str | None = None
    host: str | None = None
    delegations: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    notes: Text | None = None
    program: tuple[ProgramItem, ...] = ()
    index: int = field(default=0, compare=False, repr=False)  # position, for key paths
    accept: tuple[str, ...] = field(default=(), repr=False)  # warning codes not to report

    @property
    def zone(self) -> ZoneInfo:
        return self.when.zone

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def schedule(self) -> tuple[ProgramItem, ...]:
        """The program in time order: by start, items starting together in file order.
        Every view, the .ics description and the invitation list the program this way
        (``program`` keeps the file's order, for key paths and ``changes``)."""
        return tuple(sorted(self.program, key=lambda item: item.when.start.astimezone(UTC)))


@dataclass(frozen=True)
class Topic:
    id: str
    title: Text
    description: Text | None = None
    requested_by: str | None = None
    proposed_by: str | None = None
    status: str = "proposed"
    index: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Action:
    id: str
    title: Text
    owner: str | None = None
    requested_by: str | None = None
    due: date | None = None
    status: str = "open"
    event: str | None = None
    index: int = field(default=0, compare=False, repr=False)

    def overdue(self, today: date) -> bool:
        """Open and past its due date (the day it is due is not overdue yet)."""
        return self.status == "open" and self.due is not None and self.due < today


@dataclass(frozen=True)
class Plan:
    id: str
    title: Text
    timezone: ZoneInfo
    format: int = 1
    description: Text | None = None
    languages: tuple[str, ...] = ()
    organizer: str | None = None
    organizations: Mapping[str, Organization] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    delegations: Mapping[str, Delegation] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    topics: tuple[Topic, ...] = ()
    actions: tuple[Action, ...] = ()
    source: str = ""  # the file it was read from, as shown to the user

    def text(self, value: Text | None, lang: str | None = None) -> str:
        """``value`` in ``lang`` with this plan's language fallback ("" for None)."""
        return "" if value is None else value.get(lang, self.languages)

    def event(self, event_id: str) -> Event | None:
        for event in self.events:
            if event.id == event_id:
                return event
        return None

    def program_items(self) -> Iterator[tuple[Event, ProgramItem]]:
        for event in self.events:
            for item in event.program:
                yield event, item


# Legacy export fingerprints (in state files of older versions, adopted on the first
# export: ical.entries.Item.legacy_fingerprint) are digests of these reprs, so they must
# not change; the
# recursion guard dataclasses wraps around each __repr__ costs more than the repr itself
# on a large export, and a plan holds no cycles.
for _cls in (Text, When, Organization, Person, Delegation, ProgramItem, Event, Topic, Action):
    _cls.__repr__ = getattr(_cls.__repr__, "__wrapped__", _cls.__repr__)  # type: ignore[method-assign]


_STORED: tuple[type, ...] = (Text, When, WorkingHours, Organization, Person, Delegation)
_STORED += (ProgramItem, Event, Topic, Action, Plan)


def _shape() -> str:
    """What the stored plans depend on: each class's module, name and fields with their
    types. The plan cache and its index key their entries with it (beside the version),
    so that a developer's pickles of an older model are never served after the model
    changes or moves (a checksum with zlib: hashlib would load OpenSSL at start-up)."""
    import dataclasses
    import zlib

    described = [
        f"{cls.__module__}.{cls.__qualname__}("
        + ",".join(f"{f.name}:{f.type}" for f in dataclasses.fields(cls))
        + ")"
        for cls in _STORED
    ]
    return f"{zlib.crc32(';'.join(described).encode()):08x}"


SHAPE = _shape()
