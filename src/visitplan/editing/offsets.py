"""The UTC offsets on the times the writers write (`move`, `add`, `set`).

A plan's times are wall-clock times of their event's zone (plan-format-v1: "local
wall-clock times in a named IANA time zone"). A time a writer writes is spelled as the
file spells its times — with the offset the zone has at that time where the file writes
offsets, else without (an offset stays where only it can name the second occurrence of
an autumn fold). `move` keeps the wall-clock time and writes the offset of the new day;
`add`/`set` refuse an offset the zone does not have then, saying which it has (see
:func:`fit_times`). The rule itself is ``plan.offsets``'s."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.errors import UsageError
from visitplan.plan.offsets import in_zone, offset_text, zone_offsets
from visitplan.plan.timezones import UnknownZone, get_zone

_EVENT = re.compile(r"events\[(\d+)\]")


def event_zone(raw: Mapping[str, Any], event: Mapping[str, Any] | None) -> ZoneInfo | None:
    """The zone of ``event``'s times (its own, else the plan's); None if unknown."""
    name = (event or {}).get("timezone") or raw.get("timezone")
    try:
        return get_zone(name) if isinstance(name, str) else None
    except UnknownZone:
        return None


def spells_offsets(raw: Mapping[str, Any]) -> bool:
    """Whether the file writes its times with offsets (any start or end of an event or
    of a program item has one)."""
    for event in raw.get("events", []):
        for entry in [event, *event.get("program", [])]:
            for key in ("start", "end"):
                value = entry.get(key)
                if isinstance(value, datetime) and value.tzinfo is not None:
                    return True
    return False


def moved(value: datetime, zone: ZoneInfo | None, path: str) -> datetime:
    """A moved time (its wall-clock time moved already) with the offset its zone has on
    the new day, if it is written with one."""
    if zone is None or value.tzinfo is None:
        return value
    fitted = in_zone(value, zone, with_offset=True)
    if fitted is None:
        raise UsageError(
            f"{path}: {value.replace(tzinfo=None).isoformat()} does not exist in "
            f"{zone.key} (daylight-saving time skips it)",
            "move by another shift, or move the event to another time with --to",
        )
    return fitted


def fit_times(
    raw: Mapping[str, Any],
    values: dict[str, Any],
    entry: str = "",
    parent: str | None = None,
) -> dict[str, Any]:
    """``values`` of `add`/`set` with their ``start``/``end`` written as the file spells
    times in the zone of the entry at ``entry`` (``events[2]``, ``events[2].program[0]``;
    for a new program item, of the event ``parent``; for a new event, its own
    ``timezone`` or the plan's). A time given with an offset that zone does not have
    then is refused, with the offset it has."""
    events = raw.get("events", [])
    match = _EVENT.match(entry)
    event = events[int(match.group(1))] if match else None
    if parent is not None:
        event = next((e for e in events if e.get("id") == parent), None)
    own = values.get("timezone") if "program" not in entry and parent is None else None
    zone = event_zone(raw, {"timezone": own} if isinstance(own, str) else event)
    if zone is None:
        return values
    with_offset = spells_offsets(raw)
    for key in ("start", "end"):
        value = values.get(key)
        if not isinstance(value, datetime):
            continue
        if value.tzinfo is not None:
            _refuse_foreign(key, value, zone)
        values[key] = in_zone(value, zone, with_offset) or value
    return values


def _refuse_foreign(key: str, value: datetime, zone: ZoneInfo) -> None:
    wall = value.replace(tzinfo=None)
    offsets = zone_offsets(wall, zone)
    if value.utcoffset() in offsets:
        return
    option = f"--{key} {value.isoformat(timespec='minutes')}"
    if not offsets:
        raise UsageError(
            f"{option}: {wall:%H:%M} does not exist in {zone.key} that day "
            "(daylight-saving time skips it)",
            "give a time outside that hour",
        )
    there = value.astimezone(zone).replace(tzinfo=None)
    has = " or ".join(offset_text(offset) for offset in offsets)
    raise UsageError(
        f"{option}: the times here are in {zone.key}, which is at {has} then, not "
        f"{offset_text(value.utcoffset())}",
        f"give the time in {zone.key}: --{key} {wall.isoformat(timespec='minutes')} for "
        f"{wall:%H:%M} there, or --{key} {there.isoformat(timespec='minutes')} for the "
        f"moment {value:%H:%M}{offset_text(value.utcoffset())} is",
    )
