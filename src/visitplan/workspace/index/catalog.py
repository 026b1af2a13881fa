"""The plans under the paths a command was given, each either loaded whole (read now, or
from the plan cache) or only known from the index, with what the views ask of them.

``open_catalog`` decides, file by file, whether the index already has the plan
(``fresh``: by ``stat``; racy files and changed ones are read and hashed) and reads and
checks every other one, so that every error is reported as before and only plans
without errors are ever answered from the index. The views then ask for:

- ``plans()``: every plan, whole (check, export, topics, ``agenda --all``...);
- ``with_events(...)``: the plans that have an event passing a test, each with only
  those events (agenda by dates or filters, ``show``, ``people --event``);
- ``with_owner(owner)``: the plans with an action of ``owner``, without their events;
- ``languages()`` and ``known(option)``: what the views take from all plans (the
  default language; the ids a filter may name).

A plan whose model is asked for is read from the index, else from the pickle cache, else
from its file again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from visitplan.errors import PlanInvalid
from visitplan.workspace.index import fresh

if TYPE_CHECKING:
    from visitplan.findings import Finding
    from visitplan.plan.model import Event, Plan
    from visitplan.workspace.index.store import EventRow, Facts, FileRow, Index


def facts(plan: Plan, event: Event) -> Facts:
    """What the index keeps of ``event`` for the views' filters and dates; the same
    functions decide them as the views' own (``Filters.match``)."""
    from visitplan.plan.participation import event_organizations, event_topics, everyone_ids
    from visitplan.workspace.index.store import Facts

    when = event.when
    people = sorted(everyone_ids(plan, event))
    return Facts(
        event.id,
        event.kind,
        event.status,
        when.first_day.toordinal(),
        when.last_day.toordinal(),
        when.start.timestamp(),
        None if when.end is None else when.end.timestamp(),
        tuple(people),
        event_organizations(plan, event, people),
        event.delegations,
        event_topics(event),
    )


@dataclass
class Entry:
    display: str
    path: Path
    key: str
    plan_id: str
    languages: tuple[str, ...]
    plan: Plan | None = None  # the whole model, once loaded
    indexed: bool = False  # the index holds it (under ``key``)
    _facts: tuple[Facts, ...] | None = field(default=None, repr=False)

    def facts(self) -> tuple[Facts, ...]:
        assert self.plan is not None
        if self._facts is None:
            self._facts = tuple(facts(self.plan, event) for event in self.plan.events)
        return self._facts


class Catalog:
    def __init__(
        self, entries: list[Entry], index: Index | None, cache_dir: Path | None, today: date
    ) -> None:
        self.entries = entries
        self.today = today
        self.index = index
        self.cache_dir = cache_dir
        self.spans: dict[str, int] = {}  # of the plans known from the index

    # ------------------------------------------------------------------ whole plans

    def plans(self) -> list[Plan]:
        return [self._whole(entry) for entry in self.entries]

    def _whole(self, entry: Entry) -> Plan:
        if entry.plan is None:
            from visitplan.workspace import cache

            plan = cache.get(self.cache_dir, entry.key)
            if plan is None and self.index is not None:
                plan = self.index.plan(entry.key)
            if plan is None:  # gone from the cache meanwhile: read the file again
                plan = _read_again(entry, self.today)
            entry.plan = plan
        return entry.plan

    # ------------------------------------------------------------------ what all share

    def languages(self) -> tuple[str, ...]:
        """The languages of the first plan that lists some (the views' default)."""
        return next((entry.languages for entry in self.entries if entry.languages), ())

    def known(self, option: str) -> set[str]:
        """Every id of this kind (person, delegation, org, event, program — as
        EVENT-ID/ITEM-ID —, topic, action) in the plans, or every time zone they name
        (``zone``)."""
        found: set[str] = set()
        for entry in self.entries:
            names = None
            if entry.plan is None:
                assert self.index is not None
                names = self.index.names(entry.key)  # None: a row it cannot read
            if names is None:
                found.update(_names(self._whole(entry), option))
            else:
                found.update(names.get(option, ()))
        return found

    # ------------------------------------------------------------------ parts

    def with_events(
        self,
        keep: Callable[[Facts], bool] | None,
        days: tuple[date | None, date | None] | None = None,
        slack: int = 0,
        event_id: str | None = None,
    ) -> list[Plan]:
        """The plans, in order, that have events passing ``keep`` (None: all; and touching
        ``days``, widened by ``slack`` days each side, and called ``event_id``, which
        the index searches first), each with just those events."""
        first = last = None
        if days is not None:
            first = None if days[0] is None else days[0].toordinal() - slack
            last = None if days[1] is None else days[1].toordinal() + slack
        by_key: dict[str, list[tuple[int, Event]]] = {}
        indexed = [entry for entry in self.entries if entry.plan is None]
        if indexed:
            from visitplan.workspace.index.store import Unreadable

            assert self.index is not None
            keys = [entry.key for entry in indexed]
            span = max(self.spans.get(key, 0) for key in keys)
            unreadable: set[str] = set()  # plans with a row it cannot read: read whole
            for row in self.index.events(keys, first, last, span, event_id):
                if row.key in unreadable:
                    continue
                try:
                    if _touches(row, first, last) and (keep is None or keep(row.facts)):
                        by_key.setdefault(row.key, []).append((row.n, row.event()))
                except Unreadable:
                    unreadable.add(row.key)
                    self.index.drop(row.key)
            for entry in indexed:
                if entry.key in unreadable:
                    by_key.pop(entry.key, None)
                    self._whole(entry)
        out: list[Plan] = []
        for entry in self.entries:
            if entry.plan is not None:
                chosen = tuple(
                    event
                    for event, found in zip(entry.plan.events, entry.facts(), strict=True)
                    if (event_id is None or found.event_id == event_id)
                    and _touches(found, first, last)
                    and (keep is None or keep(found))
                )
                if chosen:
                    out.append(replace(entry.plan, events=chosen))
            elif entry.key in by_key:
                assert self.index is not None
                shell = self.index.shell(entry.key)
                if shell is None:  # gone meanwhile: take the whole plan's events
                    whole = self._whole(entry)
                    wanted = {n for n, _ in by_key[entry.key]}
                    shell = replace(
                        whole, events=tuple(e for n, e in enumerate(whole.events) if n in wanted)
                    )
                    out.append(shell)
                    continue
                events = tuple(event for _, event in sorted(by_key[entry.key], key=_first))
                out.append(replace(shell, events=events))
        return out

    def with_owner(self, owner: str) -> list[Plan]:
        """The plans, in order, with an action whose owner is ``owner``, without events."""
        out = []
        for entry in self.entries:
            if entry.plan is not None:
                if any(action.owner == owner for action in entry.plan.actions):
                    out.append(replace(entry.plan, events=()))
                continue
            assert self.index is not None
            if owner in self.index.owners(entry.key):
                shell = self.index.shell(entry.key)
                out.append(shell if shell is not None else replace(self._whole(entry), events=()))
        return out


def _first(pair: tuple[int, Event]) -> int:
    return pair[0]


def _touches(found: Facts | EventRow, first: int | None, last: int | None) -> bool:
    return (first is None or found.day_last >= first) and (last is None or found.day_first <= last)


def zone_names(plan: Plan) -> list[str]:
    """The zone names of ``plan``, its events' and its organizations', each once."""
    found = [plan.timezone.key] + [event.zone.key for event in plan.events]
    found += [org.timezone.key for org in plan.organizations.values() if org.timezone]
    return list(dict.fromkeys(found))


def program_names(plan: Plan) -> list[str]:
    """The program items of ``plan`` that have an id, as EVENT-ID/ITEM-ID."""
    return [f"{event.id}/{item.id}" for event in plan.events for item in event.program if item.id]


def _names(plan: Plan, option: str) -> Iterable[str]:
    if option == "program":
        return program_names(plan)
    if option == "action":
        return (action.id for action in plan.actions)
    if option == "zone":
        return zone_names(plan)
    if option == "person":
        return plan.people
    if option == "delegation":
        return plan.delegations
    if option == "org":
        return plan.organizations
    if option == "event":
        return (event.id for event in plan.events)
    return (topic.id for topic in plan.topics)


def _read_again(entry: Entry, today: date) -> Plan:
    from visitplan.workspace.plans import load_file

    plan, errors = load_file(entry.path, entry.display, today)
    if errors or plan is None:
        raise PlanInvalid(errors)
    return plan


def open_catalog(
    paths: Sequence[Path],
    today: date,
    cache_dir: Path | None = None,
    warn: Callable[[Finding], None] | None = None,
) -> Catalog:
    """The plans under ``paths`` (see the module's docstring); :class:`PlanInvalid`
    (listing every error) if any has errors. ``warn`` as in ``plans.load_valid_plans``."""
    from visitplan.workspace.plans import collect_plan_files

    # Files are taken as recorded only if they were last changed clearly before this
    # moment, which is before any of them is looked at (see ``fresh``).
    started_ns = time.time_ns()
    files, problems = collect_plan_files(paths)
    opening = _Opening(today, cache_dir, warn, list(problems))
    if cache_dir is not None and files:
        from visitplan.workspace.index.store import open_index

        opening.index = open_index(cache_dir)
    opening.recorded = opening.index.files() if opening.index is not None else {}
    for display, path in files:
        opening.take(display, path)
    catalog = Catalog(opening.entries, opening.index, cache_dir, today)
    opening.fill_indexed(catalog)
    opening.record(started_ns)
    opening.check_ids(catalog)
    if opening.errors:
        raise PlanInvalid(opening.errors)
    return catalog


class _Opening:
    """The work of :func:`open_catalog`: each plan file taken from the index, the cache
    or its bytes, and what the index is told afterwards."""

    def __init__(
        self,
        today: date,
        cache_dir: Path | None,
        warn: Callable[[Finding], None] | None,
        errors: list[Finding],
    ) -> None:
        self.today, self.cache_dir, self.warn, self.errors = today, cache_dir, warn, errors
        self.index: Index | None = None
        self.recorded: dict[str, FileRow] = {}
        self.entries: list[Entry] = []
        self.to_record: list[tuple[str, str, str, fresh.Stat, fresh.Stat]] = []
        self.new_plans: list[Entry] = []

    def take(self, display: str, path: Path) -> None:
        """One plan file: as recorded when its metadata says so, else by its key."""
        from visitplan.workspace.plans import state_file_name

        where = os.path.abspath(path)
        now = fresh.stat(where)
        state_now = fresh.stat(state_file_name(where))
        row = self.recorded.get(where)
        if (
            row is not None
            and row.display == display
            and now != fresh.Stat(*fresh.MISSING)
            and fresh.unchanged(row.stat, now, row.recorded_ns)
            and fresh.unchanged(row.state, state_now, row.recorded_ns)
        ):
            self.entries.append(Entry(display, path, row.key, "", (), indexed=True))
            return
        try:
            data = path.read_bytes()
        except OSError:
            from visitplan.plan.loading import load_plan_file

            result = load_plan_file(path, display)  # reports why it cannot be read
            self.errors.extend(f for f in result.findings if f.is_error)
            return
        key = _key(path, data, display)
        self.to_record.append((where, display, key, now, state_now))
        if (row is not None and row.key == key) or (  # racy, and hashed: the same plan
            self.index is not None and self.index.plans([key])
        ):
            self.entries.append(Entry(display, path, key, "", (), indexed=True))
            return
        self._read(display, path, data, key)

    def _read(self, display: str, path: Path, data: bytes, key: str) -> None:
        """A plan the index does not hold: from the cache, else read and checked."""
        from visitplan.workspace import cache

        plan = cache.get(self.cache_dir, key)
        if plan is None:
            plan, plan_errors = _load(data, display, self.today)
            if plan is not None and not plan_errors:
                from visitplan.workspace.export_state import state_findings

                state_errors = state_findings(path, display)
                if not state_errors:
                    cache.put(self.cache_dir, key, plan)
                elif self.warn is not None:
                    for finding in state_errors:
                        self.warn(finding.as_warning())
                    self.to_record.pop()  # never answered from the index: warned each time
                    self.entries.append(Entry(display, path, key, plan.id, plan.languages, plan))
                    return
                else:
                    plan_errors = state_errors
            if plan_errors or plan is None:
                self.to_record.pop()
                self.errors.extend(plan_errors)
                return
        entry = Entry(display, path, key, plan.id, plan.languages, plan)
        self.entries.append(entry)
        self.new_plans.append(entry)

    def fill_indexed(self, catalog: Catalog) -> None:
        """The ids and languages of the plans taken from the index."""
        indexed = [entry for entry in self.entries if entry.plan is None]
        if not indexed:
            return
        assert self.index is not None
        rows = self.index.plans(entry.key for entry in indexed)
        spans: dict[str, int] = {}
        for entry in indexed:
            found = rows.get(entry.key)
            if found is None:  # recorded, but its plan is gone from the index: read it
                entry.plan = catalog._whole(entry)
                entry.plan_id, entry.languages = entry.plan.id, entry.plan.languages
                self.new_plans.append(entry)
                continue
            entry.plan_id, entry.languages = found.plan_id, found.languages
            spans[entry.key] = found.span
        catalog.spans = spans

    def record(self, started_ns: int) -> None:
        """Tell the index the plans read and the files seen."""
        if self.index is None or not (self.to_record or self.new_plans):
            return
        with self.index.writing():
            for entry in self.new_plans:
                assert entry.plan is not None
                self.index.add_plan(entry.key, entry.plan, entry.facts())
            for where, display, key, now, state_now in self.to_record:
                self.index.record_file(where, display, key, started_ns, now, state_now)

    def check_ids(self, catalog: Catalog) -> None:
        """Two plans with one id are an error (the whole plans are needed to say where)."""
        ids = [entry.plan_id for entry in self.entries if entry.plan_id]
        if len(set(ids)) == len(ids):
            return
        from visitplan.plan.checking import check_across_ids
        from visitplan.plan.loading import LoadResult

        results = [
            LoadResult(entry.display, catalog._whole(entry), ()) for entry in catalog.entries
        ]
        self.errors.extend(f for f in check_across_ids(results) if f.is_error)


def _key(path: Path, data: bytes, display: str) -> str:
    """The cache's key of a plan: its bytes with its state file's. A plan comes from the
    cache only with the state file it was checked with."""
    from visitplan.workspace import cache
    from visitplan.workspace.plans import state_path

    try:
        state = state_path(path).read_bytes()
    except OSError:
        state = b""
    return cache.key(data + b"\0visitplan-state\0" + state, display)


def _load(data: bytes, display: str, today: date) -> tuple[Plan | None, list[Finding]]:
    from visitplan.workspace.plans import load_bytes

    return load_bytes(data, display, today)
