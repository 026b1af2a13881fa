"""The HTML programme in a real browser (headless Chromium, tests/browser.py): screenshots
at 375×812 and 1280×800 under out/screenshots/, no sideways scrolling on a phone, no
console error, no request leaving the file's folder, printing on A4 and Letter (a cover
page, each event from a new page, no item split between pages, the revision and "page X
of Y" at the foot), and the accessibility basics checked by axe-core (its script comes
inside the axe-playwright-python wheel): a language on every text, alt text on images,
contrast AA."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from browser import overflow, screenshot, visit
from conftest import EXAMPLE, ROOT
from visitplan.plan.loading import load_plan_file
from visitplan.render.programme import build_programme
from visitplan.views.agenda import Window

DST = ROOT / "tests" / "plans" / "dst-partners.toml"
LOGO = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='120' height='40'>"
    "<rect width='120' height='40' fill='#7a1f2b'/></svg>"
)
CASES = {
    # name: (plan, arguments, languages)
    "example-uk-fr": (EXAMPLE, ["--all"], ["uk", "fr"]),
    "dst-en-uk": (DST, ["--all"], ["en", "uk"]),
    "visit-fr-template": (EXAMPLE, ["study-visit-2023", "--contacts"], ["fr"]),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case written by the real command into a folder of its own."""
    out = {}
    for name, (plan, args, languages) in CASES.items():
        folder = tmp_path_factory.mktemp(name)
        extra: list[str] = []
        if "template" in name:
            look = tmp_path_factory.mktemp("look")
            (look / "logo.svg").write_text(LOGO, encoding="utf-8")
            (look / "template.toml").write_text(
                'logo = "logo.svg"\nlogo_alt = "Ville de Bourges"\naccent = "#7a1f2b"\n'
                'letterhead = "Ville de Bourges · relations internationales"\n',
                encoding="utf-8",
            )
            extra = ["--template", str(look)]
        target = folder / "programme.html"
        langs = [x for lang in languages for x in ("--lang", lang)]
        command = [sys.executable, "-m", "visitplan", "program", str(plan), *args, *langs]
        done = subprocess.run(
            [*command, *extra, "-o", str(target)],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        out[name] = target
    return out


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_fits_the_screen_and_loads_nothing(
    browser: Any, pages: dict[str, Path], case: str, width: int, height: int
) -> None:
    seen = visit(browser, pages[case], width, height)
    try:
        seen.page.wait_for_load_state("load")
        assert overflow(seen.page) == 0
        shot = screenshot(seen.page, f"programme-{case}-{width}x{height}")
        assert shot.stat().st_size > 1000
        assert seen.console_errors == []
        assert seen.outside_requests == []
    finally:
        seen.close()


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printing_gives_a_cover_and_a_page_per_event(
    browser: Any, pages: dict[str, Path], case: str, paper: str
) -> None:
    pypdf = pytest.importorskip("pypdf")
    seen = visit(browser, pages[case], 1280)
    try:
        seen.page.emulate_media(media="print")
        pdf = seen.page.pdf(format=paper, prefer_css_page_size=True)
    finally:
        seen.close()
    texts = [
        re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]
    plan, args, languages = CASES[case]
    result = load_plan_file(plan, plan.name)
    assert result.plan is not None
    events = [a for a in args if not a.startswith("-")]
    programme = build_programme(
        result.plan, events=events, window=Window(), languages=languages, revision="x"
    )
    footers = {"en": "page {} of {}", "fr": "page {} sur {}", "uk": "сторінка {} з {}"}
    contents = []
    for number, text in enumerate(texts, start=1):
        # the foot of every page: the revision, then "page X of Y" in each language
        last = ""
        for lang in languages:
            last = footers[lang].format(number, len(texts))
            assert last in text, text[:300]
        contents.append(text.split(last, 1)[1].strip())
    assert programme.cover.partnership[0][0].text in contents[0]
    titles = [section.title[0].text for section in programme.sections]
    if programme.single:
        # one event: its head is the cover, and its programme starts on the same page
        assert titles[0] in contents[0]
        assert programme.words["program"][0].text in contents[0]
    else:
        # the cover alone on the first page, then every event from the top of a new page
        assert len(texts) >= 1 + len(programme.sections)
        opening = [c for c in contents[1:] if any(c.startswith(title) for title in titles)]
        assert len(opening) == len(titles)
    # no item split between two pages: each item's title and its times on one page
    for event in result.plan.events:
        for item in event.program:
            title = item.title.get(languages[0], result.plan.languages)
            on = [t for t in contents if title in t]
            if not on:
                continue  # not in this case's events
            assert any(f"{item.when.start:%H:%M}–" in t for t in on), title


@pytest.mark.parametrize("case", list(CASES))
def test_accessibility_basics(browser: Any, pages: dict[str, Path], case: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    seen = visit(browser, pages[case], 375)
    try:
        seen.page.wait_for_load_state("load")
        untagged = seen.page.evaluate(
            """() => {
              const out = [];
              const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              while (walk.nextNode()) {
                const node = walk.currentNode;
                if (!node.textContent.trim() || node.parentElement.closest('style')) continue;
                const owner = node.parentElement.closest('[lang]');
                if (!owner || !owner.lang || owner === document.documentElement) {
                  out.push(node.textContent.trim());
                }
              }
              return out;
            }"""
        )
        # every text is inside an element of the programme that says its language
        assert [t for t in untagged if t not in ("/", "·", ":", ";", "(", ")", "•")] == []
        missing_alt = seen.page.evaluate(
            "() => [...document.images].filter(i => !i.alt).map(i => i.src.slice(0, 40))"
        )
        assert missing_alt == []
        results = axe_module.Axe().run(
            seen.page,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}},
        )
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
        ]
        assert violations == []
        assert results.response["passes"] or results.response["incomplete"] is not None
    finally:
        seen.close()


def test_the_accessibility_check_sees_what_it_must(browser: Any) -> None:
    """The same check on a page with the faults it is there for reports each of them."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    faulty = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        "<p style='color:#ddd;background:#fff'>Коростень</p>"
        "<img src='data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E'>"
        "</body></html>"
    )
    seen = visit(browser, faulty, 375)
    try:
        results = axe_module.Axe().run(
            seen.page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
        )
    finally:
        seen.close()
    found = {v["id"] for v in results.response["violations"]}
    assert {"color-contrast", "html-has-lang", "image-alt"} <= found
