"""The calendar component of each entry as content lines: an event's or a program
item's VEVENT (:func:`entry_lines`), an action's VTODO, the CANCELLED entry of one that
left the plan (:func:`tombstone_lines`), and the options they are written with
(:class:`ExportOptions`). As icalendar objects for ``publish`` and ``invite``, which add
to them: :func:`item_component`, :func:`tombstone_component`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Component
from icalendar.prop import vDuration

from visitplan.i18n import label
from visitplan.ical.descriptions import entry_description
from visitplan.ical.entries import Item
from visitplan.ical.lines import (
    clean,
    clean_param,
    cn,
    content_line,
    escape_text,
    fold,
    ordered,
    when_line,
)
from visitplan.ical.uids import event_uid
from visitplan.plan.model import Plan, Text
from visitplan.workspace.export_state import Entry

STATUS = {"tentative": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}
_EVENT_ORDER = ("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID",
                "SEQUENCE", "RRULE", "RDATE", "EXDATE")  # fmt: skip


@dataclass(frozen=True)
class ExportOptions:
    lang: str | None = None
    method: str = "publish"  # or "request"
    alarms: tuple[timedelta, ...] = ()
    todos: bool = False
    # ORGANIZER and ATTENDEE lines (the people's emails); the site leaves them out
    # unless asked for contacts
    people: bool = True


def _text(plan: Plan, value: Text | None, lang: str | None) -> tuple[str, dict[str, str]]:
    code, text = (None, "") if value is None else value.resolve(lang, plan.languages)
    return clean(text), ({"LANGUAGE": code} if code else {})


def entry_lines(
    item: Item, entry: Entry, options: ExportOptions, shared: dict[object, Any] | None = None
) -> list[str]:
    """The content lines (unfolded) of one plan entry: a VEVENT, or a VTODO for an action.
    ``shared`` keeps, for one calendar, what the entries of an event have in common (its
    time columns, its organizer and attendee lines)."""
    if item.action is not None:
        return _todo_lines(item, entry, options)
    plan = item.plan
    event = item.event
    assert event is not None
    lang = options.lang
    source = item.program or event
    props: dict[str, list[str]] = {}
    props["UID"] = [f"UID:{escape_text(item.uid)}"]
    props["DTSTAMP"] = [when_line("DTSTAMP", entry.dtstamp)]
    props["SEQUENCE"] = [f"SEQUENCE:{entry.sequence}"]
    when = source.when
    if when.all_day:
        assert when.end is not None
        props["DTSTART"] = [when_line("DTSTART", when.first_day)]
        props["DTEND"] = [when_line("DTEND", when.end.date())]
    else:
        props["DTSTART"] = [when_line("DTSTART", when.start)]
        props["DTEND"] = [when_line("DTEND", when.end or when.start)]
    summary, params = entry_summary(item, lang)
    props["SUMMARY"] = [content_line("SUMMARY", escape_text(summary), params)]
    status = event.status if item.program is None else item.program.status_in(event)
    props["STATUS"] = [f"STATUS:{STATUS[status]}"]
    props["TRANSP"] = ["TRANSP:TRANSPARENT" if when.all_day else "TRANSP:OPAQUE"]
    categories = [label(lang, event.kind)] + [
        plan.text(t.title, lang)
        for t in plan.topics
        if t.id in (item.program.topics if item.program else event.topics)
    ]
    props["CATEGORIES"] = [
        "CATEGORIES:" + ",".join(escape_text(clean_param(c)) for c in categories)
    ]
    location_text = (item.program.location if item.program else None) or event.location
    if location_text is not None:
        location, params = _text(plan, location_text, lang)
        props["LOCATION"] = [content_line("LOCATION", escape_text(location), params)]
    elif event.url and event.kind == "online-meeting":
        # Shown at a glance by Outlook and Google (with a join button): the link itself.
        props["LOCATION"] = [content_line("LOCATION", escape_text(event.url), None)]
    if event.url:
        props["URL"] = [f"URL:{event.url}"]
        if event.kind == "online-meeting":
            props["CONFERENCE"] = [f'CONFERENCE;FEATURE="AUDIO,VIDEO";VALUE=URI:{event.url}']
    description = clean(entry_description(item, lang, shared))
    if description:
        props["DESCRIPTION"] = [
            content_line(
                "DESCRIPTION", escape_text(description), {"LANGUAGE": lang} if lang else None
            )
        ]
    if item.program is not None:
        props["RELATED-TO"] = [f"RELATED-TO:{escape_text(event_uid(plan, event))}"]
    key = ("people", plan.id, event.id, item.attendees())
    people = shared.get(key) if shared is not None else None
    if people is None:
        people = {}
        if options.people:
            _people_lines(people, item, options)
        if shared is not None:
            shared[key] = people
    props.update(people)
    lines = ["BEGIN:VEVENT", *ordered(props, _EVENT_ORDER)]
    for alarm in options.alarms:
        lines += alarm_lines(alarm, summary)
    lines.append("END:VEVENT")
    return lines


def entry_summary(item: Item, lang: str | None) -> tuple[str, dict[str, str]]:
    """An event's SUMMARY text and parameters; a program item's names its event too."""
    plan, event = item.plan, item.event
    assert event is not None
    summary, params = _text(plan, (item.program or event).title, lang)
    if item.program is not None:
        parent, _ = _text(plan, event.title, lang)
        summary = f"{summary} · {parent}"
    return summary, params


def _people_lines(props: dict[str, list[str]], item: Item, options: ExportOptions) -> None:
    plan = item.plan
    organizer = plan.people.get(plan.organizer or "")
    if organizer is not None and organizer.email:
        name = clean_param(plan.text(organizer.name, options.lang))
        props["ORGANIZER"] = [content_line("ORGANIZER", f"mailto:{organizer.email}", {"CN": name})]
    event = item.event
    assert event is not None
    leads = {plan.delegations[d].lead for d in event.delegations if d in plan.delegations}
    attendees = []
    rsvp = ";RSVP=TRUE" if options.method == "request" else ""
    for person_id in item.attendees():
        person = plan.people[person_id]
        if not person.email:
            continue
        # The parameters in _params' order and quoting (CN, CUTYPE, PARTSTAT, ROLE, RSVP).
        name = cn(clean_param(plan.text(person.name, options.lang)))
        role = "CHAIR" if person_id in leads else "REQ-PARTICIPANT"
        # The organizer is an attendee only where the plan has her take part, and then
        # has accepted her own meeting: nobody asks her to answer (RFC 5546 3.2.2).
        own = organizer is not None and person_id == organizer.id
        status, answer = ("ACCEPTED", "") if own else ("NEEDS-ACTION", rsvp)
        attendees.append(
            f"ATTENDEE;CN={name};CUTYPE=INDIVIDUAL;PARTSTAT={status};ROLE={role}{answer}"
            f":mailto:{person.email}"
        )
    if attendees:
        props["ATTENDEE"] = attendees


def alarm_lines(before: timedelta, summary: str) -> list[str]:
    trigger = vDuration(-before).to_ical().decode("ascii")  # type: ignore[no-untyped-call]
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(clean(summary))}",
        f"TRIGGER:{trigger}",
        "END:VALARM",
    ]


def _todo_lines(item: Item, entry: Entry, options: ExportOptions) -> list[str]:
    plan, action = item.plan, item.action
    assert action is not None
    lang = options.lang
    props: dict[str, list[str]] = {}
    props["UID"] = [f"UID:{escape_text(item.uid)}"]
    props["DTSTAMP"] = [when_line("DTSTAMP", entry.dtstamp)]
    props["SEQUENCE"] = [f"SEQUENCE:{entry.sequence}"]
    summary, params = _text(plan, action.title, lang)
    props["SUMMARY"] = [content_line("SUMMARY", escape_text(summary), params)]
    if action.due is not None:
        props["DUE"] = [when_line("DUE", action.due)]
    props["STATUS"] = [f"STATUS:{TODO_STATUS[action.status]}"]
    lines = []
    for key, party in (("owner", action.owner), ("requested-by", action.requested_by)):
        if party:
            lines.append(f"{label(lang, key)}: {_party(plan, party, lang)}")
    if lines:
        text = escape_text(clean("\n".join(lines)))
        props["DESCRIPTION"] = [
            content_line("DESCRIPTION", text, {"LANGUAGE": lang} if lang else None)
        ]
    if action.event and plan.event(action.event) is not None:
        event = plan.event(action.event)
        assert event is not None
        props["RELATED-TO"] = [f"RELATED-TO:{escape_text(event_uid(plan, event))}"]
    return ["BEGIN:VTODO", *ordered(props), "END:VTODO"]


def tombstone_lines(entry: Entry) -> list[str]:
    """The CANCELLED entry written for one that left the plan."""
    todo = "/action:" in entry.uid
    props: dict[str, list[str]] = {
        "UID": [f"UID:{escape_text(entry.uid)}"],
        "DTSTAMP": [when_line("DTSTAMP", entry.dtstamp)],
        "SEQUENCE": [f"SEQUENCE:{entry.sequence}"],
        "SUMMARY": [f"SUMMARY:{escape_text(clean(entry.summary))}"],
        "STATUS": ["STATUS:CANCELLED"],
    }
    if todo:
        if entry.start:
            props["DUE"] = [when_line("DUE", _ical_value(entry.start))]
        return ["BEGIN:VTODO", *ordered(props), "END:VTODO"]
    props["DTSTART"] = [when_line("DTSTART", _ical_value(entry.start))]
    if entry.end:
        props["DTEND"] = [when_line("DTEND", _ical_value(entry.end))]
    return ["BEGIN:VEVENT", *ordered(props, _EVENT_ORDER), "END:VEVENT"]


def _ical_value(value: str) -> date | datetime:
    if "T" in value:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return datetime.strptime(value, "%Y%m%d").date()


def _party(plan: Plan, party: str, lang: str | None) -> str:
    if party in plan.people:
        return plan.text(plan.people[party].name, lang)
    org = plan.organizations.get(party)
    return (org.short or plan.text(org.name, lang)) if org else party


def item_component(item: Item, entry: Entry, options: ExportOptions) -> Component:
    """The VEVENT or VTODO of one plan entry, as ``export`` writes it (as an object, for
    `publish` and `invite`, which add to it)."""
    return Component.from_ical(fold(entry_lines(item, entry, options)))


def tombstone_component(entry: Entry) -> Component:
    """The CANCELLED entry for one that left the plan, as ``export`` writes it."""
    return Component.from_ical(fold(tombstone_lines(entry)))
