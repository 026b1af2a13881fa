"""``visitplan new``: a plan from a template, with its comments, asking on a terminal for
what the options do not give (a mistyped answer is asked again).

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from visitplan.cli import DEFAULT_PLANS
from visitplan.cli.app import app
from visitplan.cli.completion import _complete
from visitplan.cli.context import lock, today_of
from visitplan.cli.field_options import text_help
from visitplan.cli.options import DryRunOpt, LockTimeoutOpt, StrictWriteOpt, TodayOpt, flag
from visitplan.errors import VisitplanError
from visitplan.workspace.environment import Env
from visitplan.workspace.locking import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from visitplan.findings import Finding


class Template(StrEnum):
    online_meeting = "online-meeting"
    study_visit = "study-visit"


# The options of `new`.
TemplateOpt = Annotated[Template | None, typer.Option(help="The starter plan to copy.")]
TitleOpt = Annotated[
    list[str] | None,
    typer.Option(
        metavar="TEXT", help="The plan's title. " + text_help("--title"), show_default=False
    ),
]
ZoneOpt = Annotated[
    str | None,
    typer.Option(
        metavar="ZONE",
        help="The plan's zone, e.g. Europe/Kyiv.",
        autocompletion=_complete("zone"),
    ),
]
LanguagesOpt = Annotated[
    str | None,
    typer.Option(
        metavar="LANGS",
        autocompletion=_complete("lang"),
        help="The plan's languages, the default first, e.g. uk,fr,en (the template's "
        "texts in other languages are dropped).",
    ),
]
StartOpt = Annotated[
    str | None, typer.Option(metavar="DATE|DATETIME", help="When the first event starts.")
]
EndOpt = Annotated[str | None, typer.Option(metavar="DATE|DATETIME", help="When it ends.")]
FolderOpt = Annotated[Path, typer.Option("--dir", metavar="PATH", help="Folder of the plans.")]
WithExamplesOpt = Annotated[
    bool,
    flag(
        "--with-examples",
        "Keep the template's example organizations, people, program, topics and "
        "actions (to learn the format from).",
    ),
]


@app.command()
def new(
    ctx: typer.Context,
    plan_id: Annotated[str, typer.Argument(metavar="PLAN-ID", help="The new plan's id (a slug).")],
    template: TemplateOpt = None,
    title: TitleOpt = None,
    timezone: ZoneOpt = None,
    languages: LanguagesOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    folder: FolderOpt = DEFAULT_PLANS,
    with_examples: WithExamplesOpt = False,
    dry_run: DryRunOpt = False,
    strict: StrictWriteOpt = False,
    lock_timeout: LockTimeoutOpt = DEFAULT_TIMEOUT,
    today: TodayOpt = None,
) -> None:
    """Create a plan from a template, with its comments: <dir>/<PLAN-ID>.toml.

    On a terminal, asks for what the options do not give. --title replaces the template's
    whole title: a plain --title "…", or one --title per language (--title uk="…" --title
    en="…"); the template's example text is not kept in a language not given.

    Example:

      visitplan new lviv-lublin --template study-visit --title uk="Львів – Люблін" --title en="Lviv – Lublin" --timezone Europe/Kyiv --start 2025-09-15 --end 2025-09-19
    """
    from visitplan.editing.clean import without_examples
    from visitplan.editing.creating import check_answer, create_plan

    env: Env = ctx.obj
    interactive = env.stdout.is_terminal and sys.stdin.isatty()
    if template is None:
        template = (
            Template(_ask("Template (online-meeting, study-visit)", "template", "online-meeting"))
            if interactive
            else Template.online_meeting
        )
    if interactive:  # a mistyped answer is asked again, the others kept
        title, timezone, languages, start, end = _asked(
            plan_id, title, timezone, languages, start, end
        )
    day = today_of(env, today)

    def make(dry: bool) -> tuple[Path, str]:
        assert template is not None
        return create_plan(
            plan_id,
            template.value,
            folder,
            title,
            timezone,
            start,
            end,
            day,
            dry_run=dry,
            lock=lambda path: lock(ctx, [path], lock_timeout),
            clean=None if with_examples else without_examples,
            languages=check_answer("languages", languages).split(",") if languages else None,
        )

    path, text = make(True)
    added = _added_warnings(env, path, text, day, strict)
    if dry_run:
        import difflib

        diff = difflib.unified_diff(
            [], text.splitlines(keepends=True), "/dev/null", f"b/{path.as_posix()}"
        )
        env.stdout.out("".join(diff), end="", highlight=False)
    else:
        make(False)
        env.stdout.print(
            Text(
                f"created {path.as_posix()} from the {template.value} template — edit it, "
                "then run `visitplan check`"
            )
        )
    for finding in added:
        env.stderr.print(Text(finding.render()))


def _asked(
    plan_id: str,
    title: list[str] | None,
    timezone: str | None,
    languages: str | None,
    start: str | None,
    end: str | None,
) -> tuple[list[str], str, str, str, str]:
    """What `new` asks on a terminal for the plan's fields the options do not give."""
    return (
        title or _ask_title(plan_id),
        timezone or _ask("Time zone", "zone", "Europe/Kyiv"),
        languages or _ask("Languages, the default first", "languages", "uk,en"),
        (start := start or _ask("Start (2025-09-15, or 2025-09-15T11:00)", "when")),
        end or _ask("End (the last day, or the end time)", "when", start),
    )


def _added_warnings(env: Env, path: Path, text: str, day: date, strict: bool) -> list[Finding]:
    """The warnings of `check` the new plan has (refused with ``strict``)."""
    from visitplan.editing.document import Document
    from visitplan.editing.introduced import WarningsRefused, introduced_warnings
    from visitplan.plan.holidays_data import Calendars

    empty = Document(path, b"", "", False)
    added = introduced_warnings(empty, text, day, Calendars(env.cache_dir), env.lang)
    if added and strict:
        raise WarningsRefused(path.as_posix(), added)
    return added


def _ask_title(default: str) -> list[str]:
    """Ask on the terminal for the title, one text or ``uk=…; en=…``, until it is valid."""
    from visitplan.editing.arguments import parse_text, split_languages

    def valid(answer: str) -> list[str]:
        values = split_languages(answer)
        try:
            parse_text("--title", values)
        except VisitplanError as error:
            raise typer.BadParameter(error.render()) from None
        return values

    answer: list[str] = typer.prompt(
        "Title (uk=…; en=… for several languages)", default=default, value_proc=valid
    )
    return answer


def _ask(question: str, kind: str, default: str | None = None) -> str:
    """Ask on the terminal until the answer is a valid ``kind`` (template, zone,
    languages, when)."""
    from visitplan.editing.creating import check_answer

    def valid(answer: str) -> str:
        if kind == "template":
            if answer.strip() not in {t.value for t in Template}:
                raise typer.BadParameter(f'"{answer}": online-meeting or study-visit')
            return answer.strip()
        try:
            return check_answer(kind, answer)
        except VisitplanError as error:
            raise typer.BadParameter(error.render()) from None

    answer: str = typer.prompt(question, default=default, value_proc=valid)
    return answer
