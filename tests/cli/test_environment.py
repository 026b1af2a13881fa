"""What visitplan takes from its environment: bad variables give clear words, not a crash;
a broken export state stops only the commands that use it.

The variables are tried on the real command, as a process, as a user's shell sets them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import EXAMPLE, snapshot
from visitplan.errors import UsageError
from visitplan.i18n import LANGUAGES
from visitplan.workspace.environment import Env, EnvironmentVariableError


def visitplan(*args: str | Path, cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a process, with only these variables besides the basics."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "VISITPLAN_CACHE_DIR")
    }
    env.update(NO_COLOR="1", VISITPLAN_TODAY="2024-06-01")
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder with plans/ holding a copy of the example plan and its state."""
    (tmp_path / "plans").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "plans")
    shutil.copy(EXAMPLE.with_name("korosten-bourges.visitplan-state"), tmp_path / "plans")
    return tmp_path


def only_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


# --------------------------------------------------------------------------- variables


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("VISITPLAN_TODAY", "tomorrow", "not a date"),
        ("VISITPLAN_TODAY", "2024-02-30", "not a date"),
        ("SOURCE_DATE_EPOCH", "abc", "not a number of seconds"),
        ("SOURCE_DATE_EPOCH", "-5", "not a number of seconds"),
        ("SOURCE_DATE_EPOCH", "99999999999999999", "not a number of seconds"),
    ],
)
@pytest.mark.parametrize("command", [["schema"], ["agenda"], ["export", "-o", "x.ics"]])
def test_a_variable_that_fixes_a_value_and_is_wrong_is_a_usage_error(
    repo: Path, name: str, value: str, words: str, command: list[str]
) -> None:
    before = snapshot(repo)
    done = visitplan(*command, cwd=repo, **{name: value})
    assert done.returncode == 2, done.stderr
    line = only_line(done.stderr)
    assert line.startswith(f"error: ${name}={value!r}: {words}")
    assert f"unset {name}" in line
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert snapshot(repo) == before  # nothing written


def test_tz_that_names_no_zone_warns_and_the_command_goes_on(repo: Path) -> None:
    done = visitplan("agenda", "--all", "--lang", "en", cwd=repo, TZ="Europe/Kiyv")
    assert done.returncode == 0, done.stderr
    line = only_line(done.stderr)
    assert line.startswith("warning: $TZ='Europe/Kiyv' is not a time zone visitplan knows")
    assert "Europe/Kyiv" in line  # did you mean
    assert "Tuesday, 28 May 2024" in done.stdout


def test_tz_that_names_a_zone_is_the_local_zone(repo: Path) -> None:
    done = visitplan(
        "agenda", "--all", "--lang", "en", "--tz", "local", cwd=repo, TZ="America/New_York"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "04:00–05:30 New York" in done.stdout  # 11:00 in Kyiv on 28 May 2024


@pytest.mark.parametrize("value", ["de", "pl", "ua", "xx-YY"])
def test_an_unknown_visitplan_lang_warns_and_the_plan_language_is_used(
    repo: Path, value: str
) -> None:
    done = visitplan("agenda", "--all", cwd=repo, VISITPLAN_LANG=value)
    assert done.returncode == 0, done.stderr
    line = only_line(done.stderr)
    assert line.startswith(f"warning: $VISITPLAN_LANG={value!r} is not a language")
    assert "uk, fr, en" in line
    assert "вівторок, 28 травня 2024" in done.stdout.lower()  # the plan's first language


def test_visitplan_lang_ua_is_pointed_to_uk(repo: Path) -> None:
    done = visitplan("agenda", "--all", cwd=repo, VISITPLAN_LANG="ua")
    assert 'for Ukrainian, "uk"' in only_line(done.stderr)


def test_visitplan_lang_as_a_locale_name_is_its_language(repo: Path) -> None:
    done = visitplan("agenda", "--all", cwd=repo, VISITPLAN_LANG="fr_FR.UTF-8")
    assert done.returncode == 0 and done.stderr == ""
    assert "mardi 28 mai 2024" in done.stdout


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root")
def test_an_unwritable_cache_dir_warns_and_runs_without_cache(repo: Path) -> None:
    locked = repo / "locked"
    locked.mkdir(mode=0o500)
    done = visitplan("agenda", "--all", cwd=repo, VISITPLAN_CACHE_DIR=str(locked / "cache"))
    assert done.returncode == 0, done.stderr
    assert "warning: $VISITPLAN_CACHE_DIR=" in only_line(done.stderr)
    assert list(locked.iterdir()) == []


def test_a_cache_dir_that_is_a_file_warns_and_runs_without_cache(repo: Path) -> None:
    # (as root every folder is writable; a file in the way is not, for anyone)
    blocker = repo / "blocker"
    blocker.write_text("not a folder")
    done = visitplan("agenda", "--all", cwd=repo, VISITPLAN_CACHE_DIR=str(blocker / "cache"))
    assert done.returncode == 0, done.stderr
    line = only_line(done.stderr)
    assert line.startswith("warning: $VISITPLAN_CACHE_DIR=")
    assert "without the cache" in line
    assert blocker.read_text() == "not a folder"
    assert "28" in done.stdout


def test_from_system_reads_the_mapping_given() -> None:
    env = Env.from_system(
        {
            "VISITPLAN_TODAY": "2024-06-01",
            "SOURCE_DATE_EPOCH": "1717000000",
            "VISITPLAN_LANG": "en",
            "TZ": ":Europe/Paris",
            "VISITPLAN_CACHE_DIR": "off",
        }
    )
    assert env.today == date(2024, 6, 1)
    assert env.now == datetime(2024, 5, 29, 16, 26, 40, tzinfo=UTC)
    assert env.lang == "en"
    assert env.local_zone is not None and env.local_zone.key == "Europe/Paris"
    assert env.cache_dir is None
    assert env.warnings == ()


def test_from_system_today_follows_source_date_epoch() -> None:
    # a reproducible build is reproducible in what "today" is, too
    env = Env.from_system({"SOURCE_DATE_EPOCH": "1717000000", "VISITPLAN_CACHE_DIR": "off"})
    assert env.today == datetime.fromtimestamp(1717000000, UTC).astimezone().date()


def test_environment_errors_are_usage_errors() -> None:
    with pytest.raises(EnvironmentVariableError) as raised:
        Env.from_system({"VISITPLAN_TODAY": "31.12.2024"})
    assert isinstance(raised.value, UsageError)
    assert raised.value.exit_code == 2


# --------------------------------------------------------------------------- --lang, --debug

LANG_COMMANDS = [
    ["agenda", "--all"],
    ["show", "online-2024-05-28"],
    ["topics"],
    ["actions"],
    ["people"],
    ["export", "-o", "x.ics"],
    ["changes", "--since-export"],
]


@pytest.mark.parametrize("command", LANG_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("value", ["ua", "pl", "EN", "de"])
def test_lang_outside_the_supported_languages_is_a_usage_error(
    repo: Path, command: list[str], value: str
) -> None:
    before = snapshot(repo)
    done = visitplan(*command, "--lang", value, cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"'{value}' is not a language visitplan speaks" in done.stderr
    assert "use one of " + ", ".join(LANGUAGES) in done.stderr
    assert done.stdout == ""
    assert snapshot(repo) == before


def test_lang_ua_is_pointed_to_uk(repo: Path) -> None:
    done = visitplan("agenda", "--lang", "ua", cwd=repo)
    assert 'for Ukrainian, "uk"' in done.stderr


@pytest.mark.parametrize(
    "command",
    [[*c, "--lang", "en"] for c in LANG_COMMANDS]
    + [["agenda", "--all", "--lang", x] for x in LANGUAGES],
    ids=" ".join,
)
def test_every_supported_lang_is_accepted(repo: Path, command: list[str]) -> None:
    done = visitplan(*command, cwd=repo)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--debug", "show", "no-such-event"],
        ["show", "--debug", "no-such-event"],
        ["show", "no-such-event", "--debug"],
    ],
)
def test_debug_is_accepted_before_and_after_the_command_name(repo: Path, args: list[str]) -> None:
    done = visitplan(*args, cwd=repo)
    assert done.returncode == 2, done.stderr  # an unknown event id is a usage error
    assert "Traceback" in done.stderr  # --debug took effect
    assert "no-such-event" in done.stderr
    assert "No such option" not in done.stderr


def test_without_debug_there_is_no_traceback(repo: Path) -> None:
    done = visitplan("show", "no-such-event", cwd=repo)
    assert done.returncode == 2  # an unknown event id is a usage error
    assert "Traceback" not in done.stderr


def test_debug_after_a_double_dash_is_an_argument(repo: Path) -> None:
    done = visitplan("agenda", "--", "--debug", cwd=repo)
    assert done.returncode == 1
    assert "--debug: error: no such file or folder" in done.stderr
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- broken state

BROKEN_STATES = {
    "merge-conflict": lambda text: text.replace("\n[", "\n<<<<<<< HEAD\n[", 1).replace(
        "sequence = 0", "sequence = 0\n=======\nsequence = 1\n>>>>>>> other", 1
    ),
    "syntax": lambda text: text.replace("sequence = 0", "sequence = ", 1),
    "wrong-type": lambda text: text.replace("sequence = 0", 'sequence = "zero"', 1),
}

READ_ONLY_VIEWS = [
    ["agenda", "--all", "--lang", "en"],
    ["show", "online-2024-05-28", "--lang", "en"],
    ["topics", "--lang", "en"],
    ["actions", "--lang", "en"],
    ["people", "--lang", "en"],
    ["check"],
]


@pytest.mark.parametrize("broken", BROKEN_STATES, ids=str)
@pytest.mark.parametrize("command", READ_ONLY_VIEWS, ids=lambda c: c[0])
def test_a_broken_state_file_does_not_stop_the_views(
    repo: Path, broken: str, command: list[str]
) -> None:
    state = repo / "plans" / "korosten-bourges.visitplan-state"
    state.write_text(BROKEN_STATES[broken](state.read_text("utf-8")), encoding="utf-8")
    before = snapshot(repo)
    done = visitplan(*command, cwd=repo)
    assert done.returncode == 0, done.stderr
    shown = done.stdout + done.stderr
    assert "plans/korosten-bourges.visitplan-state:" in shown
    assert "warning: the export state does not parse" in shown
    if broken == "merge-conflict":
        assert "merge-conflict marker" in shown
        assert "higher sequence" in shown
    if command[0] != "check":
        assert done.stdout.strip()  # the view itself
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-o", "out.ics"],
        ["publish", "--url", "http://127.0.0.1:9/cal/", "--user", "u", "--password-env", "NOPE"],
        ["changes", "--since-export"],
        ["check", "--strict"],
    ],
    ids=lambda c: c[0] + (" --strict" if "--strict" in c else ""),
)
def test_a_broken_state_file_stops_the_commands_that_use_it(repo: Path, command: list[str]) -> None:
    state = repo / "plans" / "korosten-bourges.visitplan-state"
    state.write_text(BROKEN_STATES["merge-conflict"](state.read_text("utf-8")), encoding="utf-8")
    before = snapshot(repo)
    done = visitplan(*command, cwd=repo, NOPE="secret")
    assert done.returncode == 1, done.stdout + done.stderr
    shown = done.stdout + done.stderr
    assert "plans/korosten-bourges.visitplan-state:" in shown
    assert "error: the export state does not parse" in shown
    assert "merge-conflict marker" in shown
    assert "Traceback" not in shown and "internal error" not in shown
    assert snapshot(repo) == before
    assert not (repo / "out.ics").exists()


def test_a_state_path_that_is_a_folder_is_reported(repo: Path) -> None:
    state = repo / "plans" / "korosten-bourges.visitplan-state"
    state.unlink()
    state.mkdir()
    view = visitplan("agenda", "--all", cwd=repo)
    assert view.returncode == 0
    assert "cannot be read" in view.stderr
    export = visitplan("export", "-o", "out.ics", cwd=repo)
    assert export.returncode == 1
    assert "cannot be read" in export.stderr and "internal error" not in export.stderr
