"""Events imported earlier, met again in a file: the change that updates or cancels
each (a higher SEQUENCE, or ``--update``; METHOD:CANCEL), and the plan with the changes
made, a change the plan would refuse left out and reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from visitplan.editing.document import Document
from visitplan.editing.importing.report import EVENT_PATH, ImportOptions, ImportResult
from visitplan.editing.moving import shift_times
from visitplan.editing.setting import set_fields
from visitplan.editing.writing import new_errors
from visitplan.ical.importing.reading import Reading
from visitplan.plan.values import Value

_COMPARED = ("title", "start", "end", "timezone", "status", "location", "url")
_OWN_COMPARED = ("start", "end", "timezone", "status")


@dataclass
class Change:
    index: int  # of the event in the plan
    values: dict[str, Value]
    message: str
    where: str


def update(
    raw: dict[str, Any],
    index: int,
    reading: Reading,
    sequence: int,
    cancel: bool,
    options: ImportOptions,
    result: ImportResult,
    where: str,
    own: bool = False,
) -> Change | None:
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
        return Change(index, values, f'event "{event_id}": cancelled (the file cancels it)', where)
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
    return Change(index, changed, f'event "{event_id}": {"; ".join(shown)}', where)


def updated(
    doc: Document, raw: dict[str, Any], changes: list[Change], today: date, result: ImportResult
) -> Document:
    """The plan with the changes made; one the plan would refuse is left out, reported."""
    kept = list(changes)
    while True:
        current = doc
        for change in kept:
            current = current.with_text(_change_text(current, raw, change))
        errors = new_errors(doc, current.text, today) if kept else []
        bad = {int(m.group(1)) for f in errors if (m := EVENT_PATH.match(f.path))}
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


def _change_text(doc: Document, raw: dict[str, Any], change: Change) -> str:
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
        doc = doc.with_text(shift_times(doc, path, delta))
        del values["start"]
        if event.get("end") is not None and values.get("end") == event["end"] + delta:
            del values["end"]
    return set_fields(doc, path, values) if values else doc.text


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dict):
        return ", ".join(f'{lang}="{text}"' for lang, text in value.items())
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
