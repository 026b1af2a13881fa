"""The sentences of the changes in one output language: the words come from
``visitplan.i18n`` (the ``changes`` section of each catalogue), times as the agenda
shows them (the event's zone first, then the partners')."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from visitplan.changes.model import Change
from visitplan.i18n import label_for, long_date, short_date
from visitplan.plan.model import Event, Plan, When
from visitplan.views.agenda import Column, spans


class Writer:
    def __init__(self, lang: str | None) -> None:
        self.lang = lang

    def say(self, key: str, kind: str | None = None, count: int = 1, /, **values: object) -> str:
        """The sentence ``key``, agreeing with the ``kind`` of what it is about (an event
        kind, ``action``) and with ``count`` of them."""
        return label_for(self.lang, key, kind, count, **values)

    def change(
        self,
        kind: str,
        about: str | None = None,
        count: int = 1,
        /,
        *,
        event_id: str | None = None,
        item_id: str | None = None,
        before: Any = None,
        after: Any = None,
        **values: object,
    ) -> Change:
        """The change ``kind`` told by its sentence (``say``: agreeing with ``about`` and
        ``count``), with the ids it is about and its old and new values."""
        return Change(
            kind, self.say(kind, about, count, **values), event_id, item_id, before, after
        )

    def text(self, plan: Plan, value: Any) -> str:
        return plan.text(value, self.lang)

    def event_title(self, plan: Plan, event: Event) -> str:
        """The event's title, with its first day when another event of the plan has the
        same title (two "Bilateral online meeting"s are told apart)."""
        title = plan.text(event.title, self.lang)
        if any(e.id != event.id and plan.text(e.title, self.lang) == title for e in plan.events):
            return f"{title} ({short_date(event.when.first_day, self.lang)})"
        return title

    def person(self, plan: Plan, person_id: str) -> str:
        person = plan.people.get(person_id)
        return plan.text(person.name, self.lang) if person else person_id

    def party(self, plan: Plan, party_id: str) -> str:
        """A person's name, or an organization's short name (else its name)."""
        if party_id in plan.people:
            return self.person(plan, party_id)
        org = plan.organizations.get(party_id)
        return (org.short or plan.text(org.name, self.lang)) if org else party_id

    def names(self, plan: Plan, ids: Sequence[str]) -> str:
        if not ids:
            return self.say("nobody")
        return ", ".join(self.person(plan, p) for p in ids)

    def status(self, value: str, kind: str | None = None) -> str:
        return label_for(self.lang, value, kind)

    def when(self, when: When, columns: Sequence[Column]) -> str:
        """``Tuesday, 28 May 2024 11:00–12:30 Kyiv`` (the first column), or the dates."""
        if when.all_day:
            if when.days == 1:
                return long_date(when.first_day, self.lang)
            return f"{long_date(when.first_day, self.lang)} – {long_date(when.last_day, self.lang)}"
        (first, *_) = spans(columns[:1], when.start, when.end)
        day = first.start.date()
        return f"{long_date(day, self.lang)} {first.text(day)} {first.column.label}"

    def others(self, old: When, new: When, columns: Sequence[Column]) -> str:
        """`` (Paris 10:00 → 13:00)``: the other columns' times, old → new (only the new
        one where it is the same: ``Paris 10:00``)."""
        if old.all_day or new.all_day or len(columns) < 2:
            return ""
        parts = []
        for before, after in zip(
            spans(columns[1:], old.start, old.end),
            spans(columns[1:], new.start, new.end),
            strict=True,
        ):
            shown = f"{after.start:%H:%M}"
            if f"{before.start:%H:%M}" != shown:
                shown = f"{before.start:%H:%M} → {shown}"
            parts.append(f"{before.column.label} {shown}")
        return " (" + ", ".join(parts) + ")"
