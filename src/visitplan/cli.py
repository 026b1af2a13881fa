"""The command line: parses arguments, calls the core, renders. No logic of its own.

Errors are mapped to exit codes in one place, :class:`VisitplanGroup`: 0 ok, 1 a plan is
invalid or the command failed, 2 the command line is wrong.
"""

from __future__ import annotations

import dataclasses
import sys
import traceback
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.text import Text
from typer.core import TyperGroup

from visitplan import __version__
from visitplan.agenda import Filters, Window, build_agenda, make_window
from visitplan.checking import check_paths, load_valid_plans
from visitplan.environment import Env
from visitplan.errors import EXIT_FAILED, CommandFailed, UsageError, VisitplanError
from visitplan.fileio import atomic_write_bytes
from visitplan.ics_export import (
    ExportOptions,
    Selection,
    build_calendar,
    check_method,
    export_summary,
    load_stamps,
    parse_duration,
    save_states,
    write_per_person,
)
from visitplan.model import Plan
from visitplan.render import (
    Words,
    actions_json,
    actions_markdown,
    actions_text,
    agenda_json,
    agenda_markdown,
    agenda_text,
    people_csv,
    people_json,
    people_markdown,
    people_text,
    show_json,
    show_markdown,
    show_text,
    topics_json,
    topics_markdown,
    topics_text,
)
from visitplan.reporting import check_json, render_check_text
from visitplan.schema import schema_json
from visitplan.timezones import UnknownZone, get_zone
from visitplan.views import action_views, event_view, find_event, people_views, topic_views

DEFAULT_PLANS = Path("plans")


class VisitplanGroup(TyperGroup):
    """Runs a command and maps a :class:`VisitplanError` to a message and its exit code.

    Anything else that escapes a command is a bug: :func:`main` reports it in one line
    (a traceback only with --debug).
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except VisitplanError as error:
            env = _env(ctx)
            if env.debug:
                env.stderr.print(Text(traceback.format_exc()))
            if not isinstance(error, CommandFailed):
                message = Text("error: ", style="bold red")
                message.append(error.render())
                env.stderr.print(message)
                for line in error.details():
                    env.stderr.print(Text(line))
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=VisitplanGroup,
    name="visitplan",
    help="Plan online meetings and study visits between partner cities.\n\n"
    "A plan is a TOML file in plans/ (organizations, people, delegations, events with "
    "their program, exchange topics, follow-up actions). Start with `visitplan check` to "
    "see what is wrong with a plan; see docs/plan-format.md for the format.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _env(ctx: Any) -> Env:
    env = ctx.find_object(Env)
    return env if isinstance(env, Env) else Env.from_system()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"visitplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something goes wrong.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    env = ctx.obj if isinstance(ctx.obj, Env) else Env.from_system()
    if debug:
        env = dataclasses.replace(env, debug=True)
    ctx.obj = env


def _parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date like 2024-06-30") from None


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Plan files or folders of plans (their *.toml). Default: ./plans",
            show_default=False,
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
            callback=_parse_today,
        ),
    ] = None,
) -> None:
    """Check plans and report every problem, each with its file, line and key path.

    Errors: TOML syntax, missing keys, wrong types, bad ids, duplicate ids, references to
    nothing, unknown time zones, end not after start, program items outside their event,
    times skipped by daylight-saving time. Warnings: unknown keys, times that happen twice
    (autumn clock change), a person in two events at once (across all plans checked), open
    actions past due, text missing one of the plan's languages.

    Exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 bad usage.

    Examples:

      visitplan check

      visitplan check plans/korosten-bourges.toml --strict

      visitplan check plans/ templates/ --format json
    """
    env: Env = ctx.obj
    day = today if isinstance(today, date) else env.today
    report = check_paths(paths or [DEFAULT_PLANS], day, strict=strict)
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
    env: Env = ctx.obj
    env.stdout.out(schema_json(), end="", highlight=False)


# --------------------------------------------------------------------------- views


class ViewFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class PeopleFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class Kind(StrEnum):
    online_meeting = "online-meeting"
    study_visit = "study-visit"
    meeting = "meeting"
    other = "other"


class EventStatus(StrEnum):
    tentative = "tentative"
    confirmed = "confirmed"
    cancelled = "cancelled"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Plan files or folders of plans. Default: ./plans", show_default=False),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language of the output (uk, fr, en): the plan's text and the tool's words. "
        "Default: $VISITPLAN_LANG, else the plan's first language.",
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="Take this date as today (default: today, or $VISITPLAN_TODAY).",
        callback=_parse_today,
    ),
]


def _parse_date(value: str | None) -> date | None:
    return _parse_today(value)


def _plans(env: Env, paths: list[Path] | None, today: date) -> list[Plan]:
    return load_valid_plans(paths or [DEFAULT_PLANS], today)


def _words(env: Env, lang: str | None, plans: list[Plan]) -> Words:
    chosen = lang or env.lang
    if chosen is None:
        chosen = next((plan.languages[0] for plan in plans if plan.languages), None)
    return Words(chosen)


def _zones(env: Env, names: list[str] | None) -> list[ZoneInfo]:
    zones = []
    for name in names or []:
        if name == "local":
            if env.local_zone is None:
                raise UsageError(
                    "cannot tell this machine's time zone", "give it by name, e.g. --tz Europe/Kyiv"
                )
            zones.append(env.local_zone)
            continue
        try:
            zones.append(get_zone(name))
        except UnknownZone as error:
            hint = (
                "did you mean " + " or ".join(error.suggestions) + "?"
                if error.suggestions
                else "use an IANA name such as Europe/Kyiv"
            )
            raise UsageError(f'unknown time zone "{name}" for --tz', hint) from None
    return zones


def _today(env: Env, today: date | str | None) -> date:
    return today if isinstance(today, date) else env.today


@app.command()
def agenda(
    ctx: typer.Context,
    paths: PathsArg = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First day to list.", callback=_parse_date),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day to list.", callback=_parse_date),
    ] = None,
    days: Annotated[
        int | None, typer.Option("--days", metavar="N", help="List N days from the first.")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Everything, past and future.")] = False,
    past: Annotated[bool, typer.Option("--past", help="Only what is over (before today).")] = False,
    tz: Annotated[
        list[str] | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Show times in these zones (repeat; 'local' is this machine's). Default: the "
            "event's zone and those of the organizations taking part, at most three.",
        ),
    ] = None,
    who: Annotated[bool, typer.Option("--who", help="Name the participants.")] = False,
    person: Annotated[
        str | None, typer.Option(metavar="ID", help="Only events this person attends.")
    ] = None,
    delegation: Annotated[
        str | None, typer.Option(metavar="ID", help="Only events of this delegation.")
    ] = None,
    org: Annotated[
        str | None, typer.Option(metavar="ID", help="Only events this organization takes part in.")
    ] = None,
    event: Annotated[str | None, typer.Option(metavar="ID", help="Only this event.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only events of this kind.")] = None,
    topic: Annotated[
        str | None, typer.Option(metavar="ID", help="Only events covering this topic.")
    ] = None,
    status: Annotated[
        EventStatus | None, typer.Option(help="Only events with this status.")
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text, markdown (tables) or json.")
    ] = ViewFormat.text,
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
    env: Env = ctx.obj
    day = _today(env, today)
    window = make_window(
        day,
        start if isinstance(start, date) else None,
        end if isinstance(end, date) else None,
        days,
        everything,
        past,
    )
    zones = _zones(env, tz)
    plans = _plans(env, paths, day)
    filters = Filters(
        person,
        delegation,
        org,
        event,
        kind.value if kind else None,
        topic,
        status.value if status else None,
    )
    filters.check(plans)
    words = _words(env, lang, plans)
    result = build_agenda(plans, window, filters, zones, words.lang)
    if output is ViewFormat.json:
        env.stdout.out(agenda_json(result, words), end="", highlight=False)
    elif output is ViewFormat.markdown:
        env.stdout.out(agenda_markdown(result, words, who), end="", highlight=False)
    else:
        agenda_text(result, words, env.stdout, day, who)


@app.command()
def show(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[PLAN] EVENT-ID",
            help="The event's id, after a plan file or folder if not ./plans.",
        ),
    ],
    tz: Annotated[
        list[str] | None,
        typer.Option("--tz", metavar="ZONE", help="Show times in these zones (repeat)."),
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Show one event in full: times in every zone, program, participants, topics, actions.

    Examples:

      visitplan show online-2024-05-28

      visitplan show plans/korosten-bourges.toml study-visit-2023 --lang fr
    """
    env: Env = ctx.obj
    if len(args) > 2:
        raise UsageError("give at most a plan and an event id", "visitplan show [PLAN] EVENT-ID")
    paths = [Path(args[0])] if len(args) == 2 else None
    plans = _plans(env, paths, _today(env, today))
    plan, found = find_event(plans, args[-1])
    words = _words(env, lang, [plan])
    view = event_view(plan, found, words.lang, _zones(env, tz))
    if output is ViewFormat.json:
        env.stdout.out(show_json(view, words), end="", highlight=False)
    elif output is ViewFormat.markdown:
        env.stdout.out(show_markdown(view, words), end="", highlight=False)
    else:
        show_text(view, words, env.stdout)


class TopicStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    scheduled = "scheduled"
    done = "done"
    dropped = "dropped"


@app.command()
def topics(
    ctx: typer.Context,
    paths: PathsArg = None,
    status: Annotated[
        TopicStatus | None, typer.Option(help="Only topics with this status.")
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List the exchange topics: status, who asked and who offers, and where each is covered.

    A topic that was requested or accepted but is covered by no event or program item is
    flagged.
    """
    env: Env = ctx.obj
    plans = _plans(env, paths, _today(env, today))
    words = _words(env, lang, plans)
    views = topic_views(plans, status.value if status else None)
    if output is ViewFormat.json:
        env.stdout.out(topics_json(views, words), end="", highlight=False)
    elif output is ViewFormat.markdown:
        env.stdout.out(topics_markdown(views, words), end="", highlight=False)
    else:
        topics_text(views, words, env.stdout)


class ActionStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


@app.command()
def actions(
    ctx: typer.Context,
    paths: PathsArg = None,
    owner: Annotated[
        str | None, typer.Option(metavar="ID", help="Only actions of this organization or person.")
    ] = None,
    status: Annotated[
        ActionStatus | None, typer.Option(help="Only actions with this status.")
    ] = None,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """List follow-up actions by due date; overdue ones stand out."""
    env: Env = ctx.obj
    day = _today(env, today)
    plans = _plans(env, paths, day)
    words = _words(env, lang, plans)
    views = action_views(plans, day, owner, status.value if status else None)
    if output is ViewFormat.json:
        env.stdout.out(actions_json(views, words), end="", highlight=False)
    elif output is ViewFormat.markdown:
        env.stdout.out(actions_markdown(views, words), end="", highlight=False)
    else:
        actions_text(views, words, env.stdout)


@app.command()
def people(
    ctx: typer.Context,
    paths: PathsArg = None,
    event: Annotated[
        str | None, typer.Option(metavar="ID", help="Only those taking part in this event.")
    ] = None,
    delegation: Annotated[
        str | None, typer.Option(metavar="ID", help="Only this delegation.")
    ] = None,
    org: Annotated[str | None, typer.Option(metavar="ID", help="Only this organization.")] = None,
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
    env: Env = ctx.obj
    plans = _plans(env, paths, _today(env, today))
    words = _words(env, lang, plans)
    views = people_views(plans, event, delegation, org)
    if output is PeopleFormat.json:
        env.stdout.out(people_json(views, words), end="", highlight=False)
    elif output is PeopleFormat.markdown:
        env.stdout.out(people_markdown(views, words), end="", highlight=False)
    elif output is PeopleFormat.csv:
        env.stdout.out(people_csv(views, words), end="", highlight=False)
    else:
        people_text(views, words, env.stdout)


class Method(StrEnum):
    publish = "publish"
    request = "request"


@app.command()
def export(
    ctx: typer.Context,
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write ('-' for standard output). Default: standard output in a "
            "pipe, else <plan-id>.ics.",
        ),
    ] = None,
    event: Annotated[
        list[str] | None, typer.Option("--event", metavar="ID", help="Only these events (repeat).")
    ] = None,
    person: Annotated[
        str | None, typer.Option(metavar="ID", help="Only what this person attends or speaks at.")
    ] = None,
    delegation: Annotated[
        str | None, typer.Option(metavar="ID", help="Only this delegation's events.")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Only from this day.", callback=_parse_date),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Only up to this day.", callback=_parse_date),
    ] = None,
    lang: LangOpt = None,
    method: Annotated[
        Method,
        typer.Option(
            help="publish: a calendar to import. request: invitations with RSVP (needs an organizer with an email)."
        ),
    ] = Method.publish,
    alarm: Annotated[
        list[str] | None,
        typer.Option(
            "--alarm",
            metavar="DURATION",
            help="A reminder this long before each event, e.g. 1d, 30m (repeat).",
        ),
    ] = None,
    todos: Annotated[
        bool, typer.Option("--todos", help="Also export the actions as tasks (VTODO).")
    ] = False,
    per_person: Annotated[
        Path | None,
        typer.Option(
            "--per-person",
            metavar="DIR",
            help="Write one file per person with an email, DIR/<person-id>.ics, with what they "
            "attend, in their first language unless --lang is given.",
        ),
    ] = None,
    today: TodayOpt = None,
) -> None:
    """Export iCalendar (.ics) invites that Outlook, Google, Apple Calendar and Thunderbird import.

    Re-export after a change and send the file again: calendars update the changed entries
    instead of adding copies, and drop entries removed from the plan. What was exported is
    remembered in <plan>.visitplan-state next to the plan: commit it with the plan.

    Examples:

      visitplan export plans/korosten-bourges.toml

      visitplan export --person chyzhevska --alarm 1d -o chyzhevska.ics

      visitplan export --per-person out/ --method request
    """
    env: Env = ctx.obj
    plans = _plans(env, paths, _today(env, today))
    check_method(plans, method.value)
    selection = Selection(
        events=tuple(event or ()),
        person=person,
        delegation=delegation,
        window=Window(
            start if isinstance(start, date) else None, end if isinstance(end, date) else None
        ),
    )
    Filters(person=person, delegation=delegation).check(plans)
    for event_id in event or ():
        Filters(event=event_id).check(plans)
    options = ExportOptions(
        lang=_words(env, lang, plans).lang if per_person is None else lang or env.lang,
        method=method.value,
        alarms=tuple(parse_duration(a) for a in alarm or ()),
        todos=todos,
    )
    stamped = load_stamps(plans, env.clock(), todos)
    if per_person is not None:
        if output is not None:
            raise UsageError("give --per-person DIR or --output FILE, not both")
        written = write_per_person(plans, stamped, selection, options, per_person)
        env.stderr.print(Text(f"wrote {len(written)} files to {per_person.as_posix()}/"))
    else:
        data = build_calendar(list(stamped.values()), selection, options)
        target = output
        if target is None:
            target = (
                "-"
                if not env.stdout.is_terminal
                else f"{plans[0].id if len(plans) == 1 else 'visitplan'}.ics"
            )
        if target == "-":
            env.write_bytes(data)
        else:
            atomic_write_bytes(Path(target), data)
            env.stderr.print(Text(f"wrote {target}: {export_summary(stamped, selection)}"))
    save_states(plans, stamped)


def main() -> None:
    """Entry point of the `visitplan` script and `python -m visitplan`."""
    debug = "--debug" in sys.argv[1:]
    try:
        app(prog_name="visitplan")
    except Exception as error:  # a bug: say so in one line, unless asked for the traceback
        if debug:
            raise
        sys.stderr.write(
            f"internal error: {type(error).__name__}: {error} — this is a bug in visitplan; "
            "run again with --debug and report the traceback\n"
        )
        sys.exit(EXIT_FAILED)
