"""Plans at a git revision: which plan files there are and what they said.

Only read-only git commands are run (``rev-parse``, ``ls-tree``, ``show``), with the
working tree as the default "new" side.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from visitplan.errors import UsageError, VisitplanError
from visitplan.plan.loading import LoadResult, load_plan_bytes, load_plan_file
from visitplan.workspace.plans import collect_plan_files


@dataclass(frozen=True)
class Revision:
    name: str  # as given, e.g. HEAD~1, or "working tree"
    commit: str | None  # None for the working tree


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise VisitplanError("git is not installed", "install git to compare revisions") from None


def repository_root(cwd: Path) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        raise VisitplanError(
            f"{cwd.as_posix()} is not inside a git repository",
            "run visitplan changes in the repository that holds the plans",
        )
    return Path(done.stdout.decode().strip())


def resolve(revision: str, cwd: Path) -> Revision:
    done = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    if done.returncode != 0:
        raise UsageError(
            f'unknown revision "{revision}"',
            "give a branch, tag or commit git knows (main, HEAD~3, v1.0, a1b2c3d)",
        )
    return Revision(revision, done.stdout.decode().strip())


def plans_at(revision: Revision, paths: Sequence[Path], cwd: Path) -> list[LoadResult]:
    """Every plan file under ``paths`` at ``revision`` (or in the working tree), loaded."""
    if revision.commit is None:
        files, _ = collect_plan_files(paths)
        return [load_plan_file(path, display) for display, path in files]
    results = []
    for path in paths:
        spec = path.as_posix().rstrip("/")
        done = _git(
            ["ls-tree", "-r", "--name-only", "--full-name", revision.commit, "--", spec], cwd
        )
        if done.returncode != 0:
            continue
        prefix = _git(["rev-parse", "--show-prefix"], cwd).stdout.decode().strip()
        for name in sorted(done.stdout.decode().splitlines()):
            if not name.endswith(".toml"):
                continue
            directory = Path(name).parent.as_posix()
            if path.suffix != ".toml" and directory != Path(prefix + spec).as_posix().rstrip("/"):
                continue  # plans folders are not searched recursively
            content = _git(["show", f"{revision.commit}:{name}"], cwd)
            shown = name[len(prefix) :] if prefix and name.startswith(prefix) else name
            results.append(load_plan_bytes(content.stdout, shown))
    return results


MODIFIED = "modified"


def plan_revision(path: Path) -> str:
    """What a document made from the plan at ``path`` names as its revision: the short
    hash of the last commit that changed the file, or ``"modified"`` when the file has
    changes git has not recorded, is not in a repository, or git is missing. A commit
    that does not touch the plan does not change it (same plan, same bytes)."""
    folder = path.resolve().parent
    try:
        status = _git(["status", "--porcelain", "--", path.resolve().name], folder)
        last = _git(["log", "-1", "--format=%H", "--", path.resolve().name], folder)
    except VisitplanError:
        return MODIFIED
    commit = last.stdout.decode().strip()
    if status.returncode != 0 or last.returncode != 0 or status.stdout.strip() or not commit:
        return MODIFIED
    return commit[:7]
