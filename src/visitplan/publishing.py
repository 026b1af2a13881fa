"""Publish plans to one CalDAV calendar collection, so a team subscribes to one calendar.

The plan decides, the server is brought in line: entries missing on the server are
created, changed ones updated, entries the plan no longer has cancelled (or deleted), and
entries whose UIDs the plan does not own are never touched. The content of every entry is
the one ``export`` writes (same UIDs, SEQUENCE and DTSTAMP from the export state), so an
imported file and the server never disagree.

Each published entry carries ``X-VISITPLAN-DIGEST``, a digest of its content as published.
When the server's copy no longer matches its own digest, someone changed it on the server
since the last publish (from any clone of the plan): that is reported as a conflict, not
overwritten, unless ``--force``. Writes are conditional (``If-None-Match: *`` to create,
``If-Match: <etag>`` to update or delete), so a change made on the server between our read
and our write is a conflict too. This module plans and applies the changes; the wire is
in ``dav``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol

from icalendar import Calendar, Component

from visitplan.errors import VisitplanError
from visitplan.ics_export import (
    CALENDAR_END,
    UID_DOMAIN,
    ExportOptions,
    Item,
    Selection,
    Stamped,
    calendar_head,
    entry_lines,
    fold,
    plan_items,
    serialize,
    tombstone_lines,
)

DIGEST = "X-VISITPLAN-DIGEST"

# Bookkeeping that servers and clients rewrite without anyone changing the entry.
_SKIPPED = {"DTSTAMP", "LAST-MODIFIED", "CREATED"}
_SKIPPED_PARAMS = {"PARTSTAT", "RSVP", "SCHEDULE-STATUS", "SCHEDULE-AGENT", "SCHEDULE-FORCE-SEND"}

ACTIONS = ("create", "update", "cancel", "delete", "unchanged", "conflict")


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
    def untouched(self) -> bool:
        """The copy is as the last publish left it (or was never published by us)."""
        published = self.component.get(DIGEST)
        return published is None or str(published) == content_digest(self.component)

    @property
    def cancelled(self) -> bool:
        return str(self.component.get("status", "")).upper() == "CANCELLED"


@dataclass(frozen=True)
class Change:
    """One line of the publish report, and the write it needs (if any)."""

    action: str  # one of ACTIONS
    uid: str
    plan: str  # plan id
    summary: str
    when: str  # the start, for the report: 2024-05-28 11:00 Europe/Kyiv
    href: str = ""
    etag: str | None = None
    data: bytes | None = None
    reason: str = ""

    @property
    def writes(self) -> bool:
        return self.action in ("create", "update", "cancel", "delete")


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def summary(self) -> str:
        """``0 created, 0 updated, 0 cancelled, 12 unchanged`` (+ deleted, conflicts)."""
        parts = [
            f"{self.count('create')} created",
            f"{self.count('update')} updated",
            f"{self.count('cancel')} cancelled",
        ]
        if self.count("delete"):
            parts.append(f"{self.count('delete')} deleted")
        parts.append(f"{self.count('unchanged')} unchanged")
        conflicts = self.count("conflict")
        if conflicts:
            parts.append(f"{conflicts} conflict{'s' if conflicts != 1 else ''}")
        return ", ".join(parts)


class PublishInterrupted(VisitplanError):
    """The server went away part-way; what was written stays written."""

    def __init__(self, cause: VisitplanError, done: int, total: int) -> None:
        super().__init__(
            f"{cause.message} (after {done} of {total} changes were written)",
            "run the same publish again to finish: it picks up where this one stopped",
        )
        self.done = done
        self.total = total


# --------------------------------------------------------------------------- content


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
    local = uid.removesuffix(f"@{UID_DOMAIN}")
    return local.replace("/", ".").replace(":", "_") + ".ics"


def _resource(items: Sequence[Item], lines: list[str]) -> tuple[bytes, str, Component]:
    """A calendar object resource (no METHOD) for one entry's lines, with its digest
    inside, and the entry as a server will give it back (values parsed from text)."""
    head = calendar_head(None, None, items)
    component = _main_component(Calendar.from_ical(head + fold(lines) + CALENDAR_END))
    digest = content_digest(component)
    data = head + fold([lines[0], f"{DIGEST}:{digest}", *lines[1:]]) + CALENDAR_END
    return data, digest, component


def _main_component(calendar: Component) -> Component:
    for sub in calendar.subcomponents:
        if sub.name in ("VEVENT", "VTODO", "VJOURNAL"):
            return sub
    raise ValueError("no VEVENT or VTODO")


def parse_remote(href: str, etag: str | None, text: str) -> Remote | None:
    """A server entry, or None if it is not an iCalendar object we can read (then it is
    not ours either: we never write such)."""
    try:
        calendar = Calendar.from_ical(text)
        component = _main_component(calendar)
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    uid = component.get("uid")
    if uid is None:
        return None
    return Remote(href, etag, str(uid), calendar, component)


def owner(uid: str, plan_ids: Iterable[str]) -> str | None:
    """The plan id whose UIDs include ``uid`` (``<plan>/…@visitplan``), if any."""
    if not uid.endswith(f"@{UID_DOMAIN}") or "/" not in uid:
        return None
    prefix = uid.split("/", 1)[0]
    return prefix if prefix in plan_ids else None


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class PublishOptions:
    export: ExportOptions = field(default_factory=ExportOptions)
    on_removed: str = "cancel"  # or "delete"
    force: bool = False


@dataclass(frozen=True)
class _Wanted:
    uid: str
    plan: str
    summary: str
    when: str
    data: bytes
    digest: str
    cancelled: bool
    removed: bool  # left the plan (a tombstone)


def _wanted(state: Stamped, selection: Selection, options: ExportOptions) -> list[_Wanted]:
    wanted: list[_Wanted] = []
    for item in state.items:
        if not selection.match(item):
            continue
        entry = state.entries[item.uid]
        data, digest, component = _resource([item], entry_lines(item, entry, options))
        status = str(component.get("status", ""))
        wanted.append(
            _Wanted(
                item.uid, item.plan.id, entry.summary, _when(item), data, digest,
                status == "CANCELLED", removed=False,
            )
        )  # fmt: skip
    for entry in state.tombstones:
        data, digest, _ = _resource([], tombstone_lines(entry))
        plan_id = entry.uid.split("/", 1)[0]
        wanted.append(
            _Wanted(
                entry.uid, plan_id, entry.summary, when_text(entry.start), data, digest, True, True
            )
        )
    return wanted


def _when(item: Item) -> str:
    if item.action is not None:
        return f"{item.action.due:%Y-%m-%d}" if item.action.due else ""
    when = (item.program or item.event).when  # type: ignore[union-attr]
    if when.all_day:
        return f"{when.first_day:%Y-%m-%d}"
    return f"{when.start:%Y-%m-%d %H:%M} {when.zone.key}"


def when_text(value: str) -> str:
    """``20240528T080000Z`` as ``2024-05-28 08:00 UTC``; ``20230701`` as ``2023-07-01``."""
    value = value.strip()
    if len(value) >= 8 and value[:8].isdigit():
        day = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
        if len(value) >= 13 and value[8] == "T":
            return f"{day} {value[9:11]}:{value[11:13]}" + (" UTC" if value.endswith("Z") else "")
        return day
    return value


def plan_changes(
    stamped: Sequence[Stamped],
    selection: Selection,
    options: PublishOptions,
    remote: Sequence[Remote],
    collection: Collection,
    now: datetime,
) -> list[Change]:
    """What to do to bring the collection in line with the plans, in plan order; nothing
    is written here."""
    plans = {state.plan.id: state for state in stamped if state.plan is not None}
    on_server: dict[str, Remote] = {}
    for entry in remote:
        if owner(entry.uid, plans) is not None and entry.uid not in on_server:
            on_server[entry.uid] = entry
    changes: list[Change] = []
    handled: set[str] = set()
    for state in stamped:
        for want in _wanted(state, selection, options.export):
            handled.add(want.uid)
            change = _change(want, on_server.get(want.uid), options, collection)
            if change.action != "unchanged" or change.href:
                changes.append(change)
    known = {
        uid
        for state in plans.values()
        if state.plan is not None
        for uid in [*state.entries, *(i.uid for i in plan_items(state.plan))]
    }
    for uid, entry in sorted(on_server.items()):
        if uid in handled or uid in known:
            continue  # the plan has it, outside this publish's filters
        changes.append(_orphan(entry, owner(uid, plans) or "", options, now))
    return changes


def _change(
    want: _Wanted, remote: Remote | None, options: PublishOptions, collection: Collection
) -> Change:
    base = Change("unchanged", want.uid, want.plan, want.summary, want.when)
    if remote is None:
        if want.removed:
            return base  # never on this server: nothing to cancel (not reported)
        href = collection.href_for(resource_name(want.uid))
        return replace(base, action="create", href=href, data=want.data)
    base = replace(base, href=remote.href, etag=remote.etag)
    if want.removed and options.on_removed == "delete":
        if not remote.untouched and not options.force:
            return _conflict(base)
        return replace(base, action="delete")
    if content_digest(remote.component) == want.digest:
        return base
    if not remote.untouched and not options.force:
        return _conflict(base)
    action = "cancel" if want.cancelled and not remote.cancelled else "update"
    return replace(base, action=action, data=want.data)


def _conflict(change: Change) -> Change:
    return replace(change, action="conflict", reason=_CHANGED_ON_SERVER, data=None)


_CHANGED_ON_SERVER = "changed on the server since the last publish"


def _orphan(remote: Remote, plan_id: str, options: PublishOptions, now: datetime) -> Change:
    """An entry of ours that neither the plan nor its export state knows (the state file
    was lost, or the entry came from another copy of the plan): cancel or delete it."""
    component = remote.component
    start = component.get("dtstart") or component.get("due")
    base = Change(
        "unchanged",
        remote.uid,
        plan_id,
        str(component.get("summary", "")),
        when_text(start.to_ical().decode()) if start is not None else "",
        href=remote.href,
        etag=remote.etag,
    )
    if not remote.untouched and not options.force:
        return _conflict(base)
    if options.on_removed == "delete":
        return replace(base, action="delete")
    if remote.cancelled:
        return base
    calendar = Calendar.from_ical(remote.calendar.to_ical())
    cancelled = _main_component(calendar)
    for key in (DIGEST, "status", "sequence", "dtstamp"):
        cancelled.pop(key, None)
    cancelled.add("status", "CANCELLED")
    cancelled.add("sequence", int(component.get("sequence", 0)) + 1)
    cancelled.add("dtstamp", now.astimezone(UTC).replace(microsecond=0))
    cancelled.add(DIGEST, content_digest(_main_component(Calendar.from_ical(calendar.to_ical()))))
    return replace(base, action="cancel", data=serialize(calendar))


# --------------------------------------------------------------------------- applying


def read_remote(collection: Collection) -> list[Remote]:
    found = []
    for href, etag, text in collection.entries():
        entry = parse_remote(href, etag, text)
        if entry is not None:
            found.append(entry)
    return found


def apply_changes(
    changes: Sequence[Change],
    collection: Collection,
    progress: Callable[[Change], None] = lambda change: None,
) -> list[Change]:
    """Write the changes one by one; a refused precondition turns a change into a conflict.
    Returns the changes as done. A lost server stops the run (``PublishInterrupted``)."""
    total = sum(1 for c in changes if c.writes)
    done: list[Change] = []
    written = 0
    for change in changes:
        if not change.writes:
            done.append(change)
            continue
        try:
            if change.action == "create":
                assert change.data is not None
                collection.create(change.href, change.data)
            elif change.action == "delete":
                collection.delete(change.href, change.etag)
            else:
                assert change.data is not None
                collection.update(change.href, change.data, change.etag)
        except Precondition:
            reason = (
                "created on the server by someone else during this publish"
                if change.action == "create"
                else "changed on the server during this publish"
            )
            change = replace(change, action="conflict", reason=reason, data=None)
        except VisitplanError as failure:
            raise PublishInterrupted(failure, written, total) from failure
        else:
            written += 1
        done.append(change)
        progress(change)
    return done
