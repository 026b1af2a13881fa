"""Calendars: the VCALENDAR around the entries — its head (PRODID, METHOD, name, a
VTIMEZONE per zone for just the span exported) and end — written for the selected
entries of stamped plans (:func:`write_calendar`, a megabyte at a time), and the files of
``--method request``, one iTIP object each (:func:`check_request`, :func:`request_files`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone
from icalendar.prop import vText

from visitplan import __version__
from visitplan.errors import UsageError
from visitplan.ical.components import ExportOptions, tombstone_lines
from visitplan.ical.entries import Item, Selection
from visitplan.ical.lines import clean, fold, serialize
from visitplan.ical.stamps import Stamped
from visitplan.ical.uids import local_uid
from visitplan.plan.model import Plan

PRODID = f"-//visitplan//visitplan {__version__}//EN"


def check_method(plans: Sequence[Plan], method: str) -> None:
    if method != "request":
        return
    for plan in plans:
        organizer = plan.people.get(plan.organizer or "")
        if organizer is None or not organizer.email:
            raise UsageError(
                f"--method request needs an organizer with an email in {plan.source or plan.id}",
                'set organizer = "<person id>" at the top of the plan, for a person with an email',
            )


def check_request(
    stamped: Sequence[Stamped], selection: Selection, person: str | None = None
) -> list[tuple[Stamped, Item]]:
    """``--method request`` writes one iTIP object per file, as Outlook reads only the
    first VEVENT of a REQUEST (MS-STANOICAL 2.2.175): the selection (``person``: whose
    file it is) must hold the entries of one event — the event's own, and for a visit
    each session that is an entry of its own, each then a file — and each must have
    attendees with an email (a REQUEST without attendees invites nobody). Returns the
    entries, the event's own first, then its sessions in time order. Raised before
    anything is written."""
    chosen = [
        (state, item)
        for state in stamped
        for item in state.items
        if item.action is None and selection.match(item)
    ]
    who = f" for {person}" if person else ""
    hint = (
        "give --event ID (one event), export the calendar with --method publish, or send "
        "the invitations with `visitplan invite PLAN EVENT-ID` (--dry-run --save DIR writes one "
        "message per entry)"
    )
    events = {(item.plan.id, item.event.id) for _, item in chosen if item.event is not None}
    if len(events) != 1:
        names = ", ".join(local_uid(item.uid) for _, item in chosen[:5])
        more = ", …" if len(chosen) > 5 else ""
        raise UsageError(
            f"--method request{who} would put {len(chosen)} entries in one file"
            + (f" ({names}{more})" if chosen else "")
            + ": a calendar reads only the first event of an invitation",
            hint,
        )
    for _, item in chosen:
        people = item.plan.people
        if not any(people[p].email for p in item.attendees() if p in people):
            raise UsageError(
                f"{local_uid(item.uid)} has no attendee with an email: "
                "an invitation (REQUEST) to it would invite nobody",
                "export it with --method publish, or add the people taking part (with emails)",
            )
    event = chosen[0][1].event
    assert event is not None
    order = {program.index: n for n, program in enumerate(event.schedule)}
    return sorted(
        chosen, key=lambda pair: -1 if pair[1].program is None else order[pair[1].program.index]
    )


def request_files(
    chosen: Sequence[tuple[Stamped, Item]],
    options: ExportOptions,
    target: Path,
    recipient: str | None = None,
) -> list[tuple[Path, bytes]]:
    """The files of ``--method request`` (see :func:`check_request`), one entry each:
    ``target`` for the event's own entry (or the only one), ``<stem>--<item-id>.ics``
    beside it for each session (also for someone who takes part in one session only) —
    the names ``invite --dry-run`` gives its messages."""
    out = []
    for state, item in chosen:
        path = target
        if item.program is not None:
            path = target.with_name(f"{target.stem}--{item.program.id}{target.suffix}")
        alone = dataclasses.replace(state, items=(item,), tombstones=())
        out.append((path, build_calendar([alone], Selection(), options, recipient)))
    return out


def build_calendar(
    stamped: Sequence[Stamped],
    selection: Selection,
    options: ExportOptions,
    recipient: str | None = None,
) -> bytes:
    """The .ics bytes for the selected entries of the stamped plans (see
    :func:`calendar_buffer`)."""
    return bytes(calendar_buffer(stamped, selection, options, recipient))


def calendar_buffer(
    stamped: Sequence[Stamped],
    selection: Selection,
    options: ExportOptions,
    recipient: str | None = None,
) -> bytearray:
    """The .ics bytes for the selected entries of the stamped plans, in one buffer."""
    out = bytearray()
    write_calendar(stamped, selection, options, out.extend, recipient)
    return out


def write_calendar(
    stamped: Sequence[Stamped],
    selection: Selection,
    options: ExportOptions,
    sink: Callable[[bytes], object],
    recipient: str | None = None,
) -> None:
    """Write the .ics bytes for the selected entries of the stamped plans to ``sink``, a
    megabyte at a time: a large calendar is never held whole as bytes (the content lines
    of its entries are, when the stamps kept them for reuse: see :func:`stamp`).

    ``recipient`` (an email) limits cancellations of removed entries to those that person
    had; a filtered export carries no cancellations otherwise."""
    plans = [s.items[0].plan for s in stamped if s.items] or []
    title = " · ".join(p.text(p.title, options.lang) for p in plans) or "visitplan"
    # An invitation (REQUEST) holds its event only: no tasks (see check_request).
    request = options.method == "request"
    chosen = [
        (state, [i for i in state.items if selection.match(i) and not (request and i.action)])
        for state in stamped
    ]
    out = bytearray(
        calendar_head(title, options.method, [item for _, items in chosen for item in items])
    )
    for state, items in chosen:
        shared: dict[object, Any] = {}  # what the entries of one event share, built once
        for item in items:
            out += state.entry_bytes(item, options, shared)
            if len(out) > 1 << 20:
                sink(bytes(out))
                out.clear()
        for entry in state.tombstones:
            wanted = selection.everything if recipient is None else recipient in entry.attendees
            if wanted:
                out += fold(tombstone_lines(entry))
    out += CALENDAR_END
    sink(bytes(out))


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_head(title: str | None, method: str | None, items: Sequence[Item]) -> bytes:
    """The start of a VCALENDAR (no END line): PRODID, VERSION, METHOD (none for a CalDAV
    resource, RFC 4791 4.1), the name, and a VTIMEZONE for each zone ``items`` use,
    covering just their span."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method is not None:
        calendar.add("method", method.upper())
    if title is not None:
        # TEXT (RFC 7986), escaped as every other text: icalendar types NAME and
        # X-WR-CALNAME as unknown and would write a line break in them as it is.
        name = vText(clean(title))
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    days: list[date] = []
    zones: set[ZoneInfo] = set()
    for item in items:
        if item.action is None:
            source = item.program or item.event
            assert source is not None
            days += [source.when.first_day, source.when.last_day]
            if not source.when.all_day:
                zones.add(source.when.zone)
    for zone in sorted(zones, key=lambda z: z.key):
        calendar.add_component(_vtimezone(zone, min(days), max(days)))
    head = serialize(calendar)
    assert head.endswith(CALENDAR_END)
    return head[: -len(CALENDAR_END)]


def _vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for just the span of the exported items, one RDATE per line (several
    values on one RDATE line are misread by vobject and ical.js)."""
    timezone = Timezone.from_tzinfo(
        zone, first_date=first - timedelta(days=1), last_date=last + timedelta(days=2)
    )
    for sub in timezone.subcomponents:
        rdates = sub.get("rdate")
        if rdates is None:
            continue
        values: list[date | datetime] = []
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            values.extend(period.dt for period in rdate.dts)
        del sub["rdate"]
        for value in values:
            sub.add("rdate", value)
    return timezone
