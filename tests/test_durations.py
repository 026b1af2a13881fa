"""One duration grammar (#16): a length (`export --alarm`, `slots --duration`) and a
shift (`move --by`) are read by one parser, with the same units in the same order;
only a shift takes a sign. Each keeps its own message."""

from __future__ import annotations

import shutil
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT, snapshot
from visitplan.cli import app
from visitplan.errors import UsageError
from visitplan.plan.durations import parse_duration, parse_shift

STUDY = ROOT / "templates" / "study-visit.toml"
ONLINE = ROOT / "templates" / "online-meeting.toml"

BOTH = {
    "30m": timedelta(minutes=30),
    "2h": timedelta(hours=2),
    "1d": timedelta(days=1),
    "1w": timedelta(weeks=1),
    "1h30m": timedelta(hours=1, minutes=30),
    "1d2h": timedelta(days=1, hours=2),
    "1w2d3h4m": timedelta(weeks=1, days=2, hours=3, minutes=4),
    " 7d ": timedelta(days=7),
    "1h 30m": timedelta(hours=1, minutes=30),  # a length took spaces; now a shift does too
    "0m": timedelta(0),
}


@pytest.mark.parametrize("text", list(BOTH))
def test_a_length_and_a_shift_read_the_same_units(text: str) -> None:
    assert parse_duration(text) == BOTH[text]
    assert parse_shift(text) == BOTH[text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-1w", -timedelta(weeks=1)),
        ("+2h", timedelta(hours=2)),
        ("- 1d2h", -timedelta(days=1, hours=2)),
    ],
)
def test_only_a_shift_takes_a_sign(text: str, expected: timedelta) -> None:
    assert parse_shift(text) == expected
    with pytest.raises(UsageError) as length:
        parse_duration(text)
    assert length.value.message == f'"{text}" is not a duration'


@pytest.mark.parametrize("text", ["", "  ", "-", "90 minutes", "2x", "1m1h", "1h1h", "7 d", "1.5h"])
def test_what_is_not_a_duration_fails_in_both_with_each_ones_message(text: str) -> None:
    with pytest.raises(UsageError) as length:
        parse_duration(text, "how long the meeting lasts")
    assert length.value.message == f'"{text}" is not a duration'
    assert length.value.hint == "write it like 30m, 2h, 1d or 1h30m (how long the meeting lasts)"
    with pytest.raises(UsageError) as shift:
        parse_shift(text)
    assert shift.value.message == f'"{text}" is not a shift'
    assert shift.value.hint == "write it like 7d, -1w, 2h or 1d2h"


@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 600),
    st.sampled_from(["", "+", "-"]),
    st.sampled_from(["", " "]),
)
def test_every_combination_reads_back(
    weeks: int, days: int, hours: int, minutes: int, sign: str, space: str
) -> None:
    units = [(weeks, "w"), (days, "d"), (hours, "h"), (minutes, "m")]
    text = space.join(f"{n}{unit}" for n, unit in units if n) or "0m"
    length = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    assert parse_duration(text) == length
    assert parse_shift(sign + text) == (-length if sign == "-" else length)


def test_move_by_takes_a_shift_with_spaces(tmp_path: Path) -> None:
    plan = tmp_path / ONLINE.name
    shutil.copy(ONLINE, plan)
    event = tomllib.loads(plan.read_text("utf-8"))["events"][0]
    result = CliRunner().invoke(
        app,
        ["move", str(plan), event["id"], "--by", "-1d 2h"],
        env={"VISITPLAN_TODAY": "2025-01-01"},
    )
    assert result.exit_code == 0, result.output
    moved = tomllib.loads(plan.read_text("utf-8"))["events"][0]
    assert moved["start"] == event["start"] - timedelta(days=1, hours=2)


@pytest.mark.parametrize(
    ("by", "message"), [("1d2x", '"1d2x" is not a shift'), ("1h1h", '"1h1h" is not a shift')]
)
def test_move_by_a_wrong_shift_fails_cleanly_and_changes_nothing(
    tmp_path: Path, by: str, message: str
) -> None:
    plan = tmp_path / STUDY.name
    shutil.copy(STUDY, plan)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(
        app, ["move", str(plan), "visit", "--by", by], env={"VISITPLAN_TODAY": "2025-01-01"}
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "write it like 7d, -1w, 2h or 1d2h" in result.output
    assert snapshot(tmp_path) == before


def test_an_alarm_with_a_sign_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["export", str(ONLINE), "--alarm", "-30m", "-o", str(tmp_path / "out.ics")],
        env={"VISITPLAN_TODAY": "2025-01-01"},
    )
    assert result.exit_code == 2, result.output
    assert '"-30m" is not a duration' in result.output
    assert not (tmp_path / "out.ics").exists()
