"""The agenda as terminal text and as markdown: the days, each event's times in every
zone, its title, place, people and topics, and its program items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console
from rich.text import Text

from visitplan.i18n import long_date, short_date
from visitplan.plan.model import Plan, ProgramItem
from visitplan.render.layout import DOT
from visitplan.render.markdown import md_row
from visitplan.render.phrases import holidays_text, offset_change_text, times_text, who_text
from visitplan.render.printer import Grid, Printer, Words, printing
from visitplan.render.styles import EVENT_STATUS_STYLE, KIND_STYLE
from visitplan.views.agenda import Agenda, AgendaRow, status_mark


def program_grid(
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


def agenda_text(agenda: Agenda, words: Words, console: Console, today: date, names: bool) -> None:
    with printing(console) as printer:
        _agenda_text(agenda, words, printer, today, names)


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
        console.text(Text(offset_change_text(change, words), style="yellow"), 0)
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
        console.text(title, 4)
    if row.day_number == 1:
        for detail in _details(row, words, names):
            console.text(Text(detail, style="dim" if detail.startswith("http") else ""), 6)
    if row.program:
        items = [(times_text(item.times, row.day), item.item) for item in row.program]
        console.grid(program_grid(plan, items, words, 6))


def _title_text(row: AgendaRow, words: Words) -> Text:
    plan, event = row.plan, row.event
    title = Text()
    title.append(f"[{words.label(event.kind)}] ", style=KIND_STYLE[event.kind])
    title.append(words.text(plan, event.title), style=EVENT_STATUS_STYLE[event.status])
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
            out.append(md_row([when, title, details]))
            for item in row.program:
                speakers = ", ".join(words.person(plan, s) for s in item.item.speakers)
                out.append(
                    md_row(
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
