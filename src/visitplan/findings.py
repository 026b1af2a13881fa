"""Findings: what `check` (and every loader) reports about a plan file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in one file.

    ``path`` is the key path inside the plan (``events[2].program[0].start``), empty for
    problems with the file as a whole. ``code`` is a stable, machine-readable name for the
    kind of problem (``missing-key``, ``dst-gap`` …); ``hint`` says how to fix it.
    """

    file: str
    severity: Severity
    code: str
    path: str
    message: str
    hint: str = ""
    line: int | None = None
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def located(self, line: int | None, column: int | None = None) -> Finding:
        if self.line is not None:
            return self
        return replace(self, line=line, column=column)

    def as_error(self) -> Finding:
        return replace(self, severity=Severity.ERROR)

    def as_warning(self) -> Finding:
        return replace(self, severity=Severity.WARNING)

    def render(self) -> str:
        """``file:line: severity: path: message — hint`` (the compiler-style line)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.severity.value}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f" — {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


def sort_key(finding: Finding) -> tuple[int, int, str, str]:
    line = finding.line if finding.line is not None else 0
    column = finding.column if finding.column is not None else 0
    return (line, column, finding.path, finding.message)
