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

from visitplan.programme.html import programme_css, render_html
from visitplan.programme.look import Look, load_look
from visitplan.programme.model import MODIFIED, Programme, build_programme

__all__ = [
    "MODIFIED",
    "Look",
    "Programme",
    "build_programme",
    "load_look",
    "programme_css",
    "render_html",
]
