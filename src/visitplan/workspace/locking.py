"""Writers take turns: one exclusive lock per plan, held by every command that writes
the plan or its state file, from reading them to replacing them.

The lock is an operating-system lock (``flock`` on Linux and macOS, ``LockFileEx`` on
Windows, through the ``filelock`` library) on ``.<plan file name>.lock`` beside the plan
— beside the real file when the plan is reached through a link, so that two paths to
one plan share one lock. The system drops the lock when its process ends, however it
ends: a crashed or killed writer never leaves a plan locked. The holder writes who it
is into the lock file (process id, host, command, since when), so that a writer that
gives up after the timeout can say who holds the plan.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from visitplan.errors import VisitplanError

if TYPE_CHECKING:
    from filelock import BaseFileLock

DEFAULT_TIMEOUT = 10.0  # seconds; `--lock-timeout`, $VISITPLAN_LOCK_TIMEOUT
LOCK_PREFIX = "."
LOCK_SUFFIX = ".lock"
# The holder's note starts after one padding byte: Windows locks byte 0 against reading
# by others, the rest of the file stays readable.
_PAD = b"\n"
_NOTE_LIMIT = 300


class LockTimeout(VisitplanError):
    """Another writer held a plan for longer than the timeout; nothing was written."""


class LockFailed(VisitplanError):
    """The lock file could not be made or locked (a read-only folder, a file system
    without locks)."""


def lock_path(plan_file: Path) -> Path:
    """The lock file of a plan: ``.<name>.lock`` beside the real file."""
    real = Path(os.path.realpath(plan_file))
    return real.with_name(f"{LOCK_PREFIX}{real.name}{LOCK_SUFFIX}")


def _lock_paths(plan_files: Sequence[Path]) -> list[tuple[Path, Path]]:
    """The lock files to take with the plan each is for, each once, in one order for
    everyone. A plan whose folder does not exist has none: it cannot be read either,
    and the command says so.
    """
    locks: dict[Path, Path] = {}
    for plan_file in plan_files:
        path = lock_path(plan_file)
        # Where this process cannot write, it cannot replace the plan or its state
        # either (a read-only checkout): a command that only reads them needs no lock.
        if path.parent.is_dir() and os.access(path.parent, os.W_OK):
            locks.setdefault(path, plan_file)
    return sorted(locks.items())


@contextlib.contextmanager
def hold(plan_files: Sequence[Path], timeout: float, command: str) -> Iterator[None]:
    """Hold the lock of each plan (in one order for everyone, so that two commands on
    the same plans cannot each wait for the other) until the block ends. Waits up to
    ``timeout`` seconds in all; then :class:`LockTimeout`, naming the holder."""
    from filelock import Timeout

    deadline = time.monotonic() + timeout
    note = _note(command)
    with contextlib.ExitStack() as stack:
        for path, plan_file in _lock_paths(plan_files):
            lock = _PlanLock(path, note)
            try:
                lock.acquire(max(0.0, deadline - time.monotonic()))
            except Timeout:
                raise _timeout_error(plan_file, path, timeout) from None
            except OSError as error:
                raise LockFailed(
                    f"cannot lock {path.as_posix()}: {error.strerror or error}",
                    "visitplan makes this file beside the plan while it writes, to keep two "
                    "writers apart: check that you may create and write files in that folder",
                ) from None
            stack.callback(lock.release)
        yield


class _PlanLock:
    """One lock file. The holder writes its note into it, and removes it when done, so
    that no lock file stays behind (only a killed holder leaves one, unlocked).

    Removing a lock file that others may be waiting on is safe because a waiter that
    gets the lock of a file no longer there drops it and tries again (filelock checks
    this: its native Unix lock tests the file's link count; on Windows it removes the
    file on release itself)."""

    def __init__(self, path: Path, note: bytes) -> None:
        from filelock import FileLock

        self.path = path
        self.note = note
        self.held: os.stat_result | None = None
        self.lock: BaseFileLock = FileLock(path, on_acquired=self._record)

    def _record(self, fd: int) -> None:
        self.held = os.fstat(fd)
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, self.note)
            os.ftruncate(fd, len(self.note))

    def acquire(self, timeout: float) -> None:
        self.lock.acquire(timeout=timeout)

    def release(self) -> None:
        if os.name == "posix" and self.held is not None:
            with contextlib.suppress(OSError):
                if os.path.samestat(os.lstat(self.path), self.held):
                    os.unlink(self.path)  # while still holding it: see the class
        self.lock.release()


def _note(command: str) -> bytes:
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    words = command if len(command) <= _NOTE_LIMIT else command[: _NOTE_LIMIT - 1] + "…"
    import socket

    text = f"process {os.getpid()} on {socket.gethostname()} since {when}: {words}"
    return _PAD + " ".join(text.split()).encode("utf-8") + b"\n"


def holder(path: Path) -> str | None:
    """Who holds the lock, as its holder wrote it; None if that cannot be read."""
    try:
        with path.open("rb") as handle:
            handle.seek(len(_PAD))
            text = handle.read(4 * _NOTE_LIMIT).decode("utf-8", "replace").strip()
    except OSError:
        return None
    return text or None


def _timeout_error(plan_file: Path, path: Path, timeout: float) -> LockTimeout:
    who = holder(path) or "another visitplan command"
    return LockTimeout(
        f"not written: {plan_file.as_posix()} is being written by {who} (it holds "
        f"{path.as_posix()}); gave up waiting after {timeout:g} s",
        "wait for that command to finish and run yours again, or give it longer with "
        "--lock-timeout SECONDS (nothing was changed)",
    )
