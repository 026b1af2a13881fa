"""The commands that write documents to hand out: ``program`` (the printable programme,
HTML or PDF) and ``site`` (a static site for participants).

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from visitplan.cli.app import app
from visitplan.cli.context import load_plans, today_of, words_for
from visitplan.cli.options import (
    FromOpt,
    PathsArg,
    TodayOpt,
    ToOpt,
    flag,
    given_date,
    output_option,
    parse_langs,
)
from visitplan.errors import UsageError
from visitplan.workspace.environment import Env


class ProgrammeFormat(StrEnum):
    html = "html"
    pdf = "pdf"


# The options of `program`.
PlanEventsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[PLAN] [EVENT-ID]",
        help="A plan file or folder (default ./plans), then an event's id (default: "
        "every event in the dates of --from/--to/--all, from today on).",
        show_default=False,
    ),
]
ProgrammeFormatOpt = Annotated[
    ProgrammeFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="html (one self-contained file) or pdf (typeset; needs visitplan[pdf]). "
        "Default: what the extension of -o names (.pdf, .html), else html.",
        show_default=False,
    ),
]
ProgrammeOutputOpt = Annotated[
    str | None, output_option("Where to write ('-': standard output; the default for html).")
]
ProgrammeLangOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language (uk, fr, en); two or three give a bilingual or trilingual "
        "programme, the first one leading: --lang uk --lang fr. A language given twice "
        "counts once. Default: $VISITPLAN_LANG, else the plan's first language.",
        callback=parse_langs,
    ),
]
ContactsOpt = Annotated[bool, flag("--contacts", "Show emails and phone numbers (not by default).")]
LookOpt = Annotated[
    Path | None,
    typer.Option(
        "--template",
        metavar="DIR",
        help="Your association's look: DIR/template.toml (logo, accent colour, "
        "letterhead, paper); see the README.",
    ),
]


@app.command("program")
def program(
    ctx: typer.Context,
    args: PlanEventsArg = None,
    fmt: ProgrammeFormatOpt = None,
    output: ProgrammeOutputOpt = None,
    lang: ProgrammeLangOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    everything: Annotated[bool, flag("--all", "Every event, past and future.")] = False,
    contacts: ContactsOpt = False,
    template: LookOpt = None,
    today: TodayOpt = None,
) -> None:
    """Write the programme to hand out: a cover, each event day by day with times in the
    event's zone and the delegation's, places, speakers, topics, participants and notes.

    Examples:

      visitplan program study-visit-2023 --lang uk --lang fr -o programme.html

      visitplan program plans/korosten-bourges.toml --all --lang fr -o programme.html

      visitplan program study-visit-2023 --lang uk --lang fr --format pdf -o programme.pdf
    """
    from visitplan.render.programme import build_programme, load_look, output_format, render_html
    from visitplan.views.agenda import make_window

    env: Env = ctx.obj
    kind = output_format(fmt.value if fmt else None, output)
    if kind == "pdf" and output is None:
        raise UsageError("give -o FILE for a PDF", "or -o - to write it to standard output")
    paths, values = _plan_and_events(args or [])
    first, last = given_date(start), given_date(end)
    if values and (first or last or everything):
        raise UsageError("give an event id or --from/--to/--all, not both")
    day = today_of(env, today)
    window = make_window(day, first, last, None, everything)
    look = load_look(template)
    plans = load_plans(env, paths, day)
    languages = lang or [words_for(env, None, plans).lang or "en"]
    programme = build_programme(
        plans, events=values, window=window, languages=languages, contacts=contacts
    )
    if kind == "pdf":
        from visitplan.render.programme.pdf import render_pdf

        data = render_pdf(programme, look=look)
    else:
        data = render_html(programme, look=look).encode("utf-8")
    _write_out(env, data, output)


def _plan_and_events(values: list[str]) -> tuple[list[Path] | None, list[str]]:
    """The `[PLAN] [EVENT-ID]` words of `program`: the plan (if a word names one) and the
    event ids."""
    from visitplan.cli.grammar import existing, resolve

    if len(values) > 2:
        raise UsageError(
            "give at most a plan and an event id", "visitplan program [PLAN] [EVENT-ID]"
        )
    if len(values) == 2 or (values and (values[0].endswith(".toml") or existing(values[0]))):
        return [resolve(values[0])], values[1:]
    return None, values


def _write_out(env: Env, data: bytes, output: str | None) -> None:
    """Write ``data`` to the file ``output``, or to standard output for none or '-'."""
    if output is None or output == "-":
        env.write_bytes(data)
    else:
        from visitplan.workspace.fileio import atomic_write_bytes

        atomic_write_bytes(Path(output), data)
        env.stderr.print(Text(f"wrote {output}"))


# The options of `site`.
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        metavar="URL",
        help="Where the site will be served (https://…): adds the webcal:// links a "
        "calendar app subscribes to. Every other link stays relative.",
    ),
]
SiteContactsOpt = Annotated[
    bool, flag("--contacts", "Show emails and phone numbers (and put them in the .ics files).")
]
PdfOpt = Annotated[
    bool,
    flag(
        "--pdf",
        "Also each event's printable programme as a PDF, in all the plan's "
        "languages, linked from its pages (needs the pdf extra).",
    ),
]
SiteForceOpt = Annotated[
    bool,
    flag("--force", "Write into a folder that holds other files and is not a visitplan site."),
]


@app.command()
def site(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The folder to write the site into.")
    ],
    paths: PathsArg = None,
    base_url: BaseUrlOpt = None,
    contacts: SiteContactsOpt = False,
    public: Annotated[
        bool, flag("--public", "Let search engines index the pages (default: noindex).")
    ] = False,
    pdf: PdfOpt = False,
    force: SiteForceOpt = False,
    start: FromOpt = None,
    end: ToOpt = None,
    everything: Annotated[bool, flag("--all", "The index lists past events too.")] = False,
    today: TodayOpt = None,
) -> None:
    """Write a static site of the plans for participants, to open on a phone or serve as it is.

    An index of upcoming events; a page per plan and per event in each of the plan's
    languages; a page per person with what they take part in and their own calendar
    (.ics); each plan's calendar. Links are relative: the folder works opened from disk,
    zipped, or on GitHub/GitLab Pages. A re-run rewrites only what changed and removes the
    pages of what was removed. Pages ask search engines not to index them unless --public.

    Examples:

      visitplan site out/site

      visitplan site public/ plans/ --base-url https://example.org/visits --public
    """
    from visitplan.render.site import SiteOptions, make_site, stamp_time
    from visitplan.views.agenda import make_window

    env: Env = ctx.obj
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(
            f"--base-url {base_url!r} is not an http(s) address",
            "give where the site is served, e.g. https://example.org/visits",
        )
    day = today_of(env, today)
    window = make_window(day, given_date(start), given_date(end), everything=everything)
    plans = load_plans(env, paths, day)
    options = SiteOptions(
        today=day,
        now=stamp_time(env.now, day),
        window=window,
        base_url=base_url,
        contacts=contacts,
        public=public,
        pdf=pdf,
    )
    done = make_site(folder, plans, options, force=force)
    removed = f", {len(done.removed)} removed" if done.removed else ""
    env.stderr.print(
        Text(
            f"wrote {folder.as_posix()}/: {len(done.written)} "
            f"file{'' if len(done.written) == 1 else 's'} written, "
            f"{done.unchanged} unchanged{removed}"
        )
    )
