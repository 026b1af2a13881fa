"""The warnings a change introduces: those `check` finds in the new text and not in the
old one, compared by code and key path. A key path names entries of lists by their id
(``events[visit].program[welcome].start``), so that an entry added or removed before
another does not make that other's old warnings look new."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from visitplan.editing.document import Document, load_raw
from visitplan.editing.writing import EditRefused
from visitplan.findings import Finding
from visitplan.workspace.checking import check_results

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Calendars

_INDEXED = re.compile(r"^(events|topics|actions)\[(\d+)\](?:\.program\[(\d+)\])?")


def stable_path(path: str, raw: Mapping[str, Any]) -> str:
    """``events[2].program[0].start`` as ``events[visit].program[welcome].start``."""
    found = _INDEXED.match(path)
    if found is None:
        return path
    key, number, item = found.group(1), int(found.group(2)), found.group(3)
    entries = raw.get(key, [])
    entry = entries[number] if isinstance(entries, list) and number < len(entries) else {}
    name = f"{key}[{entry.get('id', '#' + str(number))}]"
    if item is not None:
        program = entry.get("program", [])
        index = int(item)
        element = program[index] if isinstance(program, list) and index < len(program) else {}
        name += f".program[{element.get('id', '#' + item)}]"
    return name + path[found.end() :]


def _warnings(
    doc: Document, text: str, today: date, calendars: Calendars | None, lang: str | None
) -> list[tuple[Finding, tuple[str, str]]]:
    """The warnings of ``text``, each with what compares it: its code and stable path."""
    raw = load_raw(Document(doc.path, doc.original, text, doc.bom))
    report = check_results([doc.load(text)], today, calendars=calendars, lang=lang)
    return [
        (f, (f.code, stable_path(f.path, raw)))
        for f in report.findings
        if not f.is_error and f.file == doc.path.as_posix()
    ]


def introduced_warnings(
    doc: Document,
    new_text: str,
    today: date,
    calendars: Calendars | None = None,
    lang: str | None = None,
) -> list[Finding]:
    """The warnings of ``new_text`` that ``doc`` did not have; with ``calendars``, the
    days off and working hours too, as `check` finds them."""
    before = (
        {key for _, key in _warnings(doc, doc.text, today, calendars, lang)} if doc.text else set()
    )
    return [f for f, key in _warnings(doc, new_text, today, calendars, lang) if key not in before]


class WarningsRefused(EditRefused):
    """--strict: the change would add warnings; nothing was written."""

    def __init__(self, file: str, findings: Sequence[Finding]) -> None:
        hint = "change the values given, or run without --strict (the plan file is unchanged)"
        super().__init__(f"{file} (--strict)", findings, "warning", hint)
