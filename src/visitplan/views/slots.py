"""Finding a time (`visitplan slots`): start times, on a half-hour grid, that lie inside
every party's working hours in its own zone, on a working day for every party (weekends
and public holidays of its country and subdivision), and that overlap no event any of
the parties' people already takes part in, in any plan read. One proposal per day (the
earliest that fits), days counted in the first party's zone."""

from __future__ import annotations

import bisect
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from visitplan.errors import UsageError
from visitplan.i18n import label, zone_city
from visitplan.plan.holidays_data import Calendars, Holiday
from visitplan.plan.model import Plan
from visitplan.plan.participation import event_organizations
from visitplan.plan.timezones import resolve_local
from visitplan.plan.workdays import (
    Party,
    booked,
    day_off,
    delegation_party,
    inside_hours,
    organization_party,
    person_party,
)
from visitplan.views.agenda import (
    Column,
    OffsetChange,
    Span,
    explicit_columns,
    offset_changes_between,
    spans,
)

DEFAULT_DAYS = 28


def date_range(
    today: date, start: date | None, end: date | None, days: int | None
) -> tuple[date, date]:
    """The days to look at: as the agenda's ``--from``/``--to``/``--days`` (the same
    rules and messages), from tomorrow and for DEFAULT_DAYS when not given."""
    from visitplan.views.agenda import day_after, make_window

    first = start or day_after(today, 1, "the day after today")
    window = make_window(first, start, end, DEFAULT_DAYS if days is None and end is None else days)
    assert window.start is not None and window.end is not None
    return window.start, window.end


DEFAULT_COUNT = 3
GRID = timedelta(minutes=30)


@dataclass(frozen=True)
class Slot:
    start: datetime  # in the first party's zone
    end: datetime
    times: tuple[Span, ...]  # one per column: each party's local time, then --tz zones
    command: str  # the `visitplan add event …` line that books it


@dataclass(frozen=True)
class ClockChange:
    """The clocks of ``zone`` move on ``day`` (from offset ``before`` to ``after``)."""

    zone: ZoneInfo
    place: str
    day: date
    before: timedelta
    after: timedelta


@dataclass(frozen=True)
class DayOff:
    day: date
    party: Party
    holiday: Holiday


@dataclass(frozen=True)
class Slots:
    parties: tuple[Party, ...]
    columns: tuple[Column, ...]
    duration: timedelta
    first: date
    last: date
    slots: tuple[Slot, ...]
    changes: tuple[OffsetChange, ...]  # differences between zones that change in the range
    clock_changes: tuple[ClockChange, ...]
    days_off: tuple[DayOff, ...]  # public holidays of the parties in the range


# --------------------------------------------------------------------------- parties


def resolve_parties(plans: Sequence[Plan], ids: Sequence[str], lang: str | None) -> list[Party]:
    """The parties named by ``ids`` (organizations, delegations or people), each from the
    first plan that has it."""
    parties: list[Party] = []
    for party_id in dict.fromkeys(ids):
        party = _find(plans, party_id, lang)
        if party is None:
            from visitplan.plan.wording import suggest

            known = {
                i for plan in plans for i in (*plan.organizations, *plan.delegations, *plan.people)
            }
            near = suggest(party_id, known)
            raise UsageError(
                f'--with "{party_id}" is no organization, delegation or person in the plans',
                f'did you mean "{near}"?' if near else "see `visitplan people` for the ids",
            )
        parties.append(party)
    return parties


def _find(plans: Sequence[Plan], party_id: str, lang: str | None) -> Party | None:
    for plan in plans:
        if party_id in plan.organizations:
            return organization_party(plan, party_id, lang)
        if party_id in plan.delegations:
            return delegation_party(plan, party_id, lang)
        if party_id in plan.people:
            return person_party(plan, party_id, lang)
    return None


def default_parties(plans: Sequence[Plan], after: datetime, lang: str | None) -> list[Party]:
    """The organizations of the next event (from ``after`` on); else, for one plan, all
    its organizations."""
    upcoming = sorted(
        (
            (event.when.start, index, plan, event)
            for index, plan in enumerate(plans)
            for event in plan.events
            if not event.cancelled and event.when.start >= after
        ),
        key=lambda item: (item[0], item[1]),
    )
    for _, _, plan, event in upcoming:
        orgs = event_organizations(plan, event)
        if orgs:
            return [organization_party(plan, org, lang) for org in orgs]
    if len(plans) == 1 and plans[0].organizations:
        plan = plans[0]
        return [organization_party(plan, org, lang) for org in plan.organizations]
    raise UsageError(
        "no upcoming event names the parties to find a time for",
        "name them: --with ORG-ID --with PERSON-ID (organizations, delegations or people)",
    )


# --------------------------------------------------------------------------- busy times


def _person_key(plan: Plan, person_id: str) -> str:
    """A person across plans: by email, else by id within the plan."""
    email = plan.people[person_id].email
    return f"email:{email.lower()}" if email else f"{plan.source}#{plan.id}#{person_id}"


def busy_times(
    plans: Sequence[Plan], parties: Sequence[Party], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The merged times (start, end) when someone of ``parties`` is already booked."""
    wanted = {_person_key(p.plan, person) for p in parties for person in p.people}
    found: list[tuple[datetime, datetime]] = []
    if not wanted:
        return found
    for plan in plans:
        for event in plan.events:
            when = event.when
            if event.cancelled or when.end is None or when.end <= start or when.start >= end:
                continue
            for person, a, b in booked(plan, event):
                if _person_key(plan, person) in wanted and b > start and a < end:
                    found.append((a, b))
    found.sort()
    merged: list[tuple[datetime, datetime]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _overlaps(
    busy: Sequence[tuple[datetime, datetime]], starts: list[datetime], a: datetime, b: datetime
) -> bool:
    index = bisect.bisect_left(starts, b)  # intervals starting before b
    return index > 0 and busy[index - 1][1] > a


# --------------------------------------------------------------------------- search


def find_slots(
    plans: Sequence[Plan],
    parties: Sequence[Party],
    duration: timedelta,
    first: date,
    last: date,
    count: int,
    calendars: Calendars,
    lang: str | None,
    zones: Sequence[ZoneInfo] = (),
) -> Slots:
    if not parties:
        raise UsageError("no parties to find a time for", "give --with ID")
    if duration <= timedelta(0) or duration > timedelta(hours=24):
        raise UsageError("--duration must be more than 0 and at most 24 hours")
    if count < 1:
        raise UsageError(f"--count must be 1 or more, not {count}")
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    home = parties[0].zone
    start = _midnight(first, home)
    end = _midnight(last + timedelta(days=1), home)
    columns = tuple(Column(p.zone, p.label) for p in parties) + explicit_columns(zones, lang)
    busy = busy_times(plans, parties, start, end)
    busy_starts = [a for a, _ in busy]
    days_off: dict[tuple[str, date], bool] = {}

    def works(party: Party, moment: datetime) -> bool:
        day = moment.astimezone(party.zone).date()
        key = (f"{party.kind}:{party.id}", day)
        if key not in days_off:
            days_off[key] = day_off(party, day, calendars) is None
        return days_off[key]

    found: list[Slot] = []
    taken_ids: set[str] = set()
    moment = start
    while moment + duration <= end and len(found) < count:
        finish = moment + duration
        if all(
            works(p, moment) and inside_hours(p, moment, finish) for p in parties
        ) and not _overlaps(busy, busy_starts, moment, finish):
            local = moment.astimezone(home)
            found.append(
                Slot(
                    local,
                    finish.astimezone(home),
                    spans(columns, moment, finish),
                    booking_command(parties, local, finish, lang, taken_ids),
                )
            )
            moment = _midnight(local.date() + timedelta(days=1), home)  # one per day
            continue
        moment += GRID
    return Slots(
        tuple(parties),
        columns,
        duration,
        first,
        last,
        tuple(found),
        offset_changes_between(columns[: len(parties)], start, end),
        clock_changes(parties, first, last, lang),
        tuple(_holidays_in(parties, first, last, calendars)),
    )


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return resolve_local(datetime.combine(day, time()), zone).instant


def clock_changes(
    parties: Sequence[Party], first: date, last: date, lang: str | None
) -> tuple[ClockChange, ...]:
    changes: list[ClockChange] = []
    for zone in dict.fromkeys(p.zone for p in parties):
        place = next(p.place for p in parties if p.zone == zone) or zone_city(zone.key, lang)
        day = first
        before = _midnight(day, zone).utcoffset() or timedelta(0)
        while day <= last:
            after = _midnight(day + timedelta(days=1), zone).utcoffset() or timedelta(0)
            if after != before:
                changes.append(ClockChange(zone, place, day, before, after))
            before = after
            day += timedelta(days=1)
    return tuple(sorted(changes, key=lambda c: (c.day, c.zone.key)))


def _holidays_in(
    parties: Sequence[Party], first: date, last: date, calendars: Calendars
) -> list[DayOff]:
    found = []
    for party in parties:
        day = first
        while day <= last:
            holiday = calendars.holiday(party.country, party.subdivision, day)
            if holiday is not None:
                found.append(DayOff(day, party, holiday))
            day += timedelta(days=1)
    found.sort(key=lambda d: (d.day, d.holiday.country))
    return found


# --------------------------------------------------------------------------- booking


def booking_command(
    parties: Sequence[Party],
    start: datetime,
    end: datetime,
    lang: str | None,
    taken: set[str],
) -> str:
    """The `visitplan add event` line that books ``start``–``end`` in the first party's
    plan, in that plan's zone, with every party recorded: delegations and people as
    themselves, the first organization as host, and the people of each organization as
    participants (so that the booking blocks the slot and `check` knows both sides)."""
    plan = parties[0].plan
    zone = plan.timezone
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    base = f"online-{local_start.date().isoformat()}"
    existing = {event.id for event in plan.events} | taken
    event_id, number = base, 2
    while event_id in existing:
        event_id, number = f"{base}-{number}", number + 1
    taken.add(event_id)
    words = [
        "visitplan",
        "add",
        "event",
        event_id,
        "--plan",
        plan.source or f"plans/{plan.id}.toml",
        "--kind",
        "online-meeting",
        "--title",
        label(lang, "slot-title"),
        "--start",
        f"{local_start:%Y-%m-%dT%H:%M}",
        "--end",
        f"{local_end:%Y-%m-%dT%H:%M}",
    ]
    delegations = [p.id for p in parties if p.kind == "delegation" and p.plan is plan]
    organizations = [p for p in parties if p.kind == "organization" and p.plan is plan]
    people = list(
        dict.fromkeys(
            person
            for p in parties
            if p.plan is plan and p.kind in ("person", "organization")
            for person in (p.people if p.kind == "organization" else (p.id,))
        )
    )
    if organizations:
        words += ["--host", organizations[0].id]
    if delegations:
        words += ["--delegations", ",".join(delegations)]
    if people:
        words += ["--participants", ",".join(people)]
    return shlex.join(words)
