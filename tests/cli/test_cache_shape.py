"""The plan cache and its index key their entries by the model's shape (``plan.model.SHAPE``),
and a stored pickle that cannot be loaded — of a class whose module no longer exists, as
after the move of ``visitplan.model`` to ``visitplan.plan.model`` — is a miss: the real
command answers as without a cache, never with a traceback, and the entry is stored anew."""

from __future__ import annotations

import dataclasses
import importlib.util
import pickle
import shutil
import sqlite3
import sys
import types
from dataclasses import Field
from pathlib import Path

import pytest

from test_index import PLANS, complete, settled
from test_index import run as run_in
from visitplan.plan import model
from visitplan.workspace import cache
from visitplan.workspace.index import fresh
from visitplan.workspace.index.store import FILE_NAME, open_index

GONE = "visitplan.model"  # where the model lived before #16
TOMLS = sum(path.suffix == ".toml" for path in PLANS)  # the plans, each one entry


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in PLANS:
        shutil.copy(path, folder / path.name)
    settled(folder)  # so that the next run records the files in the index
    return folder


def run(folder: Path, cache_dir: Path | str, *args: str) -> tuple[int, str, str]:
    done = run_in(folder, cache_dir, *args)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def vanished() -> bytes:
    """A pickle of a ``Plan`` of a module that no longer exists."""
    assert importlib.util.find_spec(GONE) is None
    module = types.ModuleType(GONE)

    class Plan:
        pass

    Plan.__module__, Plan.__qualname__ = GONE, "Plan"
    module.Plan = Plan  # type: ignore[attr-defined]
    sys.modules[GONE] = module
    try:
        return pickle.dumps(Plan(), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        del sys.modules[GONE]


def test_a_cached_pickle_of_a_vanished_module_is_a_miss(repo: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    command = ["agenda", str(repo), "--all", "--who"]
    expected = run(repo, "off", *command)
    assert expected[0] == 0 and "Korosten" in expected[1]
    assert run(repo, store, *command) == expected
    pickles = sorted(store.glob("*.pickle"))
    assert len(pickles) == TOMLS
    (store / FILE_NAME).unlink()  # so that the plans are looked up in the cache
    for path in pickles:
        path.write_bytes(vanished())
        with pytest.raises(ModuleNotFoundError):
            pickle.loads(path.read_bytes())
    assert run(repo, store, *command) == expected
    again = sorted(store.glob("*.pickle"))
    assert again == pickles  # stored anew, under the same keys
    assert all(isinstance(pickle.loads(p.read_bytes()), model.Plan) for p in again)


def _columns() -> list[tuple[str, str, list[str]]]:
    """Each pickled column of the index, with a command that reads it."""
    return [
        ("events", "model", ["agenda", "{repo}", "--from", "2020-01-01", "--days", "3650"]),
        ("events", "facts", ["agenda", "{repo}", "--all", "--person", "taran"]),
        ("events", "model", ["show", "{repo}", "study-visit-2023"]),
        ("shells", "shell", ["actions", "{repo}", "--owner", "korosten"]),
        ("shells", "shell", ["people", "{repo}", "--event", "study-visit-2023"]),
        ("shells", "names", ["visitplan agenda --person t"]),
    ]


@pytest.mark.parametrize(("table", "column", "command"), _columns())
def test_an_index_row_of_a_vanished_module_is_a_miss_and_is_indexed_again(
    repo: Path, tmp_path: Path, table: str, column: str, command: list[str]
) -> None:
    store = tmp_path / "cache"
    words = [word.replace("{repo}", str(repo)) for word in command]

    def answer(where: Path | str) -> tuple[int, str, str]:
        if len(words) == 1:  # shell completion (which says nothing on stderr)
            return 0, "\n".join(complete(repo, Path(where), words[0])), ""
        return run(repo, where, *words)

    expected = answer("off")
    assert expected[0] == 0 and expected[1].strip()
    assert answer(store) == expected  # reads the plans, fills the index
    assert answer(store) == expected  # from the index
    database = sqlite3.connect(store / FILE_NAME)
    with database:
        changed = database.execute(
            f"UPDATE {table} SET {column} = ? WHERE key IN "
            "(SELECT key FROM files WHERE path LIKE '%korosten-bourges.toml')",
            (vanished(),),
        ).rowcount
    database.close()
    assert changed >= 1

    assert answer(store) == expected  # a miss: the plans are read again
    assert answer(store) == expected  # and indexed anew
    database = sqlite3.connect(store / FILE_NAME)
    rows = database.execute(f"SELECT {column} FROM {table}").fetchall()
    plans = database.execute("SELECT count(*) FROM plans").fetchone()[0]
    database.close()
    assert plans == TOMLS and len(rows) >= TOMLS
    for (data,) in rows:
        pickle.loads(data)  # every row loads again


def stored_class(cls: type, *extra: tuple[str, type, Field[int]]) -> type:
    """A model class like ``cls`` (a frozen dataclass whose fields are without default
    factories), built anew in its module, with ``extra`` fields after its own."""
    own = [
        (f.name, f.type, dataclasses.field(default=f.default, repr=f.repr, compare=f.compare))
        for f in dataclasses.fields(cls)
    ]
    built = dataclasses.make_dataclass(cls.__name__, [*own, *extra], frozen=True)
    built.__module__ = cls.__module__
    return built


def test_the_shape_is_a_digest_of_the_model_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert model._shape() == model.SHAPE  # the same model, the same shape
    assert len(model.SHAPE) == 8 and int(model.SHAPE, 16) >= 0
    stored = model._STORED

    def with_action(cls: type) -> tuple[type, ...]:
        return tuple(cls if c is model.Action else c for c in stored)

    same = stored_class(model.Action)
    monkeypatch.setattr(model, "_STORED", with_action(same))
    assert model._shape() == model.SHAPE  # built anew with the same fields

    added = stored_class(model.Action, ("priority", int, dataclasses.field(default=0)))
    monkeypatch.setattr(model, "_STORED", with_action(added))
    grown = model._shape()
    assert grown != model.SHAPE  # a field added

    moved = stored_class(model.Action)
    moved.__module__ = "visitplan.plan.actions"
    monkeypatch.setattr(model, "_STORED", with_action(moved))
    assert model._shape() not in (model.SHAPE, grown)  # the class moved


def test_a_new_shape_keys_the_cache_and_the_index_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = cache.key(b'id = "korosten-bourges"', "plans/korosten-bourges.toml")
    index = open_index(tmp_path)
    assert index is not None
    with index.writing():
        missing = fresh.Stat(*fresh.MISSING)
        index.record_file("/plans/a.toml", "a.toml", "k", 0, missing, missing)
    assert index.files()
    index.db.close()

    monkeypatch.setattr(model, "SHAPE", "0badc0de")
    assert cache.key(b'id = "korosten-bourges"', "plans/korosten-bourges.toml") != before
    reopened = open_index(tmp_path)
    assert reopened is not None
    assert reopened.files() == {}  # an index of another model is started again
