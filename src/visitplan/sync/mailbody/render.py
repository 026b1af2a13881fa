"""An invitation :class:`~visitplan.sync.mailbody.content.Body` as plain text and as HTML.

The HTML is for mail readers: one ``<style>`` block of simple rules (Apple Mail,
Thunderbird and Outlook on the web read it; the layout stays usable where a reader drops
it), simple tables, a light and a dark scheme (``color-scheme`` and
``prefers-color-scheme``), nothing loaded from outside (no images, no fonts), and each
text marked with its own ``lang``. At a phone's width (375 px) the program's table
stacks its cells, each with its column's name."""

from __future__ import annotations

import html

from visitplan.i18n import colon, label
from visitplan.sync.mailbody.content import Body, Line, plain


def text(body: Body) -> str:
    """The plain text part."""
    lang = body.lang
    lines = [body.intro, "", plain(body.title), ""]
    width = max((len(name) for name, _ in body.facts), default=0)
    lines += [
        f"{(name + colon(lang).rstrip(' ')) if name else '':<{width + 1}} {plain(value)}"
        for name, value in body.facts
    ]
    if body.about:
        lines.append("")
        lines += [f"{name}{colon(lang)}{plain(value)}" for name, value in body.about]
    if body.notes:
        lines += ["", plain(body.notes)]
    if body.sessions:
        lines += ["", f"{label(lang, 'program')}{colon(lang).rstrip(' ')}"]
        day = None
        for session in body.sessions:
            if session.day and session.day != day:
                day = session.day
                lines.append(day)
            line = " · ".join(f"{time} ({zone})" for time, zone in session.times)
            line += f"  {plain(session.title)}"
            if session.speakers:
                line += f" — {plain(session.speakers)}"
            lines.append(line)
            if session.place:
                lines.append(f"    {label(lang, 'where')}{colon(lang)}{plain(session.place)}")
    if body.guests or body.no_email:
        lines += ["", f"{label(lang, 'participants-title')}{colon(lang).rstrip(' ')}"]
        lines += [
            f"{plain(heading)}{colon(lang)}{', '.join(plain(n) for n in names)}"
            for heading, names in body.guests
        ]
        if body.no_email:
            lines.append(f"{label(lang, 'no-email')}{colon(lang)}{plain(body.no_email)}")
    if body.topics:
        lines += ["", f"{label(lang, 'topics')}{colon(lang)}{plain(body.topics)}"]
    for closing in (body.entries, body.footer):
        if closing:
            lines += ["", closing]
    return "\n".join(lines) + "\n"


def style(lang: str | None) -> str:
    """The style block of a message in ``lang`` (the colon after a label is the
    language's: ``\\202f :`` in French)."""
    return STYLE.replace("{colon}", _css_string(colon(lang)))


def _css_string(text: str) -> str:
    """``text`` inside a CSS string: a character beyond ASCII as its escape (``\\202f ``)."""
    return "".join(c if c.isascii() else f"\\{ord(c):x} " for c in text)


STYLE = """\
:root { color-scheme: light dark; supported-color-schemes: light dark; }
body { margin: 0; padding: 16px; background: #ffffff; color: #1f2328;
  font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.45; -webkit-text-size-adjust: 100%; }
.mail { max-width: 680px; margin: 0 auto; }
h1 { font-size: 22px; line-height: 1.25; margin: 4px 0 16px; }
h2 { font-size: 18px; margin: 24px 0 8px; }
h3 { font-size: 16px; margin: 12px 0 4px; }
p { margin: 8px 0; }
a { color: #0a58ca; overflow-wrap: anywhere; }
.join { margin: 12px 0 20px; }
.join a.button { display: inline-block; padding: 10px 20px; border-radius: 6px;
  background: #0a58ca; color: #ffffff; font-weight: bold; text-decoration: none; }
.join .url { display: block; margin-top: 6px; font-size: 14px; }
table { border-collapse: collapse; }
.facts th { text-align: left; vertical-align: top; padding: 2px 12px 2px 0; white-space: nowrap; }
.facts td { padding: 2px 0; overflow-wrap: anywhere; }
.program { width: 100%; font-size: 15px; }
.program th, .program td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid #d0d7de; }
.program thead th { font-size: 13px; color: #57606a; border-bottom: 2px solid #d0d7de; }
.program tr.day th { padding-top: 14px; font-size: 15px; border-bottom: 2px solid #d0d7de; }
.program td.time { white-space: nowrap; }
.muted { color: #57606a; }
ul.guests { margin: 0 0 8px; padding-left: 20px; }
@media (max-width: 600px) {
  body { padding: 12px; }
  .program, .program tbody, .program tr, .program td, .program th { display: block; width: auto; }
  .program thead { display: none; }
  .program tr { padding: 6px 0; border-bottom: 1px solid #d0d7de; }
  .program tr.day { border-bottom: 2px solid #d0d7de; }
  .program td, .program tr.day th { border: 0; padding: 2px 0; }
  .program td.time { white-space: normal; }
  .program td[data-label]::before { content: attr(data-label) "{colon}"; color: #57606a;
    font-size: 13px; }
  .program td.title { font-weight: bold; }
  .program td.title::before { content: none; }
}
@media (prefers-color-scheme: dark) {
  body { background: #0d1117; color: #e6edf3; }
  a { color: #58a6ff; }
  .join a.button { background: #1f6feb; color: #ffffff; }
  .program th, .program td, .program tr, .program tr.day, .program tr.day th,
  .program thead th { border-color: #30363d; }
  .program thead th, .muted, .program td[data-label]::before { color: #9198a1; }
}
"""


def _show(line: Line, lang: str) -> str:
    """A line as HTML: each piece in another language than the page's marked with its
    ``lang``, a link as a link."""
    esc = html.escape
    out = []
    for piece in line:
        if piece.lang is not None and piece.lang != lang:
            out.append(f'<span lang="{esc(piece.lang)}">{esc(piece.text)}</span>')
        elif piece.text.startswith(("https://", "http://")):
            out.append(f'<a href="{esc(piece.text)}">{esc(piece.text)}</a>')
        else:
            out.append(esc(piece.text))
    return "".join(out)


def page(body: Body) -> str:
    """The HTML part: a whole document in the language of the tool's words, plan texts
    in theirs."""
    lang = body.lang
    esc = html.escape

    def show(line: Line) -> str:
        return _show(line, lang)

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="supported-color-schemes" content="light dark">',
        f"<title>{esc(plain(body.title))}</title>",
        f"<style>\n{style(lang)}</style>",
        "</head>",
        '<body><div class="mail">',
        f'<p class="muted">{esc(body.intro)}</p>',
        f"<h1>{show(body.title)}</h1>",
    ]
    if body.join:
        url = esc(body.join)
        parts.append(
            f'<p class="join"><a class="button" href="{url}">{esc(label(lang, "join"))}</a>'
            f'<a class="url" href="{url}">{url}</a></p>'
        )
    if body.facts:
        parts.append('<table class="facts" role="presentation">')
        for name, value in body.facts + body.about:
            parts.append(f"<tr><th>{esc(name)}</th><td>{show(value)}</td></tr>")
        parts.append("</table>")
    if body.notes:
        parts.append(f"<p>{show(body.notes)}</p>".replace("\n", "<br>\n"))
    if body.sessions:
        parts += _program(body)
    if body.guests or body.no_email:
        parts += _guests(body)
    if body.topics:
        parts.append(f"<h2>{esc(label(lang, 'topics'))}</h2>")
        parts.append(f"<p>{show(body.topics)}</p>")
    for closing in (body.entries, body.footer):
        if closing:
            parts.append(f'<p class="muted">{esc(closing)}</p>')
    parts.append("</div></body></html>")
    return "\n".join(parts) + "\n"


def _program(body: Body) -> list[str]:
    """The program's table: a column of times per zone, title, place, speakers; a row
    heading each day."""
    lang = body.lang
    esc = html.escape
    zones = [zone for _, zone in body.sessions[0].times]
    heads = [
        *(f"{label(lang, 'time')} ({zone})" for zone in zones),
        label(lang, "title"),
        label(lang, "where"),
        label(lang, "speakers"),
    ]
    parts = [f"<h2>{esc(label(lang, 'program'))}</h2>", '<table class="program">']
    parts.append(
        "<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in heads) + "</tr></thead>"
    )
    parts.append("<tbody>")
    day = None
    for session in body.sessions:
        if session.day and session.day != day:
            day = session.day
            parts.append(
                f'<tr class="day"><th colspan="{len(heads)}" scope="rowgroup">{esc(day)}</th></tr>'
            )
        cells = [
            f'<td class="time" data-label="{esc(head)}">{esc(time)}</td>'
            for head, (time, _) in zip(heads, session.times, strict=False)
        ]
        cells.append(f'<td class="title">{_show(session.title, lang)}</td>')
        for head, value in ((heads[-2], session.place), (heads[-1], session.speakers)):
            cells.append(
                f'<td data-label="{esc(head)}">{_show(value, lang)}</td>' if value else "<td></td>"
            )
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return parts


def _guests(body: Body) -> list[str]:
    """The participants: a heading per group with its names, then those without email."""
    lang = body.lang
    esc = html.escape
    parts = [f"<h2>{esc(label(lang, 'participants-title'))}</h2>"]
    for heading, names in body.guests:
        parts.append(f"<h3>{_show(heading, lang)}</h3>")
        parts.append(
            '<ul class="guests">' + "".join(f"<li>{_show(n, lang)}</li>" for n in names) + "</ul>"
        )
    if body.no_email:
        parts.append(
            f'<p class="muted">{esc(label(lang, "no-email"))}{esc(colon(lang))}'
            f"{_show(body.no_email, lang)}</p>"
        )
    return parts
