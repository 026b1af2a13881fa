"""What every reader of plan values builds on: the findings it records, the marker of a
value that could not be read, and the checks shared by values of every kind (control
characters, line breaks, years, ids)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from visitplan.findings import Finding, Severity
from visitplan.plan import fields as F
from visitplan.plan.model import Text
from visitplan.plan.wording import describe, example, expected, shorten, slugify

FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a plan's dates may use


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_BREAK_NAMES = {"\r": "CR", "\n": "LF", "\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}


class Invalid:
    """Marks a value that was present but could not be read (the error is recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = Invalid()


class Recorder:
    """Records the findings of reading one file, and checks what values of every kind share."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.languages: tuple[str, ...] = ()
        self.defined: dict[str, set[str]] = {
            "organization": set(),
            "person": set(),
            "delegation": set(),
            "event": set(),
            "topic": set(),
            "action": set(),
        }

    # findings

    def error(self, path: str, code: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, Severity.ERROR, code, path, message, hint))

    def warn(self, path: str, code: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, Severity.WARNING, code, path, message, hint))

    def wrong_type(self, path: str, spec: F.Field, value: object) -> Invalid:
        self.error(
            path,
            "wrong-type",
            f"expected {expected(spec)}, got {describe(value)}",
            f"write it as {spec.name} = {example(spec)}",
        )
        return INVALID

    def in_range(self, value: date, path: str) -> bool:
        """False (and an error) for a date outside the years plans may use."""
        if FIRST_YEAR <= value.year <= LAST_YEAR:
            return True
        self.error(
            path,
            "date-out-of-range",
            f"{value.isoformat()[:10]} is outside the years visitplan handles "
            f"({FIRST_YEAR}–{LAST_YEAR})",
            "check the year",
        )
        return False

    def clean(self, value: str, path: str) -> bool:
        """False (and an error) if ``value`` holds a control character."""
        found = _CONTROL_RE.search(value)
        if found is None:
            return True
        self.error(
            path,
            "control-character",
            f"the text contains a control character (U+{ord(found.group()):04X}) at "
            f"position {found.start() + 1}",
            "remove it: it often comes with text copied from a word processor or a PDF",
        )
        return False

    def one_line(self, value: str, path: str, spec: F.Field) -> bool:
        """False (and an error) if ``value`` of a single-line field holds a line break."""
        if spec.multiline:
            return True
        found = F.LINE_BREAK_RE.search(value)
        if found is None:
            return True
        self.error(
            path,
            "line-break",
            f"'{spec.name}' is a single line, but the text has a line break "
            f"({_BREAK_NAMES[found.group()]}) at position "
            f"{found.start() + 1}",
            "write it on one line: it becomes a calendar property and a mail header, where a "
            "line break would end it (longer text belongs in `notes` or `description`)",
        )
        return False

    def bad_slug(self, value: str, path: str) -> None:
        self.error(
            path,
            "bad-id",
            f'"{shorten(value)}" is not a valid id',
            "ids use lower-case letters, digits and hyphens, start with a letter or digit "
            f'and have at most 63 characters, e.g. "{slugify(value)}"',
        )


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def placeholder(spec: F.Field) -> Any:
    """What stands in for a missing or wrong value: the default, else an empty value."""
    if spec.default is not None:
        return spec.default
    if spec.required:
        if spec.kind == "text":
            return Text()
        if spec.kind == "choice":
            return "other" if "other" in spec.choices else spec.choices[0]
        if spec.kind in ("slug", "string"):
            return ""
    return None
