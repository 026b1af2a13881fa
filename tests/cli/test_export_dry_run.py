"""`export --dry-run`: look at an export without using up the update (issue #15's trial).

The real command, as a subprocess on real files: a dry run prints the calendar (or the
names of the files it would write), says what would change, and writes no file and not
the export state; the real export afterwards still reports (and sends) the update."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE, snapshot

T0 = "1780000000"
OLD_URL = 'url = "https://meet.example.org/korosten-bourges"'
NEW_URL = 'url = "https://meet.example.org/korosten-bourges-nouveau"'
MEETING = "UID:korosten-bourges/online-2024-05-28@visitplan"


def visitplan(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": T0, "VISITPLAN_TODAY": "2024-06-01"}
    env.pop("VISITPLAN_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *args], cwd=folder, env=env, capture_output=True
    )


def exported_then_changed(tmp_path: Path, *first: str) -> Path:
    """The example plan exported once (``first``: the export's arguments), then the
    online meeting's link changed: one entry to update."""
    plan = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, plan)
    done = visitplan(tmp_path, "export", plan.name, *first)
    assert done.returncode == 0, done.stderr.decode()
    text = plan.read_text(encoding="utf-8")
    assert text.count(OLD_URL) == 1
    plan.write_text(text.replace(OLD_URL, NEW_URL), encoding="utf-8")
    return plan


def sequence_of_meeting(data: bytes) -> bytes:
    after = data.split(MEETING.encode() + b"\r\n", 1)[1]
    return after.split(b"\r\n", 1)[0]


def test_a_dry_run_to_a_file_writes_nothing_and_the_real_export_still_updates(
    tmp_path: Path,
) -> None:
    (tmp_path / "out").mkdir()
    plan = exported_then_changed(tmp_path, "-o", "out/k.ics")
    state = plan.with_name("korosten-bourges.visitplan-state")
    before = snapshot(tmp_path)
    dry = visitplan(tmp_path, "export", plan.name, "-o", "out/k.ics", "--dry-run")
    assert dry.returncode == 0, dry.stderr.decode()
    assert snapshot(tmp_path) == before  # no file, no state, no temporary file
    assert dry.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert sequence_of_meeting(dry.stdout) == b"SEQUENCE:1"
    assert NEW_URL.split('"')[1].encode() in dry.stdout
    assert dry.stderr.decode().strip() == (
        "would write out/k.ics: 11 entries (1 updated, 10 unchanged)"
    )
    again = visitplan(tmp_path, "export", plan.name, "-o", "out/k.ics", "--dry-run")
    assert again.stdout == dry.stdout and again.stderr == dry.stderr
    real = visitplan(tmp_path, "export", plan.name, "-o", "out/k.ics")
    assert real.returncode == 0, real.stderr.decode()
    assert real.stderr.decode().strip() == "wrote out/k.ics: 11 entries (1 updated, 10 unchanged)"
    assert (tmp_path / "out" / "k.ics").read_bytes() == dry.stdout
    assert state.read_bytes() != before[state.name]
    after = visitplan(tmp_path, "export", plan.name, "-o", "out/k.ics", "--dry-run")
    assert after.stderr.decode().strip() == "would write out/k.ics: 11 entries (11 unchanged)"


def test_a_dry_run_to_standard_output_keeps_the_state_and_says_what_would_change(
    tmp_path: Path,
) -> None:
    plan = exported_then_changed(tmp_path, "-o", "-")
    before = snapshot(tmp_path)
    dry = visitplan(tmp_path, "export", plan.name, "-o", "-", "--dry-run")
    assert dry.returncode == 0, dry.stderr.decode()
    assert snapshot(tmp_path) == before
    assert sequence_of_meeting(dry.stdout) == b"SEQUENCE:1"
    assert dry.stderr.decode().strip() == (
        "would write standard output: 11 entries (1 updated, 10 unchanged)"
    )
    # `-o -` is an export like any other: it records the new SEQUENCE
    real = visitplan(tmp_path, "export", plan.name, "-o", "-")
    assert real.stdout == dry.stdout
    assert snapshot(tmp_path) != before
    after = visitplan(tmp_path, "export", plan.name, "-o", "-", "--dry-run")
    assert after.stderr.decode().strip() == "would write standard output: 11 entries (11 unchanged)"


def test_a_dry_run_per_person_lists_the_files_and_writes_none(tmp_path: Path) -> None:
    plan = exported_then_changed(tmp_path, "--per-person", "people")
    before = snapshot(tmp_path)
    dry = visitplan(tmp_path, "export", plan.name, "--per-person", "people", "--dry-run")
    assert dry.returncode == 0, dry.stderr.decode()
    assert snapshot(tmp_path) == before
    # everyone attends the changed meeting: all seven files would change
    names = ["bonduelle", "chyzhevska", "damentsova", "henou", "moskalenko", "taran", "tarrisson"]
    assert dry.stdout.decode().splitlines() == [f"people/{n}.ics" for n in names]
    assert dry.stderr.decode().strip() == "would write 7 files to people/ (0 unchanged)"
    real = visitplan(tmp_path, "export", plan.name, "--per-person", "people")
    assert real.stderr.decode().strip() == "wrote 7 files to people/ (0 unchanged)"
    assert snapshot(tmp_path) != before
    after = visitplan(tmp_path, "export", plan.name, "--per-person", "people", "--dry-run")
    assert after.stdout == b""
    assert after.stderr.decode().strip() == "would write 0 files to people/ (7 unchanged)"


def test_a_dry_run_of_a_new_folder_does_not_make_it(tmp_path: Path) -> None:
    plan = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, plan)
    dry = visitplan(tmp_path, "export", plan.name, "--per-person", "new/people", "--dry-run")
    assert dry.returncode == 0, dry.stderr.decode()
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["korosten-bourges.toml"]
    assert dry.stderr.decode().strip() == "would write 7 files to new/people/ (0 unchanged)"


def test_a_dry_run_of_invitations_lists_each_file_and_writes_none(tmp_path: Path) -> None:
    request = ["--method", "request", "--event", "study-visit-2023"]
    plan = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, plan)
    before = snapshot(tmp_path)
    dry = visitplan(tmp_path, "export", plan.name, *request, "-o", "visit.ics", "--dry-run")
    assert dry.returncode == 0, dry.stderr.decode()
    assert snapshot(tmp_path) == before
    listed = dry.stdout.decode().splitlines()
    assert listed[0] == "visit.ics" and len(listed) == 8  # the visit and its 7 sessions
    assert all(name.startswith("visit--") for name in listed[1:])
    assert (
        dry.stderr.decode().strip()
        == "would write 8 files: visit.ics and its sessions (0 unchanged)"
    )
    real = visitplan(tmp_path, "export", plan.name, *request, "-o", "visit.ics")
    assert real.stderr.decode().strip() == "wrote 8 files: visit.ics and its sessions (0 unchanged)"
    assert sorted(listed) == sorted(p.name for p in tmp_path.glob("visit*.ics"))
    people = [*request, "--per-person", "people", "--dry-run"]
    per_person = visitplan(tmp_path, "export", plan.name, *people)
    assert per_person.returncode == 0, per_person.stderr.decode()
    assert not (tmp_path / "people").exists()
    assert len(per_person.stdout.decode().splitlines()) == 2 * 8
    assert per_person.stderr.decode().strip() == "would write 16 files to people/ (0 unchanged)"
