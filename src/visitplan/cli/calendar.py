"""The commands that send a plan's calendar out: ``export`` (.ics files), ``publish``
(a CalDAV calendar) and ``invite`` (invitations by mail); ``import``, which reads one
into a plan, is a writing command (``cli.writing``). The calendar entries themselves are built by
``visitplan.ical``; the servers are talked to by ``visitplan.sync``.

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from visitplan.cli.app import app
from visitplan.cli.completion import _complete_plan_or_event
from visitplan.cli.context import (
    find_event_in,
    load_plans,
    lock,
    open_plans,
    plan_files,
    say_written,
    today_of,
    words_for,
)
from visitplan.cli.options import (
    DelegationOpt,
    EventsOpt,
    FromOpt,
    LangOpt,
    LockTimeoutOpt,
    PasswordEnvOpt,
    PasswordFileOpt,
    PathsArg,
    PersonOpt,
    TimeoutOpt,
    TodayOpt,
    ToOpt,
    UserOpt,
    flag,
    format_option,
    given_date,
    output_option,
    resolve_path,
)
from visitplan.errors import CommandFailed, UsageError
from visitplan.workspace.environment import Env
from visitplan.workspace.locking import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.entries import Selection
    from visitplan.ical.stamps import Stamped
    from visitplan.plan.model import Plan
    from visitplan.sync.dav import DavCollection
    from visitplan.sync.inviting import Invitation, Smtp
    from visitplan.sync.publishing import CalendarChange


def _event_plan(env: Env, event_id: str, today: str | None) -> Path:
    """The plan file in ./plans with the event ``event_id``, found as ``show`` finds it."""
    catalog = open_plans(env, None, today_of(env, today))
    return Path(find_event_in(catalog, event_id)[0].source)


def _selection(
    plans: list[Plan],
    events: list[str] | None,
    person: str | None,
    start: date | str | None,
    end: date | str | None,
    delegation: str | None = None,
) -> Selection:
    """The entries the filters select, after checking that every id they name exists."""
    from visitplan.ical.entries import Selection
    from visitplan.views.agenda import Filters, Window

    Filters(person=person, delegation=delegation).check(plans)
    for event_id in events or ():
        Filters(event=event_id).check(plans)
    return Selection(
        events=tuple(events or ()),
        person=person,
        delegation=delegation,
        window=Window(given_date(start), given_date(end)),
    )


class Method(StrEnum):
    publish = "publish"
    request = "request"


# The options of `export`.
MethodOpt = Annotated[
    Method,
    typer.Option(
        help="publish: a calendar to import. request: invitations with RSVP (needs an organizer with an email)."
    ),
]
AlarmOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--alarm",
        metavar="DURATION",
        help="A reminder this long before each event, e.g. 1d, 30m (repeat).",
    ),
]
PerPersonOpt = Annotated[
    Path | None,
    typer.Option(
        "--per-person",
        metavar="DIR",
        help="Write one file per person with an email, DIR/<person-id>.ics, with what they "
        "attend, in their first language unless --lang is given.",
    ),
]

_DRY = "Print the calendar (or the file names), say what would change; write no file, no state."
ExportDryRunOpt = Annotated[bool, flag("--dry-run", _DRY)]


@app.command()
def export(
    ctx: typer.Context,
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        output_option(
            "Where to write ('-' for standard output). Default: standard output in a "
            "pipe, else <plan-id>.ics."
        ),
    ] = None,
    event: EventsOpt = None,
    person: PersonOpt = None,
    delegation: DelegationOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    lang: LangOpt = None,
    method: MethodOpt = Method.publish,
    alarm: AlarmOpt = None,
    todos: Annotated[bool, flag("--todos", "Also export the actions as tasks (VTODO).")] = False,
    per_person: PerPersonOpt = None,
    dry_run: ExportDryRunOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Export iCalendar (.ics) invites that Outlook, Google, Apple Calendar and Thunderbird import.

    Re-export after a change and send the file again: calendars update the changed entries
    instead of adding copies, and drop entries removed from the plan. What was exported is
    remembered in <plan>.visitplan-state next to the plan (also by -o -): commit it with
    the plan. To look at an export without using up the update, give --dry-run.

    Examples:

      visitplan export plans/korosten-bourges.toml

      visitplan export --person chyzhevska --alarm 1d -o chyzhevska.ics

      visitplan export --per-person out/ --method request --event online-2024-05-28

      visitplan export plans/korosten-bourges.toml -o korosten-bourges.ics --dry-run
    """
    from visitplan.ical.calendar import check_method
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.files import save_states, write_per_person
    from visitplan.ical.stamps import load_stamps
    from visitplan.plan.durations import parse_duration

    env: Env = ctx.obj
    if per_person is not None and output is not None:
        raise UsageError("give --per-person DIR or --output FILE, not both")
    lock(ctx, plan_files(paths), lock_timeout, dry_run)
    plans = load_plans(env, paths, today_of(env, today), needs_state=True)
    check_method(plans, method.value)
    selection = _selection(plans, event, person, start, end, delegation)
    options = ExportOptions(
        lang=words_for(env, lang, plans).lang if per_person is None else lang or env.lang,
        method=method.value,
        alarms=tuple(parse_duration(a) for a in alarm or ()),
        todos=todos,
    )
    keep = (options.lang, selection) if per_person is None else (None, None)
    stamped = load_stamps(plans, env.clock(), todos, *keep)
    if per_person is not None:
        files = write_per_person(plans, stamped, selection, options, per_person, dry_run)
        say_written(env, files, f" to {per_person.as_posix()}/", dry_run)
    else:
        _export_one(env, plans, stamped, selection, options, output, dry_run)
    if not dry_run:
        save_states(plans, stamped)


def _export_one(
    env: Env,
    plans: list[Plan],
    stamped: dict[str, Stamped],
    selection: Selection,
    options: ExportOptions,
    output: str | None,
    dry_run: bool = False,
) -> None:
    """Write the calendar of `export` without --per-person: to ``output``, else to standard
    output in a pipe, else to <plan-id>.ics; the invitations of a visit and its sessions
    (--method request) one file each. A dry run writes no file: it prints the calendar
    (or the names of the files) to standard output and says what it would write."""
    from visitplan.ical.calendar import check_request, request_files, write_calendar
    from visitplan.ical.files import export_summary
    from visitplan.workspace.fileio import atomic_writer, write_changed

    requests = []
    if options.method == Method.request:
        requests = check_request(list(stamped.values()), selection)
    target = output
    if target is None:
        target = (
            "-"
            if not env.stdout.is_terminal
            else f"{plans[0].id if len(plans) == 1 else 'visitplan'}.ics"
        )
    if len(requests) > 1:  # a visit and its sessions: one invitation file each
        if target == "-":
            raise UsageError(
                f"--method request writes {len(requests)} files for this visit (its own "
                "entry and each session), not one on standard output",
                "give -o FILE.ics: FILE.ics and FILE--<item-id>.ics for each session",
            )
        files = write_changed(request_files(requests, options, Path(target)), dry_run)
        say_written(env, files, f": {target} and its sessions", dry_run)
    elif target == "-" or dry_run:
        write_calendar(list(stamped.values()), selection, options, env.write_bytes)
        if dry_run:
            where = "standard output" if target == "-" else target
            summary = export_summary(stamped, selection)
            env.stderr.print(Text(f"would write {where}: {summary}"))
    else:
        with atomic_writer(Path(target)) as handle:
            write_calendar(list(stamped.values()), selection, options, handle.write)
        env.stderr.print(Text(f"wrote {target}: {export_summary(stamped, selection)}"))


class OnRemoved(StrEnum):
    cancel = "cancel"
    delete = "delete"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


# The options of `publish`.
UrlOpt = Annotated[
    str,
    typer.Option(
        "--url",
        metavar="URL",
        envvar="VISITPLAN_CALDAV_URL",
        help="The CalDAV calendar collection, e.g. https://cloud.example.org/remote.php/"
        "dav/calendars/USER/CALENDAR/ ($VISITPLAN_CALDAV_URL).",
    ),
]
OnRemovedOpt = Annotated[
    OnRemoved,
    typer.Option(
        "--on-removed",
        help="What to do with entries the plan no longer has: cancel (kept, shown as "
        "cancelled) or delete.",
    ),
]
OverwriteOpt = Annotated[
    bool,
    flag("--force", "Overwrite entries someone changed on the server with the plan's version."),
]
PublishDryRunOpt = Annotated[
    bool,
    flag("--dry-run", "Say what would be created, updated, cancelled or deleted; write nothing."),
]


@app.command()
def publish(
    ctx: typer.Context,
    paths: PathsArg = None,
    url: UrlOpt = "",
    user: UserOpt = None,
    password_env: PasswordEnvOpt = None,
    password_file: PasswordFileOpt = None,
    event: EventsOpt = None,
    person: PersonOpt = None,
    delegation: DelegationOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    lang: LangOpt = None,
    todos: Annotated[bool, flag("--todos", "Also publish the actions as tasks (VTODO).")] = False,
    on_removed: OnRemovedOpt = OnRemoved.cancel,
    force: OverwriteOpt = False,
    dry_run: PublishDryRunOpt = False,
    timeout: TimeoutOpt = 30,
    output: Annotated[
        ReportFormat, format_option("text or json (for scripts).")
    ] = ReportFormat.text,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Publish plans to a shared calendar on a CalDAV server (Nextcloud, Radicale, Fastmail…).

    Creates the entries the calendar lacks, updates changed ones, cancels (or deletes)
    entries the plan no longer has, and never touches entries that are not the plan's.
    Publishing an unchanged plan writes nothing. An entry someone changed on the server
    since the last publish is reported as a conflict and left alone (see --force).
    The entries are the ones `export` writes: same UIDs and SEQUENCE, same state file.

    Examples:

      visitplan publish --url https://cloud.example.org/remote.php/dav/calendars/anna/korosten-bourges/ --user anna --password-env NEXTCLOUD_PASSWORD

      visitplan publish plans/korosten-bourges.toml --url https://cloud.example.org/remote.php/dav/calendars/anna/korosten-bourges/ --user anna --password-env NEXTCLOUD_PASSWORD --dry-run
    """
    from visitplan.ical.components import ExportOptions
    from visitplan.ical.files import save_states
    from visitplan.ical.stamps import load_stamps
    from visitplan.sync.dav import DavCollection, check_url
    from visitplan.sync.publishing import PublishOptions, plan_changes
    from visitplan.sync.remote import read_remote

    env: Env = ctx.obj
    if not url:
        raise UsageError(
            "publish needs the calendar's address",
            "give --url URL or set $VISITPLAN_CALDAV_URL (see README: visitplan publish)",
        )
    check_url(url)
    password = _password(env, timeout, user, password_env, password_file)
    lock(ctx, plan_files(paths), lock_timeout, dry_run)
    plans = load_plans(env, paths, today_of(env, today), needs_state=True)
    selection = _selection(plans, event, person, start, end, delegation)
    options = PublishOptions(
        export=ExportOptions(lang=words_for(env, lang, plans).lang, todos=todos),
        on_removed=on_removed.value,
        force=force,
    )
    ca_bundle = env.environ.get("REQUESTS_CA_BUNDLE")
    collection = DavCollection(url, user, password, timeout, ca_bundle)
    collection.check()
    remote = read_remote(collection)
    now = env.clock()
    stamped = load_stamps(plans, now, todos)
    changes = plan_changes(list(stamped.values()), selection, options, remote, collection, now)
    if not dry_run:
        try:
            changes = _apply_with_progress(env, changes, collection, stamped.values())
        finally:  # also when the server went away part-way: it has what was written
            save_states(plans, stamped)
    _report(env, changes, collection.url, dry_run, output)


def _password(
    env: Env, timeout: float, user: str | None, password_env: str | None, password_file: Path | None
) -> str | None:
    """The password for a server (see ``credentials``), once --timeout is known to be good."""
    from visitplan.sync.credentials import read_password

    if timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    return read_password(env.environ, user, password_env, password_file)


def _report(
    env: Env, changes: list[CalendarChange], url: str, dry_run: bool, output: ReportFormat
) -> None:
    """Print what `publish` did (or would do); a conflict fails the command."""
    from visitplan.render.sync import publish_json, publish_text
    from visitplan.sync.publishing import Report, conflict_advice

    report = Report(changes)
    if output == ReportFormat.json:
        env.stdout.out(publish_json(changes, url, dry_run), end="", highlight=False)
    else:
        publish_text(changes, report.summary(), dry_run, env.stdout)
    if report.count("conflict"):
        env.stderr.print(Text(conflict_advice(changes)))
        raise CommandFailed()


def _apply_with_progress(
    env: Env, changes: list[CalendarChange], collection: DavCollection, states: Iterable[Stamped]
) -> list[CalendarChange]:
    """Write the changes (recording a raised SEQUENCE in ``states``), with a progress bar
    on a terminal."""
    from visitplan.sync.publishing import apply_changes

    writes = sum(1 for change in changes if change.writes)
    if not (writes and env.stderr.is_terminal):
        return apply_changes(changes, collection, states=states)
    from rich.progress import Progress

    with Progress(console=env.stderr, transient=True) as progress:
        task = progress.add_task("publishing", total=writes)
        return apply_changes(
            changes, collection, lambda change: progress.advance(task), states=states
        )


# The options of `invite` (its signature stays a list of what it takes).
SmtpOpt = Annotated[
    str | None,
    typer.Option(
        "--smtp",
        metavar="HOST[:PORT]",
        envvar="VISITPLAN_SMTP",
        help="The mail server to send through ($VISITPLAN_SMTP).",
    ),
]
SenderOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="ADDRESS",
        help='Send from this address (default: the plan\'s organizer), e.g. "Anna <anna@…>".',
    ),
]
CancelOpt = Annotated[
    bool, flag("--cancel", "Send the cancellation of an event cancelled in the plan.")
]
UpdateOpt = Annotated[bool, flag("--update", "Resend after a change, as an updated invitation.")]
StartTlsOpt = Annotated[
    bool, flag("--starttls", "Use STARTTLS (the default for a server on another host).")
]
SslOpt = Annotated[bool, flag("--ssl", "Use TLS from the start (port 465).")]
InviteDryRunOpt = Annotated[
    bool, flag("--dry-run", "Send nothing: list who would get a message (with --save, write them).")
]
SaveOpt = Annotated[
    Path | None,
    typer.Option(
        "--save",
        metavar="DIR",
        help="Write the messages as DIR/<person>.eml instead of sending them (nothing is "
        "sent; `--dry-run DIR`, the 0.x form, does the same).",
    ),
]
EndedOpt = Annotated[
    bool, flag("--force", "Invite to an event that has already ended, all the same.")
]


@app.command()
def invite(
    ctx: typer.Context,
    args: Annotated[
        list[str],
        typer.Argument(
            metavar="[PLAN] EVENT-ID",
            help="The event to invite to, after its plan (its file, or its id in ./plans) if "
            "not the plan in ./plans that has it.",
            autocompletion=_complete_plan_or_event,
        ),
    ],
    smtp: SmtpOpt = None,
    sender: SenderOpt = None,
    cancel: CancelOpt = False,
    update: UpdateOpt = False,
    starttls: StartTlsOpt = False,
    use_ssl: SslOpt = False,
    user: UserOpt = None,
    password_env: PasswordEnvOpt = None,
    password_file: PasswordFileOpt = None,
    dry_run: InviteDryRunOpt = False,
    save: SaveOpt = None,
    timeout: TimeoutOpt = 30,
    force: EndedOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Send meeting invitations by email (iMIP): Accept / Decline buttons in Outlook and Gmail.

    One message per participant with an email, in their first language, with the times
    in their organization's zone and the event's, the link or place and the program, and
    the calendar entry that `export` builds (same UID, so a later --update or --cancel
    replaces it in their calendar).

    Examples:

      visitplan invite korosten-bourges online-2024-05-28 --dry-run --save out/mail --force

      visitplan invite plans/korosten-bourges.toml online-2024-05-28 --smtp smtp.example.org --user anna --password-env SMTP_PASSWORD --force

      visitplan invite plans/korosten-bourges.toml online-2024-05-28 --cancel --smtp smtp.example.org
    """
    from visitplan.ical.stamps import load_stamps
    from visitplan.sync.inviting import invitations, smtp_settings

    env: Env = ctx.obj
    event_id, plan_path = _invited(env, args, today)
    if cancel and update:
        raise UsageError("give --cancel or --update, not both")
    if not dry_run and save is None and not smtp:
        raise UsageError(
            "invite needs a mail server",
            "give --smtp HOST[:PORT] (or $VISITPLAN_SMTP), or --dry-run (and --save DIR to "
            "write the messages)",
        )
    password = _password(env, timeout, user, password_env, password_file)
    server = (
        smtp_settings(smtp, starttls, use_ssl, user, password, timeout)
        if smtp is not None
        else None
    )
    # a dry run (--save DIR writes messages only) does not write the state
    dry_run = dry_run or save is not None
    lock(ctx, plan_files([plan_path]), lock_timeout, dry_run)
    plans = _one_plan(env, plan_path, today)
    plan = plans[0]
    now = env.clock()
    stamped = load_stamps(plans, now, todos=False)
    kind = "cancel" if cancel else "update" if update else "request"
    messages = invitations(
        plan, stamped[plan.source], event_id, kind, sender, now, force, today_of(env, today)
    )
    if dry_run:
        _not_sent(env, messages, save)
        return
    assert server is not None
    _send(env, messages, server, plans, stamped)


def _one_plan(env: Env, plan_path: Path, today: str | None) -> list[Plan]:
    """The plan of `invite`, with its export state: one plan file."""
    plans = load_plans(env, [plan_path], today_of(env, today), needs_state=True)
    if len(plans) != 1:
        raise UsageError(
            f"{plan_path.as_posix()} is not one plan file", "give the plan's .toml file"
        )
    return plans


def _invited(env: Env, args: list[str], today: str | None) -> tuple[str, Path]:
    """The event of `invite [PLAN] EVENT-ID`, and its plan file."""
    if len(args) > 2:
        raise UsageError("give at most a plan and an event id", "visitplan invite [PLAN] EVENT-ID")
    event_id = args[-1]
    plan_path = (
        resolve_path(Path(args[0])) or Path(args[0])
        if len(args) == 2
        else _event_plan(env, event_id, today)
    )
    return event_id, plan_path


def _not_sent(env: Env, messages: list[Invitation], save: Path | None) -> None:
    """A dry run of `invite`: who would get a message, or (--save DIR) the messages."""
    from visitplan.sync.inviting import write_messages

    if save is None:
        for message in messages:
            env.stdout.print(Text(f"would send to {message.name} <{message.email}>"))
        env.stderr.print(Text(f"{len(messages)} message(s) to send (nothing sent)"))
        return
    written = write_messages(messages, save)
    env.stderr.print(
        Text(
            f"wrote {len(written)} message{'s' if len(written) != 1 else ''} to "
            f"{save.as_posix()}/ (nothing sent)"
        )
    )


def _send(
    env: Env,
    messages: list[Invitation],
    server: Smtp,
    plans: list[Plan],
    stamped: dict[str, Stamped],
) -> None:
    """Send the invitations, then record what was sent in the plans' state (also when the
    server went away part-way); a message not sent fails the command."""
    from visitplan.ical.files import save_states
    from visitplan.render.sync import invite_text
    from visitplan.sync.inviting import send

    try:
        outcomes = send(messages, server)
    finally:
        save_states(plans, stamped)
    invite_text(outcomes, env.stdout)
    if not all(outcome.sent for outcome in outcomes):
        raise CommandFailed()
