"""Importing a plan's own export: nothing is added twice (issue #13, item 10).

Entries whose UID names the plan are recognised: those the plan has as the file shows
them are counted, those that differ are reported and left alone, those the plan no longer
has are left out. Entries of another visitplan plan are imported as new events."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import EXAMPLE, ROOT, snapshot
from visitplan.cli import app

ENV = {"VISITPLAN_TODAY": "2025-01-01", "SOURCE_DATE_EPOCH": "1780000000", "NO_COLOR": "1"}
STUDY = ROOT / "templates" / "study-visit.toml"


def invoke(*args: str | Path) -> object:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def entries(ics: Path) -> int:
    calendar = Calendar.from_ical(ics.read_bytes())
    return len(calendar.walk("VEVENT")) + len(calendar.walk("VTODO"))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    shutil.copy(EXAMPLE, path)
    return path


MODES = {
    "plain": [],
    "request": ["--method", "request", "--event", "online-2024-05-28"],
    "todos": ["--todos", "--alarm", "1d"],
    "per-person": None,  # one file of `--per-person`
}


@pytest.mark.parametrize("mode", list(MODES))
def test_importing_the_plans_own_export_adds_nothing(tmp_path: Path, plan: Path, mode: str) -> None:
    if MODES[mode] is None:
        done = invoke("export", plan, "--per-person", tmp_path / "people")
        ics = tmp_path / "people" / "chyzhevska.ics"
    else:
        ics = tmp_path / "all.ics"
        done = invoke("export", plan, *MODES[mode], "-o", ics)
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    count = entries(ics)
    assert count == 1 if mode == "request" else count > 3  # an invitation holds one event
    before = snapshot(tmp_path)

    result = invoke("import", ics, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"nothing imported into {plan.as_posix()}; {count} already in the plan\n"
    )
    assert result.stderr == ""  # type: ignore[attr-defined]
    assert snapshot(tmp_path) == before  # the plan (and everything else) unchanged


def test_an_older_export_is_reported_not_duplicated(tmp_path: Path, plan: Path) -> None:
    ics = tmp_path / "all.ics"
    assert invoke("export", plan, "--todos", "-o", ics).exit_code == 0  # type: ignore[attr-defined]
    count = entries(ics)
    # the plan changes after the export: an event moves, a program item of the visit is
    # renamed (in the language the file shows), an action is done
    for change in (
        ["move", plan, "online-2024-05-28", "--by", "1h"],
        ["set", plan, "program", "study-visit-2023/reception", "--title", "uk=Прийом у мерії"],
        ["set", plan, "action", "topic-list", "--status", "done"],
        ["set", plan, "action", "funding-guide", "--title", "en=A funding guide"],  # not shown
    ):
        assert invoke(*change).exit_code == 0  # type: ignore[attr-defined]
    before = snapshot(tmp_path)

    result = invoke("import", ics, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert snapshot(tmp_path) == before
    notes = {note.split(" differs ")[0]: note for note in result.stderr.splitlines()}  # type: ignore[attr-defined]
    assert list(notes) == [  # in the file's order
        'program item "study-visit-2023/reception"',
        'event "online-2024-05-28"',
        'action "topic-list"',
    ]
    assert notes['event "online-2024-05-28"'].startswith(
        'event "online-2024-05-28" differs from the plan, not imported — time: the file has '
        "2024-05-28 11:00–12:30 (Europe/Kyiv), the plan 2024-05-28 12:00–13:30 (Europe/Kyiv); "
    )
    where = f"--plan {plan.as_posix()}"
    assert (
        f"`visitplan move event online-2024-05-28 {where} --to …` or "
        f"`visitplan set event online-2024-05-28 {where} --start … --end …`"
    ) in notes['event "online-2024-05-28"']
    # each kind of entry is pointed to the command that changes it (`move` takes no item),
    # with the options of the fields that differ
    assert (
        f"`visitplan set program study-visit-2023/reception {where} --title …`"
        in notes['program item "study-visit-2023/reception"']
    )
    assert f"`visitplan set action topic-list {where} --status …`" in notes['action "topic-list"']
    # and each command works, with fields in place of "…"
    fields = {
        "move event": ["--to", "2024-05-28T11:00"],
        "set event": ["--start", "2024-05-28T11:00", "--end", "2024-05-28T12:30"],
        "set program": ["--title", "uk=Прийом"],
        "set action": ["--status", "open"],
    }
    suggested = [c for note in notes.values() for c in re.findall(r"`(visitplan [^`]+)`", note)]
    assert len(suggested) == 4
    for command in suggested:
        words = shlex.split(re.sub(r" --[a-z]+ …", "", command))
        assert command.endswith(" …") and "…" not in words
        done = invoke(*words[1:], *fields[" ".join(words[1:3])])
        assert done.exit_code == 0, (command, done.output)  # type: ignore[attr-defined]
    reception = notes['program item "study-visit-2023/reception"']
    assert reception.startswith(
        'program item "study-visit-2023/reception" differs from the plan, not imported — '
        'title: the file has "'
    )
    assert 'the plan "Прийом у мерії · ' in reception
    assert "status: the file has NEEDS-ACTION, the plan COMPLETED" in notes['action "topic-list"']
    assert result.stdout == (  # type: ignore[attr-defined]
        f"nothing imported into {plan.as_posix()}; {count - 3} already in the plan, "
        "3 not imported (see above)\n"
    )


def _without_event(text: str, event_id: str) -> str:
    start = text.index(f'[[events]]\nid = "{event_id}"')
    end = text.index("[[", start + len("[[events]]"))
    return text[:start] + text[end:]


def test_entries_the_plan_no_longer_has_are_left_out(tmp_path: Path, plan: Path) -> None:
    old = tmp_path / "old.ics"
    assert invoke("export", plan, "-o", old).exit_code == 0  # type: ignore[attr-defined]
    plan.write_text(_without_event(plan.read_text("utf-8"), "study-visit-next"), "utf-8")
    new = tmp_path / "new.ics"  # with the removed visit as a cancellation
    assert invoke("export", plan, "-o", new).exit_code == 0  # type: ignore[attr-defined]
    assert "STATUS:CANCELLED" in new.read_text("utf-8")
    before = snapshot(tmp_path)

    result = invoke("import", new, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.endswith(  # type: ignore[attr-defined]
        f"; {entries(new) - 1} already in the plan, 1 removed from the plan earlier\n"
    )
    result = invoke("import", old, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stderr.startswith(  # type: ignore[attr-defined]
        'event "study-visit-next" is this plan\'s but no longer in it, not imported'
    )
    assert snapshot(tmp_path) == before


def test_a_new_entry_next_to_the_plans_own_is_imported(tmp_path: Path, plan: Path) -> None:
    ics = tmp_path / "all.ics"
    assert invoke("export", plan, "-o", ics).exit_code == 0  # type: ignore[attr-defined]
    calendar = Calendar.from_ical(ics.read_bytes())
    google = Calendar.from_ical((ROOT / "tests" / "ics" / "google-invite.ics").read_bytes())
    calendar.add_component(google.walk("VEVENT")[0])  # a partner's invitation, with ours
    ics.write_bytes(calendar.to_ical())
    result = invoke("import", ics, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert result.stdout.startswith("imported 1 event")  # type: ignore[attr-defined]
    assert f"; {entries(ics) - 1} already in the plan" in result.stdout  # type: ignore[attr-defined]
    assert not re.search(r'id = "[a-z0-9-]+-2"', plan.read_text("utf-8"))


def test_another_plans_entries_are_new_events_named_after_that_plan(tmp_path: Path) -> None:
    source = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, source)
    ics = tmp_path / "k.ics"
    assert invoke("export", source, "-o", ics).exit_code == 0  # type: ignore[attr-defined]
    other = tmp_path / "study.toml"
    shutil.copy(STUDY, other)
    result = invoke("import", ics, "--plan", other)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert re.match(
        r'imported 4 events, 7 program items, \d+ new people into .* from the plan "korosten-bourges"',
        result.stdout,  # type: ignore[attr-defined]
    )
    text = other.read_text("utf-8")
    assert 'id = "online-2024-05-28"' in text and 'id = "study-visit-2023"' in text


def test_reimporting_all_ics_as_a_process(tmp_path: Path, plan: Path) -> None:
    # the command: `visitplan import all.ics --plan p.toml`, all.ics from p.toml
    env = {**os.environ, **ENV}
    command = [sys.executable, "-m", "visitplan"]
    exported = subprocess.run(
        [*command, "export", "p.toml", "-o", "all.ics"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    before = snapshot(tmp_path)
    done = subprocess.run(
        [*command, "import", "all.ics", "--plan", "p.toml"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == f"nothing imported into p.toml; {entries(tmp_path / 'all.ics')} already in the plan\n"
    )
    assert snapshot(tmp_path) == before  # no visit-2, no follow-up-online-2: nothing written


def test_an_unreadable_entry_of_the_plan_is_reported(tmp_path: Path, plan: Path) -> None:
    ics = tmp_path / "all.ics"
    assert invoke("export", plan, "-o", ics).exit_code == 0  # type: ignore[attr-defined]
    text = ics.read_bytes().decode()
    start = text.index("UID:korosten-bourges/online-2024-05-28@visitplan")
    begin = text.rindex("BEGIN:VEVENT", 0, start)
    line = re.compile(r"DTSTART[^\r\n]*\r\n")
    broken = line.sub("DTSTART;VALUE=PERIOD:20240528T080000Z/PT1H\r\n", text[begin:], count=1)
    ics.write_bytes((text[:begin] + broken).encode())
    before = snapshot(tmp_path)
    result = invoke("import", ics, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert result.stderr == 'event "online-2024-05-28" in the file cannot be read, not imported\n'  # type: ignore[attr-defined]
    assert snapshot(tmp_path) == before


def test_update_takes_the_time_of_the_plans_own_export_and_a_cancel_cancels(
    tmp_path: Path, plan: Path
) -> None:
    # issue #14, item 5: an invitation visitplan exported, met again, updates the event
    # with --update (its time and status: title, place and link are the export's own
    # rendering); a cancellation marks it cancelled; nothing is ever added
    ics = tmp_path / "request.ics"
    done = invoke("export", plan, "--method", "request", "--event", "online-2024-05-28", "-o", ics)
    assert done.exit_code == 0, done.output  # type: ignore[attr-defined]
    assert invoke("move", plan, "online-2024-05-28", "--by", "1h").exit_code == 0  # type: ignore[attr-defined]
    moved = plan.read_text("utf-8")
    result = invoke("import", ics, "--plan", plan, "--update")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (
        'event "online-2024-05-28": start 2024-05-28 12:00 → 2024-05-28 11:00; '
        "end 2024-05-28 13:30 → 2024-05-28 12:30" in result.stderr  # type: ignore[attr-defined]
    )
    text = plan.read_text("utf-8")
    assert text.count('id = "online-2024-05-28"') == 1 and text != moved
    assert "sequence" not in text  # the export state keeps the SEQUENCE of its own entries
    cancel = tmp_path / "cancel.ics"
    cancel.write_bytes(ics.read_bytes().replace(b"METHOD:REQUEST", b"METHOD:CANCEL"))
    result = invoke("import", cancel, "--plan", plan)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert 'event "online-2024-05-28": cancelled (the file cancels it)' in result.stderr  # type: ignore[attr-defined]
    assert invoke("check", plan).exit_code == 0  # type: ignore[attr-defined]
    event = next(
        e
        for e in tomllib.loads(plan.read_text("utf-8"))["events"]
        if e["id"] == "online-2024-05-28"
    )
    assert event["status"] == "cancelled"
