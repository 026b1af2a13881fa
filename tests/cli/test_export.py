"""The iCalendar export contract (issue #4), point by point, parsed back with icalendar."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import EXAMPLE, MINIMAL, ROOT, Run
from conftest import git as run_git
from visitplan import __version__
from visitplan.cli import app

DST = ROOT / "tests" / "plans" / "dst-partners.toml"
T0 = 1_780_000_000  # 2026-05-28T...Z: the first export
T1 = T0 + 86_400  # a day later


def export(plan: Path, *args: str, now: int = T0) -> tuple[bytes, Calendar]:
    """Export ``plan`` to standard output at the instant ``now``; parse it back."""
    result = CliRunner().invoke(
        app,
        ["export", str(plan), "-o", "-", *args],
        env={"SOURCE_DATE_EPOCH": str(now), "VISITPLAN_TODAY": "2024-06-01"},
    )
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    return data, Calendar.from_ical(data)


@pytest.fixture
def plan_copy(tmp_path: Path) -> Callable[[Path], Path]:
    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        shutil.copy(source, target)
        return target

    return copy


def events(calendar: Calendar) -> dict[str, object]:
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def utc(component: object, key: str) -> datetime:
    value = component[key].dt  # type: ignore[index]
    return value.astimezone(UTC)


# 1. the calendar


def test_calendar_properties(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(EXAMPLE))
    assert calendar["version"] == "2.0"
    assert calendar["prodid"] == f"-//visitplan//visitplan {__version__}//EN"
    assert calendar["calscale"] == "GREGORIAN"
    assert calendar["method"] == "PUBLISH"
    assert calendar["name"] == calendar["x-wr-calname"] == "Партнерство Коростень – Бурж"


# 2. time zones


def test_timed_items_carry_their_own_zone_and_one_vtimezone_each(
    plan_copy: Callable[[Path], Path],
) -> None:
    data, calendar = export(plan_copy(EXAMPLE))
    assert b"DTSTART;TZID=Europe/Kyiv:20240528T110000\r\n" in data
    assert b"DTSTART;TZID=Europe/Paris:20230703T100000\r\n" in data
    zones = [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Kyiv", "Europe/Paris"]
    meeting = events(calendar)["korosten-bourges/online-2024-05-28@visitplan"]
    assert utc(meeting, "dtstart") == datetime(2024, 5, 28, 8, 0, tzinfo=UTC)


def test_vtimezones_cover_only_the_exported_span_with_one_rdate_per_line(
    write_plan: Callable[..., Path],
) -> None:
    # Events five years apart: a naive VTIMEZONE would put several dates on one RDATE line.
    extra = (
        '\n[[events]]\nid = "later"\nkind = "meeting"\ntitle = "Later"\n'
        "start = 2029-06-05T11:00:00\nend = 2029-06-05T12:00:00\n"
    )
    data, _ = export(write_plan(MINIMAL + extra))
    assert b"COMMENT:This timezone only works from 2024-05-27 to 2029-06-07." in data
    for line in data.decode().split("\r\n"):
        if line.startswith("RDATE"):
            assert "," not in line, line
    assert len([line for line in data.split(b"\r\n") if line.startswith(b"RDATE")]) >= 4


def test_the_kyiv_new_york_call_in_march_is_six_hours_apart(
    plan_copy: Callable[[Path], Path],
) -> None:
    _, calendar = export(plan_copy(DST))
    found = events(calendar)
    first = found["kyiv-new-york/call-2025-03-04@visitplan"]
    second = found["kyiv-new-york/call-2025-03-11@visitplan"]
    # 16:00 Kyiv both times; New York is 7 h behind on 4 March and 6 h on 11 March
    assert utc(first, "dtstart") == datetime(2025, 3, 4, 14, 0, tzinfo=UTC)
    assert utc(second, "dtstart") == datetime(2025, 3, 11, 14, 0, tzinfo=UTC)
    late = found["kyiv-new-york/late-call@visitplan"]
    assert utc(late, "dtstart") == datetime(2025, 4, 1, 21, 30, tzinfo=UTC)
    assert str(late["dtstart"].params["TZID"]) == "America/New_York"


def test_a_visit_across_the_october_clock_change(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(DST))
    found = events(calendar)
    welcome = found["kyiv-new-york/visit-2025/welcome@visitplan"]
    energy = found["kyiv-new-york/visit-2025/energy@visitplan"]
    assert utc(welcome, "dtstart") == datetime(2025, 10, 24, 7, 0, tzinfo=UTC)  # UTC+3
    assert utc(energy, "dtstart") == datetime(
        2025, 10, 26, 8, 0, tzinfo=UTC
    )  # UTC+2 after the change


# 3. all-day items


def test_all_day_items_end_the_day_after(plan_copy: Callable[[Path], Path]) -> None:
    data, calendar = export(plan_copy(EXAMPLE))
    visit = events(calendar)["korosten-bourges/study-visit-2023@visitplan"]
    assert visit["dtstart"].dt == date(2023, 7, 1)
    assert visit["dtend"].dt == date(2023, 7, 6)
    assert b"DTSTART;VALUE=DATE:20230701\r\nDTEND;VALUE=DATE:20230706\r\n" in data


# 4. UIDs


def test_uids_come_from_ids_and_survive_other_changes(plan_copy: Callable[[Path], Path]) -> None:
    plan = plan_copy(EXAMPLE)
    _, before = export(plan)
    text = plan.read_text(encoding="utf-8")
    text = text.replace('title.en = "Water treatment station"', 'title.en = "Water plant"')
    # reorder: the 2024 meeting before the 2023 one
    first = text.index('[[events]]\nid = "online-2023-06-13"')
    second = text.index('[[events]]\nid = "study-visit-2023"')
    block = text[first:second]
    text = text[:first] + text[second:]
    marker = (
        "# ---------------------------------------------------------------------- exchange topics"
    )
    text = text.replace(marker, block + marker)
    plan.write_text(text, encoding="utf-8")
    _, after = export(plan, now=T1)
    assert set(events(before)) == set(events(after))
    assert "korosten-bourges/study-visit-2023/water-station@visitplan" in events(after)


# 5. updates


CHANGES = {
    "time": ("start = 2024-05-28T11:00:00", "start = 2024-05-28T10:30:00"),
    "zone": (
        "end = 2024-05-28T12:30:00\nurl",
        'end = 2024-05-28T12:30:00\ntimezone = "Europe/Warsaw"\nurl',
    ),
    "link": ("https://meet.example.org/korosten-bourges", "https://meet.example.org/new-room"),
    "status": (
        "end = 2024-05-28T12:30:00\nurl",
        'end = 2024-05-28T12:30:00\nstatus = "tentative"\nurl',
    ),
    "title": (
        'title.en = "Bilateral online meeting Korosten – Bourges"\nstart = 2024',
        'title.en = "Online meeting"\nstart = 2024',
    ),
    "program": ('title.en = "Welcome"', 'title.en = "Opening"'),
    "participants": ('"taran", "tarrisson"]', '"tarrisson"]'),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_changed_item_gets_a_higher_sequence_and_newer_dtstamp(
    plan_copy: Callable[[Path], Path], change: str
) -> None:
    plan = plan_copy(EXAMPLE)
    _, before = export(plan)
    old, new = CHANGES[change]
    text = plan.read_text(encoding="utf-8")
    assert old in text, old
    if change == "time":  # keep the program inside the event
        text = text.replace(
            "  start = 11:00:00\n  end = 11:10:00", "  start = 10:30:00\n  end = 11:10:00"
        )
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, after = export(plan, now=T1)
    uid = "korosten-bourges/online-2024-05-28@visitplan"
    for found_uid, component in events(after).items():
        previous = events(before)[found_uid]
        if found_uid == uid:
            assert component["sequence"] == previous["sequence"] + 1  # type: ignore[index]
            assert component["dtstamp"].dt > previous["dtstamp"].dt  # type: ignore[index]
        else:  # everything else keeps both
            assert component["sequence"] == previous["sequence"], found_uid  # type: ignore[index]
            assert component["dtstamp"].dt == previous["dtstamp"].dt, found_uid  # type: ignore[index]


def test_an_unchanged_plan_exports_the_same_bytes(plan_copy: Callable[[Path], Path]) -> None:
    plan = plan_copy(EXAMPLE)
    first, _ = export(plan, "--todos")
    state = plan.with_name("korosten-bourges.visitplan-state")
    saved = state.read_bytes()
    second, _ = export(plan, "--todos", now=T1)
    assert first == second
    assert state.read_bytes() == saved


def test_a_removed_item_is_exported_once_more_as_cancelled(
    plan_copy: Callable[[Path], Path],
) -> None:
    plan = plan_copy(EXAMPLE)
    _, before = export(plan)
    text = plan.read_text(encoding="utf-8")
    start = text.index('[[events]]\nid = "study-visit-next"')
    end = text.index(
        "# ---------------------------------------------------------------------- exchange topics"
    )
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    _, after = export(plan, now=T1)
    uid = "korosten-bourges/study-visit-next@visitplan"
    gone = events(after)[uid]
    assert gone["status"] == "CANCELLED"
    assert gone["sequence"] == events(before)[uid]["sequence"] + 1  # type: ignore[index]
    assert gone["dtstart"].dt == date(2024, 10, 14)
    # and again, unchanged, in later exports: anyone importing a later file drops it too
    third, _ = export(plan, now=T1 + 3600)
    assert (
        b"UID:korosten-bourges/study-visit-next@visitplan\r\nSEQUENCE:1\r\nSTATUS:CANCELLED"
        in third
    )


def test_check_reports_a_state_file_that_does_not_parse(
    plan_copy: Callable[[Path], Path], run: Run
) -> None:
    plan = plan_copy(EXAMPLE)
    export(plan)
    state = plan.with_name("korosten-bourges.visitplan-state")
    state.write_text(
        state.read_text(encoding="utf-8").replace("sequence = 0", "sequence = ", 1),
        encoding="utf-8",
    )
    # The plan is fine: check warns (an error with --strict); export, which needs the
    # state, refuses.
    result = run("check", plan)
    assert result.exit_code == 0
    assert "korosten-bourges.visitplan-state:" in result.stdout
    assert "warning: the export state does not parse" in result.stdout
    strict = run("check", "--strict", plan)
    assert strict.exit_code == 1
    assert "error: the export state does not parse" in strict.stdout
    failed = CliRunner().invoke(app, ["export", str(plan), "-o", "-"])
    assert failed.exit_code == 1
    assert "restore it from git" in failed.stderr


def test_two_branches_that_change_different_events_merge_without_conflict(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        return run_git(tmp_path, *args)

    plan = tmp_path / "korosten-bourges.toml"
    shutil.copy(EXAMPLE, plan)
    git("init", "-q", "-b", "main")
    export(plan)
    git("add", ".")
    git("commit", "-qm", "plan and state")

    def change(branch: str, old: str, new: str, now: int) -> None:
        git("checkout", "-q", "-b", branch, "main")
        plan.write_text(plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        export(plan, now=now)
        git("commit", "-qam", branch)

    # two events whose state tables are next to each other (sorted by UID)
    change("a", "start = 2023-06-13T14:00:00", "start = 2023-06-13T14:30:00", T1)
    change("b", "https://meet.example.org/korosten-bourges", "https://meet.example.org/x", T1 + 60)
    git("checkout", "-q", "main")
    git("merge", "-q", "a")
    git("merge", "-q", "--no-edit", "b")  # fails (assert) on a conflict
    _, merged = export(plan, now=T1 + 3600)
    found = events(merged)
    assert found["korosten-bourges/online-2023-06-13@visitplan"]["sequence"] == 1  # type: ignore[index]
    assert found["korosten-bourges/online-2024-05-28@visitplan"]["sequence"] == 1  # type: ignore[index]
    assert git("status", "--porcelain") == ""  # the merged state already matched the plan


# 6. and 7. content


def test_status_categories_location_link_and_conference(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(EXAMPLE), "--lang", "en")
    found = events(calendar)
    meeting = found["korosten-bourges/online-2024-05-28@visitplan"]
    assert meeting["status"] == "CONFIRMED"
    assert str(meeting["url"]) == "https://meet.example.org/korosten-bourges"
    assert str(meeting["conference"]) == "https://meet.example.org/korosten-bourges"
    assert meeting["conference"].params["VALUE"] == "URI"
    categories = [str(c) for c in meeting["categories"].cats]
    assert categories[0] == "online"
    assert found["korosten-bourges/study-visit-next@visitplan"]["status"] == "TENTATIVE"
    visit = found["korosten-bourges/study-visit-2023@visitplan"]
    assert str(visit["location"]) == "Bourges, France"
    assert visit["location"].params["LANGUAGE"] == "en"
    assert meeting["summary"].params["LANGUAGE"] == "en"


def test_description_has_program_in_both_zones_participants_and_topics(
    plan_copy: Callable[[Path], Path],
) -> None:
    _, calendar = export(plan_copy(EXAMPLE), "--lang", "en")
    description = str(
        events(calendar)["korosten-bourges/online-2024-05-28@visitplan"]["description"]
    )
    assert "11:00–11:10 Kyiv · 10:00–10:10 Paris  Welcome — Liudmyla Damentsova" in description
    assert "AFCCRE: Félix Hénou, Philippe Tarrisson" in description
    assert (
        "Topics: Cultural cooperation; European funding programmes for municipalities"
        in description
    )
    assert "Link: https://meet.example.org/korosten-bourges" in description


def test_organizer_and_attendees(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(EXAMPLE), "--lang", "en")
    found = events(calendar)
    meeting = found["korosten-bourges/online-2024-05-28@visitplan"]
    assert str(meeting["organizer"]) == "mailto:damentsova@auc.example.org"
    assert meeting["organizer"].params["CN"] == "Liudmyla Damentsova"
    attendees = meeting["attendee"]
    assert len(attendees) == 7
    assert {a.params["ROLE"] for a in attendees} == {"REQ-PARTICIPANT"}
    organizer = "mailto:damentsova@auc.example.org"
    assert all("RSVP" not in a.params for a in attendees)
    # The organizer takes part (the plan says so) and has accepted her own meeting.
    assert {str(a): a.params["PARTSTAT"] for a in attendees if str(a) == organizer} == {
        organizer: "ACCEPTED"
    }
    assert all(a.params["PARTSTAT"] == "NEEDS-ACTION" for a in attendees if str(a) != organizer)
    visit = found["korosten-bourges/study-visit-2023@visitplan"]
    roles = {str(a): a.params["ROLE"] for a in visit["attendee"]}
    assert roles["mailto:chyzhevska@korosten.example.org"] == "CHAIR"  # the delegation's lead
    assert roles["mailto:c.bonduelle@bourges.example.org"] == "REQ-PARTICIPANT"


def test_method_request_asks_for_rsvp_and_needs_an_organizer_with_email(
    plan_copy: Callable[[Path], Path], write_plan: Callable[..., Path]
) -> None:
    _, calendar = export(plan_copy(EXAMPLE), "--method", "request", "--event", "online-2024-05-28")
    assert calendar["method"] == "REQUEST"
    assert list(events(calendar)) == ["korosten-bourges/online-2024-05-28@visitplan"]
    meeting = events(calendar)["korosten-bourges/online-2024-05-28@visitplan"]
    organizer = "mailto:damentsova@auc.example.org"
    assert all(a.params["RSVP"] == "TRUE" for a in meeting["attendee"] if str(a) != organizer)
    no_organizer = write_plan(MINIMAL)
    result = CliRunner().invoke(
        app, ["export", str(no_organizer), "--method", "request", "-o", "-"]
    )
    assert result.exit_code == 2
    assert "--method request needs an organizer with an email" in result.stderr


def test_people_without_email_are_named_in_the_description(
    plan_copy: Callable[[Path], Path],
) -> None:
    _, calendar = export(plan_copy(DST), "--lang", "en")
    call = events(calendar)["kyiv-new-york/call-2025-03-04@visitplan"]
    assert len(call["attendee"]) == 2  # Marc Dubois has no email
    assert "no email: Marc Dubois" in str(call["description"])


# 8. program items


def test_program_items_of_a_visit_are_their_own_events_related_to_it(
    plan_copy: Callable[[Path], Path],
) -> None:
    _, calendar = export(plan_copy(EXAMPLE), "--lang", "en")
    found = events(calendar)
    water = found["korosten-bourges/study-visit-2023/water-station@visitplan"]
    assert str(water["related-to"]) == "korosten-bourges/study-visit-2023@visitplan"
    assert str(water["summary"]) == "Water treatment station · Study visit to Bourges"
    assert str(water["location"]) == "Water treatment station, Bourges"
    assert utc(water, "dtend") == datetime(2023, 7, 3, 10, 0, tzinfo=UTC)
    # a single-day event keeps its program in its description, not as events
    assert not any(uid.startswith("korosten-bourges/online-2024-05-28/") for uid in found)


# 9. text


def test_a_long_ukrainian_title_is_folded_without_splitting_characters(
    write_plan: Callable[..., Path],
) -> None:
    title = ("Навчальний візит щодо відновлення громад, «ЄС» та водопостачання; " * 5)[:300]
    data, calendar = export(write_plan(MINIMAL.replace('title = "Réunion"', f'title = "{title}"')))
    assert str(events(calendar)["twin/meeting@visitplan"]["summary"]) == title
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character split across lines
    assert b"\n" not in data.replace(b"\r\n", b"")


# 10. alarms and tasks


def test_alarms_and_todos(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(DST), "--alarm", "1d", "--alarm", "30m", "--todos")
    call = events(calendar)["kyiv-new-york/call-2025-03-11@visitplan"]
    triggers = sorted(a["trigger"].dt for a in call.walk("VALARM"))
    assert triggers == [timedelta(days=-1), timedelta(minutes=-30)]
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    slides = todos["kyiv-new-york/action:share-slides@visitplan"]
    assert slides["due"].dt == date(2025, 3, 14)
    assert slides["status"] == "NEEDS-ACTION"
    assert str(slides["related-to"]) == "kyiv-new-york/call-2025-03-11@visitplan"
    assert todos["kyiv-new-york/action:visa-letters@visitplan"]["status"] == "COMPLETED"


@pytest.mark.parametrize("bad", ["soon", "1x", "", "-1d"])
def test_a_bad_alarm_is_a_usage_error(plan_copy: Callable[[Path], Path], bad: str) -> None:
    result = CliRunner().invoke(app, ["export", str(plan_copy(DST)), "--alarm", bad, "-o", "-"])
    assert result.exit_code == 2
    assert "is not a duration" in result.stderr


# filters and files


def test_cancelled_events_are_exported_as_cancelled(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(DST))
    assert events(calendar)["kyiv-new-york/call-2025-03-18@visitplan"]["status"] == "CANCELLED"


def test_person_filter_keeps_what_they_attend(plan_copy: Callable[[Path], Path]) -> None:
    _, calendar = export(plan_copy(DST), "--person", "dubois")
    assert list(events(calendar)) == ["kyiv-new-york/call-2025-03-04@visitplan"]
    _, calendar = export(
        plan_copy(EXAMPLE),
        "--event",
        "study-visit-2023",
        "--from",
        "2023-07-03",
        "--to",
        "2023-07-03",
    )
    assert sorted(events(calendar)) == [
        "korosten-bourges/study-visit-2023/water-service@visitplan",
        "korosten-bourges/study-visit-2023/water-station@visitplan",
        "korosten-bourges/study-visit-2023@visitplan",
    ]


def test_per_person_files_in_each_persons_language(
    plan_copy: Callable[[Path], Path], tmp_path: Path
) -> None:
    plan = plan_copy(EXAMPLE)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["export", str(plan), "--per-person", str(out)], env={"SOURCE_DATE_EPOCH": str(T0)}
    )
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        f"{p}.ics"
        for p in sorted(
            ["bonduelle", "chyzhevska", "damentsova", "henou", "moskalenko", "taran", "tarrisson"]
        )
    ]
    bonduelle = Calendar.from_ical((out / "bonduelle.ics").read_bytes())
    summaries = {str(e["summary"]) for e in bonduelle.walk("VEVENT")}
    assert "Visite d'étude à Bourges" in summaries  # she reads French
    assert all("@visitplan" in str(e["uid"]) for e in bonduelle.walk("VEVENT"))
    taran = Calendar.from_ical((out / "taran.ics").read_bytes())
    assert [str(e["uid"]) for e in taran.walk("VEVENT")] == [
        "korosten-bourges/online-2024-05-28@visitplan"
    ]
    assert "wrote 7 files to" in result.stderr


def test_default_output_in_a_pipe_is_standard_output(plan_copy: Callable[[Path], Path]) -> None:
    result = CliRunner().invoke(app, ["export", str(plan_copy(EXAMPLE))])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")


def test_output_to_a_file_says_what_changed(
    plan_copy: Callable[[Path], Path], tmp_path: Path
) -> None:
    plan = plan_copy(EXAMPLE)
    target = tmp_path / "k.ics"
    first = CliRunner().invoke(app, ["export", str(plan), "-o", str(target)])
    assert first.exit_code == 0
    # 4 events and the 7 program items of the 2023 visit
    assert re.search(r"wrote .*k\.ics: 11 entries \(11 new\)", first.stderr)
    second = CliRunner().invoke(app, ["export", str(plan), "-o", str(target)])
    assert "11 entries (11 unchanged)" in second.stderr


def test_a_backslash_before_n_stays_a_backslash(plan_copy: Callable[[Path], Path]) -> None:
    # icalendar's own escaping reads a backslash + N as a line break (found by Hypothesis).
    plan = plan_copy(EXAMPLE)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('title.uk = "Двостороння онлайн-зустріч Коростень – Бурж"',
                     'title.uk = "Файли: \\\\\\\\server\\\\New; Нотатки, 2024"', 1),
        encoding="utf-8",
    )  # fmt: skip
    _, calendar = export(plan)
    titles = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert "Файли: \\\\server\\New; Нотатки, 2024" in titles


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC", "Etc/GMT-2", "America/Argentina/Buenos_Aires"])
def test_times_are_written_as_icalendar_writes_them(zone: str) -> None:
    # Entries are written as text by visitplan itself; each time line must be the one
    # icalendar writes for the same value.
    from zoneinfo import ZoneInfo

    from icalendar import Event

    from visitplan.ical.lines import when_line as _when_line

    value = datetime(2025, 3, 30, 9, 30, tzinfo=ZoneInfo(zone))
    reference = Event()
    reference.add("dtstart", value)
    expected = next(
        line for line in reference.to_ical().decode().splitlines() if line.startswith("DTSTART")
    )
    assert _when_line("DTSTART", value) == expected
    assert _when_line("DUE", date(2025, 3, 30)) == "DUE;VALUE=DATE:20250330"
    assert _when_line("DTSTAMP", datetime(2025, 3, 30, 9, 30, tzinfo=UTC)) == (
        "DTSTAMP:20250330T093000Z"
    )


def test_the_state_file_is_what_tomli_w_writes() -> None:
    import tomli_w
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from visitplan.workspace.export_state import _HEADER, Entry, render_state

    text = st.text(max_size=40)
    entry = st.builds(
        Entry,
        uid=st.text(min_size=1, max_size=30),
        sequence=st.integers(0, 10_000),
        dtstamp=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2200, 1, 1)).map(
            lambda d: d.replace(microsecond=0, tzinfo=UTC)
        ),
        fingerprint=text,
        summary=text,
        start=text,
        end=st.none() | text,
        cancelled=st.booleans(),
        attendees=st.lists(text, max_size=4).map(tuple),
    )

    @settings(max_examples=200, deadline=None)
    @given(st.lists(entry, max_size=5))
    def check(entries: list[Entry]) -> None:
        by_uid = {e.uid: e for e in entries}
        tables: dict[str, dict[str, object]] = {}
        for uid in sorted(by_uid):
            e = by_uid[uid]
            table: dict[str, object] = {
                "sequence": e.sequence,
                "dtstamp": e.dtstamp,
                "fingerprint": e.fingerprint,
                "summary": e.summary,
                "start": e.start,
            }
            if e.end is not None:
                table["end"] = e.end
            if e.cancelled:
                table["cancelled"] = True
            if e.attendees:
                table["attendees"] = list(e.attendees)
            tables[uid] = table
        expected = _HEADER.format(plan="p.toml") + "\n" + tomli_w.dumps(tables)
        assert render_state("p.toml", by_uid) == expected

    check()


def test_legacy_fingerprints_are_the_same_with_the_memo() -> None:
    # State files written before content fingerprints hold these: the shortcut must not
    # change them, or the first export after upgrading would update every entry.
    import hashlib

    from visitplan.ical.entries import plan_items
    from visitplan.plan.loading import load_plan_file

    for path in [EXAMPLE, ROOT / "tests" / "plans" / "dst-partners.toml"]:
        plan = load_plan_file(path).plan
        assert plan is not None
        memo: dict[object, str] = {}
        for item in plan_items(plan):
            if item.action is None:
                assert item.event is not None
                event = item.event
                if item.program is not None:
                    import dataclasses

                    event = dataclasses.replace(event, program=())
                people = [plan.people[p] for p in item.attendees()]
                payload = (
                    event,
                    item.program,
                    people,
                    [plan.organizations.get(p.organization or "") for p in people],
                    [plan.delegations.get(d) for d in event.delegations],
                    [t for t in plan.topics if t.id in event.topics],
                    plan.organizations.get(event.host or ""),
                    plan.people.get(plan.organizer or ""),
                )
                plain = hashlib.sha256(repr(payload).encode()).hexdigest()[:20]
                assert item.legacy_fingerprint(memo) == plain == item.legacy_fingerprint()


def test_a_failed_export_leaves_no_file_and_no_temporary_file(
    plan_copy: Callable[[Path], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The calendar is written piece by piece into a temporary file: a failure part-way
    # (here: the disk fills up after the first piece) must leave nothing behind.
    from visitplan.ical import stamps as ics_export

    plan = plan_copy(EXAMPLE)
    target = tmp_path / "out.ics"
    target.write_bytes(b"old calendar")
    real = ics_export.fold
    calls = {"n": 0}

    def failing_fold(lines):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(lines)

    monkeypatch.setattr(ics_export, "fold", failing_fold)
    result = CliRunner().invoke(
        app, ["export", str(plan), "-o", str(target)], env={"VISITPLAN_TODAY": "2024-06-01"}
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert target.read_bytes() == b"old calendar"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.ics")] == []
    assert not plan.with_name(plan.stem + ".visitplan-state").exists()  # state unchanged


def test_method_request_writes_one_event_per_file(
    plan_copy: Callable[[Path], Path], tmp_path: Path
) -> None:
    """Outlook reads only the first VEVENT of a REQUEST: a whole plan is refused with a
    hint, --per-person writes one entry per file (and none for who has none; a visit's
    sessions a file each), the
    tentative visit without attendees is no REQUEST; nothing is written when refused."""
    plan = plan_copy(EXAMPLE)
    out = tmp_path / "whole.ics"
    whole = CliRunner().invoke(app, ["export", str(plan), "--method", "request", "-o", str(out)])
    assert whole.exit_code == 2
    assert "would put 11 entries in one file" in whole.stderr
    assert "--event ID" in whole.stderr and "visitplan invite" in whole.stderr
    assert not out.exists()
    tentative = CliRunner().invoke(
        app, ["export", str(plan), "--method", "request", "--event", "study-visit-next", "-o", "-"]
    )
    assert tentative.exit_code == 2
    assert "has no attendee with an email" in tentative.stderr
    assert "--method publish" in tentative.stderr
    folder = tmp_path / "people"
    done = CliRunner().invoke(
        app,
        ["export", str(plan), "--method", "request", "--event", "online-2024-05-28",
         "--per-person", str(folder)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    files = sorted(folder.glob("*.ics"))
    assert len(files) == 7
    for file in files:
        calendar = Calendar.from_ical(file.read_bytes())
        assert calendar["method"] == "REQUEST"
        assert len(list(calendar.walk("VEVENT"))) == 1, file.name
    visit = CliRunner().invoke(
        app,
        ["export", str(plan), "--method", "request", "--event", "study-visit-2023",
         "--per-person", str(tmp_path / "visit")],
    )  # fmt: skip
    assert visit.exit_code == 0, visit.output  # the visit and each session: a file each
    files = sorted((tmp_path / "visit").glob("*.ics"))
    assert [f.name for f in files if "--" not in f.name] == ["bonduelle.ics", "chyzhevska.ics"]
    assert len(files) == 2 * 8
    for file in files:
        calendar = Calendar.from_ical(file.read_bytes())
        assert calendar["method"] == "REQUEST"
        assert len(list(calendar.walk("VEVENT"))) == 1, file.name


def test_an_online_meeting_without_a_place_has_its_link_as_location(
    plan_copy: Callable[[Path], Path],
) -> None:
    _, calendar = export(plan_copy(EXAMPLE), "--lang", "en")
    meeting = events(calendar)["korosten-bourges/online-2024-05-28@visitplan"]
    assert str(meeting["location"]) == "https://meet.example.org/korosten-bourges"
    visit = events(calendar)["korosten-bourges/study-visit-2023@visitplan"]
    assert "meet.example.org" not in str(visit["location"])
