"""Writing commands: golden before/after files, refusals that change nothing, atomicity.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest
tests/test_editing.py` and review the diff: it must touch only the intended lines."""

from __future__ import annotations

import os
import shutil
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import MINIMAL, ROOT, Run, snapshot
from visitplan.cli import app
from visitplan.editing.document import Document
from visitplan.editing.setting import set_fields
from visitplan.editing.writing import commit
from visitplan.errors import VisitplanError

GOLDEN = ROOT / "tests" / "golden" / "edit"
STUDY = ROOT / "templates" / "study-visit.toml"
ONLINE = ROOT / "templates" / "online-meeting.toml"
DST = ROOT / "tests" / "plans" / "dst-partners.toml"
FORMS = ROOT / "tests" / "plans" / "text-forms.toml"
ICS = ROOT / "tests" / "ics"

CASES: dict[str, tuple[Path, list[str]]] = {
    "add-org": (
        STUDY,
        [
            "add",
            "org",
            "{plan}",
            "--id",
            "cemr",
            "--name",
            "uk=Рада європейських муніципалітетів та регіонів",
            "--name",
            "fr=CCRE",
            "--name",
            "en=CEMR",
            "--country",
            "BE",
            "--timezone",
            "Europe/Brussels",
        ],
    ),
    "add-person": (
        STUDY,
        [
            "add",
            "person",
            "{plan}",
            "--id",
            "henou",
            "--name",
            "uk=Фелікс Ену",
            "--name",
            "fr=Félix Hénou",
            "--name",
            "en=Félix Hénou",
            "--organization",
            "host-city",
            "--role",
            "uk=Спеціаліст",
            "--role",
            "fr=Chargé de mission",
            "--role",
            "en=Policy officer",
            "--email",
            "f.henou@example.org",
        ],
    ),
    "add-delegation": (
        STUDY,
        [
            "add",
            "delegation",
            "{plan}",
            "--id",
            "host-delegation",
            "--name",
            "uk=Делегація",
            "--name",
            "fr=Délégation",
            "--name",
            "en=Delegation",
            "--organization",
            "host-city",
            "--lead",
            "host",
        ],
    ),
    "add-event": (
        STUDY,
        [
            "add",
            "event",
            "{plan}",
            "--id",
            "debrief-call",
            "--kind",
            "online-meeting",
            "--title",
            "uk=Підсумкова зустріч",
            "--title",
            "fr=Réunion bilan",
            "--title",
            "en=Debrief call",
            "--start",
            "2025-10-20T11:00",
            "--end",
            "2025-10-20T12:00",
            "--url",
            "https://meet.example.org/debrief",
            "--participants",
            "coordinator,host",
        ],
    ),
    "add-program": (
        STUDY,
        [
            "add",
            "program",
            "{plan}",
            "--event",
            "visit",
            "--id",
            "museum",
            "--title",
            "uk=Музей",
            "--title",
            "fr=Musée",
            "--title",
            "en=Museum",
            "--start",
            "2025-10-07T14:00",
            "--end",
            "2025-10-07T16:00",
        ],
    ),
    "add-program-first": (
        DST,
        [
            "add",
            "program",
            "{plan}",
            "--event",
            "call-2025-03-11",
            "--id",
            "intro",
            "--title",
            "en=Intro",
            "--title",
            "uk=Вступ",
            "--start",
            "2025-03-11T16:00",
            "--end",
            "2025-03-11T16:10",
        ],
    ),
    "add-topic": (
        STUDY,
        [
            "add",
            "topic",
            "{plan}",
            "--id",
            "schools",
            "--title",
            "uk=Школи",
            "--title",
            "fr=Écoles",
            "--title",
            "en=Schools",
            "--requested-by",
            "home-city",
            "--status",
            "accepted",
        ],
    ),
    "add-action": (
        STUDY,
        [
            "add",
            "action",
            "{plan}",
            "--id",
            "send-topics",
            "--title",
            "uk=Надіслати теми",
            "--title",
            "fr=Envoyer les thèmes",
            "--title",
            "en=Send the topics",
            "--owner",
            "home-city",
            "--due",
            "2025-09-30",
            "--event",
            "visit",
        ],
    ),
    "set-topic-status": (STUDY, ["set", "{plan}", "topic", "water", "--status", "done"]),
    "set-event-fields": (
        ONLINE,
        [
            "set",
            "{plan}",
            "event",
            "kick-off",
            "--status",
            "confirmed",
            "--url",
            "https://meet.example.org/new-room",
            "--participants",
            "coordinator",
        ],
    ),
    "set-new-key": (
        STUDY,
        [
            "set",
            "{plan}",
            "person",
            "engineer",
            "--email",
            "engineer@example.org",
            "--phone",
            "+380 44 000 00 02",
        ],
    ),
    "set-text": (
        STUDY,
        [
            "set",
            "{plan}",
            "event",
            "visit",
            "--title",
            "uk=Візит",
            "--title",
            "fr=Visite",
            "--title",
            "en=Visit",
        ],
    ),
    # one language replaced, the others kept, in each form a text can take
    "set-language-dotted": (
        STUDY,
        ["set", "{plan}", "event", "visit", "--title", "en=Follow-up call"],
    ),
    "set-language-table": (
        FORMS,
        [
            "set",
            "{plan}",
            "event",
            "follow-up-online",
            "--title",
            "en=Follow-up call",
            "--title",
            "de=Nachbesprechung",
            "--url",
            "https://meet.example.org/lviv",
        ],
    ),
    "set-language-inline": (
        FORMS,
        [
            "set",
            "{plan}",
            "event",
            "site-visit",
            "--title",
            "en=Site visit",
            "--title",
            "de=Besichtigung",
        ],
    ),
    "set-language-inline-spaced": (
        FORMS,
        ["set", "{plan}", "org", "lviv", "--name", "fr=Ville de Lviv"],
    ),
    "set-language-plain": (
        FORMS,
        ["set", "{plan}", "event", "site-visit", "--location", "en=Lviv, 1 Market Square"],
    ),
    "set-language-multiline": (
        FORMS,
        ["set", "{plan}", "event", "site-visit", "--notes", "uk=Взяти креслення."],
    ),
    "set-whole-text-table": (
        FORMS,
        ["set", "{plan}", "event", "follow-up-online", "--title", "Follow-up call"],
    ),
    "set-whole-text-dotted": (
        FORMS,
        ["set", "{plan}", "person", "koval", "--name", "Olena Koval"],
    ),
    "set-program": (
        STUDY,
        ["set", "{plan}", "program", "visit/water-plant", "--end", "2025-10-07T12:30"],
    ),
    "move-visit-by-week": (STUDY, ["move", "{plan}", "visit", "--by", "7d"]),
    "move-meeting-to": (ONLINE, ["move", "{plan}", "kick-off", "--to", "2025-09-23T14:00"]),
    "import-outlook": (DST, ["import", str(ICS / "outlook-invite.ics"), "--plan", "{plan}"]),
    "import-google": (DST, ["import", str(ICS / "google-invite.ics"), "--plan", "{plan}"]),
}


# A plain text replacing an [events.title] table: the table goes, with its comments.
REMOVES_A_TABLE = {"set-whole-text-table"}


def run_on_copy(tmp_path: Path, source: Path, args: list[str]) -> tuple[Path, object]:
    plan = tmp_path / source.name
    shutil.copy(source, plan)
    result = CliRunner().invoke(
        app, [a.replace("{plan}", str(plan)) for a in args], env={"VISITPLAN_TODAY": "2025-01-01"}
    )
    return plan, result


@pytest.mark.parametrize("case", list(CASES))
def test_edit_matches_golden_and_keeps_everything_else(case: str, tmp_path: Path) -> None:
    source, args = CASES[case]
    plan, result = run_on_copy(tmp_path, source, args)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    golden = GOLDEN / f"{case}.toml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(plan.read_bytes())
    assert plan.read_bytes() == golden.read_bytes()

    if case in REMOVES_A_TABLE:
        return  # its comments went with it (the golden file shows exactly which)

    # every comment of the original is still there, in order (a changed value keeps its comment)
    def comments(text: str) -> list[str]:
        return [line[line.index("#") :] for line in text.splitlines() if "#" in line]

    before = comments(source.read_text("utf-8"))
    after = comments(plan.read_text("utf-8"))
    assert [c for c in after if c in before] == before


@pytest.mark.parametrize("case", ["add-person", "set-event-fields", "move-visit-by-week"])
def test_dry_run_prints_the_diff_and_writes_nothing(case: str, tmp_path: Path) -> None:
    source, args = CASES[case]
    plan, result = run_on_copy(tmp_path, source, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert plan.read_bytes() == source.read_bytes()
    diff = result.stdout  # type: ignore[attr-defined]
    assert diff.startswith(f"--- a/{plan.as_posix()}\n+++ b/{plan.as_posix()}\n@@")
    expected = (GOLDEN / f"{case}.toml").read_text("utf-8").splitlines()
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert added and all(line in expected for line in added)


BAD = {
    "unknown plan": (
        ["set", "{dir}/nope.toml", "topic", "water", "--status", "done"],
        1,
        "no such plan",
    ),
    "unknown id": (
        ["set", "{plan}", "topic", "watr", "--status", "done"],
        2,
        'did you mean "water"?',
    ),
    "malformed date": (
        ["add", "action", "{plan}", "--id", "x", "--title", "X", "--due", "30.09.2025"],
        2,
        "is not a date",
    ),
    "bad email": (
        ["set", "{plan}", "person", "host", "--email", "jean.martin"],
        1,
        "is not an email address",
    ),
    "slug violation": (
        ["add", "topic", "{plan}", "--id", "Schools 2025", "--title", "X"],
        2,
        'e.g. "schools-2025"',
    ),
    "path-like id": (
        ["add", "org", "{plan}", "--id", "../etc", "--name", "X"],
        2,
        "is not a valid id",
    ),
    "duplicate id": (
        ["add", "topic", "{plan}", "--id", "water", "--title", "X"],
        2,
        'topic "water" already exists',
    ),
    "dangling reference": (
        ["set", "{plan}", "event", "visit", "--participants", "nobody"],
        1,
        '"nobody" is not a person',
    ),
    "program outside": (
        [
            "add",
            "program",
            "{plan}",
            "--event",
            "visit",
            "--title",
            "X",
            "--start",
            "2025-11-01T10:00",
        ],
        1,
        "is after the event's last day, 2025-10-08",
    ),
    "wrong field": (
        ["set", "{plan}", "topic", "water", "--email", "a@b.org"],
        2,
        "--email does not apply to topics",
    ),
    "move both ways": (
        ["move", "{plan}", "visit", "--by", "7d", "--to", "2025-10-10"],
        2,
        "one of them",
    ),
    "move part day": (
        ["move", "{plan}", "visit", "--by", "2h"],
        2,
        "an all-day event moves by whole days",
    ),
    "id change": (["set", "{plan}", "topic", "water", "--id", "eau"], 2, "ids do not change"),
    "nothing to set": (["set", "{plan}", "topic", "water"], 2, "nothing to set"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_arguments_fail_cleanly_and_change_nothing(case: str, tmp_path: Path) -> None:
    args, code, message = BAD[case]
    plan = tmp_path / "study-visit.toml"
    shutil.copy(STUDY, plan)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(
        app,
        [a.replace("{plan}", str(plan)).replace("{dir}", str(tmp_path)) for a in args],
        env={"VISITPLAN_TODAY": "2025-01-01"},
    )
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_an_interrupted_write_leaves_the_original_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    plan = tmp_path / "study-visit.toml"
    shutil.copy(STUDY, plan)
    doc = Document.read(plan)
    new_text = set_fields(doc, "topics[0]", {"status": "done"})

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "write":
        monkeypatch.setattr(os, "fdopen", fail)
    else:
        monkeypatch.setattr(os, step, fail)
    with pytest.raises(VisitplanError, match="No space left on device") as caught:
        commit(doc, new_text, date(2025, 1, 1))
    assert "nothing was changed" in caught.value.hint
    assert plan.read_bytes() == STUDY.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study-visit.toml"]  # no temp file left


def test_two_writers_racing_one_wins_the_other_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "study-visit.toml"
    shutil.copy(STUDY, plan)
    first, second = Document.read(plan), Document.read(plan)
    commit(first, set_fields(first, "topics[0]", {"status": "done"}), date(2025, 1, 1))
    won = plan.read_bytes()
    with pytest.raises(VisitplanError, match="changed on disk"):
        commit(second, set_fields(second, "topics[0]", {"status": "dropped"}), date(2025, 1, 1))
    assert plan.read_bytes() == won
    assert b'status = "done"' in won


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    plan = tmp_path / "study-visit.toml"
    shutil.copy(STUDY, plan)
    doc = Document.read(plan)
    new_text = set_fields(doc, "topics[0]", {"status": "done"})
    plan.write_text(STUDY.read_text("utf-8") + "\n# a colleague's edit\n", encoding="utf-8")
    edited = plan.read_bytes()
    with pytest.raises(VisitplanError, match="changed on disk"):
        commit(doc, new_text, date(2025, 1, 1))
    assert plan.read_bytes() == edited


def test_permissions_are_kept(tmp_path: Path) -> None:
    plan = tmp_path / "study-visit.toml"
    shutil.copy(STUDY, plan)
    plan.chmod(0o640)
    doc = Document.read(plan)
    commit(doc, set_fields(doc, "topics[0]", {"status": "done"}), date(2025, 1, 1))
    assert plan.stat().st_mode & 0o777 == 0o640


def test_crlf_and_bom_files_keep_their_form(tmp_path: Path, run: Run) -> None:
    plan = tmp_path / "p.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + STUDY.read_bytes().replace(b"\n", b"\r\n"))
    result = run(
        "add",
        "topic",
        plan,
        "--id",
        "schools",
        "--title",
        "uk=Школи",
        "--title",
        "fr=Écoles",
        "--title",
        "en=Schools",
    )
    assert result.exit_code == 0, result.output
    data = plan.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b'[[topics]]\r\nid = "schools"\r\n' in data
    assert run("check", plan).exit_code == 0


def test_new_plan_from_each_template(tmp_path: Path, run: Run) -> None:
    result = run(
        "new",
        "lviv-lublin",
        "--template",
        "study-visit",
        "--title",
        "Lviv – Lublin",
        "--timezone",
        "Europe/Warsaw",
        "--start",
        "2026-03-09",
        "--end",
        "2026-03-13",
        "--dir",
        tmp_path,
        "--with-examples",
    )
    assert result.exit_code == 0, result.output
    plan = tmp_path / "lviv-lublin.toml"
    text = plan.read_text("utf-8")
    assert 'id = "lviv-lublin"' in text and 'title = "Lviv – Lublin"' in text
    # the comment on the example's end date ("# 6–8 October") went with the date
    assert "start = 2026-03-09\n" in text and "end = 2026-03-13\n" in text
    assert "start = 2026-03-10T10:00:00" in text  # the program moved with the visit
    assert "# A visit over several days" in text  # the template's comments are kept
    assert run("check", plan, "--strict").exit_code == 0
    online = run(
        "new",
        "kick-off",
        "--template",
        "online-meeting",
        "--dir",
        tmp_path,
        "--start",
        "2026-02-03T15:00",
        "--with-examples",
    )
    assert online.exit_code == 0, online.output
    text = (tmp_path / "kick-off.toml").read_text("utf-8")
    assert "start = 2026-02-03T15:00:00" in text and "start = 15:10:00" in text
    assert run("check", tmp_path / "kick-off.toml").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "lviv-lublin"], "exists already"),
        (["new", "../etc"], "is not a valid plan id"),
        (["new", "Lviv Lublin"], 'e.g. "lviv-lublin"'),
    ],
)
def test_new_refuses_existing_files_and_bad_ids(
    tmp_path: Path, run: Run, args: list[str], message: str
) -> None:
    (tmp_path / "lviv-lublin.toml").write_text("# mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run(*args, "--dir", tmp_path)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "source",
    ["plans/korosten-bourges.toml", "tests/plans/who-takes-part.toml"],
    ids=["example", "speaker-of-one-item"],
)
def test_import_round_trips_the_example_export(tmp_path: Path, run: Run, source: str) -> None:
    # who-takes-part.toml has people who only speak at one item of a visit: their entry
    # is the item's, and they come back as its speakers (they were lost — found by a
    # coordinator)
    plan = tmp_path / Path(source).name
    shutil.copy(ROOT / source, plan)
    first = CliRunner().invoke(
        app, ["export", str(plan), "-o", "-"], env={"SOURCE_DATE_EPOCH": "1780000000"}
    )
    (tmp_path / "k.ics").write_bytes(first.stdout_bytes)
    empty = tmp_path / "copy.toml"
    empty.write_text(
        'format = 1\nid = "copy"\ntitle = "Copy"\ntimezone = "Europe/Kyiv"\n', encoding="utf-8"
    )
    result = run("import", tmp_path / "k.ics", "--plan", empty)
    assert result.exit_code == 0, result.output
    if source.startswith("plans/"):
        assert "imported 4 events, 7 program items, 7 new people" in result.stdout
    second = CliRunner().invoke(
        app, ["export", str(empty), "-o", "-"], env={"SOURCE_DATE_EPOCH": "1780000000"}
    )

    def essence(data: bytes) -> list[tuple[str, str, str, frozenset[str]]]:
        found = []

        def instant(value: object) -> str:  # the same instant, whatever the zone shown
            return str(value.astimezone(UTC)) if isinstance(value, datetime) else str(value)

        for event in Calendar.from_ical(data).walk("VEVENT"):
            start, end = instant(event["dtstart"].dt), instant(event["dtend"].dt)
            attendees = event.get("attendee", [])
            attendees = attendees if isinstance(attendees, list) else [attendees]
            found.append(
                (str(event["summary"]), str(start), str(end), frozenset(str(a) for a in attendees))
            )
        return sorted(found)

    assert essence(second.stdout_bytes) == essence(first.stdout_bytes)
    if not source.startswith("plans/"):
        return
    # the event ids come back from the UIDs: the calendar entries keep their identity
    text = empty.read_text("utf-8")
    assert 'id = "online-2024-05-28"' in text
    # an all-day visit takes the zone of its program items
    assert 'start = 2023-07-01\nend = 2023-07-05\ntimezone = "Europe/Paris"' in text
    assert "start = 2023-07-03T10:00:00" in text


def test_import_puts_a_place_written_on_two_lines_on_one(tmp_path: Path, run: Run) -> None:
    # Found in review: Apple and Outlook write a place and its address on two lines; the
    # plan keeps places and titles on one line, and the whole import was refused.
    plan = tmp_path / "p.toml"
    shutil.copy(DST, plan)
    ics = tmp_path / "apple.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:abc-123@example.com\r\nDTSTAMP:20250101T000000Z\r\n"
        b"DTSTART;TZID=Europe/Paris:20250910T100000\r\n"
        b"DTEND;TZID=Europe/Paris:20250910T113000\r\n"
        b"SUMMARY:R\xc3\xa9union\\nde suivi\r\n"
        b"LOCATION:H\xc3\xb4tel de Ville\\n11 rue Jacques Rimbault\\, Bourges\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = run("import", ics, "--plan", plan)
    assert result.exit_code == 0, result.output
    event = tomllib.loads(plan.read_text("utf-8"))["events"][-1]
    assert event["title"] == "Réunion de suivi"
    assert event["location"] == "Hôtel de Ville, 11 rue Jacques Rimbault, Bourges"
    assert run("check", plan, "--today", "2025-01-01").exit_code == 0


def test_import_refuses_what_is_not_a_calendar(tmp_path: Path, run: Run) -> None:
    plan = tmp_path / "p.toml"
    shutil.copy(DST, plan)
    bad = tmp_path / "bad.ics"
    bad.write_text("hello\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("import", bad, "--plan", plan)
    assert result.exit_code == 1
    assert "is not an iCalendar file" in result.stderr or "holds no event" in result.stderr
    assert snapshot(tmp_path) == before


def test_new_dry_run_prints_the_file_and_writes_nothing(tmp_path: Path, run: Run) -> None:
    result = run(
        "new", "lviv-lublin", "--template", "online-meeting", "--dir", tmp_path, "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- /dev/null\n+++ b/")
    assert '+id = "lviv-lublin"' in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_moving_to_an_earlier_hour_on_a_later_day_keeps_the_program(
    tmp_path: Path, run: Run
) -> None:
    # 11:00 on 16 September to 10:00 on 30 March: the program (times of day) moves an
    # hour earlier on its day, not 23 hours later into the next day. (Found by `new`.)
    plan = tmp_path / "p.toml"
    shutil.copy(ONLINE, plan)
    result = run("move", plan, "kick-off", "--to", "2027-03-30T10:00")
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    assert "start = 2027-03-30T10:00:00" in text and "end = 2027-03-30T11:00:00" in text
    assert "start = 10:00:00" in text and "end = 10:10:00" in text
    new = run("new", "chernihiv-lublin", "--template", "online-meeting", "--dir", tmp_path,
              "--timezone", "Europe/Kyiv", "--start", "2027-03-30T10:00",
              "--end", "2027-03-30T11:30")  # fmt: skip
    assert new.exit_code == 0, new.output


# ----------------------------------------------------------------- one language at a time

# The least each kind needs, to add an entry of it to the study-visit template.
REQUIRED: dict[str, list[str]] = {
    "org": ["--id", "new-org", "--name", "New org"],
    "person": ["--id", "new-person", "--name", "New person"],
    "delegation": ["--id", "new-delegation", "--name", "New delegation"],
    "event": [
        "--id",
        "new-event",
        "--kind",
        "meeting",
        "--title",
        "New event",
        "--start",
        "2025-11-03T10:00",
        "--end",
        "2025-11-03T11:00",
    ],
    "program": [
        "--event",
        "visit",
        "--id",
        "new-item",
        "--title",
        "New item",
        "--start",
        "2025-10-07T14:00",
        "--end",
        "2025-10-07T15:00",
    ],
    "topic": ["--id", "new-topic", "--title", "New topic"],
    "action": ["--id", "new-action", "--title", "New action"],
}
SET_ID = {"program": "visit/new-item"}


def _text_fields() -> list[tuple[str, str]]:
    from visitplan.editing.entries import KINDS

    return [
        (kind, field.name)
        for kind, section in KINDS.items()
        for field in section.fields
        if field.kind == "text"
    ]


def test_the_catalogue_has_text_fields_in_every_kind() -> None:
    kinds = {kind for kind, _ in _text_fields()}
    assert kinds == set(REQUIRED)  # a new kind of entry needs its REQUIRED arguments


def _entry_value(plan: Path, kind: str, field: str) -> object:
    import tomllib

    raw = tomllib.loads(plan.read_text("utf-8"))
    entry = {
        "org": lambda: raw["organizations"]["new-org"],
        "person": lambda: raw["people"]["new-person"],
        "delegation": lambda: raw["delegations"]["new-delegation"],
        "event": lambda: next(e for e in raw["events"] if e["id"] == "new-event"),
        "program": lambda: next(
            p for p in raw["events"][0]["program"] if p.get("id") == "new-item"
        ),
        "topic": lambda: next(t for t in raw["topics"] if t["id"] == "new-topic"),
        "action": lambda: next(a for a in raw["actions"] if a["id"] == "new-action"),
    }[kind]()
    return entry.get(field)


def _changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[:2] in ("- ", "+ ")
    ]


@pytest.mark.parametrize(("kind", "field"), _text_fields())
@pytest.mark.parametrize("form", ["languages", "plain"])
def test_setting_one_language_keeps_the_others(
    tmp_path: Path, run: Run, kind: str, field: str, form: str
) -> None:
    plan = tmp_path / "p.toml"
    shutil.copy(STUDY, plan)
    option = "--" + field.replace("_", "-")
    args = list(REQUIRED[kind])
    if option in args:  # the required text itself: given here
        at = args.index(option)
        del args[at : at + 2]
    given = (
        [option, f"uk=Старе {field}", option, f"fr=Ancien {field}", option, f"en=Old {field}"]
        if form == "languages"
        else [option, f"Old {field}"]
    )
    added = run("add", kind, plan, *args, *given, today=date(2025, 1, 1))
    assert added.exit_code == 0, added.output
    before = plan.read_text("utf-8")
    old_uk = f"Старе {field}" if form == "languages" else f"Old {field}"
    old_fr = f"Ancien {field}" if form == "languages" else f"Old {field}"

    entry_id = SET_ID.get(kind, REQUIRED[kind][REQUIRED[kind].index("--id") + 1])
    done = run("set", plan, kind, entry_id, option, f"en=New {field}", today=date(2025, 1, 1))
    assert done.exit_code == 0, done.output
    assert _entry_value(plan, kind, field) == {"uk": old_uk, "fr": old_fr, "en": f"New {field}"}
    changed = _changed_lines(before, plan.read_text("utf-8"))
    if form == "languages":  # the English line, in place; nothing else
        assert changed == [
            f'- {field}.en = "Old {field}"'.replace("- ", "- " + _indent(kind)),
            f'+ {field}.en = "New {field}"'.replace("+ ", "+ " + _indent(kind)),
        ]
    else:  # one text for every language, now one line each, the old text kept
        assert len(changed) == 4 and changed[0].startswith("- ")

    whole = run("set", plan, kind, entry_id, option, f"Whole {field}", today=date(2025, 1, 1))
    assert whole.exit_code == 0, whole.output
    assert _entry_value(plan, kind, field) == f"Whole {field}"


def _indent(kind: str) -> str:
    return "  " if kind == "program" else ""


def test_the_issue_command_keeps_the_other_languages_as_a_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    plan = tmp_path / "p.toml"
    shutil.copy(FORMS, plan)
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "set", "p.toml", "event", "follow-up-online",
         "--title", "en=Follow-up call"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "VISITPLAN_TODAY": "2025-01-01"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = plan.read_text("utf-8")
    assert '  uk = "Онлайн-зустріч"        # after the visit\n' in text
    assert '  fr = "Réunion en ligne"\n' in text
    assert '  en = "Follow-up call"\n' in text
    assert text.replace("Follow-up call", "Follow-up meeting") == FORMS.read_text("utf-8")

    created = subprocess.run(
        [sys.executable, "-m", "visitplan", "new", "lviv-lublin", "--template", "study-visit",
         "--dir", str(tmp_path), "--title", "uk=Львів – Люблін", "--title", "en=Lviv – Lublin"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "VISITPLAN_TODAY": "2025-01-01"},
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    text = (tmp_path / "lviv-lublin.toml").read_text("utf-8")
    assert 'title.uk = "Львів – Люблін"\n' in text
    assert 'title.en = "Lviv – Lublin"\n' in text
    assert "en=" not in text


def test_new_takes_a_title_in_several_languages(tmp_path: Path, run: Run) -> None:
    result = run(
        "new", "lviv-lublin", "--template", "online-meeting", "--dir", tmp_path,
        "--title", "uk=Львів – Люблін", "--title", "en=Lviv – Lublin", "--with-examples",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (tmp_path / "lviv-lublin.toml").read_text("utf-8")
    template = ONLINE.read_text("utf-8")
    # the id and the template's two title lines, replaced where they stand (with comments)
    assert sorted(_changed_lines(template, text)) == sorted([
        '- id = "example-online-meeting"        # stable id: lower-case letters, digits, hyphens',
        '- title.uk = "Онлайн-зустріч партнерів"   # text in several languages: title.<code> = "…"',
        "- title.en = \"Partners' online meeting\"",
        '+ id = "lviv-lublin"        # stable id: lower-case letters, digits, hyphens',
        '+ title.uk = "Львів – Люблін"   # text in several languages: title.<code> = "…"',
        '+ title.en = "Lviv – Lublin"',
    ])  # fmt: skip
    assert run("check", tmp_path / "lviv-lublin.toml", "--strict").exit_code == 0
    one = run("new", "lviv-kyiv", "--template", "online-meeting", "--dir", tmp_path,
              "--title", "en=Lviv – Kyiv")  # fmt: skip
    assert one.exit_code == 0, one.output
    text = (tmp_path / "lviv-kyiv.toml").read_text("utf-8")
    assert 'title.en = "Lviv – Kyiv"\n' in text
    # the template's title is an example: not kept in a language not given ...
    assert tomllib.loads(text)["title"] == {"en": "Lviv – Kyiv"}
    assert "Онлайн-зустріч партнерів" not in text
    # ... and check says that language is missing
    checked = run("check", tmp_path / "lviv-kyiv.toml")
    assert checked.exit_code == 0
    assert "title: no uk text" in checked.stdout


BAD_TEXT = {
    "malformed code": (["--title", "xx-=Візит"], '"xx-" is not a language code'),
    "upper-case code": (["--title", "EN=Visit"], 'did you mean --title en="…"?'),
    "a digit code": (["--title", "1=Visit"], '"1" is not a language code'),
    "plain and languages": (["--title", "Visit", "--title", "en=Visit"], 'lang="text"'),
    "two plain texts": (["--title", "Visit", "--title", "Visite"], 'lang="text"'),
    "a language twice": (["--title", "en=Visit", "--title", "en=Tour"], "gives en twice"),
    "bad code in another field": (["--location", "Fr=Bourges"], "did you mean --location fr="),
}


@pytest.mark.parametrize(
    ("case", "command"),
    [
        (case, command)
        for case, (args, _) in BAD_TEXT.items()
        for command in ("set", "add", "new")
        if command != "new" or args[0] == "--title"  # new takes only --title
    ],
)
def test_a_bad_language_fails_cleanly_and_changes_nothing(
    tmp_path: Path, run: Run, case: str, command: str
) -> None:
    args, message = BAD_TEXT[case]
    plan = tmp_path / "p.toml"
    shutil.copy(STUDY, plan)
    before = snapshot(tmp_path)
    if command == "set":
        result = run("set", plan, "event", "visit", *args)
    elif command == "add":
        result = run("add", "event", plan, "--id", "x", "--kind", "meeting", "--start",
                     "2025-11-03T10:00", "--end", "2025-11-03T11:00", "--title", "X", *args)  # fmt: skip
    else:
        result = run("new", "lviv-lublin", "--dir", tmp_path, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before


def test_one_language_of_a_plain_text_needs_the_plans_languages(tmp_path: Path, run: Run) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text(MINIMAL.replace('languages = ["uk", "fr", "en"]\n', ""), encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("set", plan, "event", "meeting", "--title", "en=Meeting")
    assert result.exit_code == 2, result.output
    assert "one text for every language" in result.output
    assert snapshot(tmp_path) == before
    assert run("set", plan, "event", "meeting", "--title", "Meeting").exit_code == 0


def test_every_text_option_says_how_languages_are_replaced() -> None:
    import typer.main

    command = typer.main.get_command(app)
    texts = {name for _, name in _text_fields()}
    for name in ("add", "set", "new"):
        params = {p.name: p for p in command.commands[name].params}  # type: ignore[attr-defined]
        for field in texts if name != "new" else {"title"}:
            help_text = params[field].help or ""
            flag = "--" + field.replace("_", "-")
            assert f'{flag} "…" replaces the whole text' in help_text, (name, field)
            assert f'{flag} en="…"' in help_text and "keeps the others" in help_text


def _forms_plan(form: str, old: dict[str, str]) -> str:
    def q(text: str) -> str:
        from visitplan.editing.values import render_value

        return render_value(text)

    if form == "dotted":
        title = "".join(f"title.{lang} = {q(text)}  # {lang}\n" for lang, text in old.items())
        table = ""
    elif form == "inline":
        title = "title = { " + ", ".join(f"{k} = {q(v)}" for k, v in old.items()) + " }  # c\n"
        table = ""
    elif form == "table":
        title = ""
        table = "\n  [events.title]\n" + "".join(f"  {k} = {q(v)}\n" for k, v in old.items())
    else:
        title = f"title = {q(next(iter(old.values())))}  # one text\n"
        table = ""
    return (
        'format = 1\nid = "p"\ntitle = "P"\ntimezone = "Europe/Kyiv"\n'
        'languages = ["uk", "fr", "en"]\n\n'
        f'[[events]]\nid = "e"\nkind = "meeting"\n{title}'
        "start = 2025-03-01T10:00:00\nend = 2025-03-01T11:00:00  # end\n"
        f'{table}\n[[topics]]\nid = "t"\ntitle = "T"\n'
    )


def test_one_language_replaced_in_any_form_reads_back_exactly() -> None:
    import tomllib

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from visitplan.editing.setting import set_fields

    texts = st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f")
        | st.sampled_from(['"', "'", "\\", "\n", "=", "#", "{", "}", ",", "é", "Ї"]),
        min_size=1,
        max_size=12,
    )
    languages = st.lists(st.sampled_from(["uk", "fr", "en", "de"]), min_size=1, unique=True)

    @settings(max_examples=150, deadline=None)
    @given(
        form=st.sampled_from(["dotted", "inline", "table", "plain"]),
        old=st.dictionaries(st.sampled_from(["uk", "fr", "en"]), texts, min_size=1),
        langs=languages,
        data=st.data(),
    )
    def check(form: str, old: dict[str, str], langs: list[str], data: st.DataObject) -> None:
        new = {lang: data.draw(texts) for lang in langs}
        text = _forms_plan(form, old)
        doc = Document(Path("p.toml"), b"", text, False)
        after = set_fields(doc, "events[0]", {"title": new})
        raw = tomllib.loads(after)
        before = tomllib.loads(text)["events"][0]["title"]
        if isinstance(before, str):  # one text for every language of the plan
            before = dict.fromkeys(["uk", "fr", "en"], before)
        assert raw["events"][0]["title"] == {**before, **new}
        # nothing else changed: every other value, and the lines around the title
        original = tomllib.loads(text)
        raw["events"][0]["title"] = original["events"][0]["title"]
        assert raw == original
        if form == "table":  # the title's lines are those of its table
            head = text[: text.index("# end\n") + len("# end\n")]
            tail = text[text.index("\n[[topics]]") :]
        else:
            head = text[: text.index('kind = "meeting"\n') + len('kind = "meeting"\n')]
            tail = text[text.index("start = 2025") :]
        assert after.startswith(head) and after.endswith(tail)

    check()


def test_add_and_set_have_an_option_for_every_field_of_the_catalogue() -> None:
    # The README promises one option per field of the format; new keys (working hours,
    # subdivision, accept) were once left without one (found by a coordinator).
    from visitplan.cli import FIELD_OPTIONS
    from visitplan.editing.entries import KINDS

    options = {name for name, _ in FIELD_OPTIONS}
    missing = sorted(
        f"{section.name}.{spec.name}"
        for section in KINDS.values()
        for spec in section.fields
        if spec.name not in options
    )
    assert missing == []


def test_working_hours_and_accept_from_the_command_line(tmp_path: Path, run: Run) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(MINIMAL, encoding="utf-8")
    week = run(
        "set", plan, "org", "bourges",
        "--working-hours", "mon=08:00-17:00", "--working-hours", "fri=08:00-13:00",
    )  # fmt: skip
    assert week.exit_code == 0, week.output
    data = tomllib.loads(plan.read_text("utf-8"))
    assert data["organizations"]["bourges"]["working_hours"] == {
        "mon": "08:00-17:00",
        "fri": "08:00-13:00",
    }
    again = run("set", plan, "org", "bourges", "--working-hours", "09:00-13:00, 14:00-18:00")
    assert again.exit_code == 0, again.output
    text = plan.read_text("utf-8")
    assert text.count("working_hours") == 1
    assert 'working_hours = "09:00-13:00, 14:00-18:00"' in text
    accepted = run("set", plan, "event", "meeting", "--accept", "weekend,public-holiday")
    assert accepted.exit_code == 0, accepted.output
    assert tomllib.loads(plan.read_text("utf-8"))["events"][0]["accept"] == [
        "weekend",
        "public-holiday",
    ]
    before = plan.read_bytes()
    for bad in (
        ["--working-hours", "mon=8-17"],
        ["--working-hours", "mon=08:00-17:00", "--working-hours", "09:00-18:00"],
        ["--working-hours", "mon=08:00-17:00", "--working-hours", "mon=09:00-18:00"],
    ):
        refused = run("set", plan, "org", "bourges", *bad)
        assert refused.exit_code in (1, 2), refused.output
        assert plan.read_bytes() == before
    wrong = run("set", plan, "event", "meeting", "--accept", "weekends")
    assert wrong.exit_code == 1
    assert 'did you mean "weekend"' in wrong.output
    assert plan.read_bytes() == before
