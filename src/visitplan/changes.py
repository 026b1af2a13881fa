"""What changed in the plans between two revisions, in plain language.

Plans are matched by id (a renamed file keeps its plan id), events, program items,
topics and actions by theirs. Times are given in the event's zone and, as the agenda
would show them, in the partners' zones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text as RichText

from visitplan.i18n import agreeing, colon, label_for, long_date, short_date, typeset, ui_language
from visitplan.plan.loading import LoadResult
from visitplan.plan.model import Action, Event, Plan, ProgramItem, Topic, When
from visitplan.plan.participation import everyone
from visitplan.render.printer import Printer, Words
from visitplan.views.agenda import Column, default_columns, spans

if TYPE_CHECKING:
    from rich.console import Console

_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "plan-added": "New plan: {title}",
        "plan-removed": "Plan removed: {title}",
        "plan-renamed": "Plan file renamed: {old} → {new}",
        "plan-unreadable": "Could not read {file} at {revision}: fix it with `visitplan check`",
        "event-added": "Added: {title} — {when}",
        "event-removed": "Removed: {title} — {when}",
        "event-cancelled": "Cancelled: {title} — {when}",
        "event-reconfirmed": "On again ({new}): {title} — {when}",
        "event-status": "{title}: {old} → {new}",
        "event-moved": "{title} moved from {old} to {new}{others}",
        "event-duration": "{title} now {new} (was {old})",
        "event-place": "{title}: place changed from {old} to {new}",
        "event-link": "{title}: new link {new} (was {old})",
        "event-title": "Renamed: {old} → {new}",
        "program-added": "{event}: added {title} ({when})",
        "program-removed": "{event}: removed {title}",
        "program-moved": "{event}: {title} moved from {old} to {new}{others}",
        "program-speakers": "{event}: speakers of {title} now {new} (were {old})",
        "program-reordered": "{event}: program reordered",
        "participants-added": "{event}: taking part now: {names}",
        "participants-removed": "{event}: no longer taking part: {names}",
        "members-added": "Delegation {name}: added {names}",
        "members-removed": "Delegation {name}: removed {names}",
        "topic-added": "New topic: {title} ({status})",
        "topic-removed": "Topic removed: {title}",
        "topic-status": "Topic {title}: {old} → {new}",
        "action-added": "New action: {title}{details}",
        "action-removed": "Action removed: {title}",
        "action-done": "Done: {title}",
        "action-status": "Action {title}: {old} → {new}",
        "action-overdue": "Overdue: {title} (due {due})",
        "export-changed": "Changed since the last export: {title} — {when}",
        "export-new": "Not exported yet: {title} — {when}",
        "export-removed": "Removed since the last export, cancellation not sent yet: {title}",
        "nobody": "nobody",
        "none": "none",
        "owner": "owner",
        "due": "due",
        "working-tree": "working tree",
        "last-export": "last export",
    },
    "uk": {
        "plan-added": "Новий план: {title}",
        "plan-removed": "План видалено: {title}",
        "plan-renamed": "Файл плану перейменовано: {old} → {new}",
        "plan-unreadable": "Не вдалося прочитати {file} у {revision}: виправте його за допомогою `visitplan check`",
        "event-added": "Додано: {title} — {when}",
        "event-removed": "Видалено: {title} — {when}",
        "event-cancelled": "Скасовано: {title} — {when}",
        "event-reconfirmed": "Знову в планах ({new}): {title} — {when}",
        "event-status": "{title}: {old} → {new}",
        "event-moved": "{title}: новий час — {new}{others}; було: {old}",
        "event-duration": "{title} тепер {new} (було {old})",
        "event-place": "{title}: нове місце — {new}; було: {old}",
        "event-link": "{title}: нове посилання {new} (було {old})",
        "event-title": "Перейменовано: {old} → {new}",
        "program-added": "{event}: додано {title} ({when})",
        "program-removed": "{event}: видалено {title}",
        "program-moved": "{event}: {title}: новий час — {new}{others}; було: {old}",
        "program-speakers": "{event}: доповідачі «{title}» тепер {new} (були {old})",
        "program-reordered": "{event}: змінено порядок програми",
        "participants-added": "{event}: долучаються: {names}",
        "participants-removed": "{event}: більше не беруть участі: {names}",
        "members-added": "Делегація {name}: додано {names}",
        "members-removed": "Делегація {name}: вилучено {names}",
        "topic-added": "Нова тема: {title} ({status})",
        "topic-removed": "Тему видалено: {title}",
        "topic-status": "Тема {title}: {old} → {new}",
        "action-added": "Нове доручення: {title}{details}",
        "action-removed": "Доручення видалено: {title}",
        "action-done": "Виконано: {title}",
        "action-status": "Доручення {title}: {old} → {new}",
        "action-overdue": "Прострочено: {title} (термін {due})",
        "export-changed": "Змінено після останнього експорту: {title} — {when}",
        "export-new": "Ще не експортовано: {title} — {when}",
        "export-removed": "Видалено після останнього експорту, скасування ще не надіслано: {title}",
        "nobody": "ніхто",
        "none": "немає",
        "owner": "відповідальний",
        "due": "термін",
        "working-tree": "робоча копія",
        "last-export": "останній експорт",
    },
    "fr": {
        "plan-added": "Nouveau plan : {title}",
        "plan-removed": "Plan supprimé : {title}",
        "plan-renamed": "Fichier du plan renommé : {old} → {new}",
        "plan-unreadable": "Impossible de lire {file} à {revision} : corrigez-le avec `visitplan check`",
        "event-added": "Ajouté : {title} — {when}",
        "event-added.f": "Ajoutée : {title} — {when}",
        "event-removed": "Supprimé : {title} — {when}",
        "event-removed.f": "Supprimée : {title} — {when}",
        "event-cancelled": "Annulé : {title} — {when}",
        "event-cancelled.f": "Annulée : {title} — {when}",
        "event-reconfirmed": "De nouveau prévu ({new}) : {title} — {when}",
        "event-reconfirmed.f": "De nouveau prévue ({new}) : {title} — {when}",
        "event-status": "{title} : {old} → {new}",
        "event-moved": "{title} déplacé du {old} au {new}{others}",
        "event-moved.f": "{title} déplacée du {old} au {new}{others}",
        "event-duration": "{title} désormais {new} (avant : {old})",
        "event-place": "{title} : lieu changé de {old} à {new}",
        "event-link": "{title} : nouveau lien {new} (avant : {old})",
        "event-title": "Renommé : {old} → {new}",
        "event-title.f": "Renommée : {old} → {new}",
        "program-added": "{event} : ajout de « {title} » ({when})",
        "program-removed": "{event} : retrait de « {title} »",
        "program-moved": "{event} : « {title} » passe du {old} au {new}{others}",
        "program-speakers": "{event} : intervenants de « {title} » désormais {new} (avant : {old})",
        "program-reordered": "{event} : programme réordonné",
        "participants-added": "{event} : participe désormais : {names}",
        "participants-added.pl": "{event} : participent désormais : {names}",
        "participants-removed": "{event} : ne participe plus : {names}",
        "participants-removed.pl": "{event} : ne participent plus : {names}",
        "members-added": "Délégation {name} : {names} en fait désormais partie",
        "members-added.pl": "Délégation {name} : {names} en font désormais partie",
        "members-removed": "Délégation {name} : {names} n'en fait plus partie",
        "members-removed.pl": "Délégation {name} : {names} n'en font plus partie",
        "topic-added": "Nouveau thème : {title} ({status})",
        "topic-removed": "Thème supprimé : {title}",
        "topic-status": "Thème {title} : {old} → {new}",
        "action-added": "Nouvelle action : {title}{details}",
        "action-removed": "Action supprimée : {title}",
        "action-done": "Traitée : {title}",
        "action-status": "Action {title} : {old} → {new}",
        "action-overdue": "En retard : {title} (échéance {due})",
        "export-changed": "Modifié depuis le dernier export : {title} — {when}",
        "export-changed.f": "Modifiée depuis le dernier export : {title} — {when}",
        "export-new": "Pas encore exporté : {title} — {when}",
        "export-new.f": "Pas encore exportée : {title} — {when}",
        "export-removed": "Supprimé depuis le dernier export, annulation pas encore envoyée : {title}",
        "nobody": "personne",
        "none": "aucun",
        "owner": "responsable",
        "due": "échéance",
        "working-tree": "copie de travail",
        "last-export": "dernier export",
    },
}


_TEMPLATES["fr"] = typeset("fr", _TEMPLATES["fr"])


@dataclass(frozen=True)
class Change:
    kind: str
    text: str
    event: str | None = None
    item: str | None = None  # program item, topic or action id
    before: Any = None
    after: Any = None


@dataclass
class PlanChanges:
    plan: str  # plan id
    title: str
    file: str
    changes: list[Change] = field(default_factory=list)


class _Writer:
    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.code = ui_language(lang)
        self.words = Words(lang)  # the names of people and organizations, as views give them

    def say(self, key: str, kind: str | None = None, count: int = 1, /, **values: object) -> str:
        """The sentence ``key``, agreeing with the ``kind`` of what it is about (an event
        kind, ``action``) and with ``count`` of them."""
        return agreeing(_TEMPLATES[self.code], self.lang, key, kind, count).format(**values)

    def text(self, plan: Plan, value: Any) -> str:
        return plan.text(value, self.lang)

    def event_title(self, plan: Plan, event: Event) -> str:
        """The event's title, with its first day when another event of the plan has the
        same title (two "Bilateral online meeting"s are told apart)."""
        title = plan.text(event.title, self.lang)
        if any(e.id != event.id and plan.text(e.title, self.lang) == title for e in plan.events):
            return f"{title} ({short_date(event.when.first_day, self.lang)})"
        return title

    def names(self, plan: Plan, ids: Sequence[str]) -> str:
        if not ids:
            return self.say("nobody")
        return ", ".join(self.words.person(plan, p) for p in ids)

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


def compare(
    old: Sequence[LoadResult],
    new: Sequence[LoadResult],
    lang: str | None,
    today: date,
    old_name: str = "",
) -> list[PlanChanges]:
    """The changes from ``old`` to ``new``, plan by plan (in the new plans' order)."""
    writer = _Writer(lang)
    result: list[PlanChanges] = []
    unreadable: list[PlanChanges] = []
    old_plans: dict[str, tuple[str, Plan]] = {}
    for loaded in old:
        if loaded.plan is not None and loaded.plan.id:
            old_plans[loaded.plan.id] = (loaded.file, loaded.plan)
    seen: set[str] = set()
    for loaded in new:
        plan = loaded.plan
        if plan is None or not plan.id:
            entry = PlanChanges("", loaded.file, loaded.file)
            entry.changes.append(
                Change(
                    "plan-unreadable",
                    writer.say(
                        "plan-unreadable", file=loaded.file, revision=writer.say("working-tree")
                    ),
                )
            )
            unreadable.append(entry)
            continue
        seen.add(plan.id)
        entry = PlanChanges(plan.id, writer.text(plan, plan.title), loaded.file)
        if plan.id not in old_plans:
            entry.changes.append(Change("plan-added", writer.say("plan-added", title=entry.title)))
            result.append(entry)
            continue
        old_file, old_plan = old_plans[plan.id]
        if old_file != loaded.file:
            entry.changes.append(
                Change(
                    "plan-renamed",
                    writer.say("plan-renamed", old=old_file, new=loaded.file),
                    before=old_file,
                    after=loaded.file,
                )
            )
        entry.changes.extend(_plan_changes(writer, old_plan, plan, today))
        if entry.changes:
            result.append(entry)
    for plan_id, (old_file, old_plan) in old_plans.items():
        if plan_id not in seen:
            entry = PlanChanges(plan_id, writer.text(old_plan, old_plan.title), old_file)
            entry.changes.append(
                Change("plan-removed", writer.say("plan-removed", title=entry.title))
            )
            result.append(entry)
    return result + unreadable


def _plan_changes(w: _Writer, old: Plan, new: Plan, today: date) -> list[Change]:
    changes: list[Change] = []
    old_events = {e.id: e for e in old.events}
    for event in new.events:
        columns = default_columns(new, event, w.lang)
        title = w.event_title(new, event)
        before = old_events.get(event.id)
        if before is None:
            changes.append(
                Change(
                    "event-added",
                    w.say("event-added", event.kind, title=title, when=w.when(event.when, columns)),
                    event.id,
                )
            )
            continue
        changes.extend(_event_changes(w, old, new, before, event, columns))
    new_ids = {e.id for e in new.events}
    for event in old.events:
        if event.id not in new_ids:
            columns = default_columns(old, event, w.lang)
            changes.append(
                Change(
                    "event-removed",
                    w.say(
                        "event-removed",
                        event.kind,
                        title=w.event_title(old, event),
                        when=w.when(event.when, columns),
                    ),
                    event.id,
                )
            )
    changes.extend(_delegation_changes(w, old, new))
    changes.extend(_topic_changes(w, old, new))
    changes.extend(_action_changes(w, old, new, today))
    return changes


def _event_changes(
    w: _Writer, old_plan: Plan, plan: Plan, old: Event, new: Event, columns: Sequence[Column]
) -> list[Change]:
    changes: list[Change] = []
    title = w.event_title(plan, new)
    old_title = w.text(old_plan, old.title)
    if old_title != w.text(plan, new.title):
        changes.append(
            Change(
                "event-title",
                w.say("event-title", new.kind, old=old_title, new=w.text(plan, new.title)),
                new.id,
                before=old_title,
                after=title,
            )
        )
    if old.status != new.status:
        when = w.when(new.when, columns)
        if new.status == "cancelled":
            changes.append(
                Change(
                    "event-cancelled",
                    w.say("event-cancelled", new.kind, title=title, when=when),
                    new.id,
                    before=old.status,
                    after=new.status,
                )
            )
        elif old.status == "cancelled":
            changes.append(
                Change(
                    "event-reconfirmed",
                    w.say(
                        "event-reconfirmed",
                        new.kind,
                        title=title,
                        when=when,
                        new=w.status(new.status, new.kind),
                    ),
                    new.id,
                    before=old.status,
                    after=new.status,
                )
            )
        else:
            changes.append(
                Change(
                    "event-status",
                    w.say(
                        "event-status",
                        title=title,
                        old=w.status(old.status, new.kind),
                        new=w.status(new.status, new.kind),
                    ),
                    new.id,
                    before=old.status,
                    after=new.status,
                )
            )
    old_when, new_when = old.when, new.when
    if (
        old_when.start != new_when.start
        or old_when.all_day != new_when.all_day
        or old.zone != new.zone
    ):
        changes.append(
            Change(
                "event-moved",
                w.say(
                    "event-moved",
                    new.kind,
                    title=title,
                    old=w.when(old_when, columns),
                    new=w.when(new_when, columns),
                    others=w.others(old_when, new_when, columns),
                ),
                new.id,
                before=_when_json(old_when),
                after=_when_json(new_when),
            )
        )
    elif old_when.end != new_when.end:
        changes.append(
            Change(
                "event-duration",
                w.say(
                    "event-duration",
                    title=title,
                    old=w.when(old_when, columns),
                    new=w.when(new_when, columns),
                ),
                new.id,
                before=_when_json(old_when),
                after=_when_json(new_when),
            )
        )
    old_place, new_place = w.text(old_plan, old.location), w.text(plan, new.location)
    none = w.say("none")
    if old_place != new_place:
        shown = (old_place or none, new_place or none)
        changes.append(
            _replaced(w, "event-place", old_place, new_place, shown, new.id, title=title)
        )
    if old.url != new.url:
        shown = (old.url or none, new.url or none)
        changes.append(_replaced(w, "event-link", old.url, new.url, shown, new.id, title=title))
    changes.extend(_program_changes(w, old_plan, plan, old, new, columns))
    changes.extend(
        _joined_and_left(
            w, "participants", (old_plan, plan), everyone(old_plan, old), everyone(plan, new),
            new.id, event=title,
        )
    )  # fmt: skip
    return changes


def _item_key(item: ProgramItem, plan: Plan) -> str:
    return item.id or plan.text(item.title)


def _program_changes(
    w: _Writer, old_plan: Plan, plan: Plan, old: Event, new: Event, columns: Sequence[Column]
) -> list[Change]:
    changes: list[Change] = []
    event_title = w.event_title(plan, new)
    old_items = {_item_key(i, old_plan): i for i in old.program}
    new_items = {_item_key(i, plan): i for i in new.program}
    # items that moved with their event are not news: only a move of their own is
    event_shift = new.when.start - old.when.start
    for key, item in new_items.items():
        title = w.text(plan, item.title)
        before = old_items.get(key)
        if before is None:
            changes.append(
                Change(
                    "program-added",
                    w.say(
                        "program-added",
                        event=event_title,
                        title=title,
                        when=w.when(item.when, columns),
                    ),
                    new.id,
                    item.id,
                )
            )
            continue
        if item.when.start - before.when.start != event_shift:
            changes.append(
                Change(
                    "program-moved",
                    w.say(
                        "program-moved",
                        event=event_title,
                        title=title,
                        old=w.when(before.when, columns),
                        new=w.when(item.when, columns),
                        others=w.others(before.when, item.when, columns),
                    ),
                    new.id,
                    item.id,
                    before=_when_json(before.when),
                    after=_when_json(item.when),
                )
            )
        if before.speakers != item.speakers:
            changes.append(
                Change(
                    "program-speakers",
                    w.say(
                        "program-speakers",
                        event=event_title,
                        title=title,
                        old=w.names(old_plan, before.speakers),
                        new=w.names(plan, item.speakers),
                    ),
                    new.id,
                    item.id,
                    before=list(before.speakers),
                    after=list(item.speakers),
                )
            )
    for key, item in old_items.items():
        if key not in new_items:
            changes.append(
                Change(
                    "program-removed",
                    w.say("program-removed", event=event_title, title=w.text(old_plan, item.title)),
                    new.id,
                    item.id,
                )
            )
    kept_old = [k for k in old_items if k in new_items]
    kept_new = [k for k in new_items if k in old_items]
    moved = {c.item for c in changes if c.kind == "program-moved"}
    if kept_old != kept_new and not moved:
        changes.append(
            Change(
                "program-reordered",
                w.say("program-reordered", event=event_title),
                new.id,
                before=kept_old,
                after=kept_new,
            )
        )
    return changes


def _delegation_changes(w: _Writer, old: Plan, new: Plan) -> list[Change]:
    changes = []
    for delegation_id, delegation in new.delegations.items():
        before = old.delegations.get(delegation_id)
        if before is None:
            continue
        changes.extend(
            _joined_and_left(
                w, "members", (old, new), before.everyone, delegation.everyone,
                item_id=delegation_id, name=w.text(new, delegation.name),
            )
        )  # fmt: skip
    return changes


def _topic_changes(w: _Writer, old: Plan, new: Plan) -> list[Change]:
    changes = []
    before = {t.id: t for t in old.topics}
    for topic in new.topics:
        title = w.text(new, topic.title)
        was = before.get(topic.id)
        if was is None:
            changes.append(
                Change(
                    "topic-added",
                    w.say("topic-added", title=title, status=w.status(topic.status)),
                    item=topic.id,
                    after=topic.status,
                )
            )
        elif was.status != topic.status:
            shown = (w.status(was.status), w.status(topic.status))
            changes.append(
                _replaced(
                    w,
                    "topic-status",
                    was.status,
                    topic.status,
                    shown,
                    item_id=topic.id,
                    title=title,
                )
            )
    changes.extend(_removed(w, "topic-removed", old, old.topics, new.topics))
    return changes


def _action_changes(w: _Writer, old: Plan, new: Plan, today: date) -> list[Change]:
    changes = []
    before = {a.id: a for a in old.actions}
    for action in new.actions:
        title = w.text(new, action.title)
        was = before.get(action.id)
        if was is None:
            details = []
            if action.owner:
                name = w.words.party(new, action.owner)
                details.append(f"{w.say('owner')}{colon(w.lang)}{name}")
            if action.due:
                details.append(f"{w.say('due')} {action.due.isoformat()}")
            suffix = f" ({', '.join(details)})" if details else ""
            changes.append(
                Change(
                    "action-added",
                    w.say("action-added", title=title, details=suffix),
                    item=action.id,
                )
            )
        elif was.status != action.status:
            key = "action-done" if action.status == "done" else "action-status"
            shown = (w.status(was.status, "action"), w.status(action.status, "action"))
            changes.append(
                _replaced(w, key, was.status, action.status, shown, item_id=action.id, title=title)
            )
        if action.status == "open" and action.due is not None and action.due < today:
            was_overdue = was is not None and was.status == "open" and was.due == action.due
            if not was_overdue:
                changes.append(
                    Change(
                        "action-overdue",
                        w.say("action-overdue", title=title, due=action.due.isoformat()),
                        item=action.id,
                        after=action.due.isoformat(),
                    )
                )
    changes.extend(_removed(w, "action-removed", old, old.actions, new.actions))
    return changes


def _replaced(
    w: _Writer,
    kind: str,
    before: Any,
    after: Any,
    shown: tuple[str, str],
    event_id: str | None = None,
    item_id: str | None = None,
    **words: str,
) -> Change:
    """A value that changed: the sentence names it as ``shown`` (old, new)."""
    text = w.say(kind, old=shown[0], new=shown[1], **words)
    return Change(kind, text, event_id, item_id, before, after)


def _joined_and_left(
    w: _Writer,
    kind: str,
    plans: tuple[Plan, Plan],
    before: Sequence[str],
    after: Sequence[str],
    event_id: str | None = None,
    item_id: str | None = None,
    **words: str,
) -> list[Change]:
    """``<kind>-added`` and ``<kind>-removed`` for the people who joined or left a list
    (named from the new plan and the old one)."""
    added = [p for p in after if p not in before]
    removed = [p for p in before if p not in after]
    changes = []
    if added:
        text = w.say(f"{kind}-added", None, len(added), names=w.names(plans[1], added), **words)
        changes.append(Change(f"{kind}-added", text, event_id, item_id, after=added))
    if removed:
        text = w.say(
            f"{kind}-removed", None, len(removed), names=w.names(plans[0], removed), **words
        )
        changes.append(Change(f"{kind}-removed", text, event_id, item_id, before=removed))
    return changes


def _removed(
    w: _Writer,
    kind: str,
    old: Plan,
    before: Sequence[Topic | Action],
    after: Sequence[Topic | Action],
) -> list[Change]:
    """A change for each topic or action that ``after`` no longer has."""
    kept = {entry.id for entry in after}
    return [
        Change(kind, w.say(kind, title=w.text(old, entry.title)), item=entry.id)
        for entry in before
        if entry.id not in kept
    ]


def _when_json(when: When) -> dict[str, Any]:
    if when.all_day:
        return {
            "all_day": True,
            "start": when.first_day.isoformat(),
            "end": when.last_day.isoformat(),
            "timezone": when.zone.key,
        }
    return {
        "all_day": False,
        "start": when.start.isoformat(),
        "end": when.end.isoformat() if when.end else None,
        "timezone": when.zone.key,
    }


# --------------------------------------------------------------------------- since export


def since_export(plans: Sequence[Plan], lang: str | None) -> list[PlanChanges]:
    """What participants have not received yet: entries changed, added or removed since
    each plan's last export (from its export state)."""
    from pathlib import Path

    from visitplan.ical.entries import plan_items
    from visitplan.ical.fingerprints import Fingerprints
    from visitplan.workspace.export_state import read_state
    from visitplan.workspace.plans import state_path

    writer = _Writer(lang)
    result = []
    for plan in plans:
        state = read_state(state_path(Path(plan.source)))
        entry = PlanChanges(plan.id, writer.text(plan, plan.title), plan.source)
        items = plan_items(plan, todos=any("/action:" in uid for uid in state))
        prints = Fingerprints(plan)
        for item in items:
            prior = state.get(item.uid)
            source = item.program or item.event
            kind = "action" if item.event is None else (None if item.program else item.event.kind)
            if source is not None:
                columns = default_columns(plan, item.event, lang) if item.event else ()
                when = writer.when(source.when, columns)
                title = writer.text(plan, source.title)
            else:
                assert item.action is not None
                when = item.action.due.isoformat() if item.action.due else ""
                title = writer.text(plan, item.action.title)
            if prior is None:
                entry.changes.append(
                    Change(
                        "export-new",
                        writer.say("export-new", kind, title=title, when=when),
                        item=item.uid,
                    )
                )
            elif prior.cancelled or not prints.matches(item, prior.fingerprint):
                entry.changes.append(
                    Change(
                        "export-changed",
                        writer.say("export-changed", kind, title=title, when=when),
                        item=item.uid,
                    )
                )
        uids = {item.uid for item in items}
        for uid, prior in sorted(state.items()):
            if uid not in uids and not prior.cancelled:
                entry.changes.append(
                    Change(
                        "export-removed",
                        writer.say("export-removed", title=prior.summary),
                        item=uid,
                    )
                )
        if entry.changes:
            result.append(entry)
    return result


# --------------------------------------------------------------------------- output


def changes_text(found: Sequence[PlanChanges], revisions: str, console: Console) -> None:
    """The changes as the other views print text: wrapped to the console's width at
    spaces, each change a ``-`` item whose further lines are indented under its text."""
    printer = Printer(console)
    for number, entry in enumerate(found):
        if number:
            printer.print()
        heading = f"{entry.title} ({entry.file}) — {revisions}" if entry.plan else entry.file
        printer.text(RichText(heading, style="bold"), 0)
        for change in entry.changes:
            printer.text(RichText(f"- {change.text}"), 2, rest=4)
    printer.flush()


def revision_name(name: str, lang: str | None) -> str:
    """A side of the comparison for people: "working tree" and "last export" in the
    output language, a git revision as it is."""
    keys = {"working tree": "working-tree", "last export": "last-export"}
    return _Writer(lang).say(keys[name]) if name in keys else name


_MD_SPECIAL = set("\\`*_[]<>|~&!#")


def md_escape(text: str) -> str:
    """``text`` as Markdown that CommonMark shows as that text: a backslash before each
    character that could start emphasis, code, a link, HTML, an entity or a table cell,
    and before a ``-``, ``+``, ``=`` or ``N.``/``N)`` that would start a list or a heading
    at the start; line breaks as spaces."""
    text = " ".join(text.split("\n"))
    out = "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
    lead = re.match(r"(\s*)([-+=]|\d{1,9}(?=[.)]))", out)
    if lead:
        if lead.group(2)[0].isdigit():
            end = lead.end()
            out = out[:end] + "\\" + out[end:]
        else:
            out = out[: lead.start(2)] + "\\" + out[lead.start(2) :]
    return out


def changes_markdown(found: Sequence[PlanChanges], revisions: str) -> str:
    if not found:
        return ""
    out = []
    for entry in found:
        out += [f"### {md_escape(entry.title)}", "", f"`{entry.file}` — {md_escape(revisions)}", ""]
        out.extend(f"- {md_escape(change.text)}" for change in entry.changes)
        out.append("")
    return "\n".join(out)


def changes_json(found: Sequence[PlanChanges], old: str, new: str) -> str:
    import json

    document = {
        "from": old,
        "to": new,
        "plans": [
            {
                "plan": entry.plan or None,
                "title": entry.title,
                "file": entry.file,
                "changes": [
                    {
                        "kind": c.kind,
                        "event": c.event,
                        "item": c.item,
                        "text": c.text,
                        "before": c.before,
                        "after": c.after,
                    }
                    for c in entry.changes
                ],
            }
            for entry in found
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
