"""What a newcomer found editing a Lviv (Europe/Kyiv) – Lublin (Europe/Warsaw) plan with
the writing commands alone, around the night of 28 March 2027, when the clocks go
forward (03:00 → 04:00 in Kyiv, 02:00 → 03:00 in Warsaw): `move` keeps every real
duration, `set` puts a program item at its place in time, `set program --event` and its
"did you mean", `import --dry-run` naming the option of the field that differs. The real
command on real files."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

PLAN = """\
format = 1
id = "lviv-lublin-2027"
title.uk = "Партнерство Львів – Люблін"
title.en = "Lviv – Lublin partnership"
timezone = "Europe/Kyiv"
languages = ["uk", "en"]
organizer = "hrytsenko"

[organizations.lviv]
name.uk = "Львівська міська рада"
name.en = "Lviv City Council"
country = "UA"
timezone = "Europe/Kyiv"

[organizations.lublin]
name.uk = "Мерія Любліна"
name.en = "Urząd Miasta Lublin"
country = "PL"
timezone = "Europe/Warsaw"

[people.hrytsenko]
name.uk = "Ірина Гриценко"
name.en = "Iryna Hrytsenko"
organization = "lviv"
email = "i.hrytsenko@example.org"

[people.wisniewski]
name.uk = "Томаш Вишневський"
name.en = "Tomasz Wiśniewski"
organization = "lublin"
email = "t.wisniewski@example.org"

[[events]]
id = "briefing"
kind = "online-meeting"
title.uk = "Нарада делегації"
title.en = "Delegation briefing"
start = 2027-03-27T11:00:00
end = 2027-03-27T13:00:00
url = "https://meet.example.org/briefing"
host = "lviv"
accept = ["weekend"]

[[events]]
id = "prep-call"
kind = "online-meeting"
title.uk = "Нічний дзвінок перед візитом"
title.en = "Late-night preparation call"
start = 2027-03-27T23:30:00
end = 2027-03-28T01:00:00
url = "https://meet.example.org/prep"
host = "lviv"
accept = ["weekend"]

[[events]]
id = "lublin-2027"
kind = "study-visit"
title.uk = "Навчальний візит до Любліна"
title.en = "Study visit to Lublin"
start = 2027-03-30
end = 2027-04-01
timezone = "Europe/Warsaw"
host = "lublin"
accept = ["weekend"]

  [[events.program]]
  id = "night-tram"
  title.uk = "Нічний трамвай з вокзалу"
  title.en = "Night tram from the station"
  start = 2027-03-30T01:30:00
  end = 2027-03-30T03:00:00

  # Powitanie w ratuszu — Rynek 1
  [[events.program]]
  id = "welcome"
  title.uk = "Зустріч у ратуші"
  title.en = "Welcome at the town hall (Ratusz)"
  start = 2027-03-30T10:00:00
  end = 2027-03-30T11:30:00

  # Zajezdnia ZTM, ul. Grenadierów 3 — trolejbusy
  [[events.program]]
  id = "trolleybus"
  title.uk = "Тролейбусне депо ZTM"
  title.en = "ZTM trolleybus depot (Zajezdnia)"
  start = 2027-03-30T13:00:00
  end = 2027-03-30T15:30:00
  speakers = ["wisniewski"]

  [[events.program]]
  id = "debrief"
  title.uk = "Підсумки та від'їзд"
  title.en = "Debrief and departure"
  start = 2027-04-01T09:00:00
  end = 2027-04-01T11:00:00
"""


def visitplan(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, run in ``folder`` on 1 March 2027."""
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"VISITPLAN_TODAY": "2027-03-01", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "lviv-lublin-2027.toml").write_text(PLAN, "utf-8")
    return tmp_path


def plan_text(folder: Path) -> str:
    return (folder / "plans" / "lviv-lublin-2027.toml").read_text("utf-8")


def times(text: str, entry_id: str) -> tuple[datetime, datetime]:
    """The start and end the file gives the entry ``entry_id`` (naive wall-clock)."""
    lines = text[text.index(f'id = "{entry_id}"') :].splitlines()
    start = next(line for line in lines if line.strip().startswith("start = "))
    end = next(line for line in lines if line.strip().startswith("end = "))
    return (
        datetime.fromisoformat(start.split("= ")[1]),
        datetime.fromisoformat(end.split("= ")[1]),
    )


def lasts(text: str, entry_id: str, zone: str) -> timedelta:
    """The real time the entry lasts (UTC end minus UTC start)."""
    start, end = times(text, entry_id)
    where = ZoneInfo(zone)
    return end.replace(tzinfo=where).astimezone(UTC) - start.replace(tzinfo=where).astimezone(UTC)


def checks_strictly(folder: Path) -> None:
    done = visitplan(folder, "check", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------- 1: move keeps the real durations


@pytest.mark.parametrize(
    ("event_id", "how", "start", "end"),
    [
        ("prep-call", ["--by", "3h"], "2027-03-28T02:30:00", "2027-03-28T05:00:00"),
        ("prep-call", ["--by", "2h30m"], "2027-03-28T02:00:00", "2027-03-28T04:30:00"),
        ("briefing", ["--to", "2027-03-28T02:00"], "2027-03-28T02:00:00", "2027-03-28T05:00:00"),
    ],
)
def test_a_move_across_the_spring_forward_night_keeps_the_real_duration(
    folder: Path, event_id: str, how: list[str], start: str, end: str
) -> None:
    before = lasts(PLAN, event_id, "Europe/Kyiv")
    done = visitplan(folder, "move", "event", event_id, *how)
    assert done.returncode == 0, done.stderr
    text = plan_text(folder)
    assert f"start = {start}\nend = {end}\n" in text
    assert lasts(text, event_id, "Europe/Kyiv") == before
    # every other byte is kept
    assert len(text.splitlines()) == len(PLAN.splitlines())
    checks_strictly(folder)


def test_an_event_of_several_days_keeps_its_wall_clock_end(folder: Path) -> None:
    """A seminar from 27 March 09:00 to 29 March 18:00 spans the change (it lasts 56 real
    hours); moved by a week it still ends at 18:00, as its calendar days read, and not at
    17:00 (57 real hours would be kept only by changing the time on the page)."""
    seminar = (
        '\n[[events]]\nid = "seminar"\nkind = "online-meeting"\ntitle.uk = "Семінар"\n'
        'title.en = "Seminar"\nstart = 2027-03-27T09:00:00\nend = 2027-03-29T18:00:00\n'
        'url = "https://meet.example.org/seminar"\nhost = "lviv"\n'
        'participants = ["hrytsenko"]\naccept = ["weekend"]\n'
    )
    plan = folder / "plans" / "lviv-lublin-2027.toml"
    plan.write_text(PLAN + seminar, "utf-8")
    done = visitplan(folder, "move", "event", "seminar", "--by", "7d")
    assert done.returncode == 0, done.stderr
    assert times(plan_text(folder), "seminar") == (
        datetime(2027, 4, 3, 9, 0),
        datetime(2027, 4, 5, 18, 0),
    )


def test_program_items_keep_their_real_durations_when_the_visit_moves(folder: Path) -> None:
    before = lasts(PLAN, "night-tram", "Europe/Warsaw")
    done = visitplan(folder, "move", "event", "lublin-2027", "--by", "-2d")
    assert done.returncode == 0, done.stderr
    text = plan_text(folder)
    # 01:30 (+01:00) plus 90 real minutes is 04:00 (+02:00) on the night of the change
    assert times(text, "night-tram") == (
        datetime(2027, 3, 28, 1, 30),
        datetime(2027, 3, 28, 4, 0),
    )
    assert lasts(text, "night-tram", "Europe/Warsaw") == before
    assert times(text, "trolleybus") == (
        datetime(2027, 3, 28, 13, 0),
        datetime(2027, 3, 28, 15, 30),
    )
    assert "start = 2027-03-28\nend = 2027-03-30\n" in text  # all-day dates: whole days


def test_a_start_that_lands_in_the_gap_is_a_usage_error_naming_it(folder: Path) -> None:
    done = visitplan(folder, "move", "event", "prep-call", "--by", "4h")
    assert done.returncode == 2
    assert "events[1].start" in done.stderr
    assert "2027-03-28T03:30" in done.stderr and "Europe/Kyiv" in done.stderr
    assert "--to 2027-03-28T04:30" in done.stderr
    assert "end" not in done.stderr.split("—")[0]
    assert plan_text(folder) == PLAN


# ------------------------------------------------- 2: set keeps the program in time order

TROLLEYBUS = PLAN[
    PLAN.index("  # Zajezdnia") : PLAN.index('  [[events.program]]\n  id = "debrief"')
]
WELCOME = PLAN.index("  # Powitanie")


def test_setting_an_item_earlier_moves_its_block_with_its_comment(folder: Path) -> None:
    early = TROLLEYBUS.replace("2027-03-30T13:00:00", "2027-03-30T08:00:00").replace(
        "2027-03-30T15:30:00", "2027-03-30T09:30:00"
    )
    expected = PLAN.replace(TROLLEYBUS, "")
    expected = expected[:WELCOME] + early + expected[WELCOME:]
    args = ["set", "program", "lublin-2027/trolleybus", "--start", "2027-03-30T08:00"]
    shown = visitplan(folder, *args, "--end", "2027-03-30T09:30", "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert "+  # Zajezdnia ZTM, ul. Grenadierów 3 — trolejbusy" in shown.stdout
    assert "-  # Zajezdnia ZTM, ul. Grenadierów 3 — trolejbusy" in shown.stdout
    assert plan_text(folder) == PLAN
    done = visitplan(folder, *args, "--end", "2027-03-30T09:30", "--strict")
    assert done.returncode == 0, done.stderr
    assert plan_text(folder) == expected
    checks_strictly(folder)


def test_setting_an_item_later_than_the_last_moves_it_to_the_end(folder: Path) -> None:
    night = PLAN[PLAN.index('  [[events.program]]\n  id = "night-tram"') : WELCOME]
    done = visitplan(
        folder, "set", "program", "lublin-2027/night-tram",
        "--start", "2027-04-01T12:00", "--end", "2027-04-01T13:30",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    moved = night.replace("2027-03-30T01:30:00", "2027-04-01T12:00:00").replace(
        "2027-03-30T03:00:00", "2027-04-01T13:30:00"
    )
    assert plan_text(folder) == PLAN.replace(night, "") + "\n" + moved.rstrip("\n") + "\n"
    checks_strictly(folder)


def test_setting_an_item_within_its_place_moves_nothing(folder: Path) -> None:
    done = visitplan(
        folder, "set", "program", "lublin-2027/trolleybus", "--start", "2027-03-30T12:00"
    )
    assert done.returncode == 0, done.stderr
    assert plan_text(folder) == PLAN.replace("2027-03-30T13:00:00", "2027-03-30T12:00:00")


# ------------------------------------------ 3: set program --event, hints from this plan


def test_set_program_takes_the_event_with_event_as_add_and_remove_do(folder: Path) -> None:
    done = visitplan(
        folder, "set", "program", "trolleybus", "--event", "lublin-2027", "--status", "cancelled"
    )
    assert done.returncode == 0, done.stderr
    assert 'set status of program "lublin-2027/trolleybus"' in done.stdout
    expected = PLAN.replace(
        '  speakers = ["wisniewski"]\n', '  speakers = ["wisniewski"]\n  status = "cancelled"\n'
    )
    assert plan_text(folder) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["set", "program", "trolleybus", "--status", "cancelled"], "e.g. lublin-2027/trolleybus"),
        (["set", "program", "welcom", "--status", "cancelled"], "e.g. lublin-2027/welcome"),
        (
            ["set", "program", "lublin-2027/trolley", "--status", "cancelled"],
            'no program item "trolley" in event "lublin-2027" — did you mean '
            '"lublin-2027/trolleybus"?',
        ),
        (
            ["set", "program", "lublin-2027/trolleybus", "--event", "lublin-2027", "--url", "x"],
            "the event is given twice",
        ),
        (
            ["move", "program", "lublin-2027/trolleybus", "--by", "1h"],
            "visitplan set program lublin-2027/trolleybus --start",
        ),
    ],
)
def test_naming_a_program_item_wrongly_fails_with_a_hint_from_this_plan(
    folder: Path, args: list[str], message: str
) -> None:
    done = visitplan(folder, *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "study-visit-2023" not in done.stderr
    assert plan_text(folder) == PLAN


# ------------------------------ 4: import --dry-run names the options of what differs


def test_import_of_our_own_entries_suggests_the_options_of_the_fields_that_differ(
    folder: Path,
) -> None:
    assert visitplan(folder, "export", "-o", "all.ics").returncode == 0
    for change in (
        ["set", "program", "lublin-2027/trolleybus", "--status", "cancelled"],
        ["set", "event", "prep-call", "--url", "https://meet.example.org/nowy"],
        ["set", "program", "lublin-2027/welcome", "--title", "uk=Зустріч у Ратуші"],
        ["set", "program", "lublin-2027/welcome", "--start", "2027-03-30T10:30"],
    ):
        assert visitplan(folder, *change).returncode == 0
    before = plan_text(folder)
    done = visitplan(folder, "import", "all.ics", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert plan_text(folder) == before
    notes = {note.split(" differs ")[0]: note for note in done.stderr.splitlines()}
    where = "--plan plans/lviv-lublin-2027.toml"
    trolleybus = notes['program item "lublin-2027/trolleybus"']
    assert "status: the file has CONFIRMED, the plan CANCELLED" in trolleybus
    assert trolleybus.endswith(f"`visitplan set program lublin-2027/trolleybus {where} --status …`")
    assert notes['event "prep-call"'].endswith(f"`visitplan set event prep-call {where} --url …`")
    assert notes['program item "lublin-2027/welcome"'].endswith(
        f"`visitplan set program lublin-2027/welcome {where} --start … --end … --title …`"
    )
