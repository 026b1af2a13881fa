"""Moving an event in time (`visitplan move`): how far ``--to`` or ``--by`` moves it
(:func:`move_delta`; a shift is read by ``visitplan.plan.durations``), and the text
with the event and its program moved (:func:`shift_times`), in wall-clock time of the
event's zone."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from visitplan.editing.arguments import parse_when
from visitplan.editing.document import Document, Edit, apply_edits, load_raw
from visitplan.editing.offsets import event_zone, kept_duration, lasts_under_a_day
from visitplan.editing.offsets import moved as in_its_zone
from visitplan.editing.values import render_value
from visitplan.errors import UsageError
from visitplan.plan.durations import parse_shift
from visitplan.plan.keypath import KeyPath


def shift_times(doc: Document, event_path: str, delta: timedelta) -> str:
    """The text with the event at ``event_path`` and its program moved by ``delta``:
    every start by that much wall-clock time of the event's zone, every end to its new
    start plus the real time it lasted (so a 90-minute meeting stays 90 minutes across a
    clock change). A start that lands in a spring gap is refused."""
    layout = doc.layout
    plan_raw = load_raw(doc)
    event: dict[str, Any] = plan_raw["events"][KeyPath.parse(event_path).index_in("events")]
    zone = event_zone(plan_raw, event)
    # Days and time of day are split as the calendar sees them: 11:00 on the 16th to 10:00
    # on the 20th is four days earlier by an hour, not three days and 23 hours.
    start = event.get("start")
    if isinstance(start, datetime):
        whole_days = timedelta(days=((start + delta).date() - start.date()).days)
    else:
        whole_days = timedelta(days=abs(delta) // timedelta(days=1))
        whole_days = whole_days if delta >= timedelta(0) else -whole_days
    time_of_day = delta - whole_days
    edits: list[Edit] = []

    def move(path: str, value: object, begins: object = None) -> None:
        statement = layout.statements.get(path)
        if statement is None:
            return
        new: date | datetime | time
        if (
            isinstance(value, datetime)
            and isinstance(begins, datetime)
            and lasts_under_a_day(begins, value, zone)
        ):
            new = kept_duration(begins, value, in_its_zone(begins + delta, zone, path), zone)
        elif isinstance(value, datetime):
            new = in_its_zone(value + delta, zone, path)
        elif isinstance(value, date):
            if time_of_day:
                raise UsageError(
                    "an all-day event moves by whole days",
                    "give --to a date (2024-06-04) or --by in days (7d)",
                )
            new = value + delta
        elif isinstance(value, time):
            # a time alone is on the event's day: it moves with the event's time of day
            moved = datetime.combine(date(2000, 1, 1), value) + time_of_day
            if moved.date() != date(2000, 1, 1):
                raise UsageError(
                    f"{path}: {value.isoformat()} would move to another day",
                    "move the event by whole days, or give the program items full dates",
                )
            new = moved.time()
        else:
            return
        edits.append(Edit(statement.value_start, statement.value_end, render_value(new)))

    for prefix, entry in [
        (event_path, event),
        *((f"{event_path}.program[{n}]", item) for n, item in enumerate(event.get("program", []))),
    ]:
        if "start" in entry:
            move(f"{prefix}.start", entry["start"])
        if "end" in entry:
            move(f"{prefix}.end", entry["end"], entry.get("start"))
    return apply_edits(doc.text, edits)


def move_delta(event: Mapping[str, Any], to: str | None, by: str | None) -> timedelta:
    """How far ``--to`` or ``--by`` moves an event (raw TOML values)."""
    if (to is None) == (by is None):
        raise UsageError("give --to DATE|DATETIME or --by SHIFT (one of them)")
    if by is not None:
        return parse_shift(by)
    assert to is not None
    target = parse_when(to, allow_time=False)
    start = event["start"]
    if isinstance(start, datetime):
        start = start.replace(tzinfo=None)
        if isinstance(target, datetime):
            return target.replace(tzinfo=None) - start
        assert isinstance(target, date)
        return datetime.combine(target, start.time()) - start
    if isinstance(target, datetime):
        raise UsageError(
            "an all-day event moves to a date", f"e.g. --to {target.date().isoformat()}"
        )
    assert isinstance(target, date) and isinstance(start, date)
    return target - start
