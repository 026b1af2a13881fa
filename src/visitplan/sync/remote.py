"""What is on the server, as publishing sees it: the calendar collection
(:class:`Collection`, ``dav.DavCollection`` on the wire), its objects parsed
(:class:`Remote`) and listed (:func:`read_remote`), the digest that tells whether a copy
is as a publish left it (:func:`content_digest`, carried as ``X-VISITPLAN-DIGEST``), the
resource names of new entries, which plan owns a UID, and the times the report gives
for server copies."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Component

from visitplan.ical.uids import UID_DOMAIN, local_uid

DIGEST = "X-VISITPLAN-DIGEST"

# Bookkeeping that servers and clients rewrite without anyone changing the entry.
_SKIPPED = {"DTSTAMP", "LAST-MODIFIED", "CREATED"}
_SKIPPED_PARAMS = {"PARTSTAT", "RSVP", "SCHEDULE-STATUS", "SCHEDULE-AGENT", "SCHEDULE-FORCE-SEND"}


class Precondition(Exception):
    """The server refused a conditional write: the entry changed (or appeared) meanwhile."""


class Collection(Protocol):
    """What publishing needs of a calendar collection (``dav.DavCollection``)."""

    url: str

    def entries(self) -> list[tuple[str, str | None, str]]:
        """Every calendar object: (href, etag, iCalendar text)."""
        ...

    def href_for(self, name: str) -> str: ...

    def create(self, href: str, data: bytes) -> None: ...

    def update(self, href: str, data: bytes, etag: str | None) -> None: ...

    def delete(self, href: str, etag: str | None) -> None: ...


@dataclass(frozen=True)
class Remote:
    """A calendar object on the server, parsed."""

    href: str
    etag: str | None
    uid: str
    calendar: Component  # the whole VCALENDAR
    component: Component  # its VEVENT or VTODO

    @property
    def digest(self) -> str | None:
        """Our X-VISITPLAN-DIGEST in the copy, if it still has one."""
        published = self.component.get(DIGEST)
        return None if published is None else str(published)

    @property
    def intact(self) -> bool:
        """The copy is as a publish left it: it has our digest and still matches it. A copy
        without the digest is never taken as intact (a client may rewrite it without our
        property and change it)."""
        return self.digest is not None and self.digest == content_digest(self.component)

    @property
    def version(self) -> tuple[int, datetime | None]:
        """SEQUENCE and DTSTAMP (UTC) of the copy; (0, None) where they do not parse."""
        try:
            sequence = int(self.component.get("sequence", 0))
        except (TypeError, ValueError):
            sequence = 0
        stamp = self.component.get("dtstamp")
        moment = getattr(stamp, "dt", None)
        if not isinstance(moment, datetime):
            return sequence, None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return sequence, moment.astimezone(UTC)

    @property
    def cancelled(self) -> bool:
        return str(self.component.get("status", "")).upper() == "CANCELLED"


def content_digest(component: Component) -> str:
    """A digest of what an entry says, the same however a server re-serializes it:
    properties (not sub-components such as alarms, not bookkeeping like DTSTAMP or other
    programs' X- properties), their parameters and values, in a fixed order."""
    lines: list[str] = []
    for name, value in component.items():
        name = name.upper()
        if name in _SKIPPED or name.startswith("X-"):
            continue
        for prop in value if isinstance(value, list) else [value]:
            params = getattr(prop, "params", {})
            shown = ";".join(
                f"{key.upper()}={params[key]}"
                for key in sorted(params, key=str.upper)
                if key.upper() not in _SKIPPED_PARAMS
            )
            text = prop.to_ical() if hasattr(prop, "to_ical") else str(prop).encode()
            lines.append(f"{name};{shown}:{text.decode('utf-8', 'replace')}")
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:24]


def resource_name(uid: str) -> str:
    """The file name of a new entry in the collection: ``plan.event.item.ics``, from the
    UID (ids are slugs, so ``.`` and ``_`` cannot collide)."""
    return local_uid(uid).replace("/", ".").replace(":", "_") + ".ics"


def main_component(calendar: Component) -> Component:
    for sub in calendar.subcomponents:
        if sub.name in ("VEVENT", "VTODO", "VJOURNAL"):
            return sub
    raise ValueError("no VEVENT or VTODO")


def parse_remote(href: str, etag: str | None, text: str) -> Remote | None:
    """A server entry, or None if it is not an iCalendar object we can read (then it is
    not ours either: we never write such)."""
    try:
        calendar = Calendar.from_ical(text)
        component = main_component(calendar)
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    uid = component.get("uid")
    if uid is None:
        return None
    return Remote(href, etag, str(uid), calendar, component)


@dataclass(frozen=True)
class Listing:
    """What the collection holds: the calendar objects we can read, and the UID behind
    every resource name ("" for an object we cannot read)."""

    entries: list[Remote]
    names: dict[str, str]


def free_name(uid: str, href_for: Callable[[str], str], names: Mapping[str, str]) -> str:
    """The href for a new entry: its resource name, or the first ``…-N.ics`` that no
    object in the collection holds."""
    stem = resource_name(uid).removesuffix(".ics")
    for number in itertools.count(1):
        href = href_for(f"{stem}.ics" if number == 1 else f"{stem}-{number}.ics")
        if names.get(href, uid) == uid:
            return href
    raise AssertionError("unreachable")


def owner(uid: str, plan_ids: Iterable[str]) -> str | None:
    """The plan id whose UIDs include ``uid`` (``<plan>/…@visitplan``), if any."""
    if not uid.endswith(f"@{UID_DOMAIN}") or "/" not in uid:
        return None
    prefix = uid.split("/", 1)[0]
    return prefix if prefix in plan_ids else None


def read_remote(collection: Collection) -> Listing:
    found = []
    names: dict[str, str] = {}
    for href, etag, text in collection.entries():
        entry = parse_remote(href, etag, text)
        names[href] = entry.uid if entry is not None else ""
        if entry is not None:
            found.append(entry)
    return Listing(found, names)


def when_text(value: str, zone: ZoneInfo | None = None) -> str:
    """``20240528T080000Z`` as ``2024-05-28 11:00 Europe/Kyiv`` in ``zone`` (``… UTC``
    without one); ``20230701`` as ``2023-07-01``."""
    value = value.strip()
    if len(value) >= 8 and value[:8].isdigit():
        day = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
        if len(value) >= 15 and value[8] == "T" and value[9:15].isdigit():
            if value.endswith("Z"):
                moment = datetime.strptime(value[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
                return moment_text(moment, zone)
            return f"{day} {value[9:11]}:{value[11:13]}"
        return day
    return value


def moment_text(moment: datetime, zone: ZoneInfo | None) -> str:
    """An aware moment in ``zone`` (else UTC), as the report writes times."""
    if zone is None:
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M} {zone.key}"


def remote_when(component: Component, zone: ZoneInfo | None) -> str:
    """The start of a server copy in its own zone (its DTSTART's TZID), else in ``zone``."""
    start = component.get("dtstart") or component.get("due")
    if start is None:
        return ""
    moment = getattr(start, "dt", None)
    if isinstance(moment, datetime):
        tzid = start.params.get("TZID") if hasattr(start, "params") else None
        if tzid:
            with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
                zone = ZoneInfo(str(tzid))
        if moment.tzinfo is None:
            return f"{moment:%Y-%m-%d %H:%M}"
        return moment_text(moment, zone)
    return when_text(start.to_ical().decode(), zone)
