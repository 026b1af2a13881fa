"""Rendering `check` results: compiler-style lines for people, JSON for programs."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from visitplan.findings import Finding
from visitplan.render.styles import SEVERITY_STYLE
from visitplan.workspace.checking import CheckReport


def finding_text(finding: Finding) -> Text:
    """One finding as a styled line (plain when the console has no colour)."""
    where = finding.file if finding.line is None else f"{finding.file}:{finding.line}"
    text = Text()
    text.append(where, style="bold")
    text.append(": ")
    text.append(finding.severity.value, style=SEVERITY_STYLE[finding.severity.value])
    text.append(": ")
    if finding.path:
        text.append(finding.path, style="cyan")
        text.append(": ")
    text.append(finding.message)
    if finding.hint:
        text.append(" — ")
        text.append(finding.hint, style="dim")
    return text


def render_check_text(report: CheckReport, console: Console) -> None:
    if not console.is_terminal or console.no_color:  # plain: one write, no rich
        lines = [finding.render() for finding in report.findings] + [summary(report)]
        console.file.write("\n".join(lines) + "\n")
        console.file.flush()
        return
    for file_report in report.files:
        for finding in file_report.findings:
            console.print(finding_text(finding))
    console.print(summary(report), style="bold" if report.errors else "green")


def summary(report: CheckReport) -> str:
    files = len(report.files)
    if not report.plans:  # what was looked at, not "0 plans (1 file)"
        names = ", ".join(file_report.file for file_report in report.files)
        return f"found no plan in {names}: {report.errors} error{'s' if report.errors != 1 else ''}"
    checked = f"{report.plans} plan{'s' if report.plans != 1 else ''}"
    if files != report.plans:
        checked += f" ({files} file{'s' if files != 1 else ''})"
    if not report.errors and not report.warnings:
        return f"checked {checked}: no problems"
    parts = []
    if report.errors:
        parts.append(f"{report.errors} error{'s' if report.errors != 1 else ''}")
    if report.warnings:
        parts.append(f"{report.warnings} warning{'s' if report.warnings != 1 else ''}")
    return f"checked {checked}: {', '.join(parts)}"


def check_json(report: CheckReport) -> str:
    """The documented JSON list of findings (see the README, `check --format json`)."""
    return json.dumps([f.to_json() for f in report.findings], indent=2, ensure_ascii=False) + "\n"
