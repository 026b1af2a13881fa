"""What changed in the plans between two revisions, in plain language.

Plans are matched by id (a renamed file keeps its plan id), events, program items,
topics and actions by theirs. Times are given in the event's zone and, as the agenda
would show them, in the partners' zones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from visitplan.changes.model import Change, PlanChanges, when_json
from visitplan.changes.sentences import Writer
from visitplan.i18n import colon
from visitplan.plan.loading import LoadResult
from visitplan.plan.model import Action, Event, Plan, ProgramItem, Topic
from visitplan.plan.participation import everyone
from visitplan.views.agenda import Column, default_columns


def compare(
    old: Sequence[LoadResult],
    new: Sequence[LoadResult],
    lang: str | None,
    today: date,
    old_name: str = "",
) -> list[PlanChanges]:
    """The changes from ``old`` to ``new``, plan by plan (in the new plans' order)."""
    writer = Writer(lang)
    result: list[PlanChanges] = []
    unreadable: list[PlanChanges] = []
    old_plans: dict[str, tuple[str, Plan]] = {}
    for loaded in old:
        if loaded.plan is not None and loaded.plan.id:
            old_plans[loaded.plan.id] = (loaded.file, loaded.plan)
    seen: set[str] = set()
    for loaded in new:
        plan = loaded.plan
        if plan is None or not plan.id:
            entry = PlanChanges("", loaded.file, loaded.file)
            revision = writer.say("working-tree")
            entry.changes.append(
                writer.change("plan-unreadable", file=loaded.file, revision=revision)
            )
            unreadable.append(entry)
            continue
        seen.add(plan.id)
        entry = PlanChanges(plan.id, writer.text(plan, plan.title), loaded.file)
        if plan.id not in old_plans:
            entry.changes.append(writer.change("plan-added", title=entry.title))
            result.append(entry)
            continue
        old_file, old_plan = old_plans[plan.id]
        if old_file != loaded.file:
            entry.changes.append(
                writer.change(
                    "plan-renamed",
                    before=old_file,
                    after=loaded.file,
                    old=old_file,
                    new=loaded.file,
                )
            )
        entry.changes.extend(_plan_changes(writer, old_plan, plan, today))
        if entry.changes:
            result.append(entry)
    for plan_id, (old_file, old_plan) in old_plans.items():
        if plan_id not in seen:
            entry = PlanChanges(plan_id, writer.text(old_plan, old_plan.title), old_file)
            entry.changes.append(writer.change("plan-removed", title=entry.title))
            result.append(entry)
    return result + unreadable


def _plan_changes(w: Writer, old: Plan, new: Plan, today: date) -> list[Change]:
    changes: list[Change] = []
    for before, event in _namesakes(old.events, new.events):
        columns = default_columns(new, event, w.lang)
        if before is None:
            changes.append(_event_said(w, "event-added", new, event, columns))
        else:
            changes.extend(_event_changes(w, (old, new), before, event, columns))
    new_ids = {e.id for e in new.events}
    for event in old.events:
        if event.id not in new_ids:
            columns = default_columns(old, event, w.lang)
            changes.append(_event_said(w, "event-removed", old, event, columns))
    changes.extend(_delegation_changes(w, old, new))
    changes.extend(_topic_changes(w, old, new))
    changes.extend(_action_changes(w, old, new, today))
    return changes


def _event_said(
    w: Writer, kind: str, plan: Plan, event: Event, columns: Sequence[Column]
) -> Change:
    """An event added or removed: its title and time in ``plan``."""
    title, when = w.event_title(plan, event), w.when(event.when, columns)
    return w.change(kind, event.kind, event_id=event.id, title=title, when=when)


def _event_changes(
    w: Writer, plans: tuple[Plan, Plan], old: Event, new: Event, columns: Sequence[Column]
) -> list[Change]:
    """What changed in an event that both revisions have (``plans``: old, new)."""
    old_plan, plan = plans
    title = w.event_title(plan, new)
    changes: list[Change] = []
    old_title, new_title = w.text(old_plan, old.title), w.text(plan, new.title)
    if old_title != new_title:
        changes.append(
            w.change(
                "event-title", new.kind, event_id=new.id, before=old_title, after=title,
                old=old_title, new=new_title,
            )
        )  # fmt: skip
    if old.status != new.status:
        changes.append(_status_change(w, old, new, title, columns))
    changes.extend(_time_changes(w, old, new, title, columns))
    old_place, new_place = w.text(old_plan, old.location), w.text(plan, new.location)
    none = w.say("none")
    if old_place != new_place:
        shown = (old_place or none, new_place or none)
        changes.append(
            _replaced(w, "event-place", old_place, new_place, shown, new.id, title=title)
        )
    if old.url != new.url:
        shown = (old.url or none, new.url or none)
        changes.append(_replaced(w, "event-link", old.url, new.url, shown, new.id, title=title))
    changes.extend(_program_changes(w, plans, old, new, columns))
    changes.extend(
        _joined_and_left(
            w, "participants", plans, everyone(old_plan, old), everyone(plan, new),
            new.id, event=title,
        )
    )  # fmt: skip
    return changes


def _status_change(
    w: Writer, old: Event, new: Event, title: str, columns: Sequence[Column]
) -> Change:
    """A new status: cancelled, on again after a cancellation, or another."""
    values = {"event_id": new.id, "before": old.status, "after": new.status, "title": title}
    if new.status == "cancelled":
        return w.change("event-cancelled", new.kind, when=w.when(new.when, columns), **values)
    if old.status == "cancelled":
        return w.change(
            "event-reconfirmed", new.kind, when=w.when(new.when, columns),
            new=w.status(new.status, new.kind), **values,
        )  # fmt: skip
    return w.change(
        "event-status", old=w.status(old.status, new.kind), new=w.status(new.status, new.kind),
        **values,
    )  # fmt: skip


def _time_changes(
    w: Writer, old: Event, new: Event, title: str, columns: Sequence[Column]
) -> list[Change]:
    """A move (another start, zone or all-day-ness), else a new end."""
    old_when, new_when = old.when, new.when
    values: dict[str, Any] = {
        "event_id": new.id,
        "before": when_json(old_when),
        "after": when_json(new_when),
        "title": title,
        "old": w.when(old_when, columns),
        "new": w.when(new_when, columns),
    }
    if (
        old_when.start != new_when.start
        or old_when.all_day != new_when.all_day
        or old.zone != new.zone
    ):
        others = w.others(old_when, new_when, columns)
        return [w.change("event-moved", new.kind, others=others, **values)]
    if old_when.end != new_when.end:
        return [w.change("event-duration", **values)]
    return []


def _item_key(item: ProgramItem, plan: Plan) -> str:
    return item.id or plan.text(item.title)


def _program_changes(
    w: Writer, plans: tuple[Plan, Plan], old: Event, new: Event, columns: Sequence[Column]
) -> list[Change]:
    """Program items added, moved on their own (not with their event), with new
    speakers or removed, and a new order of the items both revisions have."""
    old_plan, plan = plans
    event_title = w.event_title(plan, new)
    old_items = {_item_key(i, old_plan): i for i in old.program}
    new_items = {_item_key(i, plan): i for i in new.program}
    changes: list[Change] = []
    for key, item in new_items.items():
        title = w.text(plan, item.title)
        before = old_items.get(key)
        if before is None:
            changes.append(
                w.change(
                    "program-added", event_id=new.id, item_id=item.id, event=event_title,
                    title=title, when=w.when(item.when, columns),
                )
            )  # fmt: skip
        else:
            said = {"event_id": new.id, "item_id": item.id, "event": event_title, "title": title}
            changes.extend(_item_changes(w, plans, (old, new), (before, item), columns, said))
    for key, item in old_items.items():
        if key not in new_items:
            title = w.text(old_plan, item.title)
            changes.append(
                w.change(
                    "program-removed", event_id=new.id, item_id=item.id, event=event_title,
                    title=title,
                )
            )  # fmt: skip
    kept_old = [k for k in old_items if k in new_items]
    kept_new = [k for k in new_items if k in old_items]
    moved = {c.item for c in changes if c.kind == "program-moved"}
    if kept_old != kept_new and not moved:
        changes.append(
            w.change(
                "program-reordered", event_id=new.id, before=kept_old, after=kept_new,
                event=event_title,
            )
        )  # fmt: skip
    return changes


def _item_changes(
    w: Writer,
    plans: tuple[Plan, Plan],
    events: tuple[Event, Event],
    items: tuple[ProgramItem, ProgramItem],
    columns: Sequence[Column],
    said: dict[str, Any],
) -> list[Change]:
    """What changed in a program item both revisions have (``said``: the ids and words
    every sentence about it has). Items that moved with their event are not news: only
    a move of their own is."""
    (old_plan, plan), (old, new), (before, item) = plans, events, items
    changes = []
    if item.when.start - before.when.start != new.when.start - old.when.start:
        shown = (w.when(before.when, columns), w.when(item.when, columns))
        others = w.others(before.when, item.when, columns)
        changes.append(
            _replaced(
                w, "program-moved", when_json(before.when), when_json(item.when), shown,
                others=others, **said,
            )
        )  # fmt: skip
    if before.speakers != item.speakers:
        shown = (w.names(old_plan, before.speakers), w.names(plan, item.speakers))
        changes.append(
            _replaced(
                w, "program-speakers", list(before.speakers), list(item.speakers), shown, **said
            )
        )
    return changes


def _delegation_changes(w: Writer, old: Plan, new: Plan) -> list[Change]:
    changes = []
    for delegation_id, delegation in new.delegations.items():
        before = old.delegations.get(delegation_id)
        if before is None:
            continue
        changes.extend(
            _joined_and_left(
                w, "members", (old, new), before.everyone, delegation.everyone,
                item_id=delegation_id, name=w.text(new, delegation.name),
            )
        )  # fmt: skip
    return changes


def _topic_changes(w: Writer, old: Plan, new: Plan) -> list[Change]:
    changes = []
    for was, topic in _namesakes(old.topics, new.topics):
        title = w.text(new, topic.title)
        if was is None:
            changes.append(
                w.change(
                    "topic-added", item_id=topic.id, after=topic.status, title=title,
                    status=w.status(topic.status),
                )
            )  # fmt: skip
        elif was.status != topic.status:
            shown = (w.status(was.status), w.status(topic.status))
            changes.append(
                _replaced(
                    w, "topic-status", was.status, topic.status, shown, item_id=topic.id,
                    title=title,
                )
            )  # fmt: skip
    changes.extend(_removed(w, "topic-removed", old, old.topics, new.topics))
    return changes


def _action_changes(w: Writer, old: Plan, new: Plan, today: date) -> list[Change]:
    changes = []
    for was, action in _namesakes(old.actions, new.actions):
        title = w.text(new, action.title)
        if was is None:
            changes.append(_action_added(w, new, action, title))
        elif was.status != action.status:
            key = "action-done" if action.status == "done" else "action-status"
            shown = (w.status(was.status, "action"), w.status(action.status, "action"))
            changes.append(
                _replaced(w, key, was.status, action.status, shown, item_id=action.id, title=title)
            )
        if action.due is not None and action.overdue(today):
            was_overdue = was is not None and was.overdue(today) and was.due == action.due
            if not was_overdue:
                due = action.due.isoformat()
                changes.append(
                    w.change("action-overdue", item_id=action.id, after=due, title=title, due=due)
                )
    changes.extend(_removed(w, "action-removed", old, old.actions, new.actions))
    return changes


def _action_added(w: Writer, plan: Plan, action: Action, title: str) -> Change:
    """A new action, with its owner and due date where it has them."""
    details = []
    if action.owner:
        details.append(f"{w.say('action-owner')}{colon(w.lang)}{w.party(plan, action.owner)}")
    if action.due:
        details.append(f"{w.say('action-due')} {action.due.isoformat()}")
    suffix = f" ({', '.join(details)})" if details else ""
    return w.change("action-added", item_id=action.id, title=title, details=suffix)


class _Entry(Protocol):
    @property
    def id(self) -> str: ...


_E = TypeVar("_E", bound=_Entry)


def _namesakes(before: Sequence[_E], after: Sequence[_E]) -> Iterator[tuple[_E | None, _E]]:
    """Each entry of ``after`` (an event, topic or action) with the entry of the same id
    in ``before``, or None where it is new."""
    old = {entry.id: entry for entry in before}
    return ((old.get(entry.id), entry) for entry in after)


def _replaced(
    w: Writer,
    kind: str,
    before: Any,
    after: Any,
    shown: tuple[str, str],
    event_id: str | None = None,
    item_id: str | None = None,
    **words: str,
) -> Change:
    """A value that changed: the sentence names it as ``shown`` (old, new)."""
    return w.change(
        kind, event_id=event_id, item_id=item_id, before=before, after=after,
        old=shown[0], new=shown[1], **words,
    )  # fmt: skip


def _joined_and_left(
    w: Writer,
    kind: str,
    plans: tuple[Plan, Plan],
    before: Sequence[str],
    after: Sequence[str],
    event_id: str | None = None,
    item_id: str | None = None,
    **words: str,
) -> list[Change]:
    """``<kind>-added`` and ``<kind>-removed`` for the people who joined or left a list
    (named from the new plan and the old one)."""
    added = [p for p in after if p not in before]
    removed = [p for p in before if p not in after]
    ids = {"event_id": event_id, "item_id": item_id}
    changes = []
    if added:
        names = w.names(plans[1], added)
        changes.append(
            w.change(f"{kind}-added", None, len(added), after=added, names=names, **ids, **words)
        )
    if removed:
        names = w.names(plans[0], removed)
        changes.append(
            w.change(
                f"{kind}-removed", None, len(removed), before=removed, names=names, **ids, **words
            )
        )
    return changes


def _removed(
    w: Writer,
    kind: str,
    old: Plan,
    before: Sequence[Topic | Action],
    after: Sequence[Topic | Action],
) -> list[Change]:
    """A change for each topic or action that ``after`` no longer has."""
    kept = {entry.id for entry in after}
    return [
        w.change(kind, item_id=entry.id, title=w.text(old, entry.title))
        for entry in before
        if entry.id not in kept
    ]
