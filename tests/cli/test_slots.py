"""`visitplan slots`, public holidays and working hours (issue #18), on fixed dates."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, snapshot
from visitplan.cli import app
from visitplan.plan.holidays_data import Calendars
from visitplan.plan.loading import load_plan_text
from visitplan.plan.model import Event, Organization, Person, Text, When

HEAD = """\
format = 1
id = "{id}"
title = "Partners"
timezone = "Europe/Kyiv"
languages = ["en", "uk", "fr"]

[organizations.korosten]
name = "Korosten city council"
short = "Korosten"
country = "UA"
city = "Korosten"
timezone = "Europe/Kyiv"

[organizations.bourges]
name = "Ville de Bourges"
short = "Bourges"
country = "FR"
city = "Bourges"
timezone = "Europe/Paris"

[organizations.umb]
name = "University of Maryland, Baltimore"
short = "UMB"
country = "US"
subdivision = "MD"
city = "Baltimore"
timezone = "America/New_York"

[organizations.gdansk]
name = "Gdańsk city hall"
short = "Gdańsk"
country = "PL"
city = "Gdańsk"
timezone = "Europe/Warsaw"

[people.olena]
name = "Olena Koval"
organization = "korosten"
email = "olena@example.org"

[people.amelie]
name = "Amélie Durand"
organization = "bourges"
email = "amelie@example.org"

[people.sam]
name = "Sam Miller"
organization = "umb"
email = "sam@example.org"
"""


def plan_text(extra: str = "", plan_id: str = "partners") -> str:
    return HEAD.format(id=plan_id) + extra


def write(folder: Path, text: str, name: str = "partners.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, today: str = "2025-01-01", lang: str | None = None) -> object:
    env = {"VISITPLAN_TODAY": today, "NO_COLOR": "1", "COLUMNS": "200"}
    if lang:
        env["VISITPLAN_LANG"] = lang
    return CliRunner().invoke(app, list(args), env=env)


def slots_json(*args: str, today: str = "2025-01-01") -> dict[str, object]:
    result = invoke("slots", *args, "--format", "json", today=today)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    document = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert isinstance(document, dict)
    return document


def local_times(document: dict[str, object]) -> list[list[str]]:
    """Each slot's local start times, as HH:MM per party."""
    slots = document["slots"]
    assert isinstance(slots, list)
    return [[t["start"][11:16] for t in slot["times"]] for slot in slots]


def slot_days(document: dict[str, object]) -> list[str]:
    slots = document["slots"]
    assert isinstance(slots, list)
    return [slot["start"][:10] for slot in slots]


# --------------------------------------------------------------------------- slots


def test_kyiv_and_paris_stay_one_hour_apart_across_the_eu_clock_change(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    # 2025-03-30: both move their clocks; Friday 28 March to Wednesday 2 April
    doc = slots_json(
        str(plan), "--with", "korosten", "--with", "bourges", "--duration", "90m",
        "--from", "2025-03-28", "--to", "2025-04-02", "--count", "10",
    )  # fmt: skip
    assert slot_days(doc) == ["2025-03-28", "2025-03-31", "2025-04-01", "2025-04-02"]
    # 09:00 in Bourges is the first start inside both days: 10:00 in Kyiv, before and after
    assert local_times(doc) == [["10:00", "09:00"]] * 4
    assert doc["offset_changes"] == []  # the difference does not change …
    clocks = doc["clock_changes"]
    assert [(c["zone"], c["date"]) for c in clocks] == [  # type: ignore[union-attr,index]
        ("Europe/Kyiv", "2025-03-30"),
        ("Europe/Paris", "2025-03-30"),
    ]
    first, last = doc["slots"][0], doc["slots"][-1]  # type: ignore[index]
    assert first["start"] == "2025-03-28T10:00:00+02:00"
    assert last["start"] == "2025-04-02T10:00:00+03:00"
    text = invoke(
        "slots", str(plan), "--with", "korosten", "--with", "bourges", "--duration", "90m",
        "--from", "2025-03-28", "--to", "2025-04-02", "--lang", "en",
    ).stdout  # type: ignore[attr-defined]  # fmt: skip
    assert "Note: clocks change in Korosten on 30 March 2025 (UTC+02:00 → UTC+03:00)." in text
    assert "Monday, 31 March 2025\n  10:00–11:30 Korosten · 09:00–10:30 Bourges\n" in text


def test_kyiv_and_new_york_six_hours_apart_between_the_two_clock_changes(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    # The US moves on 9 March 2025, the EU on 30 March: 7 h, then 6 h, then 7 h again.
    doc = slots_json(
        str(plan), "--with", "korosten", "--with", "umb", "--duration", "90m",
        "--from", "2025-03-06", "--to", "2025-04-01", "--count", "30",
    )  # fmt: skip
    by_day = dict(zip(slot_days(doc), local_times(doc), strict=True))
    assert by_day["2025-03-07"] == ["16:00", "09:00"]  # 7 h: 09:00 in Baltimore is 16:00
    assert by_day["2025-03-10"] == ["15:00", "09:00"]  # 6 h
    assert by_day["2025-03-28"] == ["15:00", "09:00"]
    assert by_day["2025-03-31"] == ["16:00", "09:00"]  # 7 h again
    changes = [(c["date"], c["difference_after_hours"]) for c in doc["offset_changes"]]  # type: ignore[union-attr,index]
    assert changes == [("2025-03-09", 6.0), ("2025-03-30", 7.0)]
    text = invoke(
        "slots", str(plan), "--with", "korosten", "--with", "umb",
        "--from", "2025-03-06", "--to", "2025-04-01", "--lang", "en",
    ).stdout  # type: ignore[attr-defined]  # fmt: skip
    assert (
        "Note: from 9 March 2025, Korosten is 6 h ahead of Baltimore (UMB) (before: 7 h)." in text
    )


def test_a_french_holiday_is_no_slot_and_is_listed(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    doc = slots_json(
        str(plan), "--with", "korosten", "--with", "bourges",
        "--from", "2025-07-11", "--to", "2025-07-16", "--count", "5",
    )  # fmt: skip
    assert slot_days(doc) == ["2025-07-11", "2025-07-15", "2025-07-16"]  # not Monday 14
    assert doc["days_off"] == [
        {"date": "2025-07-14", "party": "bourges", "country": "FR", "name": "National Day"}
    ]
    fr = invoke(
        "slots", str(plan), "--with", "bourges", "--from", "2025-07-14", "--days", "2",
        "--lang", "fr",
    ).stdout  # type: ignore[attr-defined]  # fmt: skip
    assert "lundi 14 juillet 2025 — Fête nationale (FR)\u202f: Bourges" in fr


def test_a_polish_host_on_3_may(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    # Monday 3 May 2027 is Constitution Day; Corpus Christi is Thursday 27 May 2027
    doc = slots_json(
        str(plan), "--with", "gdansk", "--with", "korosten",
        "--from", "2027-05-03", "--to", "2027-05-04", "--count", "5",
    )  # fmt: skip
    assert slot_days(doc) == ["2027-05-04"]
    days_off = doc["days_off"]
    assert [d["date"] for d in days_off] == ["2027-05-03"]  # type: ignore[union-attr,index]
    corpus = slots_json(str(plan), "--with", "gdansk", "--from", "2027-05-27", "--days", "1")
    assert corpus["slots"] == [] and corpus["days_off"][0]["name"] == "Corpus Christi"  # type: ignore[index]


def test_ukraine_under_martial_law_works_on_its_holidays(tmp_path: Path) -> None:
    import holidays

    # The data: since 2023 Ukraine's holidays are working days (martial law); the package
    # keeps them as its "workday" category, and none is in the public (days off) one.
    assert Calendars(None).year("UA", None, 2024) == {}
    workdays = holidays.country_holidays("UA", years=2024, categories=("workday",))
    assert date(2024, 8, 24) in workdays  # Independence Day: commemorated, not a day off
    assert date(2024, 8, 24) not in holidays.country_holidays("UA", years=2024)
    # before the war it was a day off, so the data for Ukraine is not just empty
    before = Calendars(None).holiday("UA", None, date(2021, 8, 24))
    assert before is not None and before.name("uk") == "День незалежності України"
    # a slot is proposed on Independence Day 2026 (a Monday), for a Ukrainian party
    plan = write(tmp_path, plan_text())
    doc = slots_json(str(plan), "--with", "korosten", "--from", "2026-08-24", "--days", "1")
    assert slot_days(doc) == ["2026-08-24"] and doc["days_off"] == []


def test_people_booked_in_another_plan_are_busy(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    # Olena (matched by her email) has a meeting in another plan on Tuesday 10:00–12:00 Kyiv
    other = plan_text(
        """
[[events]]
id = "board"
kind = "meeting"
title = "Board"
start = 2025-06-03T10:00:00
end = 2025-06-03T12:00:00
participants = ["olena"]

[[events]]
id = "dropped"
kind = "meeting"
title = "Dropped"
status = "cancelled"
start = 2025-06-04T09:00:00
end = 2025-06-04T19:00:00
participants = ["olena"]
""",
        plan_id="other",
    )
    write(tmp_path, other, "other.toml")
    args = ["--with", "olena", "--with", "bourges", "--from", "2025-06-03", "--days", "2"]
    alone = slots_json(str(plan), *args)
    assert local_times(alone)[0] == ["10:00", "09:00"]
    both = slots_json(str(tmp_path), *args)  # both plans read
    # the first hour free after the meeting; a cancelled event blocks nothing
    assert local_times(both) == [["12:00", "11:00"], ["10:00", "09:00"]]
    assert slot_days(both) == ["2025-06-03", "2025-06-04"]


def test_custom_working_hours_by_weekday_and_with_a_break(tmp_path: Path) -> None:
    text = plan_text().replace(
        'city = "Bourges"',
        'city = "Bourges"\nworking_hours = { mon = "09:00-12:00, 14:00-17:00", fri = "08:00-10:00" }',
    )
    plan = write(tmp_path, text)
    # Monday 2 June 2025 to Friday 6 June: Bourges works on Monday and Friday only
    doc = slots_json(
        str(plan), "--with", "bourges", "--with", "korosten", "--duration", "2h",
        "--from", "2025-06-02", "--to", "2025-06-06", "--count", "5",
    )  # fmt: skip
    assert slot_days(doc) == ["2025-06-02", "2025-06-06"]
    assert local_times(doc) == [["09:00", "10:00"], ["08:00", "09:00"]]
    # 3 h 30 min fit neither Monday (a break at noon; 09:00-17:00 would hold it) nor Friday
    none = slots_json(
        str(plan), "--with", "bourges", "--duration", "3h30m", "--from", "2025-06-02", "--days", "5"
    )
    assert none["slots"] == []


def test_a_person_taking_part_from_elsewhere_keeps_their_own_zone_and_country(
    tmp_path: Path,
) -> None:
    text = plan_text(
        """
[people.remote]
name = "Remote colleague"
organization = "bourges"
timezone = "America/New_York"
country = "US"
"""
    )
    plan = write(tmp_path, text)
    # 4 July 2025 is a US holiday (not a French one); 3 July: 09:00 in New York at earliest
    doc = slots_json(
        str(plan), "--with", "remote", "--with", "bourges", "--from", "2025-07-03", "--days", "2"
    )
    assert slot_days(doc) == ["2025-07-03"]
    assert local_times(doc) == [["09:00", "15:00"]]
    assert doc["parties"][0]["timezone"] == "America/New_York"  # type: ignore[index]


def test_a_booking_between_organizations_records_both_and_blocks_its_slot(
    tmp_path: Path,
) -> None:
    # Found by coordinators: with organizations as parties the line named neither side, so
    # the booked meeting blocked nothing and showed one zone.
    plan = write(tmp_path, plan_text())
    args = ["--with", "korosten", "--with", "umb", "--from", "2025-06-02", "--days", "1"]
    doc = slots_json(str(plan), *args, "--count", "1")
    first = doc["slots"][0]  # type: ignore[index]
    words = shlex.split(first["command"])
    assert words[words.index("--host") + 1] == "korosten"
    assert words[words.index("--participants") + 1] == "olena,sam"
    booked = invoke(*words[1:])
    assert booked.exit_code == 0, booked.output  # type: ignore[attr-defined]
    again = slots_json(str(plan), *args, "--count", "1")
    assert local_times(again) != local_times(doc)  # the booked time is taken now
    shown = invoke("show", str(plan), words[3], "--lang", "en")
    assert "Kyiv" in shown.stdout and "New York" in shown.stdout  # type: ignore[attr-defined]


def test_a_subdivision_adds_its_regional_holidays(tmp_path: Path) -> None:
    text = plan_text().replace('city = "Bourges"', 'city = "Metz"\nsubdivision = "57"')
    plan = write(tmp_path, text)
    # 26 December is a day off in Moselle, not in the rest of France
    assert Calendars(None).holiday("FR", None, date(2025, 12, 26)) is None
    doc = slots_json(str(plan), "--with", "bourges", "--from", "2025-12-26", "--days", "1")
    assert doc["slots"] == [] and doc["days_off"][0]["name"] == "Saint Stephen's Day"  # type: ignore[index]


def test_each_slot_carries_a_command_that_books_it(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    args = ["--with", "olena", "--with", "sam", "--from", "2025-06-02", "--days", "3"]
    doc = slots_json(str(plan), *args, "--count", "1")
    command = doc["slots"][0]["command"]  # type: ignore[index]
    words = shlex.split(command)
    assert words[:6] == ["visitplan", "add", "event", "online-2025-06-02", "--plan", str(plan)]
    booked = invoke(*words[1:])
    assert booked.exit_code == 0, booked.output  # type: ignore[attr-defined]
    assert 'added event "online-2025-06-02"' in booked.stdout  # type: ignore[attr-defined]
    text = plan.read_text("utf-8")
    assert 'participants = ["olena", "sam"]' in text
    assert "start = 2025-06-02T16:00:00" in text  # 09:00 in Baltimore, in the plan's zone
    # now booked: the next time is later that day, with an id of its own
    again = slots_json(str(plan), *args, "--count", "1")
    assert local_times(again) == [["17:00", "10:00"]]
    assert "add event online-2025-06-02-2 --plan" in again["slots"][0]["command"]  # type: ignore[index]
    check = invoke("check", str(plan), "--today", "2025-01-01")
    assert check.exit_code == 0, check.output  # type: ignore[attr-defined]


def test_markdown_gives_proposals_for_an_email(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    result = invoke(
        "slots", str(plan), "--with", "korosten", "--with", "bourges",
        "--from", "2025-06-02", "--format", "markdown", "--lang", "fr",
    )  # fmt: skip
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert result.stdout.splitlines()[2:6] == [  # type: ignore[attr-defined]
        "|  | Heure | Korosten | Bourges |",
        "|---|---|---|---|",
        "| Proposition 1 | lundi 2 juin 2025 | 10:00–11:00 | 09:00–10:00 |",
        "| Proposition 2 | mardi 3 juin 2025 | 10:00–11:00 | 09:00–10:00 |",
    ]


def test_the_default_parties_are_those_of_the_next_event(tmp_path: Path) -> None:
    plan = write(
        tmp_path,
        plan_text(
            """
[[events]]
id = "next"
kind = "online-meeting"
title = "Next"
start = 2025-06-20T10:00:00
end = 2025-06-20T11:00:00
participants = ["olena", "sam"]
"""
        ),
    )
    doc = slots_json(str(plan), "--from", "2025-06-02", "--days", "1")
    assert [p["id"] for p in doc["parties"]] == ["korosten", "umb"]  # type: ignore[union-attr,index]
    # after the last event: every organization of the (one) plan
    doc = slots_json(str(plan), "--from", "2025-07-01", "--days", "1")
    assert [p["id"] for p in doc["parties"]] == ["korosten", "bourges", "umb", "gdansk"]  # type: ignore[union-attr,index]


def test_the_range_defaults_to_four_weeks_from_tomorrow(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    doc = slots_json(str(plan), "--with", "bourges", today="2025-06-01")
    assert (doc["from"], doc["to"]) == ("2025-06-02", "2025-06-29")
    assert slot_days(doc) == ["2025-06-02", "2025-06-03", "2025-06-04"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--with", "bourges", "--duration", "90 minutes"], '"90 minutes" is not a duration'),
        (["--with", "bourgse"], 'did you mean "bourges"?'),
        (["--with", "bourges", "--days", "3", "--to", "2025-06-09"], "give --days or --to"),
        (["--with", "bourges", "--count", "0"], "--count must be 1 or more"),
        (["--with", "bourges", "--from", "2025-06-09", "--to", "2025-06-01"], "is before"),
        (["--with", "bourges", "--tz", "Mars/Base"], 'unknown time zone "Mars/Base"'),
        (["--with", "bourges", "--duration", "2d"], "at most 24 hours"),
    ],
)
def test_bad_options_are_usage_errors_and_change_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    plan = write(tmp_path, plan_text())
    before = snapshot(tmp_path)
    result = invoke("slots", str(plan), *args)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert snapshot(tmp_path) == before


def test_slots_as_a_real_process(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    env = dict(
        os.environ,
        VISITPLAN_TODAY="2025-06-01",
        VISITPLAN_CACHE_DIR=str(tmp_path / "cache"),
        LC_ALL="C",
        LANG="C",
    )
    command = [sys.executable, "-m", "visitplan", "slots", str(plan), "--with", "umb"]
    command += ["--with", "korosten", "--duration", "90m", "--from", "2025-07-03", "--days", "2"]
    for _ in range(2):  # the second run reads the holidays from the cache
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "Thursday, 3 July 2025\n  09:00–10:30 Baltimore (UMB) · 16:00–17:30 Korosten" in (
            done.stdout
        )
        assert "Friday, 4 July 2025 — Independence Day (US): Baltimore (UMB)" in done.stdout
    assert list((tmp_path / "cache" / "holidays").glob("*.US.MD.2025.json"))


# --------------------------------------------------------------------------- check


VISIT_14_JULY = """
[[events]]
id = "visit"
kind = "study-visit"
title = "Study visit"
start = 2025-07-12
end = 2025-07-16
host = "bourges"
delegations = []
"""


def check_lines(plan: Path, lang: str | None = None, today: str = "2025-01-01") -> list[str]:
    result = invoke("check", str(plan), "--format", "json", today=today, lang=lang)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    findings = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert isinstance(findings, list)
    return [
        f"{f['line']}:{f['code']}:{f['path']}: {f['message']}"
        for f in findings
        if f["code"] in ("public-holiday", "weekend", "outside-working-hours")
    ]


def test_check_warns_about_a_visit_over_14_july_in_france(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text(VISIT_14_JULY))
    assert check_lines(plan) == [
        "55:public-holiday:events[0].start: Monday, 14 July 2025, day 3 of the visit, is a "
        "public holiday in FR for the host, Bourges: National Day",
        "55:weekend:events[0].start: the visit includes days the host, Bourges, does not work: "
        "Saturday, 12 July 2025, Sunday, 13 July 2025",
    ]
    # the holiday's name in the output language
    assert "Bourges: Fête nationale" in check_lines(plan, lang="fr")[0]
    # warnings, never errors; --strict makes them count
    strict = invoke("check", str(plan), "--strict", today="2025-01-01")
    assert strict.exit_code == 1  # type: ignore[attr-defined]
    # once over, the visit is not warned about any more
    assert check_lines(plan, today="2025-08-01") == []


def test_accept_says_we_know(tmp_path: Path) -> None:
    text = plan_text(VISIT_14_JULY.replace('host = "bourges"', 'host = "bourges"\naccept = ["public-holiday", "weekend"]'))  # fmt: skip
    plan = write(tmp_path, text)
    assert check_lines(plan) == []
    result = invoke("check", str(plan), "--strict", today="2025-01-01")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_check_warns_about_a_polish_host_on_3_may(tmp_path: Path) -> None:
    plan = write(
        tmp_path,
        plan_text(
            """
[[events]]
id = "visit"
kind = "study-visit"
title = "Visit to Gdańsk"
start = 2027-05-03
end = 2027-05-04
host = "gdansk"
"""
        ),
    )
    lines = check_lines(plan)
    assert len(lines) == 1
    assert "Monday, 3 May 2027, day 1 of the visit, is a public holiday in PL" in lines[0]
    assert lines[0].endswith("National Day of the Third of May")
    assert "Święto Narodowe Trzeciego Maja" not in lines[0]
    assert "Національне свято Третього Травня" in check_lines(plan, lang="uk")[0]


def test_check_warns_about_a_meeting_before_baltimore_works(tmp_path: Path) -> None:
    plan = write(
        tmp_path,
        plan_text(
            """
[[events]]
id = "early"
kind = "online-meeting"
title = "Early call"
start = 2025-06-03T15:00:00
end = 2025-06-03T16:00:00
participants = ["olena", "sam"]

[[events]]
id = "fine"
kind = "online-meeting"
title = "Call at 09:00 in Baltimore"
start = 2025-06-04T16:00:00
end = 2025-06-04T17:00:00
participants = ["olena", "sam"]

[[events]]
id = "sunday"
kind = "online-meeting"
title = "Sunday call"
start = 2025-06-08T16:00:00
end = 2025-06-08T17:00:00
participants = ["olena"]

[[events]]
id = "cancelled"
kind = "online-meeting"
title = "Cancelled"
status = "cancelled"
start = 2025-06-08T16:00:00
end = 2025-06-08T17:00:00
participants = ["olena"]
"""
        ),
    )
    assert check_lines(plan) == [
        "55:outside-working-hours:events[0].start: 08:00–09:00 in Baltimore is before UMB's "
        "working hours (09:00–18:00)",
        "71:weekend:events[2].start: Sunday, 8 June 2025 is not a working day for Korosten "
        "(working hours: mon 09:00–18:00, tue 09:00–18:00, wed 09:00–18:00, thu 09:00–18:00, "
        "fri 09:00–18:00)",
    ]


def test_an_unknown_subdivision_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text().replace('city = "Bourges"', 'subdivision = "6EA"'))
    result = invoke("check", str(plan), today="2025-01-01")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert (
        'organizations.bourges.subdivision: "6EA" is not a subdivision of FR in the holiday data'
        in result.stdout  # type: ignore[attr-defined]
    )
    assert 'did you mean "6AE"?' in result.stdout  # type: ignore[attr-defined]
    plan.write_text(plan_text().replace('city = "Bourges"', 'subdivision = "Alsace"'), "utf-8")
    assert "subdivision" not in invoke("check", str(plan)).stdout  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- agenda, show


def test_agenda_and_show_mark_a_public_holiday(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text(VISIT_14_JULY))
    text = invoke("agenda", str(plan), "--all", "--lang", "fr").stdout  # type: ignore[attr-defined]
    assert "lundi 14 juillet 2025 — Fête nationale (FR)\n" in text
    assert "dimanche 13 juillet 2025\n" in text  # no mark on another day
    markdown = invoke("agenda", str(plan), "--all", "--format", "markdown").stdout  # type: ignore[attr-defined]
    assert "### Monday, 14 July 2025 — National Day (FR)\n" in markdown
    document = json.loads(invoke("agenda", str(plan), "--all", "--format", "json").stdout)  # type: ignore[attr-defined]
    days = {day["date"]: day for day in document["days"]}
    assert days["2025-07-14"]["holidays"] == [{"country": "FR", "name": "National Day"}]
    assert "holidays" not in days["2025-07-13"]
    shown = invoke("show", str(plan), "visit", "--lang", "uk").stdout  # type: ignore[attr-defined]
    assert "Державні свята: понеділок, 14 липня 2025 — Національне свято (FR)" in shown
    show_json = json.loads(invoke("show", str(plan), "visit", "--format", "json").stdout)  # type: ignore[attr-defined]
    assert show_json["holidays"] == [
        {"date": "2025-07-14", "country": "FR", "name": "National Day"}
    ]


def test_holiday_names_do_not_follow_the_machine_locale(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text(VISIT_14_JULY))
    env = dict(os.environ, LC_ALL="fr_FR.UTF-8", LANG="fr_FR.UTF-8", LANGUAGE="fr")
    env.update(VISITPLAN_CACHE_DIR="off", VISITPLAN_TODAY="2025-01-01")
    env.pop("VISITPLAN_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "agenda", str(plan), "--all", "--lang", "en"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Monday, 14 July 2025 — National Day (FR)" in done.stdout


# --------------------------------------------------------------------------- speed, model


def test_a_warm_agenda_imports_neither_holidays_nor_the_loader(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text(VISIT_14_JULY))
    code = (
        "import sys\n"
        "from visitplan.cli import app\n"
        "try:\n"
        f"    app(['agenda', '--all', {str(plan)!r}], prog_name='visitplan')\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('holidays', 'visitplan.plan.loading', 'visitplan.plan.checking', "
        "'visitplan.plan.calendar_rules')\n"
        "print('LOADED', sorted(m for m in sys.modules if m in names))\n"
    )
    env = dict(
        os.environ, VISITPLAN_CACHE_DIR=str(tmp_path / "cache"), VISITPLAN_TODAY="2025-01-01"
    )
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "Fête nationale (FR)" in first.stdout or "National Day (FR)" in first.stdout
    assert "'holidays'" in first.stdout  # the first run computes and caches them
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "National Day (FR)" in second.stdout
    assert "LOADED []" in second.stdout, second.stdout[-400:]


def test_views_loading_plans_do_no_holiday_work(tmp_path: Path) -> None:
    # the view path (plans._load: check_plan with errors only) never looks at holidays
    plan = write(tmp_path, plan_text(VISIT_14_JULY))
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from visitplan.workspace.plans import load_valid_plans\n"
        f"load_valid_plans([Path({str(plan)!r})], date(2025, 1, 1), None)\n"
        "print('LOADED', sorted(m for m in sys.modules if m in ('holidays', "
        "'visitplan.plan.holidays_data', 'visitplan.plan.calendar_rules')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "LOADED []" in done.stdout, done.stdout


def test_the_new_keys_leave_the_fingerprinted_reprs_as_they_were(tmp_path: Path) -> None:
    # Export fingerprints are digests of these reprs (model.py): what main produced.
    org = Organization("bourges", Text(plain="Bourges"), "B", "FR", None, None, None)
    assert repr(org) == (
        "Organization(id='bourges', name=Text(plain='Bourges', translations=()), short='B', "
        "country='FR', city=None, timezone=None, url=None)"
    )
    person = Person("sam", Text(plain="Sam"), "umb", None, "sam@example.org", None, ("en",))
    assert repr(person) == (
        "Person(id='sam', name=Text(plain='Sam', translations=()), organization='umb', "
        "role=None, email='sam@example.org', phone=None, languages=('en',))"
    )
    # and a plan with the new keys has the reprs of the same plan without them
    plain = plan_text(VISIT_14_JULY)
    extended = (
        plain.replace('city = "Bourges"', 'city = "Bourges"\nsubdivision = "57"\nworking_hours = "08:00-17:00"')
        .replace('email = "sam@example.org"', 'email = "sam@example.org"\ntimezone = "Europe/Paris"\ncountry = "FR"')
        .replace('host = "bourges"', 'host = "bourges"\naccept = ["weekend"]')
    )  # fmt: skip
    a, b = load_plan_text(plain, "p.toml").plan, load_plan_text(extended, "p.toml").plan
    assert a is not None and b is not None
    assert b.organizations["bourges"].subdivision == "57"
    assert b.people["sam"].country == "FR" and b.events[0].accept == ("weekend",)
    assert repr(a.organizations) == repr(b.organizations)
    assert repr(a.people) == repr(b.people)
    assert repr(a.events) == repr(b.events)
    event = Event("e", "meeting", Text(plain="E"), When(a.events[0].when.start, None))
    assert "accept" not in repr(event)


def test_tz_adds_columns_to_each_slot(tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    doc = slots_json(
        str(plan), "--with", "korosten", "--tz", "Asia/Tbilisi", "--from", "2025-06-02",
        "--days", "1",
    )  # fmt: skip
    (slot,) = doc["slots"]  # type: ignore[misc]
    assert [(t["zone"], t["start"][11:16]) for t in slot["times"]] == [
        ("Europe/Kyiv", "09:00"),
        ("Asia/Tbilisi", "10:00"),
    ]


def test_the_holiday_cache_is_keyed_by_release_and_survives_damage(tmp_path: Path) -> None:
    import holidays

    first = Calendars(tmp_path).holiday("FR", None, date(2025, 7, 14))
    (entry,) = (tmp_path / "holidays").glob("*.json")
    assert entry.name == f"{holidays.__version__.replace('.', '_')}.FR.-.2025.json"
    assert first is not None and first.name("fr") == "Fête nationale"
    # read back from the file (a new process would), then from a damaged file: a miss
    again = Calendars(tmp_path).holiday("FR", None, date(2025, 7, 14))
    assert again == first
    entry.write_text("{not json", encoding="utf-8")
    repaired = Calendars(tmp_path).holiday("FR", None, date(2025, 7, 14))
    assert repaired == first
    assert json.loads(entry.read_text("utf-8"))["days"][0][0] == "2025-01-01"
