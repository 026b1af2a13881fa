"""Hardening: no network, write failures, property tests over generated plans, and the
regression corpus of inputs the fuzzers found."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import ROOT, Run
from visitplan.editing.document import Document
from visitplan.editing.importing import ImportOptions, import_calendar, parse_calendar
from visitplan.editing.setting import set_fields
from visitplan.errors import VisitplanError
from visitplan.ical.calendar import build_calendar
from visitplan.ical.components import ExportOptions
from visitplan.ical.entries import Selection
from visitplan.ical.lines import clean
from visitplan.ical.stamps import stamp
from visitplan.plan.loading import load_plan_bytes, load_plan_text
from visitplan.plan.timezones import get_zone, resolve_local
from visitplan.workspace import fileio
from visitplan.workspace.checking import check_results

EXAMPLE = ROOT / "plans" / "korosten-bourges.toml"
STUDY = ROOT / "templates" / "study-visit.toml"


# --------------------------------------------------------------------------- no network


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("visitplan tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_no_command_touches_the_network(no_network: None, run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, plan)
    calls = [
        ["check", plan, "--strict"],
        ["agenda", plan, "--all", "--tz", "America/New_York"],
        ["show", plan, "online-2024-05-28"],
        ["topics", plan],
        ["actions", plan],
        ["people", plan, "--format", "csv"],
        ["export", plan, "-o", tmp_path / "k.ics", "--todos", "--alarm", "1d"],
        ["export", plan, "--per-person", tmp_path / "people"],
        [
            "add",
            "topic",
            plan,
            "--id",
            "sport",
            "--title",
            "uk=Спорт",
            "--title",
            "fr=Sport",
            "--title",
            "en=Sport",
        ],
        ["set", plan, "topic", "sport", "--status", "accepted"],
        ["move", plan, "study-visit-next", "--by", "7d"],
        ["import", tmp_path / "k.ics", "--plan", plan, "--dry-run"],
        ["new", "test-plan", "--dir", tmp_path / "new"],
        ["schema"],
    ]
    for args in calls:
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


# --------------------------------------------------------------------------- writes


def test_a_folder_that_does_not_exist_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "k.ics"
    result = run("export", EXAMPLE, "-o", target)
    assert result.exit_code == 1
    assert f"cannot write {target.as_posix()}: No such file or directory" in result.stderr


def test_a_read_only_folder_is_a_clear_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, plan)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # as root, chmod would not stop us: refuse the temporary file beside the plan
    monkeypatch.setattr(fileio, "_create_temp", refuse)
    result = run("set", plan, "topic", "culture", "--status", "accepted")
    assert result.exit_code == 1
    assert f"cannot write {plan.as_posix()}: Permission denied" in result.stderr
    assert plan.read_bytes() == EXAMPLE.read_bytes()
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- generated plans

ZONES = ["Europe/Kyiv", "Europe/Paris", "America/New_York", "Asia/Tbilisi", "Europe/London"]
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list(';,\\:"')),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def plans(draw: Any) -> dict[str, Any]:
    people = {
        f"p{n}": {"name": draw(TEXT), "email": f"p{n}@example.org"}
        for n in range(draw(st.integers(1, 4)))
    }
    events = []
    for number in range(draw(st.integers(1, 5))):
        zone = draw(st.sampled_from(ZONES))
        start = draw(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)))
        start = start.replace(second=0, microsecond=0)
        if resolve_local(start, get_zone(zone)).problem is not None:
            start += timedelta(hours=3)  # out of a gap or a fold
        length = timedelta(minutes=draw(st.integers(15, 600)))
        end = start + length
        if resolve_local(end, get_zone(zone)).problem is not None:
            end += timedelta(hours=3)
        event: dict[str, Any] = {
            "id": f"e{number}",
            "kind": draw(st.sampled_from(["online-meeting", "meeting", "other"])),
            "title": draw(TEXT),
            "start": start,
            "end": end,
            "timezone": zone,
            "participants": draw(st.lists(st.sampled_from(sorted(people)), unique=True)),
        }
        events.append(event)
    return {
        "id": "generated",
        "title": "Generated",
        "timezone": "Europe/Kyiv",
        "people": people,
        "events": events,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_plan_survives_load_export_parse(data: dict[str, Any]) -> None:
    result = load_plan_text(tomli_w.dumps(data), "generated.toml")
    assert result.ok, [f.render() for f in result.findings]
    assert result.plan is not None
    stamped = stamp(result.plan, {}, datetime(2026, 1, 1, tzinfo=UTC), todos=False)
    calendar = Calendar.from_ical(build_calendar([stamped], Selection(), ExportOptions()))
    found = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    for event in data["events"]:
        exported = found[f"generated/{event['id']}@visitplan"]
        zone = get_zone(event["timezone"])
        assert exported["dtstart"].dt.astimezone(UTC) == resolve_local(
            event["start"], zone
        ).instant.astimezone(UTC)
        assert exported["dtend"].dt.astimezone(UTC) == resolve_local(
            event["end"], zone
        ).instant.astimezone(UTC)
        assert str(exported["summary"]) == clean(event["title"])
        attendees = exported.get("attendee", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert sorted(str(a) for a in attendees) == sorted(
            f"mailto:{data['people'][p]['email']}" for p in event["participants"]
        )


@settings(max_examples=80, deadline=None)
@given(title=TEXT, status=st.sampled_from(["proposed", "accepted", "scheduled", "done", "dropped"]))
def test_an_edit_gives_the_intended_model_and_touches_nothing_else(title: str, status: str) -> None:
    doc = Document(STUDY, STUDY.read_bytes(), STUDY.read_text("utf-8"), False)
    before = doc.load()
    new_text = set_fields(doc, "topics[0]", {"title": title, "status": status})
    after = load_plan_text(new_text, "study-visit.toml")
    assert after.plan is not None and before.plan is not None
    topic = after.plan.topics[0]
    assert (topic.title.get(), topic.status) == (title, status)
    # everything else in the model is as it was
    assert after.plan.events == before.plan.events
    assert after.plan.people == before.plan.people
    assert after.plan.actions == before.plan.actions
    # and every line outside the topic's table is byte for byte the same
    old_lines, new_lines = doc.text.splitlines(), new_text.splitlines()
    start = old_lines.index("[[topics]]")
    end = old_lines.index("[[actions]]")
    assert new_lines[:start] == old_lines[:start]
    assert new_lines[-(len(old_lines) - end) :] == old_lines[end:]
    assert not [f for f in check_results([after], date(2025, 1, 1)).findings if f.is_error]


# --------------------------------------------------------------------------- fuzz corpus


CORPUS = sorted((ROOT / "tests" / "fuzz-corpus").glob("*"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_inputs_the_fuzzers_found_are_handled(path: Path) -> None:
    data = path.read_bytes()
    result = load_plan_bytes(data, path.name)
    if result.plan is not None:
        check_results([result], date(2025, 1, 1))
    plan = 'format = 1\nid = "fuzz"\ntitle = "Fuzz"\ntimezone = "Europe/Kyiv"\n'
    doc = Document(Path("fuzz.toml"), plan.encode(), plan, False)
    with contextlib.suppress(VisitplanError):
        import_calendar(doc, parse_calendar(data, path.name), ImportOptions(date(2025, 1, 1)))


# --------------------------------------------------------------------------- performance guards


def test_the_agenda_does_not_import_the_calendar_or_toml_writers() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from visitplan.cli import app\n"
        "try:\n"
        "    app(['agenda', '--all', 'plans/'], prog_name='visitplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('icalendar', 'tomlkit', 'pydantic', 'caldav', 'niquests', 'smtplib')\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in names)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in done.stdout, done.stdout[-500:]


def test_the_plan_cache_never_serves_a_stale_plan(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from visitplan.cli import app

    plan = tmp_path / "p.toml"
    shutil.copy(STUDY, plan)
    cache = tmp_path / "cache"
    env = {"VISITPLAN_CACHE_DIR": str(cache), "VISITPLAN_TODAY": "2025-01-01"}
    first = CliRunner().invoke(app, ["agenda", str(plan), "--all", "--lang", "en"], env=env)
    assert first.exit_code == 0 and "Water treatment plant" in first.stdout
    assert len(list(cache.glob("*.pickle"))) == 1
    mtime = plan.stat().st_mtime_ns
    # edit within the same second, keeping the modification time and the size
    text = plan.read_text("utf-8").replace("Water treatment plant", "Water treatment works")
    plan.write_text(text, encoding="utf-8")
    os.utime(plan, ns=(mtime, mtime))
    second = CliRunner().invoke(app, ["agenda", str(plan), "--all", "--lang", "en"], env=env)
    assert "Water treatment works" in second.stdout and "Water treatment plant" not in second.stdout
    # a damaged cache entry is a miss, not a crash
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    third = CliRunner().invoke(app, ["agenda", str(plan), "--all", "--lang", "en"], env=env)
    assert third.exit_code == 0 and "Water treatment works" in third.stdout
    # a plan with errors is never cached
    plan.write_text(
        text.replace('timezone = "Europe/Kyiv"', 'timezone = "Europe/Kiyv"', 1), encoding="utf-8"
    )
    broken = CliRunner().invoke(app, ["agenda", str(plan), "--all"], env=env)
    assert broken.exit_code == 1 and "unknown time zone" in broken.stderr


def test_a_cached_plan_still_reports_a_broken_state_file(tmp_path: Path) -> None:
    # A plan comes from the cache only with the state file it was checked with: a state
    # file broken later (a bad merge) is reported although the plan itself is unchanged.
    from typer.testing import CliRunner

    from visitplan.cli import app

    plan = tmp_path / "p.toml"
    shutil.copy(STUDY, plan)
    env = {"VISITPLAN_CACHE_DIR": str(tmp_path / "cache"), "VISITPLAN_TODAY": "2025-01-01"}
    runner = CliRunner()
    assert (
        runner.invoke(app, ["export", str(plan), "-o", str(tmp_path / "x.ics")], env=env).exit_code
        == 0
    )
    state = tmp_path / "p.visitplan-state"
    assert state.exists()
    assert runner.invoke(app, ["agenda", str(plan), "--all"], env=env).exit_code == 0
    state.write_text(state.read_text("utf-8") + "\n<<<<<<< HEAD\n", encoding="utf-8")
    # the agenda never needs the state: it warns, every time, and shows the plan
    for _ in range(2):
        warned = runner.invoke(app, ["agenda", str(plan), "--all"], env=env)
        assert warned.exit_code == 0
        assert "warning: the export state does not parse" in warned.stderr
        assert "merge-conflict marker" in warned.stderr
        assert warned.stdout
    broken = runner.invoke(app, ["export", str(plan), "-o", str(tmp_path / "y.ics")], env=env)
    assert broken.exit_code == 1
    assert "export state does not parse" in broken.stderr
    assert not (tmp_path / "y.ics").exists()
