"""The commands that change a plan in place: ``add``, ``set``, ``remove``, ``move`` (in
the one grammar ``visitplan VERB KIND [ID] --plan PLAN``; the 0.x forms still work) and
``import`` (the events of an .ics file), and what every writer does after its edit
(:func:`write_change`: the warnings it adds, the diff of a dry run, the write).

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from visitplan.cli.app import app
from visitplan.cli.completion import _complete_plan_words, _complete_words
from visitplan.cli.context import lock, today_of
from visitplan.cli.field_options import field_values, with_field_options
from visitplan.cli.options import (
    DryRunOpt,
    LockTimeoutOpt,
    PlanOpt,
    StrictWriteOpt,
    TodayOpt,
    flag,
)
from visitplan.errors import UsageError, VisitplanError
from visitplan.workspace.environment import Env
from visitplan.workspace.locking import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from visitplan.editing.document import Document


def write_change(
    env: Env,
    doc: Document,
    new_text: str,
    dry_run: bool,
    day: date,
    done: str,
    strict: bool = False,
    unchanged: str | None = None,
) -> None:
    """Show the warnings the change adds (refused with ``strict``), then write it (or
    print it as a diff with ``dry_run``, after the same check of errors the write makes:
    a dry run exits as the write would). With ``unchanged``, a change that leaves the
    text as it is writes nothing and says ``unchanged``, dry run or not."""
    from visitplan.editing.introduced import WarningsRefused, introduced_warnings
    from visitplan.editing.writing import EditRefused, commit, new_errors, unified_diff
    from visitplan.plan.holidays_data import Calendars

    if unchanged is not None and new_text == doc.text:
        env.stdout.print(Text(unchanged))
        return
    added = introduced_warnings(doc, new_text, day, Calendars(env.cache_dir), env.lang)
    if added and strict:
        raise WarningsRefused(doc.path.as_posix(), added)
    if dry_run:
        errors = new_errors(doc, new_text, day)
        if errors:
            raise EditRefused(doc.path.as_posix(), errors)
        env.stdout.out(unified_diff(doc, new_text), end="", highlight=False)
    else:
        commit(doc, new_text, day)
        env.stdout.print(Text(done))
    for finding in added:
        env.stderr.print(Text(finding.render()))


def _old_plan_word(word: str) -> bool:
    """In the 0.x forms (`add KIND PLAN`, `set PLAN KIND ID`, `move PLAN ID`) the plan
    came first: a word that is a file or ends in .toml is taken as that plan."""
    return word.endswith(".toml") or Path(word).is_file()


def plan_of(given: str | None, old_form: str | None) -> Path:
    from visitplan.cli.grammar import the_plan

    if given is not None and old_form is not None:
        raise UsageError(
            f"the plan is given twice ({old_form} and --plan {given})", "keep only --plan PLAN"
        )
    return the_plan(given if old_form is None else old_form)


def _old_plan_of_add(
    words: list[str], entry_kind: str, fields: dict[str, Any], plan: str | None
) -> str | None:
    """The plan of the 0.x form `add KIND PLAN` (a plan file, or a plan id with --id ID),
    else None; the new entry's id given after the kind goes into ``fields`` (and the
    event of `add program EVENT-ID/ITEM-ID`)."""
    old_plan = words[1] if len(words) == 2 and _old_plan_word(words[1]) else None
    if len(words) == 2 and old_plan is None and fields.get("id") and plan is None:
        # `add KIND PLAN-ID --id ID`: the 0.x form with the plan named by its id
        from visitplan.cli.grammar import plan_ids

        if words[1] in plan_ids() and fields["id"] != [words[1]]:
            old_plan = words[1]
    if len(words) == 2 and old_plan is None:
        given_id = words[1]
        if entry_kind == "program" and "/" in given_id:
            parent_id, given_id = given_id.split("/", 1)
            if fields.get("event") and fields["event"] != [parent_id]:
                raise UsageError(f"the event is given twice ({parent_id} and --event)")
            fields["event"] = [parent_id]
        if fields.get("id") and fields["id"] != [given_id]:
            raise UsageError(f"the id is given twice ({given_id} and --id)", "keep one")
        fields["id"] = [given_id]
    return old_plan


def _parent_of(fields: dict[str, Any]) -> str:
    """The event a new program item goes into (--event, or EVENT-ID/ITEM-ID)."""
    parent_ids = fields.get("event") or []
    if len(parent_ids) != 1:
        raise UsageError(
            "give the event to add the program item to",
            "visitplan add program EVENT-ID/ITEM-ID, or --event EVENT-ID",
        )
    parent: str = parent_ids[0]
    return parent


@with_field_options(
    helps={"event": "The event to add a program item to; for an action, the event it came from."}
)
def add(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KIND [ID]",
            help="What to add: organization (org), person, delegation, event, program "
            "(item), topic or action; then the new entry's id (or --id ID). A program "
            "item: EVENT-ID/ITEM-ID, or ITEM-ID with --event EVENT-ID.",
            show_default=False,
            autocompletion=_complete_words(new=True),
        ),
    ],
    plan: PlanOpt = None,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
    **fields: Any,
) -> None:
    """Add an organization, person, delegation, event, program item, topic or action.

    The entry goes after the last one of its kind; nothing else in the file changes. The
    result is checked first: if it would add an error, nothing is written. Text in several
    languages: --title uk="…" --title en="…"; a plain --title "…" is one text for all.
    (`visitplan add KIND PLAN --id ID`, the 0.x form, still works.)

    Examples:

      visitplan add person hennou --plan korosten-bourges --name "Félix Hénou" --org afccre --role en="Policy officer" --email f.henou@example.org

      visitplan add program study-visit-2023/museum --plan korosten-bourges --title en="Museum visit" --start 2023-07-02T15:00 --end 2023-07-02T17:00
    """
    from visitplan.cli.grammar import kind
    from visitplan.editing.document import Document, load_raw
    from visitplan.editing.entries import add_entry
    from visitplan.editing.offsets import fit_times

    env: Env = ctx.obj
    if not words or len(words) > 2:
        raise UsageError(
            "give what to add, then its id", "e.g. visitplan add topic water-treatment --title …"
        )
    if words[0] == "plan":
        raise UsageError("a plan is made with `visitplan new PLAN-ID`")
    entry_kind = kind(words[0])
    old_plan = _old_plan_of_add(words, entry_kind, fields, plan)
    path = plan_of(plan, old_plan)
    lock(ctx, [path], lock_timeout, dry_run)
    doc = Document.open(path, today_of(env, today))
    values = field_values(entry_kind, fields)
    entry_id = None
    if entry_kind in ("org", "person", "delegation"):
        raw_id = values.pop("id", None)
        if not isinstance(raw_id, str):
            raise UsageError(f"give the new {entry_kind}'s id: visitplan add {words[0]} ID")
        entry_id = raw_id
    elif entry_kind != "program" and "id" not in values:
        raise UsageError(f"give the new {entry_kind}'s id: visitplan add {words[0]} ID")
    parent = _parent_of(fields) if entry_kind == "program" else None
    values = fit_times(load_raw(doc), values, parent=parent)
    new_text = add_entry(doc, entry_kind, values, entry_id, parent)
    name = entry_id or values.get("id") or "item"
    write_change(
        env,
        doc,
        new_text,
        dry_run,
        today_of(env, today),
        f'added {entry_kind} "{name}" to {path.as_posix()}',
        strict,
    )


@with_field_options(
    hide=("id",),
    helps={"event": "The event an action came from. With `set program ITEM-ID`: the item's event."},
)
def set_command(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KIND [ID]",
            help="What to change: organization (org), person, delegation, event, program "
            "(item), topic or action, and its id (a program item: EVENT-ID/ITEM-ID); or "
            "plan, without an id, for the plan's own fields.",
            show_default=False,
            autocompletion=_complete_words(),
        ),
    ],
    plan: PlanOpt = None,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
    **fields: Any,
) -> None:
    """Change fields of an existing entry: a status, a link, a place, the participants…

    Each value replaces the old one where it stands, keeping the line's comment. Text:
    --title en="…" replaces the English text and keeps the other languages; a plain
    --title "…" replaces the whole text. `set plan` (no id) changes the plan's own
    fields: --title, --organizer, --languages, --timezone, --description.
    (`visitplan set PLAN KIND ID`, the 0.x form, still works.)

    Examples:

      visitplan set topic water-treatment --plan korosten-bourges --status accepted

      visitplan set event online-2024-05-28 --plan korosten-bourges --url https://meet.example.org/new-room

      visitplan set plan --organizer taran --languages uk,fr,en --timezone Europe/Kyiv
    """
    from visitplan.editing.document import Document, load_raw
    from visitplan.editing.entries import entry_path
    from visitplan.editing.offsets import fit_times
    from visitplan.editing.ordering import in_time_order
    from visitplan.editing.setting import set_fields

    env: Env = ctx.obj
    old_plan, entry_kind, entry_id = _set_target(words)
    if entry_kind == "program" and fields.get("event"):
        given = fields["event"]
        if len(given) > 1:
            raise UsageError("--event is given more than once", "give the item's event once")
        entry_id = _item_of(given[0], entry_id)
    path = plan_of(plan, old_plan)
    lock(ctx, [path], lock_timeout, dry_run)
    doc = Document.open(path, today_of(env, today))
    values = field_values(entry_kind, fields)
    if not values:
        raise UsageError("nothing to set", "give at least one field, e.g. --status confirmed")
    if "id" in values:
        raise UsageError("ids do not change (they are the identity of calendar entries)")
    if entry_kind == "plan":  # the plan's own fields, at the top of the file
        entry, name = "", "the plan"
    else:
        entry, name = entry_path(doc, entry_kind, entry_id), f'{entry_kind} "{entry_id}"'
    new_text = set_fields(doc, entry, fit_times(load_raw(doc), values, entry))
    if entry_kind == "program" and ("start" in values or "end" in values):
        new_text = in_time_order(doc.with_text(new_text), entry)
    changed = ", ".join(values)
    write_change(
        env,
        doc,
        new_text,
        dry_run,
        today_of(env, today),
        f"set {changed} of {name} in {path.as_posix()}",
        strict,
        f"nothing to change: {changed} of {name} in {path.as_posix()} "
        f"{'is' if len(values) == 1 else 'are'} already as given",
    )


def _item_of(event: str, item: str) -> str:
    """The EVENT-ID/ITEM-ID of ``item`` given with ``--event``."""
    if "/" in item:
        raise UsageError(
            f"the event is given twice ({item} and --event {event})",
            f"give {item} alone, or {item.partition('/')[2]} --event {event}",
        )
    return f"{event}/{item}"


def _set_target(words: list[str]) -> tuple[str | None, str, str]:
    """The plan of the 0.x form (if given), the kind and the id `set` is given."""
    from visitplan.cli.grammar import is_kind, kind

    old_plan = None
    if len(words) in (2, 3) and words[1] == "plan" and not is_kind(words[0]):
        old_plan, words = words[0], words[1:]  # the 0.x form of `set plan`: PLAN plan
    elif len(words) == 3 and not is_kind(words[0]):
        old_plan, words = words[0], words[1:]
    if words[:1] == ["plan"]:
        if len(words) > 1:
            raise UsageError("`set plan` takes no id", "e.g. visitplan set plan --organizer ID")
        return old_plan, "plan", ""
    if len(words) != 2:
        raise UsageError(
            "give what to change and its id", "e.g. visitplan set topic water-treatment --status …"
        )
    return old_plan, kind(words[0]), words[1]


app.command("add")(add)
app.command("set")(set_command)


@app.command()
def remove(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KIND ID",
            help="What to remove: organization (org), person, delegation, event, program "
            "(item), topic or action, and its id (a program item: EVENT-ID/ITEM-ID, or "
            "ITEM-ID with --event EVENT-ID).",
            show_default=False,
            autocompletion=_complete_words(),
        ),
    ],
    plan: PlanOpt = None,
    event: Annotated[
        str | None,
        typer.Option("--event", metavar="ID", help="The event of the program item to remove."),
    ] = None,
    with_references: Annotated[
        bool,
        typer.Option(
            "--with-references",
            help="Also take out every reference to it (a line, or the id from a list).",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Remove an entry: its lines and the comment block just above it, nothing else.

    Refused while something still names it (each place is listed as file:line: key
    path), unless --with-references takes those references out too. A removed event or
    program item is exported (and published) as cancelled the next time.

    Examples:

      visitplan remove person taran --plan korosten-bourges --with-references --dry-run

      visitplan remove program study-visit-2023/schools --plan plans/korosten-bourges.toml

      visitplan remove program debrief --event study-visit-2023
    """
    from visitplan.cli.grammar import kind as kind_named
    from visitplan.cli.grammar import the_plan
    from visitplan.editing.document import Document
    from visitplan.editing.removing import remove_entry

    env: Env = ctx.obj
    if len(words) != 2:
        raise UsageError("give what to remove and its id", "e.g. visitplan remove person ID")
    kind, entry_id = kind_named(words[0]), words[1]
    if event is not None:
        if kind != "program":
            raise UsageError("--event names the event of a program item: remove program ITEM")
        entry_id = _item_of(event, entry_id)
    path = the_plan(plan)
    lock(ctx, [path], lock_timeout, dry_run)
    day = today_of(env, today)
    doc = Document.open(path, day)
    removal = remove_entry(doc, kind, entry_id, with_references)
    name = "organization" if kind == "org" else kind
    done = f'removed {name} "{entry_id}" from {path.as_posix()}'
    if removal.references:
        count = len(removal.references)
        done += f" with {count} reference{'s' if count != 1 else ''} to it"
    write_change(env, doc, removal.text, dry_run, day, done, strict)


@app.command()
def move(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="event ID",
            help="The event to move, by its id.",
            show_default=False,
            autocompletion=_complete_words(("event",)),
        ),
    ],
    plan: PlanOpt = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE|DATETIME", help="New start: 2024-06-04, or 2024-06-04T14:00."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="DURATION", help="Move by a duration: 7d, -1w, 2h, 1d2h."),
    ] = None,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Move an event and its whole program together, keeping every duration.

    (`visitplan move PLAN EVENT-ID`, the 0.x form, still works.)

    Examples:

      visitplan move event study-visit-next --plan korosten-bourges --by 7d

      visitplan move event online-2024-05-28 --plan korosten-bourges --to 2024-05-29T14:00
    """
    from visitplan.cli.grammar import is_kind, kind
    from visitplan.editing.document import Document, load_raw
    from visitplan.editing.entries import entry_path
    from visitplan.editing.moving import move_delta, shift_times
    from visitplan.plan.keypath import KeyPath

    env: Env = ctx.obj
    if len(words) != 2:
        raise UsageError("give the event to move", "e.g. visitplan move event ID --by 7d")
    old_plan = None
    if is_kind(words[0]) and not _old_plan_word(words[0]):
        if kind(words[0]) != "event":
            raise UsageError(
                f"only events move (with their program): not {words[0]}",
                f"move an item with visitplan set program "
                f"{words[1] if '/' in words[1] else 'EVENT-ID/ITEM-ID'} --start … --end …",
            )
    else:
        old_plan = words[0]
    event_id = words[1]
    path = plan_of(plan, old_plan)
    lock(ctx, [path], lock_timeout, dry_run)
    doc = Document.open(path, today_of(env, today))
    entry = entry_path(doc, "event", event_id)
    event = load_raw(doc)["events"][KeyPath.parse(entry).index_in("events")]
    delta = move_delta(event, to, by)
    new_text = shift_times(doc, entry, delta)
    write_change(
        env,
        doc,
        new_text,
        dry_run,
        today_of(env, today),
        f'moved event "{event_id}" in {path.as_posix()}',
        strict,
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(metavar="FILE.ics", help="The invitation or calendar file.")
    ],
    plan_word: Annotated[
        str | None,
        typer.Option(
            "--plan",
            metavar="PLAN",
            help="The plan to add the events to: its file, or its id in ./plans. Default: "
            "the only plan in ./plans.",
            show_default=False,
            autocompletion=_complete_plan_words,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="Import the occurrences of a series up to this day (default: a year on).",
        ),
    ] = None,
    update: Annotated[
        bool,
        flag(
            "--update",
            "Take the file's version of an event imported earlier even when its "
            "SEQUENCE is not higher.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        flag(
            "--strict",
            "Import nothing if any event cannot be imported, or if the import adds a "
            "warning of `check`.",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Import the events of an .ics file (an invitation a partner sent) into a plan.

    Times stay in the event's own zone (Windows, Exchange and Evolution zone names, and a
    zone the file describes, are understood; each assumption is printed); a series
    becomes its occurrences from its start or today for a year (--until); attendees are
    matched to the plan's people by email and new people are added. An event imported
    earlier is updated when the file's SEQUENCE is higher (or with --update), cancelled by
    a cancellation, never added twice; entries this plan exported itself are counted or
    reported. An event that cannot be imported is left out and reported (--strict: import
    nothing then); the dry run checks exactly as the import does.

    Example:

      visitplan import invitation.ics --plan korosten-bourges --dry-run
    """
    from visitplan.editing.document import Document
    from visitplan.editing.importing import ImportOptions, import_calendar, parse_calendar

    env: Env = ctx.obj
    data, last = _read(source), _until(until)
    plan = plan_of(plan_word, None)
    lock(ctx, [plan], lock_timeout, dry_run)
    day = today_of(env, today)
    doc = Document.open(plan, day)
    options = ImportOptions(day, last, update, strict)
    result = import_calendar(doc, parse_calendar(data, source.as_posix()), options)
    for note in result.report():
        env.stderr.print(Text(note))
    done = result.summary(plan.as_posix())
    if result.text == doc.text:  # nothing new: the file is not written at all
        env.stdout.print(Text(done))
        return
    write_change(env, doc, result.text, dry_run, day, done, strict)


def _read(source: Path) -> bytes:
    """The bytes of the file to import."""
    try:
        return source.read_bytes()
    except OSError as error:
        raise VisitplanError(
            f"cannot read {source.as_posix()}: {error.strerror or error}"
        ) from None


def _until(until: str | None) -> date | None:
    """--until of `import`: a date."""
    try:
        return date.fromisoformat(until) if until is not None else None
    except ValueError:
        raise UsageError(f'--until "{until}" is not a date', "write it as 2026-12-31") from None
