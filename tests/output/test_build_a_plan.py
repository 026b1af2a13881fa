"""Done when (#15): the Lviv–Lublin study visit built from `visitplan new` to a plan that
passes `check --strict` with the writing commands alone, each run as a real process on
real files, and the final file compared with tests/golden/built/lviv-lublin.toml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import TESTS, assert_golden

GOLDEN = TESTS / "golden" / "built" / "lviv-lublin.toml"
TODAY = "2026-08-03"
PLAN = "plans/lviv-lublin.toml"

# Each step: the command line (`visitplan VERB KIND [ID] --plan PLAN`; the plan is the
# only one in ./plans, named by its id or its path here and there, or not at all), and the
# warnings its change adds (a part of each warning line, in order).
# fmt: off
STEPS: list[tuple[list[str], list[str]]] = [
    (["new", "lviv-lublin", "--template", "study-visit", "--title", "uk=Львів – Люблін",
      "--languages", "uk,pl,en", "--start", "2026-09-14", "--end", "2026-09-16"],
     ["title: no pl, en text", "events[0].title: no pl text"]),
    (["set", "plan", "--title", "pl=Lwów – Lublin", "--title", "en=Lviv – Lublin",
      "--timezone", "Europe/Kyiv", "--plan", "lviv-lublin"], []),
    (["set", "event", "visit", "--title", "uk=Візит до Любліна",
      "--title", "pl=Wizyta w Lublinie", "--title", "en=Visit to Lublin",
      "--location", "uk=Люблін, ратуша", "--location", "pl=Lublin, ratusz",
      "--location", "en=Lublin, town hall", "--timezone", "Europe/Warsaw"], []),
    (["add", "organization", "lviv", "--name", "uk=Львівська міська рада",
      "--name", "pl=Rada Miasta Lwowa", "--name", "en=Lviv City Council",
      "--country", "UA", "--timezone", "Europe/Kyiv", "--plan", PLAN], []),
    (["add", "org", "lublin", "--name", "uk=Люблінська міська рада",
      "--name", "pl=Urząd Miasta Lublin", "--name", "en=Lublin City Office",
      "--country", "PL", "--timezone", "Europe/Warsaw"], []),
]

PEOPLE = [
    ("hnativ", "Марта Гнатів", "Marta Hnativ", "lviv"),
    ("bondar", "Олег Бондар", "Oleh Bondar", "lviv"),
    ("shevchuk", "Ірина Шевчук", "Iryna Shevchuk", "lviv"),
    ("kowalska", "Анна Ковальська", "Anna Kowalska", "lublin"),
    ("nowak", "Пьотр Новак", "Piotr Nowak", "lublin"),
]

# added out of order: each goes to its place in time
PROGRAM = [
    ("farewell", "Підсумки", "Podsumowanie", "Debrief", "2026-09-16T10:00", "2026-09-16T11:30"),
    ("welcome", "Зустріч у ратуші", "Powitanie w ratuszu", "Welcome at the town hall",
     "2026-09-14T15:00", "2026-09-14T16:30"),
    ("depot", "Тролейбусне депо", "Zajezdnia trolejbusowa", "Trolleybus depot",
     "2026-09-15T10:00", "2026-09-15T12:00"),
    ("dinner", "Вечеря", "Kolacja", "Dinner", "2026-09-14T19:00", "2026-09-14T21:00"),
    ("old-town", "Старе місто", "Stare Miasto", "Old town", "2026-09-15T14:00",
     "2026-09-15T16:00"),
    ("museum", "Музей", "Muzeum", "Museum", "2026-09-16T13:00", "2026-09-16T14:30"),
]

ENTRIES: list[tuple[list[str], list[str]]] = [
    *[(["add", "person", pid, "--name", f"uk={uk}", "--name", f"pl={latin}",
        "--name", f"en={latin}", "--org", org, "--email", f"{pid}@example.org"], [])
      for pid, uk, latin, org in PEOPLE],
    *[(["add", "program", f"visit/{iid}", "--title", f"uk={uk}", "--title", f"pl={pl}",
        "--title", f"en={en}", "--start", start, "--end", end], [])
      for iid, uk, pl, en, start, end in PROGRAM],
    (["set", "plan", "--organizer", "hnativ"], []),
    (["add", "delegation", "lviv-delegation", "--name", "uk=Делегація Львова",
      "--name", "pl=Delegacja Lwowa", "--name", "en=Lviv delegation",
      "--organization", "lviv", "--lead", "hnativ", "--members", "bondar,shevchuk"], []),
    (["set", "event", "visit", "--host", "lublin", "--delegations", "lviv-delegation",
      "--participants", "kowalska,nowak"], []),
    (["add", "topic", "transport", "--title", "uk=Електротранспорт",
      "--title", "pl=Komunikacja elektryczna", "--title", "en=Electric transport",
      "--requested-by", "lviv", "--proposed-by", "lublin", "--status", "scheduled"], []),
    (["add", "topic", "heritage", "--title", "uk=Охорона спадщини",
      "--title", "pl=Ochrona dziedzictwa", "--title", "en=Heritage protection",
      "--requested-by", "lublin", "--proposed-by", "lviv", "--status", "proposed"], []),
    (["add", "action", "visa-letters", "--title", "uk=Листи для віз",
      "--title", "pl=Listy do wiz", "--title", "en=Visa letters", "--owner", "lublin",
      "--requested-by", "hnativ", "--event", "visit", "--due", "2026-08-20"], []),
    (["set", "program", "visit/depot", "--topics", "transport"], []),
]

AFTER_REFUSAL: list[tuple[list[str], list[str]]] = [
    # a person who cancelled, removed with her place in the delegation
    (["remove", "person", "shevchuk", "--with-references"], []),
    # the old-town walk moves to the morning of the last day
    (["set", "program", "visit/old-town", "--start", "2026-09-16T08:00",
      "--end", "2026-09-16T09:30"], []),
    (["export", "lviv-lublin", "-o", "visit.ics"], []),
    # the museum is cancelled
    (["remove", "program", "museum", "--event", "visit", "--plan", "lviv-lublin"], []),
    (["export", "lviv-lublin", "-o", "visit.ics"], []),
]
# fmt: on


def _visitplan(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VISITPLAN_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *args],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _run_steps(folder: Path, steps: list[tuple[list[str], list[str]]]) -> None:
    for args, warnings in steps:
        result = _visitplan(folder, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        said = [line for line in result.stderr.splitlines() if ": warning: " in line]
        assert len(said) == len(warnings), (args, said)
        for line, expected in zip(said, warnings, strict=True):
            assert expected in line, (args, said)


def _vevents(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("BEGIN:VEVENT")[1:]


def test_build_the_lviv_lublin_plan_with_the_writing_commands_alone(tmp_path: Path) -> None:
    _run_steps(tmp_path, [*STEPS, *ENTRIES])
    plan = tmp_path / PLAN
    # the delegation still names her: refused, each reference listed, nothing written
    before = plan.read_bytes()
    refused = _visitplan(tmp_path, "remove", "person", "shevchuk", "--plan", "lviv-lublin")
    assert refused.returncode == 1
    lines = before.decode("utf-8").splitlines()
    line = lines.index('members = ["bondar", "shevchuk"]') + 1
    assert f"{PLAN}:{line}: delegations.lviv-delegation.members[1]" in refused.stderr
    assert "--with-references" in refused.stderr
    assert plan.read_bytes() == before
    _run_steps(tmp_path, AFTER_REFUSAL)
    checked = _visitplan(tmp_path, "check", "--strict", PLAN)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the removed item is exported as cancelled, the others as they are
    events = _vevents((tmp_path / "visit.ics").read_text("utf-8"))
    museum = [e for e in events if "museum" in e.split("UID:")[1].split("\n")[0]]
    assert len(museum) == 1 and "STATUS:CANCELLED" in museum[0]
    assert sum("STATUS:CANCELLED" in e for e in events) == 1
    assert_golden(GOLDEN, plan.read_text("utf-8"))
