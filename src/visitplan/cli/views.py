"""The commands that read plans and print them: check, schema, agenda, show, slots,
topics, actions and people. Each parses its options, asks ``views`` (or the checker) for
what to show, and prints it with ``render`` in the format asked for.

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from visitplan.cli import DEFAULT_PLANS
from visitplan.cli.app import app
from visitplan.cli.completion import _complete
from visitplan.cli.context import (
    find_event_in,
    load_plans,
    open_plans,
    render,
    today_of,
    words_for,
    zones_of,
)
from visitplan.cli.options import (
    ActionStatus,
    EventStatus,
    FormatOpt,
    Kind,
    LangOpt,
    PathsArg,
    PeopleFormat,
    TodayOpt,
    TopicStatus,
    ViewFormat,
    days_option,
    flag,
    format_option,
    from_option,
    given_date,
    id_option,
    parse_date,
    paths_argument,
    resolve_paths,
    to_option,
    tz_option,
)
from visitplan.errors import CommandFailed, UsageError
from visitplan.workspace.environment import Env

if TYPE_CHECKING:
    from visitplan.plan.model import Plan
    from visitplan.views.agenda import Filters, Window
    from visitplan.workspace.index.catalog import Catalog


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        paths_argument(
            "Plan files, folders of plans (their *.toml), or plan ids (plans/<id>.toml). "
            "Default: ./plans"
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any).")
    ] = False,
    output: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per problem, file:line: severity: key path: message — "
            "how to fix. json: a list of {file, line, column, severity, code, path, "
            "message, hint} for editors and CI.",
        ),
    ] = CheckFormat.text,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Check overdue actions as of this date (default: today, or $VISITPLAN_TODAY).",
            callback=parse_date,
        ),
    ] = None,
) -> None:
    """Check plans and report every problem, each with its file, line and key path.

    Errors: TOML syntax, missing keys, wrong types, bad ids, duplicate ids, references to
    nothing, unknown time zones, end not after start, program items outside their event,
    times skipped by daylight-saving time. Warnings: unknown keys, times that happen twice
    (autumn clock change), a person in two events at once (across all plans checked), open
    actions past due, text missing one of the plan's languages; an event to come on a
    public holiday or a weekend (the host's for a visit, every organization's taking part
    for a meeting: public-holiday, weekend) or outside an organization's working hours
    (outside-working-hours) — an event's accept = ["public-holiday"] takes it as chosen.

    Exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 bad usage.

    Examples:

      visitplan check

      visitplan check plans/korosten-bourges.toml --strict

      visitplan check plans/ templates/ --format json
    """
    from visitplan.plan.holidays_data import Calendars
    from visitplan.render.reporting import check_json, render_check_text
    from visitplan.workspace.checking import check_paths

    env: Env = ctx.obj
    day = today_of(env, today)
    report = check_paths(paths or [DEFAULT_PLANS], day, strict, Calendars(env.cache_dir), env.lang)
    if output is CheckFormat.json:
        env.stdout.out(check_json(report), end="", highlight=False)
    else:
        render_check_text(report, env.stdout)
    if report.errors:
        raise CommandFailed()


@app.command()
def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema (draft 2020-12) of the plan format.

    Editors that read JSON Schema for TOML (Taplo, VS Code's Even Better TOML) then complete
    and validate plans. Put this line first in a plan (see the README):

      #:schema ../schema/plan-v1.schema.json
    """
    from visitplan.plan.schema import schema_json

    env: Env = ctx.obj
    env.stdout.out(schema_json(), end="", highlight=False)


def _shown(catalog: Catalog, window: Window, filters: Filters, slack: int) -> list[Plan]:
    """The plans of an agenda, with only the events that can be shown (any zone's day is
    within ``slack`` days of its own) unless everything is."""
    from visitplan.views.agenda import Window

    if window == Window() and filters.empty:
        return catalog.plans()
    keep = None if filters.empty else filters.matches
    return catalog.with_events(keep, (window.start, window.end), slack=slack)


@app.command()
def agenda(
    ctx: typer.Context,
    paths: PathsArg = None,
    start: Annotated[str | None, from_option("First day to list.")] = None,
    end: Annotated[str | None, to_option("Last day to list.")] = None,
    days: Annotated[int | None, days_option("List N days from the first.")] = None,
    everything: Annotated[bool, flag("--all", "Everything, past and future.")] = False,
    past: Annotated[bool, flag("--past", "Only what is over (before today).")] = False,
    tz: Annotated[
        list[str] | None,
        tz_option(
            "Show times in these zones (repeat; 'local' is this machine's). Default: the "
            "event's zone and those of the organizations taking part, at most three."
        ),
    ] = None,
    who: Annotated[bool, flag("--who", "Name the participants.")] = False,
    person: Annotated[str | None, id_option("Only events this person attends.", "person")] = None,
    delegation: Annotated[
        str | None, id_option("Only events of this delegation.", "delegation")
    ] = None,
    org: Annotated[
        str | None, id_option("Only events this organization takes part in.", "org")
    ] = None,
    event: Annotated[str | None, id_option("Only this event.", "event")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only events of this kind.")] = None,
    topic: Annotated[str | None, id_option("Only events covering this topic.", "topic")] = None,
    status: Annotated[
        EventStatus | None, typer.Option(help="Only events with this status.")
    ] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List meetings and visits by day, with their program, in the zones of everyone taking part.

    By default from today on. A multi-day visit shows its program on each day ("day 2/5").
    A time on another date in a column is marked (+1) or (−1), and a change of the
    difference between two zones inside the list (daylight saving) is noted once.

    Examples:

      visitplan agenda --all

      visitplan agenda --from 2024-05-01 --days 31 --lang uk

      visitplan agenda --all --tz America/New_York --tz Europe/Kyiv

      visitplan agenda --all --format markdown > agenda.md
    """
    from visitplan.render.agenda import agenda_markdown, agenda_text
    from visitplan.views.agenda import Filters, build_agenda, make_window

    env: Env = ctx.obj
    day = today_of(env, today)
    window = make_window(day, given_date(start), given_date(end), days, everything, past)
    zones = zones_of(env, tz)
    catalog = open_plans(env, paths, day)
    filters = Filters(person, delegation, org, event, kind, topic, status)
    filters.check_ids(catalog.known)
    words = words_for(env, lang, catalog)
    plans = _shown(catalog, window, filters, slack=2 if zones else 0)
    from visitplan.plan.holidays_data import Calendars

    result = build_agenda(plans, window, filters, zones, words.lang, Calendars(env.cache_dir))

    def as_json() -> str:
        from visitplan.render.tables import agenda_json  # JSON's module only for JSON

        return agenda_json(result, words)

    render(
        env,
        output,
        as_json,
        lambda: agenda_markdown(result, words, who),
        lambda: agenda_text(result, words, env.stdout, day, who),
    )


@app.command()
def show(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[PLAN] EVENT-ID",
            help="The event's id, after a plan file or folder if not ./plans.",
            autocompletion=_complete("event"),
        ),
    ],
    tz: Annotated[list[str] | None, tz_option("Show times in these zones (repeat).")] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Show one event in full: times in every zone, program, participants, topics, actions.

    Examples:

      visitplan show online-2024-05-28

      visitplan show plans/korosten-bourges.toml study-visit-2023 --lang fr
    """
    from visitplan.render.entries import show_markdown, show_text
    from visitplan.views.entries import event_view

    env: Env = ctx.obj
    if len(args) > 2:
        raise UsageError("give at most a plan and an event id", "visitplan show [PLAN] EVENT-ID")
    paths = resolve_paths([Path(args[0])]) if len(args) == 2 else None
    catalog = open_plans(env, paths, today_of(env, today))
    plan, found = find_event_in(catalog, args[-1])
    words = words_for(env, lang, [plan])
    from visitplan.plan.holidays_data import Calendars

    view = event_view(plan, found, words.lang, zones_of(env, tz), Calendars(env.cache_dir))

    def as_json() -> str:
        from visitplan.render.tables import show_json  # JSON's module only for JSON

        return show_json(view, words)

    render(
        env,
        output,
        as_json,
        lambda: show_markdown(view, words),
        lambda: show_text(view, words, env.stdout),
    )


@app.command()
def slots(
    ctx: typer.Context,
    paths: PathsArg = None,
    parties: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="ID",
            help="An organization, delegation or person the time must suit (repeat). "
            "Default: the organizations of the next event, else all the plan's.",
            autocompletion=_complete("org", "delegation", "person"),
        ),
    ] = None,
    duration: Annotated[
        str, typer.Option("--duration", metavar="DURATION", help="How long: 90m, 1h, 1h30m.")
    ] = "1h",
    start: Annotated[str | None, from_option("First day to look at (default: tomorrow).")] = None,
    end: Annotated[str | None, to_option("Last day to look at.")] = None,
    days: Annotated[int | None, days_option("Look at N days (default: 28, four weeks).")] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", metavar="N", help="Propose N times (one a day).")
    ] = 3,
    tz: Annotated[
        list[str] | None, tz_option("Show the times in these zones too (repeat).")
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat, format_option("text, markdown (proposals for an email) or json.")
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Find times for an online meeting that suit everyone, each with the line that books it.

    A time fits when it lies inside every party's working hours in its own zone, on a
    working day for every party (weekends and public holidays of its country and
    subdivision), and overlaps no event any of its people already takes part in, in any
    plan read. Starts are on the half hour; one proposal a day, the earliest that fits.
    Each proposal shows every party's local time; a clock change in the range is noted.

    Examples:

      visitplan slots --with korosten --with bourges --duration 90m

      visitplan slots plans/ --with bourges --with afccre --from 2025-03-03 --days 14 --count 5

      visitplan slots --format markdown --lang fr > proposals.md
    """
    from datetime import UTC, datetime, time

    from visitplan.plan.durations import parse_duration
    from visitplan.plan.holidays_data import Calendars
    from visitplan.render.slots import slots_json, slots_markdown, slots_text
    from visitplan.views.slots import date_range, default_parties, find_slots, resolve_parties

    env: Env = ctx.obj
    day = today_of(env, today)
    first, last = date_range(day, given_date(start), given_date(end), days)
    length = parse_duration(duration, "how long the meeting lasts")
    zones = zones_of(env, tz)
    plans = load_plans(env, paths, day)
    words = words_for(env, lang, plans)
    chosen = (
        resolve_parties(plans, parties, words.lang)
        if parties
        else default_parties(plans, datetime.combine(first, time(), tzinfo=UTC), words.lang)
    )
    result = find_slots(
        plans, chosen, length, first, last, count, Calendars(env.cache_dir), words.lang, zones
    )
    render(
        env,
        output,
        lambda: slots_json(result, words),
        lambda: slots_markdown(result, words),
        lambda: slots_text(result, words, env.stdout),
    )


@app.command()
def topics(
    ctx: typer.Context,
    paths: PathsArg = None,
    status: Annotated[
        TopicStatus | None, typer.Option(help="Only topics with this status.")
    ] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List the exchange topics: status, who asked and who offers, and where each is covered.

    A topic that was requested or accepted but is covered by no event or program item is
    flagged.

    Example:

      visitplan topics korosten-bourges --status proposed --lang fr
    """
    from visitplan.render.entries import topics_markdown, topics_text
    from visitplan.render.tables import topics_json
    from visitplan.views.entries import topic_views

    env: Env = ctx.obj
    plans = load_plans(env, paths, today_of(env, today))
    words = words_for(env, lang, plans)
    views = topic_views(plans, status.value if status else None)
    render(
        env,
        output,
        lambda: topics_json(views, words),
        lambda: topics_markdown(views, words),
        lambda: topics_text(views, words, env.stdout),
    )


@app.command()
def actions(
    ctx: typer.Context,
    paths: PathsArg = None,
    owner: Annotated[
        str | None, id_option("Only actions of this organization or person.", "org", "person")
    ] = None,
    status: Annotated[
        ActionStatus | None, typer.Option(help="Only actions with this status.")
    ] = None,
    lang: LangOpt = None,
    output: FormatOpt = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List follow-up actions by due date; overdue ones stand out.

    Example:

      visitplan actions --owner bourges --status open
    """
    from visitplan.render.entries import actions_markdown, actions_text
    from visitplan.render.tables import actions_json
    from visitplan.views.entries import action_views

    env: Env = ctx.obj
    day = today_of(env, today)
    catalog = open_plans(env, paths, day)
    words = words_for(env, lang, catalog)
    plans = catalog.plans() if owner is None else catalog.with_owner(owner)
    views = action_views(plans, day, owner, status.value if status else None)
    render(
        env,
        output,
        lambda: actions_json(views, words),
        lambda: actions_markdown(views, words),
        lambda: actions_text(views, words, env.stdout),
    )


@app.command()
def people(
    ctx: typer.Context,
    paths: PathsArg = None,
    event: Annotated[
        str | None, id_option("Only those taking part in this event.", "event")
    ] = None,
    delegation: Annotated[str | None, id_option("Only this delegation.", "delegation")] = None,
    org: Annotated[str | None, id_option("Only this organization.", "org")] = None,
    lang: LangOpt = None,
    output: Annotated[
        PeopleFormat,
        typer.Option(
            "--format",
            "-f",
            help="text, markdown, json, or csv (for visa letters, badges, mail merges).",
        ),
    ] = PeopleFormat.text,
    today: TodayOpt = None,
) -> None:
    """List people: every spelling of the name, organization, role, email, phone.

    Example: the delegation list for visa letters, as a spreadsheet:

      visitplan people --delegation korosten-2023 --format csv > delegation.csv
    """
    from visitplan.render.entries import people_markdown, people_text
    from visitplan.render.tables import people_csv, people_json
    from visitplan.views.entries import people_views

    env: Env = ctx.obj
    catalog = open_plans(env, paths, today_of(env, today))
    words = words_for(env, lang, catalog)
    plans = (
        catalog.with_events(None, event_id=event)
        if event is not None and delegation is None
        else []
    )
    views = people_views(plans or catalog.plans(), event, delegation, org)
    if output is PeopleFormat.csv:
        env.stdout.out(people_csv(views, words), end="", highlight=False)
        return
    render(
        env,
        output,
        lambda: people_json(views, words),
        lambda: people_markdown(views, words),
        lambda: people_text(views, words, env.stdout),
    )
