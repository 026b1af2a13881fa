"""Importing what partners send (issue #14): partial success, right times, series,
updates — each on a small file written the way the client named in the test writes it.

The plan is the Korosten – Bourges partnership's (Europe/Kyiv); invitations come from
Bourges (Europe/Paris), Outlook and Google users elsewhere.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, Run, snapshot

TODAY = date(2025, 9, 1)
PLAN = """\
format = 1
id = "korosten-bourges"
title.uk = "Коростень – Бурж"
title.fr = "Korosten – Bourges"
timezone = "Europe/Kyiv"

[people.chyzhevska]
name = "Оксана Чижевська"
email = "o.chyzhevska@korosten.example.org"
"""


def ics(*events: str, head: str = "", method: str = "REQUEST") -> bytes:
    """A calendar as Outlook writes one: CRLF, METHOD, the events given."""
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
             "VERSION:2.0", f"METHOD:{method}"]  # fmt: skip
    lines += [line for line in head.strip().splitlines() if line]
    for event in events:
        lines += ["BEGIN:VEVENT", *[x.strip() for x in event.strip().splitlines()], "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def event(uid: str, summary: str, start: str, end: str | None = None, *more: str) -> str:
    lines = [f"UID:{uid}", f"SUMMARY:{summary}", "DTSTAMP:20250820T080000Z", f"DTSTART{start}"]
    if end is not None:
        lines.append(f"DTEND{end}")
    return "\n".join([*lines, *more])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "korosten-bourges.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def events_of(plan: Path) -> list[dict[str, Any]]:
    return tomllib.loads(plan.read_text("utf-8")).get("events", [])  # type: ignore[no-any-return]


def people_of(plan: Path) -> dict[str, Any]:
    return tomllib.loads(plan.read_text("utf-8")).get("people", {})  # type: ignore[no-any-return]


def imported(run: Run, tmp_path: Path, plan: Path, data: bytes, *args: str) -> Any:
    """Import ``data`` with --dry-run, then for real: both say and exit the same."""
    source = tmp_path / "invite.ics"
    source.write_bytes(data)
    before = plan.read_bytes()
    dry = run("import", source, "--plan", plan, "--dry-run", *args, today=TODAY)
    assert plan.read_bytes() == before
    real = run("import", source, "--plan", plan, *args, today=TODAY)
    assert (dry.exit_code, dry.stderr) == (real.exit_code, real.stderr)
    assert "Traceback" not in real.output and "b'" not in real.output
    return real


def instant(event: dict[str, Any], key: str = "start") -> datetime:
    value: datetime = event[key]
    return value.replace(tzinfo=ZoneInfo(event.get("timezone", "Europe/Kyiv")))


# --------------------------------------------------------------------------- partial success

GOOD = [
    event("ex-1@bourges.fr", "Réunion de préparation", ";TZID=Romance Standard Time:20250910T100000",
          ";TZID=Romance Standard Time:20250910T113000"),
    event("ex-2@bourges.fr", "Визит делегации: музей", ";TZID=Romance Standard Time:20250911T140000",
          ";TZID=Romance Standard Time:20250911T160000"),
    event("ex-3@bourges.fr", "Bilan", ";TZID=Romance Standard Time:20250912T090000",
          ";TZID=Romance Standard Time:20250912T100000"),
]  # fmt: skip
BROKEN = event("ex-4@bourges.fr", "Déjeuner", ';TZID="W. Europe Standard Time:20250912T120000')


def test_one_broken_event_leaves_the_others_imported_and_is_named(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    result = imported(run, tmp_path, plan, ics(*GOOD[:2], BROKEN, GOOD[2]))
    assert result.exit_code == 0, result.output
    assert "imported 3 events" in result.stdout and "1 not imported" in result.stdout
    # the file, the line of its BEGIN:VEVENT, the summary and the UID; what is wrong
    assert (
        'invite.ics:19: event "Déjeuner" (UID ex-4@bourges.fr): not imported — its DTSTART '
        "(line 23) cannot be read: " in result.stderr
    )
    assert [e["title"] for e in events_of(plan)] == [
        "Réunion de préparation",
        "Визит делегации: музей",
        "Bilan",
    ]
    assert run("check", plan, today=TODAY).exit_code == 0


def test_strict_imports_nothing_when_one_event_cannot_be(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    before = snapshot(tmp_path)
    source = tmp_path / "invite.ics"
    source.write_bytes(ics(*GOOD, BROKEN))
    before = snapshot(tmp_path)
    result = run("import", source, "--plan", plan, "--strict", today=TODAY)
    assert result.exit_code == 1
    assert "nothing imported (--strict)" in result.stderr and "ex-4@bourges.fr" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_file_with_no_usable_event_fails_and_changes_nothing(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    stub = "UID:stub-only@outlook.com"
    result = imported(run, tmp_path, plan, ics(BROKEN, stub))
    assert result.exit_code == 1
    assert "nothing imported: no event of" in result.stderr
    assert "(UID stub-only@outlook.com): not imported — it has no start (DTSTART)" in result.stderr
    assert plan.read_text("utf-8") == PLAN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty: it holds no calendar"),
        (b"\r\n  \r\n", "is empty: it holds no calendar"),
        (b"hello\n", "is not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "holds no event (no VEVENT)"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n", "holds no calendar"),
    ],
    ids=["empty", "blank", "text", "no-event", "cut-off"],
)
def test_what_is_no_invitation_is_refused_in_words(
    run: Run, tmp_path: Path, plan: Path, data: bytes, message: str
) -> None:
    result = imported(run, tmp_path, plan, data)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "b'" not in result.stderr and "object has no attribute" not in result.stderr
    assert plan.read_text("utf-8") == PLAN


def test_two_calendars_and_a_bare_event_are_read(run: Run, tmp_path: Path, plan: Path) -> None:
    two = ics(GOOD[0]) + ics(GOOD[1])
    result = imported(run, tmp_path, plan, two)
    assert result.exit_code == 0, result.output
    assert "holds 2 calendars: the events of all are read" in result.stderr
    assert len(events_of(plan)) == 2
    bare = ("BEGIN:VEVENT\r\n" + "\r\n".join(GOOD[2].splitlines()) + "\r\nEND:VEVENT\r\n").encode()
    result = imported(run, tmp_path, plan, bare)
    assert result.exit_code == 0, result.output
    assert "events outside a VCALENDAR" in result.stderr
    assert [e["title"] for e in events_of(plan)][-1] == "Bilan"


def test_unusable_attendees_links_and_lengths_are_kept_or_said(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    data = ics(
        event(
            "teams-1@exchange", "Water utilities", ":20250915T080000Z", ":20250915T080000Z",
            "ATTENDEE;CN=Contacts:mailto:4dhmurjkc5hn@virtual",
            'ATTENDEE;CN="CET Meeting Room":mailto:CET Meeting Room@university.edu',
            "ATTENDEE;CN=Amélie Durand:mailto:a.durand@bourges.example.org",
            "ATTENDEE;CN=Оксана Чижевська:mailto:O.Chyzhevska@korosten.example.org",
            "URL:/meetings/42",
        )
    )  # fmt: skip
    result = imported(run, tmp_path, plan, data)
    assert result.exit_code == 0, result.output
    (imported_event,) = events_of(plan)
    people = people_of(plan)
    names = {people[p]["name"]: people[p].get("email") for p in imported_event["participants"]}
    assert names == {
        "Contacts": None,
        "CET Meeting Room": None,
        "Amélie Durand": "a.durand@bourges.example.org",
        "Оксана Чижевська": "o.chyzhevska@korosten.example.org",  # matched by email
    }
    assert 'the attendee "CET Meeting Room" has no usable email address' in result.stderr
    assert '"/meetings/42" is not a web address and is left out' in result.stderr
    assert "url" not in imported_event
    # no length (allowed by RFC 5545, not by a plan): one minute, said so
    assert instant(imported_event, "end") - instant(imported_event) == timedelta(minutes=1)
    assert "it has no length" in result.stderr


# --------------------------------------------------------------------------- right times


def test_an_end_in_another_zone_is_converted_into_the_start_zone(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    flight = event(
        "lh-400@lufthansa", "Франкфурт → Нью-Йорк", ";TZID=Europe/Berlin:20251015T101500",
        ";TZID=America/New_York:20251015T130000",
    )  # fmt: skip
    windows = event(
        "ex-5@outlook", "Rencontre des maires", ";TZID=FLE Standard Time:20251027T090000",
        ";TZID=Romance Standard Time:20251027T100000",
    )  # fmt: skip
    result = imported(run, tmp_path, plan, ics(flight, windows))
    assert result.exit_code == 0, result.output
    first, second = events_of(plan)
    assert first["timezone"] == "Europe/Berlin"
    assert instant(first, "end") - instant(first) == timedelta(hours=8, minutes=45)
    # a Kyiv start, a Paris end one hour later on the wall (after the autumn change)
    assert "timezone" not in second  # FLE Standard Time is the plan's own zone
    assert second["end"] == datetime(2025, 10, 27, 11, 0)
    assert 'the zone "FLE Standard Time" is read as Europe/Kyiv' in result.stderr


def test_duration_sets_the_end_of_all_day_and_timed_events(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    visit = event("visit@google.com", "Study visit in Bourges", ";VALUE=DATE:20251103", None,
                  "DURATION:P5D")  # fmt: skip
    call = event("call@google.com", "Call", ";TZID=Europe/Paris:20251110T170000", None,
                 "DURATION:PT1H30M")  # fmt: skip
    result = imported(run, tmp_path, plan, ics(visit, call))
    assert result.exit_code == 0, result.output
    first, second = events_of(plan)
    assert (first["start"], first["end"], first["kind"]) == (
        date(2025, 11, 3),
        date(2025, 11, 7),  # inclusive in the plan: 3–7 November
        "study-visit",
    )
    assert second["end"] - second["start"] == timedelta(hours=1, minutes=30)


CUSTOM_ZONE = """
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


@pytest.mark.parametrize(
    ("tzid", "zone", "said"),
    [
        ("Tokyo Standard Time", "Asia/Tokyo", "is read as Asia/Tokyo"),
        ("US Mountain Standard Time", "America/Phoenix", "is read as America/Phoenix"),
        ("New Zealand Standard Time", "Pacific/Auckland", "is read as Pacific/Auckland"),
        ("/softwarestudio.org/Tzfile/America/Chicago", "America/Chicago", "America/Chicago"),
        ("(UTC+07:00) Bangkok, Hanoi, Jakarta", "Asia/Bangkok", "a city in its name"),
        ("Canberra, Melbourne, Sydney", "Australia/", "a city in its name"),
        ("Customized Time Zone", "Europe/", "(the same rules)"),
    ],
)
def test_zone_names_clients_write_are_understood_and_said(
    run: Run, tmp_path: Path, plan: Path, tzid: str, zone: str, said: str
) -> None:
    meeting = event("z@outlook", "Partners' call", f';TZID="{tzid}":20250915T120000',
                    f';TZID="{tzid}":20250915T130000')  # fmt: skip
    head = CUSTOM_ZONE if tzid == "Customized Time Zone" else ""
    result = imported(run, tmp_path, plan, ics(meeting, head=head))
    assert result.exit_code == 0, result.output
    (found,) = events_of(plan)
    assert found["timezone"].startswith(zone)
    assert found["start"] == datetime(2025, 9, 15, 12, 0)  # the wall time, in that zone
    assert f'the zone "{tzid}"' in result.stderr and said in result.stderr
    if tzid == "Customized Time Zone":  # 12:00 in Central Europe is 13:00 in Kyiv
        assert instant(found).astimezone(ZoneInfo("Europe/Kyiv")).hour == 13


def test_an_unknown_zone_falls_back_to_the_plans_with_a_warning(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    meeting = event("u@lotus", "Call", ";TZID=Eastern Seaboard Time:20250915T120000",
                    ";TZID=Eastern Seaboard Time:20250915T130000")  # fmt: skip
    result = imported(run, tmp_path, plan, ics(meeting))
    assert result.exit_code == 0, result.output
    assert 'warning: the zone "Eastern Seaboard Time" is unknown' in result.stderr
    assert "read in the plan's zone Europe/Kyiv" in result.stderr


def test_floating_times_use_x_wr_timezone(run: Run, tmp_path: Path, plan: Path) -> None:
    meeting = event("f@google.com", "Jumelage", ":20250915T120000", ":20250915T130000")
    result = imported(run, tmp_path, plan, ics(meeting, head="X-WR-TIMEZONE:Europe/Paris"))
    assert result.exit_code == 0, result.output
    (found,) = events_of(plan)
    assert (found["timezone"], found["start"]) == ("Europe/Paris", datetime(2025, 9, 15, 12))
    assert "X-WR-TIMEZONE Europe/Paris" in result.stderr


# --------------------------------------------------------------------------- series

STANDUP = event(
    "standup@outlook", "Weekly stand-up", ";TZID=Romance Standard Time:20250902T093000",
    ";TZID=Romance Standard Time:20250902T094500",
    "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10",
    "EXDATE;TZID=Romance Standard Time:20250916T093000",
)  # fmt: skip
MOVED = event(
    "standup@outlook", "Weekly stand-up (moved)", ";TZID=Romance Standard Time:20250924T110000",
    ";TZID=Romance Standard Time:20250924T111500",
    "RECURRENCE-ID;TZID=Romance Standard Time:20250923T093000",
)  # fmt: skip


def test_a_series_becomes_its_occurrences_with_exceptions_in_place(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    result = imported(run, tmp_path, plan, ics(STANDUP, MOVED))
    assert result.exit_code == 0, result.output
    found = events_of(plan)
    assert len(found) == 9  # ten, one of them cancelled by EXDATE
    starts = [e["start"] for e in found]
    assert datetime(2025, 9, 16, 9, 30) not in starts
    assert datetime(2025, 9, 23, 9, 30) not in starts  # moved, not added
    moved = next(e for e in found if e["start"] == datetime(2025, 9, 24, 11, 0))
    assert moved["title"] == "Weekly stand-up (moved)"
    assert moved["uid"] == "standup@outlook;RECURRENCE-ID=20250923T073000Z"
    assert found[0]["id"] == "weekly-stand-up-2025-09-02"
    assert "a series; 9 occurrences from 2025-09-02 to 2026-09-01" in result.stderr
    # again: nothing added, nothing changed
    text = plan.read_text("utf-8")
    again = imported(run, tmp_path, plan, ics(STANDUP, MOVED))
    assert again.exit_code == 0 and "9 already in the plan" in again.stdout
    assert plan.read_text("utf-8") == text


def test_an_update_of_a_series_after_an_override_with_its_own_sequence_updates(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    # found by a coordinator: the override's SEQUENCE:1 was given to every occurrence, so
    # the organizer's update of the series (SEQUENCE:1) was refused as "not higher"
    moved = MOVED.replace("RECURRENCE-ID", "SEQUENCE:1\r\nRECURRENCE-ID")
    assert imported(run, tmp_path, plan, ics(STANDUP, moved)).exit_code == 0
    by_start = {e["start"]: e for e in events_of(plan)}
    assert by_start[datetime(2025, 9, 2, 9, 30)].get("sequence", 0) == 0
    assert by_start[datetime(2025, 9, 24, 11, 0)]["sequence"] == 1
    later = STANDUP.replace("T094500", "T100000").replace("RRULE", "SEQUENCE:1\r\nRRULE")
    result = imported(run, tmp_path, plan, ics(later, moved))
    assert result.exit_code == 0, result.output
    assert "not higher" not in result.output
    ends = [
        e["end"] for e in events_of(plan) if e["start"].time() == datetime(1, 1, 1, 9, 30).time()
    ]
    assert ends and all(end.time() == datetime(1, 1, 1, 10, 0).time() for end in ends)


def test_until_sets_the_window_of_a_series(run: Run, tmp_path: Path, plan: Path) -> None:
    endless = event("daily@google.com", "Щоденна нарада", ";TZID=Europe/Kyiv:20250101T090000",
                    ";TZID=Europe/Kyiv:20250101T091500", "RRULE:FREQ=DAILY")  # fmt: skip
    result = imported(run, tmp_path, plan, ics(endless), "--until", "2025-09-10")
    assert result.exit_code == 0, result.output
    found = events_of(plan)
    # from today (the series began before), to the day given
    assert [e["start"].day for e in found] == list(range(1, 11))
    assert "10 occurrences from 2025-09-01 to 2025-09-10" in result.stderr
    bad = run("import", tmp_path / "invite.ics", "--plan", plan, "--until", "soon", today=TODAY)
    assert bad.exit_code == 2 and '--until "soon" is not a date' in bad.stderr


# --------------------------------------------------------------------------- updates


def test_a_later_invitation_updates_the_event_and_a_cancellation_cancels_it(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    first = event("upd@bourges.fr", "Réunion", ";TZID=Europe/Paris:20251001T100000",
                  ";TZID=Europe/Paris:20251001T110000", "SEQUENCE:0")  # fmt: skip
    assert imported(run, tmp_path, plan, ics(first)).exit_code == 0
    moved = first.replace("T100000", "T140000").replace("T110000", "T150000")
    same_sequence = imported(run, tmp_path, plan, ics(moved))
    assert "not higher than the plan's (0): not updated — give --update" in same_sequence.stderr
    assert events_of(plan)[0]["start"] == datetime(2025, 10, 1, 10, 0)
    later = imported(run, tmp_path, plan, ics(moved.replace("SEQUENCE:0", "SEQUENCE:2")))
    assert later.exit_code == 0, later.output
    assert (
        'event "reunion": start 2025-10-01 10:00 → 2025-10-01 14:00; '
        "end 2025-10-01 11:00 → 2025-10-01 15:00" in later.stderr
    )
    (only,) = events_of(plan)  # never a copy
    assert (only["start"], only["sequence"]) == (datetime(2025, 10, 1, 14, 0), 2)
    forced = imported(run, tmp_path, plan, ics(moved.replace("Réunion", "Réunion des maires")
                                               .replace("SEQUENCE:0", "SEQUENCE:2")), "--update")  # fmt: skip
    assert 'title "Réunion" → "Réunion des maires"' in forced.stderr
    cancel = imported(run, tmp_path, plan, ics(moved, method="CANCEL"))
    assert cancel.exit_code == 0 and "cancelled (the file cancels it)" in cancel.stderr
    (only,) = events_of(plan)
    assert only["status"] == "cancelled"
    assert run("check", plan, today=TODAY).exit_code == 0


# --------------------------------------------------------------------------- the real command


def test_the_real_command_imports_part_of_a_file_and_its_dry_run_agrees(
    tmp_path: Path, plan: Path
) -> None:
    source = tmp_path / "invite.ics"
    source.write_bytes(ics(*GOOD, BROKEN, STANDUP))
    env = {"VISITPLAN_TODAY": TODAY.isoformat(), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "visitplan", "import", str(source), "--plan", str(plan)]
    before = snapshot(tmp_path)
    dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, env=env)
    assert snapshot(tmp_path) == before
    real = subprocess.run(command, capture_output=True, text=True, env=env)
    assert dry.returncode == real.returncode == 0, real.stderr
    assert dry.stderr == real.stderr and "ex-4@bourges.fr" in real.stderr
    assert dry.stdout.startswith("--- a/") and "imported 12 events" in real.stdout
    assert len(events_of(plan)) == 3 + 9


# --------------------------------------------------------------------------- round trip

ZONES = {  # a TZID as clients write it → the IANA zone it is
    "Europe/Paris": "Europe/Paris",
    "Romance Standard Time": "Europe/Paris",
    "FLE Standard Time": "Europe/Kyiv",
    "Eastern Standard Time": "America/New_York",
    "Georgian Standard Time": "Asia/Tbilisi",
}
TEXT = st.text(
    alphabet=st.sampled_from("Коростень Бурж réunion à l'Hôtel de Ville ,;:\\\"'№–…ÉçЇї0123"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=TEXT,
    place=TEXT,
    tzid=st.sampled_from(sorted(ZONES)),
    start=st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    minutes=st.integers(15, 600),
    end_tzid=st.sampled_from(sorted(ZONES)),
)
def test_what_icalendar_writes_comes_back_at_the_same_instants(
    tmp_path: Path, title: str, place: str, tzid: str, start: datetime, minutes: int,
    end_tzid: str,
) -> None:  # fmt: skip
    from icalendar import Calendar, Event

    zone = ZoneInfo(ZONES[tzid])
    begin = start.replace(tzinfo=zone)
    begin = begin.astimezone(UTC).astimezone(zone)  # a wall time that exists
    finish = (begin + timedelta(minutes=minutes)).astimezone(ZoneInfo(ZONES[end_tzid]))
    calendar = Calendar()
    calendar.add("prodid", "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    calendar.add("version", "2.0")
    invitation = Event()
    invitation.add("uid", "rt@example.org")
    invitation.add("dtstamp", datetime(2025, 1, 1, tzinfo=UTC))
    invitation.add("summary", title)
    invitation.add("location", place)
    invitation.add("dtstart", begin.replace(tzinfo=None), parameters={"TZID": tzid})
    invitation.add("dtend", finish.replace(tzinfo=None), parameters={"TZID": end_tzid})
    calendar.add_component(invitation)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one plan per example
    plan = folder / "p.toml"
    plan.write_text(PLAN, encoding="utf-8")
    source = folder / "invite.ics"
    source.write_bytes(calendar.to_ical())
    result = Run()("import", source, "--plan", plan, today=date(2024, 6, 1))
    assert result.exit_code == 0, result.output
    (found,) = events_of(plan)
    assert instant(found) == begin and instant(found, "end") == begin + timedelta(minutes=minutes)
    assert found["title"] == title.strip()  # as written, on one line
    assert found["location"] == place.strip()
    assert (
        found.get("timezone", "Europe/Kyiv") == zone.key
    )  # the start's zone, not only its instant


def test_a_zone_an_earlier_file_described_does_not_change_the_next_import(
    run: Run, tmp_path: Path, plan: Path
) -> None:
    # Found by the corpus: icalendar keeps a VTIMEZONE it read for the rest of the process
    # (an Exchange file's "Canberra, Melbourne, Sydney" with the rules before 2008) and
    # used it for the next file, which does not describe that zone.
    old = ROOT / "tests" / "import-corpus" / "vobject" / "ms_tzid.ics"
    other = tmp_path / "other.toml"
    other.write_text(PLAN, encoding="utf-8")
    assert run("import", old, "--plan", other, today=date(2008, 5, 1)).exit_code == 0
    meeting = event("au@outlook", "Call", ';TZID="Canberra, Melbourne, Sydney":20250915T120000',
                    ';TZID="Canberra, Melbourne, Sydney":20250915T130000')  # fmt: skip
    result = imported(run, tmp_path, plan, ics(meeting))
    assert result.exit_code == 0, result.output
    (found,) = events_of(plan)
    assert found["timezone"].startswith("Australia/") and "a city in its name" in result.stderr
