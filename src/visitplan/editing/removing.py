"""Removing an entry from a plan: what refers to it, and the text without it.

An entry's own lines go (its header, its keys, its sub-tables and program) with the
comment block directly above its header; nothing else, unless the references to it are
to go too: a reference alone on its line (``lead = "x"``) loses that line, an id in a
list (``members = ["x", "y"]``) is taken out of the list, the list's layout kept; a list
the format does not require that would be left empty (``speakers = ["x"]``) loses its
line, as if it had never been written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

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
from visitplan.editing.entries import entry_path
from visitplan.errors import VisitplanError
from visitplan.plan import fields as F
from visitplan.plan.locate import find_line

# What a reference field names (Field.ref) for each kind of entry.
_TARGETS = {
    "org": {"organization", "party"},
    "person": {"person", "party"},
    "delegation": {"delegation"},
    "event": {"event"},
    "topic": {"topic"},
}


@dataclass(frozen=True)
class Reference:
    """One place that names the entry (``events[0].program[1].speakers[0]``) and its line."""

    path: str  # key path of the reference itself (an element of a list: with its index)
    field_path: str  # key path of the field holding it
    line: int | None
    in_list: bool
    whole: bool = False  # the optional list holds nothing else: its line goes

    def render(self, file: str) -> str:
        where = file if self.line is None else f"{file}:{self.line}"
        return f"{where}: {self.path}"


def _tables(raw: Mapping[str, Any]) -> Iterator[tuple[F.Section, str, Mapping[str, Any]]]:
    """Every table of the plan with its section and key path."""
    yield F.PLAN, "", raw
    for section, key in (
        (F.ORGANIZATION, "organizations"),
        (F.PERSON, "people"),
        (F.DELEGATION, "delegations"),
    ):
        table = raw.get(key, {})
        if isinstance(table, dict):
            for entry_id, entry in table.items():
                if isinstance(entry, dict):
                    yield section, f"{key}.{entry_id}", entry
    for section, key in ((F.EVENT, "events"), (F.TOPIC, "topics"), (F.ACTION, "actions")):
        entries = raw.get(key, [])
        for number, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            yield section, f"{key}[{number}]", entry
            program = entry.get("program", []) if section is F.EVENT else []
            for item_number, item in enumerate(program if isinstance(program, list) else []):
                if isinstance(item, dict):
                    yield F.PROGRAM, f"{key}[{number}].program[{item_number}]", item


def references(doc: Document, kind: str, entry_id: str) -> list[Reference]:
    """Every place in the plan that names the ``kind`` entry ``entry_id``, in file order."""
    targets = _TARGETS.get(kind)
    if not targets:
        return []
    raw = load_raw(doc)
    lines = doc.layout.lines
    found = []
    for section, path, table in _tables(raw):
        for spec in section.fields:
            if spec.ref not in targets or spec.name not in table:
                continue
            value = table[spec.name]
            field_path = f"{path}.{spec.name}" if path else spec.name
            if spec.kind == "ref" and value == entry_id:
                found.append(Reference(field_path, field_path, find_line(lines, field_path), False))
            elif spec.kind == "refs" and isinstance(value, list):
                whole = not spec.required and all(item == entry_id for item in value)
                for number, item in enumerate(value):
                    if item == entry_id:
                        item_path = f"{field_path}[{number}]"
                        line = find_line(lines, item_path)
                        found.append(Reference(item_path, field_path, line, True, whole))
    return sorted(found, key=lambda r: (r.line or 0, r.path))


class StillReferenced(VisitplanError):
    """The entry is named elsewhere in the plan: nothing was written."""

    def __init__(self, file: str, what: str, found: list[Reference]) -> None:
        count = len(found)
        super().__init__(
            f"not removed: {what} is still named in {count} place{'s' if count != 1 else ''} "
            f"of {file}",
            "change those first, or remove them with it: --with-references",
        )
        self.lines = [reference.render(file) for reference in found]

    def details(self) -> list[str]:
        return self.lines


def _is_blank_line(text: str, start: int) -> bool:
    return start < len(text) and not text[start : line_end(text, start)].strip()


def entry_edit(doc: Document, path: str) -> Edit:
    """The edit that takes out the entry at ``path``: its lines and the comment block
    directly above it, leaving one blank line where there was one on each side."""
    text = doc.text
    header = next((h for h in doc.layout.headers if h.path == path), None)
    if header is None:
        raise VisitplanError(
            f"{doc.path.as_posix()}: {path} is not written as a table of its own",
            "remove it by hand (visitplan removes [tables] and [[arrays]] entries)",
        )
    start = comment_block_start(text, header.start)
    end = min(subtree_end(doc, doc.layout, path), len(text))
    # one blank line between what was above and what was below, not two
    if (start == 0 or _is_blank_line(text, line_start(text, start - 1))) and _is_blank_line(
        text, end
    ):
        end = line_end(text, end)
    elif end >= len(text) and start > 0 and _is_blank_line(text, line_start(text, start - 1)):
        start = line_start(text, start - 1)
    return Edit(start, end, "")


_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")


def _reference_edits(doc: Document, reference: Reference, entry_id: str) -> list[Edit]:
    text = doc.text
    statement = doc.layout.statements.get(reference.field_path)
    if statement is None:
        raise VisitplanError(
            f"{doc.path.as_posix()}: cannot take {reference.path} out where it is written",
            "remove that reference by hand",
        )
    if not reference.in_list or reference.whole:
        start = line_start(text, statement.start)
        return [Edit(start, line_end(text, statement.value_end), "")]
    edits = []
    for token in _STRING.finditer(text, statement.value_start, statement.value_end):
        if token.group()[1:-1] != entry_id:
            continue
        start, end = token.span()
        line = line_start(text, start)
        after = re.match(r"[ \t]*,?[ \t]*(?:#[^\n]*)?\r?(?:\n|$)", text[end:])
        if not text[line:start].strip() and after is not None:  # alone on its line
            edits.append(Edit(line, end + after.end(), ""))
            continue
        comma = re.match(r"[ \t]*,[ \t]*", text[end:])
        if comma is not None:
            edits.append(Edit(start, end + comma.end(), ""))
            continue
        before = re.search(r",[ \t]*\Z", text[statement.value_start : start])
        edits.append(Edit(start - (len(before.group()) if before else 0), end, ""))
    return edits


def _merged(edits: list[Edit]) -> list[Edit]:
    """Deletions merged where they overlap (two neighbours of one list, say)."""
    merged: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if merged and edit.start <= merged[-1].end:
            last = merged.pop()
            edit = Edit(last.start, max(last.end, edit.end), "")
        merged.append(edit)
    return merged


@dataclass(frozen=True)
class Removal:
    text: str  # the plan's new text
    path: str  # key path of the entry removed
    references: tuple[Reference, ...]  # references taken out with it


def remove_entry(doc: Document, kind: str, entry_id: str, with_references: bool) -> Removal:
    """The text without the ``kind`` entry ``entry_id`` (``EVENT-ID/ITEM-ID`` for a
    program item). Refused with :class:`StillReferenced` while something names it,
    unless ``with_references``."""
    path = entry_path(doc, kind, entry_id)
    found = references(doc, kind, entry_id)
    what = f'{"organization" if kind == "org" else kind} "{entry_id}"'
    if found and not with_references:
        raise StillReferenced(doc.path.as_posix(), what, found)
    own = entry_edit(doc, path)
    edits = [own]
    for reference in found:
        edits += [
            e
            for e in _reference_edits(doc, reference, entry_id)
            if not (own.start <= e.start and e.end <= own.end)
        ]
    text = apply_edits(doc.text, _merged(edits))
    check = Document(doc.path, doc.original, text, doc.bom)
    if references(check, kind, entry_id) or _still_there(check, kind, entry_id):
        raise VisitplanError(
            f"{doc.path.as_posix()}: {what} is written in a way visitplan cannot remove",
            "remove it by hand",
        )
    return Removal(text, path, tuple(found))


def _still_there(doc: Document, kind: str, entry_id: str) -> bool:
    try:
        entry_path(doc, kind, entry_id)
    except VisitplanError:
        return False
    return True
