"""`visitplan program`: the programme's view model, its HTML against golden files (the
example plan in Ukrainian and French, the Kyiv–New York plan across the 2025 clock
changes in English and Ukrainian), the command's options and its failures.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1
.venv/bin/pytest tests/output/test_programme.py`, then review the diff.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, TESTS, Run, assert_golden, snapshot
from visitplan.plan.loading import load_plan_file
from visitplan.plan.model import Plan
from visitplan.render.programme import build_programme, programme_css, render_html
from visitplan.views.agenda import Window

HERE = TESTS
GOLDEN = HERE / "golden" / "programme"
DST = HERE / "plans" / "dst-partners.toml"


def load(path: Path) -> Plan:
    result = load_plan_file(path, path.name)
    assert result.plan is not None
    return result.plan


def normalise(text: str) -> str:
    """The revision (a commit's hash, or "modified") is the one thing that varies."""
    shown = r"[0-9a-f]{7}\b|modified, not committed|змінена, не збережена в git|modifiée, non enregistrée dans git"
    return re.sub(rf"(revision|версія плану|version du plan) ({shown})", r"\1 REVISION", text)


CASES = {
    "example-uk-fr": ["program", EXAMPLE, "--all", "--lang", "uk", "--lang", "fr"],
    "dst-en-uk": ["program", DST, "--all", "--lang", "en", "--lang", "uk"],
    "visit-fr": ["program", EXAMPLE, "study-visit-2023", "--lang", "fr", "--contacts"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_html_matches_golden(run: Run, case: str) -> None:
    result = run(*CASES[case])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{case}.html"
    shown = normalise(result.stdout)
    assert_golden(golden, shown)


class _Texts(HTMLParser):
    """Every piece of text with the language of the element around it, and the tags."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: list[tuple[str | None, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag in ("meta", "br", "img", "link"):
            return
        self.stack.append(found.get("lang") or (self.stack[-1] if self.stack else None))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("meta", "br", "img", "link"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((self.stack[-1] if self.stack else None, data.strip()))


def parse(html_text: str) -> _Texts:
    parser = _Texts()
    parser.feed(html_text)
    return parser


def test_bilingual_texts_are_each_marked_with_their_language() -> None:
    plan = load(EXAMPLE)
    programme = build_programme(plan, window=Window(), languages=["uk", "fr"], revision="abc1234")
    parsed = parse(render_html(programme))
    # every title of the visit is there in both languages, each inside its own lang
    visit = plan.event("study-visit-2023")
    assert visit is not None
    for item in visit.program:
        assert ("uk", item.title.get("uk")) in parsed.texts
        assert ("fr", item.title.get("fr")) in parsed.texts
    # no text outside an element that says its language
    assert all(lang is not None for lang, _ in parsed.texts)
    assert not [tag for tag, attrs in parsed.tags if tag == "script"]
    assert not [a for tag, a in parsed.tags if tag in ("link", "img") and "http" in str(a)]


def test_times_in_the_event_zone_and_the_delegation_home_zone() -> None:
    programme = build_programme(
        load(EXAMPLE), events=["study-visit-2023"], languages=["en"], revision="x"
    )
    (section,) = programme.sections
    item = next(i for d in section.days for i in d.items if i.title[0].text.startswith("Water"))
    assert [(t.zone, t.text) for t in item.times] == [
        ("Europe/Paris", "10:00–12:00"),
        ("Europe/Kyiv", "11:00–13:00"),
    ]
    assert section.groups[0].heading[0].text.startswith("Korosten delegation")


def test_clock_changes_between_the_calls_are_noted_once() -> None:
    programme = build_programme(load(DST), window=Window(), languages=["en"], revision="x")
    notes = [n[0].text for s in programme.sections for n in s.zone_notes]
    assert any("New York" in n and "9 March 2025" in n for n in notes), notes
    first, second = programme.sections[0], programme.sections[1]
    assert [(t.zone, t.text) for t in first.times][:2] == [
        ("Europe/Kyiv", "16:00–17:00"),
        ("America/New_York", "09:00–10:00"),
    ]
    assert [t.text for t in second.times][:2] == ["16:00–17:00", "10:00–11:00"]
    assert len(notes) == len(set(notes))


@pytest.mark.parametrize("path", [EXAMPLE, DST])
def test_contacts_only_when_asked(path: Path) -> None:
    plan = load(path)
    without = render_html(build_programme(plan, window=Window(), languages=["uk"], revision="x"))
    with_them = render_html(
        build_programme(plan, window=Window(), languages=["uk"], contacts=True, revision="x")
    )
    contacts = [c for person in plan.people.values() for c in (person.email, person.phone) if c]
    assert contacts
    assert not [c for c in contacts if c in without]
    shown = [c for c in contacts if c in with_them]
    assert "mailto:" in with_them and shown


def test_embedded_html_is_the_inner_part_with_its_css() -> None:
    programme = build_programme(
        load(EXAMPLE), events=["online-2024-05-28"], languages=["uk"], revision="x"
    )
    inner = render_html(programme, standalone=False)
    assert inner.startswith('<div class="vp-programme" lang="uk">')
    assert "<html" not in inner and "<style" not in inner
    assert inner in render_html(programme)
    assert programme_css(programme) in render_html(programme)
    assert "@bottom-center{content:none" in programme_css()


def test_without_a_window_the_programme_starts_today() -> None:
    plan = load(DST)
    later = build_programme(plan, languages=["en"], today=date(2025, 3, 20), revision="x")
    assert [s.event for s in later.sections] == ["late-call", "visit-2025"]
    everything = build_programme(plan, languages=["en"], revision="x")
    assert len(everything.sections) == len(plan.events)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda t: t.strip() and "\n" not in t))
def test_plan_text_is_escaped(tmp_path_factory: pytest.TempPathFactory, title: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'title.fr = "Station de traitement des eaux"',
        'title.fr = "<script>x</script>&' + title.replace("\\", "\\\\").replace('"', '\\"') + '"',
    )
    path = tmp_path_factory.mktemp("plan") / "plan.toml"
    path.write_text(text, encoding="utf-8")
    result = load_plan_file(path, "plan.toml")
    if not result.ok or result.plan is None:
        return  # a line break or control character the format refuses
    html_text = render_html(
        build_programme(result.plan, events=["study-visit-2023"], languages=["fr"], revision="x")
    )
    assert "<script>" not in html_text
    # what the plan says comes back as text, whole, when the page is read
    assert ("fr", ("<script>x</script>&" + title).strip()) in parse(html_text).texts


def test_program_writes_the_file_given(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "programme.html"
    result = run("program", EXAMPLE, "study-visit-2023", "--lang", "uk", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["program", EXAMPLE, "no-such-event"], 2, 'no event "no-such-event"'),
        (["program", EXAMPLE], 1, "no event to put in the programme"),
        (["program", EXAMPLE, "study-visit-2023", "--all"], 2, "not both"),
        (["program", EXAMPLE, "study-visit-2023", "--lang", "ua"], 2, '"uk"'),
        (["program", EXAMPLE, "a", "b"], 2, "at most a plan and an event id"),
    ],
)
def test_bad_input_fails_cleanly_and_writes_nothing(
    run: Run, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    before = snapshot(tmp_path)
    result = run(*args, "-o", tmp_path / "out.html", today=date(2025, 1, 1))
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before
