"""`visitplan program --format pdf`: the PDF's text read back with pypdf (every title in
both languages, the times in both zones across the 2025 US/EU clock-change gap), its
pages (a cover, then each event from the top of a new page, "page X of Y" on each), the
fonts embedded, the same bytes for the same plan, a template's look, and the message
when the PDF extra is missing. The real command runs as a subprocess on real files."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

from conftest import EXAMPLE, ROOT, Run, snapshot  # noqa: E402
from visitplan.plan.loading import load_plan_file  # noqa: E402
from visitplan.plan.model import Plan  # noqa: E402
from visitplan.render.programme import build_programme, load_look  # noqa: E402
from visitplan.render.programme.pdf import render_pdf  # noqa: E402
from visitplan.views.agenda import Window  # noqa: E402

DST = ROOT / "tests" / "plans" / "dst-partners.toml"


def png(width: int = 8, height: int = 4, rgb: tuple[int, int, int] = (122, 31, 43)) -> bytes:
    """A small solid PNG: the logo of the test templates."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def load(path: Path) -> Plan:
    result = load_plan_file(path, path.name)
    assert result.plan is not None
    return result.plan


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with hyphenated words joined and spaces collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        text = page.extract_text().replace("\u00ad\n", "").replace("\u00ad", "")
        out.append(re.sub(r"\s+", " ", text))
    return out


def program(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "visitplan", "program", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        env={"VISITPLAN_TODAY": "2024-06-01", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
    )


@pytest.fixture(scope="module")
def dst_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    target = tmp_path_factory.mktemp("pdf") / "programme.pdf"
    done = program(DST, "--all", "--lang", "en", "--lang", "uk", "--format", "pdf", "-o", target)
    assert done.returncode == 0, done.stderr.decode()
    return target.read_bytes()


def test_every_title_in_both_languages_and_times_in_both_zones(dst_pdf: bytes) -> None:
    plan = load(DST)
    text = " ".join(pages_text(dst_pdf))
    for event in plan.events:
        for lang in ("en", "uk"):
            assert event.title.get(lang) in text
        for item in event.program:
            assert item.title.get("en") in text and item.title.get("uk") in text
    # 4 March: New York is 7 h behind Kyiv; 11 March (US summer time, EU not yet): 6 h
    pages = pages_text(dst_pdf)
    march_4 = next(p for p in pages if "4 March 2025 /" in p)
    march_11 = next(p for p in pages if "11 March 2025 /" in p)
    assert "16:00–17:00 Kyiv / Київ 09:00–10:00 New York / Нью-Йорк" in march_4
    assert "16:00–17:00 Kyiv / Київ 10:00–11:00 New York / Нью-Йорк" in march_11
    assert "from 9 March 2025, Kyiv is 6 h ahead of New York (before: 7 h)" in march_11
    assert "з 9 березня 2025" in march_11
    april = next(p for p in pages if "1 April 2025 /" in p)
    assert "17:30–18:30 New York / Нью-Йорк 00:30–01:30 (+1) Kyiv / Київ" in april
    assert "from 30 March 2025, Kyiv is 7 h ahead of New York (before: 6 h)" in april


def test_a_cover_then_each_event_from_a_new_page(dst_pdf: bytes) -> None:
    plan = load(DST)
    programme = build_programme(plan, window=Window(), languages=["en", "uk"], revision="x")
    pages = pages_text(dst_pdf)
    # each section of this plan fits on one page: the cover and one page each
    assert len(pages) == 1 + len(programme.sections) == 1 + len(plan.events)
    for page, section in zip(pages[1:], programme.sections, strict=True):
        assert page.startswith(section.title[0].text)
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
        assert f"сторінка {number} з {len(pages)}" in page


def test_fonts_are_embedded_and_the_bytes_do_not_vary(dst_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(dst_pdf))
    fonts = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ).get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
            fonts += 1
    assert fonts
    again = render_pdf(
        build_programme(load(DST), window=Window(), languages=["en", "uk"], revision="x")
    )
    assert again == render_pdf(
        build_programme(load(DST), window=Window(), languages=["en", "uk"], revision="x")
    )


def test_the_example_visit_in_ukrainian_and_french(tmp_path: Path) -> None:
    target = tmp_path / "visit.pdf"
    done = program(
        EXAMPLE, "study-visit-2023", "--lang", "uk", "--lang", "fr", "-f", "pdf", "-o", target
    )
    assert done.returncode == 0, done.stderr.decode()
    pages = pages_text(target.read_bytes())
    text = " ".join(pages)
    visit = load(EXAMPLE).event("study-visit-2023")
    assert visit is not None
    for item in visit.program:
        assert item.title.get("uk") in text and item.title.get("fr") in text
        # no item split between pages: its title and its times on the same page
        (page,) = [p for p in pages if item.title.get("uk") in p]
        assert f"{item.when.start:%H:%M}–{item.when.end:%H:%M} Париж" in page
    # the places link to a map, the meeting to its address
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in pypdf.PdfReader(target).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert any(link.startswith("https://www.openstreetmap.org/search?query=") for link in links)
    # an item's city in both languages, one under the other in the times column
    assert "10:00–12:00 Париж Paris 11:00–13:00 Київ Kyiv" in text
    # long lines are hyphenated in both languages (Typst's uk and fr patterns)
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    broken = re.findall(r"(\w+)\u00ad\n(\w+)", raw)
    assert any(re.match("[а-яіїєґʼ]", a + b, re.I) for a, b in broken), broken
    assert any(re.match("[a-zéèàç]", a + b, re.I) and a + b not in "Korosten" for a, b in broken)


def test_a_template_gives_logo_colour_and_letterhead(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    (tmp_path / "template.toml").write_text(
        'logo = "logo.png"\nlogo_alt = "AUC"\naccent = "#7a1f2b"\npaper = "us-letter"\n'
        'letterhead.uk = "Асоціація міст України"\nletterhead.fr = "Association des villes"\n',
        encoding="utf-8",
    )
    look = load_look(tmp_path)
    programme = build_programme(
        load(EXAMPLE), events=["online-2024-05-28"], languages=["uk", "fr"], revision="x"
    )
    pdf = render_pdf(programme, look=look)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    assert round(float(first.mediabox.width)) == 612  # Letter: 8.5 in
    assert "Асоціація міст України" in pages_text(pdf)[0]
    assert "Association des villes" in pages_text(pdf)[0]
    xobjects = first["/Resources"].get("/XObject", {})
    assert [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"], "the logo"
    assert pdf != render_pdf(programme)


def test_without_the_pdf_extra_it_says_how_to_install(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # import typst now fails
    before = snapshot(tmp_path)
    result = run("program", EXAMPLE, "study-visit-2023", "-f", "pdf", "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert "pip install 'visitplan[pdf]'" in result.output
    assert snapshot(tmp_path) == before


def test_a_pdf_needs_a_file_to_go_to(tmp_path: Path) -> None:
    done = program(EXAMPLE, "study-visit-2023", "--format", "pdf", cwd=tmp_path)
    assert done.returncode == 2
    assert b"give -o FILE for a PDF" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_plan_text_is_never_read_as_typst_markup(tmp_path: Path) -> None:
    markup = "#set page(width: 1cm) $x^2$ *bold* _it_ <label> @ref \\\\ // not a comment"
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'title.fr = "Station de traitement des eaux"',
        "title.fr = '" + markup + "'",
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    target = tmp_path / "p.pdf"
    done = program(plan, "study-visit-2023", "--lang", "fr", "-f", "pdf", "-o", target)
    assert done.returncode == 0, done.stderr.decode()
    pages = pages_text(target.read_bytes())
    assert any(markup in page for page in pages), [p[:200] for p in pages]
    width = pypdf.PdfReader(target).pages[0].mediabox.width
    assert round(float(width)) == 595  # A4, whatever the text said
