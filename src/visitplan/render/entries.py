"""The entries of a plan as terminal text and as markdown: one event (``show``), the
topics, the actions and the people."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from rich.console import Console
from rich.text import Text

from visitplan.i18n import long_date, short_date
from visitplan.plan.model import Plan, ProgramItem
from visitplan.render.agenda import program_grid
from visitplan.render.markdown import md_table
from visitplan.render.phrases import holidays_text, times_text
from visitplan.render.printer import Grid, Printer, Words, printing
from visitplan.render.styles import ACTION_STATUS_STYLE, KIND_STYLE
from visitplan.views.agenda import Span, spans, status_mark

if TYPE_CHECKING:
    from visitplan.views.entries import ActionView, EventView, PersonView, TopicView


def show_text(view: EventView, words: Words, console: Console) -> None:
    with printing(console) as printer:
        _show_text(view, words, printer)


def _show_text(view: EventView, words: Words, console: Printer) -> None:
    plan, event = view.plan, view.event
    when = event.when
    title = Text(words.text(plan, event.title), style="bold strike" if event.cancelled else "bold")
    title.append(
        f"  [{words.label(event.kind)} · {words.agreeing(event.status, event.kind)}]",
        style=KIND_STYLE[event.kind],
    )
    console.text(title, 0)
    console.text(Text(f"{plan.id} / {event.id}", style="dim"), 0)
    console.print()
    for key, value in _show_facts(view, words):
        line = Text(words.key(key), style="bold")
        line.append(value)
        console.text(line, 0)
    if event.program:
        console.print()
        console.print(Text(words.label("program"), style="bold underline"))
        items = []
        for item, day, times in _program(view):
            prefix = f"{short_date(day, words.lang)}  " if when.days > 1 else ""
            items.append((prefix + times_text(times, day), item))
        console.grid(program_grid(plan, items, words, 2))
    if view.groups:
        console.print()
        console.print(Text(words.label("participants-title"), style="bold underline"))
        for group, members in view.groups:
            console.text(Text(_group_name(group, plan, words), style="bold"), 2)
            for person_id in members:
                only = view.only.get(person_id, ())
                console.text(Text(_person_line(plan, person_id, words, group, only)), 4)
    if view.actions:
        console.print()
        console.print(Text(words.label("actions"), style="bold underline"))
        for action in view.actions:
            console.text(Text(_action_line(plan, action, words)), 2)


def _program(view: EventView) -> list[tuple[ProgramItem, date, tuple[Span, ...]]]:
    """The event's program items in order, each with its day (in the event's zone) and
    its times in every column (text and markdown)."""
    event = view.event
    return [
        (
            item,
            item.when.start.astimezone(event.zone).date(),
            spans(view.columns, item.when.start, item.when.end),
        )
        for item in event.schedule
    ]


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
    out += md_table(
        [words.label("details"), ""], [[k.strip(), v] for k, v in _show_facts(view, words)]
    )
    if event.program:
        out += ["", f"### {words.label('program')}", ""]
        header = [c.label for c in view.columns] + [words.label("title"), words.label("speakers")]
        rows = []
        for item, day, spanned in _program(view):
            times = [s.text(day) for s in spanned]
            if event.when.days > 1:
                times[0] = f"{short_date(day, words.lang)} {times[0]}"
            speakers = ", ".join(words.person(plan, s) for s in item.speakers)
            rows.append(
                [*times, words.text(plan, item.title) + status_mark(item, words.lang), speakers]
            )
        out += md_table(header, rows)
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
        out += md_table(
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


def topics_text(views: Sequence[TopicView], words: Words, console: Console) -> None:
    _listing(views, words, console, _topics_text)


def _topics_text(views: Sequence[TopicView], words: Words, console: Printer) -> None:
    for view in views:
        plan, topic = view.plan, view.topic
        line = Text(f"[{words.label(topic.status)}] ", style="bold")
        line.append(words.text(plan, topic.title), style="bold")
        line.append(f"  ({topic.id})", style="dim")
        console.text(line, 0)
        for key, value in _topic_facts(view, words):
            style = "bold red" if value == words.label("not-covered") else ""
            console.text(Text(words.key(key) + value, style=style), 4)


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
    return "\n".join(md_table(header, rows)) + "\n"


def actions_text(views: Sequence[ActionView], words: Words, console: Console) -> None:
    _listing(views, words, console, _actions_text)


_ACTION_COLUMNS = ("due", "status", "title", "owner", "requested-by", "from-event")


def _action_cells(view: ActionView, words: Words) -> list[str]:
    """An action's ``_ACTION_COLUMNS``, ``""`` where it has none (text and markdown)."""
    plan, action = view.plan, view.action
    return [
        action.due.isoformat() if action.due else "",
        words.agreeing(action.status, "action"),
        words.text(plan, action.title),
        words.party(plan, action.owner),
        words.party(plan, action.requested_by),
        action.event or "",
    ]


def _actions_text(views: Sequence[ActionView], words: Words, console: Printer) -> None:
    rows: list[tuple[Text, Text]] = []
    for view in views:
        due, status, title, *more = _action_cells(view, words)
        mark_style, title_style = ACTION_STATUS_STYLE[view.action.status]
        line = Text(f"[{status}] ", style=mark_style)
        line.append(title, style=title_style)
        if view.overdue:
            line.append(f" ({words.label('overdue')})", style="bold red")
        details = [
            words.key(words.label(key)) + value
            for key, value in zip(_ACTION_COLUMNS[3:], more, strict=True)
            if value
        ]
        if details:
            line.append("\n" + " · ".join(details), style="dim")
        rows.append((Text(due or "—", style="bold red" if view.overdue else "bold"), line))
    console.grid(Grid(rows, 0))


def actions_markdown(views: Sequence[ActionView], words: Words) -> str:
    rows = []
    for view in views:
        due, *rest = _action_cells(view, words)
        if view.overdue:
            due = f"**{due} ({words.label('overdue')})**"
        rows.append([due, *rest])
    header = [words.label(k) for k in _ACTION_COLUMNS]
    return "\n".join(md_table(header, rows)) + "\n"


def people_text(views: Sequence[PersonView], words: Words, console: Console) -> None:
    _listing(views, words, console, _people_text)


def _people_text(views: Sequence[PersonView], words: Words, console: Printer) -> None:
    for view in views:
        plan, person = view.plan, view.person
        line = Text(words.person(plan, person.id), style="bold")
        line.append(f"  ({person.id})", style="dim")
        console.text(line, 0)
        for key, value in _person_facts(view, words):
            console.text(Text(words.key(key) + value), 4)


_PERSON_COLUMNS = ("organization", "role", "email", "phone")


def _person_cells(view: PersonView, words: Words) -> list[str]:
    """A person's ``_PERSON_COLUMNS``, ``""`` where they have none (text and markdown)."""
    plan, person = view.plan, view.person
    org = plan.organizations.get(person.organization or "")
    return [
        words.text(plan, org.name) if org else (person.organization or ""),
        words.text(plan, person.role),
        person.email or "",
        person.phone or "",
    ]


def _person_facts(view: PersonView, words: Words) -> list[tuple[str, str]]:
    facts = []
    others = [s for s in view.spellings() if s != words.person(view.plan, view.person.id)]
    if others:
        facts.append((words.label("spellings"), " / ".join(others)))
    cells = zip(_PERSON_COLUMNS, _person_cells(view, words), strict=True)
    facts.extend((words.label(key), value) for key, value in cells if value)
    return facts


def people_markdown(views: Sequence[PersonView], words: Words) -> str:
    rows = [[" / ".join(view.spellings()), *_person_cells(view, words)] for view in views]
    header = [words.label(k) for k in ("name", *_PERSON_COLUMNS)]
    return "\n".join(md_table(header, rows)) + "\n"


_View = TypeVar("_View")


def _listing(
    views: Sequence[_View],
    words: Words,
    console: Console,
    draw: Callable[[Sequence[_View], Words, Printer], None],
) -> None:
    """A listing (topics, actions, people) on ``console``: ``draw`` the views, or say
    that there is nothing."""
    with printing(console) as printer:
        if views:
            draw(views, words, printer)
        else:
            printer.print(words.label("nothing"))
