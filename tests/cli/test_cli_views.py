from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, Run, snapshot
from visitplan.cli import app

Write = Callable[..., Path]


def test_agenda_all_lists_the_28_may_meeting_in_kyiv_and_paris(run: Run) -> None:
    result = run("agenda", EXAMPLE, "--all", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Tuesday, 28 May 2024\n  11:00–12:30 Kyiv · 10:00–11:30 Paris\n" in result.stdout
    assert "11:00–11:10 Kyiv · 10:00–10:10 Paris  Welcome — Liudmyla Damentsova" in result.stdout


def test_agenda_in_ukrainian_and_french(run: Run) -> None:
    uk = run("agenda", EXAMPLE, "--all", "--lang", "uk").stdout
    assert "вівторок, 28 травня 2024\n  11:00–12:30 Київ · 10:00–11:30 Париж" in uk
    assert "Двостороння онлайн-зустріч Коростень – Бурж" in uk
    fr = run("agenda", EXAMPLE, "--all", "--lang", "fr").stdout
    assert "mardi 28 mai 2024" in fr and "Réunion bilatérale en ligne" in fr


def test_the_plan_language_is_the_default_and_visitplan_lang_overrides_it(run: Run) -> None:
    assert "вівторок, 28 травня 2024" in run("agenda", EXAMPLE, "--all").stdout
    result = run.runner.invoke(
        app,
        ["agenda", str(EXAMPLE), "--all"],
        env={"VISITPLAN_LANG": "fr", "VISITPLAN_TODAY": "2024-06-01"},
    )
    assert "mardi 28 mai 2024" in result.stdout


@pytest.mark.parametrize("day", ["2025-01-15", "2025-03-20", "2025-07-01", "2025-11-05"])
def test_explicit_zones_work_for_any_date(run: Run, write_plan: Write, day: str) -> None:
    text = MINIMAL.replace("2024-05-28", day)
    path = write_plan(text)
    result = run(
        "agenda", path, "--all", "--tz", "America/New_York", "--tz", "Europe/Kyiv", "--lang", "en"
    )
    assert result.exit_code == 0, result.output
    assert " New York · " in result.stdout and " Kyiv" in result.stdout


def test_tz_local_is_the_machine_zone(write_plan: Write) -> None:
    path = write_plan(MINIMAL)
    env = {**os.environ, "TZ": "Asia/Tbilisi", "VISITPLAN_TODAY": "2024-01-01"}
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "agenda", str(path), "--tz", "local", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "12:00–13:30 Tbilisi" in done.stdout


def test_agenda_in_a_pipe_has_no_escape_codes_and_json_and_markdown_are_well_formed() -> None:
    base = [sys.executable, "-m", "visitplan", "agenda", "--all", str(ROOT / "plans")]
    env = {**os.environ, "VISITPLAN_TODAY": "2024-06-01"}
    plain = subprocess.run(base, capture_output=True, text=True, env=env, check=True).stdout
    assert "\x1b" not in plain and "28 травня 2024" in plain
    document = json.loads(
        subprocess.run(
            [*base, "--format", "json"], capture_output=True, text=True, env=env, check=True
        ).stdout
    )
    assert set(document) == {"from", "to", "language", "offset_changes", "days"}
    item = document["days"][0]["items"][0]
    for key in (
        "plan",
        "id",
        "kind",
        "status",
        "title",
        "start",
        "end",
        "timezone",
        "times",
        "program",
        "day",
        "days",
    ):
        assert key in item
    markdown = subprocess.run(
        [*base, "--format", "markdown"], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert "| Час | Подія | Деталі |\n|---|---|---|\n" in markdown


def test_nothing_ahead_says_how_to_see_more(run: Run) -> None:
    result = run("agenda", EXAMPLE, "--lang", "en", today=date(2026, 11, 28))
    assert result.exit_code == 0
    assert (
        result.stdout
        == "Nothing from 28 November 2026 on; use --all, --past or --from to see more.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tz", "Mars/Olympus"], 'unknown time zone "Mars/Olympus" for --tz'),
        (["--tz", "Europe/Pariss"], "did you mean Europe/Paris?"),
        (["--all", "--from", "2024-01-01"], "--all cannot be combined"),
        (["--person", "moskalenk"], 'did you mean "moskalenko"?'),
        (["--days", "0"], "--days must be 1 or more"),
        (["--kind", "webinar"], "webinar"),
        (["--from", "28.05.2024"], "is not a date like 2024-06-30"),
    ],
)
def test_agenda_usage_errors_exit_2(run: Run, args: list[str], message: str) -> None:
    result = run("agenda", EXAMPLE, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_view_of_an_invalid_plan_lists_its_errors_and_changes_nothing(
    run: Run, write_plan: Write, tmp_path: Path
) -> None:
    path = write_plan(
        MINIMAL.replace('participants = ["chyzhevska", "bonduelle"]', 'participants = ["x"]')
    )
    before = snapshot(tmp_path)
    for command in (["agenda", "--all"], ["show", "meeting"], ["topics"], ["actions"], ["people"]):
        args = (
            [command[0], path, *command[1:]] if command[0] != "show" else ["show", path, "meeting"]
        )
        result = run(*args)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.startswith(f"error: 1 error in {path.as_posix()}; fix it first")
        assert '"x" is not a person in this plan' in result.stderr
        assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before


def test_show_an_unknown_event(run: Run) -> None:
    result = run("show", EXAMPLE, "online-2024-05-29")
    assert result.exit_code == 2  # a usage error, as in program, export and invite
    assert 'no event "online-2024-05-29"' in result.stderr
    assert 'did you mean "online-2024-05-28"?' in result.stderr


def test_show_defaults_to_the_plans_folder(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("show", "study-visit-2023", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Study visit to Bourges  [visit · confirmed]\n")


def test_people_csv_for_visa_letters(run: Run) -> None:
    result = run("people", EXAMPLE, "--delegation", "korosten-2023", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith(
        "korosten-bourges,chyzhevska,Наталія Чижевська,Наталія Чижевська,Nataliia Chyzhevska"
    )


def test_overdue_actions_stand_out(run: Run) -> None:
    dst = ROOT / "tests" / "plans" / "dst-partners.toml"
    result = run("actions", dst, "--lang", "en", "--today", "2025-03-20")
    assert "2025-03-14  [open] Share the slides of the March call (overdue)" in result.stdout
    done = json.loads(run("actions", dst, "--status", "done", "--format", "json").stdout)
    assert [action["id"] for action in done] == ["visa-letters"]


@pytest.mark.parametrize(
    ("args", "today"),
    [
        (["slots", "--with", "korosten", "--with", "bourges", "--days", "9999999"], "2026-12-01"),
        (
            ["slots", "--with", "korosten", "--with", "bourges", "--from", "9999-12-30"],
            "2026-12-01",
        ),
        (["agenda", "--from", "9999-12-31", "--days", "5"], "2026-12-01"),
        (["agenda", "--past"], "0001-01-01"),
    ],
)
def test_a_range_past_the_calendar_is_a_usage_error(args: list[str], today: str) -> None:
    # Found in review: an OverflowError ("internal error") on a mistyped --days or date.
    from datetime import date

    result = Run()(*args, EXAMPLE, today=date.fromisoformat(today))
    assert result.exit_code == 2, result.output
    assert "goes past the dates a calendar can hold" in result.stderr
