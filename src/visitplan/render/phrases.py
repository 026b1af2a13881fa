"""Short texts that several outputs and formats share: the times of a span in every zone,
who takes part, public holidays, a change in the difference between two zones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from visitplan.i18n import decimal, short_date
from visitplan.plan.model import Event, Plan
from visitplan.plan.participation import everyone
from visitplan.render.printer import Words
from visitplan.views.agenda import OffsetChange, Span

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Holiday


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


def holidays_text(holidays: Iterable[Holiday], words: Words) -> str:
    """``Fête nationale (FR)``; several joined with `` · ``."""
    return " · ".join(f"{h.name(words.lang)} ({h.country})" for h in holidays)


def offset_change_text(change: OffsetChange, words: Words) -> str:
    def hours(delta: timedelta) -> str:
        return words.label("hours", n=decimal(abs(delta.total_seconds()) / 3600, words.lang))

    key = "offset-change" if change.after >= timedelta(0) else "offset-change-behind"
    return words.label(
        key,
        a=change.a.label,
        b=change.b.label,
        old=hours(change.before),
        new=hours(change.after),
        day=short_date(change.day, words.lang),
    )
