"""A study visit's invitations fill the calendar (#20 item 3) and read well (item 5).

Those who take part in the whole visit get one message for the visit and one for each
session that is an entry of its own; every calendar part holds one VEVENT (Outlook reads
only the first of an iTIP message). The parts are imported by icalendar and by khal (a
real calendar program, in each recipient's own zone) and must hold each session at its
time — the 2023 Bourges visit of the example, and a Kyiv–Paris–Brussels visit across the
end of summer time. The HTML body is opened in headless Chromium at 375 and 1280 px,
light and dark."""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from browser import overflow, screenshot, visit
from conftest import EXAMPLE, ROOT

DST_PLAN = ROOT / "tests" / "plans" / "kyiv-paris-brussels.toml"
PARIS = ZoneInfo("Europe/Paris")
# The 2023 visit: each session at its Paris time (the plan's program).
BOURGES = {
    "arrival": ((2023, 7, 1, 18, 0), (2023, 7, 1, 21, 0)),
    "city-heritage": ((2023, 7, 2, 10, 0), (2023, 7, 2, 12, 30)),
    "water-station": ((2023, 7, 3, 10, 0), (2023, 7, 3, 12, 0)),
    "water-service": ((2023, 7, 3, 14, 0), (2023, 7, 3, 16, 0)),
    "schools": ((2023, 7, 4, 9, 30), (2023, 7, 4, 12, 0)),
    "reception": ((2023, 7, 4, 18, 0), (2023, 7, 4, 20, 0)),
    "debrief": ((2023, 7, 5, 9, 30), (2023, 7, 5, 11, 0)),
}


def paris(parts: tuple[int, ...]) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


def dry_run(plan: Path, event: str, out: Path, now: str = "1685577600") -> dict[str, EmailMessage]:
    """The real command as a process: ``invite --dry-run``, messages by file stem."""
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "invite", str(plan), event, "--dry-run", str(out),
         "--force"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": now, "VISITPLAN_TODAY": "2023-06-01"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    found = {}
    for path in sorted(out.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        found[path.stem] = message
    return found


def calendar_bytes(message: EmailMessage) -> bytes:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


def khal_list(files: list[Path], zone: str, tmp: Path) -> list[dict[str, str]]:
    """Import ``files`` into a throw-away khal calendar whose local zone is ``zone`` (as
    ics-crosscheck does, with khal's own config), then list what khal stored."""
    khal = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")
    assert khal is not None, "khal is a test extra: pip install -e '.[test]'"
    vdir = tmp / "vdir"
    vdir.mkdir(parents=True)
    config = tmp / "khal.conf"
    config.write_text(
        f"[calendars]\n[[guest]]\npath = {vdir}\ntype = calendar\n"
        f"[locale]\nlocal_timezone = {zone}\ndefault_timezone = {zone}\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%dT%H:%M\nlongdatetimeformat = %Y-%m-%dT%H:%M\n"
        f"[sqlite]\npath = {tmp / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp),
           "XDG_DATA_HOME": str(tmp), "XDG_CACHE_HOME": str(tmp), "TZ": zone}  # fmt: skip
    done = subprocess.run(
        [khal, "-c", str(config), "import", "--batch", "-a", "guest", *map(str, files)],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "error" not in done.stderr.lower(), done.stderr
    fields = [
        x for f in ("uid", "start-long", "end-long", "all-day", "title") for x in ("--json", f)
    ]
    done = subprocess.run(
        [khal, "-c", str(config), "list", "--once", "-a", "guest", "-df", "", *fields,
         "1900-01-01", "2200-01-01"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=True,
    )  # fmt: skip
    rows: list[dict[str, str]] = []
    for line in done.stdout.splitlines():
        if line.strip().startswith("["):
            rows.extend(json.loads(line))
    return rows


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    return tmp_path / EXAMPLE.name


def test_the_bourges_visit_fills_the_calendar(example: Path, tmp_path: Path) -> None:
    """Chyzhevska (Korosten, Kyiv time) gets the visit and its seven sessions: one
    message each, one VEVENT each; icalendar and khal hold each session at its time."""
    messages = dry_run(example, "study-visit-2023", tmp_path / "mail")
    mine = {stem: m for stem, m in messages.items() if stem.partition("--")[0] == "chyzhevska"}
    assert sorted(mine) == ["chyzhevska", *sorted(f"chyzhevska--{s}" for s in BOURGES)]
    files = []
    for stem, message in mine.items():
        data = calendar_bytes(message)
        calendar = Calendar.from_ical(data)
        assert calendar["method"] == "REQUEST"
        (vevent,) = calendar.walk("VEVENT")  # one VEVENT per iTIP message
        session = stem.partition("--")[2]
        uid = "korosten-bourges/study-visit-2023" + (f"/{session}" if session else "")
        assert str(vevent["uid"]) == f"{uid}@visitplan"
        if not session:  # the visit: all-day, and free, so its days are not blocked
            assert vevent.decoded("dtstart") == date(2023, 7, 1)
            assert vevent.decoded("dtend") == date(2023, 7, 6)
            assert str(vevent["transp"]) == "TRANSPARENT"
        else:  # each session busy at its time
            start, end = BOURGES[session]
            assert vevent.decoded("dtstart") == paris(start)
            assert vevent.decoded("dtend") == paris(end)
            assert str(vevent["transp"]) == "OPAQUE"
            assert str(vevent["related-to"]) == "korosten-bourges/study-visit-2023@visitplan"
        path = tmp_path / f"{stem}.ics"
        path.write_bytes(data)
        files.append(path)
    rows = khal_list(files, "Europe/Kyiv", tmp_path / "khal")
    got = {row["uid"]: (row["start-long"], row["end-long"]) for row in rows}
    assert got.pop("korosten-bourges/study-visit-2023@visitplan") == ("2023-07-01", "2023-07-05")
    kyiv = ZoneInfo("Europe/Kyiv")
    assert got == {
        f"korosten-bourges/study-visit-2023/{s}@visitplan": tuple(
            f"{paris(t).astimezone(kyiv):%Y-%m-%dT%H:%M}" for t in times
        )
        for s, times in BOURGES.items()
    }
    # The visit's mail lists every session with its time (Kyiv first), place and speakers.
    text = mine["chyzhevska"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "11:00–13:00 (Київ) · 10:00–12:00 (Париж)  Станція очищення води" in text
    assert "    Де: Станція очищення води, Бурж" in text
    assert (
        "19:00–21:00 (Київ) · 18:00–20:00 (Париж)  Прийом у мерії Буржа — Констанс Бондюель" in text
    )
    assert "окремі запрошення (8)" in text
    # A session's own mail: its time, place, and the visit it belongs to.
    station = mine["chyzhevska--water-station"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "понеділок, 3 липня 2023, 11:00–13:00 (Київ)" in station
    assert "Станція очищення води, Бурж" in station
    assert "У програмі: Навчальний візит до Буржа" in station


# --------------------------------------------------------------------------- across DST

# Paris times of the sessions, and the same instants in UTC: the visit spans the end of
# summer time (27 October 2024), so the morning sessions are 08:00 and 09:00 UTC.
DST_SESSIONS = {
    "welcome": ("2024-10-25T16:00:00Z", "2024-10-25T18:00:00Z"),
    "metro": ("2024-10-26T08:00:00Z", "2024-10-26T10:00:00Z"),
    "heating": ("2024-10-28T09:00:00Z", "2024-10-28T11:00:00Z"),
}
GUESTS = {  # recipient: (their zone, their zone's name in their language, the event's)
    "shevchenko": ("Europe/Kyiv", "Київ", "Париж"),
    "lefevre": ("Europe/Paris", "Paris", None),
    "janssens": ("Europe/Brussels", "Brussels", "Paris"),
}


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def test_kyiv_paris_brussels_guests_across_the_end_of_summer_time(tmp_path: Path) -> None:
    plan = tmp_path / DST_PLAN.name
    shutil.copy(DST_PLAN, plan)
    messages = dry_run(plan, "paris-visit", tmp_path / "mail", now="1727740800")
    assert {stem.partition("--")[0] for stem in messages} == set(GUESTS)  # not the organizer
    for guest, (zone, own, event_zone) in GUESTS.items():
        mine = {s.partition("--")[2]: m for s, m in messages.items() if s.startswith(guest)}
        assert sorted(mine) == ["", *sorted(DST_SESSIONS)]
        files = []
        for session, message in mine.items():
            data = calendar_bytes(message)
            (vevent,) = Calendar.from_ical(data).walk("VEVENT")
            if session:
                start, end = DST_SESSIONS[session]
                assert vevent.decoded("dtstart") == utc(start)
                assert vevent.decoded("dtend") == utc(end)
            path = tmp_path / f"{guest}-{session or 'visit'}.ics"
            path.write_bytes(data)
            files.append(path)
        # khal, set to the guest's own zone, shows each session at their local time.
        rows = khal_list(files, zone, tmp_path / f"khal-{guest}")
        local = ZoneInfo(zone)
        got = {row["uid"].split("/")[-1].removesuffix("@visitplan"): row for row in rows}
        for session, (start, end) in DST_SESSIONS.items():
            row = got[session]
            assert row["start-long"] == f"{utc(start).astimezone(local):%Y-%m-%dT%H:%M}"
            assert row["end-long"] == f"{utc(end).astimezone(local):%Y-%m-%dT%H:%M}"
        # The visit's mail: every program line in the guest's own zone first.
        text = mine[""].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        lines = [line for line in text.splitlines() if line[:2].isdigit() and "–" in line]
        assert len(lines) == len(DST_SESSIONS)
        for line in lines:
            assert line.index(f"({own})") == line.index("(")
            if event_zone is not None:
                assert f"({event_zone})" in line
    # Kyiv is an hour ahead of Paris on both sides of the change; the UTC times moved.
    kyiv = messages["shevchenko"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "11:00–13:00 (Київ) · 10:00–12:00 (Париж)  Громадський транспорт: депо метро" in kyiv
    assert "11:00–13:00 (Київ) · 10:00–12:00 (Париж)  Теплові мережі після зміни часу" in kyiv


def test_a_text_in_another_language_is_marked_with_it(tmp_path: Path) -> None:
    """Janssens reads English; the heating session has no English title, so its
    Ukrainian one is shown, marked lang="uk" inside the English page."""
    plan = tmp_path / DST_PLAN.name
    shutil.copy(DST_PLAN, plan)
    messages = dry_run(plan, "paris-visit", tmp_path / "mail", now="1727740800")
    markup = messages["janssens"].get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert '<html lang="en">' in markup
    assert '<span lang="uk">Теплові мережі після зміни часу</span>' in markup
    assert markup.count("<span lang=") == 1  # every other text is English, or a name


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML bodies of the example's invitations, as files: the 2023 visit (to
    Chyzhevska, Kyiv and Paris times) and the 28 May 2024 online meeting (to Taran in
    Brussels, and to Bonduelle in French)."""
    tmp_path = tmp_path_factory.mktemp("pages")
    example = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, example)
    visit_mail = dry_run(example, "study-visit-2023", tmp_path / "visit")
    meeting = dry_run(example, "online-2024-05-28", tmp_path / "meeting", now="1714521600")
    chosen = {
        "invite-visit-uk": visit_mail["chyzhevska"],
        "invite-meeting-uk": meeting["taran"],
        "invite-meeting-fr": meeting["bonduelle"],
    }
    folder = tmp_path / "html"
    folder.mkdir()
    out = {}
    for name, message in chosen.items():
        path = folder / f"{name}.html"
        path.write_text(message.get_body(("html",)).get_content(), encoding="utf-8")  # type: ignore[union-attr]
        out[name] = path
    return out


def test_the_invitations_read_well_in_a_browser(browser: Any, pages: dict[str, Path]) -> None:
    """At 375 and 1280 px, light and dark: nothing scrolls sideways at 375, nothing is
    loaded from outside, no console error; screenshots under out/screenshots/."""
    for name, page in pages.items():
        for width in (375, 1280):
            for dark in (False, True):
                seen = visit(browser, page, width, dark=dark)
                seen.page.wait_for_load_state("load")
                if width == 375:
                    assert overflow(seen.page) == 0, (name, dark)
                assert seen.outside_requests == [], name
                assert seen.console_errors == [], name
                background = seen.page.evaluate("getComputedStyle(document.body).backgroundColor")
                assert (background == "rgb(13, 17, 23)") == dark, (name, dark, background)
                screenshot(seen.page, f"{name}-{width}{'-dark' if dark else ''}")
                seen.close()


def test_the_join_button_comes_first_and_the_program_is_a_table(
    browser: Any, pages: dict[str, Path]
) -> None:
    seen = visit(browser, pages["invite-meeting-uk"], 375)
    page = seen.page
    button = page.locator("a.button")
    assert button.get_attribute("href") == "https://meet.example.org/korosten-bourges"
    assert button.inner_text() == "Приєднатися до зустрічі"
    program_top = page.locator("table.program").bounding_box()["y"]
    assert button.bounding_box()["y"] < min(program_top, 300)  # on the first screen
    # Each session a row: time in each zone (Brussels first), title, speakers.
    rows = page.locator("table.program tbody tr")
    assert rows.count() == 7
    first = [rows.nth(0).locator("td").nth(i).inner_text() for i in range(5)]
    assert first == ["10:00–10:10", "11:00–11:10", "Вітальне слово", "", "Людмила Даменцова"]
    headers = page.locator("table.program thead th").all_inner_texts()
    assert headers == ["Час (Брюссель)", "Час (Київ)", "Назва", "Де", "Доповідачі"]
    # Guests grouped as show groups them (participation.groups): one heading each.
    assert page.locator("h3").all_inner_texts() == ["AUC", "Korosten", "AFCCRE", "Bourges", "CEMR"]
    seen.close()
    seen = visit(browser, pages["invite-visit-uk"], 1280)
    places = seen.page.locator("table.program tbody td:nth-child(4)").all_inner_texts()
    assert "Станція очищення води, Бурж" in places and "Мерія Буржа" in places
    assert seen.page.locator("tr.day").count() == 5  # a heading for each day of the visit
    seen.close()


# --------------------------------------------------------------------------- export


def export(plan: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "visitplan", "export", str(plan), *args],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1685577600", "VISITPLAN_TODAY": "2023-06-01"},
    )  # fmt: skip


def test_export_request_writes_a_file_per_entry_of_a_visit(example: Path, tmp_path: Path) -> None:
    """`export --method request --event VISIT -o FILE` writes FILE for the visit and
    FILE--<item>.ics for each session, one VEVENT each; standard output (one file) is
    refused, and then nothing is written, the state file included."""
    state = example.with_suffix(".visitplan-state")
    refused = export(example, "--method", "request", "--event", "study-visit-2023", "-o", "-")
    assert refused.returncode == 2
    assert "writes 8 files" in refused.stderr and "-o FILE.ics" in refused.stderr
    assert refused.stdout == "" and not state.exists()
    target = tmp_path / "out" / "visit.ics"
    target.parent.mkdir()
    done = export(example, "--method", "request", "--event", "study-visit-2023", "-o", str(target))
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in target.parent.iterdir())
    assert names == sorted(["visit.ics", *(f"visit--{s}.ics" for s in BOURGES)])
    for path in target.parent.iterdir():
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar["method"] == "REQUEST"
        (vevent,) = calendar.walk("VEVENT")
        session = path.stem.partition("--")[2]
        if session:
            assert vevent.decoded("dtstart") == paris(BOURGES[session][0])
    assert state.exists()  # the export is recorded once it is written


def test_readme_shows_the_invitation() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `visitplan invite") :]
    section = section[: section.index("\n### ")]
    assert "](docs/invite-visit-375.png)" in section
    data = (ROOT / "docs" / "invite-visit-375.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 200_000
    assert int.from_bytes(data[16:20], "big") == 375  # the IHDR width: a phone's


def test_cancelling_a_visit_cancels_each_session(example: Path, tmp_path: Path) -> None:
    """After the visit is cancelled in the plan, --cancel tells each guest of every entry
    they had: the visit and each session, METHOD:CANCEL, one VEVENT each."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1685577600", "VISITPLAN_TODAY": "2023-06-01"}
    dry_run(example, "study-visit-2023", tmp_path / "sent")
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "set", str(example), "event", "study-visit-2023",
         "--status", "cancelled"],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "invite", str(example), "study-visit-2023",
         "--cancel", "--dry-run", str(tmp_path / "cancel")],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    stems = sorted(p.stem for p in (tmp_path / "cancel").glob("*.eml"))
    assert stems == sorted(p.stem for p in (tmp_path / "sent").glob("*.eml"))
    for path in (tmp_path / "cancel").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        calendar = Calendar.from_ical(calendar_bytes(message))
        assert calendar["method"] == "CANCEL"
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["status"]) == "CANCELLED"
