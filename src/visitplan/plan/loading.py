"""Reading plan files into the model, collecting every problem on the way.

``load_plan_file`` never raises for a bad plan: it returns a :class:`LoadResult` with the
model (as much of it as could be read) and all findings, each with its key path and,
where the key can be found in the source, its line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from visitplan.findings import Finding, Severity, sort_key
from visitplan.plan import tomlread
from visitplan.plan.locate import QuickLines, find_line, locate_keys
from visitplan.plan.model import Plan
from visitplan.plan.reading.entries import PlanReader

MAX_BYTES = 5 * 1024 * 1024  # a plan file larger than this is refused
MAX_ITEMS = 20_000  # events, program items, people, topics and actions in one plan


@dataclass(frozen=True)
class LoadResult:
    """What reading one file gave: the model (None if the file could not be read as a
    plan at all), every finding, and the ids the file defines (including those of items
    too broken to model, so that references to them do not cascade into more errors)."""

    file: str
    plan: Plan | None
    findings: tuple[Finding, ...]
    defined: Mapping[str, frozenset[str]] = field(default_factory=dict)
    source: str | None = None  # the decoded text, for locating keys

    @property
    def ok(self) -> bool:
        return self.plan is not None and not any(f.is_error for f in self.findings)

    @functools.cached_property
    def key_lines(self) -> dict[str, int]:
        """Line of every key path in the source (computed once, and only when asked)."""
        return locate_keys(self.source) if self.source is not None else {}

    @functools.cached_property
    def quick_lines(self) -> QuickLines | None:
        return QuickLines(self.source) if self.source is not None else None

    def locate(self, findings: Iterable[Finding]) -> list[Finding]:
        """``findings`` with the line of their key path filled in where it is known (a
        quick lookup first: a few warnings should not cost a scan of a large file)."""
        located = []
        for finding in findings:
            line = self.quick_lines.line(finding.path) if self.quick_lines else None
            if line is None:
                line = find_line(self.key_lines, finding.path)
            located.append(finding.located(line))
        return located


# --------------------------------------------------------------------------- files


def load_plan_file(path: Path, display: str | None = None) -> LoadResult:
    """Read and load one plan file."""
    name = display if display is not None else path.as_posix()
    if path.is_dir():
        return LoadResult(
            name,
            None,
            (
                _file_error(
                    name, "is-folder", "this is a folder, not a plan file", "name a .toml file"
                ),
            ),
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadResult(
            name,
            None,
            (_file_error(name, "unreadable", f"cannot read the file: {reason}", ""),),
        )
    return load_plan_bytes(data, name)


def load_plan_bytes(data: bytes, file: str, locate: bool = True) -> LoadResult:
    """Decode, parse and load a plan from its bytes; ``file`` names it in findings.
    ``locate=False`` leaves the lines of the findings to the caller (``result.locate``)."""
    text_or_problem = decode_plan_bytes(data, file)
    if isinstance(text_or_problem, Finding):
        return LoadResult(file, None, (text_or_problem,))
    return load_plan_text(text_or_problem, file, locate)


def decode_plan_bytes(data: bytes, file: str) -> str | Finding:
    """UTF-8 text of a plan (a UTF-8 BOM is dropped), or the finding that says why not."""
    if len(data) > MAX_BYTES:
        return _file_error(
            file,
            "too-large",
            f"the file is {len(data) / 1024 / 1024:.1f} MB; visitplan reads plans of up to "
            f"{MAX_BYTES // 1024 // 1024} MB",
            "split the plan (one partnership per file), or check that this is a plan",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _file_error(
            file,
            "encoding",
            "the file is UTF-16 encoded; plans must be UTF-8",
            "save it as UTF-8 (in the editor: Save with encoding → UTF-8)",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return _file_error(
            file,
            "binary",
            "the file contains NUL bytes: it looks like a binary file, not a TOML plan",
            "check that you named the right file; plans are UTF-8 text",
            line=line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return _file_error(
            file,
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02X} at line {line}, "
            f"column {column})",
            "save it as UTF-8 (in the editor: Save with encoding → UTF-8)",
            line=line,
            column=column,
        )
    if _CONTENT.search(text) is None:
        return _file_error(
            file,
            "empty",
            "the file is empty",
            "a plan needs at least `id`, `title` and `timezone`; start from "
            "`visitplan new` or a file in templates/",
            line=1,
        )
    return text


def load_plan_text(text: str, file: str, locate: bool = True) -> LoadResult:
    """Parse TOML text and load it into the model."""
    try:
        raw = tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        return LoadResult(file, None, (_syntax_finding(text, file, error),))
    except RecursionError:
        message = "arrays or tables are nested too deeply to read"
        hint = "a plan needs at most a few levels; check the brackets"
        return LoadResult(file, None, (_file_error(file, "too-deep", message, hint, line=1),))
    count = _count_items(raw)
    if count > MAX_ITEMS:
        message = f"the plan has {count} entries; visitplan reads plans of up to {MAX_ITEMS}"
        hint = "split it into several plans (one partnership, or one year, per file)"
        return LoadResult(file, None, (_file_error(file, "too-many", message, hint, line=1),))
    reader = PlanReader(file)
    plan = reader.read_plan(raw)
    defined = {kind: frozenset(ids) for kind, ids in reader.defined.items()}
    result = LoadResult(file, plan, (), defined, text)
    if not reader.findings:
        return result
    found = result.locate(reader.findings) if locate else reader.findings
    return dataclasses.replace(result, findings=tuple(sorted(found, key=sort_key)))


def _count_items(raw: Mapping[str, Any]) -> int:
    count = 0
    for key in ("organizations", "people", "delegations"):
        value = raw.get(key)
        count += len(value) if isinstance(value, dict) else 0
    for key in ("events", "topics", "actions"):
        value = raw.get(key)
        if isinstance(value, list):
            count += len(value)
            if key == "events":
                count += sum(
                    len(e.get("program", []))
                    for e in value
                    if isinstance(e, dict) and isinstance(e.get("program"), list)
                )
    return count


_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


def _syntax_finding(text: str, file: str, error: tomlread.TOMLDecodeError) -> Finding:
    conflict = _CONFLICT_RE.search(text)
    if conflict:
        return _file_error(
            file,
            "merge-conflict",
            "a git merge-conflict marker is left in the file",
            "resolve the conflict: keep the lines you want and delete the "
            "<<<<<<<, ======= and >>>>>>> lines",
            line=text.count("\n", 0, conflict.start()) + 1,
            column=1,
        )
    message, line, column = tomlread.syntax_position(error)
    if line is None and "end of document" in message:
        line = text.count("\n") + 1
    return _file_error(
        file,
        "toml-syntax",
        f"TOML syntax error: {message[:1].lower()}{message[1:]}",
        "fix the TOML at that position; quote strings, and write times like 2024-05-28T11:00:00",
        line=line,
        column=column,
    )


_CONTENT = re.compile(r"^\s*[^\s#]", re.MULTILINE)  # a line that is not blank or a comment


def _file_error(
    file: str,
    code: str,
    message: str,
    hint: str,
    line: int | None = None,
    column: int | None = None,
) -> Finding:
    return Finding(file, Severity.ERROR, code, "", message, hint, line, column)
