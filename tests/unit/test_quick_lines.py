"""The quick line lookup gives the full scanner's answer wherever it gives one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT
from visitplan.plan.locate import QuickLines, find_line, locate_keys

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import plan as synthetic_plan

FILES = sorted(
    [*ROOT.glob("plans/*.toml"), *ROOT.glob("templates/*.toml"), *ROOT.glob("tests/plans/*.toml"),
     *ROOT.glob("tests/bad/*.toml"), *ROOT.glob("tests/golden/edit/*.toml")]
)  # fmt: skip


def paths_to_try(lines: dict[str, int]) -> list[str]:
    """Every located path, and children that are not there (placed at their parent)."""
    extra = []
    for path in lines:
        extra += [f"{path}.missing", f"{path}.title.xx", f"{path}[7].start"]
    return [*lines, *extra, "events[999].start", "nothing.here"]


def compare(text: str) -> int:
    try:
        full = locate_keys(text)
    except RecursionError:  # the loader refuses such files before any lookup
        return 0
    quick = QuickLines(text)
    answered = 0
    for path in paths_to_try(full):
        line = quick.line(path)
        if line is not None:
            answered += 1
            assert line == find_line(full, path), path
    return answered


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_same_lines_as_the_full_scanner(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    compare(text)


def test_the_synthetic_plans_are_answered_quickly() -> None:
    import random

    text = synthetic_plan(1, 50, random.Random(1))
    assert compare(text) > 1000
    quick = QuickLines(text)
    assert quick.ok
    full = locate_keys(text)
    for path in ("events[12].participants", "events[3].program[2].start", "people.p3.email"):
        if path in full:
            assert quick.line(path) == full[path]
