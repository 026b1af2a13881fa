"""The browser helpers measure what they claim (overflow, blocked requests, console errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser import overflow, screenshot, visit


def test_overflow_is_measured_at_the_viewport_width(browser: Any) -> None:
    wide = "<!doctype html><html lang='uk'><body><div style='width:900px'>Коростень</div></body></html>"
    narrow = "<!doctype html><html lang='fr'><body><p>Bourges</p></body></html>"
    seen = visit(browser, wide, 375)
    assert overflow(seen.page) > 400
    seen.close()
    seen = visit(browser, narrow, 375)
    assert overflow(seen.page) == 0
    seen.close()


def test_requests_outside_the_folder_are_blocked_and_listed(browser: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>", encoding="utf-8"
    )
    (tmp_path / "outside.css").write_text("p{color:red}", encoding="utf-8")
    page = site / "index.html"
    page.write_text(
        "<!doctype html><html lang='en'><head>"
        "<link rel='stylesheet' href='../outside.css'>"
        "<link rel='stylesheet' href='https://fonts.example.org/x.css'>"
        "</head><body><img src='logo.svg' alt='logo'>"
        "<script>console.error('broken')</script></body></html>",
        encoding="utf-8",
    )
    seen = visit(browser, page, 1280)
    seen.page.wait_for_load_state("load")
    assert sorted(seen.outside_requests) == sorted(
        [(tmp_path / "outside.css").as_uri(), "https://fonts.example.org/x.css"]
    )
    assert "broken" in seen.console_errors  # (blocked requests log errors too)
    shot = screenshot(seen.page, "browser-support-smoke")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    seen.close()
