"""Writing a changed plan: the text is checked with the rules of `visitplan check` and
refused if it adds an error (:class:`EditRefused`), and refused if the file changed on
disk since it was read; the write itself is ``visitplan.workspace.fileio``'s (atomic,
beside the real file). A new plan is written the same way, under its lock."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from visitplan.editing.document import Document
from visitplan.errors import VisitplanError
from visitplan.findings import Finding
from visitplan.plan.loading import LoadResult
from visitplan.workspace.checking import check_results
from visitplan.workspace.fileio import atomic_write_bytes, make_folder


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


def write_new(path: Path, text: str, lock: Callable[[Path], object] | None = None) -> None:
    """Write a new plan file: its folder made, ``lock(path)`` called once it exists (to
    hold the new plan's lock), refused if the file has appeared meanwhile."""
    make_folder(path.parent)
    if lock is not None:
        lock(path)
    if path.exists():
        raise VisitplanError(f"{path.as_posix()} exists already", "choose another id")
    atomic_write_bytes(path, text.encode("utf-8"))
