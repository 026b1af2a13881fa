"""`visitplan site DIR`: the pages it makes and what they say (in each plan language, who
takes part from ``participation``, no contacts unless asked), its folder (the manifest, a
re-run that rewrites nothing, removed pages, the user's files), golden pages of the
example plan, and the command's failures. Browser checks: tests/integration/test_site_browser.py.

Regenerate the golden pages after an intended change with `UPDATE_GOLDEN=1
.venv/bin/pytest tests/output/test_site.py`, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE, MINIMAL, TESTS, Run, assert_golden, snapshot
from visitplan.plan.loading import load_plan_file
from visitplan.plan.model import Plan
from visitplan.plan.participation import part_of
from visitplan.render.site import SiteOptions, site_files
from visitplan.render.site.folder import MANIFEST
from visitplan.render.site.pages import Shown, relative
from visitplan.views.agenda import Window, make_window

HERE = TESTS
GOLDEN = HERE / "golden" / "site"
WHO = HERE / "plans" / "who-takes-part.toml"
DST = HERE / "plans" / "dst-partners.toml"
TODAY = date(2024, 6, 1)
EPOCH = "1717200000"  # 2024-06-01T00:00:00Z


def load(path: Path) -> Plan:
    result = load_plan_file(path, path.as_posix())
    assert result.plan is not None
    return result.plan


def options(**changes: object) -> SiteOptions:
    values: dict[str, object] = {
        "today": TODAY,
        "now": datetime(2024, 6, 1, tzinfo=UTC),
        "window": make_window(TODAY),
        "revisions": {EXAMPLE.as_posix(): "0000000", WHO.as_posix(): "0000000"},
    }
    values.update(changes)
    return SiteOptions(**values)  # type: ignore[arg-type]


class Links(HTMLParser):
    """The links, languages and text of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.html_lang: str | None = None
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_lang = found.get("lang")
        if tag == "meta":
            self.meta.append(found)
        for key in ("href", "src"):
            value = found.get(key)
            if value is not None:
                self.links.append(value)


def parse(data: bytes) -> Links:
    parser = Links()
    parser.feed(data.decode("utf-8"))
    return parser


def pages(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.endswith(".html")}


EXTERNAL = ("https://", "http://", "mailto:", "tel:", "webcal://", "#")


def local_targets(name: str, data: bytes) -> list[str]:
    """The files of the site the page at ``name`` links to (resolved, without anchors)."""
    base = Path(name).parent
    out = []
    for link in parse(data).links:
        if link.startswith(EXTERNAL) or link.startswith("data:"):
            continue
        target = os.path.normpath((base / link.split("#")[0]).as_posix())
        out.append(Path(target).as_posix())
    return out


# --------------------------------------------------------------------------- pages


def test_relative_links_climb_to_the_site_root() -> None:
    assert relative("index.html", "style.css") == "style.css"
    assert relative("uk/index.html", "style.css") == "../style.css"
    assert relative("fr/events/p/e.html", "calendars/p.ics") == "../../../calendars/p.ics"


@given(st.text(), st.sampled_from(["uk", "fr", None]))
def test_a_text_is_escaped_and_marked_with_its_language(value: str, lang: str | None) -> None:
    html = Shown(value, lang, "uk").__html__()
    parser = HTMLParser(convert_charrefs=True)
    text: list[str] = []
    parser.handle_data = text.append  # type: ignore[method-assign]
    parser.feed(f"<p>{html}</p>")
    parser.close()
    assert "".join(text) == value
    assert ('lang="fr"' in html) == (lang == "fr")
    assert "<" not in html.replace('<span lang="fr">', "").replace("</span>", "")


def test_every_page_of_the_example_in_each_language() -> None:
    plan = load(EXAMPLE)
    files = site_files([plan], options())
    for lang in plan.languages:
        assert f"{lang}/index.html" in files
        assert f"{lang}/plans/korosten-bourges.html" in files
        for event in plan.events:
            assert f"{lang}/events/korosten-bourges/{event.id}.html" in files
        for person in plan.people:
            assert f"{lang}/people/{person}.html" in files
    assert "calendars/korosten-bourges.ics" in files
    assert {f"calendars/people/{p}.ics" for p in plan.people} <= set(files)
    for name, data in pages(files).items():
        lang = parse(data).html_lang
        assert lang == (name.split("/")[0] if "/" in name else plan.languages[0]), name


def test_the_switcher_leads_to_the_same_page_in_the_other_languages() -> None:
    files = site_files([load(EXAMPLE)], options())
    page = files["fr/events/korosten-bourges/study-visit-2023.html"].decode()
    for lang in ("uk", "en"):
        link = f'href="../../../{lang}/events/korosten-bourges/study-visit-2023.html" hreflang="{lang}" lang="{lang}"'
        assert link in page
    assert 'hreflang="fr"' not in page


def test_every_local_link_of_the_site_is_a_file_of_it() -> None:
    files = site_files([load(EXAMPLE), load(WHO), load(DST)], options())
    for name, data in pages(files).items():
        for target in local_targets(name, data):
            assert target in files, f"{name} links to {target}, which the site does not have"


def test_the_index_lists_the_upcoming_events_of_every_plan() -> None:
    plans = [load(EXAMPLE), load(WHO)]
    files = site_files(plans, options())
    index = files["fr/index.html"].decode()
    assert "Visite d&#39;étude en France" in index  # 14–18 October 2024
    assert "visite-2023" not in index and "study-visit-2023" not in index
    assert "online-2024-05-28" not in index  # before 1 June 2024
    assert "Partenariat Vinnytsia – Lyon" in index
    assert "vinnytsia-lyon/visit.html" in index  # September 2025
    everything = site_files(plans, options(window=Window()))["fr/index.html"].decode()
    assert "study-visit-2023.html" in everything


def test_nothing_upcoming_says_from_when() -> None:
    later = date(2030, 1, 1)
    files = site_files([load(EXAMPLE)], options(today=later, window=make_window(later)))
    assert "Rien de prévu à partir du 1er janvier 2030." in files["fr/index.html"].decode()


def test_a_persons_page_lists_what_participation_says_they_take_part_in() -> None:
    plan = load(WHO)
    files = site_files([plan], options())
    for person_id in plan.people:
        name = f"en/people/{person_id}.html"
        targets = local_targets(name, files[name])
        for event in plan.events:
            linked = f"en/events/vinnytsia-lyon/{event.id}.html" in targets
            assert linked == (part_of(plan, event, person_id) is not None), (person_id, event.id)


def test_someone_who_only_speaks_sees_only_their_items() -> None:
    plan = load(WHO)
    page = site_files([plan], options())["en/people/smith.html"].decode()
    assert "Pierre-Bénite water treatment station" in page
    assert "Schools of Lyon" not in page
    assert "speaker" in page


def test_a_persons_calendar_is_the_per_person_export(tmp_path: Path) -> None:
    """With --contacts the site's calendar of a person is byte for byte the file
    `export --per-person` writes (the site reuses it, and never writes the state)."""
    shutil.copy(EXAMPLE, tmp_path / "plan.toml")
    state = EXAMPLE.with_name("korosten-bourges.visitplan-state")
    shutil.copy(state, tmp_path / "plan.visitplan-state")
    env = dict(os.environ, VISITPLAN_TODAY="2024-06-01", SOURCE_DATE_EPOCH=EPOCH)
    command = [sys.executable, "-m", "visitplan"]
    site = tmp_path / "site"
    done = subprocess.run(
        [*command, "site", site, tmp_path / "plan.toml", "--contacts"], env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan.visitplan-state").read_bytes() == state.read_bytes()
    per_person = tmp_path / "per-person"
    done = subprocess.run(
        [*command, "export", tmp_path / "plan.toml", "--per-person", per_person],
        env=env,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    exported = sorted(per_person.glob("*.ics"))
    assert exported
    for path in exported:
        assert (site / "calendars" / "people" / path.name).read_bytes() == path.read_bytes()


def test_no_email_or_phone_anywhere_unless_contacts() -> None:
    plan = load(EXAMPLE)
    secrets = [p.email for p in plan.people.values() if p.email]
    secrets += [p.phone for p in plan.people.values() if p.phone]
    assert secrets
    files = site_files([plan], options())
    for name, data in files.items():
        for secret in secrets:
            assert secret.encode() not in data, (name, secret)
    shown = site_files([plan], options(contacts=True))
    person = plan.people["chyzhevska"]
    assert f'href="mailto:{person.email}"'.encode() in shown["uk/people/chyzhevska.html"]
    assert b"ATTENDEE" in shown["calendars/korosten-bourges.ics"]
    assert b"ATTENDEE" not in files["calendars/korosten-bourges.ics"]


def test_pages_ask_not_to_be_indexed_unless_public() -> None:
    plan = load(EXAMPLE)
    for public in (False, True):
        files = site_files([plan], options(public=public))
        for name, data in pages(files).items():
            robots = [m for m in parse(data).meta if m.get("name") == "robots"]
            assert bool(robots) != public, name
            if robots:
                assert "noindex" in (robots[0].get("content") or "")


def test_base_url_adds_subscriptions_and_every_other_link_stays_relative() -> None:
    base = "https://example.org/visits/"
    files = site_files([load(EXAMPLE)], options(base_url=base))
    page = files["uk/people/chyzhevska.html"].decode()
    assert 'href="webcal://example.org/visits/calendars/people/chyzhevska.ics"' in page
    plan_page = files["fr/plans/korosten-bourges.html"].decode()
    assert 'href="webcal://example.org/visits/calendars/korosten-bourges.ics"' in plan_page
    for name, data in pages(files).items():
        for link in parse(data).links:
            assert not link.startswith(base), (name, link)
    plain = site_files([load(EXAMPLE)], options())
    assert not any(b"webcal:" in data for data in plain.values())


def test_same_plans_same_bytes() -> None:
    first = site_files([load(EXAMPLE), load(WHO)], options())
    again = site_files([load(EXAMPLE), load(WHO)], options())
    assert first == again


def test_plan_text_is_escaped(write_plan) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace('title = "Réunion"', 'title = "<script>alert(1)</script> & \\"ça\\""')
    plan = load(write_plan(text))
    files = site_files([plan], options(window=Window(), revisions={plan.source: "0000000"}))
    page = files["fr/events/twin/meeting.html"].decode()
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page


# --------------------------------------------------------------------------- golden

GOLDEN_PAGES = [
    "index.html",
    "uk/index.html",
    "en/plans/korosten-bourges.html",
    "fr/events/korosten-bourges/study-visit-2023.html",
    "uk/people/chyzhevska.html",
]


def normalise(text: str) -> str:
    """The programme's revision is the one thing that varies (fixed here anyway)."""
    return re.sub(r"\b[0-9a-f]{7}\b", "REVISION", text)


@pytest.mark.parametrize("name", GOLDEN_PAGES)
def test_example_pages_match_golden(name: str) -> None:
    files = site_files([load(EXAMPLE)], options())
    shown = normalise(files[name].decode("utf-8"))
    golden = GOLDEN / name
    assert_golden(golden, shown)


# --------------------------------------------------------------------------- command


def test_site_command_writes_and_says_what_it_did(run: Run, tmp_path: Path) -> None:
    result = run("site", tmp_path / "site", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "files written, 0 unchanged" in result.output
    again = run("site", tmp_path / "site", EXAMPLE)
    assert again.exit_code == 0
    assert "wrote" in again.output and "0 files written" in again.output
    assert (tmp_path / "site" / MANIFEST).is_file()


def test_a_bad_base_url_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("site", tmp_path / "site", EXAMPLE, "--base-url", "example.org")
    assert result.exit_code == 2
    assert "--base-url" in result.output and "https://" in result.output
    assert not (tmp_path / "site").exists()


def test_a_folder_of_other_files_is_refused_unless_forced(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mes notes", encoding="utf-8")
    before = snapshot(folder)
    result = run("site", folder, EXAMPLE)
    assert result.exit_code == 2
    assert "not written by `visitplan site`" in result.output and "--force" in result.output
    assert snapshot(folder) == before
    forced = run("site", folder, EXAMPLE, "--force")
    assert forced.exit_code == 0, forced.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mes notes"
    assert (folder / "uk" / "index.html").is_file()


def test_a_file_in_place_of_the_folder_fails_cleanly(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("x", encoding="utf-8")
    result = run("site", target, EXAMPLE)
    assert result.exit_code == 2
    assert "is a file" in result.output and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "x"


def test_an_invalid_plan_writes_nothing(run: Run, tmp_path: Path) -> None:
    bad = HERE / "plans" / "broken-visit.toml"
    result = run("site", tmp_path / "site", bad)
    assert result.exit_code == 1
    assert "error" in result.output
    assert not (tmp_path / "site").exists()


def test_a_manifest_cannot_remove_files_outside_the_site(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    assert run("site", folder, EXAMPLE).exit_code == 0
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert "uk/index.html" in manifest["units"][""]["files"]
    manifest["units"]["gone"] = {
        "digest": "x",
        "files": {"../precious.txt": [4, 0], "/etc/hostname": [1, 0], "uk/old.html": [1, 0]},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "uk" / "old.html").write_text("x", encoding="utf-8")
    result = run("site", folder, EXAMPLE)
    assert result.exit_code == 0
    assert "1 removed" in result.output
    assert outside.read_text(encoding="utf-8") == "keep"
    assert not (folder / "uk" / "old.html").exists()


# --------------------------------------------------------------------------- real process


def site_process(folder: Path, *plans: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, VISITPLAN_TODAY="2024-06-01", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "visitplan", "site", str(folder), *map(str, plans)],
        env=env,
        capture_output=True,
        check=False,
    )


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_rerun_on_unchanged_plans_rewrites_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    assert site_process(folder, EXAMPLE, WHO).returncode == 0
    before, content = mtimes(folder), snapshot(folder)
    done = site_process(folder, EXAMPLE, WHO)
    assert done.returncode == 0, done.stderr
    assert b"0 files written" in done.stderr
    assert mtimes(folder) == before
    assert snapshot(folder) == content


def test_a_removed_events_pages_go_and_the_users_files_stay(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "twin.toml"
    plan.parent.mkdir()
    extra = '\n[[events]]\nid = "visit"\nkind = "study-visit"\ntitle = "Visite"\nstart = 2024-09-02\nend = 2024-09-04\ntimezone = "Europe/Paris"\nparticipants = ["bonduelle"]\n'
    plan.write_text(MINIMAL + extra, encoding="utf-8")
    folder = tmp_path / "site"
    assert site_process(folder, plan, WHO).returncode == 0
    pages_of_visit = [
        folder / lang / "events" / "twin" / "visit.html" for lang in ("uk", "fr", "en")
    ]
    assert all(page.is_file() for page in pages_of_visit)
    (folder / "CNAME").write_text("visits.example.org\n", encoding="utf-8")
    (folder / "uk" / "events" / "twin" / "mine.txt").write_text("x", encoding="utf-8")
    plan.write_text(MINIMAL, encoding="utf-8")
    done = site_process(folder, plan)
    assert done.returncode == 0, done.stderr
    assert b"removed" in done.stderr
    assert not any(page.exists() for page in pages_of_visit)
    assert (folder / "fr" / "events" / "twin" / "meeting.html").is_file()
    assert not (folder / "fr" / "events" / "vinnytsia-lyon").exists()  # emptied, so removed
    assert not (folder / "calendars" / "people" / "smith.ics").exists()
    assert (folder / "uk" / "events" / "twin" / "mine.txt").read_text(encoding="utf-8") == "x"
    assert (folder / "CNAME").read_text(encoding="utf-8") == "visits.example.org\n"
    assert "visit.html" not in (folder / "fr" / "index.html").read_text(encoding="utf-8")
    assert "fr/events/twin/visit.html" not in (folder / MANIFEST).read_text(encoding="utf-8")


def test_a_page_changed_by_hand_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    assert site_process(folder, EXAMPLE).returncode == 0
    page = folder / "fr" / "events" / "korosten-bourges" / "study-visit-2023.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Bourges", b"Vierzon"))
    done = site_process(folder, EXAMPLE)
    assert done.returncode == 0, done.stderr
    assert b"1 file written, " in done.stderr
    assert page.read_bytes() == original


def test_pdf_programmes_in_every_language_of_the_plan(run: Run, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("typst")
    result = run("site", tmp_path / "site", EXAMPLE, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "site" / "programmes" / "korosten-bourges" / "study-visit-2023.pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    flat = " ".join(text.split())
    for title in ("Visite d'étude à Bourges", "Study visit to Bourges"):
        assert title in flat
    assert "Навчальний" in flat
    page = tmp_path / "site" / "uk" / "events" / "korosten-bourges" / "study-visit-2023.html"
    assert 'href="../../../programmes/korosten-bourges/study-visit-2023.pdf"' in page.read_text(
        encoding="utf-8"
    )


def test_pdf_without_the_extra_says_how_to_get_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "typst" else real(name, *a)
    )
    result = run("site", tmp_path / "site", EXAMPLE, "--pdf")
    assert result.exit_code == 1
    assert "typst" in result.output and "visitplan[pdf]" in result.output
    assert not (tmp_path / "site").exists()
