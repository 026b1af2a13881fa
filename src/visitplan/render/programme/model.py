"""The programme as data: what a printed or embedded programme shows, built from the plans.

Every text is a :data:`Multi`: the same thing in each language of the programme, each
:class:`Phrase` marked with the language it really is in (a text the plan lacks in one
language falls back as the format says, and is then not repeated). Times are strings
already: the renderers (HTML, PDF) only lay out.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

from visitplan.errors import VisitplanError
from visitplan.i18n import date_range, label, long_date, short_date, ui_language, zone_city
from visitplan.plan.model import Event, Plan, ProgramItem, Text
from visitplan.views.agenda import (
    AgendaRow,
    Column,
    Filters,
    OffsetChange,
    Span,
    Window,
    build_agenda,
    make_window,
    offset_changes_between,
)
from visitplan.views.entries import event_view, find_event
from visitplan.workspace.history import MODIFIED as MODIFIED
from visitplan.workspace.history import plan_revision


@dataclass(frozen=True)
class Phrase:
    """One text in one language (``lang``: the language it is written in)."""

    lang: str
    text: str


Multi = tuple[Phrase, ...]  # one thing in each language of the programme, each text once


@dataclass(frozen=True)
class Place:
    name: Multi
    map_url: str | None  # a search for the place on OpenStreetMap (a link, never loaded)


@dataclass(frozen=True)
class Person:
    name: Multi
    role: Multi
    organization: Multi
    lead: bool = False
    only: tuple[Multi, ...] = ()  # "only …" (one phrase) for someone in only some items
    email: str | None = None  # only with contacts
    phone: str | None = None


@dataclass(frozen=True)
class Times:
    """A time range in one zone, e.g. ``10:00–12:00`` in Paris (``+1``: the next day)."""

    zone: str  # IANA name
    city: Multi
    text: str


@dataclass(frozen=True)
class Item:
    title: Multi
    times: tuple[Times, ...]  # in the event's zone first
    place: Place | None
    speakers: tuple[Person, ...]
    topics: tuple[Multi, ...]
    notes: Multi
    status: str = "confirmed"  # the item's own (confirmed, tentative, cancelled)
    status_label: Multi = ()


@dataclass(frozen=True)
class Day:
    day: date
    heading: Multi  # "вівторок, 4 липня 2023 · день 4/5"
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Group:
    """People taking part, under their delegation or their organization."""

    heading: Multi
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Section:
    """One event."""

    plan: str
    event: str
    title: Multi
    kind: Multi
    status: str  # confirmed, tentative, cancelled
    status_label: Multi
    dates: Multi
    times: tuple[Times, ...]  # a timed event's own times (empty for all-day ones)
    place: Place | None
    url: str | None
    host: Multi
    delegations: tuple[Multi, ...]
    zones: tuple[Multi, ...]  # the zones the times are given in, the event's first
    zone_notes: tuple[Multi, ...]  # where the difference between two zones changes
    days: tuple[Day, ...]
    groups: tuple[Group, ...]
    topics: tuple[Multi, ...]
    notes: Multi

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class Cover:
    partnership: tuple[Multi, ...]  # each plan's title
    title: Multi  # the event's, or "Programme" for several
    dates: Multi
    place: Multi
    host: tuple[Multi, ...]
    delegations: tuple[Multi, ...]
    organizer: Person | None


@dataclass(frozen=True)
class Programme:
    languages: tuple[str, ...]
    cover: Cover
    sections: tuple[Section, ...]
    revision: str  # a git short hash, or MODIFIED
    contacts: bool
    # the tool's words the renderers need, in each language (see ``WORD_KEYS``)
    words: Mapping[str, Multi] = field(default_factory=dict)

    @property
    def single(self) -> bool:
        """One event: the cover is its head (title, status, dates, times, link…), on
        the same page as its programme, not a page of its own."""
        return len(self.sections) == 1 and self.cover.title == self.sections[0].title

    @property
    def lang(self) -> str:
        """The first language: the document's own."""
        return self.languages[0]

    def word(self, key: str) -> Multi:
        return self.words[key]

    def revision_text(self) -> Multi:
        """``plan revision 1a2b3c4`` (or "modified") in each language."""
        return said(
            self.languages,
            lambda lang: label(
                lang,
                "revision",
                revision=label(lang, "modified") if self.revision == MODIFIED else self.revision,
            ),
        )


WORD_KEYS = (
    "program",
    "dates",
    "where",
    "link",
    "host",
    "delegation",
    "organizer",
    "speakers",
    "topics",
    "notes",
    "participants-title",
    "lead",
    "map",
    "zones",
    "contact",
    "email",
    "phone",
    "online-link",
)


# --------------------------------------------------------------------------- build


def build_programme(
    plans: Plan | Sequence[Plan],
    *,
    events: Sequence[str] = (),
    window: Window | None = None,
    languages: Sequence[str],
    contacts: bool = False,
    today: date | None = None,
    revision: str | None = None,
) -> Programme:
    """The programme of ``events`` (ids; each looked up as ``show`` does), or else of every
    event of ``plans`` with a day in ``window`` (``agenda.make_window``; without one, the
    agenda's default: from ``today`` on, or everything when ``today`` is None), one
    section each, in the agenda's order.

    ``languages``: one for a programme in one language, several for a bilingual one (the
    first is the document's). ``contacts``: show emails and phone numbers. ``revision``:
    what the footer names; None: asked of git for the plans shown (:func:`revision_of`).
    A :class:`VisitplanError` when there is nothing to show.
    """
    if not languages:
        raise ValueError("a programme needs at least one language")
    langs = tuple(dict.fromkeys(languages))
    if isinstance(plans, Plan):
        plans = [plans]
    rows: list[AgendaRow] = []
    changes: list[OffsetChange] = []
    if events:
        for event_id in dict.fromkeys(events):
            plan, event = find_event(plans, event_id)
            agenda = build_agenda([plan], Window(), Filters(event=event.id))
            rows.extend(row for row in agenda.rows if row.plan is plan)
            changes.extend(agenda.changes)
    else:
        if window is None:
            window = Window() if today is None else make_window(today)
        agenda = build_agenda(plans, window)
        rows.extend(agenda.rows)
        changes.extend(agenda.changes)
        if not rows:
            raise VisitplanError(
                "no event to put in the programme in these dates",
                "give an event id, or --all, --from or --to",
            )
    by_event: dict[tuple[int, str], list[AgendaRow]] = {}
    for row in rows:
        by_event.setdefault((id(row.plan), row.event.id), []).append(row)
    builder = _Builder(langs, contacts)
    sections = []
    placed: set[tuple[str, str, date]] = set()
    for event_rows in by_event.values():
        sections.append(builder.section(event_rows, changes, placed))
    used_plans = list({id(row.plan): row.plan for row in rows}.values())
    cover = builder.cover(used_plans, [(row.plan, row.event) for row in rows], sections)
    words = {key: said(langs, functools.partial(label, key=key)) for key in WORD_KEYS}
    if revision is None:
        revision = revision_of(used_plans)
    return Programme(langs, cover, tuple(sections), revision, contacts, words)


def revision_of(plans: Sequence[Plan]) -> str:
    """The revision of the plan files shown (``history.plan_revision``): their short
    hashes, or "modified" if one of them has changes git has not recorded."""
    found = [plan_revision(Path(plan.source)) for plan in plans]
    if not found or MODIFIED in found:
        return MODIFIED
    return " ".join(dict.fromkeys(found))


def said(languages: Iterable[str], say: Callable[[str], str]) -> Multi:
    """The tool's own words, ``say(lang)`` in each language, each text once."""
    out: list[Phrase] = []
    for lang in languages:
        text = say(lang)
        if text and all(p.text != text for p in out):
            out.append(Phrase(ui_language(lang), text))
    return tuple(out)


@dataclass(frozen=True)
class _Builder:
    languages: tuple[str, ...]
    contacts: bool

    def text(self, plan: Plan, value: Text | None) -> Multi:
        """The plan's text in each language (its fallback), each text once."""
        if value is None:
            return ()
        out: list[Phrase] = []
        for lang in self.languages:
            code, text = value.resolve(lang, plan.languages)
            text = text.strip()
            if text and all(p.text != text for p in out):
                out.append(Phrase(code or lang, text))
        return tuple(out)

    def said(self, say: Callable[[str], str]) -> Multi:
        return said(self.languages, say)

    def org(self, plan: Plan, org_id: str | None) -> Multi:
        org = plan.organizations.get(org_id or "")
        if org is None:
            return ()
        return self.text(plan, org.name)

    def person(
        self,
        plan: Plan,
        person_id: str,
        lead: bool = False,
        only: Sequence[ProgramItem] = (),
        organization: bool = True,
    ) -> Person:
        """A person; ``only``: the items of someone who takes part in those alone, said
        as ``show`` says it ("only …", ``i18n`` only-items); ``organization``: False under
        the heading of their own organization."""
        person = plan.people[person_id]
        return Person(
            self.text(plan, person.name),
            self.text(plan, person.role),
            self.org(plan, person.organization) if organization else (),
            lead,
            (self.only(plan, only),) if only else (),
            person.email if self.contacts else None,
            person.phone if self.contacts else None,
        )

    def only(self, plan: Plan, items: Sequence[ProgramItem]) -> Multi:
        def say(lang: str) -> str:
            titles = "; ".join(plan.text(item.title, lang).strip() for item in items)
            return label(lang, "only-items", items=titles)

        return self.said(say)

    def place(self, plan: Plan, value: Text | None) -> Place | None:
        name = self.text(plan, value)
        if not name:
            return None
        query = quote(name[0].text, safe="")
        return Place(name, f"https://www.openstreetmap.org/search?query={query}")

    def topics(self, plan: Plan, ids: Iterable[str]) -> tuple[Multi, ...]:
        titles = {topic.id: topic.title for topic in plan.topics}
        return tuple(self.text(plan, titles[t]) if t in titles else () for t in ids)

    def times(self, spans: Iterable[Span], day: date) -> tuple[Times, ...]:
        return tuple(
            Times(key, self.zone(key), span.text(day))
            for span in spans
            for key in [span.column.zone.key]
        )

    def zone(self, key: str) -> Multi:
        return self.said(lambda lang: zone_city(key, lang))

    def dates(self, event: Event) -> Multi:
        when = event.when
        first = when.first_day if when.all_day else when.start.date()
        last = when.last_day if when.all_day else when.start.date()
        return self.said(lambda lang: date_range(first, last, lang))

    def section(
        self,
        rows: Sequence[AgendaRow],
        changes: Sequence[OffsetChange],
        placed: set[tuple[str, str, date]],
    ) -> Section:
        plan, event = rows[0].plan, rows[0].event
        columns = rows[0].columns
        days = []
        times: tuple[Times, ...] = ()
        for row in rows:
            if row.times and not times:
                times = self.times(row.times, row.day)
            days.append(self.day(plan, event, row))
        view = event_view(plan, event, None)
        groups = []
        for group, members in view.groups:
            kind, _, group_id = group.partition(":")
            if kind == "delegation":
                delegation = plan.delegations[group_id]
                heading = self.text(plan, delegation.name)
                lead_id = delegation.lead
            else:
                heading = self.org(plan, group_id) or (Phrase(self.languages[0], "—"),)
                lead_id = None
            people = tuple(
                self.person(plan, p, p == lead_id, view.only.get(p, ()), kind == "delegation")
                for p in members
            )
            groups.append(Group(heading, people))
        # the changes of difference the agenda notes between the events, and those inside
        # a visit of several days, each once, under the first event they apply to
        notes: list[Multi] = []
        inside: tuple[OffsetChange, ...] = ()
        if event.when.end is not None and event.when.days > 1:
            inside = offset_changes_between(columns, event.when.start, event.when.end)
        zones = {column.zone.key for column in columns}
        for change in (*inside, *changes):
            key = (change.a.zone.key, change.b.zone.key, change.day)
            if key in placed or not {key[0], key[1]} <= zones:
                continue
            # sections come in order: the first one reaching the day is where it applies
            if change in inside or change.day <= rows[-1].day:
                placed.add(key)
                notes.append(self.offset_note(change))
        return Section(
            plan=plan.id,
            event=event.id,
            title=self.text(plan, event.title),
            kind=self.said(lambda lang: label(lang, event.kind)),
            status=event.status,
            status_label=self.said(lambda lang: label(lang, event.status)),
            dates=self.dates(event),
            times=times,
            place=self.place(plan, event.location),
            url=event.url,
            host=self.org(plan, event.host),
            delegations=tuple(
                self.text(plan, plan.delegations[d].name)
                for d in event.delegations
                if d in plan.delegations
            ),
            zones=tuple(self.zone(column.zone.key) for column in columns),
            zone_notes=tuple(notes),
            days=tuple(days),
            groups=tuple(groups),
            topics=self.topics(plan, event.topics),
            notes=self.text(plan, event.notes),
        )

    def day(self, plan: Plan, event: Event, row: AgendaRow) -> Day:
        def heading(lang: str) -> str:
            text = long_date(row.day, lang)
            if row.day_count > 1:
                text += " · " + label(lang, "day-of", n=row.day_number, total=row.day_count)
            return text

        items = tuple(
            Item(
                title=self.text(plan, program_row.item.title),
                times=self.times(program_row.times, row.day),
                place=self.place(plan, program_row.item.location),
                speakers=tuple(
                    self.person(plan, p) for p in program_row.item.speakers if p in plan.people
                ),
                topics=self.topics(plan, program_row.item.topics),
                notes=self.text(plan, program_row.item.notes),
                status=program_row.item.status,
                status_label=self.said(functools.partial(label, key=program_row.item.status))
                if program_row.item.status != "confirmed"
                else (),
            )
            for program_row in row.program
        )
        return Day(row.day, self.said(heading), items)

    def offset_note(self, change: OffsetChange) -> Multi:
        from visitplan.render.printer import Words, offset_change_text

        def say(lang: str) -> str:
            local = dataclasses.replace(
                change,
                a=Column(change.a.zone, zone_city(change.a.zone.key, lang)),
                b=Column(change.b.zone, zone_city(change.b.zone.key, lang)),
            )
            return offset_change_text(local, Words(lang))

        return self.said(say)

    def cover(
        self,
        plans: Sequence[Plan],
        events: Sequence[tuple[Plan, Event]],
        sections: Sequence[Section],
    ) -> Cover:
        unique = list({(id(p), e.id): (p, e) for p, e in events}.values())
        partnership = tuple(self.text(plan, plan.title) for plan in plans)
        first_plan = plans[0]
        organizer_id = first_plan.organizer
        organizer = (
            self.person(first_plan, organizer_id)
            if organizer_id is not None and organizer_id in first_plan.people
            else None
        )
        hosts: list[Multi] = []
        delegations: list[Multi] = []
        for section in sections:
            if section.host and section.host not in hosts:
                hosts.append(section.host)
            delegations.extend(d for d in section.delegations if d not in delegations)
        if len(unique) == 1:
            plan, event = unique[0]
            place = self.text(plan, event.location)
            return Cover(
                partnership,
                sections[0].title,
                sections[0].dates,
                place,
                tuple(hosts),
                tuple(delegations),
                organizer,
            )
        first = min(
            e.when.start.date() if not e.when.all_day else e.when.first_day for _, e in unique
        )
        last = max(e.when.last_day for _, e in unique)
        dates = self.said(lambda lang: f"{short_date(first, lang)} – {short_date(last, lang)}")
        return Cover(
            partnership,
            self.said(lambda lang: label(lang, "program")),
            dates,
            (),
            tuple(hosts),
            tuple(delegations),
            organizer,
        )
