"""The programme as HTML: one self-contained file (inline CSS, the logo as a data: URL,
no script, nothing loaded from the network), readable on a 375-pixel phone and printed
on A4 or Letter (a cover page, each event from a new page, no item split across pages,
the revision and "page X of Y" at the foot of each page).

Every text is in an element with its ``lang``; a bilingual programme stacks the languages
(headings, titles) or joins them with " / " (names, labels). Everything from the plan is
escaped here, in :func:`_e`: no plan text reaches the page unescaped.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable

from visitplan.i18n import label
from visitplan.plan.model import Text
from visitplan.render.programme.look import DEFAULT_LOOK, Look
from visitplan.render.programme.model import Item, Multi, Person, Place, Programme, Section, Times


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(multi: Multi, cls: str = "") -> str:
    """The texts on one line, ``a / b``, each in a span with its language."""
    attr = f' class="{cls}"' if cls else ""
    return '<span class="vp-sep" aria-hidden="true"> / </span>'.join(
        f'<span{attr} lang="{_e(p.lang)}">{_e(p.text)}</span>' for p in multi
    )


def _stacked(multi: Multi, tag: str, cls: str = "") -> str:
    """The texts one under the other in ``tag`` (the later languages quieter)."""
    if not multi:
        return ""
    inner = "".join(
        f'<span class="vp-l{"" if i == 0 else " vp-alt"}" lang="{_e(p.lang)}">'
        f"{_multiline(p.text)}</span>"
        for i, p in enumerate(multi)
    )
    return f'<{tag} class="vp-m{" " + cls if cls else ""}">{inner}</{tag}>'


def _multiline(text: str) -> str:
    return "<br>".join(_e(line) for line in text.splitlines())


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    out = "".join(ch if ch.isalnum() or ch in " .,:;/()–-·" else f"\\{ord(ch):06x}" for ch in text)
    return f'"{out}"'


CSS = """
.vp-programme{--vp-accent:%(accent)s;color:#1a1a1a;background:#fff;font-family:"Noto Sans","DejaVu Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:16px;line-height:1.45;max-width:52rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere;hyphens:auto;-webkit-hyphens:auto}
.vp-programme *{box-sizing:border-box}
.vp-programme h1,.vp-programme h2,.vp-programme h3,.vp-programme h4{color:var(--vp-accent);line-height:1.2;margin:1.2em 0 .4em}
.vp-programme h1{font-size:1.9rem}.vp-programme h2{font-size:1.5rem;border-bottom:2px solid var(--vp-accent);padding-bottom:.2em}
.vp-programme h3{font-size:1.2rem}.vp-programme h4{font-size:1.05rem;color:#1a1a1a;border-bottom:1px solid #c8c8c8}
.vp-m .vp-l{display:block}.vp-m .vp-alt{font-weight:normal;color:#4a4a4a;font-size:.9em}
.vp-sep{color:#4a4a4a}
.vp-cover{border-bottom:3px solid var(--vp-accent);padding-bottom:1rem}
.vp-logo{max-width:12rem;max-height:6rem;height:auto;display:block}
.vp-letterhead{color:#4a4a4a;font-size:.9rem;margin:.3rem 0}
.vp-partnership{font-size:1.1rem;margin:.6rem 0}
.vp-facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.2rem 1rem;margin:.6rem 0}
.vp-facts dt{font-weight:bold}.vp-facts dd{margin:0}
.vp-status{display:inline-block;border:1px solid currentColor;border-radius:.3rem;padding:0 .4rem;font-size:.85rem;font-weight:normal}
.vp-cancelled .vp-event-title{text-decoration:line-through}
.vp-note{border-left:4px solid var(--vp-accent);background:#f3f5f8;padding:.4rem .7rem;margin:.6rem 0}
.vp-items{list-style:none;margin:0;padding:0}
.vp-item{display:grid;grid-template-columns:minmax(8.5rem,max-content) 1fr;gap:.2rem 1rem;padding:.5rem 0;border-bottom:1px solid #e2e2e2}
.vp-times{font-variant-numeric:tabular-nums;white-space:nowrap}
.vp-times .vp-time{display:block}.vp-times .vp-time+.vp-time{color:#4a4a4a}
.vp-title{font-weight:bold;margin:0}
.vp-detail{margin:.15rem 0;font-size:.95rem}
.vp-label{font-weight:bold}
.vp-people{margin:.2rem 0 .8rem;padding-left:1.2rem}
.vp-footer{margin-top:2rem;border-top:1px solid #c8c8c8;color:#4a4a4a;font-size:.85rem}
.vp-programme a{color:var(--vp-accent)}
@media (max-width:30rem){.vp-item{grid-template-columns:1fr}.vp-facts{grid-template-columns:1fr}.vp-facts dd{margin-bottom:.3rem}.vp-programme h1{font-size:1.5rem}}
@media print{
@page{margin:16mm 14mm 18mm;@bottom-center{content:%(footer)s;font-size:8pt;color:#4a4a4a}}
.vp-programme{max-width:none;padding:0;font-size:10.5pt}
.vp-cover{break-after:page;border-bottom:none}.vp-cover-single{break-after:auto}
.vp-event+.vp-event{break-before:page}
.vp-item,.vp-note,.vp-people li,.vp-facts{break-inside:avoid}
.vp-programme h2,.vp-programme h3,.vp-programme h4{break-after:avoid}
.vp-programme a{color:inherit;text-decoration:none}
.vp-programme a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;color:#4a4a4a}
.vp-footer{display:none}
}
"""


def programme_css(programme: Programme | None = None, look: Look = DEFAULT_LOOK) -> str:
    """The stylesheet of the programme's HTML, for another page's <head> (in a <style>):
    every rule is under ``.vp-programme``, except the printed page's own (``@page``),
    whose foot names ``programme``'s revision and numbers the pages in its languages
    (without a programme, the foot is left to the browser)."""
    footer = "none"
    if programme is not None:
        revision = " · ".join(p.text for p in programme.revision_text())
        parts: list[str] = [_css_string(revision + " · ")]
        for index, lang in enumerate(programme.languages):
            if index:
                parts.append(_css_string(" · "))
            before, between, after = _page_of(lang)
            parts += [
                _css_string(before),
                "counter(page)",
                _css_string(between),
                "counter(pages)",
                _css_string(after),
            ]
        footer = " ".join(part for part in parts if part != '""')
    return CSS % {"accent": look.accent, "footer": footer}


def _page_of(lang: str) -> tuple[str, str, str]:
    """ "page {page} of {pages}" cut around its two numbers: ("page ", " of ", "")."""
    text = label(lang, "page-of", page="\0", pages="\1")
    before, _, rest = text.partition("\0")
    between, _, after = rest.partition("\1")
    return before, between, after


def render_html(programme: Programme, *, standalone: bool = True, look: Look = DEFAULT_LOOK) -> str:
    """The programme as HTML: a whole document (``standalone``), or the inner HTML to
    put in another page's <body> (then the page's <head> needs :func:`programme_css`
    in a <style>)."""
    parts = [f'<div class="vp-programme" lang="{_e(programme.lang)}">']
    parts.append(_cover(programme, look))
    parts.extend(_section(programme, section) for section in programme.sections)
    parts.append(
        f'<footer class="vp-footer"><p>{_inline(programme.revision_text())}</p></footer></div>'
    )
    body = "\n".join(parts) + "\n"
    if not standalone:
        return body
    title = " / ".join(p.text for p in programme.cover.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(programme.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{programme_css(programme, look)}</style>\n"
        f"</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _logo(programme: Programme, look: Look) -> str:
    if look.logo is None or look.logo_type is None:
        return ""
    data = base64.b64encode(look.logo.read_bytes()).decode("ascii")
    alt = _plain(programme, look.logo_alt) or "logo"
    return f'<img class="vp-logo" src="data:{look.logo_type};base64,{data}" alt="{_e(alt)}">'


def _plain(programme: Programme, value: Text | None) -> str:
    return "" if value is None else value.get(programme.lang)


def _look_text(programme: Programme, look: Look) -> str:
    value = look.letterhead
    if value is None:
        return ""
    shown: list[tuple[str, str]] = []
    for lang in programme.languages:
        code, text = value.resolve(lang)
        if text and all(text != t for _, t in shown):
            shown.append((code or lang, text))
    return "".join(
        f'<p class="vp-letterhead" lang="{_e(code)}">{_multiline(text)}</p>' for code, text in shown
    )


def _cover(programme: Programme, look: Look) -> str:
    """The cover: a page of its own for several events; for one event, its head (title,
    status, dates, times, place, link, host…) with the organizer, on the same page as
    its programme, so that nothing is said twice and a short meeting is one page."""
    cover = programme.cover
    single = programme.single
    classes = "vp-cover vp-cover-single" if single else "vp-cover"
    if single and programme.sections[0].cancelled:
        classes += " vp-cancelled"
    out = [f'<header class="{classes}">', _logo(programme, look), _look_text(programme, look)]
    out.extend(_stacked(title, "p", "vp-partnership") for title in cover.partnership)
    if single:
        section = programme.sections[0]
        out.append(f"<h1>{_title(section)}</h1>")
        facts = _event_facts(programme, section)
    else:
        out.append(_stacked(cover.title, "h1"))
        facts = [(programme.word("dates"), _inline(cover.dates))]
        if cover.place:
            facts.append((programme.word("where"), _inline(cover.place)))
        if cover.host:
            facts.append((programme.word("host"), "; ".join(_inline(h) for h in cover.host)))
        if cover.delegations:
            facts.append(
                (programme.word("delegation"), "<br>".join(_inline(d) for d in cover.delegations))
            )
    if cover.organizer is not None:
        facts.append((programme.word("organizer"), _person(programme, cover.organizer)))
    out.append(_facts(facts))
    out.append("</header>")
    return "\n".join(part for part in out if part)


def _facts(facts: Iterable[tuple[Multi, str]]) -> str:
    rows = "".join(f"<dt>{_inline(key)}</dt><dd>{value}</dd>" for key, value in facts if value)
    return f'<dl class="vp-facts">{rows}</dl>'


def _person(programme: Programme, person: Person) -> str:
    parts = [_inline(person.name)]
    if person.only:
        parts[0] += f" ({'; '.join(_inline(only) for only in person.only)})"
    if person.lead:
        parts[0] += f" ({_inline(programme.word('lead'))})"
    if person.role:
        parts.append(_inline(person.role))
    if person.organization:
        parts.append(_inline(person.organization))

    if person.email:
        parts.append(f'<a href="mailto:{_e(person.email)}">{_e(person.email)}</a>')
    if person.phone:
        tel = "".join(ch for ch in person.phone if ch.isdigit() or ch == "+")
        parts.append(f'<a href="tel:{_e(tel)}">{_e(person.phone)}</a>')
    return " · ".join(parts)


def _place(programme: Programme, place: Place) -> str:
    shown = _inline(place.name)
    if place.map_url:
        shown += (
            f' (<a href="{_e(place.map_url)}" rel="noopener">{_inline(programme.word("map"))}</a>)'
        )
    return shown


def _times(times: Iterable[Times], between: str = "") -> str:
    """Each zone's time in a span of its own; ``between`` separates them where they run
    on one line (an item's times are stacked in a column of their own)."""
    return between.join(
        f'<span class="vp-time">{_e(t.text)} {_inline(t.city)}</span>' for t in times
    )


def _title(section: Section) -> str:
    """The event's title, and its status unless it is confirmed."""
    status = (
        f' <span class="vp-status">{_inline(section.status_label)}</span>'
        if section.status != "confirmed"
        else ""
    )
    return _stacked(section.title, "span", "vp-event-title") + status


def _event_facts(programme: Programme, section: Section) -> list[tuple[Multi, str]]:
    facts: list[tuple[Multi, str]] = [(programme.word("dates"), _inline(section.dates))]
    if section.times:
        facts.append((programme.word("zones"), _times(section.times, " · ")))
    if section.place:
        facts.append((programme.word("where"), _place(programme, section.place)))
    if section.url:
        facts.append(
            (
                programme.word("online-link"),
                f'<a href="{_e(section.url)}" rel="noopener">{_e(section.url)}</a>',
            )
        )
    if section.host:
        facts.append((programme.word("host"), _inline(section.host)))
    if section.delegations:
        facts.append(
            (programme.word("delegation"), "<br>".join(_inline(d) for d in section.delegations))
        )
    if section.topics:
        facts.append((programme.word("topics"), "; ".join(_inline(t) for t in section.topics)))
    return facts


def _section(programme: Programme, section: Section) -> str:
    classes = "vp-event" + (" vp-cancelled" if section.cancelled else "")
    out = [f'<section class="{classes}" id="{_e(section.plan)}--{_e(section.event)}">']
    if not programme.single:  # a single event's head is the cover
        out.append(f"<h2>{_title(section)}</h2>")
        out.append(_facts(_event_facts(programme, section)))
    out.extend(f'<p class="vp-note">{_inline(note)}</p>' for note in section.zone_notes)
    if section.notes:
        out.append(_stacked(section.notes, "div", "vp-note"))
    if any(day.items for day in section.days):
        out.append(f"<h3>{_inline(programme.word('program'))}</h3>")
        for day in section.days:
            if not day.items:
                continue
            out.append(_stacked(day.heading, "h4"))
            out.append('<ol class="vp-items">')
            out.extend(_item(programme, item) for item in day.items)
            out.append("</ol>")
    if section.groups:
        out.append(f"<h3>{_inline(programme.word('participants-title'))}</h3>")
        for group in section.groups:
            out.append(f'<p class="vp-label">{_inline(group.heading)}</p>')
            people = "".join(f"<li>{_person(programme, p)}</li>" for p in group.people)
            out.append(f'<ul class="vp-people">{people}</ul>')
    out.append("</section>")
    return "\n".join(out)


def _item(programme: Programme, item: Item) -> str:
    # a cancelled item's title is struck through as a cancelled event's (same rule)
    title_class = "vp-title vp-event-title" if item.status == "cancelled" else "vp-title"
    body = [_stacked(item.title, "p", title_class)]
    if item.status != "confirmed":
        body.append(
            f'<p class="vp-detail"><span class="vp-status">{_inline(item.status_label)}</span></p>'
        )
    if item.place:
        body.append(_detail(programme, "where", _place(programme, item.place)))
    if item.speakers:
        speakers = "; ".join(_person(programme, s) for s in item.speakers)
        body.append(_detail(programme, "speakers", speakers))
    if item.topics:
        body.append(_detail(programme, "topics", "; ".join(_inline(t) for t in item.topics)))
    if item.notes:
        body.append(_stacked(item.notes, "div", "vp-detail"))
    classes = "vp-item" + (" vp-cancelled" if item.status == "cancelled" else "")
    return (
        f'<li class="{classes}"><div class="vp-times">{_times(item.times)}</div>'
        f'<div class="vp-body">{"".join(body)}</div></li>'
    )


def _detail(programme: Programme, key: str, value: str) -> str:
    return (
        f'<p class="vp-detail"><span class="vp-label">{_inline(programme.word(key))}</span>'
        f'<span aria-hidden="true">: </span>{value}</p>'
    )
