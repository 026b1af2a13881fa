"""Recurring invitations for `import`: a series becomes its occurrences in a window.

The expansion (RRULE, RDATE, EXDATE, changed occurrences by RECURRENCE-ID, across zone
changes) is recurring-ical-events'. The window runs from the series' start or today,
whichever is later, for one year, or up to ``until``. Each occurrence is known by its UID
and its RECURRENCE-ID, from which its id in the plan is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar

from visitplan.ical.importing.source import Source


@dataclass
class Entry:
    """One event to import: a plain VEVENT, or one occurrence of a series."""

    component: Any
    origin: Any  # the VEVENT of the file it comes from (for its line)
    occurrence: str | None = None  # RECURRENCE-ID, as UTC or a date: 20250910T080000Z
    day: date | None = None  # the occurrence's day, for its id


@dataclass
class SeriesReport:
    uid: str
    where: str
    count: int
    first: date
    last: date
    skipped: list[Entry]


def occurrence_key(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
            return f"{value:%Y%m%dT%H%M%SZ}"
        return f"{value:%Y%m%dT%H%M%S}"
    return f"{value:%Y%m%d}"


def _is_series(vevent: Any) -> bool:
    # an empty RRULE (Calendar Labs writes "RRULE:") repeats nothing
    return vevent.get("recurrence-id") is None and bool(vevent.get("rrule") or vevent.get("rdate"))


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def expand(
    source: Source, vevents: list[Any], today: date, until: date | None
) -> tuple[list[Entry], list[SeriesReport], list[str]]:
    """The entries to import, in the file's order (a series where its first VEVENT is);
    what each series gave; and notes on repetitions that could not be used."""

    by_uid: dict[str, list[Any]] = {}
    for vevent in vevents:
        by_uid.setdefault(str(vevent.get("uid", "")), []).append(vevent)
    series_uids = {
        uid for uid, group in by_uid.items() if uid and any(_is_series(v) for v in group)
    }
    entries: list[Entry] = []
    reports: list[SeriesReport] = []
    notes: list[str] = []
    done: set[str] = set()
    for vevent in vevents:
        uid = str(vevent.get("uid", ""))
        if uid not in series_uids:
            recurrence = vevent.get("recurrence-id")
            key = None
            if recurrence is not None:
                try:
                    key = occurrence_key(recurrence.dt)
                except (AttributeError, TypeError, ValueError):
                    key = None
            entries.append(Entry(vevent, vevent, key))
            continue
        if uid in done:
            continue
        done.add(uid)
        group = by_uid[uid]
        master = original = next(v for v in group if _is_series(v))
        broken = [
            str(prop).upper()
            for prop, _ in getattr(master, "errors", [])
            if str(prop).upper() in ("RRULE", "RDATE", "EXDATE")
        ]
        if broken:
            kept = master.copy()
            for prop in broken:
                kept.pop(prop, None)
            notes.append(
                f"{source.where(master)}: its {', '.join(sorted(set(broken)))} cannot be read "
                "and is left out"
            )
            group = [kept if component is master else component for component in group]
            master = kept
            if not _is_series(kept):
                entries.append(_first_only(source, original, notes, "its repetition is unknown"))
                continue
        try:
            start = _day(master["dtstart"].dt)
            first = max(start, today)
            last = until if until is not None else first + timedelta(days=364)
            holder = Calendar()
            for component in group:
                holder.add_component(component)
            found = recurring_ical_events.of(holder).between(first, last + timedelta(days=1))
        except Exception as error:
            text = " ".join(str(error).split())[:160]
            why = f"its repetition cannot be expanded ({text})"
            entries.append(_first_only(source, original, notes, why))
            continue
        overrides = {}
        for component in group:
            if component.get("recurrence-id") is not None:
                overrides[occurrence_key(component["recurrence-id"].dt)] = component
        count = 0
        for occurrence in sorted(found, key=lambda c: _sort_key(c)):
            recurrence = occurrence.get("recurrence-id")
            when = recurrence.dt if recurrence is not None else occurrence["dtstart"].dt
            key = occurrence_key(when)
            origin = overrides.get(key, original)
            entries.append(Entry(occurrence, origin, key, _day(occurrence["dtstart"].dt)))
            count += 1
        reports.append(SeriesReport(uid, source.where(original), count, first, last, []))
    return entries, reports, notes


def _first_only(source: Source, master: Any, notes: list[str], why: str) -> Entry:
    """A series whose repetition cannot be used: its first occurrence, said so."""
    clean = master.copy()
    for prop in ("RRULE", "RDATE", "EXDATE", "EXRULE"):
        clean.pop(prop, None)
    notes.append(f"{source.where(master)}: {why}: only its first occurrence is imported")
    return Entry(clean, master)


def _sort_key(component: Any) -> str:
    value = component["dtstart"].dt
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%dT%H%M%S") if isinstance(value, datetime) else f"{value:%Y%m%d}"
