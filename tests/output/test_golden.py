"""`visitplan check` output on a plan with a mistake of each kind, against golden files.

Regenerate after an intended change with `UPDATE_GOLDEN=1 make test`, then review the diff.
"""

from __future__ import annotations

import pytest

from conftest import TESTS, Run, assert_golden

HERE = TESTS
GOLDEN = HERE / "golden"


@pytest.mark.parametrize(("output", "suffix"), [("text", "txt"), ("json", "json")])
def test_check_output_matches_golden(
    run: Run, monkeypatch: pytest.MonkeyPatch, output: str, suffix: str
) -> None:
    monkeypatch.chdir(HERE)
    result = run("check", "plans/broken-visit.toml", "--format", output)
    assert result.exit_code == 1
    golden = GOLDEN / f"check-broken-visit.{suffix}"
    assert_golden(golden, result.stdout)
