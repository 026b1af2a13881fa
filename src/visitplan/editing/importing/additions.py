"""The new events of an import added to the plan, with the people they bring (found
by email or name among the plan's, else added), in one pass over the file
(``editing.entries.add_entries``); an event the plan would refuse is left out, reported,
and the others are checked again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from visitplan.editing.document import Document
from visitplan.editing.entries import NewEntry, add_entries
from visitplan.editing.importing.report import EVENT_PATH, ImportOptions, ImportResult
from visitplan.editing.writing import EditRefused, new_errors
from visitplan.ical.importing.reading import Attendee, Reading, attendees, program_values
from visitplan.ical.importing.series import Entry
from visitplan.ical.importing.zones import ZoneReader
from visitplan.plan import tomlread
from visitplan.plan.keypath import KeyPath
from visitplan.plan.values import Value
from visitplan.plan.wording import slugify


@dataclass
class Prepared:
    entry: Entry
    key: str
    where: str
    reading: Reading
    base_id: str
    sequence: int
    children: list[Any]


def _unique(base: str, taken: set[str]) -> str:
    base = base[:55].rstrip("-") or "x"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def add_checked(
    doc: Document,
    current: Document,
    raw: dict[str, Any],
    prepared: list[Prepared],
    options: ImportOptions,
    result: ImportResult,
    zones: ZoneReader,
) -> str:
    """The text with the new events added; an event the plan would refuse is left out
    (reported), and the others are checked again."""
    first = len(raw.get("events", []))
    kept = list(prepared)
    while True:
        text, built = _add(current, raw, kept, zones)
        if text == doc.text:
            return text
        errors = new_errors(doc, text, options.today)
        if not errors:
            result.events = [values["id"] for values in built]  # type: ignore[misc]
            result.people = _new_people(raw, text, doc)
            result.program_items = sum(len(p.children) for p in kept)
            return text
        refused: dict[int, list[str]] = {}
        for finding in errors:
            found = EVENT_PATH.match(finding.path)
            if found is not None and int(found.group(1)) >= first:
                number = int(found.group(1)) - first
                refused.setdefault(number, []).append(
                    f"{finding.path[found.end() :].lstrip('.') or 'it'}: {finding.message}"
                )
            elif finding.path.startswith("people."):
                person = KeyPath.parse(finding.path).name_in("people")
                for number, values in enumerate(built):
                    if person in (values.get("participants") or []):  # type: ignore[operator]
                        refused.setdefault(number, []).append(f"a participant: {finding.message}")
        if not refused:
            raise EditRefused(doc.path.as_posix(), errors)
        for number in sorted(refused, reverse=True):
            left = kept.pop(number)
            result.not_imported.append(
                f"{left.where}: not imported — the plan would refuse it: "
                + "; ".join(refused[number])
            )


def _new_people(raw: dict[str, Any], text: str, doc: Document) -> list[str]:

    before = set(raw.get("people", {}))
    return [person for person in tomlread.loads(text).get("people", {}) if person not in before]


def _add(
    doc: Document, raw: dict[str, Any], kept: list[Prepared], zones: ZoneReader
) -> tuple[str, list[dict[str, Value]]]:
    """The text with ``kept`` added, with the people they bring; the events' values."""
    by_email = {
        str(person.get("email", "")).lower(): person_id
        for person_id, person in raw.get("people", {}).items()
        if person.get("email")
    }
    by_name: dict[str, str] = {}
    for person_id, person in raw.get("people", {}).items():
        name = person.get("name")
        if isinstance(name, str) and not person.get("email"):
            by_name.setdefault(name.lower(), person_id)
    used_people = set(raw.get("people", {})) | set(raw.get("organizations", {}))
    used_events = {str(event.get("id")) for event in raw.get("events", [])}
    new_people: list[NewEntry] = []

    def person_for(attendee: Attendee) -> str:
        known = by_email if attendee.email else by_name
        lookup = (attendee.email or attendee.name).lower()
        person_id = known.get(lookup)
        if person_id is None:
            person_id = _unique(
                slugify(attendee.name or (attendee.email or "").split("@")[0]) or "person",
                used_people,
            )
            used_people.add(person_id)
            known[lookup] = person_id
            values: dict[str, Value] = {"name": attendee.name or str(attendee.email)}
            if attendee.email:
                values["email"] = attendee.email
            new_people.append((values, person_id, ()))
        return person_id

    events: list[NewEntry] = []
    built: list[dict[str, Value]] = []
    for item in kept:
        participants = list(dict.fromkeys(person_for(a) for a in item.reading.attendees))
        event_id = _unique(item.base_id, used_events)
        used_events.add(event_id)
        values: dict[str, Value] = {"id": event_id, **item.reading.values}
        if participants:
            values["participants"] = participants
        values["uid"] = item.key
        if item.sequence > 0:
            values["sequence"] = item.sequence
        program = []
        parent_title = str(item.entry.component.get("summary", ""))
        everyone = set(participants)
        for child in item.children:
            program_item = program_values(child, item.reading.zone, parent_title, zones)
            # a program item's own entry lists the event's people and those who take part
            # in that item alone (its speakers, for visitplan): those come back as speakers
            speakers = [person_for(a) for a in attendees(child)[0]]
            only_here = [p for p in dict.fromkeys(speakers) if p not in everyone]
            if only_here:
                program_item["speakers"] = only_here
            program.append(program_item)
        events.append((values, None, program))
        built.append(values)
    with_people = doc.with_text(add_entries(doc, "person", new_people))
    return add_entries(with_people, "event", events), built
