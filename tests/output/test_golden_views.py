"""Every view in text, markdown and JSON against golden files: the example plan (two zones,
three languages, a multi-day visit) and a Kyiv–New York plan across the 2025 clock changes.

Regenerate after an intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest
tests/output/test_golden_views.py`, then review the diff.
"""

from __future__ import annotations

import json

import pytest

from conftest import TESTS, Run, assert_golden

HERE = TESTS
GOLDEN = HERE / "golden" / "views"
EXAMPLE = "../plans/korosten-bourges.toml"
DST = "plans/dst-partners.toml"

CASES: dict[str, list[str]] = {
    "agenda-all": ["agenda", EXAMPLE, "--all"],
    "agenda-all-en": ["agenda", EXAMPLE, "--all", "--lang", "en"],
    "agenda-may-fr": [
        "agenda",
        EXAMPLE,
        "--from",
        "2024-05-01",
        "--days",
        "31",
        "--lang",
        "fr",
        "--who",
    ],
    "agenda-dst-tz": ["agenda", DST, "--all", "--tz", "America/New_York", "--tz", "Europe/Kyiv"],
    "agenda-dst-uk": ["agenda", DST, "--from", "2025-10-01", "--lang", "uk"],
    "agenda-today": ["agenda", DST],
    "show-meeting": ["show", EXAMPLE, "online-2024-05-28", "--lang", "en"],
    "show-visit-uk": ["show", EXAMPLE, "study-visit-2023"],
    "show-late-call": ["show", DST, "late-call"],
    "topics": ["topics", EXAMPLE, DST, "--lang", "en"],
    "actions": ["actions", EXAMPLE, DST, "--lang", "fr", "--today", "2025-03-20"],
    "people": ["people", EXAMPLE, "--lang", "en"],
    "people-delegation-uk": ["people", EXAMPLE, "--delegation", "korosten-2023"],
}
FORMATS = {"text": "txt", "markdown": "md", "json": "json"}


@pytest.mark.parametrize("output", list(FORMATS))
@pytest.mark.parametrize("case", list(CASES))
def test_view_matches_golden(
    run: Run, monkeypatch: pytest.MonkeyPatch, case: str, output: str
) -> None:
    monkeypatch.chdir(HERE)
    result = run(*CASES[case], "--format", output)
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    if output == "json":
        json.loads(result.stdout)
    if output == "text":
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        assert all(line == line.rstrip() for line in result.stdout.splitlines())
    golden = GOLDEN / f"{case}.{FORMATS[output]}"
    assert_golden(golden, result.stdout)


def test_people_csv_matches_golden(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    result = run("people", EXAMPLE, "--format", "csv")
    assert result.exit_code == 0
    golden = GOLDEN / "people.csv"
    assert_golden(golden, result.stdout_bytes)
