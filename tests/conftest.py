from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser import browser, report_header  # noqa: F401  (the `browser` fixture)
from visitplan.cli import app

# Tests never use the user's cache folder: one of their own for the whole run.
os.environ["VISITPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="visitplan-test-cache-")

# The test files sit in folders by kind (unit/, cli/, output/, …); the data they read
# (golden/, plans/, bad/, ics/, …) sits here, beside this file.
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXAMPLE = ROOT / "plans" / "korosten-bourges.toml"
TODAY = date(2024, 6, 1)

# A small valid plan: two zones, three languages; tests append to it or replace lines.
MINIMAL = """\
format = 1
id = "twin"
title.uk = "Коростень – Бурж"
title.fr = "Korosten – Bourges"
title.en = "Korosten – Bourges"
timezone = "Europe/Kyiv"
languages = ["uk", "fr", "en"]

[organizations.korosten]
name = "Korosten"
timezone = "Europe/Kyiv"

[organizations.bourges]
name = "Bourges"
timezone = "Europe/Paris"

[people.chyzhevska]
name.uk = "Наталія Чижевська"
name.fr = "Nataliia Chyzhevska"
name.en = "Nataliia Chyzhevska"
organization = "korosten"
email = "chyzhevska@example.org"

[people.bonduelle]
name = "Constance Bonduelle"
organization = "bourges"
email = "bonduelle@example.org"

[[events]]
id = "meeting"
kind = "online-meeting"
title = "Réunion"
start = 2024-05-28T11:00:00
end = 2024-05-28T12:30:00
participants = ["chyzhevska", "bonduelle"]

  [[events.program]]
  title = "Вітання"
  start = 11:00:00
  end = 11:15:00
  speakers = ["chyzhevska"]
"""


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write plan text (str, or bytes for encoding tests) to tmp_path/<name>."""

    def write(content: str | bytes, name: str = "plan.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | os.PathLike[str], today: date = TODAY):  # type: ignore[no-untyped-def]
        env = {"VISITPLAN_TODAY": today.isoformat(), "NO_COLOR": "1"}
        return self.runner.invoke(app, [str(a) for a in args], env=env)


@pytest.fixture
def run() -> Run:
    """Run the CLI in-process with "today" frozen to 2024-06-01."""
    return Run()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes: to prove a command changed nothing."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One real Radicale server for the publish tests (each test makes its own calendar)."""
    from servers.radicale_fixture import Radicale

    server = Radicale(tmp_path_factory.mktemp("radicale"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xandikos_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One real Xandikos server, the second server the publish tests run on."""
    from servers.xandikos_fixture import Xandikos

    server = Xandikos(tmp_path_factory.mktemp("xandikos"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def caldav_server(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Each of the two real CalDAV servers in turn (a test using it runs on both)."""
    return request.getfixturevalue(f"{request.param}_server")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as a test user; its output (the test fails if git does)."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def tagged_commit(repo: Path, tag: str) -> None:
    """Commit everything in ``repo`` (made a git repository the first time) as ``tag``."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", tag)
    git(repo, "tag", tag)


def pytest_report_header() -> str:
    """Say once, at the top of the run, whether the browser tests run or are skipped."""
    return report_header()


def assert_golden(
    golden: Path, shown: str | bytes, normalise: Callable[[bytes], str] | None = None
) -> None:
    """``shown`` is what the golden file ``golden`` holds: text (str) as text, bytes byte for
    byte, or after ``normalise`` on both sides when given (what may change between versions
    without changing meaning). With ``UPDATE_GOLDEN=1`` the file is written from ``shown``
    first (review the diff with git afterwards). The one place that writes golden files."""
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(shown, bytes):
            golden.write_bytes(shown)
        else:
            golden.write_text(shown, encoding="utf-8")
    if isinstance(shown, str):
        assert shown == golden.read_text(encoding="utf-8"), golden.name
    elif normalise is not None:
        assert normalise(shown) == normalise(golden.read_bytes()), golden.name
    else:
        assert shown == golden.read_bytes(), golden.name
