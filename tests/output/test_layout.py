"""Text views at 60, 80 and 120 columns (golden files in tests/golden/layout): the times
go on their own line when the title would not fit beside them, no word or name is split,
no line ends with a space — in a pipe and on a terminal alike — and the line breaking
itself (``visitplan.render.layout``) keeps every word whole, by Hypothesis.

Regenerate after an intended change with `UPDATE_GOLDEN=1 .venv/bin/pytest
tests/output/test_layout.py`, then review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from conftest import ROOT, TESTS, assert_golden, tagged_commit
from test_changes import edit
from visitplan.render.layout import DOT, wrap

HERE = TESTS
GOLDEN = HERE / "golden" / "layout"
WIDTHS = (60, 80, 120)
THREE_ZONES = ["--tz", "Europe/Kyiv", "--tz", "Europe/Paris", "--tz", "America/New_York"]

CASES: dict[str, list[str]] = {
    "agenda-example": ["agenda", "plans/korosten-bourges.toml", "--all"],
    "agenda-example-3tz-en": [
        "agenda",
        "plans/korosten-bourges.toml",
        "--all",
        "--lang",
        "en",
        *THREE_ZONES,
    ],
    "agenda-example-fr": ["agenda", "plans/korosten-bourges.toml", "--all", "--lang", "fr"],
    "agenda-dst": ["agenda", "plans/dst-partners.toml", "--all"],
    "agenda-dst-3tz": ["agenda", "plans/dst-partners.toml", "--all", "--lang", "en", *THREE_ZONES],
    "show-example-visit": ["show", "plans/korosten-bourges.toml", "study-visit-2023"],
    "show-example-meeting-fr": [
        "show",
        "plans/korosten-bourges.toml",
        "online-2024-05-28",
        "--lang",
        "fr",
        *THREE_ZONES,
    ],
    "show-dst-visit": ["show", "plans/dst-partners.toml", "visit-2025", "--lang", "en"],
    "changes-en": ["changes", "c0", "--to", "c1", "--lang", "en"],
    "changes-fr": ["changes", "c0", "--to", "c1", "--lang", "fr"],
    "changes-uk": ["changes", "c0", "--to", "c1", "--lang", "uk"],
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan and the DST plan in git: c0 as shipped; c1 with the 2024 online
    meeting moved (a feminine kind in French), a study visit cancelled, a program item
    moved and the New York evening call moved."""
    repo = tmp_path_factory.mktemp("layout-repo")
    (repo / "plans").mkdir()
    shutil.copy(ROOT / "plans" / "korosten-bourges.toml", repo / "plans")
    shutil.copy(HERE / "plans" / "dst-partners.toml", repo / "plans")
    tagged_commit(repo, "c0")
    example = repo / "plans" / "korosten-bourges.toml"
    edit(example, "start = 2024-05-28T11:00:00", "start = 2024-05-30T11:00:00")
    edit(example, "end = 2024-05-28T12:30:00", "end = 2024-05-30T12:30:00")
    edit(
        example,
        'status = "tentative"\nstart = 2024-10-14',
        'status = "cancelled"\nstart = 2024-10-14',
    )
    tagged_commit(repo, "c1")
    return repo


def _run(repo: Path, args: list[str], width: int, terminal: bool) -> str:
    """The real command in-process at ``width`` columns, its stdout without colours."""
    import sys

    import visitplan.workspace.environment as environment
    from visitplan.cli import main

    buffer = StringIO()

    def console(stream: object) -> Console:
        if stream is not sys.stdout:
            return environment.Console(file=StringIO(), width=width)
        return Console(
            file=buffer,
            width=width,
            force_terminal=terminal,
            color_system="standard" if terminal else None,
            highlight=False,
            soft_wrap=True,
        )

    saved = (os.getcwd(), sys.argv, environment.make_console)
    os.chdir(repo)
    sys.argv = ["visitplan", *args]
    environment.make_console = console  # type: ignore[assignment]
    os.environ["VISITPLAN_TODAY"] = "2024-06-01"
    try:
        with pytest.raises(SystemExit) as done:
            main()
    finally:
        os.chdir(saved[0])
        sys.argv = saved[1]
        environment.make_console = saved[2]  # type: ignore[assignment]
        del os.environ["VISITPLAN_TODAY"]
    assert done.value.code in (0, None), buffer.getvalue()
    output = buffer.getvalue()
    if terminal:
        assert "\x1b[" in output
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_text_view_at_a_width_matches_golden(repo: Path, case: str, width: int) -> None:
    out = _run(repo, CASES[case], width, terminal=False)
    lines = out.splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert max(len(line) for line in lines) <= width
    golden = GOLDEN / f"{case}-{width}.txt"
    assert_golden(golden, out)


@pytest.mark.parametrize("width", (60, 80))
@pytest.mark.parametrize("case", ["agenda-example-3tz-en", "show-example-meeting-fr", "changes-fr"])
def test_a_terminal_gets_the_same_lines_in_colour_without_trailing_spaces(
    repo: Path, case: str, width: int
) -> None:
    coloured = _run(repo, CASES[case], width, terminal=True)
    assert all(line == line.rstrip() for line in coloured.splitlines())
    assert coloured == _run(repo, CASES[case], width, terminal=False)


def test_three_zones_put_the_times_above_the_title_at_80_columns(repo: Path) -> None:
    out = _run(repo, CASES["agenda-example-3tz-en"], 80, terminal=False)
    assert (
        "      10:30–12:00 Kyiv · 09:30–11:00 Paris · 03:30–05:00 New York\n"
        "        Debrief and departure — Nataliia Chyzhevska, Constance Bonduelle\n"
    ) in out
    # beside the title at 120 columns, where it fits
    wide = _run(repo, CASES["agenda-example-3tz-en"], 120, terminal=False)
    assert "New York  Debrief and departure — Nataliia Chyzhevska" in wide


PLAIN = st.text(alphabet=st.sampled_from(list("abжé:–")), min_size=1, max_size=12)
NAMED = st.text(alphabet=st.sampled_from(list("abЖéK1:–")), min_size=1, max_size=12)


def _text(parts: list[tuple[str, str]]) -> str:
    return "".join(word + gap for word, gap in parts).rstrip(" ")


def _check_lines(lines: list[str], text: str, first: int, rest: int) -> None:
    assert all(line == line.rstrip(" ") for line in lines)

    def words(value: str) -> list[str]:  # a `` · `` dropped at a break is no word
        return [word for word in value.split() if word != "·"]

    assert words(" ".join(lines)) == words(text)  # nothing cut, nothing lost
    for number, line in enumerate(lines):
        assert line.startswith(" " * (first if number == 0 else rest)) or not line.strip()


@given(
    st.lists(st.tuples(PLAIN, st.sampled_from([" ", "  "])), max_size=12),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=6),
)
def test_lines_break_at_spaces_only_and_are_longer_only_for_one_word(
    parts: list[tuple[str, str]], width: int, first: int, rest: int
) -> None:
    text = _text(parts)
    lines = wrap(text, width, first, rest)
    _check_lines(lines, text, first, rest)
    for number, line in enumerate(lines):
        if len(line) > width:  # a word longer than the line overflows, alone
            assert " " not in line[first if number == 0 else rest :]


@given(
    st.lists(st.tuples(NAMED, st.sampled_from([" ", " · "])), max_size=12),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=6),
)
def test_times_break_only_between_zones(
    parts: list[tuple[str, str]], width: int, indent: int
) -> None:
    text = _text(parts)
    lines = wrap(text, width, indent, indent, DOT)
    _check_lines(lines, text, indent, indent)
    pieces = re.split("(?: · )+", text)
    assert [p for line in lines for p in re.split("(?: · )+", line.strip(" "))] == pieces


@given(
    st.lists(st.tuples(NAMED, st.sampled_from([" ", "  "])), max_size=12),
    st.integers(min_value=1, max_value=40),
)
def test_capitalised_words_and_times_break_as_other_words_do(
    parts: list[tuple[str, str]], width: int
) -> None:
    text = _text(parts)
    _check_lines(wrap(text, width, 2, 4), text, 2, 4)


def test_a_name_goes_to_the_next_line_whole() -> None:
    text = "Study visit to Kyiv: speakers now Iryna Petrenko, Sarah Miller at 16:00–17:00 Kyiv"
    assert wrap(text, 44, 0, 2) == [
        "Study visit to Kyiv: speakers now",
        "  Iryna Petrenko, Sarah Miller at",
        "  16:00–17:00 Kyiv",
    ]
    # a name longer than a line breaks between its words all the same
    assert wrap("Iryna Petrenko-Kovalenko Sarah", 12) == ["Iryna", "Petrenko-Kovalenko", "Sarah"]
