"""What a newcomer found on an all-day Lviv (Europe/Kyiv) – Lublin (Europe/Warsaw) visit of
26–28 March 2027 (tests/plans/lviv-lublin-2027.toml), across the spring-forward night of
28 March, with program items on both sides of the change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PLAN = ROOT / "tests" / "plans" / "lviv-lublin-2027.toml"
NOTE = "Note: from 28 March 2027, Warsaw is 6 h ahead of New York (before: 5 h)."


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    shutil.copy(PLAN, tmp_path / "plans" / PLAN.name)
    return tmp_path


def visitplan(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command as a process, in ``cwd`` (plans found in ./plans)."""
    env = {**os.environ, "VISITPLAN_TODAY": "2027-03-01", "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *map(str, args)],
        capture_output=True, text=True, env=env, check=False, cwd=cwd,
    )  # fmt: skip


ZONES = ("--lang", "en", "--tz", "Europe/Warsaw", "--tz", "America/New_York")


def test_program_items_of_an_all_day_visit_across_the_change_get_the_note(
    workdir: Path,
) -> None:
    done = visitplan(workdir, "agenda", "lviv-lublin-2027", *ZONES)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(NOTE) == 1, done.stdout
    assert "10:00–11:30 Warsaw · 05:00–06:30 New York" in done.stdout
    assert "13:00–14:30 Warsaw · 07:00–08:30 New York" in done.stdout
    done = visitplan(workdir, "agenda", "lviv-lublin-2027", *ZONES, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["offset_changes"] == [
        {
            "zones": ["Europe/Warsaw", "America/New_York"],
            "date": "2027-03-28",
            "difference_before_hours": 5.0,
            "difference_after_hours": 6.0,
        }
    ]


def test_items_on_one_side_of_the_change_get_no_note(workdir: Path) -> None:
    done = visitplan(workdir, "agenda", "lviv-lublin-2027", *ZONES, "--to", "2027-03-27")
    assert done.returncode == 0, done.stderr
    assert "Welcome at the town hall" in done.stdout
    assert "Note:" not in done.stdout


# ------------------------------------------------------- 2: a list left empty by remove


def test_remove_with_references_drops_a_list_it_would_leave_empty(workdir: Path) -> None:
    plan = workdir / "plans" / PLAN.name
    text = plan.read_text(encoding="utf-8").replace(
        'lead = "zavyalov"\n', 'lead = "zavyalov"\nmembers = [\n  "wojcik",  # перекладачка\n]\n'
    )
    text = text.replace('participants = ["wojcik"]', 'participants = ["wojcik", "zavyalov"]')
    plan.write_text(text, encoding="utf-8")
    before = plan.read_text(encoding="utf-8")
    done = visitplan(workdir, "remove", "person", "wojcik", "--plan", plan, "--with-references")
    assert done.returncode == 0, done.stderr
    assert "with 4 references to it" in done.stdout
    after = plan.read_text(encoding="utf-8")
    expected = (
        before.replace('[people.wojcik]\nname.uk = "Анна Войцік"\nname.en = "Anna Wójcik"\n'
                       'organization = "lublin"\n\n', "")
        .replace('members = [\n  "wojcik",  # перекладачка\n]\n', "")
        .replace('  speakers = ["wojcik"]\n', "")
        .replace('participants = ["wojcik", "zavyalov"]', 'participants = ["zavyalov"]')
    )  # fmt: skip
    assert after == expected
    assert "speakers" not in after and "members" not in after
    done = visitplan(workdir, "check", plan)
    assert done.returncode == 0, done.stdout + done.stderr


# ----------------------------------------------- 3: a set that changes nothing says so


def test_a_set_that_changes_nothing_says_so_dry_run_or_not(workdir: Path) -> None:
    plan = workdir / "plans" / PLAN.name
    before = plan.read_bytes()
    args = ("set", "program", "spring-visit-2027/welcome", "--plan", plan)
    said = (
        f'nothing to change: start of program "spring-visit-2027/welcome" in '
        f"{plan.as_posix()} is already as given\n"
    )
    for dry_run in (("--dry-run",), ()):
        done = visitplan(workdir, *args, "--start", "2027-03-26T10:00", *dry_run)
        assert done.returncode == 0, done.stderr
        assert done.stdout == said and done.stderr == ""
        assert plan.read_bytes() == before
    done = visitplan(workdir, *args, "--title", "en=Welcome at the town hall", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("nothing to change: title of program")
    done = visitplan(workdir, *args, "--start", "2027-03-26T10:30")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("set start of program") and plan.read_bytes() != before
