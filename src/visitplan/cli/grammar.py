"""The words of the command line's one grammar, ``visitplan VERB KIND [ID] --plan PLAN``:
how a kind and a plan are named.

Kinds have a full and a short name (``organization``/``org``, ``program``/``item``);
:func:`kind` gives the name the plan-editing code knows. For plans, this owns the one rule every command follows (``visitplan agenda korosten-bourges`` and
``visitplan add person ... --plan korosten-bourges``): a word that names an existing file
or folder is that path; a word shaped like a plan id (a slug, no ``/``) is
``<plans folder>/<id>.toml``; an id that names no plan there is a usage error that says
which ids exist and, where one is close, "did you mean". With no plan given, a writing
command takes the only plan of the plans folder.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from visitplan.errors import UsageError

PLANS_FOLDER = Path("plans")

# every name of a kind -> the name ``editing.entries.KINDS`` knows it by (the first is the full one)
KIND_NAMES: dict[str, str] = {
    "organization": "org",
    "org": "org",
    "person": "person",
    "delegation": "delegation",
    "event": "event",
    "program": "program",
    "item": "program",
    "topic": "topic",
    "action": "action",
}


def kind(word: str) -> str:
    """The kind ``word`` names (a full or short name); a usage error otherwise."""
    found = KIND_NAMES.get(word.lower())
    if found is None:
        close = difflib.get_close_matches(word.lower(), KIND_NAMES, n=1)
        hint = f'did you mean "{close[0]}"? ' if close else ""
        raise UsageError(
            f'"{word}" is not a kind of entry',
            hint + "the kinds are: " + ", ".join(KIND_NAMES),
        )
    return found


def is_kind(word: str) -> bool:
    return word.lower() in KIND_NAMES


PLAN_SUFFIX = ".toml"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def plan_ids(folder: Path = PLANS_FOLDER) -> list[str]:
    """The ids of the plan files directly in ``folder`` (their names without .toml)."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(PLAN_SUFFIX))
    except OSError:
        return []
    return [name[: -len(PLAN_SUFFIX)] for name in names if (folder / name).is_file()]


def looks_like_id(word: str) -> bool:
    """A slug without a folder part: what a plan id may be (``korosten-bourges``)."""
    return "/" not in word and "\\" not in word and _ID.fullmatch(word) is not None


def _suggest(word: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(word, known, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f'"{name}"' for name in close) + "?"
    if known:
        return f"the plans in {PLANS_FOLDER.as_posix()}/ are: " + ", ".join(known)
    return f"there is no plan in {PLANS_FOLDER.as_posix()}/; create one with `visitplan new ID`"


def resolve(word: str, folder: Path = PLANS_FOLDER, option: str = "") -> Path:
    """The plan file or folder ``word`` names (see the module's docstring).

    A path that does not exist is returned as it is, for the command to report as it
    reports a missing file; only an id-shaped word that names no plan is refused here."""
    path = Path(word)
    if path.exists() or not looks_like_id(word):
        return path
    stem = word[: -len(PLAN_SUFFIX)] if word.endswith(PLAN_SUFFIX) else word
    candidate = folder / f"{stem}{PLAN_SUFFIX}"
    if candidate.is_file():
        return candidate
    if word.endswith(PLAN_SUFFIX):  # a file name in the current folder: report it as missing
        return path
    named = f"{option} " if option else ""
    raise UsageError(
        f'{named}"{word}" is neither a file nor a plan id in {folder.as_posix()}/',
        _suggest(stem, plan_ids(folder)),
    )


def existing(word: str, folder: Path = PLANS_FOLDER) -> Path | None:
    """The plan file or folder ``word`` names if there is one (a path, or a plan id),
    else None: for arguments where a word may be a plan or something else (an event id,
    a git revision)."""
    path = Path(word)
    if path.exists():
        return path
    candidate = folder / f"{word}{PLAN_SUFFIX}"
    return candidate if looks_like_id(word) and candidate.is_file() else None


def resolve_all(words: Iterable[str | Path], folder: Path = PLANS_FOLDER) -> list[Path]:
    """Each of ``words`` resolved as :func:`resolve` does."""
    return [
        resolve(str(word) if isinstance(word, str) else word.as_posix(), folder) for word in words
    ]


def the_plan(word: str | None, folder: Path = PLANS_FOLDER, option: str = "--plan") -> Path:
    """The one plan file a writing command changes: ``word`` resolved, or, without it,
    the only plan in ``folder``; a usage error naming the candidates otherwise."""
    if word is not None:
        return resolve(word, folder, option)
    ids = plan_ids(folder)
    if len(ids) == 1:
        return folder / f"{ids[0]}{PLAN_SUFFIX}"
    if not ids:
        raise UsageError(
            f"no plan in {folder.as_posix()}/ to change",
            f"give one with {option} PATH, or create one with `visitplan new ID`",
        )
    raise UsageError(
        f"{len(ids)} plans in {folder.as_posix()}/: say which with {option} ID",
        "the plans are: " + ", ".join(ids),
    )
