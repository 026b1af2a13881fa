"""Importing invitations: each VEVENT of an .ics file becomes an event of a plan.

Times stay in the VEVENT's own zone (an Outlook zone name such as "FLE Standard Time" is
mapped to its IANA name); UTC times (Google) are read in the plan's zone. Attendees are
matched to the plan's people by email; new people are added. A VEVENT related to another
one of the file (RELATED-TO: a program item that visitplan exported) becomes a program
item of that event. Tasks (VTODO) are left out.

Entries the plan itself exported (their UID names this plan: ``<plan-id>/<event-id>@…``,
see ``ics_export.parse_uid``) are never added again: one the plan has as the file shows
it is counted as already there; one that differs is reported, with what differs, and
left for the user to apply with `move` or `set`; one the plan no longer has is left out.
Entries of another visitplan plan are imported as new events, and the summary names
that plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from visitplan import fields as F
from visitplan.editing import Document, Value, add_entry, load_raw
from visitplan.errors import VisitplanError
from visitplan.ics_export import Item, UidParts, parse_uid
from visitplan.loading import slugify
from visitplan.timezones import UnknownZone, get_zone

# Windows zone names (as Outlook writes them in TZID) to IANA, after CLDR's windowsZones.
WINDOWS_ZONES = {
    "FLE Standard Time": "Europe/Kyiv",
    "E. Europe Standard Time": "Europe/Chisinau",
    "GTB Standard Time": "Europe/Bucharest",
    "Romance Standard Time": "Europe/Paris",
    "W. Europe Standard Time": "Europe/Berlin",
    "Central European Standard Time": "Europe/Warsaw",
    "Central Europe Standard Time": "Europe/Budapest",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "Belarus Standard Time": "Europe/Minsk",
    "Russian Standard Time": "Europe/Moscow",
    "Turkey Standard Time": "Europe/Istanbul",
    "Israel Standard Time": "Asia/Jerusalem",
    "Georgian Standard Time": "Asia/Tbilisi",
    "Caucasus Standard Time": "Asia/Yerevan",
    "Azerbaijan Standard Time": "Asia/Baku",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "UTC": "UTC",
    "Coordinated Universal Time": "UTC",
}

_STATUS = {"TENTATIVE": "tentative", "CONFIRMED": "confirmed", "CANCELLED": "cancelled"}


@dataclass
class ImportResult:
    text: str
    events: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    program_items: int = 0
    skipped: int = 0  # tasks and other components left out
    already: int = 0  # entries of this plan that it has as the file shows them
    removed: int = 0  # cancelled entries of this plan that it no longer has
    notes: list[str] = field(default_factory=list)  # entries of this plan not imported: why
    other_plans: list[str] = field(default_factory=list)  # visitplan plans imported from

    def summary(self, plan_name: str) -> str:
        """One line: what was imported into ``plan_name`` and what was not."""
        if self.events or self.people:
            parts = [_count(len(self.events), "event")]
            if self.program_items:
                parts.append(_count(self.program_items, "program item"))
            if self.people:
                parts.append(
                    f"{len(self.people)} new {'people' if len(self.people) != 1 else 'person'}"
                )
            text = f"imported {', '.join(parts)} into {plan_name}"
            if self.other_plans:
                names = ", ".join(f'"{name}"' for name in self.other_plans)
                text += f" from the plan{'s' if len(self.other_plans) != 1 else ''} {names}"
        else:
            text = f"nothing imported into {plan_name}"
        rest = []
        if self.already:
            rest.append(f"{self.already} already in the plan")
        if self.notes:
            rest.append(f"{len(self.notes)} not imported (see above)")
        if self.removed:
            rest.append(f"{self.removed} removed from the plan earlier")
        if self.skipped:
            rest.append(f"{_count(self.skipped, 'task')} left out")
        return text + (f"; {', '.join(rest)}" if rest else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def parse_calendar(data: bytes, name: str) -> Calendar:
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise VisitplanError(
            f"{name} is not an iCalendar file: {error}", "give the .ics file of the invitation"
        ) from None
    if not isinstance(calendar, Calendar) or not calendar.walk("VEVENT"):
        raise VisitplanError(
            f"{name} holds no event (VEVENT)", "give the .ics file of the invitation"
        )
    return calendar


def import_calendar(doc: Document, calendar: Calendar) -> ImportResult:
    """The plan text with every VEVENT of ``calendar`` appended as an event."""
    raw = load_raw(doc)
    plan_zone = get_zone(raw["timezone"])
    from_visitplan = "visitplan" in str(calendar.get("prodid", ""))
    result = ImportResult(doc.text)
    vevents = _recognise_own(doc, calendar, result)
    uids = {str(v.get("uid", "")) for v in vevents}
    parents = [
        v for v in vevents if str(v.get("related-to", "")) not in uids or not v.get("related-to")
    ]
    children: dict[str, list[Any]] = {}
    for vevent in vevents:
        related = str(vevent.get("related-to", ""))
        if related and related in uids:
            children.setdefault(related, []).append(vevent)
    people = {
        str(person.get("email", "")).lower(): person_id
        for person_id, person in raw.get("people", {}).items()
        if person.get("email")
    }
    used_people = set(raw.get("people", {})) | set(raw.get("organizations", {}))
    used_events = {event.get("id") for event in raw.get("events", [])}
    for vevent in parents:
        origin = parse_uid(str(vevent.get("uid", "")))
        if origin is not None and origin.plan not in result.other_plans:
            result.other_plans.append(origin.plan)
        try:
            doc = _import_event(
                doc,
                vevent,
                children,
                result,
                people,
                used_people,
                used_events,
                plan_zone,
                from_visitplan,
            )
        except (
            ValueError,
            TypeError,
            AttributeError,
            KeyError,
            IndexError,
            OverflowError,
        ) as error:
            summary = str(vevent.get("summary", "")) or str(vevent.get("uid", "")) or "?"
            raise VisitplanError(
                f'the event "{summary[:80]}" in the file cannot be read: {error}',
                "ask the sender for a new invitation, or add the event with `visitplan add event`",
            ) from None
    result.text = doc.text
    return result


def _import_event(
    doc: Document,
    vevent: Any,
    children: dict[str, list[Any]],
    result: ImportResult,
    people: dict[str, str],
    used_people: set[str],
    used_events: set[str | None],
    plan_zone: ZoneInfo,
    from_visitplan: bool,
) -> Document:
    def person_for(address: str, cn: str) -> str:
        nonlocal doc
        person_id = people.get(address.lower())
        if person_id is None:
            person_id = _unique(slugify(cn or address.split("@")[0]), used_people)
            used_people.add(person_id)
            people[address.lower()] = person_id
            values: dict[str, Value] = {"name": one_line(cn) or address, "email": address}
            doc = _with_text(doc, add_entry(doc, "person", values, person_id))
            result.people.append(person_id)
        return person_id

    participants = [person_for(address, cn) for address, cn in _attendees(vevent)]
    event_id = _unique(
        _id_from(vevent) or slugify(str(vevent.get("summary", "")) or "event"), used_events
    )
    used_events.add(event_id)
    kids = sorted(children.get(str(vevent.get("uid", "")), []), key=_start_key)
    event_values, zone = _event_values(vevent, plan_zone, from_visitplan, kids)
    values = {"id": event_id, **event_values}
    if participants:
        values["participants"] = list(dict.fromkeys(participants))
    doc = _with_text(doc, add_entry(doc, "event", values, None))
    result.events.append(event_id)
    parent_title = str(vevent.get("summary", ""))
    everyone = set(participants)
    for child in kids:
        item = _program_values(child, zone, parent_title)
        # a program item's own entry lists the event's people and those who take part in
        # that item alone (its speakers, for visitplan): those come back as its speakers
        speakers = [person_for(address, cn) for address, cn in _attendees(child)]
        only_here = [person for person in dict.fromkeys(speakers) if person not in everyone]
        if only_here:
            item["speakers"] = only_here
        doc = _with_text(doc, add_entry(doc, "program", item, None, event_id))
        result.program_items += 1
    return doc


def _with_text(doc: Document, text: str) -> Document:
    return Document(doc.path, doc.original, text, doc.bom)


def _unique(base: str, used: Iterable[str | None]) -> str:
    taken = set(used)
    base = base[:55].rstrip("-") or "x"
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _attendees(vevent: Any) -> list[tuple[str, str]]:
    found = vevent.get("attendee", [])
    found = found if isinstance(found, list) else [found]
    result = []
    for address in found:
        value = str(address)
        if value.lower().startswith("mailto:"):
            email = value[len("mailto:") :]
            result.append((email, str(address.params.get("CN", "")).strip()))
    return result


def _id_from(vevent: Any) -> str | None:
    """The event's id when visitplan exported it (UID ``plan/event@visitplan``): a round
    trip keeps ids, and so the calendar entries' identity in the new plan."""
    parts = parse_uid(str(vevent.get("uid", "")))
    return parts.event if parts is not None and parts.item is None else None


# --------------------------------------------------------------------------- own entries

_NOW = datetime(2000, 1, 1, tzinfo=UTC)  # stamps are not compared: any instant will do


def _recognise_own(doc: Document, calendar: Calendar, result: ImportResult) -> list[Any]:
    """Sort out the entries whose UID names this plan (counted or reported in
    ``result``); return the VEVENTs left to import. Tasks of other origins are counted as
    left out."""
    from visitplan.ics_export import ExportOptions, item_component, plan_items, stamp

    plan = doc.load().plan
    assert plan is not None  # the document was opened: it has no errors
    items = {item.uid: item for item in plan_items(plan, todos=True)}
    stamped: list[Any] = []  # built once, and only if the file has entries of this plan
    languages: tuple[str | None, ...] = (
        None,
        *dict.fromkeys(
            [*plan.languages, *(lang for p in plan.people.values() for lang in p.languages)]
        ),
    )
    remaining = []
    for component in [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]:
        uid = str(component.get("uid", ""))
        parts = parse_uid(uid)
        if parts is None or parts.plan != plan.id:
            if component.name == "VEVENT":
                remaining.append(component)
            else:
                result.skipped += 1
            continue
        what, how = _describe(parts)
        item = items.get(uid)
        if item is None:
            if str(component.get("status", "")).upper() == "CANCELLED":
                result.removed += 1
            else:
                result.notes.append(
                    f"{what} is this plan's but no longer in it, not imported — add it again "
                    "with `visitplan add` if it should be back"
                )
            continue
        if not stamped:
            stamped.append(stamp(plan, {}, _NOW, todos=True))
        entry = stamped[0].entries[uid]
        shown = [item_component(item, entry, ExportOptions(lang=lang)) for lang in languages]
        try:
            differences = _differences(component, shown, item)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError):
            result.notes.append(f"{what} in the file cannot be read, not imported")
            continue
        if differences:
            result.notes.append(
                f"{what} differs from the plan, not imported — {'; '.join(differences)}; "
                f"if the file is right, change the plan with {how}"
            )
        else:
            result.already += 1
    return remaining


def _describe(parts: UidParts) -> tuple[str, str]:
    """How an entry of the plan is named in a note, and the commands that change it."""
    if parts.action is not None:
        return f'action "{parts.action}"', f"`visitplan set PLAN action {parts.action} …`"
    if parts.item is not None:
        name = f"{parts.event}/{parts.item}"
        return (
            f'program item "{name}"',
            f"`visitplan set PLAN program {name} --start … --end …`",
        )
    return (
        f'event "{parts.event}"',
        f"`visitplan move PLAN {parts.event} …` or `visitplan set PLAN event {parts.event} …`",
    )


def _differences(component: Any, shown: list[Any], item: Item) -> list[str]:
    """What the file's entry shows otherwise than the plan's (in any of its languages):
    its time, title, place, link and status."""
    found = []
    plan_entry = shown[0]
    language = _language(component.get("summary"))
    for candidate in shown:
        if _language(candidate.get("summary")) == language:
            plan_entry = candidate
            break
    times: tuple[str, ...] = ("due",) if component.name == "VTODO" else ("dtstart", "dtend")
    in_file = [_when(component, name) for name in times]
    in_plan = [_when(plan_entry, name) for name in times]
    if in_file != in_plan:
        source = item.program or item.event
        zone = None if source is None or source.when.all_day else source.when.zone
        label = "due" if component.name == "VTODO" else "time"
        found.append(
            f"{label}: the file has {_show_when(in_file, zone)}, the plan "
            f"{_show_when(in_plan, zone)}"
        )
    for name, label in (("summary", "title"), ("location", "place")):
        value = str(component.get(name, ""))
        if value not in {str(c.get(name, "")) for c in shown}:
            found.append(f'{label}: the file has "{value}", the plan "{plan_entry.get(name, "")}"')
    for name, label in (("url", "link"), ("status", "status")):
        value, wanted = str(component.get(name, "")), str(plan_entry.get(name, ""))
        if value.upper() != wanted.upper() if name == "status" else value != wanted:
            found.append(f"{label}: the file has {value or 'none'}, the plan {wanted or 'none'}")
    return found


def _language(prop: Any) -> str | None:
    code = getattr(prop, "params", {}).get("LANGUAGE") if prop is not None else None
    return str(code) if code else None


def _when(component: Any, name: str) -> date | datetime | None:
    prop = component.get(name)
    return None if prop is None else prop.dt


def _show_when(values: list[date | datetime | None], zone: ZoneInfo | None) -> str:
    """``2024-05-28 11:00–12:30 (Europe/Kyiv)``, ``2023-07-01 – 2023-07-05`` (the last
    day, inclusive, as in the plan), ``2024-06-30``, or ``none``."""
    start, end = [*values, None][:2]
    if start is None:
        return "none"
    if not isinstance(start, datetime):
        if (
            isinstance(end, date)
            and not isinstance(end, datetime)
            and end - start > timedelta(days=1)
        ):
            return f"{start.isoformat()} – {(end - timedelta(days=1)).isoformat()}"
        return start.isoformat()
    shown_zone = zone or start.tzinfo
    local = start.astimezone(shown_zone) if start.tzinfo else start
    text = f"{local:%Y-%m-%d %H:%M}"
    if isinstance(end, datetime):
        local_end = end.astimezone(shown_zone) if end.tzinfo else end
        text += (
            f"–{local_end:%H:%M}"
            if local_end.date() == local.date()
            else f" – {local_end:%Y-%m-%d %H:%M}"
        )
    return text + (f" ({zone.key})" if zone is not None else "")


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


def _meeting_link(vevent: Any) -> str | None:
    """The meeting link: URL or CONFERENCE, Google's and Microsoft's own properties, else
    the first link to a known meeting service in the description."""
    for name in _LINK_PROPERTIES:
        value = vevent.get(name)
        if value:
            return str(value)
    found = _MEETING_LINK.search(str(vevent.get("description", "")))
    return found.group(0) if found else None


def _start_key(vevent: Any) -> str:
    value = vevent.get("dtstart")
    return "" if value is None else str(value.to_ical())


def _zone_of(prop: Any, plan_zone: ZoneInfo) -> ZoneInfo | None:
    """The IANA zone of a DTSTART/DTEND (TZID as IANA or Windows name); None for UTC or
    floating times."""
    tzid = prop.params.get("TZID")
    if not tzid:
        return None
    name = WINDOWS_ZONES.get(str(tzid), str(tzid))
    try:
        return get_zone(name)
    except UnknownZone:
        return None


def _local(prop: Any, zone: ZoneInfo, known: ZoneInfo | None) -> datetime | date:
    value = prop.dt
    if isinstance(value, datetime):
        if known is not None:
            return value.replace(tzinfo=None)  # the wall time in its own zone
        if value.tzinfo is None:
            return value  # floating: read in the plan's zone
        return value.astimezone(zone).replace(tzinfo=None)
    assert isinstance(value, date)
    return value


def _event_values(
    vevent: Any, plan_zone: ZoneInfo, from_visitplan: bool, children: list[Any]
) -> tuple[dict[str, Value], ZoneInfo]:
    values: dict[str, Value] = {}
    start_prop = vevent.get("dtstart")
    if start_prop is None:
        raise VisitplanError(
            f'event "{vevent.get("summary", "")}" has no DTSTART', "the file is incomplete"
        )
    known = _zone_of(start_prop, plan_zone)
    if known is None and children and not isinstance(start_prop.dt, datetime):
        # an all-day visit has no zone of its own in iCalendar: take its program's
        known = _zone_of(children[0].get("dtstart"), plan_zone)
    zone = known or plan_zone
    summary = vevent.get("summary")
    language = summary.params.get("LANGUAGE") if summary is not None else None
    if language:  # en-US → en: plans name languages by their primary code
        language = str(language).split("-")[0].lower()
    title = one_line(str(summary or "")) or "Imported event"
    url = _meeting_link(vevent)
    location = one_line(str(vevent.get("location", "")), ", ")
    start = _local(start_prop, zone, known)
    kind = "online-meeting" if url or location.startswith(("http://", "https://")) else "meeting"
    end_prop = vevent.get("dtend")
    if isinstance(start, datetime):
        if end_prop is not None:
            end: date | datetime = _local(end_prop, zone, _zone_of(end_prop, plan_zone) or known)
        else:
            duration = vevent.get("duration")
            end = start + (duration.dt if duration is not None else timedelta(hours=1))
    else:
        last = end_prop.dt - timedelta(days=1) if end_prop is not None else start
        end = last if isinstance(last, date) and not isinstance(last, datetime) else start
        if end > start:
            kind = "study-visit"
    values["kind"] = kind
    values["title"] = {str(language): title} if language else title
    values["start"] = start
    if end != start or isinstance(start, datetime):
        values["end"] = end
    if known is not None and known != plan_zone:
        values["timezone"] = known.key
    status = _STATUS.get(str(vevent.get("status", "")).upper())
    if status and status != "confirmed":
        values["status"] = status
    if location:
        values["location"] = location
    if url:
        values["url"] = str(url)
    description = str(vevent.get("description", "")).strip()
    if description and not from_visitplan:
        values["notes"] = description
    return values, zone


def _program_values(vevent: Any, zone: ZoneInfo, parent_title: str) -> dict[str, Value]:
    uid = str(vevent.get("uid", ""))
    title = one_line(str(vevent.get("summary", "")))
    suffix = f" · {one_line(parent_title)}"
    if parent_title and title.endswith(suffix):
        title = title[: -len(suffix)]
    item_id = uid.split("@", 1)[0].rsplit("/", 1)[-1] if "/" in uid else slugify(title)
    values: dict[str, Value] = {"id": slugify(item_id), "title": title or "Item"}
    start_prop, end_prop = vevent.get("dtstart"), vevent.get("dtend")
    values["start"] = _to_zone(start_prop, zone)
    if end_prop is not None:
        values["end"] = _to_zone(end_prop, zone)
    location = one_line(str(vevent.get("location", "")), ", ")
    if location:
        values["location"] = location
    return values


def one_line(text: str, joint: str = " ") -> str:
    """A text for a single-line field of the plan (a title, a place, a name): clients
    write a place and its address on two lines, which the plan keeps on one, joined by
    ``joint`` (", " for a place)."""
    parts = [part.strip() for part in F.LINE_BREAK_RE.split(text.replace("\r\n", "\n"))]
    return joint.join(part for part in parts if part)


def _to_zone(prop: Any, zone: ZoneInfo) -> datetime:
    value = prop.dt
    if not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    if value.tzinfo is None:
        return value
    known = _zone_of(prop, zone)
    if known is not None and known == zone:
        return value.replace(tzinfo=None)
    return value.astimezone(zone).replace(tzinfo=None)
