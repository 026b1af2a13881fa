"""Writing files: the one home for it. Every file visitplan writes (plans, state files,
.ics, .eml) goes through here, so that each is written the same way:

- A regular file is replaced in one step: a temporary file in the same folder, flushed
  to disk, then ``os.replace`` — a crash, a full disk or Ctrl-C never leaves half a file.
- A symbolic link is written through: the link stays, the file it points to is replaced
  (the temporary file goes beside that file).
- Anything that is not a regular file — a device such as ``/dev/null`` or ``/dev/stdout``,
  a FIFO — is written into directly, never replaced.
- A new file gets the permissions the user's umask gives (0644 under umask 022); an
  existing file keeps its own (and its group, where the user may set it).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from visitplan.errors import UsageError, VisitplanError

# Names the kernel provides: opened for writing, never replaced (``/dev/stdout`` is a
# link to /proc/self/fd/1, which may lead to a pipe or to the file the shell opened).
_STANDARD_STREAMS = ("/dev/stdin", "/dev/stdout", "/dev/stderr")
_TEMP_ATTEMPTS = 100


class WriteError(VisitplanError):
    """A file could not be written; the old one (if any) is intact."""


class NotAFolder(UsageError):
    """A folder to write files into is an existing file."""


def atomic_write_bytes(path: Path, data: bytes | bytearray) -> None:
    """Write ``data`` to ``path`` (see the module: replaced in one step, through links,
    directly into devices); :class:`WriteError` if that fails, with nothing changed
    and no temporary file left."""
    with atomic_writer(path) as handle:
        handle.write(data)


def same_bytes(path: Path, data: bytes | bytearray) -> bool:
    """Whether ``path`` is a file that already holds exactly ``data``."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def write_changed(
    files: Iterable[tuple[Path, bytes]], dry_run: bool = False
) -> tuple[list[Path], list[Path]]:
    """Write each file (:func:`atomic_write_bytes`) unless it already holds its bytes,
    which is left alone (content and mtime): the paths written, and those unchanged.
    With ``dry_run`` nothing is written: the paths that would be, and those unchanged."""
    written: list[Path] = []
    unchanged: list[Path] = []
    for path, data in files:
        if same_bytes(path, data):
            unchanged.append(path)
        else:
            if not dry_run:
                atomic_write_bytes(path, data)
            written.append(path)
    return written, unchanged


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8, with ``\\n`` line endings as given."""
    atomic_write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path``'s new content into piece by piece; it replaces the file
    only when the block ends without an error (:class:`WriteError` if writing fails,
    with nothing changed and no temporary file left). A device or FIFO is written
    into as the block goes."""
    info = _existing(path)
    if _written_in_place(path, info):
        with _direct_writer(path) as handle:
            yield handle
        return
    target = _real_target(path)
    fd, temp_name = _temp_beside(path, target)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            _keep_owner_and_mode(temp_name, info)
        os.replace(temp_name, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise _write_error(path, error) from error
        raise


def atomic_write_many(files: Iterable[tuple[Path, bytes]]) -> None:
    """Write many files (a site's pages), each replaced in one step as by
    :func:`atomic_write_bytes`, with one flush to disk for them all instead of one per
    file: every new content is written to its temporary file first, then flushed
    (``os.sync``; one ``fsync`` each where the system has no ``sync``), then each file
    replaced. A failure before the replacing changes no file and leaves no temporary
    one. Anything that is not a regular file is written as :func:`atomic_write_bytes`
    writes it."""
    pending: list[tuple[Path, str, Path, os.stat_result | None]] = []
    try:
        for path, data in files:
            info = _existing(path)
            if _written_in_place(path, info):
                atomic_write_bytes(path, data)
                continue
            target = _real_target(path)
            fd, temp_name = _temp_beside(path, target)
            pending.append((path, temp_name, target, info))
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                if info is not None:
                    _keep_owner_and_mode(temp_name, info)
            except OSError as error:
                raise _write_error(path, error) from error
        _flush([temp for _, temp, _, _ in pending])
    except BaseException:
        for _, temp_name, _, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise
    for index, (path, temp_name, target, _) in enumerate(pending):
        try:
            os.replace(temp_name, target)
        except OSError as error:
            for _, rest, _, _ in pending[index:]:
                with contextlib.suppress(OSError):
                    os.unlink(rest)
            raise _write_error(path, error) from error


def _flush(names: list[str]) -> None:
    """Get the content of these files onto the disk before they replace anything."""
    if not names:
        return
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()
        return
    for name in names:  # pragma: no cover - Windows
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_folder(folder: Path) -> None:
    """Make sure ``folder`` exists (with its parents) to write files into:
    :class:`NotAFolder` if it (or a parent) is a file, :class:`WriteError` if it cannot
    be made. Nothing is written before this succeeds."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(
            (p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder
        )
        raise NotAFolder(
            f"cannot write files into {folder.as_posix()}: {blocker.as_posix()} is a file, "
            "not a folder",
            "give a folder (it is made if it does not exist), or move that file away "
            "(nothing was written)",
        ) from None
    except OSError as error:
        raise _write_error(folder, error) from error


def _existing(path: Path) -> os.stat_result | None:
    """What is at ``path`` now (through links), None if nothing; a folder there is a
    :class:`WriteError`."""
    try:
        info = os.stat(path)  # follows links
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _write_error(path, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(
            f"cannot write {path.as_posix()}: it is a folder", "give a file name in it"
        )
    return info


def _written_in_place(path: Path, info: os.stat_result | None) -> bool:
    """A device, a FIFO or a kernel name: written into, never replaced."""
    return (info is not None and not stat.S_ISREG(info.st_mode)) or _kernel_name(path)


def _temp_beside(path: Path, target: Path) -> tuple[int, str]:
    try:
        return _create_temp(target)
    except OSError as error:
        raise _write_error(path, error) from error


def _kernel_name(path: Path) -> bool:
    """A name the kernel gives an open file of this process (``/dev/stdout``,
    ``/dev/fd/1``, ``/proc/self/fd/1``): written into as it is, since replacing what it
    points to would drop what the shell's redirection holds (``>> log``). Any other
    file, also one under /dev/ such as /dev/shm/plan.toml, is judged by its type."""
    if os.name != "posix":
        return False
    name = os.path.abspath(path)
    return name.startswith("/proc/") or name in _STANDARD_STREAMS or name.startswith("/dev/fd/")


def _real_target(path: Path) -> Path:
    """The file a link leads to (through every link on the way); ``path`` itself if it
    is no link. A link to a file that does not exist yet leads to where it will be."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _create_temp(target: Path) -> tuple[int, str]:
    """A new empty file beside ``target``, created with mode 0666 so that the umask
    (and a folder's default ACL) gives its permissions, as for any new file: mkstemp
    would make it 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(_TEMP_ATTEMPTS):
        name = os.path.join(target.parent, f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _keep_owner_and_mode(temp_name: str, info: os.stat_result) -> None:
    """Give the new file the old one's permissions, and its group (and owner, for root)
    where that is allowed."""
    chown = getattr(os, "chown", None)
    if chown is not None and hasattr(os, "geteuid"):
        owner = info.st_uid if os.geteuid() == 0 else -1
        with contextlib.suppress(OSError):
            chown(temp_name, owner, info.st_gid)
    os.chmod(temp_name, stat.S_IMODE(info.st_mode))


@contextlib.contextmanager
def _direct_writer(path: Path) -> Iterator[BinaryIO]:
    """Write into a device or FIFO (or a kernel name such as /dev/stdout) as it is."""
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
    except OSError as error:
        raise _write_error(path, error) from error


def _write_error(path: Path, error: OSError) -> WriteError:
    reason = error.strerror or str(error)
    return WriteError(
        f"cannot write {path.as_posix()}: {reason}",
        "check that the folder exists and is writable and that the disk has room "
        "(nothing was changed)",
    )
