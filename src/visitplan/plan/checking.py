"""The rules of `visitplan check` that need the whole model: references, times against
each other, overdue actions, and (across every plan checked) double-booked people and
reused plan ids. Problems found while reading a file are the loader's (``loading``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from visitplan.findings import Finding, Severity
from visitplan.plan import fields as F
from visitplan.plan.loading import LoadResult
from visitplan.plan.model import Event, Plan, ProgramItem, When
from visitplan.plan.participation import parts
from visitplan.plan.wording import slugify, suggest, wall

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Calendars

_KIND_WORDS = {
    "organization": ("an organization", "[organizations.{id}]"),
    "person": ("a person", "[people.{id}]"),
    "delegation": ("a delegation", "[delegations.{id}]"),
    "event": ("an event", '[[events]] with id = "{id}"'),
    "topic": ("a topic", '[[topics]] with id = "{id}"'),
}


def check_plan(
    result: LoadResult,
    today: date,
    locate: bool = True,
    calendars: Calendars | None = None,
    lang: str | None = None,
) -> list[Finding]:
    """The model-level rules for one plan (with ``locate``, their lines found in
    ``result``'s source). The warnings about days off and working hours need
    ``calendars`` and are looked for only when it is given."""
    assert result.plan is not None
    checker = _PlanChecker(result, today)
    checker.run()
    if calendars is not None:
        from visitplan.plan.calendar_rules import calendar_findings

        checker.findings.extend(calendar_findings(result.plan, result.file, calendars, lang, today))
    return result.locate(checker.findings) if locate else checker.findings


class _PlanChecker:
    def __init__(self, result: LoadResult, today: date) -> None:
        assert result.plan is not None
        self.plan: Plan = result.plan
        self.file = result.file
        self.defined = result.defined
        self.today = today
        self.findings: list[Finding] = []

    def add(self, severity: Severity, path: str, code: str, message: str, hint: str) -> None:
        self.findings.append(Finding(self.file, severity, code, path, message, hint))

    def run(self) -> None:
        self.references()
        self.shared_ids()
        for event in self.plan.events:
            self.event_times(event)
        self.overdue_actions()

    # references

    def ref(self, value: str | None, kind: str, path: str) -> None:
        if value is None:
            return
        if kind == "party":
            known = self.defined.get("organization", frozenset()) | self.defined.get(
                "person", frozenset()
            )
            if value in known:
                return
            word, define = "an organization or a person", "[organizations.{id}] or [people.{id}]"
        else:
            known = self.defined.get(kind, frozenset())
            if value in known:
                return
            word, define = _KIND_WORDS[kind]
        near = suggest(value, known)
        hint = f'did you mean "{near}"?' if near else f"define it as {define.format(id=value)}"
        self.add(
            Severity.ERROR, path, "unknown-reference", f'"{value}" is not {word} in this plan', hint
        )

    def refs(self, values: Sequence[str], kind: str, path: str) -> None:
        for index, value in enumerate(values):
            self.ref(value, kind, f"{path}[{index}]")

    def references(self) -> None:
        """Every reference the catalogue names (``Field.ref``), in the order of the plan."""
        plan = self.plan
        self.entry_refs(plan, F.PLAN, "")
        for person in plan.people.values():
            self.entry_refs(person, F.PERSON, f"people.{person.id}")
        for delegation in plan.delegations.values():
            self.entry_refs(delegation, F.DELEGATION, f"delegations.{delegation.id}")
        for event in plan.events:
            path = f"events[{event.index}]"
            self.entry_refs(event, F.EVENT, path)
            for item in event.program:
                self.entry_refs(item, F.PROGRAM, f"{path}.program[{item.index}]")
        for topic in plan.topics:
            self.entry_refs(topic, F.TOPIC, f"topics[{topic.index}]")
        for action in plan.actions:
            self.entry_refs(action, F.ACTION, f"actions[{action.index}]")

    def entry_refs(self, entry: object, section: F.Section, path: str) -> None:
        """The references of one entry (``path`` names it, empty for the plan)."""
        for spec in section.fields:
            if spec.ref is None:
                continue
            key_path = f"{path}.{spec.name}" if path else spec.name
            if spec.kind == "refs":
                self.refs(getattr(entry, spec.name), spec.ref, key_path)
            else:
                self.ref(getattr(entry, spec.name), spec.ref, key_path)

    def shared_ids(self) -> None:
        both = self.defined.get("organization", frozenset()) & self.defined.get(
            "person", frozenset()
        )
        for shared in sorted(both):
            self.add(
                Severity.ERROR,
                f"people.{shared}",
                "ambiguous-id",
                f'"{shared}" is both an organization and a person',
                "an action's owner can name either, so the ids must differ; rename one",
            )

    # times

    def event_times(self, event: Event) -> None:
        path = f"events[{event.index}]"
        when = event.when
        if not self.ends_after_start(when, path):
            return
        previous: datetime | None = None
        for item in event.program:
            item_path = f"{path}.program[{item.index}]"
            if item.id is None and when.days > 1:
                self.add(
                    Severity.WARNING,
                    item_path,
                    "program-without-id",
                    "this item of a multi-day event has no id, so it gets no calendar entry "
                    "of its own (it is only listed in the event's description)",
                    f'add id = "{slugify(self.plan.text(item.title))}" (ids keep calendar '
                    "entries stable when the program changes)",
                )
            if not self.ends_after_start(item.when, item_path):
                continue
            self.inside(item.when, when, item_path)
            if previous is not None and item.when.start < previous:
                self.add(
                    Severity.WARNING,
                    f"{item_path}.start",
                    "program-order",
                    f"starts at {wall(item.when.start)}, before the item above it",
                    "list program items in the order they happen",
                )
            previous = item.when.start

    def ends_after_start(self, when: When, path: str) -> bool:
        if when.end is None or when.end > when.start:
            return True
        if when.all_day:
            message = f"end date {when.last_day} is before the start date {when.first_day}"
            hint = "the end date is inclusive; for a one-day event leave it out"
        else:
            message = f"end {wall(when.end)} is not after start {wall(when.start)}"
            hint = "set an end later than the start"
        self.add(Severity.ERROR, f"{path}.end", "end-before-start", message, hint)
        return False

    def inside(self, item: When, event: When, path: str) -> None:
        assert event.end is not None
        if event.all_day:
            before = f"the event's first day, {event.first_day}"
            after = f"the event's last day, {event.last_day}"
        else:
            before = f"the event starts ({_boundary(event.start, item.start)})"
            after = f"the event ends ({_boundary(event.end, item.start)})"
        if item.start < event.start:
            self.add(
                Severity.ERROR,
                f"{path}.start",
                "outside-event",
                f"{wall(item.start)} is before {before}",
                "move it inside the event or change the event's start",
            )
        elif item.start >= event.end:
            self.add(
                Severity.ERROR,
                f"{path}.start",
                "outside-event",
                f"{wall(item.start)} is after {after}"
                if event.all_day
                else f"{wall(item.start)} is not before {after}",
                "move it inside the event or change the event's end",
            )
        elif item.end is not None and item.end > event.end:
            end_after = (
                after if event.all_day else f"the event ends ({_boundary(event.end, item.end)})"
            )
            self.add(
                Severity.ERROR,
                f"{path}.end",
                "outside-event",
                f"{wall(item.end)} is after {end_after}",
                "move it inside the event or change the event's end",
            )

    # actions

    def overdue_actions(self) -> None:
        for action in self.plan.actions:
            if action.due is None or not action.overdue(self.today):
                continue
            days = (self.today - action.due).days
            self.add(
                Severity.WARNING,
                f"actions[{action.index}].due",
                "overdue",
                f"open action is past its due date ({action.due}, {days} day"
                f"{'s' if days != 1 else ''} ago)",
                'mark it done (status = "done"), drop it, or set a new due date',
            )


def _boundary(moment: datetime, other: datetime) -> str:
    """``11:00`` when on the same day as ``other``, else the full date and time."""
    return f"{moment:%H:%M}" if moment.date() == other.date() else wall(moment)


# --------------------------------------------------------------------------- across plans


@dataclass(frozen=True)
class _Booking:
    start: datetime
    end: datetime
    file: str
    path: str
    event: Event
    plan: Plan
    person: str
    when: When  # the event's, or the program item's the person alone takes part in
    item: ProgramItem | None = None


def check_across(results: Sequence[LoadResult]) -> list[Finding]:
    """Rules over every plan checked together: plan ids used twice, and people booked
    into two events at once (matched by email across plans, by id within one)."""
    findings = check_across_ids(results, locate=False)
    plans = [(r.file, r.plan) for r in results if r.plan is not None]
    findings.extend(_double_bookings(plans))
    by_file = {r.file: r for r in results}
    return [located for f in findings for located in by_file[f.file].locate([f])]


def check_across_ids(results: Sequence[LoadResult], locate: bool = True) -> list[Finding]:
    """Plan ids used by two files."""
    findings: list[Finding] = []
    plans = [(r.file, r.plan) for r in results if r.plan is not None]
    first_file: dict[str, str] = {}
    for file, plan in plans:
        if not plan.id:
            continue
        if plan.id in first_file:
            findings.append(
                Finding(
                    file,
                    Severity.ERROR,
                    "duplicate-plan-id",
                    "id",
                    f'plan id "{plan.id}" is also the id of {first_file[plan.id]}',
                    "plan ids must be unique (they feed calendar UIDs); rename one",
                )
            )
        else:
            first_file[plan.id] = file
    if not locate:
        return findings
    by_file = {r.file: r for r in results}
    return [located for f in findings for located in by_file[f.file].locate([f])]


def _double_bookings(plans: Sequence[tuple[str, Plan]]) -> list[Finding]:
    bookings: dict[str, list[_Booking]] = {}
    for file, plan in plans:
        for event in plan.events:
            if event.cancelled:
                continue
            for part in parts(plan, event):
                person = plan.people[part.person]
                key = f"email:{person.email.lower()}" if person.email else f"{file}#{part.person}"
                # what the person is booked for: the event, or only the items they speak at
                spans: list[tuple[When, str, ProgramItem | None]] = (
                    [(event.when, f"events[{event.index}]", None)]
                    if part.whole
                    else [
                        (item.when, f"events[{event.index}].program[{item.index}]", item)
                        for item in event.program
                        if part.covers(item)
                    ]
                )
                for when, path, item in spans:
                    if when.end is None or when.end <= when.start:
                        continue
                    bookings.setdefault(key, []).append(
                        _Booking(
                            when.start, when.end, file, path, event, plan, part.person, when, item
                        )
                    )
    findings: list[Finding] = []
    for key in sorted(bookings):
        # Sweep by start time: each booking is compared only with those still running.
        running: list[_Booking] = []
        for booking in sorted(bookings[key], key=lambda b: (b.start, b.end, b.file, b.path)):
            running = [b for b in running if b.end > booking.start]
            for earlier in running:
                findings.append(_overlap(booking, earlier))
            running.append(booking)
    return findings


def _overlap(booking: _Booking, earlier: _Booking) -> Finding:
    plan = booking.plan
    person = plan.people[booking.person]
    name = plan.text(person.name)
    other_title = earlier.plan.text(earlier.event.title)
    if earlier.item is not None:
        other_title = f"{earlier.plan.text(earlier.item.title)} · {other_title}"
    where = "" if earlier.file == booking.file else f" in {earlier.file}"
    return Finding(
        booking.file,
        Severity.WARNING,
        "double-booked",
        booking.path,
        f"{name} ({booking.person}) is also in {earlier.path}{where} "
        f'"{other_title}" ({_span(earlier)}) at the same time',
        "check the times, or take them out of one of the events",
    )


def _span(booking: _Booking) -> str:
    when = booking.when
    if when.all_day:
        if when.first_day == when.last_day:
            return str(when.first_day)
        return f"{when.first_day} – {when.last_day}"
    assert when.end is not None
    end = f"{when.end:%H:%M}" if when.end.date() == when.start.date() else wall(when.end)
    return f"{wall(when.start)}–{end} {when.zone.key}"
