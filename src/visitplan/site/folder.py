"""The site's folder: writing a built site into it so that a re-run on unchanged plans
rewrites no file, and the pages of removed things go.

The folder keeps a manifest (``.visitplan-site``): the files the site wrote, one path a
line. Only those are ever replaced or removed; anything else in the folder is the user's
and stays. A folder that is not empty and has no manifest is not a site: it is refused
unless forced (then files the site would write are replaced, and nothing is removed that
the site did not write).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from visitplan.errors import UsageError, VisitplanError
from visitplan.fileio import atomic_write_bytes, make_folder

MANIFEST = ".visitplan-site"
_HEADER = "# visitplan site: the files it wrote (do not edit; the next run removes stale ones)\n"


class NotASite(UsageError):
    """The folder holds files and was not written by ``visitplan site``."""


@dataclass(frozen=True)
class Written:
    """What a run did to the folder."""

    written: tuple[str, ...]  # new or changed files
    unchanged: int
    removed: tuple[str, ...]


def read_manifest(folder: Path) -> tuple[str, ...] | None:
    """The files the site wrote into ``folder`` last time; None if it has no manifest."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise VisitplanError(
            f"cannot read {(folder / MANIFEST).as_posix()}: {error.strerror}",
            "check the folder's permissions",
        ) from None
    return tuple(
        line for line in text.splitlines() if line and not line.startswith("#") and _safe(line)
    )


def _safe(path: str) -> bool:
    """A path inside the folder (a manifest edited by hand cannot reach outside it)."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


def write_site(folder: Path, files: Mapping[str, bytes], force: bool = False) -> Written:
    """Make ``folder`` hold ``files`` (path relative to it → bytes): files whose bytes
    are already there are left alone (content and mtime), the others written through
    ``fileio``; files the site wrote before and no longer makes are removed, with the
    folders that leaves empty. :class:`NotASite` (nothing changed) for a folder that
    holds other files and no manifest, unless ``force``."""
    previous = read_manifest(folder) if folder.is_dir() else None
    if previous is None and folder.is_dir() and not force and any(folder.iterdir()):
        raise NotASite(
            f"{folder.as_posix()} is not empty and was not written by `visitplan site` "
            f"(it has no {MANIFEST})",
            "give an empty or new folder, or --force to write the site into it "
            "(files of the same names are replaced; nothing else is touched)",
        )
    make_folder(folder)
    written: list[str] = []
    unchanged = 0
    for name, data in files.items():
        path = folder / name
        if _same(path, data):
            unchanged += 1
            continue
        make_folder(path.parent)
        atomic_write_bytes(path, data)
        written.append(name)
    removed = _remove_stale(folder, previous or (), files)
    manifest = _HEADER + "".join(f"{name}\n" for name in sorted(files))
    if not _same(folder / MANIFEST, manifest.encode("utf-8")):
        atomic_write_bytes(folder / MANIFEST, manifest.encode("utf-8"))
    return Written(tuple(written), unchanged, tuple(removed))


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _remove_stale(folder: Path, previous: tuple[str, ...], files: Mapping[str, bytes]) -> list[str]:
    removed: list[str] = []
    emptied: set[Path] = set()
    for name in previous:
        if name in files:
            continue
        path = folder / name
        try:
            if path.is_symlink() or path.is_file():
                os.unlink(path)
                removed.append(name)
                emptied.update(p for p in path.parents if p != folder and folder in p.parents)
        except OSError as error:
            raise VisitplanError(
                f"cannot remove {path.as_posix()}, a page of something no longer in the plans: "
                f"{error.strerror}",
                "check the folder's permissions and run again",
            ) from None
    # Deepest first; a folder still holding anything (the user's files) stays.
    for path in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
        with contextlib.suppress(OSError):
            path.rmdir()
    return sorted(removed)
