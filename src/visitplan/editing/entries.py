"""The entries of a plan, as the commands name them: the kinds (``org``, ``person``,
``delegation``, ``event``, ``program``, ``topic``, ``action``), finding an entry's key
path by its id (:func:`entry_path`), and adding new entries where a person would put
them (:func:`add_entry`, :func:`add_entries`: after the last entry of their kind, a
program item in time order, the first of a kind before the kinds that follow it)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from visitplan.editing.document import (
    Document,
    comment_block_start,
    content_end,
    lead_newline,
    load_raw,
    subtree_end,
)
from visitplan.editing.values import render_fields
from visitplan.errors import UsageError
from visitplan.plan import fields as F
from visitplan.plan.locate import Layout
from visitplan.plan.values import Value
from visitplan.plan.wording import slugify, suggest

# Kinds of things a plan holds, as named on the command line.
KINDS: dict[str, F.Section] = {
    "org": F.ORGANIZATION,
    "person": F.PERSON,
    "delegation": F.DELEGATION,
    "event": F.EVENT,
    "program": F.PROGRAM,
    "topic": F.TOPIC,
    "action": F.ACTION,
}
_DIRECTORY_KEY = {"org": "organizations", "person": "people", "delegation": "delegations"}
_LIST_KEY = {"event": "events", "topic": "topics", "action": "actions"}


def add_entry(
    doc: Document,
    kind: str,
    values: Mapping[str, Value],
    entry_id: str | None,
    event_id: str | None = None,
) -> str:
    """The text with a new organization, person, delegation, event, program item, topic or
    action added where a person would put it."""
    if kind != "program":
        return add_entries(doc, kind, [(values, entry_id, ())])
    text, layout, newline = doc.text, doc.layout, doc.newline
    _check_id(values.get("id"))
    plan_raw = load_raw(doc)
    assert event_id is not None
    index = _event_index(plan_raw, event_id, doc)
    program = plan_raw["events"][index].get("program", [])
    item_id = values.get("id")
    if item_id is not None and any(p.get("id") == item_id for p in program):
        raise UsageError(f'program item "{item_id}" already exists in event "{event_id}"')
    block = _block(kind, values, _program_indent(layout), "[[events.program]]", newline)
    later = first_later_item(plan_raw["events"][index], values.get("start"))
    if later is not None:  # before the first item that starts later, and its comments
        header = next(h for h in layout.headers if h.path == f"events[{index}].program[{later}]")
        offset = comment_block_start(text, header.start)
        return text[:offset] + block + newline + text[offset:]
    offset = subtree_end(doc, layout, f"events[{index}]")
    lead = lead_newline(text, offset, newline)
    return text[:offset] + lead + newline + block + text[offset:]


def first_later_item(
    event: Mapping[str, Any], start: object, skip: int | None = None
) -> int | None:
    """The index of the first program item of ``event`` (other than the one at ``skip``)
    that starts after ``start`` (None: the new item goes last). Times alone are on the
    event's first day."""

    def moment(value: object) -> datetime | None:
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, date):
            return datetime.combine(value, time())
        if isinstance(value, time):
            first = event.get("start")
            day = first.date() if isinstance(first, datetime) else first
            return datetime.combine(day, value) if isinstance(day, date) else None
        return None

    new = moment(start)
    if new is None:
        return None
    program = event.get("program", [])
    for number, item in enumerate(program if isinstance(program, list) else []):
        old = moment(item.get("start")) if isinstance(item, dict) else None
        if old is not None and old > new and number != skip:
            return number
    return None


NewEntry = tuple[Mapping[str, Value], str | None, Sequence[Mapping[str, Value]]]
"""An entry's values, its id for a directory kind (organization, person, delegation),
and the program items of a new event."""


def add_entries(doc: Document, kind: str, entries: Sequence[NewEntry]) -> str:
    """The text with new entries of one kind (all but program items; each new event with
    its program items) added together where `add_entry` puts one: one pass over the
    file, however many there are."""
    text, layout, newline = doc.text, doc.layout, doc.newline
    if not entries:
        return text
    plan_raw = load_raw(doc)
    blocks = []
    if kind in _DIRECTORY_KEY:
        key = _DIRECTORY_KEY[kind]
        taken = set(plan_raw.get(key, {}))
        existing = [h for h in layout.headers if h.path.startswith(key + ".")]
    else:
        key = _LIST_KEY[kind]
        taken = {entry.get("id") for entry in plan_raw.get(key, [])}
        existing = [h for h in layout.headers if re.fullmatch(rf"{key}\[\d+\]", h.path)]
    program_indent = _program_indent(layout)
    for values, entry_id, program in entries:
        new_id = entry_id if kind in _DIRECTORY_KEY else values.get("id")
        _check_id(new_id)
        if kind in _DIRECTORY_KEY and entry_id is None:
            raise UsageError(f"give the new {kind}'s id")
        if new_id in taken:
            raise UsageError(f'{kind} "{new_id}" already exists in {doc.path.as_posix()}')
        taken.add(new_id)
        header = f"[{key}.{entry_id}]" if kind in _DIRECTORY_KEY else f"[[{key}]]"
        parts = [_block(kind, values, "", header, newline)]
        seen: set[object] = set()
        for item in program:
            item_id = item.get("id")
            if item_id is not None and item_id in seen:
                raise UsageError(f'program item "{item_id}" already exists in event "{new_id}"')
            seen.add(item_id)
            parts.append(_block("program", item, program_indent, "[[events.program]]", newline))
        blocks.append(newline.join(parts))
    block = newline.join(blocks)
    anchor = existing[-1].path if existing else None
    if anchor is None:
        offset = _new_section_offset(doc, layout, kind)
        lead = lead_newline(text, offset, newline)
        spacer = newline if offset > 0 else ""
        # a blank line before what follows, unless one is there already
        trail = newline if offset < len(text) and not text.startswith(newline, offset) else ""
        return text[:offset] + lead + spacer + block + trail + text[offset:]
    offset = subtree_end(doc, layout, anchor)
    lead = lead_newline(text, offset, newline)
    return text[:offset] + lead + newline + block + text[offset:]


def _check_id(new_id: object) -> None:
    if new_id is not None and (not isinstance(new_id, str) or not F.SLUG_RE.fullmatch(new_id)):
        raise UsageError(
            f'"{new_id}" is not a valid id',
            f'ids use lower-case letters, digits and hyphens, e.g. "{slugify(str(new_id))}"',
        )


def _program_indent(layout: Layout) -> str:
    others = [h for h in layout.headers if re.fullmatch(r"events\[\d+\]\.program\[\d+\]", h.path)]
    return others[0].indent if others else "  "


def _block(kind: str, values: Mapping[str, Value], indent: str, header: str, newline: str) -> str:
    order = {spec.name: number for number, spec in enumerate(KINDS[kind].fields)}
    ordered = dict(sorted(values.items(), key=lambda item: order.get(item[0], len(order))))
    return f"{indent}{header}{newline}" + render_fields(ordered, indent, newline)


_SECTION_ORDER = ["org", "person", "delegation", "event", "topic", "action"]


def _new_section_offset(doc: Document, layout: Layout, kind: str) -> int:
    """Where the first entry of a kind goes: before the first table of a later kind
    (and the comments just above it), else at the end of the file."""
    later = _SECTION_ORDER[_SECTION_ORDER.index(kind) + 1 :]
    prefixes = [_DIRECTORY_KEY.get(k, _LIST_KEY.get(k, "")) for k in later]
    for header in layout.headers:
        if any(
            header.path.startswith(p + ".") or header.path.startswith(p + "[") for p in prefixes
        ):
            return content_end(doc.text, header.start)
    return len(doc.text)


def _event_index(plan_raw: Mapping[str, Any], event_id: str, doc: Document) -> int:
    events = plan_raw.get("events", [])
    assert isinstance(events, list)
    found = _index_of(events, event_id)
    if found is not None:
        return found
    near = suggest(event_id, [e.get("id", "") for e in events])
    raise UsageError(
        f'no event "{event_id}" in {doc.path.as_posix()}',
        f'did you mean "{near}"?' if near else "see `visitplan agenda --all`",
    )


def entry_path(doc: Document, kind: str, entry_id: str) -> str:
    """The key path of an existing entry: ``people.henou``, ``events[2]``,
    ``events[1].program[0]`` (for ``EVENT-ID/ITEM-ID``)."""
    plan_raw = load_raw(doc)
    if kind in _DIRECTORY_KEY:
        key = _DIRECTORY_KEY[kind]
        table = plan_raw.get(key, {})
        assert isinstance(table, dict)
        if entry_id not in table:
            raise UsageError(
                f'no {kind} "{entry_id}" in {doc.path.as_posix()}',
                _missing_hint(kind, entry_id, suggest(entry_id, table), doc.path.as_posix()),
            )
        return f"{key}.{entry_id}"
    if kind == "program":
        event_id, _, item_id = entry_id.partition("/")
        if not item_id:
            raise UsageError(
                "name a program item as EVENT-ID/ITEM-ID (or ITEM-ID --event EVENT-ID)",
                f"e.g. {_item_example(plan_raw, event_id)}",
            )
        index = _event_index(plan_raw, event_id, doc)
        program = plan_raw["events"][index].get("program", [])
        number = _index_of(program, item_id)
        if number is not None:
            return f"events[{index}].program[{number}]"
        near = suggest(item_id, [item.get("id", "") for item in program])
        raise UsageError(
            f'no program item "{item_id}" in event "{event_id}"',
            f'did you mean "{event_id}/{near}"?' if near else "",
        )
    key = _LIST_KEY[kind]
    entries = plan_raw.get(key, [])
    assert isinstance(entries, list)
    found = _index_of(entries, entry_id)
    if found is not None:
        return f"{key}[{found}]"
    near = suggest(entry_id, [e.get("id", "") for e in entries])
    raise UsageError(
        f'no {kind} "{entry_id}" in {doc.path.as_posix()}',
        _missing_hint(kind, entry_id, near, doc.path.as_posix()),
    )


def _item_example(plan_raw: Mapping[str, Any], item_id: str) -> str:
    """A program item's EVENT-ID/ITEM-ID in this plan: of the item ``item_id`` (or the
    one nearest to it) if there is one, else of its first item."""
    found = {
        str(item.get("id")): f"{event.get('id')}/{item.get('id')}"
        for event in reversed(plan_raw.get("events", []))
        for item in reversed(event.get("program", []))
        if item.get("id")
    }
    near = item_id if item_id in found else suggest(item_id, list(found))
    if near:
        return found[near]
    return next(reversed(found.values()), "EVENT-ID/ITEM-ID")


def _missing_hint(kind: str, entry_id: str, near: str | None, plan: str) -> str:
    """What to do about an id that names no entry of ``kind``: for an
    ``EVENT-ID/ITEM-ID`` where an event was asked for, how program items are changed;
    else the near one, or how to add one."""
    if kind == "event" and "/" in entry_id:
        return (
            f'"{entry_id}" names a program item: move moves whole events; give the item '
            f"its new time with `visitplan set program {entry_id} --plan {shlex.quote(plan)} "
            "--start TIME --end TIME` (TIME: 15:00 in a one-day event, else 2024-06-04T15:00)"
        )
    if near:
        return f'did you mean "{near}"?'
    return f"add it with `visitplan add {kind}`"


def _index_of(entries: list[Any], entry_id: str) -> int | None:
    """The place of the entry with ``entry_id`` in a list of tables, if it is there."""
    return next((n for n, entry in enumerate(entries) if entry.get("id") == entry_id), None)
