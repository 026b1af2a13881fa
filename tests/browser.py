"""Headless Chromium for the tests that need a real browser (mail, programme, site).

The browser is the system's Chromium (Debian's `chromium` package; `.ci/run` installs it
when missing), driven by Playwright's Python API pointed at that executable — Playwright's
own browser download is never used. Without a Chromium the `browser` fixture skips the
test with a reason saying how to get one, and the pytest header says so once, plainly.

Helpers here:
- `find_chromium()` — the executable, or None (`$VISITPLAN_CHROMIUM` first);
- `Visit` (from `visit(browser, path_or_html, width)`) — a page at a viewport width, with
  the console errors it logged and the requests that left the allowed folder;
- `overflow(page)` — how many pixels the page is wider than its viewport (0 = fits);
- `screenshot(page, name)` — a PNG under `out/screenshots/` of the repository.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "out" / "screenshots"

# Flags for a closed network: without the background-networking ones Chromium keeps
# trying to reach Google's hosts, and each refused connection slows the start.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

HOW_TO_GET_ONE = (
    "no Chromium found (looked for $VISITPLAN_CHROMIUM, chromium, chromium-browser, "
    "google-chrome) — browser tests skipped; install one with `apt-get install chromium`"
)


def find_chromium() -> str | None:
    """The Chromium executable the browser tests use, or None when there is none."""
    named = os.environ.get("VISITPLAN_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def report_header() -> str:
    """The line pytest prints at the top: which browser runs, or that none does."""
    chromium = find_chromium()
    if chromium is None:
        return f"browser tests: SKIPPED — {HOW_TO_GET_ONE}"
    return f"browser tests: headless Chromium at {chromium}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run (skips the test when there is none)."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip(HOW_TO_GET_ONE)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Visit:
    """A page opened at one viewport, with what went wrong while it loaded."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()


def visit(
    browser: Any,
    target: Path | str,
    width: int,
    height: int = 812,
    *,
    allowed: Path | None = None,
    dark: bool = False,
) -> Visit:
    """Open `target` (a file, or HTML text) at `width`×`height`.

    Every request is recorded; one that is not a `file:` URL inside `allowed` (the
    target's folder by default) or a `data:` URL is blocked and listed in
    `outside_requests`, so a test can assert that nothing leaves the folder.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="dark" if dark else "light",
    )
    page = context.new_page()
    seen = Visit(page)
    page.on(
        "console",
        lambda message: message.type == "error" and seen.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    folder = (allowed or target.parent).resolve().as_uri() if isinstance(target, Path) else None

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("data:") or (folder is not None and url.startswith(folder + "/")):
            request_route.continue_()
        else:
            seen.outside_requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    if isinstance(target, Path):
        page.goto(target.resolve().as_uri())
    else:
        page.set_content(target)
    return seen


def overflow(page: Any) -> int:
    """Pixels by which the page is wider than its viewport (0 when nothing scrolls sideways)."""
    width: int = page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0)"
        " - document.documentElement.clientWidth"
    )
    return max(0, width)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page PNG as out/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
