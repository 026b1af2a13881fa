"""What an import is asked to do (:class:`ImportOptions`) and what it did
(:class:`ImportResult`: the new text, and a line for everything assumed, updated or left
out), and :class:`ImportRefused` when nothing can be imported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from visitplan.errors import VisitplanError

# the key path of an event, and of what is in it: the event's index
EVENT_PATH = re.compile(r"^events\[(\d+)\]")


@dataclass(frozen=True)
class ImportOptions:
    today: date
    until: date | None = None  # the end of the window of a series (default: a year)
    update: bool = False  # take the file's version of an event that differs
    strict: bool = False  # refuse the whole file if any event cannot be imported


@dataclass
class ImportResult:
    text: str
    events: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    program_items: int = 0
    skipped: int = 0  # tasks and other components left out
    already: int = 0  # entries of this plan, or imported earlier, as the file shows them
    removed: int = 0  # cancelled entries of this plan that it no longer has
    notes: list[str] = field(default_factory=list)  # entries of this plan not imported: why
    other_plans: list[str] = field(default_factory=list)  # visitplan plans imported from
    file_notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about events imported
    not_imported: list[str] = field(default_factory=list)  # events left out, and why

    def report(self) -> list[str]:
        """What was assumed, expanded, updated and left out, one line each (stderr)."""
        return [
            *self.file_notes,
            *self.assumptions,
            *self.series,
            *self.updates,
            *self.warnings,
            *self.not_imported,
            *self.notes,
        ]

    def summary(self, plan_name: str) -> str:
        """One line: what was imported into ``plan_name`` and what was not."""
        if self.events or self.people:
            parts = [count(len(self.events), "event")]
            if self.program_items:
                parts.append(count(self.program_items, "program item"))
            if self.people:
                parts.append(
                    f"{len(self.people)} new {'people' if len(self.people) != 1 else 'person'}"
                )
            text = f"imported {', '.join(parts)} into {plan_name}"
            if self.other_plans:
                names = ", ".join(f'"{name}"' for name in self.other_plans)
                text += f" from the plan{'s' if len(self.other_plans) != 1 else ''} {names}"
        else:
            text = f"nothing imported into {plan_name}"
        rest = []
        if self.updates:
            rest.append(f"{len(self.updates)} updated")
        if self.already:
            rest.append(f"{self.already} already in the plan")
        if self.notes or self.not_imported:
            rest.append(f"{len(self.notes) + len(self.not_imported)} not imported (see above)")
        if self.removed:
            rest.append(f"{self.removed} removed from the plan earlier")
        if self.skipped:
            rest.append(f"{count(self.skipped, 'task')} left out")
        return text + (f"; {', '.join(rest)}" if rest else "")


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


class ImportRefused(VisitplanError):
    """Nothing imported: the events that could not be, one line each."""

    def __init__(self, message: str, hint: str, lines: list[str]) -> None:
        super().__init__(message, hint)
        self.lines = lines

    def details(self) -> list[str]:
        return self.lines
