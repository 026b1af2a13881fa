"""Output for programs: the JSON of the agenda, of one event and of the topics, actions
and people (stable fields, documented in the README), and the CSV of the people."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from visitplan.plan.model import Event, Plan, ProgramItem
from visitplan.plan.participation import everyone
from visitplan.render.printer import Words
from visitplan.views.agenda import Agenda, Column, OffsetChange, Span, spans
from visitplan.views.entries import ActionView, EventView, PersonView, TopicView

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Holiday


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def times_json(times: Sequence[Span]) -> list[dict[str, Any]]:
    return [
        {
            "zone": s.column.zone.key,
            "label": s.column.label,
            "start": iso(s.start),
            "end": iso(s.end),
        }
        for s in times
    ]


def _ref(words: Words, plan: Plan, kind: str, value: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    name = {
        "person": words.person,
        "org": words.org,
        "party": words.party,
        "topic": words.topic,
        "delegation": words.delegation,
    }[kind](plan, value)
    return {"id": value, "name": name}


def event_json(words: Words, plan: Plan, event: Event, columns: Sequence[Column]) -> dict[str, Any]:
    """The stable JSON form of an event (see the README for the fields)."""
    when = event.when
    if when.all_day:
        start: str | None = when.first_day.isoformat()
        end: str | None = when.last_day.isoformat()
    else:
        start, end = iso(when.start), iso(when.end)
    return {
        "plan": plan.id,
        "id": event.id,
        "kind": event.kind,
        "status": event.status,
        "title": words.text(plan, event.title),
        "all_day": when.all_day,
        "start": start,
        "end": end,
        "timezone": event.zone.key,
        "times": [] if when.all_day else times_json(spans(columns, when.start, when.end)),
        "location": words.text(plan, event.location) or None,
        "url": event.url,
        "host": _ref(words, plan, "org", event.host),
        "delegations": [_ref(words, plan, "delegation", d) for d in event.delegations],
        "participants": [_ref(words, plan, "person", p) for p in everyone(plan, event)],
        "topics": [_ref(words, plan, "topic", t) for t in event.topics],
        "notes": words.text(plan, event.notes) or None,
        "program": [program_json(words, plan, item, columns) for item in event.schedule],
    }


def program_json(
    words: Words, plan: Plan, item: ProgramItem, columns: Sequence[Column]
) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": words.text(plan, item.title),
        "start": iso(item.when.start),
        "end": iso(item.when.end),
        "times": times_json(spans(columns, item.when.start, item.when.end)),
        "location": words.text(plan, item.location) or None,
        "speakers": [_ref(words, plan, "person", s) for s in item.speakers],
        "topics": [_ref(words, plan, "topic", t) for t in item.topics],
        **({"status": item.status} if item.status != "confirmed" else {}),
    }


def agenda_json(agenda: Agenda, words: Words) -> str:
    days = []
    for day in agenda.days:
        items = []
        for row in day.rows:
            item = event_json(words, row.plan, row.event, row.columns)
            item["day"] = row.day_number
            item["days"] = row.day_count
            item["program"] = [
                program_json(words, row.plan, p.item, row.columns) for p in row.program
            ]
            items.append(item)
        entry: dict[str, Any] = {"date": day.day.isoformat()}
        if day.holidays:  # only on a public holiday of a country involved
            entry["holidays"] = holidays_json(day.holidays, words)
        entry["items"] = items
        days.append(entry)
    document = {
        "from": agenda.window.start.isoformat() if agenda.window.start else None,
        "to": agenda.window.end.isoformat() if agenda.window.end else None,
        "language": words.lang,
        "offset_changes": offset_changes_json(agenda.changes),
        "days": days,
    }
    return dump_json(document)


def holidays_json(holidays: Iterable[Holiday], words: Words) -> list[dict[str, Any]]:
    return [{"country": h.country, "name": h.name(words.lang)} for h in holidays]


def offset_changes_json(changes: Sequence[OffsetChange]) -> list[dict[str, object]]:
    """The ``offset_changes`` of the agenda's and slots' JSON."""
    return [
        {
            "zones": [c.a.zone.key, c.b.zone.key],
            "date": c.day.isoformat(),
            "difference_before_hours": c.before.total_seconds() / 3600,
            "difference_after_hours": c.after.total_seconds() / 3600,
        }
        for c in changes
    ]


def dump_json(document: object) -> str:
    import json  # only for --format json: a text agenda does without it

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def show_json(view: EventView, words: Words) -> str:
    plan = view.plan
    document = event_json(words, plan, view.event, view.columns)
    if view.holidays:  # only for an event on a public holiday of a country involved
        document["holidays"] = [
            {"date": day.isoformat(), **holidays_json([h], words)[0]} for day, h in view.holidays
        ]
    document["groups"] = [
        {
            "kind": group.partition(":")[0],
            "id": group.partition(":")[2] or None,
            "people": [
                {
                    **person_json(words, _person_view(plan, p)),
                    "only": (
                        [{"id": i.id, "title": words.text(plan, i.title)} for i in view.only[p]]
                        if p in view.only
                        else None
                    ),
                }
                for p in members
            ],
        }
        for group, members in view.groups
    ]
    document["actions"] = [action_json(words, ActionView(plan, a, False)) for a in view.actions]
    return dump_json(document)


def _person_view(plan: Plan, person_id: str) -> PersonView:
    return PersonView(plan, plan.people[person_id])


def topics_json(views: Sequence[TopicView], words: Words) -> str:
    return dump_json(
        [
            {
                "plan": v.plan.id,
                "id": v.topic.id,
                "title": words.text(v.plan, v.topic.title),
                "description": words.text(v.plan, v.topic.description) or None,
                "status": v.topic.status,
                "requested_by": _ref(words, v.plan, "party", v.topic.requested_by),
                "proposed_by": _ref(words, v.plan, "party", v.topic.proposed_by),
                "covered_in": [
                    {
                        "event": event.id,
                        "program_item": None
                        if item is None
                        else {"id": item.id, "title": words.text(v.plan, item.title)},
                    }
                    for event, item in v.covered_in
                ],
                "uncovered": v.uncovered,
            }
            for v in views
        ]
    )


def action_json(words: Words, view: ActionView) -> dict[str, Any]:
    plan, action = view.plan, view.action
    return {
        "plan": plan.id,
        "id": action.id,
        "title": words.text(plan, action.title),
        "status": action.status,
        "due": action.due.isoformat() if action.due else None,
        "overdue": view.overdue,
        "owner": _ref(words, plan, "party", action.owner),
        "requested_by": _ref(words, plan, "party", action.requested_by),
        "event": action.event,
    }


def actions_json(views: Sequence[ActionView], words: Words) -> str:
    return dump_json([action_json(words, v) for v in views])


def person_json(words: Words, view: PersonView) -> dict[str, Any]:
    plan, person = view.plan, view.person
    return {
        "plan": plan.id,
        "id": person.id,
        "name": words.person(plan, person.id),
        "spellings": list(view.spellings()),
        "names": dict(person.name.translations) or {"": person.name.plain},
        "organization": _ref(words, plan, "org", person.organization),
        "role": words.text(plan, person.role) or None,
        "email": person.email,
        "phone": person.phone,
        "languages": list(person.languages),
    }


def people_json(views: Sequence[PersonView], words: Words) -> str:
    return dump_json([person_json(words, v) for v in views])


def csv_columns(languages: Iterable[str]) -> tuple[str, ...]:
    """The header of ``people --format csv``: a ``name_<code>`` column for each language."""
    return (
        "plan",
        "id",
        "name",
        *(f"name_{lang}" for lang in languages),
        "organization",
        "organization_name",
        "role",
        "email",
        "phone",
    )


def name_languages(views: Iterable[PersonView]) -> tuple[str, ...]:
    """The languages the CSV spells names in, each once: the ``languages`` of each plan in
    turn, or for a plan that names none, those its people's names are given in."""
    found: dict[str, None] = {}
    for view in views:
        found.update(dict.fromkeys(view.plan.languages or view.person.name.languages))
    return tuple(found)


def people_csv(views: Sequence[PersonView], words: Words) -> str:
    """One row per person; the ``name_<code>`` columns give the name in each of the
    plan's languages (for visa letters, badges and mail merges)."""
    buffer = io.StringIO()
    import csv  # only for --format csv

    languages = name_languages(views)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_columns(languages))
    for view in views:
        plan, person = view.plan, view.person
        names = dict(person.name.translations)
        org = plan.organizations.get(person.organization or "")
        writer.writerow(
            [
                plan.id,
                person.id,
                words.person(plan, person.id),
                *(names.get(lang, person.name.plain or "") for lang in languages),
                person.organization or "",
                words.text(plan, org.name) if org else "",
                words.text(plan, person.role),
                person.email or "",
                person.phone or "",
            ]
        )
    return buffer.getvalue()
