"""The command line: parses arguments, calls the core, renders. No logic of its own.

Errors are mapped to exit codes in one place, :class:`VisitplanGroup`: 0 ok, 1 a plan is
invalid or the command failed, 2 the command line is wrong.
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text
from typer.core import TyperGroup

from visitplan import __version__
from visitplan.checking import check_paths
from visitplan.environment import Env
from visitplan.errors import EXIT_FAILED, CommandFailed, VisitplanError
from visitplan.reporting import check_json, render_check_text
from visitplan.schema import schema_json

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
        env = Env(env.stdout, env.stderr, env.today, env.local_zone, debug=True)
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
