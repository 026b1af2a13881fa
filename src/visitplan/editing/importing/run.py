"""One import, from the file read to the plan's new text: the entries this plan
exported sorted out (``ical.importing.own``), events and their program items told apart
(RELATED-TO), series expanded, the latest version of each entry kept, each read; then
the updates made and the new events added, each checked."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from visitplan.editing.document import Document, load_raw
from visitplan.editing.importing.additions import Prepared, add_checked
from visitplan.editing.importing.report import ImportOptions, ImportRefused, ImportResult, count
from visitplan.editing.importing.updates import Change, update, updated
from visitplan.ical.importing.own import recognise_own
from visitplan.ical.importing.reading import Skip, read_event
from visitplan.ical.importing.series import Entry, expand
from visitplan.ical.importing.source import Source
from visitplan.ical.importing.zones import ZoneReader
from visitplan.ical.uids import parse_uid
from visitplan.plan.timezones import get_zone
from visitplan.plan.wording import slugify


def import_calendar(doc: Document, source: Source, options: ImportOptions) -> ImportResult:
    """The plan text with the events of ``source`` imported, and what was done."""
    with warnings.catch_warnings():
        # icalendar warns (on stderr) where it guesses a zone; the import says so itself
        warnings.simplefilter("ignore")
        return _import(doc, source, options)


@dataclass
class _Run:
    """What one import works with: the plan's TOML data, the file, its zones."""

    raw: dict[str, Any]
    source: Source
    zones: ZoneReader
    options: ImportOptions
    result: ImportResult
    cancel: bool  # the file is a cancellation (METHOD:CANCEL)


def _import(doc: Document, source: Source, options: ImportOptions) -> ImportResult:
    raw = load_raw(doc)
    zones = ZoneReader(source.calendars, get_zone(raw["timezone"]))
    result = ImportResult(doc.text, file_notes=list(source.notes))
    run = _Run(raw, source, zones, options, result, source.method == "CANCEL")
    components = [
        c for calendar in source.calendars for c in calendar.walk() if c.name in ("VEVENT", "VTODO")
    ]
    plan = doc.load().plan
    assert plan is not None  # the document was opened: it has no errors
    vevents, own_changed = recognise_own(
        plan, doc.path.as_posix(), components, result, options.update, run.cancel
    )
    parents, children = _related(vevents)
    entries, reports, series_notes = expand(source, parents, options.today, options.until)
    result.warnings += series_notes
    changes = _own_changes(run, own_changed)
    prepared = _prepare(run, _latest(entries), children, changes)
    result.warnings = list(dict.fromkeys(result.warnings))  # once for all occurrences
    current = updated(doc, raw, changes, options.today, result)
    text = add_checked(doc, current, raw, prepared, options, result, zones)
    result.assumptions = list(zones.notes)
    imported = {p.key for p in prepared}
    for report in reports:
        number = sum(1 for key in imported if key.startswith(report.uid + ";RECURRENCE-ID="))
        result.series.append(
            f"{report.where}: a series; {count(number, 'occurrence')} from {report.first} to "
            f"{report.last} imported (--until DATE for a longer window)"
        )
    if options.strict and result.not_imported:
        raise ImportRefused(
            f"nothing imported (--strict): {count(len(result.not_imported), 'event')} of "
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


def _related(vevents: list[Any]) -> tuple[list[Any], dict[str, list[Any]]]:
    """The VEVENTs that are events, and by UID the program items RELATED-TO them."""
    uids = {str(v.get("uid", "")) for v in vevents}
    parents = [v for v in vevents if not v.get("related-to") or str(v["related-to"]) not in uids]
    children: dict[str, list[Any]] = {}
    for vevent in vevents:
        related = str(vevent.get("related-to", ""))
        if related and related in uids:
            children.setdefault(related, []).append(vevent)
    return parents, children


def _latest(entries: list[Entry]) -> dict[str, Entry]:
    """The entries by key; the same event twice in a file: the latest version counts."""
    chosen: dict[str, Entry] = {}
    for entry in entries:
        key = _key(entry)
        if key in chosen and _sequence(chosen[key].origin) > _sequence(entry.origin):
            continue
        chosen[key] = entry
    return chosen


def _own_changes(run: _Run, own_changed: list[tuple[Any, str]]) -> list[Change]:
    """The changes to the plan's own events, as the file shows them."""
    source, result = run.source, run.result
    ids = {str(event.get("id")): number for number, event in enumerate(run.raw.get("events", []))}
    changes = []
    for component, event_id in own_changed:
        try:
            reading = read_event(component, component, source, run.zones, True, [])
        except Skip as why:
            result.not_imported.append(f"{source.where(component)}: not imported — {why}")
            continue
        change = update(run.raw, ids[event_id], reading, _sequence(component), run.cancel,
                         run.options, result, source.where(component), own=True)  # fmt: skip
        if change is not None:
            changes.append(change)
    return changes


def _prepare(
    run: _Run,
    chosen: dict[str, Entry],
    children: dict[str, list[Any]],
    changes: list[Change],
) -> list[Prepared]:
    """The entries read: those the plan has already (by UID) as ``changes`` to it, the
    new ones returned to be added; those that cannot be read reported."""
    result = run.result
    existing = {
        str(event["uid"]): number
        for number, event in enumerate(run.raw.get("events", []))
        if isinstance(event.get("uid"), str)
    }
    prepared: list[Prepared] = []
    for key, entry in chosen.items():
        where = run.source.where(entry.origin)
        kids = sorted(children.get(str(entry.component.get("uid", "")), []), key=_start_key)
        try:
            reading = read_event(entry.component, entry.origin, run.source, run.zones,
                                 "visitplan" in run.source.prodid, kids)  # fmt: skip
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
            change = update(run.raw, existing[key], reading, sequence, run.cancel, run.options,
                             result, where)  # fmt: skip
            if change is not None:
                changes.append(change)
            continue
        if run.cancel:
            result.notes.append(
                f"{where}: the file cancels it, and the plan does not have it: nothing to do"
            )
            continue
        origin = parse_uid(str(entry.component.get("uid", "")))
        if origin is not None and origin.plan not in result.other_plans:
            result.other_plans.append(origin.plan)
        result.warnings += [f"{where}: {note}" for note in reading.notes]
        prepared.append(Prepared(entry, key, where, reading, _base_id(entry), sequence, kids))
    return prepared


def _base_id(entry: Entry) -> str:
    """The id a new event is given (made unique when it is added): its own when the plan
    exported it, else from its title; an occurrence of a series with its day."""
    base = _id_from(entry.component) or slugify(str(entry.component.get("summary", "")) or "event")
    base = base[:40].rstrip("-") or "event"
    return f"{base}-{entry.day:%Y-%m-%d}" if entry.day is not None else base


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
