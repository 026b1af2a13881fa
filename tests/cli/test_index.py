"""The plan index (src/visitplan/workspace/index/): every view answers from it with the same bytes as
without any cache, and it never serves a stale answer — a plan edited in the same second
with the same size and its modification time restored, a plan removed, a state file
changed, the cache folder deleted, damaged or unwritable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from visitplan.cli import app
from visitplan.workspace.index import fresh
from visitplan.workspace.index.store import FILE_NAME
from visitplan.workspace.plans import load_valid_plans

PLANS = [
    ROOT / "plans" / "korosten-bourges.toml",
    ROOT / "plans" / "korosten-bourges.visitplan-state",
    ROOT / "tests" / "plans" / "dst-partners.toml",
    ROOT / "tests" / "plans" / "text-forms.toml",
    ROOT / "tests" / "plans" / "who-takes-part.toml",
]
TODAY = "2025-03-01"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in PLANS:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def not_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as changed long before they were recorded, so that a second run in
    the same second is answered from the index (not from hashing the racy files)."""
    monkeypatch.setattr(fresh, "RACY_NS", -(10**15))


def view(folder: Path, cache: str, *args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(
        app, [*args], env={"VISITPLAN_CACHE_DIR": cache, "VISITPLAN_TODAY": TODAY}
    )
    return done.exit_code, done.stdout, done.stderr


def view_commands(folder: Path) -> Iterator[list[str]]:
    """Every selecting view, on every event's days, ids and parties of the plans."""
    from datetime import date

    plans = load_valid_plans([folder], date.fromisoformat(TODAY))
    where = str(folder)
    for plan in plans:
        for event in plan.events:
            first = event.when.first_day
            for days in ("1", "3"):
                yield ["agenda", where, "--from", first.isoformat(), "--days", days]
            yield [
                "agenda",
                where,
                "--from",
                first.isoformat(),
                "--days",
                "1",
                "--tz",
                "Asia/Tokyo",
            ]
            yield ["agenda", where, "--to", (first - timedelta(days=1)).isoformat(), "--lang", "en"]
            yield ["agenda", where, "--all", "--event", event.id, "-f", "json"]
            yield ["show", where, event.id]
            yield ["show", where, event.id, "-f", "markdown", "--lang", "fr"]
            yield ["people", where, "--event", event.id]
            if event.host:
                yield ["agenda", where, "--all", "--org", event.host, "--who"]
        for person in list(plan.people)[:4]:
            yield ["agenda", where, "--all", "--person", person]
            yield ["actions", where, "--owner", person]
        for org in plan.organizations:
            yield ["actions", where, "--owner", org, "-f", "json"]
            yield ["people", where, "--event", plan.events[0].id, "--org", org]
        for delegation in plan.delegations:
            yield ["agenda", where, "--past", "--delegation", delegation]
        for topic in plan.topics:
            yield ["agenda", where, "--all", "--topic", topic.id, "--status", "confirmed"]
    yield ["agenda", where, "--all"]
    yield ["agenda", where, "--all", "--kind", "study-visit"]
    yield ["show", where, "no-such-event"]  # an error, worded from every plan
    yield ["people", where, "--event", "no-such-event"]
    yield ["agenda", where, "--all", "--person", "nobody"]
    yield ["actions", where, "--owner", "nobody"]


def test_every_view_gives_the_same_bytes_from_the_index(
    repo: Path, tmp_path: Path, not_racy: None
) -> None:
    cache = str(tmp_path / "cache")
    commands = list(view_commands(repo))
    assert len(commands) > 100
    for command in commands:
        expected = view(repo, "off", *command)
        first = view(repo, cache, *command)  # reads what the index lacks
        again = view(repo, cache, *command)  # from the index alone
        assert first == expected, command
        assert again == expected, command
    assert (tmp_path / "cache" / FILE_NAME).is_file()


def test_an_unchanged_plan_is_not_read_again(
    repo: Path, tmp_path: Path, not_racy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = str(tmp_path / "cache")
    command = ["agenda", str(repo), "--from", "2024-05-28", "--days", "1"]
    before = view(repo, cache, *command)
    read: list[Path] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    assert view(repo, cache, *command) == before
    assert [path for path in read if path.parent == repo] == []


def test_a_racy_file_is_hashed(
    repo: Path, tmp_path: Path, not_racy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file system that keeps times to the second, and a change that kept the size: every
    # field of the stat is as recorded. Within the racy window the file is hashed.
    cache = str(tmp_path / "cache")
    plan = repo / "dst-partners.toml"
    command = ["agenda", str(repo), "--all", "--lang", "en"]
    assert view(repo, cache, *command)[0] == 0
    recorded = fresh.stat(str(plan))
    text = plan.read_text("utf-8")
    assert "New York" in text
    plan.write_text(text.replace("New York", "New Yerk"), encoding="utf-8")
    real_stat = fresh.stat
    monkeypatch.setattr(
        fresh, "stat", lambda path: recorded if path == str(plan) else real_stat(path)
    )
    monkeypatch.setattr(fresh, "RACY_NS", 10**15)  # everything is racy
    code, out, _ = view(repo, cache, *command)
    assert code == 0 and "New Yerk" in out


def test_racy_and_unchanged_by_stat_alone() -> None:
    now = time.time_ns()
    old = fresh.Stat(10, now - 5 * 10**9, now - 5 * 10**9, 7, 1)
    assert fresh.unchanged(old, old, now)
    assert not fresh.unchanged(old, old._replace(ctime_ns=now - 4 * 10**9), now)
    assert not fresh.unchanged(old, old._replace(inode=8), now)
    assert not fresh.unchanged(old, old._replace(size=11), now)
    just = fresh.Stat(10, now - 10**9, now - 10**9, 7, 1)  # changed a second before
    assert not fresh.unchanged(just, just, now)
    missing = fresh.Stat(*fresh.MISSING)
    assert fresh.unchanged(missing, missing, now)
    assert not fresh.unchanged(missing, old, now)


# ----------------------------------------------------------------- the real command


def run(folder: Path, cache: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, VISITPLAN_CACHE_DIR=str(cache), VISITPLAN_TODAY=TODAY, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=folder.parent,
    )


def settled(folder: Path) -> None:
    """Let the files' change times fall out of the racy window, so that the next run
    records them as trusted by their stat alone."""
    latest = max(max(path.stat().st_mtime_ns, path.stat().st_ctime_ns) for path in folder.iterdir())
    while time.time_ns() < latest + fresh.RACY_NS + 50_000_000:
        time.sleep(0.05)


def test_an_edit_in_the_same_second_with_the_same_size_is_shown(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plan = repo / "korosten-bourges.toml"
    settled(repo)
    command = ["agenda", str(repo), "--all", "--lang", "en"]
    first = run(repo, cache, *command)
    assert first.returncode == 0 and "Bourges" in first.stdout
    assert first.stdout == run(repo, cache, *command).stdout  # now from the index
    before = plan.stat()
    text = plan.read_text("utf-8")
    changed = text.replace("Bourges", "Bourjes")
    assert len(changed.encode()) == len(text.encode()) and changed != text
    with plan.open("r+", encoding="utf-8") as handle:  # in place: the same inode
        handle.write(changed)
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = plan.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    second = run(repo, cache, *command)
    assert second.returncode == 0
    assert "Bourjes" in second.stdout and "Bourges" not in second.stdout
    assert second.stdout == run(repo, "off", *command).stdout


def test_a_removed_plan_is_gone_from_every_view(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    settled(repo)
    folder = str(repo)
    assert run(repo, cache, "agenda", folder, "--all").returncode == 0
    listed = run(repo, cache, "agenda", folder, "--all", "-f", "json").stdout
    assert '"kyiv-new-york"' in listed
    (repo / "dst-partners.toml").unlink()
    for command in (
        ["agenda", folder, "--all", "-f", "json"],
        ["agenda", folder, "--from", "2025-03-20", "--days", "30"],
        ["actions", folder, "--owner", "miller"],
        ["show", folder, "call-2025-03-04"],
        ["people", folder],
    ):
        served, expected = run(repo, cache, *command), run(repo, "off", *command)
        assert (served.returncode, served.stdout, served.stderr) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        ), command
    assert "kyiv-new-york" not in run(repo, cache, "agenda", folder, "--all", "-f", "json").stdout


def test_a_changed_state_file_is_seen(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    settled(repo)
    folder = str(repo)
    command = ["agenda", folder, "--from", "2024-05-28", "--days", "1"]
    clean = run(repo, cache, *command)
    assert clean.returncode == 0 and clean.stderr == ""
    assert run(repo, cache, *command).stderr == ""  # from the index
    state = repo / "korosten-bourges.visitplan-state"
    state.write_text(state.read_text("utf-8") + "\n<<<<<<< HEAD\n", encoding="utf-8")
    for _ in range(2):  # warned on every run: a plan with a broken state is never indexed
        broken = run(repo, cache, *command)
        assert broken.returncode == 0 and broken.stdout == clean.stdout
        assert "korosten-bourges.visitplan-state" in broken.stderr
    # the commands that need the state refuse it, as without the index
    export = run(repo, cache, "export", folder, "-o", str(tmp_path / "x.ics"))
    assert export.returncode == 1 and "visitplan-state" in export.stderr
    assert not (tmp_path / "x.ics").exists()


def test_the_cache_folder_deleted_damaged_or_unwritable(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    settled(repo)
    folder = str(repo)
    command = ["agenda", folder, "--from", "2024-05-28", "--days", "3", "--who"]
    expected = run(repo, "off", *command)
    assert expected.returncode == 0 and expected.stdout
    assert run(repo, cache, *command).stdout == expected.stdout
    shutil.rmtree(cache)  # deleted
    assert run(repo, cache, *command).stdout == expected.stdout
    assert (cache / FILE_NAME).is_file()
    (cache / FILE_NAME).write_bytes(b"not a database" * 100)  # damaged
    damaged = run(repo, cache, *command)
    assert damaged.returncode == 0 and damaged.stdout == expected.stdout
    assert run(repo, cache, *command).stdout == expected.stdout
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    unwritable = run(repo, blocker / "cache", *command)  # cannot be made
    assert unwritable.returncode == 0 and unwritable.stdout == expected.stdout
    assert "without the cache" in unwritable.stderr


def complete(folder: Path, cache: Path, words: str) -> list[str]:
    env = dict(
        os.environ,
        VISITPLAN_CACHE_DIR=str(cache),
        _VISITPLAN_COMPLETE="complete_bash",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split(" ")) - 1),
    )
    done = subprocess.run(
        [sys.executable, "-m", "visitplan"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=folder.parent,
    )
    return done.stdout.split()


def test_completion_offers_the_ids_of_the_plans(repo: Path, tmp_path: Path) -> None:
    from datetime import date

    cache = tmp_path / "cache"
    plans = load_valid_plans([repo], date.fromisoformat(TODAY))
    events = sorted(e.id for plan in plans for e in plan.events if e.id.startswith("call"))
    people = sorted({p for plan in plans for p in plan.people if p.startswith("b")})
    assert len(events) >= 2 and people
    for _ in range(2):  # reading the plans, then from the index
        assert complete(repo, cache, "visitplan show call") == events
        assert complete(repo, cache, "visitplan agenda --person b") == people
    # a new event is offered at once
    plan = repo / "dst-partners.toml"
    plan.write_text(
        plan.read_text("utf-8").replace('id = "call-2025-03-04"', 'id = "call-2025-03-05"'),
        encoding="utf-8",
    )
    offered = complete(repo, cache, "visitplan show call")
    assert "call-2025-03-05" in offered and "call-2025-03-04" not in offered


def test_the_indexed_facts_are_those_the_views_work_out(repo: Path) -> None:
    from datetime import date

    from visitplan.plan.participation import event_organizations, everyone
    from visitplan.workspace.index.catalog import facts

    plans = load_valid_plans([repo], date.fromisoformat(TODAY))
    assert sum(len(plan.events) for plan in plans) > 10
    for plan in plans:
        for event in plan.events:
            found = facts(plan, event)
            assert set(found.people) == set(everyone(plan, event))
            assert set(found.organizations) == set(event_organizations(plan, event))


def test_many_processes_at_once_share_one_index_and_answer_rightly(
    repo: Path, tmp_path: Path
) -> None:
    """Eight real processes at a time, on a cold and then a warm shared cache, while a
    plan is edited between rounds: each answers as a run without any cache does, none
    fails on the index (SQLite's own locking lets them take turns)."""
    cache = tmp_path / "cache"
    plan = repo / "dst-partners.toml"
    env = {**os.environ, "VISITPLAN_CACHE_DIR": str(cache), "VISITPLAN_TODAY": TODAY}
    commands = [
        ["agenda", str(repo), "--from", "2025-03-01", "--days", "30"],
        ["agenda", str(repo), "--all"],
        ["people", str(repo)],
        ["topics", str(repo)],
    ]

    def alone(args: list[str]) -> str:
        single = {**env, "VISITPLAN_CACHE_DIR": str(tmp_path / f"alone-{time.monotonic_ns()}")}
        done = subprocess.run(
            [sys.executable, "-m", "visitplan", *args],
            env=single, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout

    for round_ in range(4):
        if round_ == 2:  # an edit between rounds: every process must see it
            text = plan.read_text(encoding="utf-8")
            edited = text.replace(
                'title.en = "Monthly call"', 'title.en = "Call of the two cities"', 1
            )
            assert edited != text
            plan.write_text(edited, encoding="utf-8")
        expected = {tuple(args): alone(args) for args in commands}
        started = [(args, _start(args, env)) for args in commands * 2]
        for args, process in started:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert out == expected[tuple(args)], (round_, args, err)
            if round_ >= 2 and args[0] == "agenda" and "--all" in args:
                assert "Call of the two cities" in out
            assert "database" not in err.lower(), err
    assert (cache / FILE_NAME).exists() or any(cache.rglob(FILE_NAME))


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "visitplan", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
