"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the pre-commit tool itself on a
temporary plan repository (`pre-commit try-repo`, which installs visitplan from this
repository into its own environment)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*args], cwd=repo, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.fixture(scope="module")
def plan_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:  # pragma: no cover - git is part of the set-up
        pytest.fail("git is needed")
    repo = tmp_path_factory.mktemp("plan-repo")
    (repo / "plans").mkdir()
    (repo / "plans" / "good.toml").write_text(MINIMAL, encoding="utf-8")
    (repo / "plans" / "bad.toml").write_text(
        MINIMAL.replace('id = "twin"', 'id = "twin-2"')
        .replace("@example", "@other")
        .replace('timezone = "Europe/Paris"', 'timezone = "Europe/Pari"'),
        encoding="utf-8",
    )
    (repo / "plans" / "warned.toml").write_text(
        MINIMAL.replace('id = "twin"', 'id = "twin-3"')
        .replace("@example", "@third")
        .replace('name = "Korosten"', 'name = "Korosten"\nnmae = "x"'),
        encoding="utf-8",
    )
    (repo / "pyproject.toml").write_text("[project]\nname = 'not-a-plan'\n", encoding="utf-8")
    assert run(repo, "git", "init", "-q").returncode == 0
    assert run(repo, "git", "add", ".").returncode == 0
    return repo


def try_repo(repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    return run(
        repo, sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files
    )


def test_the_hook_fails_a_commit_with_a_broken_plan(plan_repo: Path) -> None:
    done = try_repo(plan_repo, "visitplan-check", "plans/bad.toml", "plans/good.toml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        'plans/bad.toml:15: error: organizations.bourges.timezone: unknown time zone "Europe/Pari"'
        in done.stdout
    )


def test_the_hook_passes_good_plans_and_ignores_other_toml_files(plan_repo: Path) -> None:
    done = try_repo(
        plan_repo, "visitplan-check", "plans/good.toml", "plans/warned.toml", "pyproject.toml"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not-a-plan" not in done.stdout


def test_the_strict_hook_fails_on_warnings(plan_repo: Path) -> None:
    done = try_repo(plan_repo, "visitplan-check-strict", "plans/warned.toml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error: organizations.korosten.nmae: unknown key 'nmae'" in done.stdout
