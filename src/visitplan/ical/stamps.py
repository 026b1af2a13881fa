"""Stamps: each entry's SEQUENCE and DTSTAMP, from comparing the plan with its export
state (``export_state``, next to the plan): an entry whose fingerprint changed gets
SEQUENCE + 1 and a new DTSTAMP, an unchanged one keeps both, and one that left the plan
is a tombstone, CANCELLED with SEQUENCE + 1. :class:`Stamped` holds the outcome and
writes each entry's bytes for the export."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from visitplan.ical.components import ExportOptions, alarm_lines, entry_lines, entry_summary
from visitplan.ical.entries import Item, Selection, plan_items
from visitplan.ical.fingerprints import KEPT_DTSTAMP, KEPT_SEQUENCE, Fingerprints, content_digest
from visitplan.ical.lines import fold, when_line
from visitplan.plan.model import Plan
from visitplan.workspace.export_state import Entry, read_state
from visitplan.workspace.plans import state_path


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
            when_line("DTSTAMP", entry.dtstamp)
            if line == KEPT_DTSTAMP
            else f"SEQUENCE:{entry.sequence}"
            if line == KEPT_SEQUENCE
            else line
            for line in kept
        ]
        if options.alarms and item.action is None:
            summary, _ = entry_summary(item, options.lang)
            alarms = [line for alarm in options.alarms for line in alarm_lines(alarm, summary)]
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
