"""The pages of the site and where each goes: the whole site as (path, bytes) pairs,
built from the plans alone, with nothing written (``folder`` writes them).

Layout (every link between pages is relative, so the folder works as it is, zipped, or
served from any path)::

    index.html                     the languages, each with its upcoming events
    style.css
    <lang>/index.html              upcoming events across the plans
    <lang>/plans/<plan>.html       one plan: its events, its people, its calendar
    <lang>/events/<plan>/<event>.html
    <lang>/people/<person>.html    what one person takes part in, their own calendar
    calendars/<plan>.ics
    calendars/people/<person>.ics

A plan's and an event's pages exist in each of the plan's languages; a person's in each
language of the plans they are in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from visitplan.i18n import colon, date_range, label, language_name, short_date, ui_language
from visitplan.plan.model import Event, Person, Plan, ProgramItem
from visitplan.plan.model import Text as PlanText
from visitplan.plan.participation import Part, everyone, part_of
from visitplan.render.phrases import times_text
from visitplan.views.agenda import Window, build_agenda, default_columns, spans

if TYPE_CHECKING:
    import jinja2

    from visitplan.ical.files import PersonCalendar
    from visitplan.ical.stamps import Stamped
    from visitplan.render.programme import Programme

STYLE = "style.css"
DEFAULT_LANGUAGE = "en"  # for a plan that lists no languages


@dataclass(frozen=True)
class SiteOptions:
    """What the site shows. ``now`` stamps the calendar entries changed since their last
    export (DTSTAMP): the same ``now`` gives the same bytes."""

    today: date
    now: datetime
    window: Window
    base_url: str | None = None  # https://… where the site is served, for subscriptions
    contacts: bool = False  # emails and phone numbers
    public: bool = False  # let search engines index the pages
    pdf: bool = False  # each event's programme as a PDF too (the pdf extra)
    # each plan's revision (by its source) for the programme's footer; a plan missing
    # here is asked of git (``programme.revision_of``)
    revisions: Mapping[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- paths


def plan_languages(plan: Plan) -> tuple[str, ...]:
    return plan.languages or (DEFAULT_LANGUAGE,)


def page_language(plan: Plan, lang: str) -> str:
    """The language of ``plan``'s pages a page in ``lang`` links to: ``lang`` if the plan
    has it, else its first."""
    languages = plan_languages(plan)
    return lang if lang in languages else languages[0]


def index_path(lang: str) -> str:
    return f"{lang}/index.html"


def plan_path(lang: str, plan: Plan) -> str:
    return f"{lang}/plans/{plan.id}.html"


def event_path(lang: str, plan: Plan, event: Event) -> str:
    return f"{lang}/events/{plan.id}/{event.id}.html"


def event_pdf_path(plan: Plan, event: Event) -> str:
    return f"programmes/{plan.id}/{event.id}.pdf"


def person_path(lang: str, name: str) -> str:
    return f"{lang}/people/{name}.html"


def plan_calendar_path(plan: Plan) -> str:
    return f"calendars/{plan.id}.ics"


def person_calendar_path(name: str) -> str:
    return f"calendars/people/{name}.ics"


def relative(source: str, target: str) -> str:
    """The link from the page at ``source`` to ``target`` (both relative to the site)."""
    depth = source.count("/")
    return "../" * depth + target


# --------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Shown:
    """A text on a page, with its language: marked ``lang`` where it differs from the
    page's (a text written without a language takes the page's)."""

    value: str
    lang: str | None
    page_lang: str

    def __html__(self) -> str:
        if self.lang is None:
            return str(escape(self.value))
        return str(_marked(self.value, self.lang, self.page_lang))

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Link:
    href: str
    text: Any  # Shown, Markup or str
    lang: str | None = None  # hreflang, for links to a page in another language
    note: Any = ""


@dataclass
class Page:
    """One page: where it goes and what the templates need for the frame around it."""

    path: str
    lang: str
    title: str
    public: bool
    alternates: list[Link] = field(default_factory=list)

    def link(self, target: str) -> str:
        return relative(self.path, target)

    def word(self, key: str, **values: object) -> Markup:
        """One of the site's words, in the page's language (marked when they fall back)."""
        return _marked(label(self.lang, key, **values), ui_language(self.lang), self.lang)

    @property
    def colon(self) -> str:
        return colon(self.lang)

    def label(self, key: str, **values: object) -> Markup:
        """One of the tool's shared labels (``i18n``), in the page's language."""
        return _marked(label(self.lang, key, **values), ui_language(self.lang), self.lang)


def _marked(text: str, text_lang: str, page_lang: str) -> Markup:
    if text_lang == page_lang:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(text_lang, text)


def shown(plan: Plan, value: PlanText | None, lang: str) -> Shown:
    """``value`` in ``lang`` with the plan's fallback, knowing which language it is in."""
    if value is None:
        return Shown("", None, lang)
    text_lang, text = value.resolve(lang, plan.languages)
    return Shown(text, text_lang, lang)


# --------------------------------------------------------------------------- templates


@functools.cache
def _templates() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("visitplan.render.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _render(template: str, page: Page, **values: Any) -> bytes:
    html = _templates().get_template(template).render(page=page, **values)
    return html.encode("utf-8")


def style() -> bytes:
    """The site's stylesheet: its own, then the programme's (``programme_css``)."""
    from visitplan.render.programme import programme_css

    own = _templates().get_template("style.css").render()
    return (
        own + "\n/* the programme of an event (visitplan.render.programme) */\n" + programme_css()
    ).encode("utf-8")


# --------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class People:
    """The name of each person's page and calendar (``ical.files.person_names``)."""

    names: Mapping[tuple[str, str], str]  # (plan source, person id) -> page name

    def name(self, plan: Plan, person_id: str) -> str | None:
        return self.names.get((plan.source, person_id))


@dataclass
class Built:
    """The files of a site: those made from all the plans together (the index pages,
    the style) and, apart, those of each plan and of each person."""

    shared: dict[str, bytes] = field(default_factory=dict)
    plans: dict[str, dict[str, bytes]] = field(default_factory=dict)  # by plan source
    people: dict[str, dict[str, bytes]] = field(default_factory=dict)  # by page name

    def files(self) -> dict[str, bytes]:
        """Every file, by path, in order."""
        found = dict(self.shared)
        for group in (*self.plans.values(), *self.people.values()):
            found.update(group)
        return dict(sorted(found.items()))


def build_site(
    plans: Sequence[Plan],
    stamped: Mapping[str, Stamped],
    calendars: Sequence[PersonCalendar],
    people: People,
    options: SiteOptions,
) -> Built:
    """The site of ``plans``: the shared pages from all of them; the pages and calendar
    of each plan ``stamped`` holds (the others are left out: their files are kept as
    they are); the pages of the people of ``calendars``
    (:func:`ical.files.person_calendars`)."""
    from visitplan.ical.calendar import build_calendar
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.entries import Selection

    languages = site_languages(plans)
    built = Built()
    built.shared[STYLE] = style()
    built.shared["index.html"] = _root_page(plans, languages, options)
    agenda = build_agenda(plans, options.window)
    upcoming: dict[tuple[str, str], tuple[Plan, Event]] = {}
    for row in agenda.rows:
        upcoming.setdefault((row.plan.id, row.event.id), (row.plan, row.event))
    for lang in languages:
        built.shared[index_path(lang)] = _index_page(
            plans, tuple(upcoming.values()), lang, languages, options
        )
    calendar_options = ExportOptions(people=options.contacts)
    for plan in plans:
        if plan.source not in stamped:
            continue
        files = built.plans[plan.source] = {}
        files[plan_calendar_path(plan)] = build_calendar(
            [stamped[plan.source]], Selection(), calendar_options
        )
        if options.pdf:
            for event in plan.events:
                files[event_pdf_path(plan, event)] = event_pdf(plan, event, options)
        for lang in plan_languages(plan):
            files[plan_path(lang, plan)] = _plan_page(plan, lang, people, options)
            for event in plan.events:
                files[event_path(lang, plan, event)] = _event_page(
                    plan, event, lang, people, options
                )
    for calendar in calendars:
        files = built.people[calendar.name] = {}
        files[person_calendar_path(calendar.name)] = calendar.data
        for lang in _person_languages(calendar):
            files[person_path(lang, calendar.name)] = _person_page(calendar, lang, people, options)
    return built


def site_languages(plans: Sequence[Plan]) -> tuple[str, ...]:
    """Every language of the plans, in the order they come: one index each."""
    return tuple(dict.fromkeys(lang for plan in plans for lang in plan_languages(plan)))


def _person_languages(calendar: PersonCalendar) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(lang for plan, _ in calendar.people for lang in plan_languages(plan))
    )


def _alternates(page: Page, paths: Iterable[tuple[str, str]]) -> None:
    """The switcher: the same page in the other languages (``paths``: lang, path)."""
    page.alternates = [
        Link(page.link(path), language_name(lang), lang)
        for lang, path in paths
        if lang != page.lang
    ]


def _subscription(options: SiteOptions, target: str) -> str | None:
    """The webcal:// link a calendar app subscribes to (with ``--base-url``)."""
    if options.base_url is None:
        return None
    url = options.base_url.rstrip("/") + "/" + target
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme) :]
    return url


def _calendar_links(page: Page, options: SiteOptions, target: str, key: str) -> dict[str, Any]:
    return {
        "href": page.link(target),
        "text": page.word(key),
        "subscribe": _subscription(options, target),
    }


def _event_summary(plan: Plan, event: Event, page: Page, lang: str) -> dict[str, Any]:
    """An event as a line of a list: its link, dates, kind and status."""
    target_lang = page_language(plan, lang)
    return {
        "link": Link(
            page.link(event_path(target_lang, plan, event)),
            shown(plan, event.title, lang),
            target_lang if target_lang != lang else None,
        ),
        "dates": date_range(event.when.first_day, event.when.last_day, lang),
        "kind": page.label(event.kind),
        "cancelled": event.cancelled,
        "status": page.label(event.status) if event.status != "confirmed" else "",
    }


def _root_page(plans: Sequence[Plan], languages: Sequence[str], options: SiteOptions) -> bytes:
    lang = languages[0] if languages else DEFAULT_LANGUAGE
    # the language chooser speaks each of the site's languages, each marked with it
    codes = languages or [lang]
    titles = {label(code, "site-title"): code for code in reversed(codes)}  # the first's
    said = {
        "titles": [{"lang": code, "text": text} for text, code in reversed(titles.items())],
        "prompts": [{"lang": code, "text": label(code, "choose-language")} for code in codes],
    }
    page = Page("index.html", lang, " / ".join(reversed(titles)), options.public)
    choices = [
        {
            "lang": code,
            "href": page.link(index_path(code)),
            "name": language_name(code),
            "plans": [
                Link(
                    page.link(plan_path(page_language(plan, code), plan)),
                    plan.text(plan.title, code),
                )
                for plan in plans
            ],
        }
        for code in languages
    ]
    return _render("root.html", page, choices=choices, said=said)


def _index_page(
    plans: Sequence[Plan],
    upcoming: Sequence[tuple[Plan, Event]],
    lang: str,
    languages: Sequence[str],
    options: SiteOptions,
) -> bytes:
    page = Page(index_path(lang), lang, label(lang, "site-title"), options.public)
    _alternates(page, ((code, index_path(code)) for code in languages))
    events = [_event_summary(plan, event, page, lang) for plan, event in upcoming]
    plan_links = [
        Link(
            page.link(plan_path(page_language(plan, lang), plan)),
            shown(plan, plan.title, lang),
        )
        for plan in plans
    ]
    start = options.window.start
    return _render(
        "index.html",
        page,
        events=events,
        plans=plan_links,
        nothing=page.word("nothing-upcoming", day=short_date(start, lang)) if start else "",
    )


def _plan_page(plan: Plan, lang: str, people: People, options: SiteOptions) -> bytes:
    title = plan.text(plan.title, lang)
    page = Page(plan_path(lang, plan), lang, title, options.public)
    _alternates(page, ((code, plan_path(code, plan)) for code in plan_languages(plan)))
    today = options.today
    ordered = sorted(plan.events, key=lambda e: (e.when.start, e.index))
    upcoming = [_event_summary(plan, e, page, lang) for e in ordered if e.when.last_day >= today]
    past = [
        _event_summary(plan, e, page, lang) for e in reversed(ordered) if e.when.last_day < today
    ]
    persons = []
    for person in plan.people.values():
        name = people.name(plan, person.id)
        if name is not None:
            persons.append(_person_link(plan, person, name, page, lang))
    return _render(
        "plan.html",
        page,
        title=shown(plan, plan.title, lang),
        description=shown(plan, plan.description, lang),
        upcoming=upcoming,
        past=past,
        people=persons,
        calendar=_calendar_links(page, options, plan_calendar_path(plan), "download-ics"),
        home=page.link(index_path(lang)),
    )


def _person_link(plan: Plan, person: Person, name: str, page: Page, lang: str) -> Link:
    note: Any = ""
    if person.organization and person.organization in plan.organizations:
        org = plan.organizations[person.organization]
        note = org.short or shown(plan, org.name, lang)
    return Link(page.link(person_path(lang, name)), shown(plan, person.name, lang), note=note)


def _event_page(plan: Plan, event: Event, lang: str, people: People, options: SiteOptions) -> bytes:
    """The site's frame around the event's programme (``programme``), with the calendar
    and a link to the page of each person taking part."""
    title = plan.text(event.title, lang)
    page = Page(event_path(lang, plan, event), lang, title, options.public)
    _alternates(page, ((code, event_path(code, plan, event)) for code in plan_languages(plan)))
    programme = _programme(plan, event, lang, options)
    persons = []
    for person_id in everyone(plan, event):
        name = people.name(plan, person_id)
        if name is not None:
            persons.append(_person_link(plan, plan.people[person_id], name, page, lang))
    return _render(
        "event.html",
        page,
        plan_link=Link(page.link(plan_path(lang, plan)), shown(plan, plan.title, lang)),
        programme=programme,
        people=persons,
        pdf=page.link(event_pdf_path(plan, event)) if options.pdf else None,
        calendar=_calendar_links(page, options, plan_calendar_path(plan), "download-ics"),
    )


def _programme(plan: Plan, event: Event, lang: str, options: SiteOptions) -> Markup:
    """The event's programme as ``visitplan program`` makes it, in the page's language,
    to put inside the site's page (its stylesheet is in the site's)."""
    from visitplan.render.programme import render_html

    programme = _event_programme(plan, event, (lang,), options)
    # The HTML escapes every plan text itself (programme.html): it is markup here.
    return Markup(render_html(programme, standalone=False))


def _event_programme(
    plan: Plan, event: Event, languages: Sequence[str], options: SiteOptions
) -> Programme:
    from visitplan.render.programme import build_programme
    from visitplan.render.programme.model import revision_of

    revision = options.revisions.get(plan.source)
    if revision is None:
        revision = revision_of([plan])
    return build_programme(
        [plan],
        events=[event.id],
        languages=languages,
        contacts=options.contacts,
        today=options.today,
        revision=revision,
    )


def event_pdf(plan: Plan, event: Event, options: SiteOptions) -> bytes:
    """The event's printable programme in all the plan's languages (``--pdf``)."""
    from visitplan.render.programme.pdf import render_pdf

    return render_pdf(_event_programme(plan, event, plan_languages(plan), options))


def _contacts(person: Person) -> list[Link]:
    found = []
    if person.email:
        found.append(Link(f"mailto:{person.email}", person.email))
    if person.phone:
        found.append(
            Link("tel:" + "".join(c for c in person.phone if c.isdigit() or c == "+"), person.phone)
        )
    return found


def _person_page(
    calendar: PersonCalendar, lang: str, people: People, options: SiteOptions
) -> bytes:
    first_plan, first = calendar.people[0]
    title = first_plan.text(first.name, lang)
    page = Page(person_path(lang, calendar.name), lang, title, options.public)
    _alternates(
        page, ((code, person_path(code, calendar.name)) for code in _person_languages(calendar))
    )
    entries: list[tuple[datetime, int, dict[str, Any]]] = []
    for plan, person in calendar.people:
        for event in plan.events:
            part = part_of(plan, event, person.id)
            if part is None:
                continue
            summary = _event_summary(plan, event, page, lang)
            summary["roles"] = [label(lang, f"role-{role}") for role in part.roles]
            summary["only"] = _only(plan, event, part, lang)
            if not event.when.all_day:  # the time of the entry, not only its day
                day = event.when.start.astimezone(event.zone).date()
                columns = default_columns(plan, event, lang)
                summary["times"] = times_text(spans(columns, event.when.start, event.when.end), day)
            entries.append((event.when.start, event.index, summary))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    role = shown(first_plan, first.role, lang)
    org: Any = ""
    if first.organization and first.organization in first_plan.organizations:
        org = shown(first_plan, first_plan.organizations[first.organization].name, lang)
    return _render(
        "person.html",
        page,
        name=shown(first_plan, first.name, lang),
        role=role,
        organization=org,
        contacts=_contacts(first) if options.contacts else [],
        events=[summary for _, _, summary in entries],
        calendar=_calendar_links(page, options, person_calendar_path(calendar.name), "my-calendar"),
        home=page.link(index_path(lang)),
    )


def _only(plan: Plan, event: Event, part: Part, lang: str) -> list[dict[str, Any]]:
    """The items of ``event`` someone takes part in when not in all of it."""
    if part.whole:
        return []
    columns = default_columns(plan, event, lang)
    chosen: list[ProgramItem] = [item for item in event.schedule if part.covers(item)]
    return [
        {
            "title": shown(plan, item.title, lang),
            "times": times_text(spans(columns, item.when.start, item.when.end), day),
            "day": short_date(day, lang),
            "status": label(lang, item.status) if item.status != "confirmed" else "",
        }
        for item in chosen
        for day in [item.when.start.astimezone(event.zone).date()]
    ]
