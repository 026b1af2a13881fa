"""``visitplan changes``: what changed in the plans, in plain language, between two git
revisions or since the last export (the comparison itself is ``visitplan.changes``).

The core is imported inside the functions that use it (start-up time: see ``visitplan.cli``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from visitplan.cli import DEFAULT_PLANS
from visitplan.cli.app import app
from visitplan.cli.context import load_plans, render, today_of, words_for
from visitplan.cli.options import LangOpt, TodayOpt, ViewFormat, flag, format_option
from visitplan.errors import UsageError
from visitplan.workspace.environment import Env

if TYPE_CHECKING:
    from visitplan.changes import PlanChanges


@app.command()
def changes(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV] [PATH ...]",
            help="The revision to compare from (default HEAD), then plan files or folders "
            "(default ./plans).",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="REV", help="Compare up to this revision (default: the working tree)."
        ),
    ] = None,
    since_export: Annotated[
        bool,
        flag(
            "--since-export", "What participants have not received: changes since the last export."
        ),
    ] = False,
    lang: LangOpt = None,
    output: Annotated[
        ViewFormat,
        format_option("text, markdown (for a merge request or an email) or json."),
    ] = ViewFormat.text,
    today: TodayOpt = None,
) -> None:
    """Say in plain language what changed in the plans between two git revisions.

    Events added, removed, cancelled, moved (old → new, in the partners' zones too),
    place or link changed, program items added, removed, moved or with new speakers,
    participants and delegation members, topic status, actions added, done or overdue.
    Prints nothing when nothing changed.

    Examples:

      visitplan changes                      # since the last commit

      visitplan changes main --to HEAD --format markdown

      visitplan changes --since-export       # not yet sent to participants
    """
    from visitplan.render.changes import changes_json, changes_markdown, changes_text, revision_name

    env: Env = ctx.obj
    day = today_of(env, today)
    words = list(args or [])
    if since_export:
        found, shown_in, label_from, label_to = _since_export(env, words, to, lang, day)
    else:
        found, shown_in, label_from, label_to = _between(env, words, to, lang, day)
    label = f"{revision_name(label_from, shown_in)} → {revision_name(label_to, shown_in)}"
    render(
        env,
        output,
        lambda: changes_json(found, label_from, label_to),
        lambda: changes_markdown(found, label),
        lambda: changes_text(found, label, env.stdout),
    )


Found = tuple["list[PlanChanges]", "str | None", str, str]


def _since_export(env: Env, words: list[str], to: str | None, lang: str | None, day: date) -> Found:
    """`changes --since-export [PATH ...]`: the changes not yet exported, in the words they
    are shown in, and the names of the two sides."""
    from visitplan.changes import since_export as since_export_changes
    from visitplan.cli.grammar import existing, resolve

    if to:
        raise UsageError(
            "--since-export compares with the export state, not with revisions",
            "leave out --to (paths of plans may follow: --since-export plans/p.toml)",
        )
    not_paths = [word for word in words if not existing(word)]
    if not_paths:
        raise UsageError(
            f'"{not_paths[0]}" is not a plan file or folder',
            "--since-export compares with the export state, not with a revision: give "
            "plan files or folders, or nothing for ./plans",
        )
    plans = load_plans(env, [resolve(word) for word in words] or None, day, needs_state=True)
    shown_in = words_for(env, lang, plans).lang
    return since_export_changes(plans, shown_in), shown_in, "last export", "working tree"


def _between(env: Env, words: list[str], to: str | None, lang: str | None, day: date) -> Found:
    """`changes [REV] [PATH ...] [--to REV]`: the changes between two revisions (the
    working tree by default), in the words they are shown in, and the revisions' names."""
    from visitplan.changes import compare
    from visitplan.cli.grammar import existing
    from visitplan.workspace.history import Revision, plans_at, repository_root
    from visitplan.workspace.history import resolve as resolve_revision

    cwd = Path.cwd()
    repository_root(cwd)
    revision = "HEAD"
    if words and not existing(words[0]):
        revision = words.pop(0)
    old = resolve_revision(revision, cwd)
    new = resolve_revision(to, cwd) if to else Revision("working tree", None)
    # a plan may be gone from the working tree: a word is a path unless it is a plan id
    paths = [existing(w) or Path(w) for w in words] or [DEFAULT_PLANS]
    old_results = plans_at(old, paths, cwd)
    new_results = plans_at(new, paths, cwd)
    chosen = [r.plan for r in new_results + old_results if r.plan is not None]
    shown_in = words_for(env, lang, chosen).lang
    return compare(old_results, new_results, shown_in, day, old.name), shown_in, old.name, new.name
