"""The static site for participants (``visitplan site DIR``): an index of upcoming events
across the plans, a page per plan and per event in each of the plan's languages, a page
per person with what they take part in and their own calendar, each plan's calendar.

Owns which pages the site has and what they say (``pages``), its own words (``words``)
and the site's folder (``folder``: the manifest, rewriting only what changed, removing
the pages of removed things). Who takes part in what comes from ``participation``, the
calendars from ``ical`` (its per-person export), an event's programme from
``programme``, the days shown from ``agenda``'s window; files are written through
``fileio``.

A re-run is incremental: the plans are grouped into units (plans that share a person
are one unit), each with a digest of everything its pages are made from (the plan and
state files, the plan's revision, the options, today, the people's page names and
visitplan's own code). A unit whose digest and files are as the manifest recorded is
not built again; the index pages, made from all the plans, always are.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from visitplan.plan.model import Person, Plan
from visitplan.render.site.folder import Unit, Written, check_folder, read_manifest, write_site
from visitplan.render.site.pages import Built, People, SiteOptions, build_site


def stamp_time(now: datetime | None, today: date) -> datetime:
    """When the site says entries changed since their last export were stamped: the
    fixed clock ($SOURCE_DATE_EPOCH) if any, else the start of today (UTC) — so that
    runs on the same day give the same bytes."""
    return now if now is not None else datetime.combine(today, time(0), UTC)


def site_files(plans: Sequence[Plan], options: SiteOptions) -> dict[str, bytes]:
    """Every file of the site for ``plans`` (path in the site → bytes)."""
    return _build(plans, _with_revisions(plans, options), plans, _Recipients.of(plans)).files()


def make_site(
    folder: Path, plans: Sequence[Plan], options: SiteOptions, force: bool = False
) -> Written:
    """Build the site of ``plans`` and write it into ``folder`` (see ``folder``): only
    the units whose digest changed are built again."""
    if options.pdf:
        _check_pdf()
    check_folder(folder, force)
    previous = read_manifest(folder)
    options = _with_revisions(plans, options)
    found = _Recipients.of(plans)
    units = _units(plans, options, found)
    kept = {
        unit.key: previous.units[unit.key]
        for unit in units
        if previous is not None and previous.unchanged(folder, unit)
    }
    todo = [plan for unit in units if unit.key not in kept for plan in unit.plans]
    built = _build(plans, options, todo, found)
    grouped: dict[str, dict[str, bytes]] = {}
    for unit in units:
        if unit.key in kept:
            continue
        files = grouped[unit.key] = {}
        for plan in unit.plans:
            files.update(built.plans.get(plan.source, {}))
        for name in unit.people:
            files.update(built.people.get(name, {}))
    return write_site(folder, built.shared, grouped, units, kept, previous)


def _check_pdf() -> None:
    """--pdf without the pdf extra: say how to get it before anything is written."""
    import importlib.util

    if importlib.util.find_spec("typst") is None:
        from visitplan.render.programme.pdf import INSTALL_HINT, PdfUnavailable

        raise PdfUnavailable("--pdf needs the typst package", INSTALL_HINT)


@dataclass(frozen=True)
class _Recipients:
    """The people of ``plans`` by key (``ical.files.person_recipients``) and their file
    names, found once for both the units and the pages."""

    by_key: dict[str, list[tuple[Plan, Person]]]
    names: dict[str, str]

    @classmethod
    def of(cls, plans: Sequence[Plan]) -> _Recipients:
        from visitplan.ical.files import person_names, person_recipients

        recipients = person_recipients(plans, everyone=True)
        return cls(recipients, person_names(recipients))


@dataclass(frozen=True)
class _Group:
    plans: list[Plan]
    keys: set[str]  # the people's keys (ical.files.person_recipients)


def _units(plans: Sequence[Plan], options: SiteOptions, found: _Recipients) -> list[Unit]:
    """The plans in units: plans that share a person are one (their pages link to the
    same person's page), each with its digest."""
    recipients, names = found.by_key, found.names
    # Union-find over plans by the people they share.
    parent = {plan.source: plan.source for plan in plans}

    def root(source: str) -> str:
        while parent[source] != source:
            parent[source] = parent[parent[source]]
            source = parent[source]
        return source

    for entries in recipients.values():
        first = root(entries[0][0].source)
        for plan, _ in entries[1:]:
            parent[root(plan.source)] = first
    groups: dict[str, _Group] = {}
    for plan in plans:
        groups.setdefault(root(plan.source), _Group([], set())).plans.append(plan)
    for key, entries in recipients.items():
        groups[root(entries[0][0].source)].keys.add(key)
    common = _common_digest(options)
    units = []
    for group in groups.values():
        digest = hashlib.sha256(common)
        for plan in group.plans:
            digest.update(_plan_digest(plan, options))
        people = sorted(names[key] for key in group.keys)
        digest.update("\0".join(people).encode())
        key = "+".join(plan.id for plan in group.plans)
        units.append(Unit(key, digest.hexdigest(), tuple(group.plans), tuple(people)))
    return units


def _common_digest(options: SiteOptions) -> bytes:
    """What every page may depend on besides its plans: the options, today, and
    visitplan's own code and templates."""
    import visitplan

    digest = hashlib.sha256()
    shown = (
        options.today,
        options.now,
        options.base_url,
        options.contacts,
        options.public,
        options.pdf,
    )
    digest.update(repr(shown).encode())
    digest.update(visitplan.__version__.encode())
    package = Path(visitplan.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".html", ".css") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.digest()


def _plan_digest(plan: Plan, options: SiteOptions) -> bytes:
    from visitplan.workspace.plans import state_path

    digest = hashlib.sha256(plan.source.encode() + b"\0")
    digest.update(options.revisions.get(plan.source, "").encode() + b"\0")
    path = Path(plan.source)
    for part in (path, state_path(path)):
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
    return digest.digest()


def _with_revisions(plans: Sequence[Plan], options: SiteOptions) -> SiteOptions:
    """The options with each plan's revision (asked of git once per plan)."""
    missing = [plan for plan in plans if plan.source not in options.revisions]
    if not missing:
        return options
    from visitplan.render.programme.model import revision_of

    revisions = dict(options.revisions)
    revisions.update({plan.source: revision_of([plan]) for plan in missing})
    return dataclasses.replace(options, revisions=revisions)


def _build(
    plans: Sequence[Plan], options: SiteOptions, todo: Sequence[Plan], found: _Recipients
) -> Built:
    """The shared pages of ``plans`` and the pages of the plans in ``todo`` and of their
    people."""
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.entries import Selection
    from visitplan.ical.files import person_calendars
    from visitplan.ical.stamps import load_stamps

    recipients, names = found.by_key, found.names
    people = People(
        {
            (plan.source, person.id): names[key]
            for key, entries in recipients.items()
            for plan, person in entries
        }
    )
    stamped = load_stamps(todo, options.now, todos=False)
    chosen = {plan.source for plan in todo}
    calendars = person_calendars(
        plans,
        stamped,
        Selection(),
        ExportOptions(people=options.contacts),
        everyone=True,
        only=lambda key: recipients[key][0][0].source in chosen,
    )
    return build_site(plans, stamped, calendars, people, options)


__all__ = ["SiteOptions", "Written", "make_site", "site_files", "stamp_time"]
