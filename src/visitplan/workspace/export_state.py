"""What the calendars already have: the export state kept next to each plan.

`<plan>.visitplan-state` (TOML) holds one table per calendar entry ever exported: its
SEQUENCE, DTSTAMP and a fingerprint of its content (of the lines it exports, see
``ical.fingerprints.Fingerprints``; files of older versions hold legacy ones, replaced on the
next export), plus what is needed to cancel it if it leaves the plan. It lives in the repository, next to the plan, so that a team sharing
the plan through git shares it too. Tables are sorted by UID and separated by a blank
line, so two branches that change different events merge without a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from visitplan.errors import VisitplanError
from visitplan.findings import Finding, Severity
from visitplan.plan import tomlread
from visitplan.workspace.fileio import atomic_write_text
from visitplan.workspace.plans import state_path

_HEADER = (
    "# visitplan export state of {plan}: what calendars already have (SEQUENCE, DTSTAMP).\n"
    "# Commit this file with the plan; `visitplan export` updates it. Do not edit by hand.\n"
)


@dataclass(frozen=True)
class Entry:
    uid: str
    sequence: int
    dtstamp: datetime  # aware, UTC, whole seconds
    fingerprint: str
    summary: str
    start: str  # iCalendar value: 20240528T080000Z, or 20230701 for a whole day
    end: str | None = None
    cancelled: bool = False  # left the plan, exported as CANCELLED
    attendees: tuple[str, ...] = field(default=())  # emails, to address a cancellation


class StateError(VisitplanError):
    """The state file does not parse: say where and how to recover."""

    def __init__(
        self, path: Path, problem: str, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{path.as_posix()}:{line}" if line else path.as_posix()
        super().__init__(
            f"{where}: the export state does not parse: {problem}",
            hint
            or "restore it from git (git checkout -- FILE), or delete it to start over "
            "(calendars may then show updated events twice)",
        )
        self.path = path
        self.line = line


def read_state(path: Path) -> dict[str, Entry]:
    """The entries of a state file by UID; empty when there is none yet."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StateError(path, "it is not UTF-8 text") from None
    except OSError as error:
        raise StateError(path, f"it cannot be read ({error.strerror or error})") from None
    conflict = _CONFLICT_MARKER.search(text)
    if conflict is not None:
        raise StateError(
            path,
            "a git merge-conflict marker is left in the file",
            text.count("\n", 0, conflict.start()) + 1,
            "keep both sides' entries; of an entry in both, keep the one with the higher "
            "sequence, and at equal sequences the one you pulled (what the shared calendar "
            "has: `git checkout --theirs FILE` takes that side whole); remove the <<<<<<<, "
            "======= and >>>>>>> lines, then export or publish again",
        )
    try:
        data = tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        import re

        found = re.search(r"line (\d+)", str(error))
        raise StateError(path, str(error), int(found.group(1)) if found else None) from None
    entries: dict[str, Entry] = {}
    for uid, table in data.items():
        try:
            entries[uid] = _entry(uid, table)
        except (KeyError, TypeError, ValueError) as error:
            raise StateError(path, f'entry "{uid}": {error!s}') from None
    return entries


def _entry(uid: str, table: Mapping[str, object]) -> Entry:
    if not isinstance(table, dict):
        raise TypeError("not a table")
    sequence, dtstamp = table["sequence"], table["dtstamp"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        raise ValueError(f"sequence must be a whole number ≥ 0, not {sequence!r}")
    if not isinstance(dtstamp, datetime) or dtstamp.tzinfo is None:
        raise ValueError("dtstamp must be a date and time in UTC")
    attendees = table.get("attendees", [])
    if not isinstance(attendees, list) or not all(isinstance(a, str) for a in attendees):
        raise ValueError("attendees must be a list of emails")
    end = table.get("end")
    return Entry(
        uid=uid,
        sequence=sequence,
        dtstamp=dtstamp.astimezone(UTC),
        fingerprint=_text(table, "fingerprint"),
        summary=_text(table, "summary"),
        start=_text(table, "start"),
        end=end if isinstance(end, str) else None,
        cancelled=bool(table.get("cancelled", False)),
        attendees=tuple(attendees),
    )


def _text(table: Mapping[str, object], key: str) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def render_state(plan_name: str, entries: Mapping[str, Entry]) -> str:
    """The state file's text: exactly what ``tomli_w.dumps`` writes for these tables
    (a test compares the two), made directly, which is ten times faster on a large plan."""
    chunks = []
    for uid in sorted(entries):
        entry = entries[uid]
        lines = [
            f"[{_key(uid)}]",
            f"sequence = {entry.sequence}",
            f"dtstamp = {entry.dtstamp}",
            f"fingerprint = {_string(entry.fingerprint)}",
            f"summary = {_string(entry.summary)}",
            f"start = {_string(entry.start)}",
        ]
        if entry.end is not None:
            lines.append(f"end = {_string(entry.end)}")
        if entry.cancelled:
            lines.append("cancelled = true")
        if entry.attendees:
            lines.append("attendees = [")
            lines.extend(f"    {_string(email)}," for email in entry.attendees)
            lines.append("]")
        chunks.append("\n".join(lines) + "\n")
    return _HEADER.format(plan=plan_name) + "\n" + "\n".join(chunks)


_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.MULTILINE)
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')


def _string(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    import tomli_w

    return tomli_w.dumps({"k": text})[4:-1]  # escapes exactly as tomli_w does


def _key(key: str) -> str:
    return key if _BARE.fullmatch(key) else _string(key)


def write_state(path: Path, plan_name: str, entries: Mapping[str, Entry]) -> None:
    atomic_write_text(path, render_state(plan_name, entries))


def state_findings(plan_file: Path, display: str) -> list[Finding]:
    """For `check`: an error if the plan's state file exists but does not parse."""
    path = state_path(plan_file)
    try:
        read_state(path)
    except StateError as error:
        if plan_file.is_symlink():
            shown = path.as_posix()  # beside the real plan, not beside the link
        else:
            shown = display.rsplit("/", 1)[0] + "/" + path.name if "/" in display else path.name
        return [
            Finding(
                shown,
                Severity.ERROR,
                "bad-state",
                "",
                error.message.split(": ", 1)[1],
                error.hint,
                error.line,
            )
        ]
    return []
