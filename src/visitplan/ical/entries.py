"""What a plan exports: its calendar entries (:class:`Item`: an event, a program item
that stands alone, an action) in plan order (:func:`plan_items`), and which of them an
export selects (:class:`Selection`: ``--event``, ``--person``, ``--delegation``,
``--from/--to``)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from visitplan.ical.uids import action_uid, event_uid, program_uid
from visitplan.plan.model import Action, Event, Person, Plan, ProgramItem
from visitplan.plan.participation import attendees, legacy_attendees, part_of, stands_alone
from visitplan.views.agenda import Window


@dataclass(frozen=True)
class Item:
    """One calendar entry of a plan: an event, a program item of a multi-day event (with
    an id), or an action (VTODO)."""

    uid: str
    plan: Plan
    event: Event | None = None
    program: ProgramItem | None = None
    action: Action | None = None

    @property
    def is_todo(self) -> bool:
        return self.action is not None

    def attendees(self) -> tuple[str, ...]:
        """Who takes part in this entry (see ``participation``): for a program item of
        its own, the event's whole-event people and the item's speakers."""
        if self.event is None:
            return ()
        return attendees(self.plan, self.event, self.program)

    def legacy_fingerprint(self, memo: dict[object, str] | None = None) -> str:
        """The fingerprint visitplan wrote before content fingerprints: a digest of the
        repr of the model objects the entry was made from. Used only to adopt a state
        file written by those versions (see :meth:`.fingerprints.Fingerprints.matches`); it must stay
        exactly as it was. ``memo`` keeps the reprs of parts shared by many entries of
        one plan (people, organizations, an event without its program) for one stamping;
        the digest is the same with or without it."""
        plan = self.plan
        people: list[Person] = (
            []
            if self.event is None
            else [plan.people[p] for p in legacy_attendees(plan, self.event)]
        )
        organizer = plan.people.get(plan.organizer or "")
        if self.action is not None:
            owner = plan.people.get(self.action.owner or "") or plan.organizations.get(
                self.action.owner or ""
            )
            payload: tuple[object, ...] = (self.action, owner, self.action.event)
            return hashlib.sha256(repr(payload).encode()).hexdigest()[:20]
        assert self.event is not None
        event = self.event
        memo = {} if memo is None else memo

        def shown(part: object, key: object = None) -> str:
            if part is None:
                return "None"
            key = key if key is not None else id(part)  # parts of the plan live as long
            text = memo.get(key)
            if text is None:
                text = memo[key] = repr(part)
            return text

        def listed(parts: list[Any]) -> str:
            return "[" + ", ".join(shown(part) for part in parts) + "]"

        if self.program is not None:
            event_text = shown(dataclasses.replace(event, program=()), ("bare", event.id))
        else:
            event_text = repr(event)
        orgs = [plan.organizations.get(p.organization or "") for p in people]
        delegations = [plan.delegations.get(d) for d in event.delegations]
        topics = [t for t in plan.topics if t.id in event.topics]
        host = plan.organizations.get(event.host or "")
        parts = [
            event_text,
            repr(self.program),
            listed(people),
            listed(orgs),
            listed(delegations),
            listed(topics),
            shown(host),
            shown(organizer),
        ]
        return hashlib.sha256(("(" + ", ".join(parts) + ")").encode()).hexdigest()[:20]

    def first_day(self) -> date:
        if self.action is not None:
            return self.action.due or date.min
        when = (self.program or self.event).when  # type: ignore[union-attr]
        return when.first_day

    def last_day(self) -> date:
        if self.action is not None:
            return self.action.due or date.max
        when = (self.program or self.event).when  # type: ignore[union-attr]
        return when.last_day


def plan_items(plan: Plan, todos: bool = True) -> list[Item]:
    """Every calendar entry of ``plan``, in plan order."""
    items: list[Item] = []
    for event in plan.events:
        items.append(Item(event_uid(plan, event), plan, event))
        items.extend(
            Item(program_uid(plan, event, program), plan, event, program)
            for program in event.program
            if stands_alone(event, program)
        )
    if todos:
        items.extend(Item(action_uid(plan, action), plan, action=action) for action in plan.actions)
    return items


@dataclass(frozen=True)
class Selection:
    """Which entries to export: ``--event``, ``--person``, ``--delegation``, ``--from/--to``."""

    events: tuple[str, ...] = ()
    person: str | None = None
    delegation: str | None = None
    window: Window = dataclasses.field(default_factory=Window)

    @property
    def everything(self) -> bool:
        return not (self.events or self.person or self.delegation) and self.window == Window()

    def match(self, item: Item) -> bool:
        plan = item.plan
        if item.action is not None:
            action = item.action
            if self.events and action.event not in self.events:
                return False
            if self.delegation is not None and not self._action_of_delegation(plan, action):
                return False
            if self.person is not None and not self._action_of_person(plan, action):
                return False
            return action.due is None or self.window.contains(action.due)
        assert item.event is not None
        event = item.event
        if self.events and event.id not in self.events:
            return False
        if self.delegation is not None and self.delegation not in event.delegations:
            return False
        if self.person is not None:
            part = part_of(plan, event, self.person)
            if part is None or not part.covers(item.program):
                return False
        first, last = item.first_day(), item.last_day()
        return (self.window.start is None or last >= self.window.start) and (
            self.window.end is None or first <= self.window.end
        )

    def _action_of_person(self, plan: Plan, action: Action) -> bool:
        person = plan.people.get(self.person or "")
        parties = {action.owner, action.requested_by}
        return self.person in parties or (person is not None and person.organization in parties)

    def _action_of_delegation(self, plan: Plan, action: Action) -> bool:
        delegation = plan.delegations.get(self.delegation or "")
        if delegation is None:
            return False
        parties = {action.owner, action.requested_by}
        return delegation.organization in parties or bool(parties & set(delegation.everyone))
