"""The site's folder: writing a built site into it so that a re-run on unchanged plans
rewrites no file, and the pages of removed things go.

The folder keeps a manifest (``.visitplan-site``, JSON): every file the site wrote,
grouped by unit (see the package), with each unit's digest and each file's size and
modification time as written. Only those files are ever replaced or removed; anything
else in the folder is the user's and stays. A folder that is not empty and has no
manifest is not a site: it is refused unless forced (then files the site would write
are replaced, and nothing is removed that the site did not write).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from visitplan.errors import UsageError, VisitplanError
from visitplan.workspace.fileio import (
    atomic_write_bytes,
    atomic_write_many,
    make_folder,
    same_bytes,
)

if TYPE_CHECKING:
    from visitplan.plan.model import Plan

MANIFEST = ".visitplan-site"
_FORMAT = 1
SHARED = ""  # the unit of the pages made from all the plans (always built)


class NotASite(UsageError):
    """The folder holds files and was not written by ``visitplan site``."""


@dataclass(frozen=True)
class Unit:
    """Plans whose pages are built together, and what they are made from."""

    key: str
    digest: str
    plans: tuple[Plan, ...]
    people: tuple[str, ...]  # the names of the pages of their people


# A file as written: its size and modification time (ns), to see that it is untouched.
Seen = tuple[int, int]


@dataclass(frozen=True)
class UnitRecord:
    digest: str
    files: Mapping[str, Seen]


@dataclass(frozen=True)
class Manifest:
    units: Mapping[str, UnitRecord]

    def paths(self) -> set[str]:
        return {path for unit in self.units.values() for path in unit.files}

    def unchanged(self, folder: Path, unit: Unit) -> bool:
        """Whether ``unit`` has the digest recorded and its files are as written."""
        record = self.units.get(unit.key)
        if record is None or record.digest != unit.digest:
            return False
        return all(_seen(folder / path) == seen for path, seen in record.files.items())


@dataclass(frozen=True)
class Written:
    """What a run did to the folder."""

    written: tuple[str, ...]  # new or changed files
    unchanged: int
    removed: tuple[str, ...]


def check_folder(folder: Path, force: bool) -> None:
    """:class:`NotASite` for a folder that holds files and no manifest, unless ``force``;
    a file where the folder should be is :class:`fileio.NotAFolder`."""
    if folder.exists() and not folder.is_dir():
        make_folder(folder)  # raises NotAFolder, naming it
    if force or not folder.is_dir() or (folder / MANIFEST).exists():
        return
    if any(folder.iterdir()):
        raise NotASite(
            f"{folder.as_posix()} is not empty and was not written by `visitplan site` "
            f"(it has no {MANIFEST})",
            "give an empty or new folder, or --force to write the site into it "
            "(files of the same names are replaced; nothing else is touched)",
        )


def read_manifest(folder: Path) -> Manifest | None:
    """What the site wrote into ``folder`` last time; None if it has no manifest (or
    one this version cannot read: then everything is built and nothing removed)."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
    except FileNotFoundError:
        return None
    except OSError as error:
        raise VisitplanError(
            f"cannot read {(folder / MANIFEST).as_posix()}: {error.strerror}",
            "check the folder's permissions",
        ) from None
    except ValueError:  # not JSON, not UTF-8: not one of ours
        return None
    if not isinstance(data, dict) or data.get("visitplan-site") != _FORMAT:
        return None
    units: dict[str, UnitRecord] = {}
    for key, unit in (data.get("units") or {}).items():
        try:
            files = {
                path: (int(seen[0]), int(seen[1]))
                for path, seen in unit["files"].items()
                if _safe(path)
            }
            units[str(key)] = UnitRecord(str(unit["digest"]), files)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            continue
    return Manifest(units)


def _safe(path: Any) -> bool:
    """A path inside the folder (a manifest edited by hand cannot reach outside it)."""
    if not isinstance(path, str) or not path or "\\" in path:
        return False
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts and ":" not in path


def write_site(
    folder: Path,
    shared: Mapping[str, bytes],
    built: Mapping[str, Mapping[str, bytes]],
    units: Sequence[Unit],
    kept: Mapping[str, UnitRecord],
    previous: Manifest | None,
) -> Written:
    """Make ``folder`` hold the ``shared`` files and those ``built`` for each unit (path
    relative to the folder → bytes), keeping the files of the units in ``kept`` as they
    are: files whose bytes are already there are left alone (content and mtime), the
    others written through ``fileio``; files the site wrote before and no longer makes
    are removed, with the folders that leaves empty; then the manifest."""
    make_folder(folder)
    groups: dict[str, Mapping[str, bytes]] = {SHARED: shared, **built}
    changed: list[tuple[Path, bytes]] = []
    unchanged = 0
    for files in groups.values():
        for name, data in files.items():
            path = folder / name
            if same_bytes(path, data):
                unchanged += 1
                continue
            changed.append((path, data))
    for path in sorted({path.parent for path, _ in changed}):
        make_folder(path)
    atomic_write_many(changed)
    records: dict[str, UnitRecord] = dict(kept)
    digests = {unit.key: unit.digest for unit in units}
    digests[SHARED] = ""
    for key, files in groups.items():
        records[key] = UnitRecord(digests[key], {name: _written(folder / name) for name in files})
    unchanged += sum(len(record.files) for record in kept.values())
    current = {path for record in records.values() for path in record.files}
    removed = _remove_stale(folder, (previous.paths() if previous else set()) - current)
    manifest = _manifest_bytes(records)
    if not same_bytes(folder / MANIFEST, manifest):
        atomic_write_bytes(folder / MANIFEST, manifest)
    written = sorted(path.relative_to(folder).as_posix() for path, _ in changed)
    return Written(tuple(written), unchanged, tuple(removed))


def _manifest_bytes(records: Mapping[str, UnitRecord]) -> bytes:
    data = {
        "visitplan-site": _FORMAT,
        "note": "the files `visitplan site` wrote here; it replaces and removes only these",
        "units": {
            key: {"digest": record.digest, "files": dict(sorted(record.files.items()))}
            for key, record in sorted(records.items())
        },
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _seen(path: Path) -> Seen | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def _written(path: Path) -> Seen:
    seen = _seen(path)
    return seen if seen is not None else (-1, -1)  # gone meanwhile: built again next time


def _remove_stale(folder: Path, stale: set[str]) -> list[str]:
    removed: list[str] = []
    emptied: set[Path] = set()
    for name in sorted(stale):
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
    return removed
