"""The programme as a PDF, typeset by Typst (the ``typst`` package, ``visitplan[pdf]``).

Why Typst: the package carries the compiler and its fonts (Libertinus Serif, with
Cyrillic) in one wheel for Linux, macOS and Windows, imports in about 30 ms and sets a
page in well under 100 ms; it hyphenates Ukrainian and French and embeds the fonts, so
the PDF looks the same everywhere. WeasyPrint needs Pango from the system and takes
about a second to import. The data goes in as JSON (``sys.inputs``): no plan text is
ever spliced into Typst markup. Only Typst's own fonts are used (never the machine's),
and the document has no creation date: the same programme gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from importlib import resources
from typing import Any

from visitplan.errors import VisitplanError
from visitplan.i18n import label
from visitplan.render.programme.look import DEFAULT_LOOK, Look
from visitplan.render.programme.model import Multi, Programme, said

INSTALL_HINT = (
    "install the PDF extra: pip install 'visitplan[pdf]' (in a checkout: "
    ".venv/bin/pip install -e '.[pdf]', which make demo does), or use --format html"
)


class PdfUnavailable(VisitplanError):
    """The typst package is not installed."""


def render_pdf(programme: Programme, *, look: Look = DEFAULT_LOOK) -> bytes:
    """The programme as PDF bytes (A4, or Letter when the look says ``us-letter``)."""
    try:
        import typst
    except ImportError:
        raise PdfUnavailable("PDF output needs the typst package", INSTALL_HINT) from None
    source = resources.files("visitplan.render.programme").joinpath("programme.typ").read_bytes()
    inputs = {"data": json.dumps(_document(programme, look), ensure_ascii=False, default=_iso)}
    root = look.logo.parent if look.logo is not None else None
    try:
        compiler = typst.Compiler(root=str(root) if root else None, ignore_system_fonts=True)
        pdf = compiler.compile(input=source, format="pdf", sys_inputs=inputs)
    except typst.TypstError as error:  # a logo Typst cannot read, for one
        raise VisitplanError(f"the PDF could not be made: {error.message}") from None
    assert isinstance(pdf, bytes)
    return pdf


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _document(programme: Programme, look: Look) -> dict[str, Any]:
    data = dataclasses.asdict(programme)
    data["single"] = programme.single
    data["words"] = {key: _phrases(value) for key, value in programme.words.items()}
    data["revision"] = _phrases(programme.revision_text())
    data["page_of"] = _phrases(
        said(
            programme.languages, lambda lang: label(lang, "page-of", page="{page}", pages="{pages}")
        )
    )
    letterhead: list[dict[str, str]] = []
    if look.letterhead is not None:
        for lang in programme.languages:
            code, text = look.letterhead.resolve(lang)
            if text and all(text != shown["text"] for shown in letterhead):
                letterhead.append({"lang": code or lang, "text": text})
    data["look"] = {
        "accent": look.accent,
        "paper": look.paper,
        "logo": f"/{look.logo.name}" if look.logo is not None else None,
        "logo_alt": look.logo_alt.get(programme.lang) if look.logo_alt else "logo",
        "letterhead": letterhead,
    }
    return data


def _phrases(multi: Multi) -> list[dict[str, str]]:
    return [{"lang": p.lang, "text": p.text} for p in multi]
