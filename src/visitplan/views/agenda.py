"""The agenda: which events and program items fall in a window of days, grouped by day,
with their times in the display zones. Pure data; ``render`` turns it into text,
markdown or JSON."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from visitplan.errors import UsageError
from visitplan.i18n import label, zone_city
from visitplan.plan.model import Event, Plan, ProgramItem, When
from visitplan.plan.participation import (
    Part,
    event_organizations,
    event_topics,
    part_of,
    takes_part,
)
from visitplan.plan.timezones import fold_mark

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Calendars, Holiday
    from visitplan.workspace.index.store import Facts


@dataclass(frozen=True)
class Window:
    """Days to list, both ends inclusive; None is open."""

    start: date | None = None
    end: date | None = None

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def may_touch(self, when: When) -> bool:
        """Whether something at ``when`` can have a day in the window, in any zone it is
        shown in (a day's slack each side); the rows themselves are chosen exactly later.
        Lets the agenda skip the columns of events far from the window."""
        return (self.end is None or when.first_day - _SLACK <= self.end) and (
            self.start is None or when.last_day + _SLACK >= self.start
        )


_SLACK = timedelta(days=1)


def day_after(day: date, days: int, what: str) -> date:
    """``day`` moved by ``days``; a :class:`UsageError` naming ``what`` (the option that
    asked) when that leaves the calendar (before year 1 or after 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise UsageError(
            f"{what} goes past the dates a calendar can hold ({day.isoformat()} "
            f"{'+' if days >= 0 else '-'} {abs(days)} days)",
            "give a date between the years 1 and 9999",
        ) from None


def make_window(
    today: date,
    start: date | None = None,
    end: date | None = None,
    days: int | None = None,
    everything: bool = False,
    past: bool = False,
) -> Window:
    """The window the agenda options ask for (default: from today on)."""
    if everything and (start or end or days or past):
        raise UsageError("--all cannot be combined with --from, --to, --days or --past")
    if past and (start or end or days):
        raise UsageError("--past cannot be combined with --from, --to or --days")
    if days is not None and end is not None:
        raise UsageError("give --days or --to, not both")
    if days is not None and days < 1:
        raise UsageError(f"--days must be 1 or more, not {days}")
    if everything:
        return Window()
    if past:
        return Window(None, day_after(today, -1, "--past"))
    first = start or today
    if days is not None:
        return Window(first, day_after(first, days - 1, f"--days {days}"))
    if end is not None and end < first:
        raise UsageError(f"--to {end} is before the start of the agenda ({first})")
    return Window(first, end)


@dataclass(frozen=True)
class Filters:
    person: str | None = None
    delegation: str | None = None
    org: str | None = None
    event: str | None = None
    kind: str | None = None
    topic: str | None = None
    status: str | None = None

    def match(self, plan: Plan, event: Event) -> bool:
        if self.event is not None and event.id != self.event:
            return False
        if self.kind is not None and event.kind != self.kind:
            return False
        if self.status is not None and event.status != self.status:
            return False
        if self.delegation is not None and self.delegation not in event.delegations:
            return False
        if self.person is not None and not takes_part(plan, event, self.person):
            return False
        if self.topic is not None and self.topic not in event_topics(event):
            return False
        return self.org is None or self.org in event_organizations(plan, event)

    def matches(self, facts: Facts) -> bool:
        """``match`` on what the index keeps of an event (``index.catalog.facts``, made
        by the same functions as ``match`` asks), without its plan's model."""
        return (
            (self.event is None or facts.event_id == self.event)
            and (self.kind is None or facts.kind == self.kind)
            and (self.status is None or facts.status == self.status)
            and (self.delegation is None or self.delegation in facts.delegations)
            and (self.person is None or self.person in facts.people)
            and (self.topic is None or self.topic in facts.topics)
            and (self.org is None or self.org in facts.organizations)
        )

    @property
    def empty(self) -> bool:
        return self == Filters()

    def check(self, plans: Sequence[Plan]) -> None:
        """A :class:`UsageError` for a filter naming an id no plan has (with a suggestion)."""
        known = {
            "person": lambda: {p for plan in plans for p in plan.people},
            "delegation": lambda: {d for plan in plans for d in plan.delegations},
            "org": lambda: {o for plan in plans for o in plan.organizations},
            "event": lambda: {e.id for plan in plans for e in plan.events},
            "topic": lambda: {t.id for plan in plans for t in plan.topics},
        }
        self.check_ids(lambda option: known[option]())

    def check_ids(self, known: Callable[[str], set[str]]) -> None:
        """``check`` with the ids of each kind (person, delegation, org, event, topic)
        given by ``known`` (asked only for the kinds the filters name)."""
        wanted = {
            "person": self.person,
            "delegation": self.delegation,
            "org": self.org,
            "event": self.event,
            "topic": self.topic,
        }
        for option, value in wanted.items():
            if value is not None and value not in (ids := known(option)):
                from visitplan.plan.wording import suggest

                near = suggest(value, ids)
                hint = (
                    f'did you mean "{near}"?' if near else f"no {option} has that id in these plans"
                )
                raise UsageError(f'--{option} "{value}" is not in the plans', hint)


def status_mark(item: ProgramItem, lang: str | None) -> str:
    """`` [cancelled]`` after the title of a program item that is not confirmed (its own
    status; an event's is said with the event), in every view: show, agenda, the
    programme, mail, the site and the calendar's description."""
    return "" if item.status == "confirmed" else f" [{label(lang, item.status)}]"


# --------------------------------------------------------------------------- zones


@dataclass(frozen=True)
class Column:
    zone: ZoneInfo
    label: str


def explicit_columns(zones: Sequence[ZoneInfo], lang: str | None) -> tuple[Column, ...]:
    return tuple(Column(zone, zone_city(zone.key, lang)) for zone in dict.fromkeys(zones))


def default_columns(
    plan: Plan, event: Event, lang: str | None, limit: int = 3
) -> tuple[Column, ...]:
    """The event's own zone, then the zones of the organizations taking part; a zone
    that keeps the same UTC offset as one already shown during the event is left out."""
    zones = [event.zone]
    for org_id in event_organizations(plan, event):
        zone = plan.organizations[org_id].timezone
        if zone is not None:
            zones.append(zone)
    instants = [event.when.start] + ([event.when.end] if event.when.end else [])
    chosen: list[ZoneInfo] = []
    for zone in zones:
        offsets = tuple(moment.astimezone(zone).utcoffset() for moment in instants)
        if any(offsets == tuple(m.astimezone(c).utcoffset() for m in instants) for c in chosen):
            continue
        chosen.append(zone)
        if len(chosen) == limit:
            break
    return explicit_columns(chosen, lang)


@dataclass(frozen=True)
class Span:
    """A time range seen in one column; ``shift`` is days from the row's day."""

    column: Column
    start: datetime
    end: datetime | None

    def text(self, day: date) -> str:
        """``11:00–12:30``, ``00:30–01:30 (+1)``, ``23:00–01:00 (+1)``; the second of two
        equal wall times in the autumn fold has its offset, ``01:30–02:30 (UTC+1)``."""
        start_shift = (self.start.date() - day).days
        start = f"{self.start:%H:%M}{fold_mark(self.start)}"
        if self.end is None:
            return f"{start}{_shift(start_shift)}"
        end_shift = (self.end.date() - day).days
        end = f"{self.end:%H:%M}{fold_mark(self.end)}"
        if end_shift == start_shift:
            return f"{start}–{end}{_shift(end_shift)}"
        return f"{start}{_shift(start_shift)}–{end}{_shift(end_shift)}"


def _shift(days: int) -> str:
    if days == 0:
        return ""
    return f" (+{days})" if days > 0 else f" (−{-days})"


def spans(columns: Iterable[Column], start: datetime, end: datetime | None) -> tuple[Span, ...]:
    return tuple(
        Span(c, start.astimezone(c.zone), None if end is None else end.astimezone(c.zone))
        for c in columns
    )


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class ProgramRow:
    item: ProgramItem
    times: tuple[Span, ...]


@dataclass(frozen=True)
class AgendaRow:
    plan: Plan
    event: Event
    day: date
    day_number: int  # 1-based day of a multi-day event
    day_count: int
    columns: tuple[Column, ...]
    times: tuple[Span, ...]  # empty on the days of an all-day event
    program: tuple[ProgramRow, ...]

    @property
    def sort_key(self) -> tuple[date, int, datetime, str, str]:
        first = self.times[0].start if self.times else self.event.when.start
        if self.program and not self.times:
            first = self.program[0].times[0].start if self.program[0].times else first
        return (
            self.day,
            0 if not self.times else 1,
            first.astimezone(UTC),
            self.plan.id,
            self.event.id,
        )


@dataclass(frozen=True)
class AgendaDay:
    day: date
    rows: tuple[AgendaRow, ...]
    holidays: tuple[Holiday, ...] = ()  # public holidays of the countries involved that day


def event_regions(plan: Plan, event: Event) -> tuple[tuple[str, str | None], ...]:
    """(country, subdivision) of the organizations taking part in ``event`` and of the
    attendees who take part from another country; each once."""
    regions: list[tuple[str, str | None]] = []
    for org_id in event_organizations(plan, event):
        org = plan.organizations[org_id]
        if org.country:
            regions.append((org.country, org.subdivision))
    from visitplan.plan.workdays import takes_part

    for person_id in takes_part(plan, event):
        country = plan.people[person_id].country
        if country:
            regions.append((country, None))
    return tuple(dict.fromkeys(regions))


def holidays_on(
    calendars: Calendars, regions: Iterable[tuple[str, str | None]], day: date
) -> tuple[Holiday, ...]:
    """The public holidays on ``day`` in ``regions``, one per country (the national one
    and a regional one of the same country are the same day off)."""
    found: dict[str, Holiday] = {}
    for country, subdivision in regions:
        if country not in found:
            holiday = calendars.holiday(country, subdivision, day)
            if holiday is not None:
                found[country] = holiday
    return tuple(found.values())


@dataclass(frozen=True)
class OffsetChange:
    """The difference between two columns changes on ``day`` (where the clocks moved)."""

    a: Column
    b: Column
    day: date
    before: timedelta  # a's offset minus b's, before the change
    after: timedelta


@dataclass(frozen=True)
class Agenda:
    window: Window
    days: tuple[AgendaDay, ...]
    changes: tuple[OffsetChange, ...]

    @property
    def rows(self) -> tuple[AgendaRow, ...]:
        return tuple(row for day in self.days for row in day.rows)


def build_agenda(
    plans: Sequence[Plan],
    window: Window,
    filters: Filters = Filters(),
    zones: Sequence[ZoneInfo] = (),
    lang: str | None = None,
    calendars: Calendars | None = None,
) -> Agenda:
    """Every event of ``plans`` that passes ``filters``, one row per day it touches
    inside ``window``. ``zones`` fixes the columns; otherwise each event gets its own.
    With ``calendars``, each day names the public holidays of the countries involved."""
    fixed = explicit_columns(zones, lang) if zones else None
    rows: list[AgendaRow] = []
    for plan in plans:
        for event in plan.events:
            if window.may_touch(event.when) and filters.match(plan, event):
                columns = fixed or default_columns(plan, event, lang)
                # --person: someone who only speaks at some items of a visit gets those
                # items, on their days, not the whole visit
                part = part_of(plan, event, filters.person) if filters.person else None
                rows.extend(_event_rows(plan, event, columns, window, fixed, part))
    rows.sort(key=lambda row: row.sort_key)
    days: dict[date, list[AgendaRow]] = {}
    for row in rows:
        days.setdefault(row.day, []).append(row)
    agenda_days = tuple(
        AgendaDay(day, tuple(day_rows), _day_holidays(calendars, day, day_rows))
        for day, day_rows in days.items()
    )
    return Agenda(window, agenda_days, _offset_changes(rows))


def _day_holidays(
    calendars: Calendars | None, day: date, rows: Sequence[AgendaRow]
) -> tuple[Holiday, ...]:
    if calendars is None:
        return ()
    regions = [region for row in rows for region in event_regions(row.plan, row.event)]
    return holidays_on(calendars, dict.fromkeys(regions), day)


def _event_rows(
    plan: Plan,
    event: Event,
    columns: tuple[Column, ...],
    window: Window,
    grouped_by: tuple[Column, ...] | None,
    part: Part | None = None,
) -> list[AgendaRow]:
    """One row per day of ``event`` inside ``window``, each with that day's program in
    time order; with ``part``, only what that part covers (the days of its items)."""
    when = event.when
    # The day an item is listed under: in the first fixed column (--tz), else in the
    # event's own zone. All-day events keep their dates as written.
    home = grouped_by[0].zone if grouped_by and not when.all_day else event.zone
    first = when.first_day if when.all_day else when.start.astimezone(home).date()
    if when.all_day:
        last = when.last_day
    else:
        assert when.end is not None
        end_local = when.end.astimezone(home)
        last = end_local.date()
        if end_local.time() == datetime.min.time() and last > first:
            last -= timedelta(days=1)
    count = (last - first).days + 1
    rows = []
    for number in range(count):
        day = first + timedelta(days=number)
        if not window.contains(day):
            continue
        items = tuple(
            ProgramRow(item, spans(columns, item.when.start, item.when.end))
            for item in event.schedule
            if item.when.start.astimezone(home).date() == day
            and (part is None or part.covers(item))
        )
        if part is not None and not part.whole and not items:
            continue
        if when.all_day:
            times: tuple[Span, ...] = ()
        elif count == 1 or number == 0:
            times = spans(columns, when.start, when.end)
        else:
            times = ()
        rows.append(AgendaRow(plan, event, day, number + 1, count, columns, times, items))
    return rows


def _offset_changes(rows: Sequence[AgendaRow]) -> tuple[OffsetChange, ...]:
    """Where the difference between the first column and another one changes between two
    listed times — rows and the timed program items they show (the items of an all-day
    visit on both sides of a clock change) — e.g. Kyiv–New York in March, once per pair
    and day."""
    by_pair: dict[tuple[str, str], list[tuple[datetime, Column, Column]]] = {}
    for row in rows:
        starts = [row.times[0].start if row.times else row.event.when.start]
        starts.extend(item.times[0].start for item in row.program if item.times)
        for other in row.columns[1:]:
            key = (row.columns[0].zone.key, other.zone.key)
            for moment in starts:
                by_pair.setdefault(key, []).append((moment, row.columns[0], other))
    changes: dict[tuple[str, str, date], OffsetChange] = {}
    for moments in by_pair.values():
        moments.sort(key=lambda m: m[0].astimezone(UTC))
        for (earlier, a, b), (later, _, _) in itertools.pairwise(moments):
            before, after = _difference(earlier, a, b), _difference(later, a, b)
            if before == after:
                continue
            day = _change_day(_change_between(earlier, later, a, b), a, b)
            changes.setdefault(
                (a.zone.key, b.zone.key, day), OffsetChange(a, b, day, before, after)
            )
    return tuple(sorted(changes.values(), key=lambda c: (c.day, c.a.zone.key, c.b.zone.key)))


def offset_changes_between(
    columns: Sequence[Column], start: datetime, end: datetime
) -> tuple[OffsetChange, ...]:
    """Where the difference between the first column and each other one changes between
    ``start`` and ``end`` (looked at day by day, then to the minute)."""
    changes: list[OffsetChange] = []
    if not columns:
        return ()
    first = columns[0]
    moments = [start]
    while moments[-1] + timedelta(days=1) < end:
        moments.append(moments[-1] + timedelta(days=1))
    moments.append(end)
    for other in columns[1:]:
        for earlier, later in itertools.pairwise(moments):
            before, after = _difference(earlier, first, other), _difference(later, first, other)
            if before == after:
                continue
            day = _change_day(_change_between(earlier, later, first, other), first, other)
            changes.append(OffsetChange(first, other, day, before, after))
    return tuple(sorted(changes, key=lambda c: (c.day, c.b.zone.key)))


def _change_day(moment: datetime, a: Column, b: Column) -> date:
    """The date of a change of difference, in the zone whose clocks moved then."""
    just_before = moment - timedelta(minutes=1)
    moved = (
        a
        if moment.astimezone(a.zone).utcoffset() != just_before.astimezone(a.zone).utcoffset()
        else b
    )
    return moment.astimezone(moved.zone).date()


def _difference(moment: datetime, a: Column, b: Column) -> timedelta:
    offset_a = moment.astimezone(a.zone).utcoffset() or timedelta(0)
    offset_b = moment.astimezone(b.zone).utcoffset() or timedelta(0)
    return offset_a - offset_b


def _change_between(low: datetime, high: datetime, a: Column, b: Column) -> datetime:
    """The first instant (to the minute) in (low, high] with high's difference."""
    target = _difference(high, a, b)
    low, high = low.astimezone(UTC), high.astimezone(UTC)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if _difference(middle, a, b) == target:
            high = middle
        else:
            low = middle
    return high
