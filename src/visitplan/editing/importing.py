"""Importing invitations: each VEVENT of an .ics file becomes an event of a plan.

The file is read by ``source`` (several calendars, a bare VEVENT, where each event is);
times by ``zones`` (which IANA zone a TZID is); series by ``series`` (occurrences in a
window); each event by ``reading``; entries this plan exported itself by ``own``. This
module puts them together: events already in the plan by UID are updated (a higher
SEQUENCE, or ``update``; METHOD:CANCEL marks them cancelled) and never added twice; the
new events and the people they bring are added in one pass over the plan file
(``editing.add_entries``); the result is checked as the write will check it, and an event
the plan would refuse is left out with the reason — the rest is imported. Everything
that was assumed, left out or changed is in the result's report.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from visitplan.editing.core import (
    Document,
    EditRefused,
    NewEntry,
    Value,
    add_entries,
    load_raw,
    new_errors,
    set_fields,
    shift_times,
)
from visitplan.errors import VisitplanError
from visitplan.ical.importing.own import recognise_own
from visitplan.ical.importing.reading import (
    Attendee,
    Reading,
    Skip,
    attendees,
    one_line,
    program_values,
    read_event,
)
from visitplan.ical.importing.series import Entry, expand
from visitplan.ical.importing.source import Source, read_source
from visitplan.ical.importing.zones import ZoneReader
from visitplan.ical.uids import parse_uid
from visitplan.plan.loading import slugify
from visitplan.plan.timezones import get_zone

__all__ = ["ImportOptions", "ImportResult", "import_calendar", "one_line", "parse_calendar"]

parse_calendar = read_source


@dataclass(frozen=True)
class ImportOptions:
    today: date
    until: date | None = None  # the end of the window of a series (default: a year)
    update: bool = False  # take the file's version of an event that differs
    strict: bool = False  # refuse the whole file if any event cannot be imported


@dataclass
class ImportResult:
    text: str
    events: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    program_items: int = 0
    skipped: int = 0  # tasks and other components left out
    already: int = 0  # entries of this plan, or imported earlier, as the file shows them
    removed: int = 0  # cancelled entries of this plan that it no longer has
    notes: list[str] = field(default_factory=list)  # entries of this plan not imported: why
    other_plans: list[str] = field(default_factory=list)  # visitplan plans imported from
    file_notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about events imported
    not_imported: list[str] = field(default_factory=list)  # events left out, and why

    def report(self) -> list[str]:
        """What was assumed, expanded, updated and left out, one line each (stderr)."""
        return [
            *self.file_notes,
            *self.assumptions,
            *self.series,
            *self.updates,
            *self.warnings,
            *self.not_imported,
            *self.notes,
        ]

    def summary(self, plan_name: str) -> str:
        """One line: what was imported into ``plan_name`` and what was not."""
        if self.events or self.people:
            parts = [_count(len(self.events), "event")]
            if self.program_items:
                parts.append(_count(self.program_items, "program item"))
            if self.people:
                parts.append(
                    f"{len(self.people)} new {'people' if len(self.people) != 1 else 'person'}"
                )
            text = f"imported {', '.join(parts)} into {plan_name}"
            if self.other_plans:
                names = ", ".join(f'"{name}"' for name in self.other_plans)
                text += f" from the plan{'s' if len(self.other_plans) != 1 else ''} {names}"
        else:
            text = f"nothing imported into {plan_name}"
        rest = []
        if self.updates:
            rest.append(f"{len(self.updates)} updated")
        if self.already:
            rest.append(f"{self.already} already in the plan")
        if self.notes or self.not_imported:
            rest.append(f"{len(self.notes) + len(self.not_imported)} not imported (see above)")
        if self.removed:
            rest.append(f"{self.removed} removed from the plan earlier")
        if self.skipped:
            rest.append(f"{_count(self.skipped, 'task')} left out")
        return text + (f"; {', '.join(rest)}" if rest else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


class ImportRefused(VisitplanError):
    """Nothing imported: the events that could not be, one line each."""

    def __init__(self, message: str, hint: str, lines: list[str]) -> None:
        super().__init__(message, hint)
        self.lines = lines

    def details(self) -> list[str]:
        return self.lines


@dataclass
class _Prepared:
    entry: Entry
    key: str
    where: str
    reading: Reading
    base_id: str
    sequence: int
    children: list[Any]


def import_calendar(doc: Document, source: Source, options: ImportOptions) -> ImportResult:
    """The plan text with the events of ``source`` imported, and what was done."""
    with warnings.catch_warnings():
        # icalendar warns (on stderr) where it guesses a zone; the import says so itself
        warnings.simplefilter("ignore")
        return _import(doc, source, options)


def _import(doc: Document, source: Source, options: ImportOptions) -> ImportResult:
    raw = load_raw(doc)
    plan_zone = get_zone(raw["timezone"])
    zones = ZoneReader(source.calendars, plan_zone)
    from_visitplan = "visitplan" in source.prodid
    result = ImportResult(doc.text, file_notes=list(source.notes))
    components = [
        c for calendar in source.calendars for c in calendar.walk() if c.name in ("VEVENT", "VTODO")
    ]
    cancel = source.method == "CANCEL"
    vevents, own_changed = recognise_own(doc, components, result, options.update, cancel)
    uids = {str(v.get("uid", "")) for v in vevents}
    parents = [v for v in vevents if not v.get("related-to") or str(v["related-to"]) not in uids]
    children: dict[str, list[Any]] = {}
    for vevent in vevents:
        related = str(vevent.get("related-to", ""))
        if related and related in uids:
            children.setdefault(related, []).append(vevent)
    entries, reports, series_notes = expand(source, parents, options.today, options.until)
    result.warnings += series_notes
    existing = {
        str(event["uid"]): number
        for number, event in enumerate(raw.get("events", []))
        if isinstance(event.get("uid"), str)
    }
    chosen: dict[str, Entry] = {}
    for entry in entries:  # the same event twice in a file: the latest version counts
        key = _key(entry)
        if key in chosen and _sequence(chosen[key].origin) > _sequence(entry.origin):
            continue
        chosen[key] = entry
    changes: list[_Change] = []
    ids = {str(event.get("id")): number for number, event in enumerate(raw.get("events", []))}
    for component, event_id in own_changed:  # the plan's own events, as the file shows them
        try:
            reading = read_event(component, component, source, zones, True, [])
        except Skip as why:
            result.not_imported.append(f"{source.where(component)}: not imported — {why}")
            continue
        change = _update(raw, ids[event_id], reading, _sequence(component), cancel, options,
                         result, source.where(component), own=True)  # fmt: skip
        if change is not None:
            changes.append(change)
    prepared: list[_Prepared] = []
    for key, entry in chosen.items():
        where = source.where(entry.origin)
        kids = sorted(children.get(str(entry.component.get("uid", "")), []), key=_start_key)
        try:
            reading = read_event(entry.component, entry.origin, source, zones, from_visitplan, kids)
        except Skip as why:
            result.not_imported.append(f"{where}: not imported — {why}")
            continue
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as e:
            text = " ".join(str(e).split())[:160] or type(e).__name__
            result.not_imported.append(f"{where}: not imported — it cannot be read ({text})")
            continue
        # the version of the VEVENT it comes from (an occurrence of a series is the
        # master's, an overridden one its override's)
        sequence = _sequence(entry.origin)
        if key in existing:
            change = _update(raw, existing[key], reading, sequence, cancel, options, result,
                             where)  # fmt: skip
            if change is not None:
                changes.append(change)
            continue
        if cancel:
            result.notes.append(
                f"{where}: the file cancels it, and the plan does not have it: nothing to do"
            )
            continue
        origin = parse_uid(str(entry.component.get("uid", "")))
        if origin is not None and origin.plan not in result.other_plans:
            result.other_plans.append(origin.plan)
        base = _id_from(entry.component) or slugify(
            str(entry.component.get("summary", "")) or "event"
        )
        base = base[:40].rstrip("-") or "event"
        if entry.day is not None:
            base = f"{base}-{entry.day:%Y-%m-%d}"
        result.warnings += [f"{where}: {note}" for note in reading.notes]
        prepared.append(_Prepared(entry, key, where, reading, base, sequence, kids))
    result.warnings = list(dict.fromkeys(result.warnings))  # once for all occurrences
    current = _updated(doc, raw, changes, options.today, result)
    text = _add_checked(doc, current, raw, prepared, options, result, zones)
    result.assumptions = list(zones.notes)
    imported = {p.key for p in prepared}
    for report in reports:
        count = sum(1 for key in imported if key.startswith(report.uid + ";RECURRENCE-ID="))
        result.series.append(
            f"{report.where}: a series; {_count(count, 'occurrence')} from {report.first} to "
            f"{report.last} imported (--until DATE for a longer window)"
        )
    if options.strict and result.not_imported:
        raise ImportRefused(
            f"nothing imported (--strict): {_count(len(result.not_imported), 'event')} of "
            f"{source.name} cannot be imported",
            "leave out --strict to import the others",
            result.not_imported,
        )
    if not (prepared or result.updates or result.already or result.notes) and (result.not_imported):
        raise ImportRefused(
            f"nothing imported: no event of {source.name} can be imported",
            "ask the sender for a new invitation, or add the event with `visitplan add event`",
            result.report(),
        )
    result.text = text
    return result


def _key(entry: Entry) -> str:
    uid = str(entry.component.get("uid", ""))
    return f"{uid};RECURRENCE-ID={entry.occurrence}" if entry.occurrence else uid


def _sequence(component: Any) -> int:
    try:
        return int(str(component.get("sequence", 0)))
    except ValueError:
        return 0


def _start_key(vevent: Any) -> str:
    value = vevent.get("dtstart")
    return "" if value is None else str(value.to_ical())


def _id_from(vevent: Any) -> str | None:
    """The event's id when visitplan exported it (UID ``plan/event@visitplan``): a round
    trip keeps ids, and so the calendar entries' identity in the new plan."""
    parts = parse_uid(str(vevent.get("uid", "")))
    return parts.event if parts is not None and parts.item is None else None


def _unique(base: str, taken: set[str]) -> str:
    base = base[:55].rstrip("-") or "x"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# --------------------------------------------------------------------------- updates

_COMPARED = ("title", "start", "end", "timezone", "status", "location", "url")
_OWN_COMPARED = ("start", "end", "timezone", "status")


@dataclass
class _Change:
    index: int  # of the event in the plan
    values: dict[str, Value]
    message: str
    where: str


def _update(
    raw: dict[str, Any],
    index: int,
    reading: Reading,
    sequence: int,
    cancel: bool,
    options: ImportOptions,
    result: ImportResult,
    where: str,
    own: bool = False,
) -> _Change | None:
    """An event imported earlier, met again: the change that updates or cancels it, or
    None (counted, or reported). One of the plan's own (``own``: the plan's export, with
    ``--update``) takes only its time and status from the file (its title, place and link
    are written per language and kind by the export itself), and no SEQUENCE (the export
    state keeps that)."""
    event = raw["events"][index]
    event_id = event.get("id", "?")
    before = int(event.get("sequence", 0) or 0)
    if cancel:
        if event.get("status") == "cancelled":
            result.already += 1
            return None
        values: dict[str, Value] = {"status": "cancelled"}
        if not own:
            values["sequence"] = max(sequence, before)
        return _Change(index, values, f'event "{event_id}": cancelled (the file cancels it)', where)
    new = reading.values
    changed: dict[str, Value] = {}
    shown = []
    for key in _OWN_COMPARED if own else _COMPARED:
        old_value, new_value = event.get(key), new.get(key)
        if key == "timezone":
            old_value = old_value or raw.get("timezone")
            new_value = new_value or raw.get("timezone")
        if key == "status":
            old_value, new_value = old_value or "confirmed", new_value or "confirmed"
        if key == "title" and isinstance(old_value, dict):
            if isinstance(new_value, dict):
                old_value = {lang: old_value.get(lang) for lang in new_value}
            elif new_value in old_value.values():
                continue
            else:  # one text for a title in several languages: the translations are kept
                result.warnings.append(
                    f'event "{event_id}": the file names it "{new_value}"; the plan\'s '
                    "title in several languages is kept (change it with `visitplan set`)"
                )
                continue
        if new_value is None or old_value == new_value:
            continue
        changed[key] = new_value
        shown.append(f"{key} {_show(old_value)} → {_show(new_value)}")
    if not changed:
        result.already += 1
        return None
    if sequence <= before and not options.update and not own:
        result.notes.append(
            f'event "{event_id}": the file differs ({"; ".join(shown)}) but its SEQUENCE '
            f"({sequence}) is not higher than the plan's ({before}): not updated — give "
            "--update to take the file's version"
        )
        return None
    if sequence > before and not own:
        changed["sequence"] = sequence
    return _Change(index, changed, f'event "{event_id}": {"; ".join(shown)}', where)


def _updated(
    doc: Document, raw: dict[str, Any], changes: list[_Change], today: date, result: ImportResult
) -> Document:
    """The plan with the changes made; one the plan would refuse is left out, reported."""
    kept = list(changes)
    while True:
        current = doc
        for change in kept:
            current = _with(current, _change_text(current, raw, change))
        errors = new_errors(doc, current.text, today) if kept else []
        bad = {int(m.group(1)) for f in errors if (m := _EVENT_PATH.match(f.path))}
        failing = [change for change in kept if change.index in bad]
        if not failing:
            result.updates = [change.message for change in kept]
            return current
        for change in failing:
            reasons = "; ".join(
                f.message for f in errors if f.path.startswith(f"events[{change.index}]")
            )
            result.not_imported.append(
                f"{change.where}: not updated — the plan would refuse it: {reasons}"
            )
            kept.remove(change)


def _change_text(doc: Document, raw: dict[str, Any], change: _Change) -> str:
    """An event's new values; a new start moves its program along (as `move` does)."""
    values = dict(change.values)
    event = raw["events"][change.index]
    path = f"events[{change.index}]"
    start, old = values.get("start"), event.get("start")
    if (
        event.get("program")
        and isinstance(start, date)
        and type(start) is type(old)
        and "timezone" not in values
    ):
        delta: timedelta = start - old
        doc = _with(doc, shift_times(doc, path, delta))
        del values["start"]
        if event.get("end") is not None and values.get("end") == event["end"] + delta:
            del values["end"]
    return set_fields(doc, path, values) if values else doc.text


def _with(doc: Document, text: str) -> Document:
    return Document(doc.path, doc.original, text, doc.bom)


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict):
        return ", ".join(f'{lang}="{text}"' for lang, text in value.items())
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


# --------------------------------------------------------------------------- additions

_EVENT_PATH = re.compile(r"^events\[(\d+)\]")


def _add_checked(
    doc: Document,
    current: Document,
    raw: dict[str, Any],
    prepared: list[_Prepared],
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
            found = _EVENT_PATH.match(finding.path)
            if found is not None and int(found.group(1)) >= first:
                number = int(found.group(1)) - first
                refused.setdefault(number, []).append(
                    f"{finding.path[found.end() :].lstrip('.') or 'it'}: {finding.message}"
                )
            elif finding.path.startswith("people."):
                person = finding.path.split(".")[1]
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
    from visitplan.plan import tomlread

    before = set(raw.get("people", {}))
    return [person for person in tomlread.loads(text).get("people", {}) if person not in before]


def _add(
    doc: Document, raw: dict[str, Any], kept: list[_Prepared], zones: ZoneReader
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
    with_people = _with(doc, add_entries(doc, "person", new_people))
    return add_entries(with_people, "event", events), built
