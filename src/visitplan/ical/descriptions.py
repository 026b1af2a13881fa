"""The DESCRIPTION of an entry: notes, the program with its times in the event's zone and
the partners', the participants grouped as ``show`` and the invitations group them
(``participation.groups``), topics and link."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from visitplan.i18n import label, short_date
from visitplan.ical.entries import Item
from visitplan.plan.model import Event, Plan
from visitplan.plan.participation import attendees, groups
from visitplan.views.agenda import Column, default_columns, spans, status_mark


def item_description(
    item: Item, lang: str | None, columns: tuple[Column, ...] | None = None
) -> str:
    """The DESCRIPTION text of an entry (notes, program, participants, topics, link);
    the program's times in ``columns`` (default: the event's zone and the partners')."""
    shared: dict[object, Any] = {}
    if columns is not None:
        assert item.event is not None
        shared[("columns", item.plan.id, item.event.id)] = columns
    return entry_description(item, lang, shared)


def entry_description(item: Item, lang: str | None, shared: dict[object, Any] | None = None) -> str:
    """Notes, the program (times in the event's zone and the partners'), participants by
    delegation and organization (people without email named too), topics, link."""
    plan = item.plan
    event = item.event
    assert event is not None
    key = ("columns", plan.id, event.id)
    columns = shared.get(key) if shared is not None else None
    if columns is None:
        columns = default_columns(plan, event, lang)
        if shared is not None:
            shared[key] = columns
    parts: list[str] = []
    if item.program is not None:
        program = item.program
        day = program.when.start.astimezone(event.zone).date()
        parts.append(_times_line(spans(columns, program.when.start, program.when.end), day))
        parts.append(f"{label(lang, 'part-of')}: {plan.text(event.title, lang)}")
        speakers = ", ".join(
            plan.text(plan.people[s].name, lang) for s in program.speakers if s in plan.people
        )
        if speakers:
            parts.append(f"{label(lang, 'speakers')}: {speakers}")
        notes = plan.text(program.notes, lang)
        if notes:
            parts.append(notes.strip())
        return "\n".join(parts)
    notes = plan.text(event.notes, lang)
    if notes:
        parts.append(notes.strip())
    if event.program:
        lines = [f"{label(lang, 'program')}:"]
        for program in event.schedule:
            day = program.when.start.astimezone(event.zone).date()
            prefix = f"{short_date(day, lang)} " if event.when.days > 1 else ""
            line = prefix + _times_line(spans(columns, program.when.start, program.when.end), day)
            line += f"  {plan.text(program.title, lang)}{status_mark(program, lang)}"
            speakers = ", ".join(
                plan.text(plan.people[s].name, lang) for s in program.speakers if s in plan.people
            )
            if speakers:
                line += f" — {speakers}"
            lines.append(line)
        parts.append("\n".join(lines))
    who = _participants(plan, event, lang)
    if who:
        parts.append(who)
    if event.topics:
        titles = "; ".join(plan.text(t.title, lang) for t in plan.topics if t.id in event.topics)
        parts.append(f"{label(lang, 'topics')}: {titles}")
    if event.url:
        parts.append(f"{label(lang, 'link')}: {event.url}")
    return "\n\n".join(parts)


def _times_line(times: Iterable[object], day: date) -> str:
    return " · ".join(f"{span.text(day)} {span.column.label}" for span in times)  # type: ignore[attr-defined]


def guest_groups(
    plan: Plan, event: Event, people: Sequence[str], lang: str | None
) -> list[tuple[str, list[str]]]:
    """``people`` grouped as ``participation.groups`` does, as texts: the delegation's
    name or the organization's short name (``—`` for none), and the names (the lead's
    marked)."""
    out = []
    for group, ids in groups(plan, event, people):
        kind, _, group_id = group.partition(":")
        if kind == "delegation":
            delegation = plan.delegations[group_id]
            heading = plan.text(delegation.name, lang)
        else:
            org = plan.organizations.get(group_id)
            heading = (org.short or plan.text(org.name, lang)) if org else "—"
            delegation = None
        names = []
        for person_id in ids:
            name = plan.text(plan.people[person_id].name, lang)
            lead = delegation is not None and person_id == delegation.lead
            names.append(f"{name} ({label(lang, 'lead')})" if lead else name)
        out.append((heading, names))
    return out


def _participants(plan: Plan, event: Event, lang: str | None) -> str:
    """The event entry's attendees (see ``participation``), by delegation and
    organization; those without an email named once more."""
    lines = [f"{label(lang, 'participants-title')}:"]
    taking_part = attendees(plan, event)
    for heading, names in guest_groups(plan, event, taking_part, lang):
        lines.append(f"{heading}: {', '.join(names)}")
    without = [
        plan.text(plan.people[p].name, lang) for p in taking_part if not plan.people[p].email
    ]
    if without:
        lines.append(f"{label(lang, 'no-email')}: {', '.join(without)}")
    return "\n".join(lines) if len(lines) > 1 else ""
