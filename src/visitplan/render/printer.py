"""Showing the views: text for people (coloured on a terminal, plain in a pipe, wrapped to
the console's width without cutting anything), markdown tables for email and wikis, and
JSON with stable fields for programs (documented in the README)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from visitplan.i18n import colon, label, label_for, long_date, semicolon, short_date
from visitplan.plan.model import Event, Plan, ProgramItem
from visitplan.plan.model import Text as PlanText
from visitplan.plan.participation import everyone
from visitplan.render.layout import DOT, SPACES, breaks, stacked, wrap
from visitplan.views.agenda import Agenda, AgendaRow, Column, OffsetChange, Span, spans, status_mark

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Holiday
    from visitplan.sync.inviting import Outcome
    from visitplan.sync.publishing import CalendarChange
    from visitplan.views.entries import ActionView, EventView, PersonView, TopicView
    from visitplan.views.slots import Slots

KIND_STYLE = {
    "online-meeting": "cyan",
    "study-visit": "magenta",
    "meeting": "blue",
    "other": "white",
}


@dataclass(frozen=True)
class Words:
    """Picks plan text and the tool's labels in one output language."""

    lang: str | None

    def text(self, plan: Plan, value: PlanText | None) -> str:
        return plan.text(value, self.lang)

    def label(self, key: str, **values: object) -> str:
        return label(self.lang, key, **values)

    def agreeing(self, key: str, kind: str) -> str:
        """A label that agrees with what it is about (``annulée`` for a visit)."""
        return label_for(self.lang, key, kind)

    @property
    def semicolon(self) -> str:
        """Between the items of a list: ``; `` (``\u202f; `` in French)."""
        return semicolon(self.lang)

    def key(self, name: str) -> str:
        """A label followed by the language's colon: ``Topics: `` / ``Thèmes : ``."""
        return name + colon(self.lang)

    def person(self, plan: Plan, person_id: str) -> str:
        person = plan.people.get(person_id)
        return self.text(plan, person.name) if person else person_id

    def org(self, plan: Plan, org_id: str | None) -> str:
        if not org_id:
            return ""
        org = plan.organizations.get(org_id)
        if org is None:
            return org_id
        return org.short or self.text(plan, org.name)

    def party(self, plan: Plan, party_id: str | None) -> str:
        if not party_id:
            return ""
        if party_id in plan.people:
            return self.person(plan, party_id)
        return self.org(plan, party_id)

    def topic(self, plan: Plan, topic_id: str) -> str:
        for topic in plan.topics:
            if topic.id == topic_id:
                return self.text(plan, topic.title)
        return topic_id

    def delegation(self, plan: Plan, delegation_id: str) -> str:
        delegation = plan.delegations.get(delegation_id)
        return self.text(plan, delegation.name) if delegation else delegation_id


def times_text(times: Sequence[Span], day: date) -> str:
    """``11:00–12:30 Kyiv · 10:00–11:30 Paris``."""
    return " · ".join(f"{span.text(day)} {span.column.label}" for span in times)


def who_text(words: Words, plan: Plan, event: Event, names: bool) -> str:
    parts = [words.delegation(plan, d) for d in event.delegations]
    attendees = everyone(plan, event)
    if names:
        parts.extend(words.person(plan, p) for p in attendees)
    elif attendees:
        count = len(attendees)
        parts.append(
            words.label("participant") if count == 1 else words.label("participants", n=count)
        )
    return " · ".join(parts)


@dataclass
class Grid:
    """Two aligned columns (times and titles, dates and actions); the second one wraps.
    Where it would be too narrow beside the first (``layout.stacked``), each left cell
    goes on its own line and its right cell under it."""

    rows: list[tuple[Text, Text]]
    indent: int


class Printer:
    """Prints styled text, laid out by ``layout`` (broken at spaces only, no trailing
    spaces): through rich, line by line and never padded, on a colour terminal; as plain
    text in a pipe or with NO_COLOR (much faster for long listings)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.plain = not (console.is_terminal and not console.no_color)
        self.width = console.width
        self.buffer: list[str] = []

    def print(self, item: Text | str | None = None) -> None:
        if item is None:
            self._line(Text())
            return
        self.text(Text(item) if isinstance(item, str) else item, 0)

    def text(
        self, text: Text, indent: int, separator: str = SPACES, rest: int | None = None
    ) -> None:
        """``text`` wrapped at ``separator`` (spaces, or ``DOT`` between times), its
        first line indented by ``indent``, the others by ``rest`` (the same if not given)."""
        rest = indent if rest is None else rest
        if self.plain:
            self.buffer.extend(wrap(text.plain, self.width, indent, rest, separator))
            return
        for line in _styled_lines(text, self.width, indent, rest, separator):
            self._line(line)

    def unwrapped(self, text: Text, indent: int) -> None:
        """One line that is never wrapped (a command to copy)."""
        line = Text(" " * indent)
        line.append_text(text)
        self._line(line)

    def _line(self, line: Text) -> None:
        if self.plain:
            self.buffer.append(line.plain)
        else:  # soft_wrap: rich neither wraps, crops nor pads the line
            self.console.print(line, soft_wrap=True)

    def grid(self, grid: Grid) -> None:
        lefts = [left.plain for left, _ in grid.rows]
        rights = [right.plain for _, right in grid.rows]
        if stacked(lefts, rights, self.width, grid.indent):
            for left, right in grid.rows:
                self.text(left, grid.indent, DOT)
                self.text(right, grid.indent + 2)
            return
        left_width = max(len(left) for left in lefts)
        start = grid.indent + left_width + 2
        for left, right in grid.rows:
            gap = " " * (left_width - len(left.plain) + 2)
            if self.plain:
                lines = wrap(right.plain, self.width, start, start)
                self.buffer.append(" " * grid.indent + left.plain + gap + lines[0][start:])
                self.buffer.extend(lines[1:])
                continue
            styled = _styled_lines(right, self.width, start, start, SPACES)
            first = Text(" " * grid.indent)
            first.append_text(left)
            first.append(gap)
            first.append_text(styled[0][start:])
            self._line(first)
            for line in styled[1:]:
                self._line(line)

    def flush(self) -> None:
        if self.buffer:
            self.console.file.write("\n".join(self.buffer) + "\n")
            self.console.file.flush()
            self.buffer = []


def _styled_lines(text: Text, width: int, first: int, rest: int, separator: str) -> list[Text]:
    """``layout.wrap`` for styled text: the same lines, with their styles."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True) if "\n" in text.plain else [text]:
        plain = paragraph.plain
        indent = rest if lines else first
        for start, end in breaks(plain, width - indent, separator, width - rest):
            line = Text(" " * (rest if lines else first))
            line.append_text(paragraph[start:end])
            line.rstrip()
            lines.append(line)
    return lines


def _print(console: Printer, text: Text, indent: int) -> None:
    console.text(text, indent)


def _program_grid(
    plan: Plan, items: Sequence[tuple[str, ProgramItem]], words: Words, indent: int
) -> Grid:
    """Program items as two aligned columns, times and title (the title wraps)."""
    rows = []
    for times, item in items:
        title = Text(words.text(plan, item.title) + status_mark(item, words.lang))
        speakers = ", ".join(words.person(plan, s) for s in item.speakers)
        if speakers:
            title.append(f" — {speakers}", style="dim")
        rows.append((Text(times, style="bold"), title))
    return Grid(rows, indent)


# --------------------------------------------------------------------------- agenda


def agenda_text(agenda: Agenda, words: Words, console: Console, today: date, names: bool) -> None:
    printer = Printer(console)
    _agenda_text(agenda, words, printer, today, names)
    printer.flush()


def _agenda_text(agenda: Agenda, words: Words, console: Printer, today: date, names: bool) -> None:
    if not agenda.days:
        start = agenda.window.start
        message = (
            words.label("nothing-hint", start=short_date(start, words.lang))
            if start is not None and start >= today
            else words.label("nothing")
        )
        console.print(message)
        return
    for change in agenda.changes:
        _print(console, Text(offset_change_text(change, words), style="yellow"), 0)
    for number, day in enumerate(agenda.days):
        if number or agenda.changes:
            console.print()
        heading = Text(long_date(day.day, words.lang), style="bold underline")
        if day.holidays:
            heading.append(" — " + holidays_text(day.holidays, words), style="bold yellow")
        console.print(heading)
        for row in day.rows:
            _agenda_row_text(row, words, console, names)


def _agenda_row_text(row: AgendaRow, words: Words, console: Printer, names: bool) -> None:
    plan = row.plan
    when = Text()
    if row.times:
        when.append(times_text(row.times, row.day), style="bold")
    else:
        when.append(words.label("all-day"), style="bold")
    if row.day_count > 1:
        when.append(" · " + words.label("day-of", n=row.day_number, total=row.day_count))
    title = _title_text(row, words)
    # later days of a visit: one line where it fits, then that day's program
    if row.day_number > 1 and 2 + len(when) + len(DOT) + len(title) <= console.width:
        when.append(DOT)
        when.append_text(title)
        console.text(when, 2, DOT)
    else:  # the times on their own line, the title under them
        console.text(when, 2, DOT)
        _print(console, title, 4)
    if row.day_number == 1:
        for detail in _details(row, words, names):
            _print(console, Text(detail, style="dim" if detail.startswith("http") else ""), 6)
    if row.program:
        items = [(times_text(item.times, row.day), item.item) for item in row.program]
        console.grid(_program_grid(plan, items, words, 6))


def _title_text(row: AgendaRow, words: Words) -> Text:
    plan, event = row.plan, row.event
    title = Text()
    title.append(f"[{words.label(event.kind)}] ", style=KIND_STYLE[event.kind])
    style = "strike" if event.cancelled else ("italic" if event.status == "tentative" else "bold")
    title.append(words.text(plan, event.title), style=style)
    if event.cancelled:
        title.append(f" ({words.agreeing('cancelled', event.kind).upper()})", style="bold red")
    elif event.status == "tentative":
        title.append(f" ({words.agreeing('tentative', event.kind)})", style="yellow")
    return title


def _details(row: AgendaRow, words: Words, names: bool) -> list[str]:
    plan, event = row.plan, row.event
    lines = []
    place = words.text(plan, event.location)
    if place:
        lines.append(place)
    if event.url:
        lines.append(event.url)
    who = who_text(words, plan, event, names)
    if who:
        lines.append(who)
    if event.topics:
        topics = words.semicolon.join(words.topic(plan, t) for t in event.topics)
        lines.append(words.key(words.label("topics")) + topics)
    return lines


def holidays_text(holidays: Iterable[Holiday], words: Words) -> str:
    """``Fête nationale (FR)``; several joined with `` · ``."""
    return " · ".join(f"{h.name(words.lang)} ({h.country})" for h in holidays)


def holidays_json(holidays: Iterable[Holiday], words: Words) -> list[dict[str, Any]]:
    return [{"country": h.country, "name": h.name(words.lang)} for h in holidays]


def offset_change_text(change: OffsetChange, words: Words) -> str:
    def hours(delta: timedelta) -> str:
        value = abs(delta.total_seconds()) / 3600
        shown = f"{value:g}".replace(".", "," if words.lang in ("uk", "fr") else ".")
        return words.label("hours", n=shown)

    key = "offset-change" if change.after >= timedelta(0) else "offset-change-behind"
    return words.label(
        key,
        a=change.a.label,
        b=change.b.label,
        old=hours(change.before),
        new=hours(change.after),
        day=short_date(change.day, words.lang),
    )


def agenda_markdown(agenda: Agenda, words: Words, names: bool) -> str:
    out: list[str] = []
    for change in agenda.changes:
        out += [f"> {offset_change_text(change, words)}", ""]
    if not agenda.days:
        return words.label("nothing") + "\n"
    for day in agenda.days:
        marks = f" — {holidays_text(day.holidays, words)}" if day.holidays else ""
        out += [f"### {long_date(day.day, words.lang)}{marks}", ""]
        out += [
            f"| {words.label('time')} | {words.label('event')} | {words.label('details')} |",
            "|---|---|---|",
        ]
        for row in day.rows:
            plan, event = row.plan, row.event
            when = (
                times_text(row.times, row.day).replace(" · ", "\n")
                if row.times
                else words.label("all-day")
            )
            if row.day_count > 1:
                when += "\n" + words.label("day-of", n=row.day_number, total=row.day_count)
            title = f"**{words.text(plan, event.title)}** ({words.label(event.kind)})"
            if event.cancelled:
                title = f"~~{words.text(plan, event.title)}~~ ({words.label(event.kind)}, {words.agreeing('cancelled', event.kind)})"
            elif event.status == "tentative":
                title = f"*{words.text(plan, event.title)}* ({words.label(event.kind)}, {words.agreeing('tentative', event.kind)})"
            details = "\n".join(_details(row, words, names)) if row.day_number == 1 else ""
            out.append(_md_row([when, title, details]))
            for item in row.program:
                speakers = ", ".join(words.person(plan, s) for s in item.item.speakers)
                out.append(
                    _md_row(
                        [
                            times_text(item.times, row.day).replace(" · ", "\n"),
                            f"↳ {words.text(plan, item.item.title)}"
                            + status_mark(item.item, words.lang),
                            speakers,
                        ]
                    )
                )
        out.append("")
    return "\n".join(out)


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [_md_row(header), "|" + "---|" * len(header)]
    lines.extend(_md_row(row) for row in rows)
    return lines


# --------------------------------------------------------------------------- JSON


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _times_json(times: Sequence[Span]) -> list[dict[str, Any]]:
    return [
        {
            "zone": s.column.zone.key,
            "label": s.column.label,
            "start": _iso(s.start),
            "end": _iso(s.end),
        }
        for s in times
    ]


def _ref(words: Words, plan: Plan, kind: str, value: str | None) -> dict[str, str] | None:
    if value is None:
        return None
    name = {
        "person": words.person,
        "org": words.org,
        "party": words.party,
        "topic": words.topic,
        "delegation": words.delegation,
    }[kind](plan, value)
    return {"id": value, "name": name}


def event_json(words: Words, plan: Plan, event: Event, columns: Sequence[Column]) -> dict[str, Any]:
    """The stable JSON form of an event (see the README for the fields)."""
    when = event.when
    if when.all_day:
        start: str | None = when.first_day.isoformat()
        end: str | None = when.last_day.isoformat()
    else:
        start, end = _iso(when.start), _iso(when.end)
    return {
        "plan": plan.id,
        "id": event.id,
        "kind": event.kind,
        "status": event.status,
        "title": words.text(plan, event.title),
        "all_day": when.all_day,
        "start": start,
        "end": end,
        "timezone": event.zone.key,
        "times": [] if when.all_day else _times_json(spans(columns, when.start, when.end)),
        "location": words.text(plan, event.location) or None,
        "url": event.url,
        "host": _ref(words, plan, "org", event.host),
        "delegations": [_ref(words, plan, "delegation", d) for d in event.delegations],
        "participants": [_ref(words, plan, "person", p) for p in everyone(plan, event)],
        "topics": [_ref(words, plan, "topic", t) for t in event.topics],
        "notes": words.text(plan, event.notes) or None,
        "program": [program_json(words, plan, item, columns) for item in event.schedule],
    }


def program_json(
    words: Words, plan: Plan, item: ProgramItem, columns: Sequence[Column]
) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": words.text(plan, item.title),
        "start": _iso(item.when.start),
        "end": _iso(item.when.end),
        "times": _times_json(spans(columns, item.when.start, item.when.end)),
        "location": words.text(plan, item.location) or None,
        "speakers": [_ref(words, plan, "person", s) for s in item.speakers],
        "topics": [_ref(words, plan, "topic", t) for t in item.topics],
        **({"status": item.status} if item.status != "confirmed" else {}),
    }


def agenda_json(agenda: Agenda, words: Words) -> str:
    days = []
    for day in agenda.days:
        items = []
        for row in day.rows:
            item = event_json(words, row.plan, row.event, row.columns)
            item["day"] = row.day_number
            item["days"] = row.day_count
            item["program"] = [
                program_json(words, row.plan, p.item, row.columns) for p in row.program
            ]
            items.append(item)
        entry: dict[str, Any] = {"date": day.day.isoformat()}
        if day.holidays:  # only on a public holiday of a country involved
            entry["holidays"] = holidays_json(day.holidays, words)
        entry["items"] = items
        days.append(entry)
    document = {
        "from": agenda.window.start.isoformat() if agenda.window.start else None,
        "to": agenda.window.end.isoformat() if agenda.window.end else None,
        "language": words.lang,
        "offset_changes": offset_changes_json(agenda.changes),
        "days": days,
    }
    return dump_json(document)


def dump_json(document: object) -> str:
    import json  # only for --format json: a text agenda does without it

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- show


def show_text(view: EventView, words: Words, console: Console) -> None:
    printer = Printer(console)
    _show_text(view, words, printer)
    printer.flush()


def _show_text(view: EventView, words: Words, console: Printer) -> None:
    plan, event = view.plan, view.event
    when = event.when
    title = Text(words.text(plan, event.title), style="bold strike" if event.cancelled else "bold")
    title.append(
        f"  [{words.label(event.kind)} · {words.agreeing(event.status, event.kind)}]",
        style=KIND_STYLE[event.kind],
    )
    _print(console, title, 0)
    _print(console, Text(f"{plan.id} / {event.id}", style="dim"), 0)
    console.print()
    for key, value in _show_facts(view, words):
        line = Text(words.key(key), style="bold")
        line.append(value)
        _print(console, line, 0)
    if event.program:
        console.print()
        console.print(Text(words.label("program"), style="bold underline"))
        items = []
        for item in event.schedule:
            day = item.when.start.astimezone(event.zone).date()
            prefix = f"{short_date(day, words.lang)}  " if when.days > 1 else ""
            times = times_text(spans(view.columns, item.when.start, item.when.end), day)
            items.append((prefix + times, item))
        console.grid(_program_grid(plan, items, words, 2))
    if view.groups:
        console.print()
        console.print(Text(words.label("participants-title"), style="bold underline"))
        for group, members in view.groups:
            _print(console, Text(_group_name(group, plan, words), style="bold"), 2)
            for person_id in members:
                only = view.only.get(person_id, ())
                _print(console, Text(_person_line(plan, person_id, words, group, only)), 4)
    if view.actions:
        console.print()
        console.print(Text(words.label("actions"), style="bold underline"))
        for action in view.actions:
            _print(console, Text(_action_line(plan, action, words)), 2)


def _show_facts(view: EventView, words: Words) -> list[tuple[str, str]]:
    plan, event = view.plan, view.event
    when = event.when
    facts: list[tuple[str, str]] = []
    if when.all_day:
        if when.days == 1:
            dates = long_date(when.first_day, words.lang)
        else:
            dates = (
                f"{long_date(when.first_day, words.lang)} – {long_date(when.last_day, words.lang)}"
            )
        facts.append((words.label("time"), f"{dates} ({event.zone.key})"))
    else:
        day = when.start.date()
        facts.append((words.label("time"), long_date(day, words.lang)))
        for span in spans(view.columns, when.start, when.end):
            facts.append((f"  {span.column.label}", f"{span.text(day)} ({span.column.zone.key})"))
    if view.holidays:
        marks = [
            f"{long_date(day, words.lang)} — {holidays_text([h], words)}"
            for day, h in view.holidays
        ]
        facts.append((words.label("holidays"), words.semicolon.join(marks)))
    place = words.text(plan, event.location)
    if place:
        facts.append((words.label("where"), place))
    if event.url:
        facts.append((words.label("link"), event.url))
    if event.host:
        facts.append((words.label("host"), words.text(plan, plan.organizations[event.host].name)))
    if event.topics:
        topics = words.semicolon.join(words.topic(plan, t) for t in event.topics)
        facts.append((words.label("topics"), topics))
    notes = words.text(plan, event.notes)
    if notes:
        facts.append((words.label("notes"), notes.strip()))
    return facts


def _group_name(group: str, plan: Plan, words: Words) -> str:
    kind, _, group_id = group.partition(":")
    if kind == "delegation":
        return words.key(words.label("delegation")) + words.delegation(plan, group_id)
    if not group_id:
        return "—"
    return words.text(plan, plan.organizations[group_id].name)


def _person_line(
    plan: Plan, person_id: str, words: Words, group: str, only: Sequence[ProgramItem] = ()
) -> str:
    person = plan.people[person_id]
    parts = [words.person(plan, person_id)]
    if only:
        parts[0] += f" ({_only_text(plan, only, words)})"
    role = words.text(plan, person.role)
    if group.startswith("delegation:"):
        delegation = plan.delegations[group.partition(":")[2]]
        if delegation.lead == person_id:
            parts[0] += f" ({words.label('lead')})"
        if person.organization:
            parts.append(words.org(plan, person.organization))
    if role:
        parts.append(role)
    parts.append(person.email or words.label("no-email"))
    if person.phone:
        parts.append(person.phone)
    return " · ".join(parts)


def _only_text(plan: Plan, only: Sequence[ProgramItem], words: Words) -> str:
    """``only Reception`` for someone who takes part in just some program items."""
    items = words.semicolon.join(words.text(plan, i.title) for i in only)
    return words.label("only-items", items=items)


def _action_line(plan: Plan, action: Any, words: Words) -> str:
    parts = [f"[{words.agreeing(action.status, 'action')}] {words.text(plan, action.title)}"]
    if action.owner:
        parts.append(words.key(words.label("owner")) + words.party(plan, action.owner))
    if action.due:
        parts.append(words.key(words.label("due")) + action.due.isoformat())
    return " · ".join(parts)


def show_markdown(view: EventView, words: Words) -> str:
    plan, event = view.plan, view.event
    title = words.text(plan, event.title)
    out = [
        f"## {title}",
        "",
        f"*{words.label(event.kind)} · {words.agreeing(event.status, event.kind)}*"
        f" — `{plan.id}/{event.id}`",
        "",
    ]
    out += _md_table(
        [words.label("details"), ""], [[k.strip(), v] for k, v in _show_facts(view, words)]
    )
    if event.program:
        out += ["", f"### {words.label('program')}", ""]
        header = [c.label for c in view.columns] + [words.label("title"), words.label("speakers")]
        rows = []
        for item in event.schedule:
            day = item.when.start.astimezone(event.zone).date()
            times = [s.text(day) for s in spans(view.columns, item.when.start, item.when.end)]
            if event.when.days > 1:
                times[0] = f"{short_date(day, words.lang)} {times[0]}"
            speakers = ", ".join(words.person(plan, s) for s in item.speakers)
            rows.append(
                [*times, words.text(plan, item.title) + status_mark(item, words.lang), speakers]
            )
        out += _md_table(header, rows)
    if view.groups:
        out += ["", f"### {words.label('participants-title')}", ""]
        rows = []
        for group, members in view.groups:
            for person_id in members:
                person = plan.people[person_id]
                only = view.only.get(person_id, ())
                name = words.person(plan, person_id)
                rows.append(
                    [
                        _group_name(group, plan, words),
                        f"{name} ({_only_text(plan, only, words)})" if only else name,
                        words.text(plan, person.role),
                        person.email or "",
                        person.phone or "",
                    ]
                )
        out += _md_table(
            [
                words.label("who"),
                words.label("name"),
                words.label("role"),
                words.label("email"),
                words.label("phone"),
            ],
            rows,
        )
    if view.actions:
        out += ["", f"### {words.label('actions')}", ""]
        out += [f"- {_action_line(plan, action, words)}" for action in view.actions]
    return "\n".join(out) + "\n"


def show_json(view: EventView, words: Words) -> str:
    plan = view.plan
    document = event_json(words, plan, view.event, view.columns)
    if view.holidays:  # only for an event on a public holiday of a country involved
        document["holidays"] = [
            {"date": day.isoformat(), **holidays_json([h], words)[0]} for day, h in view.holidays
        ]
    document["groups"] = [
        {
            "kind": group.partition(":")[0],
            "id": group.partition(":")[2] or None,
            "people": [
                {
                    **person_json(words, _person_view(plan, p)),
                    "only": (
                        [{"id": i.id, "title": words.text(plan, i.title)} for i in view.only[p]]
                        if p in view.only
                        else None
                    ),
                }
                for p in members
            ],
        }
        for group, members in view.groups
    ]
    from visitplan.views.entries import ActionView

    document["actions"] = [action_json(words, ActionView(plan, a, False)) for a in view.actions]
    return dump_json(document)


# --------------------------------------------------------------------------- topics


def topics_text(views: Sequence[TopicView], words: Words, console: Console) -> None:
    printer = Printer(console)
    _topics_text(views, words, printer)
    printer.flush()


def _topics_text(views: Sequence[TopicView], words: Words, console: Printer) -> None:
    if not views:
        console.print(words.label("nothing"))
        return
    for view in views:
        plan, topic = view.plan, view.topic
        line = Text(f"[{words.label(topic.status)}] ", style="bold")
        line.append(words.text(plan, topic.title), style="bold")
        line.append(f"  ({topic.id})", style="dim")
        _print(console, line, 0)
        for key, value in _topic_facts(view, words):
            style = "bold red" if value == words.label("not-covered") else ""
            _print(console, Text(words.key(key) + value, style=style), 4)


def _topic_facts(view: TopicView, words: Words) -> list[tuple[str, str]]:
    plan, topic = view.plan, view.topic
    facts = []
    if topic.requested_by:
        facts.append((words.label("requested-by"), words.party(plan, topic.requested_by)))
    if topic.proposed_by:
        facts.append((words.label("proposed-by"), words.party(plan, topic.proposed_by)))
    covered = words.semicolon.join(_coverage(view, words))
    if covered:
        facts.append((words.label("covered-in"), covered))
    elif view.uncovered:
        facts.append((words.label("covered-in"), words.label("not-covered")))
    return facts


def _coverage(view: TopicView, words: Words) -> list[str]:
    """One entry per event: ``Title (2023-07-01): item, item``."""
    plan = view.plan
    entries: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for event, item in view.covered_in:
        titles[event.id] = f"{words.text(plan, event.title)} ({event.when.first_day.isoformat()})"
        items = entries.setdefault(event.id, [])
        if item is not None:
            items.append(words.text(plan, item.title))
    return [
        titles[event_id] + (words.key("") + ", ".join(items) if items else "")
        for event_id, items in entries.items()
    ]


def topics_markdown(views: Sequence[TopicView], words: Words) -> str:
    rows = []
    for view in views:
        plan, topic = view.plan, view.topic
        covered = "\n".join(_coverage(view, words))
        if not covered and view.uncovered:
            covered = f"**{words.label('not-covered')}**"
        rows.append(
            [
                words.text(plan, topic.title),
                words.label(topic.status),
                words.party(plan, topic.requested_by),
                words.party(plan, topic.proposed_by),
                covered,
            ]
        )
    header = [
        words.label(k) for k in ("title", "status", "requested-by", "proposed-by", "covered-in")
    ]
    return "\n".join(_md_table(header, rows)) + "\n"


def topics_json(views: Sequence[TopicView], words: Words) -> str:
    return dump_json(
        [
            {
                "plan": v.plan.id,
                "id": v.topic.id,
                "title": words.text(v.plan, v.topic.title),
                "description": words.text(v.plan, v.topic.description) or None,
                "status": v.topic.status,
                "requested_by": _ref(words, v.plan, "party", v.topic.requested_by),
                "proposed_by": _ref(words, v.plan, "party", v.topic.proposed_by),
                "covered_in": [
                    {
                        "event": event.id,
                        "program_item": None
                        if item is None
                        else {"id": item.id, "title": words.text(v.plan, item.title)},
                    }
                    for event, item in v.covered_in
                ],
                "uncovered": v.uncovered,
            }
            for v in views
        ]
    )


# --------------------------------------------------------------------------- actions


def actions_text(views: Sequence[ActionView], words: Words, console: Console) -> None:
    printer = Printer(console)
    _actions_text(views, words, printer)
    printer.flush()


def _actions_text(views: Sequence[ActionView], words: Words, console: Printer) -> None:
    if not views:
        console.print(words.label("nothing"))
        return
    rows: list[tuple[Text, Text]] = []
    for view in views:
        plan, action = view.plan, view.action
        due = Text(
            action.due.isoformat() if action.due else "—",
            style="bold red" if view.overdue else "bold",
        )
        line = Text(
            f"[{words.agreeing(action.status, 'action')}] ",
            style="dim" if action.status != "open" else "",
        )
        line.append(
            words.text(plan, action.title), style="strike" if action.status == "dropped" else ""
        )
        if view.overdue:
            line.append(f" ({words.label('overdue')})", style="bold red")
        details = (
            [words.key(words.label("owner")) + words.party(plan, action.owner)]
            if action.owner
            else []
        )
        if action.requested_by:
            details.append(
                words.key(words.label("requested-by")) + words.party(plan, action.requested_by)
            )
        if action.event:
            details.append(words.key(words.label("from-event")) + action.event)
        if details:
            line.append("\n" + " · ".join(details), style="dim")
        rows.append((due, line))
    console.grid(Grid(rows, 0))


def actions_markdown(views: Sequence[ActionView], words: Words) -> str:
    rows = []
    for view in views:
        plan, action = view.plan, view.action
        due = action.due.isoformat() if action.due else ""
        if view.overdue:
            due = f"**{due} ({words.label('overdue')})**"
        rows.append(
            [
                due,
                words.agreeing(action.status, "action"),
                words.text(plan, action.title),
                words.party(plan, action.owner),
                words.party(plan, action.requested_by),
                action.event or "",
            ]
        )
    header = [
        words.label(k) for k in ("due", "status", "title", "owner", "requested-by", "from-event")
    ]
    return "\n".join(_md_table(header, rows)) + "\n"


def action_json(words: Words, view: ActionView) -> dict[str, Any]:
    plan, action = view.plan, view.action
    return {
        "plan": plan.id,
        "id": action.id,
        "title": words.text(plan, action.title),
        "status": action.status,
        "due": action.due.isoformat() if action.due else None,
        "overdue": view.overdue,
        "owner": _ref(words, plan, "party", action.owner),
        "requested_by": _ref(words, plan, "party", action.requested_by),
        "event": action.event,
    }


def actions_json(views: Sequence[ActionView], words: Words) -> str:
    return dump_json([action_json(words, v) for v in views])


# --------------------------------------------------------------------------- people


def people_text(views: Sequence[PersonView], words: Words, console: Console) -> None:
    printer = Printer(console)
    _people_text(views, words, printer)
    printer.flush()


def _people_text(views: Sequence[PersonView], words: Words, console: Printer) -> None:
    if not views:
        console.print(words.label("nothing"))
        return
    for view in views:
        plan, person = view.plan, view.person
        line = Text(words.person(plan, person.id), style="bold")
        line.append(f"  ({person.id})", style="dim")
        _print(console, line, 0)
        for key, value in _person_facts(view, words):
            _print(console, Text(words.key(key) + value), 4)


def _person_facts(view: PersonView, words: Words) -> list[tuple[str, str]]:
    plan, person = view.plan, view.person
    facts = []
    others = [s for s in view.spellings() if s != words.person(plan, person.id)]
    if others:
        facts.append((words.label("spellings"), " / ".join(others)))
    if person.organization:
        org = plan.organizations.get(person.organization)
        facts.append(
            (
                words.label("organization"),
                words.text(plan, org.name) if org else person.organization,
            )
        )
    role = words.text(plan, person.role)
    if role:
        facts.append((words.label("role"), role))
    if person.email:
        facts.append((words.label("email"), person.email))
    if person.phone:
        facts.append((words.label("phone"), person.phone))
    return facts


def people_markdown(views: Sequence[PersonView], words: Words) -> str:
    rows = []
    for view in views:
        plan, person = view.plan, view.person
        org = plan.organizations.get(person.organization or "")
        rows.append(
            [
                " / ".join(view.spellings()),
                words.text(plan, org.name) if org else (person.organization or ""),
                words.text(plan, person.role),
                person.email or "",
                person.phone or "",
            ]
        )
    header = [words.label(k) for k in ("name", "organization", "role", "email", "phone")]
    return "\n".join(_md_table(header, rows)) + "\n"


def person_json(words: Words, view: PersonView) -> dict[str, Any]:
    plan, person = view.plan, view.person
    return {
        "plan": plan.id,
        "id": person.id,
        "name": words.person(plan, person.id),
        "spellings": list(view.spellings()),
        "names": dict(person.name.translations) or {"": person.name.plain},
        "organization": _ref(words, plan, "org", person.organization),
        "role": words.text(plan, person.role) or None,
        "email": person.email,
        "phone": person.phone,
        "languages": list(person.languages),
    }


def people_json(views: Sequence[PersonView], words: Words) -> str:
    return dump_json([person_json(words, v) for v in views])


CSV_COLUMNS = (
    "plan",
    "id",
    "name",
    "name_uk",
    "name_fr",
    "name_en",
    "organization",
    "organization_name",
    "role",
    "email",
    "phone",
)


def people_csv(views: Sequence[PersonView], words: Words) -> str:
    """One row per person; name_uk/fr/en give each spelling the plan has (for visa letters,
    badges and mail merges)."""
    buffer = io.StringIO()
    import csv  # only for --format csv

    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for view in views:
        plan, person = view.plan, view.person
        names = dict(person.name.translations)
        org = plan.organizations.get(person.organization or "")
        writer.writerow(
            [
                plan.id,
                person.id,
                words.person(plan, person.id),
                names.get("uk", person.name.plain or ""),
                names.get("fr", person.name.plain or ""),
                names.get("en", person.name.plain or ""),
                person.organization or "",
                words.text(plan, org.name) if org else "",
                words.text(plan, person.role),
                person.email or "",
                person.phone or "",
            ]
        )
    return buffer.getvalue()


# --------------------------------------------------------------------------- publish

_DONE = {
    "create": "created",
    "update": "updated",
    "cancel": "cancelled",
    "delete": "deleted",
    "unchanged": "unchanged",
    "conflict": "conflict",
}
_WOULD = {
    "create": "would create",
    "update": "would update",
    "cancel": "would cancel",
    "delete": "would delete",
    "unchanged": "unchanged",
    "conflict": "conflict",
}
_STYLE = {
    "create": "green",
    "update": "yellow",
    "cancel": "magenta",
    "delete": "red",
    "conflict": "bold red",
}


def publish_text(
    changes: Sequence[CalendarChange], summary: str, dry_run: bool, console: Console
) -> None:
    """The entries that changed (or would), one per row, then the counts."""
    out = Printer(console)
    words = _WOULD if dry_run else _DONE
    rows = [
        (
            Text(words[change.action], style=_STYLE.get(change.action, "")),
            Text(
                f"{change.when}  {change.summary}"
                + (f" — {change.reason}" if change.reason else "")
                + f"  [{change.uid}]"
            ),
        )
        for change in changes
        if change.action != "unchanged"
    ]
    if rows:
        out.grid(Grid(rows, 0))
    out.print(Text(("dry run, nothing written: " if dry_run else "") + summary, style="bold"))
    out.flush()


def publish_json(changes: Sequence[CalendarChange], url: str, dry_run: bool) -> str:
    counts = {_DONE[a]: 0 for a in _DONE}
    for change in changes:
        counts[_DONE[change.action]] += 1
    return dump_json(
        {
            "url": url,
            "dry_run": dry_run,
            "counts": counts,
            "entries": [
                {
                    "action": _DONE[change.action],
                    "uid": change.uid,
                    "plan": change.plan,
                    "summary": change.summary,
                    "when": change.when,
                    **({"reason": change.reason} if change.reason else {}),
                }
                for change in changes
            ],
        }
    )


def invite_text(outcomes: Sequence[Outcome], console: Console) -> None:
    """Who got the invitation, and whom the server refused (and why)."""
    out = Printer(console)
    rows = []
    for outcome in outcomes:
        invite = outcome.invitation
        who = f"{invite.name} <{invite.email}>" if invite.name else invite.email
        rows.append(
            (
                Text(
                    "sent" if outcome.sent else "refused",
                    style="green" if outcome.sent else "bold red",
                ),
                Text(who + (f" — {outcome.problem}" if outcome.problem else "")),
            )
        )
    if rows:
        out.grid(Grid(rows, 0))
    sent = sum(1 for o in outcomes if o.sent)
    refused = len(outcomes) - sent
    out.print(Text(f"{sent} sent" + (f", {refused} refused" if refused else ""), style="bold"))
    out.flush()


def _person_view(plan: Plan, person_id: str) -> PersonView:
    from visitplan.views.entries import PersonView

    return PersonView(plan, plan.people[person_id])


# --------------------------------------------------------------------------- slots


def duration_text(duration: timedelta, lang: str | None) -> str:
    """``1 h 30 min`` · ``1 год 30 хв``."""
    minutes = int(duration.total_seconds()) // 60
    hours, rest = divmod(minutes, 60)
    h, m = ("год", "хв") if lang == "uk" else ("h", "min")
    if hours and rest:
        return f"{hours} {h} {rest} {m}"
    return f"{hours} {h}" if hours else f"{rest} {m}"


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _slots_notes(result: Slots, words: Words) -> list[str]:
    notes = [offset_change_text(change, words) for change in result.changes]
    for clock in result.clock_changes:
        notes.append(
            words.label(
                "clock-change",
                place=clock.place,
                day=short_date(clock.day, words.lang),
                old=_offset_text(clock.before),
                new=_offset_text(clock.after),
            )
        )
    return notes


def _slots_title(result: Slots, words: Words) -> str:
    return words.label(
        "slots-title" if len(result.slots) != 1 else "slots-title-one",
        count=len(result.slots),
        duration=duration_text(result.duration, words.lang),
        first=short_date(result.first, words.lang),
        last=short_date(result.last, words.lang),
    )


def _days_off_lines(result: Slots, words: Words) -> list[str]:
    lines = []
    for day_off in result.days_off:
        holiday = holidays_text([day_off.holiday], words)
        lines.append(
            f"{long_date(day_off.day, words.lang)} — {holiday}"
            f"{colon(words.lang)}{day_off.party.label}"
        )
    return list(dict.fromkeys(lines))


def slots_text(result: Slots, words: Words, console: Console) -> None:
    printer = Printer(console)
    if not result.slots:
        _print(
            printer,
            Text(
                words.label(
                    "slots-none",
                    first=short_date(result.first, words.lang),
                    last=short_date(result.last, words.lang),
                )
            ),
            0,
        )
    else:
        _print(printer, Text(_slots_title(result, words), style="bold"), 0)
    for note in _slots_notes(result, words):
        _print(printer, Text(note, style="yellow"), 0)
    for slot in result.slots:
        printer.print()
        day = slot.start.date()
        printer.print(Text(long_date(day, words.lang), style="bold underline"))
        printer.text(Text(times_text(slot.times, day), style="bold"), 2, DOT)
        printer.unwrapped(Text(slot.command, style="dim"), 4)
    lines = _days_off_lines(result, words)
    if lines:
        printer.print()
        printer.print(Text(words.key(words.label("days-off")).rstrip(), style="bold"))
        for line in lines:
            _print(printer, Text(line), 2)
    printer.flush()


def slots_markdown(result: Slots, words: Words) -> str:
    """Proposals to paste into an email: a table with every party's local time."""
    if not result.slots:
        none = words.label(
            "slots-none",
            first=short_date(result.first, words.lang),
            last=short_date(result.last, words.lang),
        )
        return none + "\n"
    out = [f"**{_slots_title(result, words)}**", ""]
    header = ["", words.label("time"), *(c.label for c in result.columns)]
    rows = []
    for number, slot in enumerate(result.slots, start=1):
        day = slot.start.date()
        rows.append(
            [
                words.label("slot", n=number),
                long_date(day, words.lang),
                *(span.text(day) for span in slot.times),
            ]
        )
    out += _md_table(header, rows)
    notes = _slots_notes(result, words)
    if notes:
        out.append("")
        out += [f"> {note}" for note in notes]
    return "\n".join(out) + "\n"


def slots_json(result: Slots, words: Words) -> str:
    document = {
        "from": result.first.isoformat(),
        "to": result.last.isoformat(),
        "duration_minutes": int(result.duration.total_seconds()) // 60,
        "language": words.lang,
        "parties": [
            {
                "kind": party.kind,
                "id": party.id,
                "plan": party.plan.id,
                "name": party.name,
                "place": party.place,
                "timezone": party.zone.key,
                "country": party.country,
                "subdivision": party.subdivision,
            }
            for party in result.parties
        ],
        "slots": [
            {
                "start": _iso(slot.start),
                "end": _iso(slot.end),
                "times": _times_json(slot.times),
                "command": slot.command,
            }
            for slot in result.slots
        ],
        "offset_changes": offset_changes_json(result.changes),
        "clock_changes": [
            {
                "zone": c.zone.key,
                "date": c.day.isoformat(),
                "offset_before": _offset_text(c.before),
                "offset_after": _offset_text(c.after),
            }
            for c in result.clock_changes
        ],
        "days_off": [
            {
                "date": d.day.isoformat(),
                "party": d.party.id,
                "country": d.holiday.country,
                "name": d.holiday.name(words.lang),
            }
            for d in result.days_off
        ],
    }
    return dump_json(document)


def offset_changes_json(changes: Sequence[OffsetChange]) -> list[dict[str, object]]:
    """The ``offset_changes`` of the agenda's and slots' JSON."""
    return [
        {
            "zones": [c.a.zone.key, c.b.zone.key],
            "date": c.day.isoformat(),
            "difference_before_hours": c.before.total_seconds() / 3600,
            "difference_after_hours": c.after.total_seconds() / 3600,
        }
        for c in changes
    ]
