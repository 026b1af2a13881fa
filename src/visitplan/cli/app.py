"""The Typer app and what every command runs inside: the group that maps a
:class:`~visitplan.errors.VisitplanError` to its message and exit code (the one place
that does: 0 ok, 1 a plan is invalid or the command failed, 2 the command line is wrong),
the command class (usage lines, the 0.x `--dry-run DIR`), ``--version``, ``--debug`` and
the entry point :func:`main`, which reports a bug in one line unless ``--debug``.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import inspect
import sys
import traceback
from typing import Annotated, Any

import typer
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from visitplan import __version__
from visitplan.errors import EXIT_FAILED, CommandFailed, VisitplanError
from visitplan.workspace.environment import Env

# The order of the commands in `visitplan --help`: by what a user does first.
COMMAND_ORDER = (
    "check",
    "schema",
    "agenda",
    "show",
    "program",
    "slots",
    "topics",
    "actions",
    "people",
    "export",
    "site",
    "publish",
    "invite",
    "add",
    "set",
    "remove",
    "move",
    "import",
    "changes",
    "new",
)


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


class VisitplanCommand(TyperCommand):
    """A command whose usage line can be copied: required arguments as Click writes
    them (``KIND ID``), not in Typer's braces (``{KIND ID}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._old_dry_run(args))

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        from visitplan.cli.completion import options_that_apply  # only when completing

        return options_that_apply(ctx, super().shell_complete(ctx, incomplete))

    def _old_dry_run(self, args: list[str]) -> list[str]:
        """The 0.x `invite ... --dry-run DIR` (and `--dry-run=DIR`) of a command that now
        has a `--dry-run` flag and `--save DIR`: the same as `--dry-run --save DIR`. A word
        after `--dry-run` is taken as the folder only when it is one word too many for the
        command's arguments."""
        options = [p for p in self.params if p.param_type_name == "option"]
        if not any("--save" in p.opts for p in options):
            return args
        valued = {name for p in options if not getattr(p, "is_flag", False) for name in p.opts}
        # an argument of several words (`[PLAN] EVENT-ID`) counts as the words its
        # metavar requires (`EVENT-ID`): in 0.x the word after --dry-run was always the
        # folder, so it still is when the words without it are enough
        wanted = sum(
            sum(1 for word in (p.metavar or "x").split() if not word.startswith("["))
            if p.nargs == -1
            else 1
            for p in self.params
            if p.param_type_name == "argument"
        )
        out: list[str] = []
        positional, folder_at = 0, None
        words = iter(args)
        for word in words:
            if word == "--":
                out += [word, *words]
                break
            if word.startswith("--dry-run="):
                out += ["--dry-run", "--save", word.partition("=")[2]]
            elif word in valued:
                out += [word, next(words, "")]
            elif word == "--dry-run":
                out.append(word)
                following = next(words, None)
                if following is not None:
                    if not following.startswith("-"):
                        positional += 1
                        folder_at = len(out)
                    out.append(following)
            else:
                positional += 0 if word.startswith("-") else 1
                out.append(word)
        if folder_at is not None and positional > wanted:
            out.insert(folder_at, "--save")
        return out


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
    """The environment of this run; consoles alone when reading it was what failed."""
    env = ctx.find_object(Env)
    return env if isinstance(env, Env) else Env.fallback()


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
    for warning in env.warnings:
        env.stderr.print(Text("warning: ", style="bold yellow") + Text(warning))


def _name(info: typer.models.CommandInfo) -> str:
    """The name a command is run by."""
    return info.name or getattr(info.callback, "__name__", "").replace("_", "-")


def _examples_kept_whole(doc: str) -> str:
    """A command's help with each example paragraph (indented, ``  visitplan …``)
    marked for Click to print as written: never wrapped inside an option or a URL."""
    paragraphs = doc.split("\n\n")
    return "\n\n".join(
        f"\b\n{text}" if text.startswith("  visitplan ") else text for text in paragraphs
    )


def finish() -> None:
    """Once every command is registered: the commands in :data:`COMMAND_ORDER`, usage lines
    as Click writes them, and whole examples."""
    app.registered_commands.sort(key=lambda info: COMMAND_ORDER.index(_name(info)))
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = VisitplanCommand
        doc = info.help or inspect.getdoc(info.callback)
        if doc:
            info.help = _examples_kept_whole(doc)


def _only_the_command_run(argv: list[str]) -> typer.Typer:
    """The app with just the command being run. Typer builds every command's options
    (evaluating each annotation) before it runs one: with 16 commands, that was a third
    of the time of `agenda` on a small plan. Help, completion and unknown commands get
    the whole app."""
    import os

    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None or "_VISITPLAN_COMPLETE" in os.environ:
        return app
    chosen = [info for info in app.registered_commands if _name(info) == name]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _debug_first(argv: list[str]) -> list[str]:
    """``--debug`` is an option of visitplan itself, but is accepted anywhere before a
    ``--``: after the command name too (``visitplan agenda --debug``)."""
    end = argv.index("--") if "--" in argv else len(argv)
    if "--debug" not in argv[:end]:
        return argv
    rest = [arg for arg in argv[:end] if arg != "--debug"] + argv[end:]
    return ["--debug", *rest]


def main() -> None:
    """Entry point of the `visitplan` script and `python -m visitplan`."""
    argv = _debug_first(sys.argv[1:])
    debug = bool(argv) and argv[0] == "--debug"
    # One command, then the process ends: the cyclic garbage collector only slows down the
    # building of large models and calendars (a third of a large export), so it is off.
    gc.disable()
    try:
        _only_the_command_run(argv)(args=argv, prog_name="visitplan")
    except Exception as error:  # a bug: say so in one line, unless asked for the traceback
        if debug:
            raise
        sys.stderr.write(
            f"internal error: {type(error).__name__}: {error} — this is a bug in visitplan; "
            "run again with --debug and report the traceback\n"
        )
        sys.exit(EXIT_FAILED)
