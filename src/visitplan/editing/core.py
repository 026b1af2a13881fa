"""Changing plan files from the command line without losing a byte the user wrote.

Edits are made on the text: a value is replaced where it stands (its comment kept), a new
key goes after the last key of its table, a new entry after the last entry of its kind,
with the file's own indentation and line endings. Every result is checked with the rules
of `visitplan check` before it is written; a write that would add an error is refused.
Writes are atomic, and refused if the file changed on disk since it was read.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from visitplan.errors import PlanInvalid, UsageError, VisitplanError
from visitplan.findings import Finding
from visitplan.plan import fields as F
from visitplan.plan.keypath import KeyPath
from visitplan.plan.loading import LoadResult, decode_plan_bytes, load_plan_text
from visitplan.plan.locate import Layout, Statement, scan
from visitplan.workspace.checking import check_results
from visitplan.workspace.fileio import atomic_write_bytes, make_folder


@dataclass(frozen=True)
class Table:
    """A value written as one inline table, ``{ mon = "08:00-17:00", fri = "…" }``, and
    replaced whole (unlike text in several languages, a ``dict``, replaced by language)."""

    items: tuple[tuple[str, str], ...]


Value = str | int | date | datetime | time | list[str] | dict[str, str] | Table

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


class EditRefused(VisitplanError):
    """The edit would break the plan: nothing was written."""

    def __init__(
        self,
        file: str,
        findings: Sequence[Finding],
        kind: str = "error",
        hint: str = "fix the values given (the plan file is unchanged)",
    ) -> None:
        super().__init__(
            f"not written: the change would add {len(findings)} {kind}"
            f"{'s' if len(findings) != 1 else ''} to {file}",
            hint,
        )
        self.findings = tuple(findings)

    def details(self) -> list[str]:
        return [finding.render() for finding in self.findings]


# --------------------------------------------------------------------------- values


def render_value(value: Value) -> str:
    """A value as TOML writes it in a plan: ``"text"``, ``["a", "b"]``,
    ``2024-05-28T11:00:00``, ``2023-07-01``, ``11:15:00``."""
    if isinstance(value, bool):
        raise TypeError("booleans are not used in plans")
    if isinstance(value, str):
        return tomli_w.dumps({"v": value})[4:].rstrip("\n")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, list):
        return "[" + ", ".join(render_value(item) for item in value) + "]"
    if isinstance(value, Table):
        inner = ", ".join(f"{key} = {render_value(text)}" for key, text in value.items)
        return "{ " + inner + " }"
    raise TypeError(type(value).__name__)


def render_fields(values: Mapping[str, Value], indent: str, newline: str) -> str:
    """``key = value`` lines; text in several languages as dotted keys (``title.uk = …``)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines += [
                f"{indent}{key}.{lang} = {render_value(text)}" for lang, text in value.items()
            ]
        else:
            lines.append(f"{indent}{key} = {render_value(value)}")
    return newline.join(lines) + newline


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class Document:
    """A plan file as read: its bytes, its text and its structure."""

    path: Path
    original: bytes
    text: str
    bom: bool

    @classmethod
    def read(cls, path: Path) -> Document:
        if path.is_dir():
            raise VisitplanError(f"{path.as_posix()} is a folder", "name the plan file")
        try:
            original = path.read_bytes()
        except FileNotFoundError:
            raise VisitplanError(
                f"{path.as_posix()}: no such plan", "create it with `visitplan new`"
            ) from None
        decoded = decode_plan_bytes(original, path.as_posix())
        if isinstance(decoded, Finding):
            raise PlanInvalid([decoded])
        return cls(path, original, decoded, original.startswith(b"\xef\xbb\xbf"))

    @classmethod
    def open(cls, path: Path, today: date) -> Document:
        """Read a plan to change it: :class:`PlanInvalid` if it has errors already (a
        change is only made to a plan that `check` accepts)."""
        doc = cls.read(path)
        result = doc.load()
        errors = [f for f in check_results([result], today).findings if f.is_error]
        if errors:
            raise PlanInvalid(errors)
        return doc

    @property
    def newline(self) -> str:
        return "\r\n" if "\r\n" in self.text else "\n"

    @property
    def layout(self) -> Layout:
        return scan(self.text)

    def load(self, text: str | None = None) -> LoadResult:
        return load_plan_text(self.text if text is None else text, self.path.as_posix())

    def encode(self, text: str) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def line_end(text: str, offset: int) -> int:
    """The offset just past the end of the line holding ``offset`` (its newline included)."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def subtree_end(doc: Document, layout: Layout, path: str) -> int:
    """Where the table ``path`` and the tables below it end: after their last line that is
    not blank and not a comment (comments before the next table belong to that table)."""
    headers = layout.headers
    index = next(i for i, h in enumerate(headers) if h.path == path)
    end = len(doc.text)
    for header in headers[index + 1 :]:
        if not (header.path.startswith(path + ".") or header.path.startswith(path + "[")):
            end = header.start
            break
    lines = doc.text[:end].split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return sum(len(line) + 1 for line in lines)


def _ensure_newline(text: str, offset: int, newline: str) -> tuple[str, str]:
    """A separator so that an insertion at ``offset`` starts on a line of its own."""
    if offset == 0 or text[offset - 1] == "\n":
        return "", ""
    return newline, ""


# --------------------------------------------------------------------------- operations


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
    later = _first_later_item(plan_raw["events"][index], values.get("start"))
    if later is not None:  # before the first item that starts later, and its comments
        header = next(h for h in layout.headers if h.path == f"events[{index}].program[{later}]")
        offset = comment_block_start(text, header.start)
        return text[:offset] + block + newline + text[offset:]
    offset = subtree_end(doc, layout, f"events[{index}]")
    lead, _ = _ensure_newline(text, offset, newline)
    return text[:offset] + lead + newline + block + text[offset:]


def _first_later_item(event: Mapping[str, Any], start: object) -> int | None:
    """The index of the first program item of ``event`` that starts after ``start``
    (None: the new item goes last). Times alone are on the event's first day."""

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
        if old is not None and old > new:
            return number
    return None


def comment_block_start(text: str, offset: int) -> int:
    """The start of the comment lines directly above the line at ``offset`` (no blank
    line between), else of that line itself."""
    start = text.rfind("\n", 0, offset) + 1
    while start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if not text[above:start].strip().startswith("#"):
            break
        start = above
    return start


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
        lead, _ = _ensure_newline(text, offset, newline)
        spacer = newline if offset > 0 else ""
        # a blank line before what follows, unless one is there already
        trail = newline if offset < len(text) and not text.startswith(newline, offset) else ""
        return text[:offset] + lead + spacer + block + trail + text[offset:]
    offset = subtree_end(doc, layout, anchor)
    lead, _ = _ensure_newline(text, offset, newline)
    return text[:offset] + lead + newline + block + text[offset:]


def _check_id(new_id: object) -> None:
    if new_id is not None and (not isinstance(new_id, str) or not F.SLUG_RE.fullmatch(new_id)):
        from visitplan.plan.wording import slugify

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
            lines = doc.text[: header.start].split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
                lines.pop()
            return sum(len(line) + 1 for line in lines)
    return len(doc.text)


def load_raw(doc: Document) -> dict[str, Any]:
    """The plan's TOML data (the document is known to parse)."""
    from visitplan.plan import tomlread

    return tomlread.loads(doc.text)


def _event_index(plan_raw: Mapping[str, Any], event_id: str, doc: Document) -> int:
    events = plan_raw.get("events", [])
    assert isinstance(events, list)
    for index, event in enumerate(events):
        if event.get("id") == event_id:
            return index
    from visitplan.plan.wording import suggest

    near = suggest(event_id, [e.get("id", "") for e in events])
    raise UsageError(
        f'no event "{event_id}" in {doc.path.as_posix()}',
        f'did you mean "{near}"?' if near else "see `visitplan agenda --all`",
    )


def entry_path(doc: Document, kind: str, entry_id: str) -> str:
    """The key path of an existing entry: ``people.henou``, ``events[2]``,
    ``events[1].program[0]`` (for ``EVENT-ID/ITEM-ID``)."""
    plan_raw = load_raw(doc)
    from visitplan.plan.wording import suggest

    if kind in _DIRECTORY_KEY:
        key = _DIRECTORY_KEY[kind]
        table = plan_raw.get(key, {})
        assert isinstance(table, dict)
        if entry_id not in table:
            near = suggest(entry_id, table)
            raise UsageError(
                f'no {kind} "{entry_id}" in {doc.path.as_posix()}',
                f'did you mean "{near}"?' if near else f"add it with `visitplan add {kind}`",
            )
        return f"{key}.{entry_id}"
    if kind == "program":
        event_id, _, item_id = entry_id.partition("/")
        if not item_id:
            raise UsageError(
                "name a program item as EVENT-ID/ITEM-ID", "e.g. study-visit-2023/water-station"
            )
        index = _event_index(plan_raw, event_id, doc)
        program = plan_raw["events"][index].get("program", [])
        for number, item in enumerate(program):
            if item.get("id") == item_id:
                return f"events[{index}].program[{number}]"
        raise UsageError(f'no program item "{item_id}" in event "{event_id}"')
    key = _LIST_KEY[kind]
    entries = plan_raw.get(key, [])
    assert isinstance(entries, list)
    for index, entry in enumerate(entries):
        if entry.get("id") == entry_id:
            return f"{key}[{index}]"
    near = suggest(entry_id, [e.get("id", "") for e in entries])
    raise UsageError(
        f'no {kind} "{entry_id}" in {doc.path.as_posix()}',
        _missing_hint(kind, entry_id, near, doc.path.as_posix()),
    )


def _missing_hint(kind: str, entry_id: str, near: str | None, plan: str) -> str:
    """What to do about an id that names no entry of ``kind``: for an
    ``EVENT-ID/ITEM-ID`` where an event was asked for, how program items are changed;
    else the near one, or how to add one."""
    if kind == "event" and "/" in entry_id:
        return (
            f'"{entry_id}" names a program item: move moves whole events; give the item '
            f"its new time with `visitplan set {shlex.quote(plan)} program {entry_id} "
            "--start HH:MM --end HH:MM`"
        )
    if near:
        return f'did you mean "{near}"?'
    return f"add it with `visitplan add {kind}`"


def set_fields(doc: Document, path: str, values: Mapping[str, Value]) -> str:
    """The text with ``values`` set in the table at ``path``: an existing value replaced
    where it stands (keeping its comment), a new key added after the table's last key.

    Text in several languages (a ``dict``) replaces only the languages it gives, in
    whichever form the file writes the text (see :func:`_text_edits`); a plain string
    replaces the whole text."""
    text, newline = doc.text, doc.newline
    layout = doc.layout
    edits: list[Edit] = []
    header = next((h for h in layout.headers if h.path == path), None)
    inserts: list[str] = []
    indent = header.indent if header else ""
    languages: tuple[str, ...] | None = None
    for key, value in values.items():
        key_path = f"{path}.{key}" if path else key
        old = [
            s for p, s in layout.statements.items() if p == key_path or p.startswith(key_path + ".")
        ]
        if isinstance(value, Table):
            if not old:
                inserts.append(render_fields({key: value}, "", newline))
                continue
            first = min(old, key=lambda s: s.start)
            for statement in old:
                if statement is not first:
                    line = line_start(text, statement.start)
                    edits.append(Edit(line, line_end(text, statement.value_end), ""))
            if first.path == key_path:
                edits.append(Edit(first.value_start, first.value_end, render_value(value)))
            else:  # written as dotted keys: one line in place of them
                line = line_start(text, first.start)
                edits.append(
                    Edit(
                        line,
                        line_end(text, first.value_end),
                        f"{first.indent}{key} = {render_value(value)}{newline}",
                    )
                )
            continue
        if isinstance(value, dict) or (old and old[0].path != key_path) or _is_inline(doc, old):
            if isinstance(value, dict) and languages is None:
                plan_languages = load_raw(doc).get("languages", [])
                languages = tuple(plan_languages) if isinstance(plan_languages, list) else ()
            text_edits, insert = _text_edits(doc, layout, key_path, key, value, languages or ())
            edits += text_edits
            if insert is not None:
                inserts.append(insert)
            continue
        if old:
            statement = old[0]
            edits.append(Edit(statement.value_start, statement.value_end, render_value(value)))
        else:
            inserts.append(render_fields({key: value}, "", newline))
    if inserts:
        offset = _last_key_end(doc, layout, path)
        block = "".join(
            indent + line + newline for chunk in inserts for line in chunk.split(newline) if line
        )
        lead, _ = _ensure_newline(text, offset, newline)
        edits.append(Edit(offset, offset, lead + block))
    return apply_edits(text, edits)


def _is_inline(doc: Document, old: Sequence[Statement]) -> bool:
    return len(old) == 1 and doc.text.startswith("{", old[0].value_start)


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _comment_after(text: str, statement: Statement) -> str:
    """What follows a statement's value on its line when it is a comment (with the space
    before it), else ``""``."""
    end = text.find("\n", statement.value_end)
    tail = text[statement.value_end : len(text) if end < 0 else end].rstrip("\r")
    return tail if tail.strip().startswith("#") else ""


def _key_prefix(text: str, statement: Statement) -> str:
    """The key of a ``title.uk = …`` line without its language: ``title.``; ``""`` for a
    line ``uk = …`` of a ``[events.title]`` table."""
    key = text[statement.start : statement.value_start].rstrip().removesuffix("=").rstrip()
    head, dot, _ = key.rpartition(".")
    return head.rstrip() + "." if dot else ""


def _text_edits(
    doc: Document,
    layout: Layout,
    key_path: str,
    key: str,
    value: Value,
    languages: Sequence[str],
) -> tuple[list[Edit], str | None]:
    """The edits that set the text at ``key_path``, and the text of new lines to add
    after the table's last key (or None).

    A ``dict`` replaces the languages it gives and keeps the others, wherever the file
    has them: dotted keys (``title.uk = …``), an inline table (``title = { uk = … }``),
    a table of its own (``[events.title]``). A plain string in the file is one text for
    every language: it becomes one line per language of the plan, the old text kept for
    those not given. A ``str`` replaces the whole text with one ``key = "…"``."""
    text, newline = doc.text, doc.newline
    statements = layout.statements
    own = statements.get(key_path)
    parts = sorted(
        (s for p, s in statements.items() if p.startswith(key_path + ".")),
        key=lambda s: s.start,
    )
    table = next((h for h in layout.headers if h.path == key_path), None)
    edits: list[Edit] = []
    if isinstance(value, str):
        rendered = render_value(value)
        if own is not None:  # a string or an inline table: replaced where it stands
            return [Edit(own.value_start, own.value_end, rendered)], None
        if table is not None:  # [events.title]: the table goes, the key joins its parent
            start = table.start  # with its comments and the blank lines above it
            while start > 0:
                above = text[line_start(text, start - 1) : start].strip()
                if above and not above.startswith("#"):
                    break
                start = line_start(text, start - 1)
            end = max([line_end(text, s.value_end) for s in parts] or [line_end(text, table.start)])
            return [Edit(start, end, "")], f"{key} = {rendered}{newline}"
        if parts:  # dotted keys: one line where the first one stood
            first = parts[0]
            line = f"{first.indent}{_key_prefix(text, first).rstrip('.')} = {rendered}"
            for statement in parts:
                start = line_start(text, statement.start)
                end = line_end(text, statement.value_end)
                if statement is first:
                    line += _comment_after(text, first) + newline
                    edits.append(Edit(start, end, line))
                else:
                    edits.append(Edit(start, end, ""))
            return edits, None
        return [], f"{key} = {rendered}{newline}"
    assert isinstance(value, dict)
    if own is not None and text.startswith("{", own.value_start):
        return _inline_edits(doc, own, value), None
    if own is not None:  # one text for every language, now written language by language
        if not languages:
            raise UsageError(
                f"{key_path} is one text for every language, and the plan lists no "
                "`languages` to keep it in",
                f'give the whole text as --{key.replace("_", "-")} "…", or add '
                "`languages = [...]` at the top of the plan",
            )
        old_text = load_raw_value(doc, key_path)
        merged = {lang: value.get(lang, old_text) for lang in languages}
        merged.update({lang: text_ for lang, text_ in value.items() if lang not in merged})
        prefix = text[own.start : own.value_start].rstrip().removesuffix("=").rstrip()
        block = newline.join(
            f"{own.indent}{prefix}.{lang} = {render_value(text_)}"
            + (_comment_after(text, own) if number == 0 else "")
            for number, (lang, text_) in enumerate(merged.items())
        )
        start = line_start(text, own.start)
        return [Edit(start, line_end(text, own.value_end), block + newline)], None
    if not parts:
        return [], render_fields({key: value}, "", newline)
    new_lines = []
    for lang, text_ in value.items():
        existing = statements.get(f"{key_path}.{lang}")
        if existing is not None:
            edits.append(Edit(existing.value_start, existing.value_end, render_value(text_)))
        else:
            new_lines.append(f"{lang} = {render_value(text_)}")
    if new_lines:
        last = parts[-1]
        prefix = _key_prefix(text, last)
        offset = line_end(text, last.value_end)
        lead, _ = _ensure_newline(text, offset, newline)
        block = "".join(f"{last.indent}{prefix}{line}{newline}" for line in new_lines)
        edits.append(Edit(offset, offset, lead + block))
    return edits, None


_INLINE_ENTRY = re.compile(
    r"""[ \t]*([A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')[ \t]*=[ \t]*"""
    r"""("(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*([,}])"""
)


def _inline_edits(doc: Document, own: Statement, value: Mapping[str, str]) -> list[Edit]:
    """Languages replaced inside ``title = { uk = "…", en = "…" }``, new ones added at
    its end; an inline table this cannot read entry by entry is written anew."""
    text = doc.text
    spans: dict[str, tuple[int, int]] = {}
    pos = own.value_start + 1
    last_end = pos
    equals, comma = " = ", ", "  # as the table writes them: {uk="…"} or { uk = "…" }
    while True:
        found = _INLINE_ENTRY.match(text, pos)
        if found is None or found.end() > own.value_end:
            break
        if not spans:
            equals = text[found.end(1) : found.start(2)]
        elif len(spans) == 1:
            comma = text[last_end : found.start(1)]
        spans[found.group(1).strip("\"'")] = (found.start(2), found.end(2))
        last_end = found.end(2)
        pos = found.end()
        if found.group(3) == "}":
            break
    old = load_raw_value(doc, own.path)
    if pos != own.value_end or not isinstance(old, dict) or set(spans) != set(old):
        merged = {**old, **value} if isinstance(old, dict) else dict(value)
        rendered = ", ".join(f"{lang} = {render_value(t)}" for lang, t in merged.items())
        return [Edit(own.value_start, own.value_end, "{ " + rendered + " }")]
    edits = []
    added = []
    for lang, text_ in value.items():
        if lang in spans:
            edits.append(Edit(*spans[lang], render_value(text_)))
        else:
            added.append(f"{comma}{lang}{equals}{render_value(text_)}")
    if added:
        edits.append(Edit(last_end, last_end, "".join(added)))
    return edits


def load_raw_value(doc: Document, key_path: str) -> Any:
    """The TOML value at a key path such as ``events[2].title`` (None if absent)."""
    node: Any = load_raw(doc)
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key_path):
        if part.startswith("["):
            node = node[int(part[1:-1])] if isinstance(node, list) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def _last_key_end(doc: Document, layout: Layout, path: str) -> int:
    """Just after the last ``key = value`` line of the table itself: its lines between its
    header and the next header (a table's own keys come before its sub-tables, and a line
    of an ``[events.title]`` table below it is not one of its keys)."""
    if path:
        header = next(h for h in layout.headers if h.path == path)
        begin = header.start
        later = [h.start for h in layout.headers if h.start > begin]
    else:
        begin = 0
        later = [h.start for h in layout.headers]
    end = min(later, default=len(doc.text))
    own = [s for s in layout.statements.values() if begin <= s.start < end]
    if own:
        return line_end(doc.text, max(s.value_end for s in own))
    return line_end(doc.text, begin) if path else 0


def shift_times(doc: Document, event_path: str, delta: timedelta) -> str:
    """The text with the event at ``event_path`` and its program moved by ``delta``
    (in wall-clock time of the event's zone, so durations are kept)."""
    layout = doc.layout
    events = load_raw(doc)["events"]
    event: dict[str, Any] = events[KeyPath.parse(event_path).index_in("events")]
    # Days and time of day are split as the calendar sees them: 11:00 on the 16th to 10:00
    # on the 20th is four days earlier by an hour, not three days and 23 hours.
    start = event.get("start")
    if isinstance(start, datetime):
        whole_days = timedelta(days=((start + delta).date() - start.date()).days)
    else:
        whole_days = timedelta(days=abs(delta) // timedelta(days=1))
        whole_days = whole_days if delta >= timedelta(0) else -whole_days
    time_of_day = delta - whole_days
    edits: list[Edit] = []

    def move(path: str, value: object) -> None:
        statement = layout.statements.get(path)
        if statement is None:
            return
        new: date | datetime | time
        if isinstance(value, datetime):
            new = value + delta
        elif isinstance(value, date):
            if time_of_day:
                raise UsageError(
                    "an all-day event moves by whole days",
                    "give --to a date (2024-06-04) or --by in days (7d)",
                )
            new = value + delta
        elif isinstance(value, time):
            # a time alone is on the event's day: it moves with the event's time of day
            moved = datetime.combine(date(2000, 1, 1), value) + time_of_day
            if moved.date() != date(2000, 1, 1):
                raise UsageError(
                    f"{path}: {value.isoformat()} would move to another day",
                    "move the event by whole days, or give the program items full dates",
                )
            new = moved.time()
        else:
            return
        edits.append(Edit(statement.value_start, statement.value_end, render_value(new)))

    for key in ("start", "end"):
        if key in event:
            move(f"{event_path}.{key}", event[key])
    for number, item in enumerate(event.get("program", [])):
        for key in ("start", "end"):
            if key in item:
                move(f"{event_path}.program[{number}].{key}", item[key])
    return apply_edits(doc.text, edits)


# --------------------------------------------------------------------------- writing


def _errors(result: LoadResult, today: date) -> set[tuple[str, str, str]]:
    report = check_results([result], today)
    return {(f.code, f.path, f.message) for f in report.findings if f.is_error}


def new_errors(doc: Document, new_text: str, today: date) -> list[Finding]:
    """Errors the new text has that the old one did not (compared without line numbers)."""
    before = _errors(doc.load(), today)
    after_result = doc.load(new_text)
    report = check_results([after_result], today)
    return [
        f
        for f in report.findings
        if f.is_error
        and (f.code, f.path, f.message) not in before
        and f.file == doc.path.as_posix()
    ]


def unified_diff(doc: Document, new_text: str) -> str:
    name = doc.path.as_posix()
    return "".join(
        difflib.unified_diff(
            doc.text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


def commit(doc: Document, new_text: str, today: date) -> None:
    """Check ``new_text`` and write it atomically; refuse if it adds an error or if the
    file changed on disk since it was read."""
    added = new_errors(doc, new_text, today)
    if added:
        raise EditRefused(doc.path.as_posix(), added)
    try:
        current = doc.path.read_bytes()
    except OSError:
        current = b""
    if current != doc.original:
        raise VisitplanError(
            f"not written: {doc.path.as_posix()} changed on disk while visitplan was working",
            "run the command again",
        )
    atomic_write_bytes(doc.path, doc.encode(new_text))


# --------------------------------------------------------------------------- arguments

# ``uk=…``: text in one language. Anything that looks like ``word=…`` is taken as meant
# to be one, so that a mistyped code is an error rather than the whole text.
_LANG_VALUE = re.compile(r"^([A-Za-z0-9_-]{1,20})=(.*)$", re.DOTALL)


def parse_text(option: str, raw: Sequence[str]) -> str | dict[str, str]:
    """The values of a text option: one plain ``"…"`` (the whole text, for every
    language) or ``lang=…`` values (those languages only; the others are kept)."""
    translations: dict[str, str] = {}
    plain: list[str] = []
    for item in raw:
        match = _LANG_VALUE.match(item)
        if match is None:
            plain.append(item)
            continue
        lang, text = match.groups()
        if not F.LANG_RE.match(lang):
            lower = lang.lower()
            hint = (
                f'did you mean {option} {lower}="…"?'
                if F.LANG_RE.match(lower)
                else f'give a language code such as uk, fr, en or pt-BR: {option} en="…"'
            )
            raise UsageError(
                f'{option} "{item}": "{lang}" is not a language code',
                hint + f'; for a text that itself starts with "{lang}=", give its language: '
                f'{option} en="{item}"',
            )
        if lang in translations:
            raise UsageError(f"{option} gives {lang} twice", "give each language once")
        translations[lang] = text
    if plain and (translations or len(plain) > 1):
        raise UsageError(
            f'{option} "{plain[-1]}": give each language as lang="text"',
            f'e.g. {option} uk="…" {option} en="…" (or one {option} "…" for the whole text)',
        )
    return plain[0] if plain else translations


def parse_when(text: str, allow_time: bool) -> date | datetime | time:
    """``2024-05-28T11:00`` (or with a space), ``2023-07-01``, and ``11:15`` if allowed."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", value):
            if not allow_time:
                raise ValueError
            return time.fromisoformat(value.zfill(5) if len(value) == 4 else value)
        return datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        expected = "2024-05-28T11:00, 2023-07-01" + (" or 11:15" if allow_time else "")
        raise UsageError(f'"{text}" is not a date or time', f"write it like {expected}") from None


def parse_values(section: F.Section, given: Mapping[str, Sequence[str]]) -> dict[str, Value]:
    """Option values (strings, repeated options as lists) as plan values for ``section``."""
    values: dict[str, Value] = {}
    for name, raw in given.items():
        spec = section.field(name)
        option = "--" + name.replace("_", "-")
        if spec is None:
            raise UsageError(f"{option} does not apply to {section.name}s")
        if spec.kind == "text":
            values[name] = parse_text(option, raw)
            continue
        if spec.kind in ("refs", "languages", "codes"):
            values[name] = [
                part.strip() for item in raw for part in item.split(",") if part.strip()
            ]
            continue
        if spec.kind == "working-hours":
            values[name] = _parse_hours(option, raw)
            continue
        if len(raw) > 1:
            raise UsageError(f"{option} is given {len(raw)} times; it takes one value")
        text = raw[0]
        if spec.kind == "date":
            when = parse_when(text, allow_time=False)
            if not isinstance(when, date) or isinstance(when, datetime):
                raise UsageError(f'{option} "{text}" is not a date', "write it like 2024-06-30")
            values[name] = when
        elif spec.kind in ("when", "program-when"):
            values[name] = parse_when(text, allow_time=spec.kind == "program-when")
        elif spec.kind == "integer":
            values[name] = int(text)
        else:
            values[name] = text
    return values


_DAY_VALUE = re.compile(r"^([a-z]{3})=(.*)$")


def _parse_hours(option: str, raw: Sequence[str]) -> str | Table:
    """``--working-hours "09:00-18:00"`` (Monday to Friday), or one ``day=hours`` per
    worked day (``mon=08:00-17:00``), which replaces the whole week. The hours themselves
    are checked with the plan, as when written by hand."""
    days = [_DAY_VALUE.match(item.strip()) for item in raw]
    if len(raw) == 1 and days[0] is None:
        return raw[0]
    if any(match is None for match in days):
        raise UsageError(
            f"{option}: give one value for Monday to Friday, or one DAY=HOURS per worked day",
            f'e.g. {option} "09:00-18:00", or {option} mon=08:00-17:00 {option} fri=08:00-13:00',
        )
    items = tuple((m.group(1), m.group(2).strip()) for m in days if m is not None)
    if len({day for day, _ in items}) != len(items):
        raise UsageError(f"{option} gives a day twice", "give each day once")
    return Table(items)


def parse_shift(text: str) -> timedelta:
    """``7d``, ``-1w``, ``2h``, ``-30m``, ``1d2h``: how far to move."""
    match = re.fullmatch(r"\s*([+-]?)\s*(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?\s*", text)
    if not text.strip() or match is None or not any(match.groups()[1:]):
        raise UsageError(f'"{text}" is not a shift', "write it like 7d, -1w, 2h or 1d2h")
    sign = -1 if match.group(1) == "-" else 1
    weeks, days, hours, minutes = (int(g) if g else 0 for g in match.groups()[1:])
    return sign * timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)


def move_delta(event: Mapping[str, Any], to: str | None, by: str | None) -> timedelta:
    """How far ``--to`` or ``--by`` moves an event (raw TOML values)."""
    if (to is None) == (by is None):
        raise UsageError("give --to DATE|DATETIME or --by SHIFT (one of them)")
    if by is not None:
        return parse_shift(by)
    assert to is not None
    target = parse_when(to, allow_time=False)
    start = event["start"]
    if isinstance(start, datetime):
        start = start.replace(tzinfo=None)
        if isinstance(target, datetime):
            return target.replace(tzinfo=None) - start
        assert isinstance(target, date)
        return datetime.combine(target, start.time()) - start
    if isinstance(target, datetime):
        raise UsageError(
            "an all-day event moves to a date", f"e.g. --to {target.date().isoformat()}"
        )
    assert isinstance(target, date) and isinstance(start, date)
    return target - start


# --------------------------------------------------------------------------- new plans


def strip_value_comments(doc: Document, keys: tuple[str, ...]) -> str:
    """The text without the comments after the first event's ``keys`` (they describe
    the template's example values: ``end = 2025-10-08  # 6–8 October``)."""
    text = doc.text
    edits = []
    for key in keys:
        statement = doc.layout.statements.get(f"events[0].{key}")
        if statement is None:
            continue
        end = text.find("\n", statement.value_end)
        end = len(text) if end < 0 else end
        tail = text[statement.value_end : end].rstrip("\r")
        if tail.strip().startswith("#"):
            edits.append(Edit(statement.value_end, statement.value_end + len(tail), ""))
    return apply_edits(text, edits)


def check_answer(kind: str, answer: str) -> str:
    """An answer to `new`'s questions, cleaned, if it is a valid zone, list of languages
    or date/time; else a :class:`UsageError` saying what to type."""
    answer = answer.strip()
    if kind == "zone":
        from visitplan.plan.timezones import UnknownZone, get_zone

        try:
            get_zone(answer)
        except UnknownZone as unknown:
            near = ", ".join(unknown.suggestions[:3])
            raise UsageError(
                f'"{answer}" is not a time zone',
                f"did you mean {near}?" if near else "write it like Europe/Kyiv",
            ) from None
    elif kind == "languages":
        codes = [part.strip() for part in answer.split(",") if part.strip()]
        wrong = [code for code in codes if not F.LANG_RE.match(code)]
        if not codes or wrong:
            raise UsageError(
                f'"{", ".join(wrong) or answer}" is not a language code',
                "give codes such as uk,fr,en or pt-BR, separated by commas",
            )
        answer = ",".join(codes)
    else:
        parse_when(answer, allow_time=False)
    return answer


def template_text(name: str) -> str:
    from importlib.resources import files

    return (files("visitplan") / "templates" / f"{name}.toml").read_text(encoding="utf-8")


def create_plan(
    plan_id: str,
    template: str,
    folder: Path,
    title: Sequence[str] | None,
    timezone: str | None,
    start: str | None,
    end: str | None,
    today: date,
    dry_run: bool = False,
    lock: Callable[[Path], object] | None = None,
    clean: Callable[[Path, str], str] | None = None,
    languages: Sequence[str] | None = None,
) -> tuple[Path, str]:
    """Write ``folder/<plan_id>.toml`` from a template, with the given values set; with
    ``dry_run``, only return what would be written. ``lock(path)`` is called, once the
    folder exists, to hold the new plan's lock. Returns the path and the text.

    ``title`` is one plain text or ``lang=…`` values: either replaces the template's
    whole title (an example, not to be kept in a language not given). ``clean(path,
    text)`` takes the template's examples out (see ``writing.clean``) before the values
    are set."""
    if not F.SLUG_RE.fullmatch(plan_id):
        from visitplan.plan.wording import slugify

        raise UsageError(
            f'"{plan_id}" is not a valid plan id',
            f'use lower-case letters, digits and hyphens, e.g. "{slugify(plan_id)}"',
        )
    path = folder / f"{plan_id}.toml"
    if path.exists():
        raise VisitplanError(
            f"{path.as_posix()} exists already", "choose another id, or edit that plan"
        )
    text = template_text(template)
    doc = Document(path, b"", clean(path, text) if clean is not None else text, False)
    values: dict[str, Value] = {"id": plan_id}
    given = parse_text("--title", title) if title else None
    if given is not None:
        values["title"] = given
    if timezone:
        values["timezone"] = timezone
    if languages:
        values["languages"] = [lang.strip() for lang in languages if lang.strip()]
    text = set_fields(doc, "", values)
    doc = Document(path, b"", text, False)
    if isinstance(given, dict):
        # the template's title is an example: a language not given is dropped (and
        # `check` says it is missing) rather than left in the template's words
        dropped = [
            statement
            for key, statement in doc.layout.statements.items()
            if key.startswith("title.") and key.removeprefix("title.") not in given
        ]
        text = apply_edits(
            text,
            [
                Edit(text.rfind("\n", 0, st.start) + 1, line_end(text, st.value_end), "")
                for st in dropped
            ],
        )
        doc = Document(path, b"", text, False)
    if languages:
        # the template's texts in a language the plan does not have are dropped too
        kept = {lang.strip() for lang in languages}
        texts = {f.name for section in F.SECTIONS for f in section.fields if f.kind == "text"}
        dropped = [
            statement
            for key, statement in doc.layout.statements.items()
            if (parts := re.split(r"[.\[\]]+", key.rstrip("]")))[-1] not in kept
            and len(parts) > 1
            and parts[-2] in texts
            and F.LANG_RE.match(parts[-1])
        ]
        text = apply_edits(
            text,
            [
                Edit(text.rfind("\n", 0, st.start) + 1, line_end(text, st.value_end), "")
                for st in dropped
            ],
        )
        doc = Document(path, b"", text, False)
    if start is not None or end is not None:  # the comments on the example dates go
        text = strip_value_comments(doc, ("start", "end"))
        doc = Document(path, b"", text, False)
    if start is not None:
        event = load_raw(doc)["events"][0]
        text = shift_times(doc, "events[0]", move_delta(event, start, None))
        doc = Document(path, b"", text, False)
    if end is not None:
        text = set_fields(doc, "events[0]", {"end": parse_when(end, allow_time=False)})
        doc = Document(path, b"", text, False)
    result = doc.load()
    errors = [f for f in check_results([result], today).findings if f.is_error]
    if errors:
        raise EditRefused(path.as_posix(), errors)
    if dry_run:
        return path, text
    make_folder(folder)
    if lock is not None:
        lock(path)
    if path.exists():
        raise VisitplanError(f"{path.as_posix()} exists already", "choose another id")
    atomic_write_bytes(path, text.encode("utf-8"))
    return path, text
