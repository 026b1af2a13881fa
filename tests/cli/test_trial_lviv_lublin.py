"""What a coordinator found trying a Lviv (Europe/Kyiv) – Lublin (Europe/Warsaw) plan with
a CEMR partner in Brussels, a visit on 24–26 October 2026 across the end of summer time
(tests/plans/lviv-lublin.toml): the night walk ends at the SECOND 02:30 of 25 October in
Lublin (``+01:00``), 01:30 UTC."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import ROOT

PLAN = ROOT / "tests" / "plans" / "lviv-lublin.toml"
CROSSCHECK = Path("/work/shared/tools/ics-crosscheck")
WALK_END = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30+01:00 in Lublin


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copy(PLAN, tmp_path / PLAN.name)
    return tmp_path / PLAN.name


def visitplan(*args: str | Path, today: str = "2026-10-01") -> subprocess.CompletedProcess[str]:
    """The real command as a process."""
    env = {**os.environ, "VISITPLAN_TODAY": today, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *map(str, args)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


def walk_end(data: bytes) -> datetime:
    for vevent in Calendar.from_ical(data).walk("VEVENT"):
        if str(vevent["uid"]).endswith("/night-walk@visitplan"):
            return vevent.decoded("dtend")  # type: ignore[no-any-return]
    raise AssertionError("no night walk")


def crosscheck(*files: Path) -> None:
    if not CROSSCHECK.exists():
        pytest.skip("ics-crosscheck is not on this machine")
    done = subprocess.run([str(CROSSCHECK), *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0 and "RESULT OK" in done.stdout, done.stdout + done.stderr


# ------------------------------------------------------------------ 1: the second 02:30


def test_an_end_at_the_second_occurrence_is_written_in_utc(plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.ics"
    done = visitplan("export", plan, "-o", target)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert b"DTEND:20261025T013000Z\r\n" in data  # not TZID=Europe/Warsaw:…T023000
    assert b"TZID=Europe/Warsaw:20261025T023000" not in data
    assert walk_end(data) == WALK_END
    # a first occurrence, and every other time, keeps its zone
    assert b"DTSTART;TZID=Europe/Warsaw:20261025T013000\r\n" in data
    people = tmp_path / "people"
    done = visitplan("export", plan, "--per-person", people)
    assert done.returncode == 0, done.stderr
    request = tmp_path / "request" / "visit.ics"
    request.parent.mkdir()
    done = visitplan(
        "export", plan, "--method", "request", "--event", "visit-lublin-2026", "-o", request
    )
    assert done.returncode == 0, done.stderr
    assert walk_end((request.parent / "visit--night-walk.ics").read_bytes()) == WALK_END
    files = [target, request.parent / "visit--night-walk.ics"]
    for path in people.glob("*.ics"):
        if b"night-walk" in path.read_bytes():
            assert walk_end(path.read_bytes()) == WALK_END
            files.append(path)
    crosscheck(*files)


def test_the_invitation_of_the_session_ends_at_the_second_occurrence(
    plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mail"
    done = visitplan("invite", plan, "visit-lublin-2026", "--dry-run", out)
    assert done.returncode == 0, done.stderr
    found = 0
    for path in out.glob("*--night-walk.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        assert walk_end(data) == WALK_END
        found += 1
    assert found


def test_views_say_which_0230_it_is(plan: Path) -> None:
    """show, agenda, and the mail all take the times from agenda.Span.text."""
    shown = visitplan("show", plan, "visit-lublin-2026")
    assert shown.returncode == 0, shown.stderr
    assert "01:30–02:30 (UTC+1) Варшава · 02:30–03:30 (UTC+2) Київ" in shown.stdout
    agenda = visitplan("agenda", plan, "--from", "2026-10-24", "--to", "2026-10-26")
    assert agenda.returncode == 0, agenda.stderr
    assert "02:30 (UTC+1)" in agenda.stdout
    # a time outside the fold is as before
    assert "10:00–11:30 Варшава" in shown.stdout and "(UTC+2) Варшава" not in shown.stdout


def test_fold_mark_only_on_the_second_occurrence() -> None:
    from zoneinfo import ZoneInfo

    from visitplan.plan.timezones import fold_mark, second_occurrence

    warsaw = ZoneInfo("Europe/Warsaw")
    second = WALK_END.astimezone(warsaw)
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC).astimezone(warsaw)
    assert (f"{first:%H:%M}", f"{second:%H:%M}") == ("02:30", "02:30")
    assert second_occurrence(second) and not second_occurrence(first)
    assert (fold_mark(first), fold_mark(second)) == ("", " (UTC+1)")
    india = datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("Asia/Kolkata"), fold=1)
    assert fold_mark(india) == ""  # fold=1 where nothing happens twice


# ------------------------------------------------------------------ 3, 11: invite


def test_invite_takes_today_from_visitplan_today(plan: Path, tmp_path: Path) -> None:
    """The real clock is past the visit; VISITPLAN_TODAY says it is 1 October 2026."""
    done = visitplan("invite", plan, "visit-lublin-2026", "--dry-run", tmp_path / "mail")
    assert done.returncode == 0, done.stderr
    late = visitplan(
        "invite", plan, "visit-lublin-2026", "--dry-run", tmp_path / "late", today="2026-10-28"
    )
    assert late.returncode == 2
    # the last day of the visit, not its exclusive end (27 October 00:00)
    assert 'event "visit-lublin-2026" ended on 2026-10-26:' in late.stderr
    assert "2026-10-27" not in late.stderr and not (tmp_path / "late").exists()


@pytest.mark.parametrize("command", ["program", "export", "invite"])
def test_an_unknown_event_id_is_a_usage_error_with_a_guess(
    plan: Path, tmp_path: Path, command: str
) -> None:
    args: list[str | Path] = {
        "program": ["program", plan, "visit-lublin-2025", "-o", tmp_path / "p.html"],
        "export": ["export", plan, "--event", "visit-lublin-2025", "-o", tmp_path / "p.ics"],
        "invite": ["invite", plan, "visit-lublin-2025", "--dry-run", tmp_path / "mail"],
    }[command]
    done = visitplan(*args)
    assert done.returncode == 2, done.stderr
    assert 'did you mean "visit-lublin-2026"?' in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [PLAN.name]


# ------------------------------------------------------------------ 2, 19: the programme


def test_an_online_meetings_times_are_apart_and_read_well(plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "prep.html"
    done = visitplan(
        "program", plan, "prep-online-2026-10-13", "--lang", "uk", "--lang", "fr", "-o", target
    )
    assert done.returncode == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    # two zones, one after the other: never "…Kyiv</span></span><span class="vp-time">10:00"
    assert '</span></span> · <span class="vp-time">10:00–11:00 <span lang="uk">Варшава' in html
    assert '<span lang="uk">Час</span><span class="vp-sep" aria-hidden="true"> / </span>' in html
    assert "Час за" not in html and "Heures de" not in html


def test_a_bilingual_pdf_stacks_a_citys_names(plan: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("typst")
    import io

    target = tmp_path / "visit.pdf"
    done = visitplan(
        "program", plan, "visit-lublin-2026", "--lang", "uk", "--lang", "fr",
        "--format", "pdf", "-o", target,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    assert "10:00–11:30 Варшава" in lines and "Varsovie" in lines
    assert not [line for line in lines if line.rstrip().endswith("Варшава /")]


# ------------------------------------------------------------------ 4, 16, 20: program -o


def test_program_takes_the_format_from_the_extension(plan: Path, tmp_path: Path) -> None:
    pytest.importorskip("typst")
    pdf, html = tmp_path / "y.pdf", tmp_path / "y.html"
    done = visitplan("program", plan, "prep-online-2026-10-13", "-o", pdf)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert done.stderr == f"wrote {pdf}\n"
    done = visitplan("program", plan, "prep-online-2026-10-13", "-o", html)
    assert done.returncode == 0 and html.read_bytes().startswith(b"<!DOCTYPE html>")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for args in (["--format", "pdf", "-o", html], ["--format", "html", "-o", pdf]):
        refused = visitplan("program", plan, "prep-online-2026-10-13", *args)
        assert refused.returncode == 2, refused.stderr
        assert "does not fit" in refused.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_language_given_twice_counts_once(plan: Path, tmp_path: Path) -> None:
    once, twice = tmp_path / "once.html", tmp_path / "twice.html"
    for target, langs in ((once, ["--lang", "uk"]), (twice, ["--lang", "uk"] * 2)):
        done = visitplan("program", plan, "prep-online-2026-10-13", *langs, "-o", target)
        assert done.returncode == 0, done.stderr
    assert once.read_bytes() == twice.read_bytes()
    shown = visitplan("program", "--help")
    assert "A language given twice counts once" in " ".join(shown.stdout.split())


# ------------------------------------------------------------------ 5: a session's file name


def test_a_speaker_at_one_session_gets_files_named_for_it(plan: Path, tmp_path: Path) -> None:
    """Tomasz Wiśniewski speaks at the depot visit only (not a participant of the visit)."""
    mail = tmp_path / "mail"
    done = visitplan("invite", plan, "visit-lublin-2026", "--dry-run", mail)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in mail.iterdir()}
    assert "wisniewski--trolleybus-depot.eml" in names and "wisniewski.eml" not in names
    assert {"kowalczyk.eml", "kowalczyk--welcome.eml"} <= names
    people = tmp_path / "people"
    done = visitplan(
        "export", plan, "--method", "request", "--event", "visit-lublin-2026",
        "--per-person", people,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = {p.name for p in people.iterdir()}
    assert "wisniewski--trolleybus-depot.ics" in names and "wisniewski.ics" not in names


# ------------------------------------------------------------------ 16: what was written


def test_export_request_counts_and_keeps_unchanged_files(plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "visit.ics"
    target.parent.mkdir()
    args = ("export", plan, "--method", "request", "--event", "visit-lublin-2026")
    first = visitplan(*args, "-o", target)
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"wrote 7 files: {target} and its sessions (0 unchanged)\n"
    stamps = {p.name: p.stat().st_mtime_ns for p in target.parent.iterdir()}
    (target.parent / "visit--debrief.ics").write_bytes(b"spoilt")
    again = visitplan(*args, "-o", target)
    assert again.stderr == f"wrote 1 file: {target} and its sessions (6 unchanged)\n"
    for path in target.parent.iterdir():
        if path.name != "visit--debrief.ics":
            assert path.stat().st_mtime_ns == stamps[path.name], path.name
    people = tmp_path / "people"
    visitplan(*args, "--per-person", people)
    done = visitplan(*args, "--per-person", people)
    assert done.returncode == 0 and "(29 unchanged)" in done.stderr
    assert done.stderr.startswith("wrote 0 files to ")


# ------------------------------------------------------------------ 6, 7, 9, 10: covers, people


def programme_html(plan: Path, tmp_path: Path, event: str, *langs: str) -> str:
    target = tmp_path / f"{event}.html"
    args = [a for lang in langs or ("en",) for a in ("--lang", lang)]
    done = visitplan("program", plan, event, *args, "-o", target)
    assert done.returncode == 0, done.stderr
    return target.read_text(encoding="utf-8")


def test_one_events_head_is_its_cover_said_once(plan: Path, tmp_path: Path) -> None:
    html = programme_html(plan, tmp_path, "prep-online-2026-10-13")
    assert html.count("Online preparation of the Lublin visit</span>") == 1
    assert html.count('<dt><span lang="en">Dates</span></dt>') == 1
    cover = html[html.index('<header class="vp-cover') : html.index("</header>")]
    # the meeting's time in its zones and its link are on the cover
    assert '11:00–12:00 <span lang="en">Kyiv</span>' in cover
    assert 'href="https://meet.example.org/lviv-lublin-prep?pwd=a&amp;b=c"' in cover
    assert "Iryna Hrytsenko" in cover  # the organizer
    assert "vp-cover-single" in cover and ".vp-cover-single{break-after:auto}" in html


def test_a_short_meetings_pdf_is_one_page(plan: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("typst")
    import io

    target = tmp_path / "prep.pdf"
    done = visitplan("program", plan, "prep-online-2026-10-13", "--lang", "en", "-o", target)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "https://meet.example.org/lviv-lublin-prep" in text and "11:00–12:00" in text


def test_a_cancelled_events_cover_says_so(plan: Path, tmp_path: Path) -> None:
    html = programme_html(plan, tmp_path, "excursion-zamosc")
    cover = html[html.index('<header class="vp-cover') : html.index("</header>")]
    assert 'class="vp-cover vp-cover-single vp-cancelled"' in cover
    assert '<span class="vp-status"><span lang="en">cancelled</span></span>' in cover


def test_participants_say_only_and_no_organization_twice(plan: Path, tmp_path: Path) -> None:
    html = programme_html(plan, tmp_path, "visit-lublin-2026")
    people = html[html.index('<p class="vp-label">') :]
    assert (
        'Tomasz Wiśniewski</span> (<span lang="en">only ZTM trolleybus depot: e-buses and '
        "trolleybuses</span>)" in people
    )
    lublin = people[people.index("Lublin City Hall") : people.index("Council of European")]
    assert lublin.count("Lublin City Hall") == 1  # the heading, not each person again
    # in a delegation, each person's organization is said
    assert 'Deputy mayor</span> · <span lang="en">Lviv City Council' in people


def test_site_pages_show_the_cover_once_and_each_entrys_time(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = visitplan("site", site, plan)
    assert done.returncode == 0, done.stderr
    event = (site / "en" / "events" / "lviv-lublin" / "visit-lublin-2026.html").read_text()
    assert event.count('<dt><span lang="en">Organizer</span></dt>') == 1
    assert event.count("<h1>") == 1 and event.count("Study visit to Lublin</span>") == 1
    person = (site / "en" / "people" / "kowalczyk.html").read_text()
    assert "Tuesday, 13 October 2026, 11:00–12:00 Kyiv · 10:00–11:00 Warsaw · online" in person


# ------------------------------------------------------------------ 17: the language chooser


def test_the_sites_root_speaks_each_of_its_languages(plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = visitplan("site", site, plan)
    assert done.returncode == 0, done.stderr
    root = (site / "index.html").read_text(encoding="utf-8")
    assert '<h1><span lang="uk">Програми</span> / <span lang="fr">Programmes</span></h1>' in root
    for lang, prompt in (("uk", "Оберіть мову"), ("fr", "Choisir une langue"),
                         ("en", "Choose a language")):  # fmt: skip
        assert f'<p lang="{lang}">{prompt}</p>' in root
    assert "<title>Програми / Programmes</title>" in root


# ------------------------------------------------------------------ 12: invite without PLAN


def test_invite_finds_the_plan_as_show_does(plan: Path, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.move(plan, tmp_path / "plans" / PLAN.name)
    env = {**os.environ, "VISITPLAN_TODAY": "2026-10-01", "NO_COLOR": "1"}

    def invite(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "visitplan", "invite", *args],
            cwd=tmp_path, capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip

    done = invite("prep-online-2026-10-13", "--dry-run", "mail")
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 4
    wrong = invite("prep-online-2026-10-1", "--dry-run", "other")
    assert wrong.returncode == 2 and 'did you mean "prep-online-2026-10-13"?' in wrong.stderr
    many = invite("a", "b", "c", "--dry-run", "other")
    assert many.returncode == 2 and "at most a plan and an event id" in many.stderr
    assert not (tmp_path / "other").exists()


# ------------------------------------------------------------------ 18: an item's status


@pytest.fixture
def walk_cancelled(plan: Path) -> Path:
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('  id = "night-walk"\n', '  id = "night-walk"\n  status = "cancelled"\n'),
        encoding="utf-8",
    )
    return plan


def test_a_cancelled_item_is_shown_and_exported_as_cancelled(
    walk_cancelled: Path, tmp_path: Path
) -> None:
    plan = walk_cancelled
    checked = visitplan("check", plan)
    assert checked.returncode == 0 and "no problems" in checked.stdout, checked.stdout
    shown = visitplan("show", plan, "visit-lublin-2026", "--lang", "fr")
    assert "Visite nocturne de la vieille ville [annulé]" in " ".join(shown.stdout.split())
    agenda = visitplan("agenda", plan, "--from", "2026-10-25", "--to", "2026-10-25")
    assert "[скасовано]" in agenda.stdout
    target = tmp_path / "all.ics"
    assert visitplan("export", plan, "-o", target).returncode == 0
    calendar = Calendar.from_ical(target.read_bytes())
    status = {str(v["uid"]).rpartition("/")[2]: str(v["status"]) for v in calendar.walk("VEVENT")}
    assert status["night-walk@visitplan"] == "CANCELLED"
    assert status["welcome@visitplan"] == "CONFIRMED"
    assert status["visit-lublin-2026@visitplan"] == "CONFIRMED"
    html = programme_html(plan, tmp_path, "visit-lublin-2026")
    assert '<li class="vp-item vp-cancelled">' in html and html.count("vp-item vp-cancelled") == 1
    mail = tmp_path / "mail"
    assert visitplan("invite", plan, "visit-lublin-2026", "--dry-run", mail).returncode == 0
    message = email.message_from_bytes((mail / "kowalczyk.eml").read_bytes(), policy=policy.default)
    body = message.get_body(("plain",))
    assert body is not None and "Night walk in the Old Town [cancelled]" in body.get_content()


def test_a_cancelled_session_is_no_invitation_and_an_update_cancels_it(
    walk_cancelled: Path, tmp_path: Path
) -> None:
    # found by a coordinator: the cancelled session went out as "You are invited to",
    # METHOD:REQUEST with STATUS:CANCELLED
    plan = walk_cancelled
    first, update = tmp_path / "first", tmp_path / "update"
    assert (
        visitplan("invite", plan, "visit-lublin-2026", "--dry-run", "--save", first).returncode == 0
    )
    sessions = {path.name for path in first.glob("*--*.eml")}
    assert sessions and not any("night-walk" in name for name in sessions)
    done = visitplan("invite", plan, "visit-lublin-2026", "--update", "--dry-run", "--save", update)
    assert done.returncode == 0, done.stderr

    def method(path: Path) -> str:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        payload = calendar.get_payload(decode=True)
        assert isinstance(payload, bytes)
        (line,) = [x for x in payload.splitlines() if x.startswith(b"METHOD:")]
        assert calendar.get_param("method") == line.partition(b":")[2].decode()
        return line.partition(b":")[2].decode()

    walks = sorted(update.glob("*--night-walk.eml"))
    assert walks and {method(path) for path in walks} == {"CANCEL"}
    others = [p for p in update.glob("*--*.eml") if "night-walk" not in p.name]
    assert others and {method(path) for path in others} == {"REQUEST"}


def test_a_wrong_item_status_is_refused(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('  id = "night-walk"\n', '  id = "night-walk"\n  status = "canceled"\n')
    )
    done = visitplan("check", plan)
    assert done.returncode == 1
    assert 'did you mean "cancelled"?' in done.stdout + done.stderr
