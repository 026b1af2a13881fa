"""The clean plan `visitplan new` makes from a template: the plan's own fields and its
first event (its id, kind, title, dates and zone), without the template's example
organizations, people, delegations, program, topics and actions, and without the
comments that describe them or their values.

A template starts with one line saying what it is for; the comment lines after it speak
of the examples, and are replaced by one line saying how to go on."""

from __future__ import annotations

import re
from pathlib import Path

from visitplan.editing.creating import strip_value_comments
from visitplan.editing.document import (
    Document,
    Edit,
    apply_edits,
    comment_block_start,
    line_end,
    line_start,
    load_raw,
    subtree_end,
)
from visitplan.editing.removing import remove_entry

# Fields of the first event that only make sense with the template's examples.
_EXAMPLE_EVENT_FIELDS = ("location", "url", "host", "delegations", "participants", "topics")
_NEXT_STEP = (
    "# Add entries with `visitplan add`, and run `visitplan check` after each change.\n"
    "# Reference: docs/plan-format.md"
)


def _doc(path: Path, text: str) -> Document:
    return Document(path, b"", text, False)


def without_examples(path: Path, text: str) -> str:
    """``text`` (a template) without its example entries and what describes them."""
    raw = load_raw(_doc(path, text))
    removals: list[tuple[str, str]] = []
    for key, kind in (("actions", "action"), ("topics", "topic")):
        removals += [(kind, entry["id"]) for entry in raw.get(key, []) if "id" in entry]
    for key, kind in (
        ("delegations", "delegation"),
        ("people", "person"),
        ("organizations", "org"),
    ):
        removals += [(kind, entry_id) for entry_id in raw.get(key, {})]
    for entry in raw.get("events", [])[1:]:
        removals.append(("event", entry["id"]))
    for kind, entry_id in removals:
        text = remove_entry(_doc(path, text), kind, entry_id, with_references=True).text
    while load_raw(_doc(path, text)).get("events", [{}])[0].get("program"):
        text = _drop_first_item(path, text)
    doc = _doc(path, text)
    statements = doc.layout.statements
    edits = []
    for name in _EXAMPLE_EVENT_FIELDS:
        field = f"events[0].{name}"
        for key, statement in statements.items():
            if key == field or key.startswith(field + "."):
                start = line_start(text, statement.start)
                edits.append(Edit(start, line_end(text, statement.value_end), ""))
    text = strip_value_comments(_doc(path, apply_edits(text, edits)), ("start", "end"))
    return _head_comment(_trailing_comments_dropped(text))


def _drop_first_item(path: Path, text: str) -> str:
    doc = _doc(path, text)
    header = next(h for h in doc.layout.headers if h.path == "events[0].program[0]")
    event = load_raw(doc)["events"][0]
    item = event["program"][0]
    if "id" in item:
        return remove_entry(doc, "program", f"{event['id']}/{item['id']}", True).text
    # an item without an id: from its comments to the next header, as remove does
    start = comment_block_start(text, header.start)
    end = min(subtree_end(doc, doc.layout, "events[0].program[0]"), len(text))
    while end < len(text) and not text[end : line_end(text, end)].strip():
        end = line_end(text, end)
    return text[:start] + text[end:]


def _trailing_comments_dropped(text: str) -> str:
    """Without comment lines at the end of the file (an example left commented out)."""
    lines = text.split("\n")
    last = len(lines)
    while last > 0 and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    return "\n".join(lines[:last]) + "\n"


def _head_comment(text: str) -> str:
    """The template's first comment block: its schema line and first sentence kept, the
    rest (how to copy the file and replace the examples) replaced by the next step."""
    lines = text.split("\n")
    end = 0
    while end < len(lines) and lines[end].startswith("#"):
        end += 1
    head = [line for line in lines[:end] if line.startswith("#:")]
    described = [line for line in lines[:end] if not line.startswith("#:")]
    if described:
        first = re.split(r"(?<=\.)\s", described[0], maxsplit=1)[0]
        head.append(first)
    head.append(_NEXT_STEP)
    return "\n".join(head + lines[end:])
