"""Exported .ics files against golden files, compared after normalising what may change
between versions without changing meaning (PRODID's version). The export instant is fixed
with SOURCE_DATE_EPOCH. Regenerate with `UPDATE_GOLDEN=1 .venv/bin/pytest
tests/output/test_golden_ics.py` and review the diff."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TESTS, assert_golden
from visitplan.cli import app

HERE = TESTS
GOLDEN = HERE / "golden" / "ics"
CASES = {
    "korosten-bourges": (HERE.parent / "plans" / "korosten-bourges.toml", []),
    "korosten-bourges-en-request": (
        HERE.parent / "plans" / "korosten-bourges.toml",
        ["--lang", "en", "--method", "request", "--event", "online-2024-05-28"],
    ),
    "dst-partners-todos-alarm": (
        HERE / "plans" / "dst-partners.toml",
        ["--todos", "--alarm", "1d"],
    ),
}


def normalise(data: bytes) -> str:
    text = data.decode("utf-8")
    return re.sub(
        r"PRODID:-//visitplan//visitplan [^/]+//EN", "PRODID:-//visitplan//visitplan X//EN", text
    )


@pytest.mark.parametrize("case", list(CASES))
def test_ics_matches_golden(case: str, tmp_path: Path) -> None:
    source, args = CASES[case]
    plan = tmp_path / source.name
    shutil.copy(source, plan)
    result = CliRunner().invoke(
        app, ["export", str(plan), "-o", "-", *args], env={"SOURCE_DATE_EPOCH": "1780000000"}
    )
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{case}.ics"
    assert_golden(golden, result.stdout_bytes, normalise)
