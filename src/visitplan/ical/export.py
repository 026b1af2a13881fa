"""iCalendar export: every plan item as a calendar entry that Outlook, Google, Apple and
Thunderbird import the same way, and that updates instead of duplicating.

UIDs come from plan, event and program ids only. SEQUENCE and DTSTAMP come from the export
state next to the plan (``export_state``): an entry whose lines changed gets SEQUENCE + 1
and a new DTSTAMP, an unchanged one keeps both, so exporting an unchanged plan gives the
same bytes. An entry that left the plan is exported as CANCELLED, with SEQUENCE + 1.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Timezone
from icalendar.prop import vDDDTypes, vDuration, vText

from visitplan import __version__
from visitplan.errors import UsageError
from visitplan.i18n import LANGUAGES, label, short_date
from visitplan.plan.durations import parse_duration as parse_duration  # where it was
from visitplan.plan.model import Action, Event, Person, Plan, ProgramItem, Text
from visitplan.plan.participation import (
    attendees,
    groups,
    legacy_attendees,
    part_of,
    stands_alone,
)
from visitplan.plan.timezones import second_occurrence
from visitplan.views.agenda import Column, Window, default_columns, spans, status_mark
from visitplan.workspace.export_state import Entry, read_state
from visitplan.workspace.plans import state_path

PRODID = f"-//visitplan//visitplan {__version__}//EN"
UID_DOMAIN = "visitplan"

STATUS = {"tentative": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}


def event_uid(plan: Plan, event: Event) -> str:
    return f"{plan.id}/{event.id}@{UID_DOMAIN}"


def program_uid(plan: Plan, event: Event, item: ProgramItem) -> str:
    return f"{plan.id}/{event.id}/{item.id}@{UID_DOMAIN}"


def action_uid(plan: Plan, action: Action) -> str:
    return f"{plan.id}/action:{action.id}@{UID_DOMAIN}"


_SLUG = "[a-z0-9][a-z0-9-]{0,62}"
_UID = re.compile(
    rf"({_SLUG})/(?:action:({_SLUG})|({_SLUG})(?:/({_SLUG}))?)@{re.escape(UID_DOMAIN)}"
)


@dataclass(frozen=True)
class UidParts:
    """What a UID that visitplan wrote names: the plan, and an event (with a program
    item) or an action."""

    plan: str
    event: str | None = None
    item: str | None = None
    action: str | None = None


def parse_uid(uid: str) -> UidParts | None:
    """The parts of a UID made by :func:`event_uid`, :func:`program_uid` or
    :func:`action_uid`; None for any other UID."""
    found = _UID.fullmatch(uid)
    if found is None:
        return None
    plan, action, event, item = found.groups()
    return UidParts(plan, event, item, action)


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class Item:
    """One calendar entry of a plan: an event, a program item of a multi-day event (with
    an id), or an action (VTODO)."""

    uid: str
    plan: Plan
    event: Event | None = None
    program: ProgramItem | None = None
    action: Action | None = None

    @property
    def is_todo(self) -> bool:
        return self.action is not None

    def attendees(self) -> tuple[str, ...]:
        """Who takes part in this entry (see ``participation``): for a program item of
        its own, the event's whole-event people and the item's speakers."""
        if self.event is None:
            return ()
        return attendees(self.plan, self.event, self.program)

    def legacy_fingerprint(self, memo: dict[object, str] | None = None) -> str:
        """The fingerprint visitplan wrote before content fingerprints: a digest of the
        repr of the model objects the entry was made from. Used only to adopt a state
        file written by those versions (see :meth:`Fingerprints.matches`); it must stay
        exactly as it was. ``memo`` keeps the reprs of parts shared by many entries of
        one plan (people, organizations, an event without its program) for one stamping;
        the digest is the same with or without it."""
        plan = self.plan
        people: list[Person] = (
            []
            if self.event is None
            else [plan.people[p] for p in legacy_attendees(plan, self.event)]
        )
        organizer = plan.people.get(plan.organizer or "")
        if self.action is not None:
            owner = plan.people.get(self.action.owner or "") or plan.organizations.get(
                self.action.owner or ""
            )
            payload: tuple[object, ...] = (self.action, owner, self.action.event)
            return hashlib.sha256(repr(payload).encode()).hexdigest()[:20]
        assert self.event is not None
        event = self.event
        memo = {} if memo is None else memo

        def shown(part: object, key: object = None) -> str:
            if part is None:
                return "None"
            key = key if key is not None else id(part)  # parts of the plan live as long
            text = memo.get(key)
            if text is None:
                text = memo[key] = repr(part)
            return text

        def listed(parts: list[Any]) -> str:
            return "[" + ", ".join(shown(part) for part in parts) + "]"

        if self.program is not None:
            event_text = shown(dataclasses.replace(event, program=()), ("bare", event.id))
        else:
            event_text = repr(event)
        orgs = [plan.organizations.get(p.organization or "") for p in people]
        delegations = [plan.delegations.get(d) for d in event.delegations]
        topics = [t for t in plan.topics if t.id in event.topics]
        host = plan.organizations.get(event.host or "")
        parts = [
            event_text,
            repr(self.program),
            listed(people),
            listed(orgs),
            listed(delegations),
            listed(topics),
            shown(host),
            shown(organizer),
        ]
        return hashlib.sha256(("(" + ", ".join(parts) + ")").encode()).hexdigest()[:20]

    def first_day(self) -> date:
        if self.action is not None:
            return self.action.due or date.min
        when = (self.program or self.event).when  # type: ignore[union-attr]
        return when.first_day

    def last_day(self) -> date:
        if self.action is not None:
            return self.action.due or date.max
        when = (self.program or self.event).when  # type: ignore[union-attr]
        return when.last_day


def plan_items(plan: Plan, todos: bool = True) -> list[Item]:
    """Every calendar entry of ``plan``, in plan order."""
    items: list[Item] = []
    for event in plan.events:
        items.append(Item(event_uid(plan, event), plan, event))
        items.extend(
            Item(program_uid(plan, event, program), plan, event, program)
            for program in event.program
            if stands_alone(event, program)
        )
    if todos:
        items.extend(Item(action_uid(plan, action), plan, action=action) for action in plan.actions)
    return items


@dataclass(frozen=True)
class Selection:
    """Which entries to export: ``--event``, ``--person``, ``--delegation``, ``--from/--to``."""

    events: tuple[str, ...] = ()
    person: str | None = None
    delegation: str | None = None
    window: Window = dataclasses.field(default_factory=Window)

    @property
    def everything(self) -> bool:
        return not (self.events or self.person or self.delegation) and self.window == Window()

    def match(self, item: Item) -> bool:
        plan = item.plan
        if item.action is not None:
            action = item.action
            if self.events and action.event not in self.events:
                return False
            if self.delegation is not None and not self._action_of_delegation(plan, action):
                return False
            if self.person is not None and not self._action_of_person(plan, action):
                return False
            return action.due is None or self.window.contains(action.due)
        assert item.event is not None
        event = item.event
        if self.events and event.id not in self.events:
            return False
        if self.delegation is not None and self.delegation not in event.delegations:
            return False
        if self.person is not None:
            part = part_of(plan, event, self.person)
            if part is None or not part.covers(item.program):
                return False
        first, last = item.first_day(), item.last_day()
        return (self.window.start is None or last >= self.window.start) and (
            self.window.end is None or first <= self.window.end
        )

    def _action_of_person(self, plan: Plan, action: Action) -> bool:
        person = plan.people.get(self.person or "")
        parties = {action.owner, action.requested_by}
        return self.person in parties or (person is not None and person.organization in parties)

    def _action_of_delegation(self, plan: Plan, action: Action) -> bool:
        delegation = plan.delegations.get(self.delegation or "")
        if delegation is None:
            return False
        parties = {action.owner, action.requested_by}
        return delegation.organization in parties or bool(parties & set(delegation.everyone))


# --------------------------------------------------------------------------- fingerprints

FINGERPRINT_MARK = "c1:"  # a content fingerprint; one without it is legacy (20 hex digits)
_UNSTAMPED = Entry(uid="", sequence=0, dtstamp=datetime(1970, 1, 1, tzinfo=UTC), fingerprint="",
                   summary="", start="")  # fmt: skip
_STAMP_LINES = ("DTSTAMP:", "DTSTAMP;", "SEQUENCE:", "SEQUENCE;")
_KEPT_DTSTAMP = "DTSTAMP:19700101T000000Z"  # the lines of _UNSTAMPED
_KEPT_SEQUENCE = "SEQUENCE:0"


def fingerprint_languages(plan: Plan) -> tuple[str, ...]:
    """The languages an entry's fingerprint reads it in: the plan's (in order: the first
    is what a plain export shows), then the other languages visitplan speaks (`--lang`
    can show their texts). Every text an entry can show is the one it has in one of
    these, or the one a plain export shows."""
    return tuple(dict.fromkeys((*plan.languages, *LANGUAGES)))


def content_digest(entries: Iterable[Sequence[str]]) -> str:
    """The fingerprint of an entry from its unfolded content lines, once per language of
    :func:`fingerprint_languages`, in that order: every line but DTSTAMP and SEQUENCE."""
    digest = hashlib.blake2b(digest_size=10)
    for lines in entries:
        text = "\n".join(line for line in lines if not line.startswith(_STAMP_LINES))
        digest.update(text.encode("utf-8"))
        digest.update(b"\n\n")
    return FINGERPRINT_MARK + digest.hexdigest()


class Fingerprints:
    """Fingerprints of the entries of one plan, from what each exports: its content lines
    (not folded) other than DTSTAMP and SEQUENCE, as a plain export (METHOD:PUBLISH, no
    alarm) writes them in each of :func:`fingerprint_languages`. So an entry changes
    exactly when some calendar would show a difference, whatever the options of the
    export (`--lang`, `--method`, `--alarm`, `--todos`, filters) and whoever receives it.
    What the entries of an event share (time columns, attendee lines) is made once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.languages = fingerprint_languages(plan)
        self._options = [ExportOptions(lang=lang) for lang in self.languages]
        self._shared: list[dict[object, Any]] = [{} for _ in self.languages]
        self._legacy: dict[object, str] = {}

    def of(self, item: Item) -> str:
        return content_digest(self.render(item))

    def render(self, item: Item) -> list[list[str]]:
        """The entry's content lines in each language, with placeholder DTSTAMP and
        SEQUENCE lines (see :meth:`Stamped.entry_bytes`)."""
        return [
            entry_lines(item, _UNSTAMPED, options, shared)
            for options, shared in zip(self._options, self._shared, strict=True)
        ]

    def matches(self, item: Item, recorded: str, current: str | None = None) -> bool:
        """Whether ``recorded`` (a state file's fingerprint) is the entry as it is now
        (``current``: its fingerprint, when already known). A legacy fingerprint, written
        before content fingerprints, is compared with the legacy digest: if that is
        still the same, nothing changed since that export."""
        if not recorded.startswith(FINGERPRINT_MARK):
            return recorded == item.legacy_fingerprint(self._legacy)
        return recorded == (current if current is not None else self.of(item))


# --------------------------------------------------------------------------- stamps


@dataclass(frozen=True)
class Stamped:
    """The result of comparing a plan's entries with its export state."""

    items: tuple[Item, ...]
    entries: dict[str, Entry]  # the new state, by UID
    previous: dict[str, Entry]  # the state before
    tombstones: tuple[Entry, ...]  # entries that left the plan
    plan: Plan | None = None  # the plan stamped (also when it has no entries left)
    # The lines of entries as rendered for their fingerprints, in the language of the
    # export to come, with placeholder DTSTAMP and SEQUENCE: the export reuses them.
    kept: Mapping[str, list[str]] = dataclasses.field(default_factory=dict)
    kept_lang: str | None = None

    def entry_bytes(
        self, item: Item, options: ExportOptions, shared: dict[object, Any] | None = None
    ) -> bytes:
        """One entry as the export writes it: the kept lines of its fingerprint's render
        when the options allow (METHOD:PUBLISH, the kept language), with its DTSTAMP,
        SEQUENCE and alarms put in; else made anew."""
        entry = self.entries[item.uid]
        kept = self.kept.get(item.uid)
        if (
            kept is None
            or options.method != "publish"
            or options.lang != self.kept_lang
            or not options.people
        ):
            return fold(entry_lines(item, entry, options, shared))
        lines = [
            _when_line("DTSTAMP", entry.dtstamp)
            if line == _KEPT_DTSTAMP
            else f"SEQUENCE:{entry.sequence}"
            if line == _KEPT_SEQUENCE
            else line
            for line in kept
        ]
        if options.alarms and item.action is None:
            summary, _ = _summary(item, options.lang)
            alarms = [line for alarm in options.alarms for line in _alarm_lines(alarm, summary)]
            lines[-1:-1] = alarms
        return fold(lines)

    def changed(self, uid: str) -> str:
        """``new``, ``updated``, ``cancelled`` or ``unchanged``."""
        before, after = self.previous.get(uid), self.entries[uid]
        if before is None:
            return "new"
        if after.sequence == before.sequence:
            return "unchanged"
        return "cancelled" if after.cancelled else "updated"


def stamp(
    plan: Plan,
    previous: dict[str, Entry],
    now: datetime,
    todos: bool,
    keep: str | None = None,
    selection: Selection | None = None,
) -> Stamped:
    """New SEQUENCE and DTSTAMP for every entry of ``plan`` (all of them, whatever is
    exported this time, so that a filtered export never loses track of the others).

    ``keep``: the language of the export to come; the entries ``selection`` selects keep
    the lines rendered for their fingerprint in that language, for the export to reuse
    (:meth:`Stamped.entry_bytes`)."""
    now = now.astimezone(UTC).replace(microsecond=0)
    items = plan_items(plan, todos=True)
    entries: dict[str, Entry] = {}
    prints = Fingerprints(plan)
    index = prints.languages.index(keep) if keep in prints.languages else None
    kept: dict[str, list[str]] = {}
    for item in items:
        prior = previous.get(item.uid)
        renders = prints.render(item)
        fingerprint = content_digest(renders)
        exported = (todos or not item.is_todo) and (selection is None or selection.match(item))
        if index is not None and exported:
            kept[item.uid] = renders[index]
        if (
            prior is not None
            and not prior.cancelled
            and prints.matches(item, prior.fingerprint, fingerprint)
        ):
            # Unchanged; a legacy fingerprint is replaced, with the same SEQUENCE and DTSTAMP.
            same = prior.fingerprint == fingerprint
            entries[item.uid] = (
                prior if same else dataclasses.replace(prior, fingerprint=fingerprint)
            )
            continue
        summary, start, end = _summary_and_times(item)
        emails = tuple(
            email for p in item.attendees() if (email := plan.people[p].email) is not None
        )
        if prior is None and item.is_todo and not todos:
            continue  # actions enter the state the first time they are exported
        entries[item.uid] = Entry(
            uid=item.uid,
            sequence=0 if prior is None else prior.sequence + 1,
            dtstamp=now,
            fingerprint=fingerprint,
            summary=summary,
            start=start,
            end=end,
            attendees=emails,
        )
    tombstones = []
    for uid, prior in previous.items():
        if uid in entries:
            continue
        entry = (
            prior
            if prior.cancelled
            else dataclasses.replace(
                prior, sequence=prior.sequence + 1, dtstamp=now, cancelled=True
            )
        )
        entries[uid] = entry
        tombstones.append(entry)
    chosen = tuple(item for item in items if todos or not item.is_todo)
    return Stamped(
        chosen,
        entries,
        dict(previous),
        tuple(sorted(tombstones, key=lambda e: e.uid)),
        plan,
        kept,
        keep if index is not None else None,
    )


def _summary_and_times(item: Item) -> tuple[str, str, str | None]:
    plan = item.plan
    if item.action is not None:
        due = item.action.due
        return plan.text(item.action.title), due.strftime("%Y%m%d") if due else "", None
    source = item.program or item.event
    assert source is not None
    when = source.when
    if when.all_day:
        assert when.end is not None
        return plan.text(source.title), f"{when.first_day:%Y%m%d}", f"{when.end.date():%Y%m%d}"
    end = None if when.end is None else f"{when.end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return plan.text(source.title), f"{when.start.astimezone(UTC):%Y%m%dT%H%M%SZ}", end


def load_stamps(
    plans: Sequence[Plan],
    now: datetime,
    todos: bool,
    keep: str | None = None,
    selection: Selection | None = None,
) -> dict[str, Stamped]:
    """Stamp every plan against its state file (keyed by the plan's file); ``keep`` and
    ``selection``: the language and entries of the export to come (see :func:`stamp`)."""
    return {
        plan.source: stamp(
            plan, read_state(state_path(Path(plan.source))), now, todos, keep, selection
        )
        for plan in plans
    }


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class ExportOptions:
    lang: str | None = None
    method: str = "publish"  # or "request"
    alarms: tuple[timedelta, ...] = ()
    todos: bool = False
    # ORGANIZER and ATTENDEE lines (the people's emails); the site leaves them out
    # unless asked for contacts
    people: bool = True


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
        names = ", ".join(item.uid.removesuffix(f"@{UID_DOMAIN}") for _, item in chosen[:5])
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
                f"{item.uid.removesuffix(f'@{UID_DOMAIN}')} has no attendee with an email: "
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


def item_component(item: Item, entry: Entry, options: ExportOptions) -> Component:
    """The VEVENT or VTODO of one plan entry, as ``export`` writes it (as an object, for
    `publish` and `invite`, which add to it)."""
    return Component.from_ical(fold(entry_lines(item, entry, options)))


def item_description(
    item: Item, lang: str | None, columns: tuple[Column, ...] | None = None
) -> str:
    """The DESCRIPTION text of an entry (notes, program, participants, topics, link);
    the program's times in ``columns`` (default: the event's zone and the partners')."""
    shared: dict[object, Any] = {}
    if columns is not None:
        assert item.event is not None
        shared[("columns", item.plan.id, item.event.id)] = columns
    return _description(item, lang, shared)


def tombstone_component(entry: Entry) -> Component:
    """The CANCELLED entry for one that left the plan, as ``export`` writes it."""
    return Component.from_ical(fold(tombstone_lines(entry)))


def serialize(component: Component) -> bytes:
    """A component as RFC 5545 bytes, the same bytes as icalendar's ``to_ical`` (see
    :func:`fold`). Content lines are made here rather than by icalendar's
    ``content_lines``, which took most of the time of a large export (two thirds of it in
    parameter objects)."""
    return fold(_content_lines(component))


_LINE_BREAKS = re.compile(r"\r\n|[\r\n]")


def fold(lines: Iterable[str]) -> bytes:
    """Content lines as RFC 5545 bytes, folded as icalendar 7.3 folds them
    (``icalendar.parser.string._foldline``): CRLF endings; a first line of at most 74
    octets and continuation lines of a space and at most 74 octets; never inside a UTF-8
    character; never between a backslash escape's ``\\`` and the character it escapes
    (``\\n``, ``\\,``, ``\\;``, ``\\\\``), nor inside an RFC 6868 ``^`` escape of a parameter:
    the escape moves to the next line whole (Google Calendar drops an entry whose fold
    splits one, collective/icalendar#1501).

    One difference, on purpose: icalendar moves any backslash or caret that ends a line,
    also the second of an escaped backslash ``\\\\`` in a value (or of ``^^`` in a
    parameter), and so splits that pair; here the pair is kept whole. Everywhere else the
    bytes are icalendar's (tests/test_folding.py).

    A content line never holds a line break; one that reached here anyway (a bug) is
    written as the TEXT escape ``\\n``, so that it can never start a property of its own."""
    out = bytearray()
    for line in lines:
        if "\n" in line or "\r" in line:
            line = _LINE_BREAKS.sub(r"\\n", line)
        data = line.encode("utf-8")
        size = len(data)
        if size < _FOLD_AT:
            out += data
            out += b"\r\n"
            continue
        start = 0
        while size - start > _FOLD_AT - 1:
            cut = start + _FOLD_AT - 1
            while data[cut] & 0xC0 == 0x80:  # inside a character: fold before it
                cut -= 1
            last = data[cut - 1]
            if (last == 0x5C or last == 0x5E) and _opens_escape(data, cut - 1):
                cut -= 1  # the escape goes to the next line whole
            out += data[start:cut]
            out += b"\r\n "
            start = cut
        out += data[start:]
        out += b"\r\n"
    return bytes(out)


_FOLD_AT = 75  # icalendar's limit: a line folds before it would reach 75 octets
_NAME_AND_PARAMETERS = re.compile(rb'(?:[^":]|"[^"]*")*:')


def _opens_escape(data: bytes, index: int) -> bool:
    """Whether the backslash or caret at ``index`` may start an escape, and so moves to
    the next line as icalendar moves it: unless it closes an escaped pair (the even one
    of its run) where such pairs are escapes — ``\\\\`` in the value, ``^^`` in a
    parameter."""
    char = data[index]
    run = 1
    while index - run >= 0 and data[index - run] == char:
        run += 1
    if run % 2 == 1:
        return True
    head = _NAME_AND_PARAMETERS.match(data)
    in_value = head is not None and index >= head.end()
    return in_value != (char == 0x5C)  # a pair of its own kind there: keep it whole


def _content_lines(component: Component) -> Iterator[str]:
    yield f"BEGIN:{component.name}"
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else (values,):
            raw = value.to_ical() if hasattr(value, "to_ical") else vText(str(value)).to_ical()
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            params = getattr(value, "params", None)
            shown = _params(params) if params else ""
            yield f"{name};{shown}:{text}" if shown else f"{name}:{text}"
    for sub in component.subcomponents:
        yield from _content_lines(sub)
    yield f"END:{component.name}"


# As icalendar's Parameters.to_ical: these are always quoted; CN also with a space or '.
_ALWAYS_QUOTED = frozenset(
    ("ALTREP", "DELEGATED-FROM", "DELEGATED-TO", "DIR", "MEMBER", "SENT-BY", "X-ADDRESS",
     "X-TITLE", "LINKREL")
)  # fmt: skip
_QUOTABLE = re.compile("[,;:’]")
_RFC_6868 = re.compile(r'\^|\r\n|\r|\n|"')
_RFC_6868_BY = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}


def _params(params: Mapping[str, object]) -> str:
    parts = []
    for key, value in sorted(params.items()):
        if key == "TZID" and value == "UTC":
            continue  # RFC 5545: no TZID on a UTC time
        upper = key.upper()
        always = upper in _ALWAYS_QUOTED
        if upper == "CN" and isinstance(value, str):
            shown = _cn(value)
        elif isinstance(value, (list, tuple)):
            shown = ",".join(_dquote(_escape_param(str(v)), always) for v in value)
        elif isinstance(value, str):
            shown = _dquote(_escape_param(value), always)
        else:
            shown = _dquote(_escape_param(value.to_ical().decode("utf-8")), False)  # type: ignore[attr-defined]
        parts.append(f"{upper}={shown}")
    return ";".join(parts)


@functools.lru_cache(maxsize=4096)
def _cn(name: str) -> str:
    """A CN parameter value as ``_params`` writes it."""
    return _dquote(_escape_param(name), " " in name or "'" in name)


def _escape_param(value: str) -> str:
    if "^" in value or "\n" in value or "\r" in value or '"' in value:
        return _RFC_6868.sub(lambda m: _RFC_6868_BY[m.group(0)], value)
    return value


def _dquote(value: str, always: bool) -> str:
    value = value.replace('"', "'")
    return f'"{value}"' if always or _QUOTABLE.search(value) else value


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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def clean(text: str) -> str:
    """Text as iCalendar can carry it: line breaks as LF (CRLF, a lone CR, and the Unicode
    line separators U+0085, U+2028, U+2029, which some readers split lines at), no other
    control characters (RFC 5545 allows none in TEXT values)."""
    return _CONTROL.sub("", _BREAKS.sub("\n", text))


def clean_param(text: str) -> str:
    """A parameter value (a name in CN): one line, tabs as spaces, no white space around it
    (parsers strip it), no control characters, and a backslash
    as U+FF3C: icalendar (and so khal and others) reads ``CN=x\\:mailto:…`` as an escaped
    colon, though RFC 5545 has no escapes in parameters."""
    one_line = " ".join(clean(text).replace("\t", " ").split("\n")).strip()
    return one_line.replace("\\", "\uff3c")


def _text(plan: Plan, value: Text | None, lang: str | None) -> tuple[str, dict[str, str]]:
    code, text = (None, "") if value is None else value.resolve(lang, plan.languages)
    return clean(text), ({"LANGUAGE": code} if code else {})


# Entries are written as content lines directly: building icalendar objects for them and
# having icalendar write those took three quarters of a large export. The lines are the
# ones icalendar writes (same order, escaping, parameters and quoting): a test compares
# them with icalendar's parse of the same entries, and the golden files hold the bytes.

_EVENT_ORDER = ("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID",
                "SEQUENCE", "RRULE", "RDATE", "EXDATE")  # fmt: skip
_UTC_KEYS = frozenset(
    ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu",
     "GMT", "Etc/GMT", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT0", "GMT+0", "GMT-0",
     "Etc/Greenwich", "Greenwich")
)  # fmt: skip


def _esc(text: str) -> str:
    """A TEXT value, escaped as RFC 5545 says. (icalendar's own escaping also turns a
    backslash followed by N, as in ``C:\\New folder``, into a line break.)"""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _line(name: str, value: str, params: Mapping[str, object] | None = None) -> str:
    shown = _params(params) if params else ""
    return f"{name};{shown}:{value}" if shown else f"{name}:{value}"


def _when_line(name: str, value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    zone = value.tzinfo
    if zone is UTC or second_occurrence(value):
        # RFC 5545 §3.3.5 reads a TZID time in the autumn fold as the first occurrence:
        # the second is written in UTC, which every reader takes as it is.
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    if isinstance(zone, ZoneInfo) and zone.key not in _UTC_KEYS:
        return f"{name};TZID={zone.key}:{value:%Y%m%dT%H%M%S}"
    prop = vDDDTypes(value)  # anything unusual: exactly as icalendar writes it
    return _line(name, prop.to_ical().decode("ascii"), dict(prop.params))


def _ordered(props: dict[str, list[str]], canonical: tuple[str, ...] = ()) -> list[str]:
    names = [n for n in canonical if n in props] + sorted(n for n in props if n not in canonical)
    return [line for name in names for line in props[name]]


def entry_lines(
    item: Item, entry: Entry, options: ExportOptions, shared: dict[object, Any] | None = None
) -> list[str]:
    """The content lines (unfolded) of one plan entry: a VEVENT, or a VTODO for an action.
    ``shared`` keeps, for one calendar, what the entries of an event have in common (its
    time columns, its organizer and attendee lines)."""
    if item.action is not None:
        return _todo_lines(item, entry, options)
    plan = item.plan
    event = item.event
    assert event is not None
    lang = options.lang
    source = item.program or event
    props: dict[str, list[str]] = {}
    props["UID"] = [f"UID:{_esc(item.uid)}"]
    props["DTSTAMP"] = [_when_line("DTSTAMP", entry.dtstamp)]
    props["SEQUENCE"] = [f"SEQUENCE:{entry.sequence}"]
    when = source.when
    if when.all_day:
        assert when.end is not None
        props["DTSTART"] = [_when_line("DTSTART", when.first_day)]
        props["DTEND"] = [_when_line("DTEND", when.end.date())]
    else:
        props["DTSTART"] = [_when_line("DTSTART", when.start)]
        props["DTEND"] = [_when_line("DTEND", when.end or when.start)]
    summary, params = _summary(item, lang)
    props["SUMMARY"] = [_line("SUMMARY", _esc(summary), params)]
    status = event.status if item.program is None else item.program.status_in(event)
    props["STATUS"] = [f"STATUS:{STATUS[status]}"]
    props["TRANSP"] = ["TRANSP:TRANSPARENT" if when.all_day else "TRANSP:OPAQUE"]
    categories = [label(lang, event.kind)] + [
        plan.text(t.title, lang)
        for t in plan.topics
        if t.id in (item.program.topics if item.program else event.topics)
    ]
    props["CATEGORIES"] = ["CATEGORIES:" + ",".join(_esc(clean_param(c)) for c in categories)]
    location_text = (item.program.location if item.program else None) or event.location
    if location_text is not None:
        location, params = _text(plan, location_text, lang)
        props["LOCATION"] = [_line("LOCATION", _esc(location), params)]
    elif event.url and event.kind == "online-meeting":
        # Shown at a glance by Outlook and Google (with a join button): the link itself.
        props["LOCATION"] = [_line("LOCATION", _esc(event.url), None)]
    if event.url:
        props["URL"] = [f"URL:{event.url}"]
        if event.kind == "online-meeting":
            props["CONFERENCE"] = [f'CONFERENCE;FEATURE="AUDIO,VIDEO";VALUE=URI:{event.url}']
    description = clean(_description(item, lang, shared))
    if description:
        props["DESCRIPTION"] = [
            _line("DESCRIPTION", _esc(description), {"LANGUAGE": lang} if lang else None)
        ]
    if item.program is not None:
        props["RELATED-TO"] = [f"RELATED-TO:{_esc(event_uid(plan, event))}"]
    key = ("people", plan.id, event.id, item.attendees())
    people = shared.get(key) if shared is not None else None
    if people is None:
        people = {}
        if options.people:
            _people_lines(people, item, options)
        if shared is not None:
            shared[key] = people
    props.update(people)
    lines = ["BEGIN:VEVENT", *_ordered(props, _EVENT_ORDER)]
    for alarm in options.alarms:
        lines += _alarm_lines(alarm, summary)
    lines.append("END:VEVENT")
    return lines


def _summary(item: Item, lang: str | None) -> tuple[str, dict[str, str]]:
    """An event's SUMMARY text and parameters; a program item's names its event too."""
    plan, event = item.plan, item.event
    assert event is not None
    summary, params = _text(plan, (item.program or event).title, lang)
    if item.program is not None:
        parent, _ = _text(plan, event.title, lang)
        summary = f"{summary} · {parent}"
    return summary, params


def _people_lines(props: dict[str, list[str]], item: Item, options: ExportOptions) -> None:
    plan = item.plan
    organizer = plan.people.get(plan.organizer or "")
    if organizer is not None and organizer.email:
        name = clean_param(plan.text(organizer.name, options.lang))
        props["ORGANIZER"] = [_line("ORGANIZER", f"mailto:{organizer.email}", {"CN": name})]
    event = item.event
    assert event is not None
    leads = {plan.delegations[d].lead for d in event.delegations if d in plan.delegations}
    attendees = []
    rsvp = ";RSVP=TRUE" if options.method == "request" else ""
    for person_id in item.attendees():
        person = plan.people[person_id]
        if not person.email:
            continue
        # The parameters in _params' order and quoting (CN, CUTYPE, PARTSTAT, ROLE, RSVP).
        name = _cn(clean_param(plan.text(person.name, options.lang)))
        role = "CHAIR" if person_id in leads else "REQ-PARTICIPANT"
        # The organizer is an attendee only where the plan has her take part, and then
        # has accepted her own meeting: nobody asks her to answer (RFC 5546 3.2.2).
        own = organizer is not None and person_id == organizer.id
        status, answer = ("ACCEPTED", "") if own else ("NEEDS-ACTION", rsvp)
        attendees.append(
            f"ATTENDEE;CN={name};CUTYPE=INDIVIDUAL;PARTSTAT={status};ROLE={role}{answer}"
            f":mailto:{person.email}"
        )
    if attendees:
        props["ATTENDEE"] = attendees


def _alarm_lines(before: timedelta, summary: str) -> list[str]:
    trigger = vDuration(-before).to_ical().decode("ascii")  # type: ignore[no-untyped-call]
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_esc(clean(summary))}",
        f"TRIGGER:{trigger}",
        "END:VALARM",
    ]


def _todo_lines(item: Item, entry: Entry, options: ExportOptions) -> list[str]:
    plan, action = item.plan, item.action
    assert action is not None
    lang = options.lang
    props: dict[str, list[str]] = {}
    props["UID"] = [f"UID:{_esc(item.uid)}"]
    props["DTSTAMP"] = [_when_line("DTSTAMP", entry.dtstamp)]
    props["SEQUENCE"] = [f"SEQUENCE:{entry.sequence}"]
    summary, params = _text(plan, action.title, lang)
    props["SUMMARY"] = [_line("SUMMARY", _esc(summary), params)]
    if action.due is not None:
        props["DUE"] = [_when_line("DUE", action.due)]
    props["STATUS"] = [f"STATUS:{TODO_STATUS[action.status]}"]
    lines = []
    for key, party in (("owner", action.owner), ("requested-by", action.requested_by)):
        if party:
            lines.append(f"{label(lang, key)}: {_party(plan, party, lang)}")
    if lines:
        text = _esc(clean("\n".join(lines)))
        props["DESCRIPTION"] = [_line("DESCRIPTION", text, {"LANGUAGE": lang} if lang else None)]
    if action.event and plan.event(action.event) is not None:
        event = plan.event(action.event)
        assert event is not None
        props["RELATED-TO"] = [f"RELATED-TO:{_esc(event_uid(plan, event))}"]
    return ["BEGIN:VTODO", *_ordered(props), "END:VTODO"]


def tombstone_lines(entry: Entry) -> list[str]:
    """The CANCELLED entry written for one that left the plan."""
    todo = "/action:" in entry.uid
    props: dict[str, list[str]] = {
        "UID": [f"UID:{_esc(entry.uid)}"],
        "DTSTAMP": [_when_line("DTSTAMP", entry.dtstamp)],
        "SEQUENCE": [f"SEQUENCE:{entry.sequence}"],
        "SUMMARY": [f"SUMMARY:{_esc(clean(entry.summary))}"],
        "STATUS": ["STATUS:CANCELLED"],
    }
    if todo:
        if entry.start:
            props["DUE"] = [_when_line("DUE", _ical_value(entry.start))]
        return ["BEGIN:VTODO", *_ordered(props), "END:VTODO"]
    props["DTSTART"] = [_when_line("DTSTART", _ical_value(entry.start))]
    if entry.end:
        props["DTEND"] = [_when_line("DTEND", _ical_value(entry.end))]
    return ["BEGIN:VEVENT", *_ordered(props, _EVENT_ORDER), "END:VEVENT"]


def _ical_value(value: str) -> date | datetime:
    if "T" in value:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return datetime.strptime(value, "%Y%m%d").date()


def _party(plan: Plan, party: str, lang: str | None) -> str:
    if party in plan.people:
        return plan.text(plan.people[party].name, lang)
    org = plan.organizations.get(party)
    return (org.short or plan.text(org.name, lang)) if org else party


def _description(item: Item, lang: str | None, shared: dict[object, Any] | None = None) -> str:
    """Notes, the program (times in the event's zone and the partners'), participants by
    delegation and organization (people without email named too), topics, link."""
    plan = item.plan
    event = item.event
    assert event is not None
    key = ("columns", plan.id, event.id)
    columns = shared.get(key) if shared is not None else None
    if columns is None:
        columns = default_columns(plan, event, lang)
        if shared is not None:
            shared[key] = columns
    parts: list[str] = []
    if item.program is not None:
        program = item.program
        day = program.when.start.astimezone(event.zone).date()
        parts.append(_times_line(spans(columns, program.when.start, program.when.end), day))
        parts.append(f"{label(lang, 'part-of')}: {plan.text(event.title, lang)}")
        speakers = ", ".join(
            plan.text(plan.people[s].name, lang) for s in program.speakers if s in plan.people
        )
        if speakers:
            parts.append(f"{label(lang, 'speakers')}: {speakers}")
        notes = plan.text(program.notes, lang)
        if notes:
            parts.append(notes.strip())
        return "\n".join(parts)
    notes = plan.text(event.notes, lang)
    if notes:
        parts.append(notes.strip())
    if event.program:
        lines = [f"{label(lang, 'program')}:"]
        for program in event.schedule:
            day = program.when.start.astimezone(event.zone).date()
            prefix = f"{short_date(day, lang)} " if event.when.days > 1 else ""
            line = prefix + _times_line(spans(columns, program.when.start, program.when.end), day)
            line += f"  {plan.text(program.title, lang)}{status_mark(program, lang)}"
            speakers = ", ".join(
                plan.text(plan.people[s].name, lang) for s in program.speakers if s in plan.people
            )
            if speakers:
                line += f" — {speakers}"
            lines.append(line)
        parts.append("\n".join(lines))
    who = _participants(plan, event, lang)
    if who:
        parts.append(who)
    if event.topics:
        titles = "; ".join(plan.text(t.title, lang) for t in plan.topics if t.id in event.topics)
        parts.append(f"{label(lang, 'topics')}: {titles}")
    if event.url:
        parts.append(f"{label(lang, 'link')}: {event.url}")
    return "\n\n".join(parts)


def _times_line(times: Iterable[object], day: date) -> str:
    return " · ".join(f"{span.text(day)} {span.column.label}" for span in times)  # type: ignore[attr-defined]


def guest_groups(
    plan: Plan, event: Event, people: Sequence[str], lang: str | None, order: Sequence[str] = ()
) -> list[tuple[str, list[str]]]:
    """``people`` grouped as ``participation.groups`` does, as texts: the delegation's
    name or the organization's short name (``—`` for none), and the names (the lead's
    marked)."""
    out = []
    for group, ids in groups(plan, event, people, order):
        kind, _, group_id = group.partition(":")
        if kind == "delegation":
            delegation = plan.delegations[group_id]
            heading = plan.text(delegation.name, lang)
        else:
            org = plan.organizations.get(group_id)
            heading = (org.short or plan.text(org.name, lang)) if org else "—"
            delegation = None
        names = []
        for person_id in ids:
            name = plan.text(plan.people[person_id].name, lang)
            lead = delegation is not None and person_id == delegation.lead
            names.append(f"{name} ({label(lang, 'lead')})" if lead else name)
        out.append((heading, names))
    return out


def _participants(plan: Plan, event: Event, lang: str | None) -> str:
    """The event entry's attendees (see ``participation``), by delegation and
    organization; those without an email named once more."""
    lines = [f"{label(lang, 'participants-title')}:"]
    taking_part = attendees(plan, event)
    for heading, names in guest_groups(plan, event, taking_part, lang):
        lines.append(f"{heading}: {', '.join(names)}")
    without = [
        plan.text(plan.people[p].name, lang) for p in taking_part if not plan.people[p].email
    ]
    if without:
        lines.append(f"{label(lang, 'no-email')}: {', '.join(without)}")
    return "\n".join(lines) if len(lines) > 1 else ""


# --------------------------------------------------------------------------- files


def export_summary(stamped: dict[str, Stamped], selection: Selection) -> str:
    """``13 entries: 2 new, 1 updated, 1 cancelled, 9 unchanged``."""
    counts = {"new": 0, "updated": 0, "cancelled": 0, "unchanged": 0}
    total = 0
    for state in stamped.values():
        uids = [item.uid for item in state.items if selection.match(item)]
        if selection.everything:
            uids += [entry.uid for entry in state.tombstones]
        for uid in uids:
            counts[state.changed(uid)] += 1
            total += 1
    details = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    return f"{total} entr{'y' if total == 1 else 'ies'}" + (f" ({details})" if details else "")


def save_states(plans: Sequence[Plan], stamped: dict[str, Stamped]) -> None:
    """Write each plan's export state where it changed."""
    from visitplan.workspace.export_state import write_state

    for plan in plans:
        state = stamped[plan.source]
        if state.entries != state.previous:
            path = Path(plan.source)
            write_state(state_path(path), path.name, state.entries)


@dataclass(frozen=True)
class PersonCalendar:
    """One person's own calendar: what they attend, across the plans they are in."""

    name: str  # the file's name without .ics: the person's id, or <plan-id>-<id>
    email: str | None  # the key across plans; None for someone without one
    people: tuple[tuple[Plan, Person], ...]  # the same person in each plan
    data: bytes


def write_per_person(
    plans: Sequence[Plan],
    stamped: dict[str, Stamped],
    selection: Selection,
    options: ExportOptions,
    folder: Path,
) -> tuple[list[Path], list[Path]]:
    """One file per person with an email (people are the same across plans by email):
    what they attend, in their first language unless a language was asked for. With
    ``--method request`` a person gets a file per entry (``<name>--<item>.ics`` for a
    visit's sessions), every one checked before any is written. A file that already
    holds its bytes is left alone: the files written, and those unchanged."""
    from visitplan.workspace.fileio import make_folder, write_changed

    recipients, jobs, requests = _person_jobs(plans, stamped, selection, options)
    make_folder(folder)
    files: list[tuple[Path, bytes]] = []
    for key, name in person_names(recipients).items():
        person_options = _person_options(options, recipients[key][0][1])
        path = folder / f"{name}.ics"
        if key in requests:
            files.extend(request_files(requests[key], person_options, path, key))
        else:
            files.append((path, _build_many(jobs[key], person_options, key)))
    return write_changed(files)


def person_calendars(
    plans: Sequence[Plan],
    stamped: dict[str, Stamped],
    selection: Selection,
    options: ExportOptions,
    everyone: bool = False,
    only: Callable[[str], bool] | None = None,
) -> list[PersonCalendar]:
    """The calendars of ``export --per-person`` (without ``--method request``, which
    is a file per entry: see :func:`write_per_person`): one per person with an email
    (the same across plans by email), with what they attend, in their first language
    unless a language was asked for. ``everyone``: also one for each person without an
    email (in their own plan alone); ``only``: just the people whose key (see
    :func:`person_recipients`) it accepts, named as among everyone. Nothing is written."""
    if options.method == "request":
        raise ValueError("person_calendars: a request is a file per entry (write_per_person)")
    recipients, jobs, _ = _person_jobs(plans, stamped, selection, options, everyone, only)
    calendars: list[PersonCalendar] = []
    for key, name in person_names(recipients).items():
        if key not in jobs:
            continue
        person = recipients[key][0][1]
        address = person.email.lower() if person.email else None
        data = _build_many(jobs[key], _person_options(options, person), address)
        calendars.append(PersonCalendar(name, address, tuple(recipients[key]), data))
    return calendars


def _person_options(options: ExportOptions, person: Person) -> ExportOptions:
    """The options of one person's file: their first language unless one was asked for."""
    lang = options.lang or (person.languages[0] if person.languages else None)
    return dataclasses.replace(options, lang=lang)


def _person_jobs(
    plans: Sequence[Plan],
    stamped: dict[str, Stamped],
    selection: Selection,
    options: ExportOptions,
    everyone: bool = False,
    only: Callable[[str], bool] | None = None,
) -> tuple[
    dict[str, list[tuple[Plan, Person]]],
    dict[str, list[tuple[Stamped, Selection]]],
    dict[str, list[tuple[Stamped, Item]]],
]:
    """Who gets a file (by key, see :func:`person_recipients`), the parts of each
    plan's export that are theirs, and — with ``--method request`` — the entries they
    are invited to, each checked (someone with no entry to be invited to gets none)."""
    recipients = person_recipients(plans, everyone)
    jobs: dict[str, list[tuple[Stamped, Selection]]] = {}
    for key in recipients:
        if only is not None and not only(key):
            continue
        ids = {p.source: q.id for p, q in recipients[key]}
        parts = []
        for state in stamped.values():
            if not state.items:
                continue
            source = state.items[0].plan.source
            if source not in ids:
                continue
            parts.append((state, dataclasses.replace(selection, person=ids[source])))
        jobs[key] = parts
    requests: dict[str, list[tuple[Stamped, Item]]] = {}
    if options.method == "request":
        for key, parts in list(jobs.items()):
            if not any(sel.match(item) for state, sel in parts for item in state.items):
                del jobs[key]
                continue
            requests[key] = [
                pair
                for state, sel in parts
                if any(sel.match(item) for item in state.items)
                for pair in check_request([state], sel, recipients[key][0][1].id)
            ]
    return {key: recipients[key] for key in jobs}, jobs, requests


def person_recipients(
    plans: Sequence[Plan], everyone: bool = False
) -> dict[str, list[tuple[Plan, Person]]]:
    """The people of the per-person export, by key: their email in lower case (the same
    person across plans), or — with ``everyone`` — plan and id for one without."""
    recipients: dict[str, list[tuple[Plan, Person]]] = {}
    for plan in plans:
        for person in plan.people.values():
            if person.email:
                key = person.email.lower()
            elif everyone:
                key = f"\0{plan.source}\0{person.id}"
            else:
                continue
            recipients.setdefault(key, []).append((plan, person))
    return recipients


def person_names(recipients: Mapping[str, Sequence[tuple[Plan, Person]]]) -> dict[str, str]:
    """Each person's file name (without .ics), by key, in the order of the files: the
    person's id, or ``<plan-id>-<id>`` when an earlier one has that id."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(recipients, key=lambda e: (recipients[e][0][1].id, e)):
        plan, person = recipients[key][0]
        name = person.id if person.id not in taken else f"{plan.id}-{person.id}"
        taken.add(name)
        names[key] = name
    return names


def _build_many(
    parts: Sequence[tuple[Stamped, Selection]], options: ExportOptions, email: str | None
) -> bytes:
    """A calendar from several plans, each with its own selection."""
    if len(parts) == 1:
        return build_calendar([parts[0][0]], parts[0][1], options, recipient=email)
    # Same person in several plans: keep, from each plan, only what matches there.
    narrowed = [
        dataclasses.replace(state, items=tuple(i for i in state.items if selection.match(i)))
        for state, selection in parts
    ]
    everything = Selection(window=parts[0][1].window)
    return build_calendar(narrowed, everything, options, recipient=email)
