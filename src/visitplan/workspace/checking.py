"""Checking the plans of a workspace (`visitplan check`): every plan file found under the
paths given, each checked on its own (``plan.checking``), then all together, with the
state file beside each plan; and the report that `check` prints (``render.reporting``).
The rules themselves are ``plan.checking``'s."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from visitplan.findings import Finding, sort_key
from visitplan.plan.checking import check_across, check_plan
from visitplan.plan.loading import LoadResult, load_plan_file
from visitplan.plan.model import Plan
from visitplan.workspace.export_state import state_findings
from visitplan.workspace.plans import collect_plan_files

if TYPE_CHECKING:
    from visitplan.plan.holidays_data import Calendars


@dataclass(frozen=True)
class FileReport:
    file: str
    findings: tuple[Finding, ...]
    plan: Plan | None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass(frozen=True)
class CheckReport:
    files: tuple[FileReport, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for report in self.files for f in report.findings)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.files)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.files)

    @property
    def plans(self) -> int:
        return sum(1 for r in self.files if r.plan is not None)


def check_paths(
    paths: Sequence[Path],
    today: date,
    strict: bool = False,
    calendars: Calendars | None = None,
    lang: str | None = None,
) -> CheckReport:
    """Load every plan under ``paths`` and check each and all together. With
    ``calendars``, events on days off or outside working hours are warned about too
    (holiday and plan names in ``lang`` where they have it, else in English)."""
    files, problems = collect_plan_files(paths)
    results = [load_plan_file(path, display) for display, path in files]
    return check_results(results, today, strict, problems, calendars, lang)


def check_results(
    results: Sequence[LoadResult],
    today: date,
    strict: bool = False,
    problems: Iterable[Finding] = (),
    calendars: Calendars | None = None,
    lang: str | None = None,
) -> CheckReport:
    by_file: dict[str, list[Finding]] = {f.file: [f] for f in problems}
    for result in results:
        found = by_file.setdefault(result.file, [])
        found.extend(result.findings)
        if result.plan is not None:
            found.extend(check_plan(result, today, calendars=calendars, lang=lang))
            # a warning: the plan itself is fine, and only export and publish need the
            # state (they refuse it); --strict still makes it an error
            for finding in state_findings(Path(result.file), result.file):
                by_file.setdefault(finding.file, []).append(finding.as_warning())
    for finding in check_across(results):
        by_file[finding.file].append(finding)
    plans = {r.file: r.plan for r in results}
    reports = []
    for file, found in by_file.items():
        if strict:
            found = [f.as_error() for f in found]
        reports.append(FileReport(file, tuple(sorted(found, key=sort_key)), plans.get(file)))
    return CheckReport(tuple(reports))
