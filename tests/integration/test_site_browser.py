"""The site in a real browser (headless Chromium, tests/browser.py): screenshots of the
index, an event and a person at 375×812 and 1280×800 under out/screenshots/; no page
scrolls sideways at 375 px; a crawl from the site's first page proves that every link of
the site leads to a file of it, that no page logs a console error and that no request
leaves the site's folder; axe-core (the `axe-playwright-python` test extra, which carries
it: nothing is fetched) finds no violation of the accessibility basics — every text in a
language, images with alt text, contrast AA.
"""

from __future__ import annotations

import importlib.util
from collections import deque
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from browser import overflow, screenshot, visit
from conftest import EXAMPLE, TESTS
from visitplan.plan.loading import load_plan_file
from visitplan.render.site import SiteOptions, make_site
from visitplan.views.agenda import make_window

HERE = TESTS
PLANS = [EXAMPLE, HERE / "plans" / "who-takes-part.toml", HERE / "plans" / "dst-partners.toml"]
TODAY = date(2024, 6, 1)

SHOTS = {
    "index": "uk/index.html",
    "event": "uk/events/korosten-bourges/study-visit-2023.html",
    "person": "fr/people/chyzhevska.html",
}
SIZES = [(375, 812), (1280, 800)]
# axe-core's rules for the basics the issue names (wcag2aa contrast, languages, alt text)
AXE_RULES = ["html-has-lang", "html-lang-valid", "valid-lang", "image-alt", "color-contrast"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plans = []
    for path in PLANS:
        result = load_plan_file(path, path.as_posix())
        assert result.plan is not None
        plans.append(result.plan)
    folder = tmp_path_factory.mktemp("site") / "site"
    options = SiteOptions(
        today=TODAY,
        now=datetime(2024, 6, 1, tzinfo=UTC),
        window=make_window(TODAY),
        base_url="https://visits.example.org/",
        pdf=importlib.util.find_spec("typst") is not None,
        revisions={plan.source: "0000000" for plan in plans},
    )
    make_site(folder, plans, options)
    return folder


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.parametrize("kind", list(SHOTS))
def test_screenshots_and_no_sideways_scroll(
    browser: Any, site: Path, kind: str, width: int, height: int
) -> None:
    seen = visit(browser, site / SHOTS[kind], width, height, allowed=site)
    try:
        path = screenshot(seen.page, f"site-{kind}-{width}")
        assert path.stat().st_size > 1000
        if width == 375:
            assert overflow(seen.page) == 0
        assert seen.console_errors == []
        assert seen.outside_requests == []
    finally:
        seen.close()


def _links(page: Any) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('a[href], link[href]'), a => a.href)"
    )  # type: ignore[no-any-return]


def test_crawl_every_link_resolves_and_nothing_leaves_the_site(browser: Any, site: Path) -> None:
    """From index.html, follow every link to a page of the site (at 375 px): each leads
    to a file that exists, no page scrolls sideways, logs an error or loads anything from
    outside the folder; the crawl reaches every page the site wrote."""
    root = site.resolve().as_uri() + "/"
    queue = deque([site / "index.html"])
    visited: set[Path] = set()
    files_linked: set[Path] = set()
    while queue:
        page_path = queue.popleft()
        if page_path in visited:
            continue
        visited.add(page_path)
        seen = visit(browser, page_path, 375, allowed=site)
        try:
            assert seen.console_errors == [], page_path
            assert seen.outside_requests == [], page_path
            assert overflow(seen.page) == 0, page_path
            for href in _links(seen.page):
                if not href.startswith("file:"):
                    assert href.startswith(("https://", "mailto:", "tel:", "webcal://")), href
                    continue
                assert href.startswith(root), f"{page_path} links outside the site: {href}"
                target = Path(unquote(urlsplit(href).path))
                assert target.is_file(), f"{page_path} links to {href}, which is no file"
                files_linked.add(target)
                if target.suffix == ".html":
                    queue.append(target)
        finally:
            seen.close()
    written = {p.resolve() for p in site.rglob("*.html")}
    assert {p.resolve() for p in visited} == written
    downloads = {p.resolve() for pattern in ("*.ics", "*.pdf") for p in site.rglob(pattern)}
    assert downloads <= {p.resolve() for p in files_linked}


@pytest.mark.parametrize("kind", list(SHOTS))
def test_accessibility_basics(browser: Any, site: Path, kind: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    seen = visit(browser, site / SHOTS[kind], 375, allowed=site)
    try:
        results = Axe().run(seen.page, options={"runOnly": AXE_RULES})
        violations = results.response["violations"]
        assert violations == [], results.generate_report()
        # every piece of text has a language: its element or an ancestor says which
        unmarked = seen.page.evaluate(
            """() => {
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.textContent.trim()) continue;
                const owner = node.parentElement.closest('[lang]');
                if (!owner || !owner.lang) out.push(node.textContent.trim());
              }
              return out;
            }"""
        )
        assert unmarked == []
        assert seen.outside_requests == []
    finally:
        seen.close()


def test_the_accessibility_checks_catch_what_they_look_for(browser: Any) -> None:
    """The same checks on a page that breaks each rule: they fail it."""
    from axe_playwright_python.sync_playwright import Axe

    bad = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        '<p style="color:#bbb;background:#fff">pâle</p><img src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACw=">'
        "</body></html>"
    )
    seen = visit(browser, bad, 375)
    try:
        results = Axe().run(seen.page, options={"runOnly": AXE_RULES})
        found = {v["id"] for v in results.response["violations"]}
        assert {"html-has-lang", "image-alt", "color-contrast"} <= found
    finally:
        seen.close()
