"""Writing to what the user named: links are written through, devices and FIFOs are
written into, modes follow the umask or stay. Real `visitplan` processes on real files."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINIMAL, TODAY, snapshot

VISITPLAN = [sys.executable, "-m", "visitplan"]
ENV = {**os.environ, "VISITPLAN_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
PLAN = MINIMAL.replace('id = "twin"\n', 'id = "twin"\norganizer = "chyzhevska"\n')
posix_only = pytest.mark.skipif(os.name != "posix", reason="umask, FIFOs and devices are POSIX")


def visitplan(
    *args: str | Path, umask: int | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    preexec: Callable[[], object] | None = None
    if umask is not None:
        mask = umask
        preexec = lambda: os.umask(mask)  # noqa: E731
    done = subprocess.run(
        [*VISITPLAN, *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        preexec_fn=preexec,
        check=False,
    )
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done


def link(path: Path, target: Path) -> Path:
    try:
        path.symlink_to(target)
    except OSError:
        pytest.skip("cannot make symbolic links here")
    return path


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "twin.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- devices


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_export_to_dev_null_as_root_leaves_a_device(plan: Path) -> None:
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    try:
        done = visitplan("export", plan, "-o", "/dev/null")
        after = os.stat("/dev/null")
    finally:  # a failing run must not leave the machine without /dev/null
        if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
            os.unlink("/dev/null")
            os.mknod("/dev/null", stat.S_IFCHR | stat.S_IMODE(before.st_mode), before.st_rdev)
            os.chmod("/dev/null", stat.S_IMODE(before.st_mode))  # mknod applies the umask
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino and after.st_mode == before.st_mode
    assert not list(Path("/dev").glob(".null.*.tmp"))


@posix_only
def test_export_to_a_fifo_writes_the_calendar_into_it(plan: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = visitplan("export", plan, "-o", fifo)
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not replaced by a file
    # the same bytes an export to a file gives (the state is unchanged, so are the stamps)
    assert visitplan("export", plan, "-o", tmp_path / "file.ics").returncode == 0
    assert received == [(tmp_path / "file.ics").read_bytes()]
    assert received[0].startswith(b"BEGIN:VCALENDAR\r\n")


@posix_only
def test_export_to_dev_stdout_writes_to_standard_output(plan: Path, tmp_path: Path) -> None:
    dev_stdout = Path("/dev/stdout")
    was = os.readlink(dev_stdout) if dev_stdout.is_symlink() else None
    try:
        done = visitplan("export", plan, "-o", dev_stdout)
        still = os.readlink(dev_stdout) if dev_stdout.is_symlink() else None
    finally:  # a failing run must not leave the machine with a file for /dev/stdout
        if was is not None and not dev_stdout.is_symlink():
            dev_stdout.unlink()
            dev_stdout.symlink_to(was)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("BEGIN:VCALENDAR")
    assert still == was


def test_export_onto_a_folder_is_a_clear_error(plan: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    before = snapshot(tmp_path)
    done = visitplan("export", plan, "-o", tmp_path / "out")
    assert done.returncode == 1
    assert "it is a folder" in done.stderr
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- links


def test_set_on_a_linked_plan_changes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "repo" / "plans" / "twin.toml"
    real.parent.mkdir(parents=True)
    real.write_text(PLAN, encoding="utf-8")
    path = link(tmp_path / "twin.toml", Path("repo/plans/twin.toml"))  # a relative link
    done = visitplan("set", path, "event", "meeting", "--url", "https://meet.example.org/r")
    assert done.returncode == 0, done.stderr
    assert path.is_symlink() and os.readlink(path) == str(Path("repo/plans/twin.toml"))
    assert 'url = "https://meet.example.org/r"' in real.read_text("utf-8")
    assert sorted(p.name for p in real.parent.iterdir()) == ["twin.toml"]  # no temp, no lock


def test_a_linked_state_file_and_calendar_stay_links(plan: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    assert visitplan("export", plan, "-o", store / "twin.ics").returncode == 0
    state = tmp_path / "twin.visitplan-state"
    state.rename(store / state.name)
    link(state, store / state.name)
    ics = link(tmp_path / "twin.ics", store / "twin.ics")
    old_state, old_ics = (store / state.name).read_bytes(), (store / "twin.ics").read_bytes()
    assert visitplan("set", plan, "event", "meeting", "--title", "Зустріч").returncode == 0
    done = visitplan("export", plan, "-o", ics)
    assert done.returncode == 0, done.stderr
    assert state.is_symlink() and ics.is_symlink()
    assert (store / state.name).read_bytes() != old_state
    assert "sequence = 1" in (store / state.name).read_text("utf-8")
    assert (store / "twin.ics").read_bytes() != old_ics
    assert b"SUMMARY:\xd0\x97" in (store / "twin.ics").read_bytes()


def test_a_plan_reached_through_a_link_shares_the_state_of_the_real_plan(
    plan: Path, tmp_path: Path
) -> None:
    # Found by a coordinator: an export through a link kept a second state file beside the
    # link, so the same content got SEQUENCE 3 one way and 2 the other.
    links = tmp_path / "links"
    links.mkdir()
    linked = link(links / "ll.toml", plan)
    state = plan.with_name("twin.visitplan-state")
    assert visitplan("export", plan, "-o", tmp_path / "a.ics").returncode == 0
    before = state.read_bytes()
    through = visitplan("export", linked, "-o", tmp_path / "b.ics")
    assert through.returncode == 0, through.stderr
    assert "(1 unchanged)" in through.stderr
    assert not (links / "ll.visitplan-state").exists()
    assert state.read_bytes() == before
    for number, where in enumerate([plan, linked, plan, linked], 1):
        edited = visitplan("set", where, "event", "meeting", "--title", f"Réunion {number}")
        assert edited.returncode == 0, edited.stderr
        assert visitplan("export", where, "-o", tmp_path / f"{number}.ics").returncode == 0
        assert f"SEQUENCE:{number}" in (tmp_path / f"{number}.ics").read_text("utf-8")
    assert not (links / "ll.visitplan-state").exists()
    assert linked.is_symlink()


@posix_only
def test_a_regular_file_under_dev_is_replaced_like_any_other(tmp_path: Path) -> None:
    # Found in review: any path under /dev/ was written into with O_APPEND, so a plan kept
    # on /dev/shm (a tmpfs) became two plans after one `set`, and a new .ics was refused.
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        pytest.skip("no writable /dev/shm here")
    folder = Path(tempfile.mkdtemp(prefix="visitplan-test-", dir=shm))
    try:
        plan = folder / "twin.toml"
        plan.write_text(PLAN, encoding="utf-8")
        edited = visitplan("set", plan, "event", "meeting", "--title", "Зустріч")
        assert edited.returncode == 0, edited.stderr
        assert plan.read_text("utf-8") == PLAN.replace('title = "Réunion"', 'title = "Зустріч"')
        for _ in range(2):
            done = visitplan("export", plan, "-o", folder / "new.ics")
            assert done.returncode == 0, done.stderr
            assert (folder / "new.ics").read_text("utf-8").count("BEGIN:VCALENDAR") == 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_link_to_a_file_not_there_yet_creates_its_target(plan: Path, tmp_path: Path) -> None:
    out = link(tmp_path / "out.ics", tmp_path / "target.ics")
    done = visitplan("export", plan, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.is_symlink() and (tmp_path / "target.ics").read_bytes().startswith(b"BEGIN:")


# --------------------------------------------------------------------------- modes


@posix_only
@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_mode_the_umask_gives(tmp_path: Path, umask: int, expected: int) -> None:
    plans = tmp_path / "plans"
    done = visitplan("new", "lviv", "--dir", plans, "--template", "online-meeting", umask=umask)
    assert done.returncode == 0, done.stderr
    plan = plans / "lviv.toml"
    assert mode(plan) == expected
    plan.write_text(PLAN, encoding="utf-8")  # one with an organizer, for invite
    assert visitplan("export", plan, "-o", tmp_path / "a.ics", umask=umask).returncode == 0
    written = [tmp_path / "a.ics", plans / "lviv.visitplan-state"]
    done = visitplan("export", plan, "--per-person", tmp_path / "people", umask=umask)
    assert done.returncode == 0, done.stderr
    written += sorted((tmp_path / "people").iterdir())
    done = visitplan(
        "invite", plan, "meeting", "--dry-run", tmp_path / "mail", "--force", umask=umask
    )
    assert done.returncode == 0, done.stderr
    written += sorted((tmp_path / "mail").iterdir())
    assert [p.suffix for p in written[2:]] == [".ics", ".ics", ".eml"]
    for path in written:
        assert mode(path) == expected, path


@posix_only
def test_existing_files_keep_their_mode(plan: Path, tmp_path: Path) -> None:
    ics = tmp_path / "twin.ics"
    assert visitplan("export", plan, "-o", ics).returncode == 0
    state = tmp_path / "twin.visitplan-state"
    for path in (plan, ics, state):
        path.chmod(0o640)
    assert visitplan("set", plan, "event", "meeting", "--title", "Зустріч").returncode == 0
    assert visitplan("export", plan, "-o", ics, umask=0o022).returncode == 0
    assert "sequence = 1" in state.read_text("utf-8")
    for path in (plan, ics, state):
        assert mode(path) == 0o640, path


# --------------------------------------------------------------------------- folders


@pytest.mark.parametrize("command", ["export", "invite"])
def test_writing_files_into_an_existing_file_is_a_clean_error(
    plan: Path, tmp_path: Path, command: str
) -> None:
    blocker = tmp_path / "existing-file.toml"
    blocker.write_text("x = 1\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for folder in (blocker, blocker / "below"):
        args = (
            ["export", plan, "--per-person", folder]
            if command == "export"
            else ["invite", plan, "meeting", "--dry-run", folder, "--force"]
        )
        done = visitplan(*args)
        assert done.returncode == 2, done.stderr
        assert f"{blocker.as_posix()} is a file, not a folder" in done.stderr
        assert "give a folder" in done.stderr
        assert snapshot(tmp_path) == before  # no .ics, no .eml, no state file


# --------------------------------------------------------------------------- many files


def test_many_files_are_written_through_links_keeping_modes(tmp_path: Path) -> None:
    from visitplan.workspace.fileio import atomic_write_many

    real = tmp_path / "real.html"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.html"
    link.symlink_to(real)
    new = tmp_path / "new.html"
    atomic_write_many([(link, "сторінка".encode()), (new, b"page")])
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "сторінка"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert new.read_bytes() == b"page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "new.html", "real.html"]


def test_many_files_fail_before_replacing_any(tmp_path: Path) -> None:
    from visitplan.workspace.fileio import WriteError, atomic_write_many

    first = tmp_path / "a.html"
    first.write_text("keep", encoding="utf-8")
    with pytest.raises(WriteError) as caught:
        atomic_write_many([(first, b"new"), (tmp_path / "missing" / "b.html", b"x")])
    assert "missing" in caught.value.message
    assert first.read_text(encoding="utf-8") == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]  # no temporary file left
