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
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.errors import UsageError
from visitplan.plan.offsets import in_zone, offset_text, zone_offsets
from visitplan.plan.timezones import UnknownZone, get_zone, resolve_local

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
    """A moved start (its wall-clock time moved already), with the offset its zone has
    on the new day if it is written with one. A start the zone does not have (a spring
    gap) is a usage error naming it."""
    if zone is None:
        return value
    fitted = in_zone(value, zone, with_offset=value.tzinfo is not None)
    if fitted is None:
        wall = value.replace(tzinfo=None)
        change = resolve_local(wall, zone).transition
        jump = (
            f": the clocks jump from {change.before:%H:%M} to {change.after:%H:%M} that night"
            if change
            else " (daylight-saving time skips it)"
        )
        later = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        example = (
            f" (e.g. --to {later.isoformat(timespec='minutes')})" if ".program[" not in path else ""
        )
        raise UsageError(
            f"{path}: the move would start it at {wall.isoformat(timespec='minutes')}, "
            f"which does not exist in {zone.key}{jump}",
            f"give another --by, or --to a start outside that hour{example}",
        )
    return fitted


def kept_duration(
    start: datetime, end: datetime, new_start: datetime, zone: ZoneInfo | None
) -> datetime:
    """The end of an entry from ``start`` to ``end`` whose start moves to ``new_start``
    (as written): that plus the real time it lasted, as wall-clock time of ``zone`` — with the offset if ``end`` is written with one, or if only an offset can
    name it (the second occurrence of an autumn fold)."""
    if zone is None:
        return new_start + (end - start)
    lasted = _instant(end, zone) - _instant(start, zone)
    new_end = (_instant(new_start, zone) + lasted).astimezone(zone)
    wall = new_end.replace(tzinfo=None)
    offset = timezone(new_end.utcoffset() or timedelta(0))
    fitted = in_zone(wall.replace(tzinfo=offset), zone, with_offset=end.tzinfo is not None)
    assert fitted is not None  # a moment read in its zone exists there
    return fitted


def lasts_under_a_day(start: datetime, end: datetime, zone: ZoneInfo | None) -> bool:
    """Whether an entry is short enough for a move to keep its real duration. A
    meeting or a program item keeps the time it lasts (a 90-minute call moved into the
    spring-forward night still lasts 90 minutes); an entry of a day or more keeps its
    wall-clock end instead (a visit from 27 March 09:00 to 29 March 18:00 moved by a
    week still ends at 18:00), as a coordinator reads dates and times on a calendar."""
    if zone is None:
        return end - start < timedelta(days=1)
    return _instant(end, zone) - _instant(start, zone) < timedelta(days=1)


def _instant(value: datetime, zone: ZoneInfo) -> datetime:
    """The moment a plan's time means: its offset if it has one, else the first
    occurrence of its wall-clock time in ``zone`` (in UTC: arithmetic on times of one
    zone is wall-clock arithmetic in Python)."""
    return (value if value.tzinfo is not None else value.replace(tzinfo=zone)).astimezone(UTC)


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
