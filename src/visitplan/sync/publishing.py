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
and our write is a conflict too. A copy without our digest that differs from what the
plan publishes is a conflict as well: we cannot tell it is as we left it.

SEQUENCE only goes up. A copy that is as a publish left it, but with a SEQUENCE/DTSTAMP
this clone's state never had (another clone published a newer version), is a conflict
("git pull, or --force"); a write never sends a SEQUENCE at or below the server's, and
``--force`` sends one above both the server's and the plan's. Such a SEQUENCE is recorded
in the export state (``apply_changes``), so the next export agrees with the server.

A new entry's resource name comes from its UID; when an object with another UID already
has that name, the entry is created under the first free ``…-2.ics``, ``…-3.ics`` and the
report names the UID found there. This module plans and applies the changes (one
:class:`CalendarChange` per entry: a line of the report and the write it needs); what is
on the server is read in ``remote``, the wire is in ``dav``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component

from visitplan.errors import VisitplanError
from visitplan.ical.calendar import CALENDAR_END, calendar_head
from visitplan.ical.components import ExportOptions, entry_lines, tombstone_lines
from visitplan.ical.entries import Item, Selection, plan_items
from visitplan.ical.lines import fold, serialize
from visitplan.ical.stamps import Stamped
from visitplan.sync.remote import (
    DIGEST,
    Collection,
    Listing,
    Precondition,
    Remote,
    content_digest,
    free_name,
    main_component,
    moment_text,
    owner,
    remote_when,
    resource_name,
    when_text,
)
from visitplan.workspace.export_state import Entry

ACTIONS = ("create", "update", "cancel", "delete", "unchanged", "conflict")


@dataclass(frozen=True)
class CalendarChange:
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
    entry: Entry | None = None  # the export state's entry once this write is done
    newer: bool = False  # a conflict because the server has a newer version

    @property
    def writes(self) -> bool:
        return self.action in ("create", "update", "cancel", "delete")


@dataclass
class Report:
    changes: list[CalendarChange] = field(default_factory=list)

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


def _resource(items: Sequence[Item], lines: list[str]) -> tuple[bytes, str, Component]:
    """A calendar object resource (no METHOD) for one entry's lines, with its digest
    inside, and the entry as a server will give it back (values parsed from text)."""
    head = calendar_head(None, None, items)
    component = main_component(Calendar.from_ical(head + fold(lines) + CALENDAR_END))
    digest = content_digest(component)
    data = head + fold([lines[0], f"{DIGEST}:{digest}", *lines[1:]]) + CALENDAR_END
    return data, digest, component


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
    entry: Entry  # the state's entry as stamped for this run
    previous: Entry | None  # the state's entry before this run (what this clone knew)
    zone: ZoneInfo | None  # the event's zone, for times in the report
    build: Callable[[Entry], tuple[bytes, str]]  # the resource for another SEQUENCE


def _wanted(state: Stamped, selection: Selection, options: ExportOptions) -> list[_Wanted]:
    wanted: list[_Wanted] = []
    for item in state.items:
        if not selection.match(item):
            continue
        entry = state.entries[item.uid]
        data, digest, component = _resource([item], entry_lines(item, entry, options))
        status = str(component.get("status", ""))

        def build(entry: Entry, item: Item = item) -> tuple[bytes, str]:
            data, digest, _ = _resource([item], entry_lines(item, entry, options))
            return data, digest

        wanted.append(
            _Wanted(
                item.uid, item.plan.id, entry.summary, _when(item), data, digest,
                status == "CANCELLED", False, entry, state.previous.get(item.uid),
                _zone(item), build,
            )
        )  # fmt: skip
    for entry in state.tombstones:
        data, digest, _ = _resource([], tombstone_lines(entry))
        plan_id = entry.uid.split("/", 1)[0]

        def build_tombstone(entry: Entry) -> tuple[bytes, str]:
            data, digest, _ = _resource([], tombstone_lines(entry))
            return data, digest

        zone = state.plan.timezone if state.plan is not None else None
        wanted.append(
            _Wanted(
                entry.uid, plan_id, entry.summary, when_text(entry.start, zone), data, digest,
                True, True, entry, state.previous.get(entry.uid), zone, build_tombstone,
            )
        )  # fmt: skip
    return wanted


def _zone(item: Item) -> ZoneInfo | None:
    if item.action is not None:
        return item.plan.timezone
    return (item.program or item.event).when.zone  # type: ignore[union-attr]


def _when(item: Item) -> str:
    if item.action is not None:
        return f"{item.action.due:%Y-%m-%d}" if item.action.due else ""
    when = (item.program or item.event).when  # type: ignore[union-attr]
    if when.all_day:
        return f"{when.first_day:%Y-%m-%d}"
    return f"{when.start:%Y-%m-%d %H:%M} {when.zone.key}"


def plan_changes(
    stamped: Sequence[Stamped],
    selection: Selection,
    options: PublishOptions,
    remote: Listing,
    collection: Collection,
    now: datetime,
) -> list[CalendarChange]:
    """What to do to bring the collection in line with the plans, in plan order; nothing
    is written here."""
    now = now.astimezone(UTC).replace(microsecond=0)
    plans = {state.plan.id: state for state in stamped if state.plan is not None}
    on_server: dict[str, Remote] = {}
    for entry in remote.entries:
        if owner(entry.uid, plans) is not None and entry.uid not in on_server:
            on_server[entry.uid] = entry
    names = dict(remote.names)  # grows with the names this run gives new entries
    changes: list[CalendarChange] = []
    handled: set[str] = set()
    for state in stamped:
        for want in _wanted(state, selection, options.export):
            handled.add(want.uid)
            change = _change(want, on_server.get(want.uid), options, collection, names, now)
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
        plan_id = owner(uid, plans) or ""
        plan = plans[plan_id].plan if plan_id in plans else None
        zone = plan.timezone if plan is not None else None
        changes.append(_orphan(entry, plan_id, options, now, zone))
    return changes


def _version(entry: Entry) -> tuple[int, datetime]:
    return entry.sequence, entry.dtstamp


def _is_newer(remote: Remote, want: _Wanted) -> bool:
    """The server copy is a version this clone's state never had, and not an older one:
    another clone published it after the state this clone started from. A copy with the
    SEQUENCE this clone knew but another DTSTAMP is another clone's version of that
    SEQUENCE, however the two DTSTAMPs compare: a later local change (a later DTSTAMP) must
    not win over it without --force."""
    sequence, stamp = remote.version
    if (sequence, stamp) == _version(want.entry):
        # This clone's version, if it had it before this run (it published it); one it
        # stamped just now, in the same second as another clone's publish (or under a
        # fixed SOURCE_DATE_EPOCH), was never sent: the copy there is the other clone's.
        return want.previous is None or _version(want.previous) != _version(want.entry)
    known = want.previous if want.previous is not None else want.entry
    if sequence != known.sequence:
        return sequence > known.sequence
    return stamp is not None and stamp != known.dtstamp


def _change(
    want: _Wanted,
    remote: Remote | None,
    options: PublishOptions,
    collection: Collection,
    names: dict[str, str],
    now: datetime,
) -> CalendarChange:
    base = CalendarChange("unchanged", want.uid, want.plan, want.summary, want.when)
    if remote is None:
        if want.removed:
            return base  # never on this server: nothing to cancel (not reported)
        href = free_name(want.uid, collection.href_for, names)
        names[href] = want.uid
        reason = ""
        first = collection.href_for(resource_name(want.uid))
        if href != first:
            held = names[first] or "an entry visitplan cannot read"
            reason = (
                f"{resource_name(want.uid)} on the server holds another entry "
                f"(UID {held}): created as {href.rsplit('/', 1)[-1]}"
            )
        return replace(base, action="create", href=href, data=want.data, reason=reason)
    if want.removed:
        base = replace(base, when=remote_when(remote.component, want.zone))
    base = replace(base, href=remote.href, etag=remote.etag)
    deleting = want.removed and options.on_removed == "delete"
    if content_digest(remote.component) == want.digest and not deleting:
        return base
    forced = False
    if not remote.intact:
        if not options.force:
            return _conflict(base, _edited(remote))
        forced = True
    elif _is_newer(remote, want):
        if not options.force:
            return _conflict(base, _newer(remote, want.zone), newer=True)
        forced = True
    if deleting:
        return replace(base, action="delete")
    action = "cancel" if want.cancelled and not remote.cancelled else "update"
    server_sequence, _ = remote.version
    if forced:
        sequence = max(server_sequence, want.entry.sequence) + 1
    elif want.entry.sequence > server_sequence:
        sequence = want.entry.sequence
    else:
        sequence = server_sequence + 1  # never at or below what calendars have seen
    if sequence == want.entry.sequence:
        return replace(base, action=action, data=want.data)
    entry = replace(want.entry, sequence=sequence, dtstamp=now)
    data, _ = want.build(entry)
    return replace(base, action=action, data=data, entry=entry)


def _edited(remote: Remote) -> str:
    if remote.digest is None:
        return f"{_CHANGED_ON_SERVER} (by a program that removed {DIGEST})"
    return _CHANGED_ON_SERVER


def _newer(remote: Remote, zone: ZoneInfo | None) -> str:
    sequence, stamp = remote.version
    published = f", published {moment_text(stamp, zone)}" if stamp is not None else ""
    return (
        f"the calendar has a newer version of it (SEQUENCE {sequence}{published}): "
        "update your clone — git pull — or use --force"
    )


def _conflict(change: CalendarChange, reason: str = "", newer: bool = False) -> CalendarChange:
    return replace(
        change, action="conflict", reason=reason or _CHANGED_ON_SERVER, data=None, newer=newer
    )


_CHANGED_ON_SERVER = "changed on the server since the last publish"


def conflict_advice(changes: Sequence[CalendarChange]) -> str:
    """The line under a report with conflicts: what to do about each kind."""
    edited = sum(1 for c in changes if c.action == "conflict" and not c.newer)
    newer = sum(1 for c in changes if c.action == "conflict" and c.newer)
    parts = []
    if edited:
        parts.append(
            f"{edited} entr{'y was' if edited == 1 else 'ies were'} changed on the server and "
            "left as they are: look at them in a calendar app, change the plan if the change "
            "was right, or publish with --force to put the plan's version back"
        )
    if newer:
        parts.append(
            f"the calendar has a newer version of {newer} entr{'y' if newer == 1 else 'ies'} "
            "than this clone of the plan (another clone published after it): update the "
            "clone (git pull) and publish again, or publish with --force to put this clone's "
            "version back with a higher SEQUENCE"
        )
    return "; ".join(parts)


def _orphan(
    remote: Remote, plan_id: str, options: PublishOptions, now: datetime, zone: ZoneInfo | None
) -> CalendarChange:
    """An entry of ours that neither the plan nor its export state knows (the state file
    was lost, or the entry came from another copy of the plan): cancel or delete it."""
    component = remote.component
    base = CalendarChange(
        "unchanged",
        remote.uid,
        plan_id,
        str(component.get("summary", "")),
        remote_when(component, zone),
        href=remote.href,
        etag=remote.etag,
    )
    if not remote.intact and not options.force:
        return _conflict(base, _edited(remote))
    if options.on_removed == "delete":
        return replace(base, action="delete")
    if remote.cancelled:
        return base
    calendar = Calendar.from_ical(remote.calendar.to_ical())
    cancelled = main_component(calendar)
    for key in (DIGEST, "status", "sequence", "dtstamp"):
        cancelled.pop(key, None)
    cancelled.add("status", "CANCELLED")
    cancelled.add("sequence", remote.version[0] + 1)
    cancelled.add("dtstamp", now.astimezone(UTC).replace(microsecond=0))
    cancelled.add(DIGEST, content_digest(main_component(Calendar.from_ical(calendar.to_ical()))))
    return replace(base, action="cancel", data=serialize(calendar))


# --------------------------------------------------------------------------- applying


def apply_changes(
    changes: Sequence[CalendarChange],
    collection: Collection,
    progress: Callable[[CalendarChange], None] = lambda change: None,
    states: Iterable[Stamped] = (),
) -> list[CalendarChange]:
    """Write the changes one by one; a refused precondition turns a change into a conflict.
    A write that sent another SEQUENCE than the state's records it in ``states`` (the
    export states, saved by the caller), so the next export agrees with the server.
    Returns the changes as done. A lost server stops the run (``PublishInterrupted``)."""
    by_plan = {state.plan.id: state for state in states if state.plan is not None}
    total = sum(1 for c in changes if c.writes)

    def unstamp(change: CalendarChange) -> None:
        """A conflict leaves the state as it was for that entry: the version stamped for
        it in this run was not published, and a state file holding it would meet the
        other clone's version of the same SEQUENCE at the next `git pull`."""
        state = by_plan.get(change.plan)
        if state is None or change.uid not in state.entries:
            return
        before = state.previous.get(change.uid)
        if before is None:
            del state.entries[change.uid]
        else:
            state.entries[change.uid] = before

    done: list[CalendarChange] = []
    written = 0
    for change in changes:
        if not change.writes:
            if change.action == "conflict":
                unstamp(change)
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
                f"the name {change.href.rsplit('/', 1)[-1]} was taken on the server during "
                "this publish (publish again: it picks another name)"
                if change.action == "create"
                else "changed on the server during this publish"
            )
            change = replace(change, action="conflict", reason=reason, data=None)
            unstamp(change)
        except VisitplanError as failure:
            raise PublishInterrupted(failure, written, total) from failure
        else:
            written += 1
            state = by_plan.get(change.plan)
            if change.entry is not None and state is not None:
                state.entries[change.uid] = change.entry
        done.append(change)
        progress(change)
    return done
