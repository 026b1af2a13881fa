"""Writing files so that a crash, a full disk or Ctrl-C never leaves half a file:
write a temporary file in the same folder, flush it to disk, then ``os.replace``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from visitplan.errors import VisitplanError


class WriteError(VisitplanError):
    """A file could not be written; the old one (if any) is intact."""


def atomic_write_bytes(path: Path, data: bytes | bytearray) -> None:
    """Replace ``path`` with ``data`` in one step (keeping the old file's permissions);
    :class:`WriteError` if that fails, with nothing changed and no temporary file left."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path``'s new content into piece by piece; it replaces ``path``
    only when the block ends without an error (:class:`WriteError` if writing fails,
    with nothing changed and no temporary file left)."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise _write_error(path, error) from error
        raise


def _write_error(path: Path, error: OSError) -> WriteError:
    reason = error.strerror or str(error)
    return WriteError(
        f"cannot write {path.as_posix()}: {reason}",
        "check that the folder exists and is writable and that the disk has room "
        "(nothing was changed)",
    )


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` as UTF-8, with ``\\n`` line endings as given."""
    atomic_write_bytes(path, text.encode("utf-8"))
