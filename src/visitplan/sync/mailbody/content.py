"""What an invitation says, independent of how it is shown: :func:`body` builds a
:class:`Body` from one calendar entry (an event, or a program item of its own) for one
recipient; ``render`` writes it as plain text and HTML.

Every text is a :data:`Line` of :class:`Local` pieces, each knowing its language: the
plan's texts fall back to another language where the recipient's is missing, and the
HTML marks each such piece with its own ``lang``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from visitplan.i18n import label, long_date, semicolon, ui_language, zone_city
from visitplan.ical.entries import Item
from visitplan.plan.model import Event, Person, Plan, ProgramItem, Text
from visitplan.plan.participation import groups
from visitplan.views.agenda import Column, explicit_columns, spans, status_mark


@dataclass(frozen=True)
class Local:
    """A piece of text and the language it is in (None: no language of its own, such as
    a name, an address or a link)."""

    text: str
    lang: str | None = None


Line = tuple[Local, ...]


def _mark(program: ProgramItem, lang: str | None) -> Line:
    """`` [cancelled]`` after a session that is not confirmed (``agenda.status_mark``)."""
    mark = status_mark(program, lang)
    return (Local(mark, ui_language(lang) if lang else None),) if mark else ()


def plain(line: Line) -> str:
    return "".join(piece.text for piece in line)


@dataclass(frozen=True)
class Session:
    """One program line: its day (in the recipient's zone), its time in each zone
    (the recipient's first), title, place and speakers."""

    day: str
    times: tuple[tuple[str, str], ...]  # ("18:00–21:00", "Paris"), the recipient's first
    title: Line
    place: Line
    speakers: Line


@dataclass(frozen=True)
class Body:
    lang: str  # the language of the tool's own words (labels, dates)
    intro: str
    title: Line
    join: str | None = None  # an online meeting's link, shown first
    facts: tuple[tuple[str, Line], ...] = ()  # (label, or "" for a fact continued)
    about: tuple[tuple[str, Line], ...] = ()  # a session's event and speakers
    notes: Line = ()
    sessions: tuple[Session, ...] = ()
    guests: tuple[tuple[Line, tuple[Line, ...]], ...] = ()  # (delegation or org, names)
    no_email: Line = ()
    topics: Line = ()
    entries: str = ""  # how many invitations of this event the recipient gets
    footer: str = ""


def recipient_columns(
    plan: Plan, event: Event, person: Person, lang: str | None
) -> tuple[Column, ...]:
    """The zones a recipient reads times in: their own (the person's, else their
    organization's) first, then the event's — always both, even when the two keep the
    same UTC offset (Brussels and Paris, for a meeting in Kyiv time they differ anyway)."""
    zones = []
    org = plan.organizations.get(person.organization or "")
    own = person.timezone or (org.timezone if org is not None else None)
    if own is not None:
        zones.append(own)
    zones.append(event.zone)
    return explicit_columns(list({zone.key: zone for zone in zones}.values()), lang)


def simple(intro: str, title: str, lang: str | None, footer: str = "") -> Body:
    """A body of an intro and a title only (the cancellation of a removed entry)."""
    return Body(ui_language(lang), intro, (Local(title),), footer=footer)


def display_name(plan: Plan, person: Person, lang: str | None) -> tuple[str | None, str]:
    """A person's name as a message in ``lang`` writes it (its language, the text): the
    spelling in ``lang``, else the one in the language the message's own words are in
    (English for a language visitplan does not speak: "Marta Hnativ" to a Polish guest,
    not "Марта Гнатів"), else, for a reader of Latin script, the English one, else the
    plan's fallback."""
    ui = ui_language(lang)
    latin = ("en",) if ui != "uk" else ()  # a reader of Latin script: the English spelling
    return person.name.resolve(lang, (ui, *latin, *plan.languages))


@dataclass(frozen=True)
class _Say:
    """The plan's texts and people as pieces of a message in ``lang``."""

    plan: Plan
    lang: str | None

    def text(self, value: Text | None) -> Line:
        if value is None:
            return ()
        code, text = value.resolve(self.lang, self.plan.languages)
        return (Local(text, code),) if text else ()

    def name(self, who: Person) -> Line:
        code, text = display_name(self.plan, who, self.lang)
        return (Local(text, code),) if text else ()

    def people(self, ids: Iterable[str], lead: str | None = None) -> tuple[Line, ...]:
        """The names of ``ids`` the plan has, the ``lead``'s marked."""
        out = []
        for person_id in ids:
            if person_id in self.plan.people:
                name = self.name(self.plan.people[person_id])
                if person_id == lead:
                    name += (Local(f" ({label(self.lang, 'lead')})", ui_language(self.lang)),)
                out.append(name)
        return tuple(out)


def body(
    item: Item,
    kind: str,
    lang: str | None,
    person: Person,
    organizer: Person,
    entries: int = 1,
) -> Body:
    """The body of the ``kind`` (request, update, cancel) message about ``item`` to
    ``person``; ``entries``: how many messages of this event they get (the visit and
    each of its sessions they take part in)."""
    plan, event = item.plan, item.event
    assert event is not None
    say = _Say(plan, lang)
    intro = label(
        lang, {"request": "invite-intro", "update": "update-intro"}.get(kind, kind + "-intro")
    )
    columns = recipient_columns(plan, event, person, lang)
    source = item.program or event
    about: list[tuple[str, Line]] = []
    if item.program is not None:
        about.append((label(lang, "part-of"), say.text(event.title)))
        speakers = joined(say.people(item.program.speakers))
        if speakers:
            about.append((label(lang, "speakers"), speakers))
    sessions = _sessions(event, say, columns) if item.program is None else ()
    taking_part = item.attendees()
    no_email = joined(say.people(p for p in taking_part if not plan.people[p].email))
    topic_ids = item.program.topics if item.program is not None else event.topics
    topics = joined(
        tuple(say.text(t.title) for t in plan.topics if t.id in topic_ids), semicolon(lang)
    )
    return Body(
        ui_language(lang),
        intro,
        title(item, lang),
        event.url if event.url and event.kind == "online-meeting" else None,
        _facts(item, say, columns, organizer),
        tuple(about),
        tuple(Local(p.text.strip(), p.lang) for p in say.text(source.notes)),
        sessions,
        _guests(plan, event, taking_part, say),
        no_email,
        topics,
        label(lang, "invite-entries", n=entries) if entries > 1 and kind != "cancel" else "",
        label(lang, "invite-footer") if kind != "cancel" else "",
    )


def _facts(
    item: Item, say: _Say, columns: Sequence[Column], organizer: Person
) -> tuple[tuple[str, Line], ...]:
    """When (in each of ``columns``' zones), where, the link and the organizer."""
    event, lang = item.event, say.lang
    assert event is not None
    ui = ui_language(lang)
    location = (item.program.location if item.program is not None else None) or event.location
    facts: list[tuple[str, Line]] = [  # the label on the first of the times only
        (label(lang, "when") if n == 0 else "", (Local(line, ui),))
        for n, line in enumerate(_when(item, lang, columns))
    ]
    if location is not None:
        facts.append((label(lang, "where"), say.text(location)))
    if event.url:
        facts.append((label(lang, "link"), (Local(event.url),)))
    organizer_line = say.name(organizer) + (
        (Local(f" <{organizer.email}>"),) if organizer.email else ()
    )
    facts.append((label(lang, "organizer"), organizer_line))
    return tuple(facts)


def _sessions(event: Event, say: _Say, columns: Sequence[Column]) -> tuple[Session, ...]:
    """The event's program, its times in the recipient's zones (theirs first)."""
    lang = say.lang
    sessions = []
    for program in event.schedule:
        day = program.when.start.astimezone(columns[0].zone).date()
        times = spans(columns, program.when.start, program.when.end)
        sessions.append(
            Session(
                long_date(day, lang) if event.when.days > 1 else "",
                tuple((s.text(day), s.column.label) for s in times),
                say.text(program.title) + _mark(program, lang),
                say.text(program.location),
                joined(say.people(program.speakers)),
            )
        )
    return tuple(sessions)


def _guests(
    plan: Plan, event: Event, taking_part: Sequence[str], say: _Say
) -> tuple[tuple[Line, tuple[Line, ...]], ...]:
    """The guest list: ``participation.groups`` (as ``show`` and the calendar group
    them), each group's heading and names; a group with nobody left out."""
    guests = []
    for group, ids in groups(plan, event, taking_part):
        kind_of, _, group_id = group.partition(":")
        if not ids:
            continue
        if kind_of == "delegation":
            delegation = plan.delegations[group_id]
            heading = say.text(delegation.name)
            names = say.people(ids, delegation.lead)
        else:
            org = plan.organizations.get(group_id)
            if org is None:
                heading = (Local("—"),)
            else:
                heading = (Local(org.short),) if org.short else say.text(org.name)
            names = say.people(ids)
        guests.append((heading, names))
    return tuple(guests)


def joined(lines: Sequence[Line], separator: str = ", ") -> Line:
    out: list[Local] = []
    for n, line in enumerate(lines):
        if n:
            out.append(Local(separator))
        out.extend(line)
    return tuple(out)


def title(item: Item, lang: str | None) -> Line:
    """The event's title; for a program item of its own, ``item · event`` (its SUMMARY)."""
    plan, event = item.plan, item.event
    assert event is not None
    titles = [event.title] if item.program is None else [item.program.title, event.title]
    pieces = []
    for text in titles:
        code, resolved = text.resolve(lang, plan.languages)
        pieces.append((Local(resolved, code),))
    return joined(pieces, " · ")


def _when(item: Item, lang: str | None, columns: Sequence[Column]) -> list[str]:
    event = item.event
    assert event is not None
    when = (item.program or event).when
    if when.all_day:
        first, last = when.first_day, when.last_day
        if first == last:
            return [long_date(first, lang)]
        return [f"{long_date(first, lang)} – {long_date(last, lang)}"]
    lines = []
    for span in spans(columns, when.start, when.end):
        day = span.start.date()
        lines.append(
            f"{long_date(day, lang)}, {span.text(day)} ({zone_city(span.column.zone.key, lang)})"
        )
    return lines
