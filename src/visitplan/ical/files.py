"""The files of ``export``: the summary line of what changed, the export states saved
next to the plans, and ``--per-person``: one calendar per person (the same person across
plans by email), in their first language, written where its bytes changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from visitplan.ical.calendar import build_calendar, check_request, request_files
from visitplan.ical.components import ExportOptions
from visitplan.ical.entries import Item, Selection
from visitplan.ical.stamps import Stamped
from visitplan.plan.model import Person, Plan
from visitplan.workspace.plans import state_path


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
    dry_run: bool = False,
) -> tuple[list[Path], list[Path]]:
    """One file per person with an email (people are the same across plans by email):
    what they attend, in their first language unless a language was asked for. With
    ``--method request`` a person gets a file per entry (``<name>--<item>.ics`` for a
    visit's sessions), every one checked before any is written. A file that already
    holds its bytes is left alone: the files written, and those unchanged. With
    ``dry_run`` nothing is written (not even the folder): the files that would be."""
    from visitplan.workspace.fileio import make_folder, write_changed

    recipients, jobs, requests = _person_jobs(person_recipients(plans), stamped, selection, options)
    if not dry_run:
        make_folder(folder)
    files: list[tuple[Path, bytes]] = []
    for key, name in person_names(recipients).items():
        person_options = _person_options(options, recipients[key][0][1])
        path = folder / f"{name}.ics"
        if key in requests:
            files.extend(request_files(requests[key], person_options, path, key))
        else:
            files.append((path, _build_many(jobs[key], person_options, key)))
    return write_changed(files, dry_run)


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
    recipients, jobs, _ = _person_jobs(
        person_recipients(plans, everyone), stamped, selection, options, only
    )
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
    recipients: dict[str, list[tuple[Plan, Person]]],
    stamped: dict[str, Stamped],
    selection: Selection,
    options: ExportOptions,
    only: Callable[[str], bool] | None = None,
) -> tuple[
    dict[str, list[tuple[Plan, Person]]],
    dict[str, list[tuple[Stamped, Selection]]],
    dict[str, list[tuple[Stamped, Item]]],
]:
    """Who of ``recipients`` (by key, see :func:`person_recipients`) gets a file, the
    parts of each plan's export that are theirs, and — with ``--method request`` — the
    entries they are invited to, each checked (someone with no entry to be invited to
    gets none)."""
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
