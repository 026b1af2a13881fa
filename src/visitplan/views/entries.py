"""The other views of a plan: one event in full, the exchange topics, the actions and the
roster of people. Pure data built from the model; ``render`` shows it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from visitplan.errors import UsageError, VisitplanError
from visitplan.plan.model import Action, Event, Person, Plan, ProgramItem, Topic
from visitplan.plan.participation import everyone, parts
from visitplan.plan.participation import groups as participant_groups
from visitplan.views.agenda import (
    Column,
    default_columns,
    event_regions,
    explicit_columns,
    holidays_on,
)

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Calendars, Holiday


def find_event(plans: Sequence[Plan], event_id: str) -> tuple[Plan, Event]:
    """The event called ``event_id``; a clear error if no plan or several plans have it."""
    found = [(plan, event) for plan in plans for event in plan.events if event.id == event_id]
    if len(found) == 1:
        return found[0]
    if not found:
        from visitplan.plan.wording import suggest

        ids = [event.id for plan in plans for event in plan.events]
        near = suggest(event_id, ids)
        hint = f'did you mean "{near}"?' if near else "the events are: " + ", ".join(ids[:12])
        raise UsageError(f'no event "{event_id}" in {_plan_names(plans)}', hint)
    files = ", ".join(plan.source for plan, _ in found)
    raise UsageError(
        f'event "{event_id}" is in several plans ({files})', "name the plan: show PLAN EVENT-ID"
    )


def _plan_names(plans: Sequence[Plan]) -> str:
    names = [plan.source or plan.id for plan in plans]
    return names[0] if len(names) == 1 else f"{len(names)} plans"


# --------------------------------------------------------------------------- show


@dataclass(frozen=True)
class EventView:
    plan: Plan
    event: Event
    columns: tuple[Column, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (delegation or organization id, people)
    actions: tuple[Action, ...]
    # people who take part in only some program items (see ``participation``): those items
    only: Mapping[str, tuple[ProgramItem, ...]] = field(default_factory=dict)
    holidays: tuple[tuple[date, Holiday], ...] = ()  # its days that are public holidays


def event_view(
    plan: Plan,
    event: Event,
    lang: str | None,
    zones: Sequence[object] = (),
    calendars: Calendars | None = None,
) -> EventView:
    """Everything about one event. Columns: every zone of the organizations taking part.
    With ``calendars``, its days that are public holidays in a country involved."""
    columns = (
        explicit_columns(zones, lang)  # type: ignore[arg-type]
        if zones
        else default_columns(plan, event, lang, limit=6)
    )
    taking_part = parts(plan, event)
    attendees = [part.person for part in taking_part]
    only = {
        part.person: tuple(item for item in event.schedule if part.covers(item))
        for part in taking_part
        if not part.whole
    }
    groups = participant_groups(plan, event, attendees)
    actions = tuple(action for action in plan.actions if action.event == event.id)
    holidays: list[tuple[date, Holiday]] = []
    if calendars is not None:
        regions = event_regions(plan, event)
        when = event.when
        first, last = when.first_day, when.last_day
        for number in range((last - first).days + 1):
            day = first + timedelta(days=number)
            holidays.extend((day, h) for h in holidays_on(calendars, regions, day))
    return EventView(plan, event, columns, groups, actions, only, tuple(holidays))


# --------------------------------------------------------------------------- topics


@dataclass(frozen=True)
class TopicView:
    plan: Plan
    topic: Topic
    covered_in: tuple[tuple[Event, ProgramItem | None], ...]  # the event, or one of its items

    @property
    def uncovered(self) -> bool:
        """Requested or accepted, still open, and in no event or program item."""
        wanted = self.topic.requested_by is not None or self.topic.status == "accepted"
        still_open = self.topic.status not in ("done", "dropped")
        return wanted and still_open and not self.covered_in


def topic_views(plans: Sequence[Plan], status: str | None = None) -> tuple[TopicView, ...]:
    views = []
    for plan in plans:
        for topic in plan.topics:
            if status is not None and topic.status != status:
                continue
            covered: list[tuple[Event, ProgramItem | None]] = []
            for event in plan.events:
                if event.cancelled:
                    continue
                if topic.id in event.topics:
                    covered.append((event, None))
                for item in event.program:
                    if topic.id in item.topics:
                        covered.append((event, item))
            views.append(TopicView(plan, topic, tuple(covered)))
    return tuple(views)


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class ActionView:
    plan: Plan
    action: Action
    overdue: bool


def action_views(
    plans: Sequence[Plan], today: date, owner: str | None = None, status: str | None = None
) -> tuple[ActionView, ...]:
    """Actions by due date (those without one last), each once."""
    views = [
        ActionView(plan, action, action.overdue(today))
        for plan in plans
        for action in plan.actions
        if (owner is None or action.owner == owner) and (status is None or action.status == status)
    ]
    views.sort(
        key=lambda v: (v.action.due is None, v.action.due or date.max, v.plan.id, v.action.index)
    )
    return tuple(views)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonView:
    plan: Plan
    person: Person

    def spellings(self) -> tuple[str, ...]:
        """Every distinct spelling of the name, in the order the plan gives them."""
        name = self.person.name
        values = ([name.plain] if name.plain else []) + [text for _, text in name.translations]
        return tuple(dict.fromkeys(values))


def people_views(
    plans: Sequence[Plan],
    event: str | None = None,
    delegation: str | None = None,
    org: str | None = None,
) -> tuple[PersonView, ...]:
    views: list[PersonView] = []
    matched_event = matched_delegation = False
    for plan in plans:
        ids: list[str] = list(plan.people)
        if event is not None:
            found = plan.event(event)
            ids = list(everyone(plan, found)) if found else []
            matched_event |= found is not None
        if delegation is not None:
            group = plan.delegations.get(delegation)
            members = [p for p in group.everyone if p in plan.people] if group else []
            ids = [p for p in (members if event is None else ids) if p in members]
            matched_delegation |= group is not None
        if org is not None:
            ids = [p for p in ids if plan.people[p].organization == org]
        views.extend(PersonView(plan, plan.people[p]) for p in ids)
    if event is not None and not matched_event:
        raise VisitplanError(
            f'no event "{event}" in {_plan_names(plans)}', "see `visitplan agenda --all`"
        )
    if delegation is not None and not matched_delegation:
        raise VisitplanError(f'no delegation "{delegation}" in {_plan_names(plans)}')
    return tuple(views)
