"""`visitplan changes` over a real git history, against golden text, markdown and JSON.

The history: a call moved across the 2025 US clock change, a cancellation, a renamed plan
file, a reordered program, a topic status change and an action done. Regenerate the
golden files with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_changes.py`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, Run, assert_golden, git

GOLDEN = ROOT / "tests" / "golden" / "changes"
DST = ROOT / "tests" / "plans" / "dst-partners.toml"
EXAMPLE = ROOT / "plans" / "korosten-bourges.toml"


def one_line(text: str) -> str:
    """The text output with each change on one line again: a change's further lines are
    indented by four spaces under its ``- ``, at the console's width (80 here)."""
    return text.replace("\n    ", " ")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("plans-repo")
    (repo / "plans").mkdir()
    shutil.copy(DST, repo / "plans" / "dst-partners.toml")
    shutil.copy(EXAMPLE, repo / "plans" / "korosten-bourges.toml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "start")
    git(repo, "tag", "c0")
    plan = repo / "plans" / "dst-partners.toml"
    # c1: the 4 March call moves a week, across the US clock change (New York 09:00 → 10:00)
    edit(
        plan,
        "start = 2025-03-04T16:00:00\nend = 2025-03-04T17:00:00",
        "start = 2025-03-11T18:00:00\nend = 2025-03-11T19:00:00",
    )
    # … and the visit's energy session moves to the next day at 14:00
    edit(
        plan,
        "start = 2025-10-26T10:00:00   # the day Kyiv leaves summer time\n  end = 2025-10-26T12:00:00",
        "start = 2025-10-27T14:00:00\n  end = 2025-10-27T16:00:00",
    )
    git(repo, "commit", "-qam", "move")
    git(repo, "tag", "c1")
    # c2: a cancellation, a new participant, a new link
    edit(
        plan,
        'title.uk = "Щомісячна зустріч"\nstart = 2025-03-11T16:00:00',
        'title.uk = "Щомісячна зустріч"\nstatus = "cancelled"\nstart = 2025-03-11T16:00:00',
    )
    edit(
        plan,
        'participants = ["petrenko", "miller", "dubois"]',
        'participants = ["petrenko", "miller"]',
    )
    edit(
        plan,
        'url = "https://meet.example.org/kyiv-nyc"',
        'url = "https://meet.example.org/kyiv-nyc-2"',
    )
    git(repo, "commit", "-qam", "cancel")
    git(repo, "tag", "c2")
    # c3: the plan file is renamed (its plan id stays)
    git(repo, "mv", "plans/dst-partners.toml", "plans/kyiv-new-york.toml")
    git(repo, "commit", "-qm", "rename")
    git(repo, "tag", "c3")
    plan = repo / "plans" / "kyiv-new-york.toml"
    # c4: the visit's program is reordered (no time changes) and a speaker added
    text = plan.read_text("utf-8")
    welcome = text[
        text.index('  [[events.program]]\n  id = "welcome"') : text.index(
            '  [[events.program]]\n  id = "energy"'
        )
    ]
    energy_end = text.index("[[topics]]")
    energy = text[text.index('  [[events.program]]\n  id = "energy"') : energy_end]
    text = text.replace(
        welcome + energy, energy.rstrip("\n") + "\n\n" + welcome.rstrip("\n") + "\n\n"
    )
    text = text.replace('  speakers = ["petrenko"]', '  speakers = ["petrenko", "miller"]')
    plan.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "reorder")
    git(repo, "tag", "c4")
    # c5: a topic is scheduled, an action is done, a new action
    edit(
        plan,
        'requested_by = "kyiv"\nstatus = "accepted"',
        'requested_by = "kyiv"\nstatus = "scheduled"',
    )
    edit(
        plan,
        'due = 2025-03-14\nevent = "call-2025-03-11"',
        'due = 2025-03-14\nstatus = "done"\nevent = "call-2025-03-11"',
    )
    with plan.open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[actions]]\nid = "youth-list"\ntitle = "List the schools"\nowner = "kyiv"\ndue = 2025-05-01\n'
        )
    git(repo, "commit", "-qam", "topics")
    git(repo, "tag", "c5")
    return repo


PAIRS = [("c0", "c1"), ("c1", "c2"), ("c2", "c3"), ("c3", "c4"), ("c4", "c5")]
FORMATS = {"text": "txt", "markdown": "md", "json": "json"}


@pytest.mark.parametrize("output", list(FORMATS))
@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_changes_between_revisions_match_golden(
    history: Path, run: Run, monkeypatch: pytest.MonkeyPatch, old: str, new: str, output: str
) -> None:
    monkeypatch.chdir(history)
    result = run(
        "changes", old, "--to", new, "--lang", "en", "--format", output, "--today", "2025-06-01"
    )
    assert result.exit_code == 0, result.output
    if output == "json":
        json.loads(result.stdout)
    golden = GOLDEN / f"{old}-{new}.{FORMATS[output]}"
    assert_golden(golden, result.stdout)


def test_the_move_across_the_clock_change_is_said_in_both_zones(
    history: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(history)
    text = one_line(run("changes", "c0", "--to", "c1", "--lang", "en").stdout)
    assert (
        "Monthly call (11 March 2025) moved from Tuesday, 4 March 2025 16:00–17:00 Kyiv to Tuesday, 11 March 2025 "
        "18:00–19:00 Kyiv (New York 09:00 → 12:00, Brussels 15:00 → 17:00)"
    ) in text


def test_a_renamed_plan_keeps_its_id(
    history: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(history)
    text = run("changes", "c2", "--to", "c3", "--lang", "en").stdout
    assert "Plan file renamed: plans/dst-partners.toml → plans/kyiv-new-york.toml" in text
    assert "Removed" not in text and "New plan" not in text


def test_nothing_changed_prints_nothing(
    history: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(history)
    result = run("changes")  # HEAD against the clean working tree
    assert (result.exit_code, result.stdout) == (0, "")
    assert run("changes", "c5", "--to", "c5", "--format", "markdown").stdout == ""


def test_the_working_tree_is_compared_with_head(
    history: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(history)
    plan = history / "plans" / "kyiv-new-york.toml"
    saved = plan.read_bytes()
    try:
        edit(
            plan, 'status = "tentative"\nstart = 2025-04-01T17:30:00', "start = 2025-04-01T17:30:00"
        )
        text = run("changes", "--lang", "en").stdout
        assert "HEAD → working tree" in text
        assert "Evening call from New York: tentative → confirmed" in text
    finally:
        plan.write_bytes(saved)


def test_outside_git_and_unknown_revisions_are_one_line_errors(
    tmp_path: Path, history: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outside = run("changes")
    assert outside.exit_code == 1
    assert "is not inside a git repository" in outside.stderr
    monkeypatch.chdir(history)
    unknown = run("changes", "v9.9")
    assert unknown.exit_code == 2
    assert 'unknown revision "v9.9"' in unknown.stderr
    assert "Traceback" not in unknown.output + outside.output


def test_since_export_lists_what_participants_have_not_received(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "kyiv-new-york.toml"
    shutil.copy(DST, plan)
    monkeypatch.chdir(tmp_path)
    assert run("export", "plans/kyiv-new-york.toml", "-o", "out.ics").exit_code == 0
    assert run("changes", "--since-export").stdout == ""
    edit(
        plan, 'url = "https://meet.example.org/kyiv-nyc"', 'url = "https://meet.example.org/room-2"'
    )
    text = one_line(run("changes", "--since-export", "--lang", "en").stdout)
    assert (
        "Changed since the last export: Monthly call — Tuesday, 4 March 2025 16:00–17:00 Kyiv"
        in text
    )
    assert text.count("  - ") == 1
    assert "— last export → working tree" in text
    # every word in the output language, the two sides too
    ukrainian = run("changes", "--since-export", "--lang", "uk").stdout
    assert "— останній експорт → робоча копія" in ukrainian
    french = run("changes", "--since-export", "--lang", "fr", "--format", "markdown").stdout
    assert "— dernier export → copie de travail" in french
    # the plans may be named, as for every other command (found by a coordinator)
    for where in ("plans/kyiv-new-york.toml", "plans"):
        named = run("changes", "--since-export", "--lang", "en", where)
        assert named.exit_code == 0, named.output
        assert one_line(named.stdout) == text
    wrong = run("changes", "--since-export", "HEAD")
    assert wrong.exit_code == 2
    assert '"HEAD" is not a plan file or folder' in wrong.stderr
    assert "not with a revision" in wrong.stderr


def test_a_zone_whose_time_stays_shows_it_once() -> None:
    # Moved by a whole day: the partner's time is the same, said once, not "08:00 → 08:00".
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from visitplan.changes.sentences import Writer as _Writer
    from visitplan.plan.model import When
    from visitplan.views.agenda import explicit_columns

    kyiv, warsaw = ZoneInfo("Europe/Kyiv"), ZoneInfo("Europe/Warsaw")
    columns = explicit_columns([kyiv, warsaw], "en")
    old = When(datetime(2027, 4, 6, 9, tzinfo=kyiv), datetime(2027, 4, 6, 10, 30, tzinfo=kyiv))
    new = When(datetime(2027, 4, 7, 9, tzinfo=kyiv), datetime(2027, 4, 7, 10, 30, tzinfo=kyiv))
    later = When(datetime(2027, 4, 7, 11, tzinfo=kyiv), datetime(2027, 4, 7, 12, tzinfo=kyiv))
    writer = _Writer("en")
    assert writer.others(old, new, columns) == " (Warsaw 08:00)"
    assert writer.others(old, later, columns) == " (Warsaw 08:00 → 10:00)"


def test_markdown_escapes_what_commonmark_would_render() -> None:
    """Plan text in `changes --format markdown` renders as that text, not as formatting:
    each line checked through a CommonMark renderer (markdown-it-py)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from markdown_it import MarkdownIt

    from visitplan.render.changes import md_escape

    md = MarkdownIt("commonmark")

    def shown(markdown: str) -> str:
        tokens = md.parse(markdown)
        inline = [t for t in tokens if t.type == "inline"]
        assert [t.type for t in tokens] == ["bullet_list_open", "list_item_open",
                                            "paragraph_open", "inline", "paragraph_close",
                                            "list_item_close", "bullet_list_close"]  # fmt: skip
        children = inline[0].children or []
        assert {c.type for c in children} <= {"text"}, markdown
        return "".join(c.content for c in children)

    for text in ("*bold* _it_ <b>x</b> [x](https://e.org) `code` &amp; # 1. ~~s~~",
                 "- not a list", "1. not a list", "+ plus", "<https://e.org>"):  # fmt: skip
        assert shown("- " + md_escape(text)) == text

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from("ab *_<>[]()`!&#;\\|~-+=1.)é"), min_size=1))
    def round_trip(text: str) -> None:
        text = " ".join(text.split())
        if text:
            assert shown("- " + md_escape(text)) == text

    round_trip()
