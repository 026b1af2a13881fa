"""A plan file read for editing (:class:`Document`: its bytes, its text, its line
endings and byte-order mark, its structure from ``visitplan.plan.locate``), the text
edits made on it (:class:`Edit`, :func:`apply_edits`), and where things stand in its
text: lines, comment blocks, the end of a table and its sub-tables, the raw TOML data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from visitplan.errors import PlanInvalid, VisitplanError
from visitplan.findings import Finding
from visitplan.plan import tomlread
from visitplan.plan.loading import LoadResult, decode_plan_bytes, load_plan_text
from visitplan.plan.locate import Layout, Statement, scan
from visitplan.workspace.checking import check_results


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

    def with_text(self, text: str) -> Document:
        """The same file with ``text`` in place of its text (as read: bytes, BOM)."""
        return Document(self.path, self.original, text, self.bom)

    def encode(self, text: str) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


@dataclass(frozen=True)
class Edit:
    """The text between ``start`` and ``end`` replaced by ``text``."""

    start: int
    end: int
    text: str


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def line_end(text: str, offset: int) -> int:
    """The offset just past the end of the line holding ``offset`` (its newline included)."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def statement_lines(text: str, statement: Statement) -> tuple[int, int]:
    """Where the lines of a statement start and end (its newline included)."""
    return line_start(text, statement.start), line_end(text, statement.value_end)


def lead_newline(text: str, offset: int, newline: str) -> str:
    """A separator so that an insertion at ``offset`` starts on a line of its own."""
    return "" if offset == 0 or text[offset - 1] == "\n" else newline


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


def comment_after(text: str, statement: Statement) -> str:
    """What follows a statement's value on its line when it is a comment (with the space
    before it), else ``""``."""
    end = text.find("\n", statement.value_end)
    tail = text[statement.value_end : len(text) if end < 0 else end].rstrip("\r")
    return tail if tail.strip().startswith("#") else ""


def content_end(text: str, end: int) -> int:
    """Just after the last line before ``end`` that is not blank and not a comment
    (comments before a table belong to that table)."""
    lines = text[:end].split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return sum(len(line) + 1 for line in lines)


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
    return content_end(doc.text, end)


def load_raw(doc: Document) -> dict[str, Any]:
    """The plan's TOML data (the document is known to parse)."""
    return tomlread.loads(doc.text)


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
