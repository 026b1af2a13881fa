"""One VEVENT (or one occurrence of a series) read as the values of a plan's event.

What is mapped: the title (with its LANGUAGE), start and end (DTEND, or DURATION, in the
start's zone; an all-day end is inclusive in the plan), the zone, status, place, meeting
link, description and attendees. What cannot be used is either said in a note (an
attendee without a usable address is kept by name, a link that is no address is left
out, an event with no end is given one) or makes the event skipped (:class:`Skip`),
with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from visitplan.ical.importing.source import Source
from visitplan.ical.importing.zones import ZoneReader
from visitplan.plan import fields as F
from visitplan.plan.values import Value
from visitplan.plan.wording import slugify

_STATUS = {"TENTATIVE": "tentative", "CONFIRMED": "confirmed", "CANCELLED": "cancelled"}
# properties whose loss makes the event unusable
_VITAL = {"DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"}
# repetition that cannot be read is reported by the series module, which drops it
_REPETITION = {"RRULE", "RDATE", "EXDATE"}


_UNPARSED = re.compile(r"Content line could not be parsed into parts: '([A-Za-z0-9-]+)[^']*': (.*)")


class Skip(Exception):
    """The event cannot be imported: why (a sentence for people)."""


@dataclass
class Attendee:
    email: str | None
    name: str


@dataclass
class Reading:
    values: dict[str, Value]
    zone: ZoneInfo
    attendees: list[Attendee]
    notes: list[str] = field(default_factory=list)


def read_event(
    component: Any,
    origin: Any,
    source: Source,
    zones: ZoneReader,
    from_visitplan: bool,
    children: list[Any],
) -> Reading:
    """The event's values; :class:`Skip` if it cannot be imported."""
    notes = _unreadable(origin, source)
    start, end, zone, known = _times(component, zones, children, notes)
    summary = component.get("summary")
    language = summary.params.get("LANGUAGE") if summary is not None else None
    if language:  # en-US → en: plans name languages by their primary code
        language = str(language).split("-")[0].lower()
        if not F.LANG_RE.fullmatch(language):
            language = None
    title = one_line(str(summary or "")) or "Imported event"
    url = meeting_link(component)
    if url is not None and not _usable_link(url):
        notes.append(f'its link "{url[:100]}" is not a web address and is left out')
        url = None
    location = one_line(str(component.get("location", "")), ", ")
    kind = "online-meeting" if url or location.startswith(("http://", "https://")) else "meeting"
    if not isinstance(start, datetime) and end > start:
        kind = "study-visit"
    values: dict[str, Value] = {}
    values["kind"] = kind
    values["title"] = {str(language): title} if language else title
    values["start"] = start
    if end != start or isinstance(start, datetime):
        values["end"] = end
    if known is not None and known != zones.plan_zone:
        values["timezone"] = known.key
    status = _STATUS.get(str(component.get("status", "")).upper())
    if status and status != "confirmed":
        values["status"] = status
    if location:
        values["location"] = location
    if url:
        values["url"] = url
    description = str(component.get("description", "")).strip()
    if description and not from_visitplan:
        values["notes"] = description
    people, more = attendees(component)
    return Reading(values, zone, people, notes + more)


def _unreadable(origin: Any, source: Source) -> list[str]:
    """Notes on the properties of ``origin`` that cannot be read and are left out;
    :class:`Skip` if one of them is vital (its start, end, length, occurrence)."""
    notes: list[str] = []
    for name, message in getattr(origin, "errors", []):
        prop = str(name or "").upper()
        text = " ".join(str(message).split())
        unparsed = _UNPARSED.match(text)
        if unparsed:  # a line icalendar could not split: name its property
            prop, text = unparsed.group(1).upper(), unparsed.group(2)
        text = text[:200]
        if prop in _REPETITION:
            continue
        if not prop or prop in _VITAL:
            line = source.line_of(origin, prop) if prop else None
            where = f" (line {line})" if line else ""
            what = f"its {prop}" if prop else "a line of it"
            raise Skip(f"{what}{where} cannot be read: {text}")
        notes.append(f"its {prop} cannot be read and is left out: {text}")
    return notes


def _times(
    component: Any, zones: ZoneReader, children: list[Any], notes: list[str]
) -> tuple[date | datetime, date | datetime, ZoneInfo, ZoneInfo | None]:
    """The event's start and end as the plan writes them (wall-clock time in its zone;
    an all-day end is its last day), its zone, and the zone its file names (None: the
    plan's is assumed). :class:`Skip` if it has no start or ends before it starts."""
    start_prop = component.get("dtstart")
    if start_prop is None:
        raise Skip("it has no start (DTSTART)")
    end_prop = component.get("dtend")
    duration = component.get("duration")
    if isinstance(start_prop.dt, datetime):
        return _timed(start_prop, end_prop, duration, zones, notes)
    start = start_prop.dt
    if end_prop is not None:
        end_day = end_prop.dt.date() if isinstance(end_prop.dt, datetime) else end_prop.dt
        last = end_day - timedelta(days=1)
    elif duration is not None and isinstance(duration.dt, timedelta):
        last = start + timedelta(days=max(duration.dt.days, 1) - 1)
    else:
        last = start
    if last < start:
        if end_prop is not None and end_prop.dt == start:
            notes.append("it ends on the day it starts (DTEND = DTSTART): one day")
            last = start
        else:
            raise Skip(f"it ends ({last}) before it starts ({start})")
    known: ZoneInfo | None = None
    if children and children[0].get("dtstart") is not None:
        child = children[0]["dtstart"]
        if isinstance(child.dt, datetime):
            known = zones.instant(child)[1]
    return start, last, known or zones.plan_zone, known


def _timed(
    start_prop: Any, end_prop: Any, duration: Any, zones: ZoneReader, notes: list[str]
) -> tuple[datetime, datetime, ZoneInfo, ZoneInfo | None]:
    """:func:`_times` of an event with a time of day."""
    begin, known = zones.instant(start_prop)
    zone = known or zones.plan_zone
    start = begin.astimezone(zone).replace(tzinfo=None)
    if end_prop is not None and isinstance(end_prop.dt, datetime):
        finish, _ = zones.instant(end_prop)
        end = finish.astimezone(zone).replace(tzinfo=None)
    elif end_prop is not None:  # a date: the end of that day
        end = datetime.combine(end_prop.dt, datetime.min.time())
    elif duration is not None and isinstance(duration.dt, timedelta):
        end = start + duration.dt
    else:
        end = start
    if end < start:
        raise Skip(f"it ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})")
    if end == start:
        end = start + timedelta(minutes=1)
        notes.append(
            "it has no length (its end is its start), which a plan cannot hold: it "
            "ends one minute after its start"
        )
    return start, end, zone, known


def _usable_link(url: str) -> bool:
    return bool(F.URL_RE.fullmatch(url)) and not F.LINE_BREAK_RE.search(url)


def attendees(component: Any) -> tuple[list[Attendee], list[str]]:
    """The attendees, each with an email if it has a usable one; notes on the others."""
    found = component.get("attendee", [])
    found = found if isinstance(found, list) else [found]
    result: list[Attendee] = []
    notes: list[str] = []
    for address in found:
        value = str(address).strip()
        params = getattr(address, "params", {})
        cn = one_line(str(params.get("CN", "") or "")).strip().strip('"')
        email = value[len("mailto:") :].strip() if value.lower().startswith("mailto:") else ""
        if email and F.EMAIL_RE.fullmatch(email):
            result.append(Attendee(email, cn))
            continue
        name = cn or one_line(email or value)
        if not name:
            continue
        result.append(Attendee(None, name))
        notes.append(
            f'the attendee "{name}" has no usable email address ("{value[:80]}"): '
            "added by name only"
        )
    return result, notes


_LINK_PROPERTIES = (
    "url",
    "conference",
    "x-google-conference",
    "x-microsoft-skypeteamsmeetingurl",
    "x-microsoft-onlinemeetingconflink",
)
_MEETING_LINK = re.compile(
    r"https://[^\s<>\"]*(teams\.|zoom\.|meet\.|webex\.|jitsi|whereby\.)[^\s<>\"]*", re.IGNORECASE
)


def meeting_link(vevent: Any) -> str | None:
    """The meeting link: URL or CONFERENCE, Google's and Microsoft's own properties, else
    the first link to a known meeting service in the description."""
    for name in _LINK_PROPERTIES:
        value = vevent.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value).strip()
    found = _MEETING_LINK.search(str(vevent.get("description", "")))
    return found.group(0) if found else None


def one_line(text: str, joint: str = " ") -> str:
    """A text for a single-line field of the plan (a title, a place, a name): clients
    write a place and its address on two lines, which the plan keeps on one, joined by
    ``joint`` (", " for a place)."""
    parts = [part.strip() for part in F.LINE_BREAK_RE.split(text.replace("\r\n", "\n"))]
    return joint.join(part for part in parts if part)


def program_values(
    vevent: Any, zone: ZoneInfo, parent_title: str, zones: ZoneReader
) -> dict[str, Value]:
    """A program item (a VEVENT RELATED-TO a visit that visitplan exported)."""
    uid = str(vevent.get("uid", ""))
    title = one_line(str(vevent.get("summary", "")))
    suffix = f" · {one_line(parent_title)}"
    if parent_title and title.endswith(suffix):
        title = title[: -len(suffix)]
    item_id = uid.split("@", 1)[0].rsplit("/", 1)[-1] if "/" in uid else slugify(title)
    values: dict[str, Value] = {"id": slugify(item_id), "title": title or "Item"}
    start_prop, end_prop = vevent.get("dtstart"), vevent.get("dtend")
    values["start"] = _in_zone(start_prop, zone, zones)
    if end_prop is not None:
        values["end"] = _in_zone(end_prop, zone, zones)
    location = one_line(str(vevent.get("location", "")), ", ")
    if location:
        values["location"] = location
    return values


def _in_zone(prop: Any, zone: ZoneInfo, zones: ZoneReader) -> datetime:
    value = prop.dt
    if not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    instant, _ = zones.instant(prop)
    return instant.astimezone(zone).replace(tzinfo=None)
