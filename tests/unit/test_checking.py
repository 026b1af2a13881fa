from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, TODAY, Run
from visitplan.plan.loading import load_plan_text
from visitplan.workspace.checking import CheckReport, check_paths, check_results

Write = Callable[..., Path]


def check_text(text: str, today: date = TODAY, strict: bool = False) -> CheckReport:
    return check_results([load_plan_text(text, "p.toml")], today, strict)


def found(report: CheckReport) -> list[tuple[str, str, str]]:
    return [(f.severity.value, f.code, f.path) for f in report.findings]


def by_path(report: CheckReport, path: str) -> str:
    matches = [f.render() for f in report.findings if f.path == path]
    assert len(matches) == 1, [f.render() for f in report.findings]
    return matches[0]


def test_the_example_and_templates_pass_strict() -> None:
    report = check_paths([ROOT / "plans", ROOT / "templates"], date(2026, 11, 28), strict=True)
    assert report.findings == ()
    assert report.plans == 3


def test_the_minimal_plan_is_clean() -> None:
    assert found(check_text(MINIMAL)) == []


def test_references_that_do_not_resolve_suggest_the_near_miss() -> None:
    text = MINIMAL.replace(
        'participants = ["chyzhevska", "bonduelle"]', 'participants = ["chyzhevska", "bonduele"]'
    )
    report = check_text(text)
    assert found(report) == [("error", "unknown-reference", "events[0].participants[1]")]
    assert by_path(report, "events[0].participants[1]").endswith(
        '"bonduele" is not a person in this plan — did you mean "bonduelle"?'
    )


def test_references_far_from_anything_say_how_to_define_them() -> None:
    report = check_text(MINIMAL + '\n[[actions]]\nid = "a"\ntitle = "A"\nowner = "giz"\n')
    assert "define it as [organizations.giz] or [people.giz]" in by_path(report, "actions[0].owner")


def test_the_program_must_lie_inside_its_event() -> None:
    text = MINIMAL.replace(
        "  start = 11:00:00\n  end = 11:15:00", "  start = 09:00:00\n  end = 09:30:00"
    )
    report = check_text(text)
    line = by_path(report, "events[0].program[0].start")
    assert line == (
        "p.toml:39: error: events[0].program[0].start: 2024-05-28T09:00 is before the event "
        "starts (11:00) — move it inside the event or change the event's start"
    )
    text = MINIMAL.replace("  end = 11:15:00", "  end = 13:00:00")
    assert "13:00 is after the event ends (12:30)" in by_path(
        check_text(text), "events[0].program[0].end"
    )


def test_end_must_be_after_start() -> None:
    text = MINIMAL.replace("end = 2024-05-28T12:30:00", "end = 2024-05-28T11:00:00")
    assert "end 2024-05-28T11:00 is not after start 2024-05-28T11:00" in by_path(
        check_text(text), "events[0].end"
    )
    text = MINIMAL.replace(
        "start = 2024-05-28T11:00:00\nend = 2024-05-28T12:30:00",
        "start = 2023-07-05\nend = 2023-07-01",
    ).replace("  start = 11:00:00\n  end = 11:15:00\n", "  start = 2023-07-02T10:00:00\n")
    assert "end date 2023-07-01 is before the start date 2023-07-05" in by_path(
        check_text(text), "events[0].end"
    )


def test_program_items_out_of_order_are_a_warning() -> None:
    text = MINIMAL + '\n  [[events.program]]\n  title = "Earlier"\n  start = 11:05:00\n'
    text = text.replace(
        "  start = 11:00:00\n  end = 11:15:00", "  start = 11:10:00\n  end = 11:15:00"
    )
    assert found(check_text(text)) == [("warning", "program-order", "events[0].program[1].start")]


def test_overdue_open_actions_are_warnings_as_of_today() -> None:
    text = MINIMAL + '\n[[actions]]\nid = "a"\ntitle = "A"\ndue = 2024-05-30\n'
    assert found(check_text(text, today=date(2024, 5, 30))) == []
    report = check_text(text, today=date(2024, 6, 1))
    assert "past its due date (2024-05-30, 2 days ago)" in by_path(report, "actions[0].due")
    assert found(check_text(text.replace("due = ", 'status = "done"\ndue = '))) == []


def test_strict_turns_warnings_into_errors() -> None:
    text = MINIMAL.replace('title = "Réunion"', 'title = "Réunion"\ncolour = "blue"')
    assert found(check_text(text)) == [("warning", "unknown-key", "events[0].colour")]
    assert found(check_text(text, strict=True)) == [("error", "unknown-key", "events[0].colour")]


def test_an_id_both_organization_and_person_is_an_error() -> None:
    text = MINIMAL + '\n[people.korosten]\nname = "Someone"\n'
    assert ("error", "ambiguous-id", "people.korosten") in found(check_text(text))


def test_a_person_in_two_overlapping_events_of_two_plans_is_warned(write_plan: Write) -> None:
    write_plan(MINIMAL, "plans/a.toml")
    other = (
        MINIMAL.replace('id = "twin"', 'id = "other"')
        .replace('id = "meeting"', 'id = "visit"')
        .replace("[people.chyzhevska]", "[people.natalia]")
        .replace('["chyzhevska", "bonduelle"]', '["natalia"]')
        .replace('speakers = ["chyzhevska"]', "")
        # 10:00–11:00 in Paris is 11:00–12:00 in Kyiv: it overlaps 11:00–12:30 Kyiv
        .replace(
            "start = 2024-05-28T11:00:00\nend = 2024-05-28T12:30:00",
            'start = 2024-05-28T10:00:00\nend = 2024-05-28T11:00:00\ntimezone = "Europe/Paris"',
        )
        .replace("  start = 11:00:00\n  end = 11:15:00", "  start = 10:00:00\n  end = 10:15:00")
    )
    path = write_plan(other, "plans/b.toml")
    report = check_paths([path.parent], TODAY)
    assert found(report) == [("warning", "double-booked", "events[0]")]
    finding = report.findings[0]
    # Same person by email, under another id in another plan. The booking that starts
    # first (b, 10:00 Paris = 11:00 Kyiv, ending earlier) is named in a's warning.
    assert finding.file.endswith("plans/a.toml") and finding.line == 29
    assert "Наталія Чижевська (chyzhevska) is also in events[0] in " in finding.message
    assert 'plans/b.toml "Réunion" (2024-05-28T10:00–11:00 Europe/Paris)' in finding.message


def test_cancelled_events_and_back_to_back_events_are_not_double_bookings() -> None:
    second = (
        '\n[[events]]\nid = "later"\nkind = "meeting"\ntitle = "Later"\n'
        'start = 2024-05-28T12:30:00\nend = 2024-05-28T13:00:00\nparticipants = ["bonduelle"]\n'
    )
    assert found(check_text(MINIMAL + second)) == []
    overlapping = second.replace("T12:30:00", "T12:00:00")
    assert found(check_text(MINIMAL + overlapping)) == [("warning", "double-booked", "events[1]")]
    cancelled = overlapping + 'status = "cancelled"\n'
    assert found(check_text(MINIMAL + cancelled)) == []


@pytest.mark.parametrize("twice", [False, True])
def test_duplicate_plan_ids(write_plan: Write, twice: bool) -> None:
    first = write_plan(MINIMAL, "plans/a.toml")
    text = MINIMAL if twice else MINIMAL.replace('id = "twin"', 'id = "twin-2"')
    text = text.replace("chyzhevska@", "x@").replace("bonduelle@", "y@")
    write_plan(text, "plans/b.toml")
    report = check_paths([first.parent], TODAY)
    if twice:
        assert found(report) == [("error", "duplicate-plan-id", "id")]
        assert "also the id of " in report.findings[0].message
        assert report.findings[0].file.endswith("plans/b.toml")
        assert report.findings[0].line == 2
    else:
        assert found(report) == []


def test_the_example_broken_in_each_way_reports_the_kind_of_message() -> None:
    source = EXAMPLE.read_text(encoding="utf-8")
    cases = {
        'timezone = "Europe/Kyiv"\nlanguages': (
            'timezone = "Europe/Kyv"\nlanguages',
            "unknown-timezone",
        ),
        'organizer = "damentsova"': ('organizer = "damentsowa"', "unknown-reference"),
        "start = 11:00:00\n  end = 11:10:00": (
            "start = 10:00:00\n  end = 11:10:00",
            "outside-event",
        ),
        "start = 2024-10-14": ("start = 2024-10-14T10:00:00", "wrong-type"),
        'id = "culture"': ('id = "Culture"', "bad-id"),
    }
    for original, (broken, code) in cases.items():
        assert original in source, original
        report = check_text(source.replace(original, broken, 1))
        assert code in {f.code for f in report.findings if f.is_error}, (code, found(report))


def test_a_text_in_a_language_the_plan_does_not_list_is_a_warning(
    write_plan: Callable[..., Path], run: Run
) -> None:
    # `--title ua=…` (the country code of Ukraine) was taken without a word.
    plan = write_plan(
        MINIMAL.replace('title = "Réunion"', 'title.uk = "Зустріч"\ntitle.ua = "Тест"')
    )
    result = run("check", plan, "--format", "json")
    findings = [f for f in json.loads(result.stdout) if f["code"] == "other-language"]
    assert [(f["path"], f["severity"]) for f in findings] == [("events[0].title.ua", "warning")]
    assert "not one of the plan's languages (uk, fr, en)" in findings[0]["message"]
    assert findings[0]["hint"].startswith("did you mean title.uk?")
    assert findings[0]["line"] is not None
    assert run("check", plan).exit_code == 0
    assert run("check", "--strict", plan).exit_code == 1
