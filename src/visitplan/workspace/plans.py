"""The plan files a command works on: finding them under the paths given, and loading
them for the views, export and writing commands — from the cache when a file has not
changed, so that a run on unchanged plans imports neither the loader nor the rules."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from visitplan.findings import Finding, Severity

if TYPE_CHECKING:
    from visitplan.plan.model import Plan

PLAN_SUFFIX = ".toml"
STATE_SUFFIX = ".visitplan-state"


def state_path(plan_file: Path) -> Path:
    """The export state kept next to a plan (see ``export_state``): next to the real file
    when the plan is reached through a symbolic link, so that every path to one plan
    shares its state (as it shares its lock)."""
    if plan_file.is_symlink():
        target = Path(os.path.realpath(plan_file))
        if target.suffix == PLAN_SUFFIX:
            plan_file = target
    return plan_file.with_name(plan_file.stem + STATE_SUFFIX)


def state_file_name(plan_file: str) -> str:
    """``state_path`` for a file name, without making paths (a run on many unchanged
    plans does this for each)."""
    if os.path.islink(plan_file):
        return os.fspath(state_path(Path(plan_file)))
    return os.path.splitext(plan_file)[0] + STATE_SUFFIX


def _problem(display: str, code: str, message: str, hint: str) -> Finding:
    return Finding(display, Severity.ERROR, code, "", message, hint)


def _suffix(name: str) -> str:
    """``Path(name).suffix`` without making a path (a folder can hold thousands)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def collect_plan_files(paths: Sequence[Path]) -> tuple[list[tuple[str, Path]], list[Finding]]:
    """Expand files and folders (their ``*.toml``, not recursive) into plan files.

    Returns (display name, path) pairs in a stable order, each file once, and findings
    for paths that do not exist or hold no plans.
    """
    files: list[tuple[str, Path]] = []
    problems: list[Finding] = []
    seen: set[str] = set()

    def add(display: str, path: Path, key: str | None = None) -> None:
        key = key or str(path.resolve())
        if key not in seen:
            seen.add(key)
            files.append((display, path))

    for path in paths:
        display = path.as_posix()
        if path.is_dir():
            # one listing, the types from it (no stat per file); only links are resolved
            # one by one, the others are in the folder's own real path
            real = str(path.resolve())
            with os.scandir(path) as listing:
                entries = {
                    entry.name: entry.is_symlink()
                    for entry in listing
                    if _suffix(entry.name) == PLAN_SUFFIX and entry.is_file()
                }
            found = sorted(path / name for name in entries)
            if not found:
                problems.append(_problem(display, "no-plans", *_no_plans(path)))
            for plan_file in found:
                linked = entries[plan_file.name]
                add(
                    plan_file.as_posix(),
                    plan_file,
                    None if linked else os.path.join(real, plan_file.name),
                )
        elif path.exists():
            add(display, path)
        else:
            problems.append(
                _problem(
                    display,
                    "no-such-path",
                    "no such file or folder",
                    "check the path; plans usually live in plans/<plan-id>.toml",
                )
            )
    return files, problems


def load_valid_plans(
    paths: Sequence[Path],
    today: date,
    cache_dir: Path | None = None,
    warn: Callable[[Finding], None] | None = None,
) -> list[Plan]:
    """The plans under ``paths`` for a command that uses them; :class:`PlanInvalid`
    (listing every error) if any has errors. Warnings do not stop anything, and are not
    looked for (`check` does that). Plans read before come from ``cache_dir`` (the plan
    cache and its index, ``visitplan.workspace.index``).

    A state file that does not parse is an error for the commands that use it (export,
    publish, invite). Views never read it: they pass ``warn``, which is told instead, as
    a warning, and the plan is used."""
    from visitplan.workspace.index.catalog import open_catalog

    return open_catalog(paths, today, cache_dir, warn).plans()


def load_file(path: Path, display: str, today: date) -> tuple[Plan | None, list[Finding]]:
    """A plan read again from its file (its state file checked too), for a plan that was
    in the index when a command started and is gone from the cache since."""
    from visitplan.plan.loading import load_plan_file
    from visitplan.workspace.export_state import state_findings

    try:
        data = path.read_bytes()
    except OSError:
        return None, [f for f in load_plan_file(path, display).findings if f.is_error]
    plan, errors = load_bytes(data, display, today)
    return plan, errors or state_findings(path, display)


def load_bytes(data: bytes, display: str, today: date) -> tuple[Plan | None, list[Finding]]:
    """A plan read and checked (errors only: views need no warnings, and lines are looked
    up for the errors alone)."""
    from visitplan.findings import sort_key
    from visitplan.plan.checking import check_plan
    from visitplan.plan.loading import load_plan_bytes

    result = load_plan_bytes(data, display, locate=False)
    found = list(result.findings)
    if result.plan is not None:
        found += check_plan(result, today, locate=False)
    errors = sorted(result.locate(f for f in found if f.is_error), key=sort_key)
    return result.plan, errors


def _no_plans(folder: Path) -> tuple[str, str]:
    """What a folder without plan files holds, and what a plan file is (problem, hint)."""
    names = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in os.scandir(folder))
    if not names:
        found = "this folder is empty: no plan file (*.toml) in it"
    else:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        found = f"this folder holds no plan file (*.toml), only {shown}"
    return found, (
        "a plan is a TOML file that starts with `format = 1`: start one with "
        "`visitplan new PLAN-ID` (it goes in ./plans), or give the folder that holds "
        "your plans, e.g. `visitplan check plans/`"
    )
