"""The printable programme of a plan's events (``visitplan program``), and the HTML of it
that other pages embed (``visitplan site``).

This package owns what a programme shows and how it is laid out:

- ``model``: :func:`build_programme`, the frozen view model (cover, events day by day with
  times in the event's zone and the delegation's home zone, places, speakers, topics,
  participants by delegation and organization, notes, revision), every text in each
  language asked for and marked with its language;
- ``words``: the programme's own words in uk, fr and en (the rest come from ``i18n``);
- ``look``: an association's own look (``--template DIR``: logo, colours, letterhead);
- ``html``: :func:`render_html` (a self-contained document, or the inner HTML of one for
  another page with :func:`programme_css`);
- ``pdf``: :func:`render_pdf`, typeset by Typst (the optional ``visitplan[pdf]`` extra).

Who takes part is asked of ``participation`` (through ``views.event_view``), which events
and days are shown and in which zones of ``agenda``; nothing here reads plan files.
"""

from __future__ import annotations

from pathlib import PurePath

from visitplan.errors import UsageError
from visitplan.render.programme.html import programme_css, render_html
from visitplan.render.programme.look import Look, load_look
from visitplan.render.programme.model import MODIFIED, Programme, build_programme

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def output_format(given: str | None, output: str | None) -> str:
    """The format to write: ``given`` (--format), else the one the file's extension names
    (``y.pdf``: pdf), else html. A --format the extension contradicts is a usage error."""
    suffix = PurePath(output).suffix.lower() if output and output != "-" else ""
    named = FORMATS.get(suffix)
    if given is None:
        return named or "html"
    if named is not None and named != given:
        raise UsageError(
            f"--format {given} does not fit {output}, whose extension names {named}",
            f"give -o FILE{'.pdf' if given == 'pdf' else '.html'}, or leave out --format "
            "to write what the extension names",
        )
    return given


__all__ = [
    "FORMATS",
    "MODIFIED",
    "Look",
    "Programme",
    "build_programme",
    "load_look",
    "output_format",
    "programme_css",
    "render_html",
]
