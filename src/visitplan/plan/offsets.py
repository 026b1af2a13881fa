"""Explicit UTC offsets in a plan file (``2025-10-23T10:00:00+02:00``): whether an offset
is one the time's zone has at that moment, and the offset the zone has at a wall-clock
time. The one home of that rule: `check` warns with it, the writers (`move`, `add`,
`set`) write with it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from visitplan.plan.timezones import resolve_local


def offset_text(offset: timedelta | None) -> str:
    """``+02:00`` for two hours east of UTC (``+00:00`` for none)."""
    minutes = int((offset or timedelta(0)).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_offsets(wall: datetime, zone: ZoneInfo) -> list[timedelta]:
    """The offsets ``zone`` has at the wall-clock time ``wall`` (naive): one, or two in
    the autumn fold (the first occurrence's first); none inside a spring gap."""
    resolved = resolve_local(wall, zone)
    if resolved.problem == "gap":
        return []
    found = [wall.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)]
    return list(dict.fromkeys(offset for offset in found if offset is not None))


def foreign_offset(value: datetime, zone: ZoneInfo) -> tuple[str, str, str] | None:
    """For an offset datetime of a plan whose zone does not have that offset at that
    moment, the warning (code, message, hint): the file says one wall-clock time and
    every view shows another."""
    offset = value.utcoffset()
    there = value.astimezone(zone)
    if offset is None or there.utcoffset() == offset:
        return None
    meant = value.replace(tzinfo=None)
    right = zone_offsets(meant, zone)
    written = meant.isoformat()
    hint = (
        f"for {meant:%H:%M} in {zone.key}, write {written}{offset_text(right[0])} "
        f"(or {written} without an offset); "
        if right
        else ""
    )
    return (
        "foreign-offset",
        f"{value.isoformat()}: {zone.key} is at {offset_text(there.utcoffset())} then, not "
        f"{offset_text(offset)}, so every view shows {there:%H:%M}",
        hint + f"for {there:%H:%M}, write {there.replace(tzinfo=None).isoformat()}",
    )


def in_zone(value: datetime, zone: ZoneInfo, with_offset: bool) -> datetime | None:
    """``value``'s wall-clock time as a plan file writes it in ``zone``: with the offset
    the zone has then (``with_offset``, or in the second occurrence of an autumn fold,
    which only an offset can name), else without. An offset the zone has at that time
    is kept; another is replaced. None inside a spring gap (the time does not exist)."""
    wall = value.replace(tzinfo=None)
    offsets = zone_offsets(wall, zone)
    if not offsets:
        return None
    offset = value.utcoffset()
    if offset not in offsets:
        offset = offsets[0]
    if not with_offset and offset == offsets[0]:
        return wall
    return wall.replace(tzinfo=timezone(offset))
