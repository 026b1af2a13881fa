"""The one exception hierarchy of visitplan, and the exit codes it maps to.

Every error a user can cause is a :class:`VisitplanError`. The CLI turns it into a message
on stderr and its ``exit_code`` in exactly one place (``cli.app.VisitplanGroup``); anything
else is a bug and shows a traceback only with ``--debug``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # findings are made by the loader and the rules, not at start-up
    from visitplan.findings import Finding

EXIT_OK = 0
EXIT_FAILED = 1  # the plan is invalid, or the command could not do its job
EXIT_USAGE = 2  # the command line itself is wrong


class VisitplanError(Exception):
    """Base of every error a user can cause. ``hint`` says how to fix it."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

    def details(self) -> list[str]:
        """More lines to show under the message (e.g. every problem of a plan)."""
        return []


class UsageError(VisitplanError):
    """The command line is wrong (an option value that cannot be used)."""

    exit_code = EXIT_USAGE


class PlanInvalid(VisitplanError):
    """A plan needed by a command has errors; ``findings`` lists them all."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        errors = [f for f in findings if f.is_error]
        files = sorted({f.file for f in errors})
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        import shlex

        them = "them" if len(errors) != 1 else "it"
        super().__init__(
            f"{count} in {', '.join(files)}; fix {them} first",
            f"see {them} with `visitplan check {' '.join(shlex.quote(f) for f in files)}`"
            " (it shows the warnings too), then run this command again",
        )
        self.findings = tuple(errors)

    def details(self) -> list[str]:
        return [finding.render() for finding in self.findings]


class CommandFailed(VisitplanError):
    """The command ran and reported its result itself; only the exit code is left to set."""

    def __init__(self) -> None:
        super().__init__("")
