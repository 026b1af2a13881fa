"""Time zones: looking up IANA names and turning wall-clock times into instants.

A wall-clock time in a daylight-saving gap does not exist (an error); one in the autumn
fold happens twice (a warning; the first occurrence is meant, and an explicit offset
names the second). The second occurrence is the one a wall time alone does not say: views
mark it with its offset (:func:`fold_mark`) and iCalendar writes it in UTC
(:func:`second_occurrence`).
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

_ZONE_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")


class UnknownZone(ValueError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions


@functools.cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def suggest_zone(name: str) -> list[str]:
    """Close IANA names for a misspelt ``name`` (only computed on the error path)."""
    import difflib

    zones = _all_zones()
    by_lower = {zone.lower(): zone for zone in zones}
    if name.lower() in by_lower:
        return [by_lower[name.lower()]]
    city = name.replace(" ", "_").split("/")[-1].lower()
    same_city = [zone for zone in zones if zone.split("/")[-1].lower() == city]
    if same_city:
        return same_city[:3]
    matches = difflib.get_close_matches(name, zones, n=3, cutoff=0.6)
    if not matches:  # perhaps a misspelt city alone: "Berlim"
        cities = {zone.split("/")[-1].lower(): zone for zone in zones}
        near = difflib.get_close_matches(city, list(cities), n=1, cutoff=0.7)
        return [cities[near[0]]] if near else []
    # keep only those about as close as the best one
    ratio = [difflib.SequenceMatcher(None, name, zone).ratio() for zone in matches]
    return [zone for zone, r in zip(matches, ratio, strict=True) if r >= ratio[0] - 0.05]


@functools.cache
def get_zone(name: str) -> ZoneInfo:
    """The zone called ``name``; :class:`UnknownZone` (with suggestions) if there is none."""
    if not _ZONE_NAME_RE.match(name) or ".." in name:
        raise UnknownZone(name, suggest_zone(name))
    try:
        return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownZone(name, suggest_zone(name)) from None


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: wall clocks jump from ``before`` to ``after``."""

    before: datetime  # wall time just before the change (naive), e.g. 02:00
    after: datetime  # wall time just after it, e.g. 03:00


@dataclass(frozen=True)
class Resolved:
    instant: datetime  # aware, in the zone
    problem: Literal["gap", "fold"] | None = None
    transition: Transition | None = None


def resolve_local(naive: datetime, zone: ZoneInfo) -> Resolved:
    """Read a naive wall-clock time in ``zone``; say if it is in a gap or a fold."""
    first = naive.replace(tzinfo=zone, fold=0)
    if first.utcoffset() == naive.replace(tzinfo=zone, fold=1).utcoffset():
        return Resolved(first)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    problem: Literal["gap", "fold"] = "fold" if round_trip == naive else "gap"
    return Resolved(first, problem, _transition_near(naive, zone))


def _transition_near(naive: datetime, zone: ZoneInfo) -> Transition | None:
    """The offset change closest to ``naive`` (bisection over UTC instants, ≤ 1 s)."""
    low = (naive - timedelta(hours=26)).replace(tzinfo=zone).astimezone(UTC)
    high = (naive + timedelta(hours=26)).replace(tzinfo=zone).astimezone(UTC)
    if low.astimezone(zone).utcoffset() == high.astimezone(zone).utcoffset():
        return None
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    change = high.replace(microsecond=0)
    offset_before = low.astimezone(zone).utcoffset()
    offset_after = change.astimezone(zone).utcoffset()
    assert offset_before is not None and offset_after is not None
    wall_after = (change + offset_after).replace(tzinfo=None)
    wall_before = (change + offset_before).replace(tzinfo=None)
    return Transition(before=wall_before, after=wall_after)


def to_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """An aware datetime converted to ``zone``."""
    return value.astimezone(zone)


def utc_offset_label(moment: datetime) -> str:
    """``UTC+02:00`` for an aware datetime."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def second_occurrence(moment: datetime) -> bool:
    """Whether an aware ``moment`` is the second of two equal wall times in its zone (the
    autumn fold, ``fold=1``): its wall time alone would be read as the first."""
    if moment.tzinfo is None or not moment.fold:
        return False
    return moment.replace(fold=0).utcoffset() != moment.utcoffset()


def fold_mark(moment: datetime) -> str:
    """`` (UTC+1)`` after a wall time that is the second of two equal ones in its zone
    (:func:`second_occurrence`), nothing after any other."""
    if not second_occurrence(moment):
        return ""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    shown = f"{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")
    return f" (UTC{sign}{shown})"
