"""The free slots for a meeting (``slots``) as terminal text, markdown and JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from visitplan.i18n import colon, duration, long_date, short_date
from visitplan.render.layout import DOT
from visitplan.render.markdown import md_table
from visitplan.render.phrases import holidays_text, offset_change_text, times_text
from visitplan.render.printer import Words, printing
from visitplan.render.tables import dump_json, iso, offset_changes_json, times_json

if TYPE_CHECKING:
    from visitplan.views.slots import Slots


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


def _slots_none(result: Slots, words: Words) -> str:
    return words.label(
        "slots-none",
        first=short_date(result.first, words.lang),
        last=short_date(result.last, words.lang),
    )


def _slots_title(result: Slots, words: Words) -> str:
    return words.label(
        "slots-title" if len(result.slots) != 1 else "slots-title-one",
        count=len(result.slots),
        duration=duration(int(result.duration.total_seconds()) // 60, words.lang),
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
    with printing(console) as printer:
        if not result.slots:
            printer.text(Text(_slots_none(result, words)), 0)
        else:
            printer.text(Text(_slots_title(result, words), style="bold"), 0)
        for note in _slots_notes(result, words):
            printer.text(Text(note, style="yellow"), 0)
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
                printer.text(Text(line), 2)


def slots_markdown(result: Slots, words: Words) -> str:
    """Proposals to paste into an email: a table with every party's local time."""
    if not result.slots:
        return _slots_none(result, words) + "\n"
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
    out += md_table(header, rows)
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
                "start": iso(slot.start),
                "end": iso(slot.end),
                "times": times_json(slot.times),
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
