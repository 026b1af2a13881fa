"""Keeping a program in time order after `set` changes an item's start: the item's
block (its lines and the comment block directly above it, as `remove` takes them) moves
to where `add program` would put it, every other byte kept."""

from __future__ import annotations

import re

from visitplan.editing.document import (
    Document,
    Edit,
    apply_edits,
    comment_block_start,
    lead_newline,
    load_raw,
    subtree_end,
)
from visitplan.editing.entries import first_later_item
from visitplan.editing.removing import entry_edit

_ITEM = re.compile(r"(events\[(\d+)\])\.program\[(\d+)\]")


def in_time_order(doc: Document, path: str) -> str:
    """The text with the program item at ``path`` (``events[1].program[3]``) at its place
    in time: before the first other item that starts later (above that item's
    comments), else last. Unchanged if it is there already."""
    match = _ITEM.fullmatch(path)
    if match is None:
        return doc.text
    event_path, index, number = match.group(1), int(match.group(2)), int(match.group(3))
    event = load_raw(doc)["events"][index]
    program = event.get("program", [])
    later = first_later_item(event, program[number].get("start"), skip=number)
    if later == number + 1 or (later is None and number == len(program) - 1):
        return doc.text
    text, layout = doc.text, doc.layout
    header = next((h for h in layout.headers if h.path == path), None)
    if header is None:  # not a table of its own: left where it is
        return doc.text
    start = comment_block_start(text, header.start)
    block = text[start : min(subtree_end(doc, layout, path), len(text))]
    block += lead_newline(block, len(block), doc.newline)
    taken = entry_edit(doc, path)
    if later is not None:
        target = next(h for h in layout.headers if h.path == f"{event_path}.program[{later}]")
        offset = comment_block_start(text, target.start)
        put = Edit(offset, offset, block + doc.newline)
    else:
        offset = subtree_end(doc, layout, event_path)
        put = Edit(offset, offset, lead_newline(text, offset, doc.newline) + doc.newline + block)
    return apply_edits(text, [taken, put])
