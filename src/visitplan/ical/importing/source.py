"""Reading an .ics file for `import`: its calendars, its events and where each one is.

A file may hold several VCALENDARs (all are read) or a bare VEVENT (read as if it were in
one). Each VEVENT is known by the line of its ``BEGIN:VEVENT``, its UID and summary, so
that every message names the file, the line and the event — never a Python repr.
"""

from __future__ import annotations

import contextlib
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from icalendar import Calendar, Component, use_zoneinfo

from visitplan.errors import VisitplanError

_HINT = "give the .ics file of the invitation (an iCalendar file: BEGIN:VCALENDAR … END:VCALENDAR)"


@dataclass
class Source:
    """The file as read: its calendars, each VEVENT with its first and last line."""

    name: str
    calendars: list[Any]
    lines: dict[int, tuple[int, int]]  # id(vevent) → lines of BEGIN:VEVENT, END:VEVENT
    raw_lines: list[str]
    method: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def vevents(self) -> list[Any]:
        return [v for calendar in self.calendars for v in calendar.walk("VEVENT")]

    @property
    def prodid(self) -> str:
        return " ".join(str(c.get("prodid", "")) for c in self.calendars)

    def where(self, vevent: Any) -> str:
        """``invite.ics:12: event "Réunion" (UID abc@x)``."""
        line = self.lines.get(id(vevent), (0, 0))[0]
        summary = " ".join(str(vevent.get("summary", "")).split())[:80]
        uid = str(vevent.get("uid", ""))
        what = f'event "{summary}"' if summary else "an event without a title"
        if uid:
            what += f" (UID {uid[:100]})"
        return f"{self.name}:{line}: {what}" if line else f"{self.name}: {what}"

    def line_of(self, vevent: Any, name: str) -> int | None:
        """The line of the property ``name`` in ``vevent``, if it is there."""
        first, last = self.lines.get(id(vevent), (0, 0))
        wanted = name.upper()
        for number in range(first, min(last, len(self.raw_lines))):
            line = self.raw_lines[number].upper()
            if line.startswith(wanted) and line[len(wanted) : len(wanted) + 1] in (":", ";"):
                return number + 1
        return None


_BEGIN = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE)
_END = re.compile(r"^END:VEVENT\s*$", re.IGNORECASE)


def read_source(data: bytes, name: str) -> Source:
    """The calendars of ``data``; :class:`VisitplanError` if it holds no event."""
    with warnings.catch_warnings():
        # icalendar warns (on stderr) where it guesses a zone; the import says so itself
        warnings.simplefilter("ignore")
        return _read(data, name)


def _read(data: bytes, name: str) -> Source:
    # icalendar keeps the zones a file describes (VTIMEZONE) for the rest of the process
    # and prefers them to those the next file describes: start afresh, so that a file is
    # read with its own zones whatever was read before (the same file, the same result)
    use_zoneinfo()  # type: ignore[no-untyped-call]
    text = data.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise VisitplanError(f"{name} is empty: it holds no calendar", _HINT)
    notes = []
    found: list[Any] | None = None
    try:
        found = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        # alarms are not imported: one icalendar cannot read (TRIGGER:PT-2H, as some
        # clients write it) need not lose the file
        without = without_alarms(data)
        if without != data:
            with contextlib.suppress(ValueError, IndexError, KeyError):
                found = Calendar.from_ical(without, multiple=True)
        if found is None:
            raise VisitplanError(
                f"{name} is not an iCalendar file: {_plain(error)}", _HINT
            ) from None
        notes.append(
            f"{name}: its alarms (VALARM) cannot be read ({_plain(error)}): they are left "
            "out, as every alarm is"
        )
    calendars: list[Any] = []
    loose: list[Any] = []
    for component in found:
        if isinstance(component, Calendar) or getattr(component, "name", "") == "VCALENDAR":
            calendars.append(component)
        elif isinstance(component, Component):
            loose.append(component)
    if loose:
        holder = Calendar()
        for component in loose:
            holder.add_component(component)
        calendars.append(holder)
        notes.append(f"{name} has events outside a VCALENDAR: they are read all the same")
    if len(calendars) > 1:
        notes.append(f"{name} holds {len(calendars)} calendars: the events of all are read")
    raw_lines = text.splitlines()
    source = Source(name, calendars, {}, raw_lines, notes=notes)
    vevents = source.vevents
    if not vevents:
        if not calendars:
            problem = "holds no calendar (no BEGIN:VCALENDAR … END:VCALENDAR)"
        else:
            problem = "holds no event (no VEVENT)"
        raise VisitplanError(f"{name} {problem}", _HINT)
    begins = [n for n, line in enumerate(raw_lines) if _BEGIN.match(line)]
    ends = [n for n, line in enumerate(raw_lines) if _END.match(line)]
    for number, vevent in enumerate(vevents):
        if number < len(begins):
            first = begins[number]
            last = next((e for e in ends if e > first), len(raw_lines))
            source.lines[id(vevent)] = (first + 1, last + 1)
    methods = {str(c.get("method", "")).upper() for c in calendars} - {""}
    source.method = next(iter(sorted(methods)), "")
    return source


_ALARM = re.compile(rb"^BEGIN:VALARM\r?\n.*?^END:VALARM\r?\n", re.MULTILINE | re.DOTALL | re.I)


def without_alarms(data: bytes) -> bytes:
    """The file without its VALARM components (which `import` does not use)."""
    return _ALARM.sub(b"", data)


def _plain(error: Exception) -> str:
    """icalendar's message without the bytes it quotes (a Python repr)."""
    text = str(error)
    text = re.sub(r":?\s*b(['\"]).*", "", text, flags=re.DOTALL)
    return " ".join(text.split())[:200] or type(error).__name__
