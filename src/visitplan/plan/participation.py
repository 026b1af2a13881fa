"""Who takes part in what: the one definition every consumer uses.

A person takes part in an event as a **participant** (``participants``), as the **lead**
or a **member** of one of its delegations, or as a **speaker** of one of its program
items. The plan's **organizer** is the ORGANIZER of every calendar entry and the sender
of invitations, but takes part only where listed in one of those other ways: being the
organizer adds the role, never an event.

The level:

- participants, leads and members take part in the **whole event** (every day, every
  program item);
- someone who only speaks takes part in **just the items they speak at**, when those
  items stand on their own (:func:`stands_alone`: an item with an id in an event of
  several days, which is a calendar entry of its own). A speaker at an item of a
  single-day meeting, or at an item without an id, takes part in the whole event: the
  item has no entry of its own, it is inside the event's description.

Used by ``--person`` (agenda, export, publish), ``export --per-person``, ``invite``'s
recipients, ``people --event``, ``agenda --who`` and ``show``. Imports only the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from visitplan.plan.model import Event, Plan, ProgramItem

PARTICIPANT = "participant"
LEAD = "lead"
MEMBER = "member"
SPEAKER = "speaker"
ORGANIZER = "organizer"
ROLES = (PARTICIPANT, LEAD, MEMBER, SPEAKER, ORGANIZER)


def stands_alone(event: Event, item: ProgramItem) -> bool:
    """Whether ``item`` is a calendar entry of its own: it has an id and ``event`` spans
    several days (a single-day meeting's program is in its description)."""
    return item.id is not None and event.when.days > 1


@dataclass(frozen=True)
class Part:
    """What one person takes part in, in one event."""

    person: str
    roles: tuple[str, ...]  # in the order of ROLES
    items: tuple[int, ...]  # indexes (ProgramItem.index) of the items they speak at
    whole: bool  # the whole event, or only ``items``

    def covers(self, item: ProgramItem | None = None) -> bool:
        """Takes part in ``item`` (None: in the event as a whole, i.e. its own entry)."""
        if self.whole:
            return True
        return item is not None and item.index in self.items


# The parts of recent events, by identity: an export asks for each entry of an event.
# The cached value holds the plan and the event, so their ids cannot be reused meanwhile.
_RECENT: dict[tuple[int, int], tuple[Plan, Event, tuple[Part, ...]]] = {}


def parts(plan: Plan, event: Event) -> tuple[Part, ...]:
    """Everyone taking part in ``event``, at any level, each once: delegation members
    (leads first), then participants, then speakers; ids the plan lacks left out."""
    key = (id(plan), id(event))
    cached = _RECENT.get(key)
    if cached is not None and cached[0] is plan and cached[1] is event:
        return cached[2]
    found = _parts(plan, event)
    if len(_RECENT) >= 1 << 16:
        _RECENT.clear()
    _RECENT[key] = (plan, event, found)
    return found


def _parts(plan: Plan, event: Event) -> tuple[Part, ...]:
    roles: dict[str, list[str]] = {}
    spoken: dict[str, list[ProgramItem]] = {}

    def add(person_id: str, role: str) -> None:
        if person_id in plan.people:
            entry = roles.setdefault(person_id, [])
            if role not in entry:
                entry.append(role)

    for delegation_id in event.delegations:
        delegation = plan.delegations.get(delegation_id)
        if delegation is None:
            continue
        for person_id in delegation.everyone:
            add(person_id, LEAD if person_id == delegation.lead else MEMBER)
            if person_id == delegation.lead and person_id in delegation.members:
                add(person_id, MEMBER)
    for person_id in event.participants:
        add(person_id, PARTICIPANT)
    for item in event.program:
        for person_id in item.speakers:
            add(person_id, SPEAKER)
            if person_id in plan.people:
                spoken.setdefault(person_id, []).append(item)
    out = []
    for person_id, found in roles.items():
        if person_id == plan.organizer:
            found.append(ORGANIZER)
        items = spoken.get(person_id, [])
        whole = any(role in (PARTICIPANT, LEAD, MEMBER) for role in found) or not all(
            stands_alone(event, item) for item in items
        )
        ordered = tuple(role for role in ROLES if role in found)
        out.append(Part(person_id, ordered, tuple(item.index for item in items), whole))
    return tuple(out)


def part_of(plan: Plan, event: Event, person_id: str) -> Part | None:
    """What ``person_id`` takes part in, in ``event``; None if nothing."""
    for part in parts(plan, event):
        if part.person == person_id:
            return part
    return None


def takes_part(plan: Plan, event: Event, person_id: str) -> bool:
    """Whether ``person_id`` takes part in ``event`` at all (in the whole or in an item)."""
    return part_of(plan, event, person_id) is not None


def attendees(plan: Plan, event: Event, item: ProgramItem | None = None) -> tuple[str, ...]:
    """Person ids taking part in one calendar entry: the event's own (``item`` None) or
    that of a program item standing alone. In the order of :func:`parts`."""
    return tuple(part.person for part in parts(plan, event) if part.covers(item))


def everyone_ids(plan: Plan, event: Event) -> frozenset[str]:
    """The people of :func:`everyone`, as a set, without working out each one's part
    (the plan index keeps this for every event; tests hold the two equal)."""
    ids = set(event.participants)
    for delegation_id in event.delegations:
        delegation = plan.delegations.get(delegation_id)
        if delegation is not None:
            ids.update(delegation.everyone)
    for item in event.program:
        ids.update(item.speakers)
    return frozenset(ids.intersection(plan.people))


def everyone(plan: Plan, event: Event) -> tuple[str, ...]:
    """Person ids taking part in ``event`` at any level, in the order of :func:`parts`."""
    return tuple(part.person for part in parts(plan, event))


def groups(
    plan: Plan, event: Event, people: Sequence[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``people`` (ids taking part in ``event``) as a guest list is shown: each delegation
    of the event with all its members (lead first), as ``("delegation:ID", ids)``, then the
    others by organization, ``("organization:ID", ids)`` (``organization:`` for people of
    none), organizations in the order of :func:`event_organizations` (the host, the
    delegations' senders, then as their people come), people of none after them. The one
    grouping and order ``show``, the entries' descriptions and the invitations' guest lists
    use, so the three always agree."""
    found: list[tuple[str, tuple[str, ...]]] = []
    placed: set[str] = set()
    for delegation_id in event.delegations:
        delegation = plan.delegations.get(delegation_id)
        if delegation is None:
            continue
        members = tuple(p for p in delegation.everyone if p in plan.people)
        found.append((f"delegation:{delegation_id}", members))
        placed.update(members)
    by_org: dict[str, list[str]] = {}
    for person_id in people:
        if person_id not in placed:
            by_org.setdefault(plan.people[person_id].organization or "", []).append(person_id)
    ranked = [*event_organizations(plan, event), ""]
    for org in sorted(by_org, key=lambda o: ranked.index(o) if o in ranked else len(ranked)):
        found.append((f"organization:{org}", tuple(by_org[org])))
    return tuple(found)


def legacy_attendees(plan: Plan, event: Event) -> tuple[str, ...]:
    """Who took part in an event as visitplan 0.1 decided it, for every entry of the event
    alike: delegation members (leads first), participants, every speaker. Used only by
    ``ical.entries.Item.legacy_fingerprint``, to adopt state files that version wrote; it
    must not change."""
    ids: list[str] = []
    for delegation_id in event.delegations:
        delegation = plan.delegations.get(delegation_id)
        if delegation is not None:
            ids.extend(delegation.everyone)
    ids.extend(event.participants)
    for item in event.program:
        ids.extend(item.speakers)
    return tuple(pid for pid in dict.fromkeys(ids) if pid in plan.people)


def event_topics(event: Event) -> tuple[str, ...]:
    ids = list(event.topics)
    for item in event.program:
        ids.extend(item.topics)
    return tuple(dict.fromkeys(ids))


def event_organizations(
    plan: Plan, event: Event, people: Iterable[str] | None = None
) -> tuple[str, ...]:
    """Organizations taking part: host, delegations' senders, attendees' organizations
    (``people``: those of :func:`everyone`, when known already, in any order)."""
    ids: list[str] = [event.host] if event.host else []
    for delegation_id in event.delegations:
        delegation = plan.delegations.get(delegation_id)
        if delegation is not None and delegation.organization:
            ids.append(delegation.organization)
    for person_id in everyone(plan, event) if people is None else people:
        organization = plan.people[person_id].organization
        if organization:
            ids.append(organization)
    return tuple(org for org in dict.fromkeys(ids) if org in plan.organizations)
