"""Who works when: the parties of a meeting (an organization, a delegation or a person)
with their zone, country and working hours, and whether a day is off for them or a time
inside their working hours. Used by the `check` warnings and by `slots`; the holidays
themselves come from ``holidays_data``."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from visitplan.i18n import zone_city
from visitplan.plan.model import DEFAULT_HOURS, Event, Plan, WorkingHours

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Calendars, Holiday


@dataclass(frozen=True)
class Party:
    """Someone a time must suit: ``kind`` is organization, delegation or person."""

    kind: str
    id: str
    plan: Plan
    name: str  # short name, as shown
    place: str  # where it sits: its city, else its zone's city
    zone: ZoneInfo
    country: str | None
    subdivision: str | None
    hours: WorkingHours
    people: tuple[str, ...]  # person ids (in ``plan``) whose bookings count

    @property
    def label(self) -> str:
        return self.name if self.place in ("", self.name) else f"{self.place} ({self.name})"


def organization_party(plan: Plan, org_id: str, lang: str | None) -> Party:
    org = plan.organizations[org_id]
    zone = org.timezone or plan.timezone
    city = plan.text(org.city, lang) or zone_city(zone.key, lang)
    people = tuple(p.id for p in plan.people.values() if p.organization == org_id)
    return Party(
        "organization",
        org_id,
        plan,
        org.short or plan.text(org.name, lang),
        city,
        zone,
        org.country,
        org.subdivision,
        org.hours,
        people,
    )


def delegation_party(plan: Plan, delegation_id: str, lang: str | None) -> Party:
    delegation = plan.delegations[delegation_id]
    members = tuple(p for p in delegation.everyone if p in plan.people)
    name = plan.text(delegation.name, lang)
    if delegation.organization is not None and delegation.organization in plan.organizations:
        base = organization_party(plan, delegation.organization, lang)
        return Party(
            "delegation",
            delegation_id,
            plan,
            name,
            base.place,
            base.zone,
            base.country,
            base.subdivision,
            base.hours,
            members,
        )
    zone = plan.timezone
    return Party(
        "delegation",
        delegation_id,
        plan,
        name,
        zone_city(zone.key, lang),
        zone,
        None,
        None,
        DEFAULT_HOURS,
        members,
    )


def person_party(plan: Plan, person_id: str, lang: str | None) -> Party:
    """A person keeps the working hours of their organization, in their own zone and
    country when they take part from elsewhere."""
    person = plan.people[person_id]
    org = plan.organizations.get(person.organization or "")
    org_zone = org.timezone if org is not None else None
    zone = person.timezone or org_zone or plan.timezone
    country = person.country or (org.country if org is not None else None)
    same_region = org is not None and country == org.country
    if person.timezone is None and org is not None and org.city is not None:
        place = plan.text(org.city, lang)
    else:
        place = zone_city(zone.key, lang)
    return Party(
        "person",
        person_id,
        plan,
        plan.text(person.name, lang),
        place,
        zone,
        country,
        org.subdivision if org is not None and same_region else None,
        org.hours if org is not None else DEFAULT_HOURS,
        (person_id,),
    )


def takes_part(plan: Plan, event: Event) -> tuple[str, ...]:
    """The people taking part in ``event`` at any level (whose country counts), as
    ``participation`` decides."""
    from visitplan.plan.participation import everyone

    return everyone(plan, event)


def booked(plan: Plan, event: Event) -> list[tuple[str, datetime, datetime]]:
    """When each person taking part in ``event`` is booked by it: the whole event, or
    for someone who only speaks at items of their own, those items' times
    (``participation``)."""
    from visitplan.plan.participation import parts

    when = event.when
    if when.end is None:
        return []
    by_index = {item.index: item for item in event.program}
    out: list[tuple[str, datetime, datetime]] = []
    for part in parts(plan, event):
        if part.whole:
            out.append((part.person, when.start, when.end))
            continue
        for index in part.items:
            item = by_index[index]
            end = item.when.end or item.when.start
            out.append((part.person, item.when.start, end))
    return out


def event_parties(
    plan: Plan, event: Event, lang: str | None, known: dict[str, Party] | None = None
) -> list[Party]:
    """Who an event's time must suit: the organizations taking part, and each attendee
    who takes part from elsewhere (their own zone or country). ``known`` keeps the
    organizations' parties from one event to the next."""
    from visitplan.plan.participation import event_organizations

    known = {} if known is None else known
    parties = []
    for org_id in event_organizations(plan, event):
        party = known.get(org_id)
        if party is None:
            party = known[org_id] = organization_party(plan, org_id, lang)
        parties.append(party)
    for person_id in takes_part(plan, event):
        person = plan.people[person_id]
        if person.timezone is not None or person.country is not None:
            parties.append(person_party(plan, person_id, lang))
    return parties


# --------------------------------------------------------------------------- days and hours


def day_off(party: Party, day: date, calendars: Calendars) -> Holiday | str | None:
    """Why ``day`` is not worked by ``party``: its public holiday, ``"weekend"`` (a
    weekday its working hours leave out), or None on a working day."""
    holiday = calendars.holiday(party.country, party.subdivision, day)
    if holiday is not None:
        return holiday
    return None if party.hours.works_on(day.weekday()) else "weekend"


def inside_hours(party: Party, start: datetime, end: datetime) -> bool:
    """Whether ``start``–``end`` lies inside one working period of ``party``'s day."""
    local_start, local_end = start.astimezone(party.zone), end.astimezone(party.zone)
    day = local_start.date()
    first = _minutes(local_start)
    last = _minutes(local_end) + (local_end.date() - day).days * 24 * 60
    return any(a <= first and last <= b for a, b in party.hours.periods(day.weekday()))


def hours_problem(party: Party, start: datetime, end: datetime) -> str | None:
    """How ``start``–``end`` misses ``party``'s working hours: ``before``, ``after`` or
    ``outside`` (across a limit or a break); None if inside."""
    if inside_hours(party, start, end):
        return None
    local_start, local_end = start.astimezone(party.zone), end.astimezone(party.zone)
    periods = party.hours.periods(local_start.weekday())
    if not periods:
        return "outside"
    first = _minutes(local_start)
    last = _minutes(local_end) + (local_end.date() - local_start.date()).days * 24 * 60
    if last <= periods[0][0]:
        return "before"
    if first >= periods[-1][1]:
        return "after"
    return "outside"


@functools.cache
def hours_text(hours: WorkingHours, weekday: int) -> str:
    """``09:00–13:00, 14:00–18:00`` for one weekday (``—`` if not worked)."""
    periods = hours.periods(weekday)
    if not periods:
        return "—"
    return ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in periods)


def local_days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterator[date]:
    """The dates ``start``–``end`` touches in ``zone`` (end exclusive)."""
    first = start.astimezone(zone).date()
    last_moment = end.astimezone(zone) - timedelta(microseconds=1)
    last = max(first, last_moment.date())
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
