"""A cache of loaded plans, so that running a view again does not parse unchanged plans.

Entries are keyed by a digest of the file's bytes (and its name as shown, and this
visitplan's version), never by dates or sizes: an edited file has another key, so a stale
plan can never be served. The cache lives in the user's cache folder
(``$VISITPLAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/visitplan``, else
``~/.cache/visitplan``); ``VISITPLAN_CACHE_DIR=off`` turns it off. It only ever holds
plans without errors; deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from visitplan import __version__

if TYPE_CHECKING:
    from visitplan.plan.model import Plan

_MAX_FILES = 2000  # past this, the older half is removed


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    environ = os.environ if environ is None else environ
    chosen = environ.get("VISITPLAN_CACHE_DIR", "").strip()
    if chosen.lower() in ("off", "0", "no", "none"):
        return None
    if chosen:
        return Path(chosen)
    base = environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "visitplan"
    try:
        return Path.home() / ".cache" / "visitplan"
    except RuntimeError:  # no home folder to be found: no cache
        return None


def key(data: bytes, display: str) -> str:
    # hashlib loads OpenSSL (2-10 ms): only a plan that is new, changed or racy is hashed
    # (visitplan.workspace.index.fresh), so a run on unchanged plans does without it
    import hashlib

    from visitplan.plan.model import SHAPE

    digest = hashlib.sha256()
    digest.update(f"visitplan {__version__} {SHAPE}\0{display}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def get(folder: Path | None, entry: str) -> Plan | None:
    if folder is None:
        return None
    path = folder / f"{entry}.pickle"
    try:
        with path.open("rb") as handle:
            result = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry is a miss, and goes away
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    from visitplan.plan.model import Plan

    return result if isinstance(result, Plan) else None


def put(folder: Path | None, entry: str, result: Plan) -> None:
    """Store a plan without errors (best effort: a cache that cannot be written is skipped)."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{entry}.{os.getpid()}.tmp"
        with temp.open("wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, folder / f"{entry}.pickle")
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    # the pickles only: the index (visitplan.workspace.index.store) and the holidays stay
    entries = [e for e in os.scandir(folder) if e.name.endswith(".pickle")]
    if len(entries) <= _MAX_FILES:
        return
    entries.sort(key=lambda e: e.stat().st_atime)
    for old in entries[: len(entries) // 2]:
        with contextlib.suppress(OSError):
            os.unlink(old.path)
