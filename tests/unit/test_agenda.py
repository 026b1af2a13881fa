from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import EXAMPLE, ROOT
from visitplan.errors import UsageError
from visitplan.plan.loading import load_plan_file
from visitplan.plan.model import Plan
from visitplan.views.agenda import (
    Column,
    Filters,
    Span,
    Window,
    build_agenda,
    default_columns,
    make_window,
)

DST = ROOT / "tests" / "plans" / "dst-partners.toml"
KYIV, PARIS, NEW_YORK = (
    ZoneInfo("Europe/Kyiv"),
    ZoneInfo("Europe/Paris"),
    ZoneInfo("America/New_York"),
)
TODAY = date(2024, 6, 1)


def plan_of(path: Path) -> Plan:
    result = load_plan_file(path)
    assert result.ok and result.plan is not None
    return result.plan


@pytest.fixture(scope="module")
def example() -> Plan:
    return plan_of(EXAMPLE)


@pytest.fixture(scope="module")
def dst() -> Plan:
    return plan_of(DST)


def test_the_default_window_starts_today() -> None:
    assert make_window(TODAY) == Window(TODAY, None)
    assert make_window(TODAY, days=7) == Window(TODAY, date(2024, 6, 7))
    assert make_window(TODAY, start=date(2024, 5, 1), days=31) == Window(
        date(2024, 5, 1), date(2024, 5, 31)
    )
    assert make_window(TODAY, end=date(2024, 6, 30)) == Window(TODAY, date(2024, 6, 30))
    assert make_window(TODAY, everything=True) == Window(None, None)
    assert make_window(TODAY, past=True) == Window(None, date(2024, 5, 31))


@pytest.mark.parametrize(
    "options",
    [
        {"everything": True, "start": date(2024, 1, 1)},
        {"past": True, "days": 3},
        {"days": 3, "end": date(2024, 7, 1)},
        {"days": 0},
        {"end": date(2024, 5, 1)},
    ],
)
def test_contradicting_window_options_are_usage_errors(options: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        make_window(TODAY, **options)  # type: ignore[arg-type]


def test_default_columns_are_the_event_zone_then_the_partners_without_repeats(
    example: Plan,
) -> None:
    meeting = example.event("online-2024-05-28")
    assert meeting is not None
    columns = default_columns(example, meeting, "en")
    # CEMR sits in Brussels, which keeps Paris time: it adds no column
    assert [(c.zone.key, c.label) for c in columns] == [
        ("Europe/Kyiv", "Kyiv"),
        ("Europe/Paris", "Paris"),
    ]
    visit = example.event("study-visit-2023")
    assert visit is not None
    assert [c.label for c in default_columns(example, visit, "uk")] == ["Париж", "Київ"]


def test_default_columns_stop_at_three(dst: Plan) -> None:
    call = dst.event("call-2025-03-11")
    assert call is not None
    assert [c.zone.key for c in default_columns(dst, call, "en")] == [
        "Europe/Kyiv",
        "America/New_York",
    ]
    first = dst.event("call-2025-03-04")
    assert first is not None
    keys = [c.zone.key for c in default_columns(dst, first, "en")]
    assert keys == ["Europe/Kyiv", "America/New_York", "Europe/Brussels"]
    assert len(default_columns(dst, first, "en", limit=2)) == 2


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            datetime(2024, 5, 28, 11, tzinfo=KYIV),
            datetime(2024, 5, 28, 12, 30, tzinfo=KYIV),
            "11:00–12:30",
        ),
        (
            datetime(2025, 4, 2, 0, 30, tzinfo=KYIV),
            datetime(2025, 4, 2, 1, 30, tzinfo=KYIV),
            "00:30–01:30 (+1)",
        ),
        (
            datetime(2025, 4, 1, 23, tzinfo=KYIV),
            datetime(2025, 4, 2, 1, tzinfo=KYIV),
            "23:00–01:00 (+1)",
        ),
        (
            datetime(2025, 3, 31, 23, tzinfo=KYIV),
            datetime(2025, 4, 1, 1, tzinfo=KYIV),
            "23:00 (−1)–01:00",
        ),
        (datetime(2025, 4, 1, 9, tzinfo=KYIV), None, "09:00"),
    ],
)
def test_a_time_on_another_date_says_so(
    start: datetime, end: datetime | None, expected: str
) -> None:
    assert (
        Span(Column(KYIV, "Kyiv"), start, end).text(
            date(2025, 4, 1) if start.year == 2025 else date(2024, 5, 28)
        )
        == expected
    )


def test_a_multi_day_visit_shows_its_program_day_by_day(example: Plan) -> None:
    agenda = build_agenda([example], Window(), Filters(event="study-visit-2023"), lang="en")
    rows = agenda.rows
    assert [(r.day, r.day_number, r.day_count) for r in rows] == [
        (date(2023, 7, d), d, 5) for d in range(1, 6)
    ]
    assert [[p.item.id for p in r.program] for r in rows] == [
        ["arrival"],
        ["city-heritage"],
        ["water-station", "water-service"],
        ["schools", "reception"],
        ["debrief"],
    ]
    assert all(r.times == () for r in rows)  # all day
    water = rows[2].program[0]
    assert [(s.column.label, s.text(rows[2].day)) for s in water.times] == [
        ("Paris", "10:00–12:00"),
        ("Kyiv", "11:00–13:00"),
    ]


def test_the_window_cuts_a_visit_to_the_days_inside_it(example: Plan) -> None:
    agenda = build_agenda([example], Window(date(2023, 7, 4), date(2023, 7, 10)), lang="en")
    assert [(r.event.id, r.day_number) for r in agenda.rows] == [
        ("study-visit-2023", 4),
        ("study-visit-2023", 5),
    ]


def test_the_meeting_of_28_may_in_kyiv_and_paris(example: Plan) -> None:
    agenda = build_agenda([example], Window(date(2024, 5, 28), date(2024, 5, 28)), lang="en")
    (row,) = agenda.rows
    assert [s.text(row.day) + " " + s.column.label for s in row.times] == [
        "11:00–12:30 Kyiv",
        "10:00–11:30 Paris",
    ]
    assert len(row.program) == 7
    assert row.program[0].times[0].start.astimezone(UTC) == datetime(2024, 5, 28, 8, tzinfo=UTC)


def test_rows_are_in_time_order_across_plans(example: Plan, dst: Plan) -> None:
    agenda = build_agenda([dst, example], Window(), lang="en")
    starts = [r.event.when.start.astimezone(UTC) if r.times else None for r in agenda.rows]
    timed = [s for s in starts if s is not None]
    assert timed == sorted(timed)
    assert [d.day for d in agenda.days] == sorted(d.day for d in agenda.days)


@pytest.mark.parametrize(
    ("filters", "events"),
    [
        (
            Filters(person="miller"),
            ["call-2025-03-04", "call-2025-03-11", "call-2025-03-18", "late-call", "visit-2025"],
        ),
        (Filters(person="dubois"), ["call-2025-03-04"]),
        (Filters(delegation="kyiv-2025"), ["visit-2025"]),
        (Filters(org="cemr"), ["call-2025-03-04"]),
        (Filters(kind="study-visit"), ["visit-2025"]),
        (Filters(status="cancelled"), ["call-2025-03-18"]),
        (Filters(status="tentative"), ["late-call"]),
        (Filters(topic="resilience"), ["call-2025-03-04", "visit-2025"]),
        (Filters(event="late-call"), ["late-call"]),
    ],
)
def test_filters(dst: Plan, filters: Filters, events: list[str]) -> None:
    agenda = build_agenda([dst], Window(), filters, lang="en")
    assert list(dict.fromkeys(r.event.id for r in agenda.rows)) == events


def test_a_filter_naming_nothing_is_a_usage_error_with_a_suggestion(dst: Plan) -> None:
    with pytest.raises(UsageError) as caught:
        Filters(person="miler").check([dst])
    assert caught.value.hint == 'did you mean "miller"?'


def test_the_change_of_difference_between_new_york_and_kyiv_is_noted(dst: Plan) -> None:
    agenda = build_agenda(
        [dst], Window(date(2025, 3, 1), date(2025, 4, 30)), zones=[NEW_YORK, KYIV], lang="en"
    )
    changes = [(c.day, c.before, c.after) for c in agenda.changes]
    assert changes == [
        (date(2025, 3, 9), timedelta(hours=-7), timedelta(hours=-6)),
        (date(2025, 3, 30), timedelta(hours=-6), timedelta(hours=-7)),
    ]
    late = next(r for r in agenda.rows if r.event.id == "late-call")
    assert [s.text(late.day) for s in late.times] == ["17:30–18:30", "00:30–01:30 (+1)"]


def test_no_change_is_noted_when_the_difference_holds(example: Plan) -> None:
    agenda = build_agenda([example], Window(), zones=[KYIV, PARIS], lang="en")
    assert agenda.changes == ()


def test_a_visit_across_the_autumn_clock_change_keeps_wall_times(dst: Plan) -> None:
    agenda = build_agenda([dst], Window(date(2025, 10, 26), date(2025, 10, 26)), lang="en")
    (row,) = agenda.rows
    (item,) = row.program
    kyiv, new_york = item.times
    assert kyiv.text(row.day) == "10:00–12:00"
    # 26 October: Kyiv is back on UTC+2 and New York still on UTC-4: 6 h apart
    assert new_york.text(row.day) == "04:00–06:00"
