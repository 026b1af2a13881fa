"""Writers take turns: real `visitplan` processes on real files, started together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import MINIMAL, TODAY, snapshot
from visitplan.plan import tomlread

VISITPLAN = [sys.executable, "-m", "visitplan"]
ENV = {**os.environ, "VISITPLAN_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
ENV.pop("VISITPLAN_LOCK_TIMEOUT", None)

# A process that holds a plan's lock (through visitplan's own locking) until it is
# killed; it says "held" once it has it.
HOLDER = """
import sys, time
from pathlib import Path
from visitplan.workspace.locking import hold
with hold([Path(sys.argv[1])], 5, "holder-of-the-test"):
    print("held", flush=True)
    time.sleep(120)
"""


def start(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*VISITPLAN, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or ENV,
    )


def visitplan(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VISITPLAN, *map(str, args)], capture_output=True, text=True, env=env or ENV, check=False
    )


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture
def holder(plan: Path):  # type: ignore[no-untyped-def]
    """Start a process holding the lock of ``plan``; yields it (killed at the end)."""
    processes: list[subprocess.Popen[str]] = []

    def hold(path: Path = plan) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        processes.append(process)
        assert process.stdout is not None
        assert process.stdout.readline() == "held\n"
        return process

    yield hold
    for process in processes:
        process.kill()
        process.wait()


def test_writers_started_together_all_land_every_round(plan: Path) -> None:
    """8 `add` processes (and a `set` or a `move`) at the same moment, 20 rounds: every
    one exits 0 and every change is in the file — none is lost."""
    start_before = tomlread.loads(plan.read_text("utf-8"))["events"][0]["start"]
    url, moves = None, 0
    for round_number in range(20):
        ids = [f"r{round_number}p{n}" for n in range(8)]
        processes = [
            start("add", "person", plan, "--id", pid, "--name", pid, "--organization", "korosten")
            for pid in ids
        ]
        if round_number % 2:
            processes.insert(4, start("move", plan, "meeting", "--by", "1d"))
            moves += 1
        else:
            url = f"https://meet.example.org/round-{round_number}"
            processes.insert(4, start("set", plan, "event", "meeting", "--url", url))
        for process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, (round_number, out, err)
        data = tomlread.loads(plan.read_text("utf-8"))
        missing = [pid for pid in ids if pid not in data["people"]]
        assert not missing, (round_number, missing)
        assert data["events"][0]["url"] == url
        assert data["events"][0]["start"] == start_before + timedelta(days=moves)
    assert len(data["people"]) == 2 + 8 * 20
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.toml"]  # no lock file left


def test_a_held_plan_makes_a_writer_give_up_naming_the_holder(plan: Path, holder) -> None:  # type: ignore[no-untyped-def]
    process = holder()
    before = snapshot(plan.parent)
    began = time.monotonic()
    done = visitplan(
        "set", plan, "event", "meeting", "--url", "https://x.example.org/", "--lock-timeout", "1"
    )
    waited = time.monotonic() - began
    assert done.returncode == 1, done.stderr
    assert waited >= 1
    assert f"process {process.pid} on " in done.stderr
    assert "holder-of-the-test" in done.stderr
    assert plan.as_posix() in done.stderr and "--lock-timeout" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(plan.parent) == before


def test_a_killed_holder_leaves_the_plan_free_at_once(plan: Path, holder) -> None:  # type: ignore[no-untyped-def]
    process = holder()
    process.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    process.wait()
    done = visitplan(
        "set", plan, "event", "meeting", "--url", "https://x.example.org/", "--lock-timeout", "0"
    )
    assert done.returncode == 0, done.stderr
    assert 'url = "https://x.example.org/"' in plan.read_text("utf-8")
    # the lock file the killed holder left is gone once a writer is done with it
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.toml"]


def test_the_state_file_is_written_under_the_plans_lock(plan: Path, holder) -> None:  # type: ignore[no-untyped-def]
    holder()
    before = snapshot(plan.parent)
    done = visitplan("export", plan, "-o", plan.parent / "out.ics", "--lock-timeout", "0.2")
    assert done.returncode == 1, done.stderr
    assert "gave up waiting after 0.2 s" in done.stderr
    assert snapshot(plan.parent) == before  # neither the .ics nor the state file


def test_two_paths_to_one_plan_share_its_lock(plan: Path, holder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    link = tmp_path / "elsewhere" / "link.toml"
    link.parent.mkdir()
    try:
        link.symlink_to(plan)
    except OSError:
        pytest.skip("cannot make symbolic links here")
    holder(plan)
    done = visitplan(
        "set", link, "event", "meeting", "--url", "https://x.example.org/", "--lock-timeout", "0.2"
    )
    assert done.returncode == 1, done.stderr
    assert "holder-of-the-test" in done.stderr


def test_the_timeout_comes_from_the_environment_too(plan: Path, holder) -> None:  # type: ignore[no-untyped-def]
    holder()
    env = {**ENV, "VISITPLAN_LOCK_TIMEOUT": "0.3"}
    done = visitplan("add", "topic", plan, "--id", "t", "--title", "T", env=env)
    assert done.returncode == 1, done.stderr
    assert "gave up waiting after 0.3 s" in done.stderr


@pytest.mark.parametrize("value", ["-1", "soon", "nan"])
def test_a_bad_timeout_is_a_usage_error(plan: Path, value: str) -> None:
    before = snapshot(plan.parent)
    for env in (None, {**ENV, "VISITPLAN_LOCK_TIMEOUT": value}):
        args = ["set", plan, "event", "meeting", "--url", "https://x.example.org/"]
        done = visitplan(*args, *(["--lock-timeout", value] if env is None else []), env=env)
        assert done.returncode == 2, done.stderr
        assert "--lock-timeout" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(plan.parent) == before


def test_a_dry_run_writes_nothing_and_needs_no_lock(plan: Path, holder) -> None:  # type: ignore[no-untyped-def]
    holder()
    done = visitplan(
        "set",
        plan,
        "event",
        "meeting",
        "--url",
        "https://x.example.org/",
        "--dry-run",
        "--lock-timeout",
        "0",
    )
    assert done.returncode == 0, done.stderr
    assert "+url" in done.stdout.replace(" ", "") or "https://x.example.org/" in done.stdout


def test_every_writing_command_takes_the_lock(plan: Path, holder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """new, add, set, move, import, export, publish, invite: each waits for the holder."""
    ics = tmp_path / "in.ics"
    assert visitplan("export", plan, "-o", ics).returncode == 0
    holder()
    new_plan = tmp_path / "twin2.toml"
    holder(new_plan)
    commands = [
        ["new", "twin2", "--dir", tmp_path],
        ["add", "topic", plan, "--id", "t", "--title", "T"],
        ["set", plan, "event", "meeting", "--url", "https://x.example.org/"],
        ["move", plan, "meeting", "--by", "1d"],
        ["import", ics, "--plan", plan],
        ["export", plan, "-o", tmp_path / "out.ics"],
        ["publish", plan, "--url", "http://127.0.0.1:9/cal/"],
        ["invite", plan, "meeting", "--smtp", "127.0.0.1:9"],
    ]
    before = snapshot(tmp_path)
    for args in commands:
        done = visitplan(*args, "--lock-timeout", "0")
        assert done.returncode == 1, (args[0], done.stderr)
        assert "holder-of-the-test" in done.stderr, (args[0], done.stderr)
    assert snapshot(tmp_path) == before
