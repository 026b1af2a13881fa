"""Reading when events and program items happen: TOML dates, times and date-times made
instants in the event's zone, with the daylight-saving gaps and folds reported."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.plan.model import When
from visitplan.plan.offsets import foreign_offset
from visitplan.plan.reading.base import Recorder
from visitplan.plan.timezones import resolve_local
from visitplan.plan.wording import describe, offset_text, wall


class TimeReader(Recorder):
    """Reads the start and end of events and program items."""

    def event_when(self, start: Any, end: Any, zone: ZoneInfo, path: str) -> When | None:
        start_path, end_path = f"{path}.start", f"{path}.end"
        if isinstance(start, datetime):
            begin = self.instant(start, zone, start_path)
            if end is None:
                self.error(
                    end_path,
                    "missing-key",
                    "an event with a start time needs an end time",
                    f"add end = {(start + timedelta(hours=1)).replace(tzinfo=None).isoformat()}"
                    " (or make it an all-day event with dates)",
                )
                return None
            if not isinstance(end, datetime):
                self.mismatch(end_path, start, end)
                return None
            finish = self.instant(end, zone, end_path)
            if begin is None or finish is None:
                return None
            return When(begin, finish)
        if isinstance(start, date):
            last = start if end is None else end
            if not isinstance(last, date) or isinstance(last, datetime):
                self.mismatch(end_path, start, last)
                return None
            first_midnight = resolve_local(datetime.combine(start, time()), zone).instant
            end_midnight = resolve_local(
                datetime.combine(last + timedelta(days=1), time()), zone
            ).instant
            return When(first_midnight, end_midnight, all_day=True)
        if isinstance(start, time):
            self.error(
                start_path,
                "wrong-type",
                f"a time alone ({start.isoformat()}) cannot start an event",
                "give the date too, e.g. start = 2024-05-28T11:00:00",
            )
            return None
        self.error(
            start_path,
            "wrong-type",
            f"expected a date and time, or a date, got {describe(start)}",
            "write it without quotes, e.g. start = 2024-05-28T11:00:00 or start = 2023-07-01",
        )
        return None

    def mismatch(self, path: str, start: object, end: object) -> None:
        """``end`` is not of the same kind of time as ``start``."""
        kind = (
            "a date and time"
            if isinstance(start, datetime)
            else "a date"
            if isinstance(start, date)
            else "a time"
        )
        if not isinstance(end, date | time):
            self.error(
                path,
                "wrong-type",
                f"expected {kind} like start, got {describe(end)}",
                "write it without quotes, in the same form as start",
            )
            return
        self.error(
            path,
            "wrong-type",
            f"end is {describe(end)} but start is {describe(start)}",
            f"give end as {kind} too"
            + (" (dates make an all-day event)" if isinstance(start, date) else ""),
        )

    def instant(self, value: datetime, zone: ZoneInfo, path: str) -> datetime | None:
        """An aware datetime in ``zone`` from a TOML datetime (local or with offset)."""
        if value.tzinfo is not None:
            if (wrong := foreign_offset(value, zone)) is not None:
                self.warn(path, *wrong)
            return value.astimezone(zone)
        resolved = resolve_local(value, zone)
        if resolved.problem is None:
            return resolved.instant
        shown = wall(value)
        change = resolved.transition
        if resolved.problem == "gap":
            detail = (
                f": clocks jump from {change.before:%H:%M} to {change.after:%H:%M} that night"
                if change
                else ""
            )
            self.error(
                path,
                "dst-gap",
                f"{shown} does not exist in {zone.key}{detail}",
                "daylight-saving time skips it; use a time outside that hour",
            )
            return None
        if resolved.problem == "fold":
            detail = (
                f" (clocks go back from {change.before:%H:%M} to {change.after:%H:%M})"
                if change
                else ""
            )
            moment = resolved.instant
            self.warn(
                path,
                "dst-fold",
                f"{shown} happens twice in {zone.key}{detail}; visitplan takes the first, "
                f"{moment.isoformat()}",
                "write the offset to be explicit, e.g. "
                f"{value.isoformat()}{offset_text(value.replace(tzinfo=zone, fold=1))} "
                "for the second",
            )
        return resolved.instant

    def program_when(self, start: Any, end: Any, event: When, path: str) -> When | None:
        zone = event.zone
        start_path, end_path = f"{path}.start", f"{path}.end"
        if isinstance(start, datetime):
            if end is not None and not isinstance(end, datetime):
                self.mismatch(end_path, start, end)
                return None
            begin = self.instant(start, zone, start_path)
            finish = None if end is None else self.instant(end, zone, end_path)
            if begin is None or (end is not None and finish is None):
                return None
            return When(begin, finish)
        if isinstance(start, time):
            if end is not None and not (isinstance(end, time)):
                self.mismatch(end_path, start, end)
                return None
            if event.days != 1:
                self.error(
                    start_path,
                    "time-needs-date",
                    f"a time alone ({start.isoformat(timespec='minutes')}) is only allowed in "
                    f"a single-day event; this one runs {event.first_day} – {event.last_day}",
                    f"give the date too, e.g. start = {event.first_day}T"
                    f"{start.isoformat(timespec='seconds')}",
                )
                return None
            day = event.first_day
            begin = self.instant(datetime.combine(day, start), zone, start_path)
            finish = None
            if end is not None:
                finish = self.instant(datetime.combine(day, end), zone, end_path)
                if finish is None:
                    return None
            if begin is None:
                return None
            return When(begin, finish)
        if isinstance(start, date):
            self.error(
                start_path,
                "wrong-type",
                f"a program item needs a time, got {describe(start)}",
                f"add the time, e.g. start = {start.isoformat()}T10:00:00",
            )
            return None
        self.error(
            start_path,
            "wrong-type",
            f"expected a date and time, or a time, got {describe(start)}",
            "write it without quotes, e.g. start = 2024-05-28T11:15:00 or start = 11:15:00",
        )
        return None
