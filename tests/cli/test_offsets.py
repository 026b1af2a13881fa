"""Explicit UTC offsets in plan files (#15 leftover 1): `move` writes the offset the
event's zone has on the new day, `add`/`set` refuse an offset the zone does not have then
(saying which it has) and spell an accepted time as the file spells its times, and
`check` warns (file:line, key path) about an offset that is not the zone's. Real
commands on real files, a Paris–Kyiv plan across the end of summer time 2025."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import snapshot

PLAN = """\
id = "bourges-korosten"
title.uk = "Візит до Буржа"
title.fr = "Visite à Bourges"
timezone = "Europe/Paris"
languages = ["uk", "fr"]

[[events]]
id = "conseil"
kind = "online-meeting"
title.uk = "Рада партнерства"
title.fr = "Conseil de jumelage"
start = 2025-10-30T10:00:00+01:00
end = 2025-10-30T11:30:00+01:00

[[events]]
id = "visite"
kind = "study-visit"
timezone = "Europe/Kyiv"
title.uk = "Навчальний візит до Коростеня"
title.fr = "Visite d'étude à Korosten"
start = 2025-10-27T09:00:00
end = 2025-10-27T18:00:00

  [[events.program]]
  id = "musee"
  title.uk = "Краєзнавчий музей"
  title.fr = "Musée régional"
  start = 2025-10-27T10:00:00
  end = 2025-10-27T11:00:00
"""


def visitplan(
    folder: Path, *args: str, today: str = "2025-10-01"
) -> subprocess.CompletedProcess[str]:
    """The real command, run in ``folder`` on ``today``."""
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={"VISITPLAN_TODAY": today, "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "bourges-korosten.toml").write_text(PLAN, "utf-8")
    return tmp_path


def plan_text(folder: Path) -> str:
    return (folder / "plans" / "bourges-korosten.toml").read_text("utf-8")


def agenda_line(folder: Path, event_id: str) -> str:
    shown = visitplan(folder, "show", event_id, "--lang", "fr").stdout
    return next(line for line in shown.splitlines() if "(Europe/Paris)" in line)


def test_a_move_across_the_end_of_summer_time_writes_the_new_days_offset(folder: Path) -> None:
    moved = visitplan(folder, "move", "event", "conseil", "--by", "-7d")
    assert moved.returncode == 0, moved.stderr
    text = plan_text(folder)
    # same wall-clock time a week earlier, in summer time: +02:00, not the +01:00 of before
    assert "start = 2025-10-23T10:00:00+02:00\n" in text
    assert "end = 2025-10-23T11:30:00+02:00\n" in text
    assert "10:00" in agenda_line(folder, "conseil")
    checked = visitplan(folder, "check", "--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    back = visitplan(folder, "move", "event", "conseil", "--by", "7d")
    assert back.returncode == 0, back.stderr
    assert plan_text(folder) == PLAN  # and back again: the file as it was


def test_a_move_into_the_autumn_fold_keeps_an_offset_the_zone_has_then(folder: Path) -> None:
    plan = folder / "plans" / "bourges-korosten.toml"
    plan.write_text(PLAN.replace("T10:00:00+01:00", "T02:30:00+01:00"), "utf-8")
    assert visitplan(folder, "move", "event", "conseil", "--by", "-4d").returncode == 0
    # 02:30 on 26 October happens twice in Paris; +01:00 names the second: kept
    assert "start = 2025-10-26T02:30:00+01:00\n" in plan_text(folder)
    assert "foreign-offset" not in visitplan(folder, "check", "--format", "json").stdout


def test_check_warns_of_an_offset_the_zone_does_not_have(folder: Path) -> None:
    plan = folder / "plans" / "bourges-korosten.toml"
    plan.write_text(PLAN.replace("2025-10-30T10:00:00+01:00", "2025-10-23T10:00:00+01:00"))
    checked = visitplan(folder, "check")
    assert checked.returncode == 0  # a warning
    assert (
        "plans/bourges-korosten.toml:12: warning: events[0].start: 2025-10-23T10:00:00+01:00: "
        "Europe/Paris is at +02:00 then, not +01:00, so every view shows 11:00 — for 10:00 "
        "in Europe/Paris, write 2025-10-23T10:00:00+02:00 (or 2025-10-23T10:00:00 without "
        "an offset); for 11:00, write 2025-10-23T11:00:00"
    ) in checked.stdout
    assert "11:00" in agenda_line(folder, "conseil")  # what the warning says the views show
    assert visitplan(folder, "check", "--strict").returncode == 1


@pytest.mark.parametrize(
    ("words", "given", "zone_has"),
    [
        (["event", "visite"], "2025-10-27T09:00+05:00", "+02:00"),
        (["program", "visite/musee"], "2025-10-27T10:00+03:00", "+02:00"),
        (["event", "conseil"], "2025-10-23T10:00+01:00", "+02:00"),
    ],
)
def test_set_refuses_an_offset_the_zone_does_not_have_and_says_which_it_has(
    folder: Path, words: list[str], given: str, zone_has: str
) -> None:
    before = snapshot(folder)
    refused = visitplan(folder, "set", *words, "--start", given)
    assert refused.returncode == 2, refused.stderr
    assert f"which is at {zone_has} then, not {given[-6:]}" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert snapshot(folder) == before
    # the commands the hint gives work
    hint = refused.stderr.split("give the time in ")[1]
    first = hint.split("--start ")[1].split(" ")[0]
    assert visitplan(folder, "set", *words, "--start", first, "--dry-run").returncode == 0


def test_add_refuses_a_foreign_offset_for_a_new_item_of_a_kyiv_event(folder: Path) -> None:
    before = snapshot(folder)
    refused = visitplan(
        folder, "add", "program", "visite/mairie", "--title", "fr=Mairie",
        "--start", "2025-10-27T12:00+01:00", "--end", "2025-10-27T13:00+01:00",
    )  # fmt: skip
    assert refused.returncode == 2
    assert "Europe/Kyiv, which is at +02:00 then, not +01:00" in refused.stderr
    assert snapshot(folder) == before


def test_an_accepted_offset_is_written_as_the_file_writes_its_times(folder: Path) -> None:
    # the Kyiv event's times are written without offsets, the Paris ones with: the file
    # writes offsets, so a time given in Kyiv's own offset is written with it
    done = visitplan(folder, "set", "event", "visite", "--start", "2025-10-27T08:30+02:00")
    assert done.returncode == 0, done.stderr
    assert "start = 2025-10-27T08:30:00+02:00\n" in plan_text(folder)
    # a file without any offset gets none
    plan = folder / "plans" / "bourges-korosten.toml"
    plan.write_text(PLAN.replace("+01:00", ""), "utf-8")
    done = visitplan(folder, "set", "event", "conseil", "--end", "2025-10-30T12:00+01:00")
    assert done.returncode == 0, done.stderr
    assert "end = 2025-10-30T12:00:00\n" in plan_text(folder)
    # and a time without offset in a file with offsets gets the zone's
    plan.write_text(PLAN, "utf-8")
    assert visitplan(folder, "set", "event", "conseil", "--end", "2025-10-30T12:00").returncode == 0
    assert "end = 2025-10-30T12:00:00+01:00\n" in plan_text(folder)


def test_the_second_occurrence_of_the_fold_keeps_its_offset_in_a_file_without_offsets(
    folder: Path,
) -> None:
    plan = folder / "plans" / "bourges-korosten.toml"
    plan.write_text(PLAN.replace("+01:00", ""), "utf-8")
    done = visitplan(folder, "set", "event", "conseil", "--start", "2025-10-26T02:30+01:00",
                     "--end", "2025-10-26T04:00")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "start = 2025-10-26T02:30:00+01:00\n" in plan_text(folder)  # only it names it
