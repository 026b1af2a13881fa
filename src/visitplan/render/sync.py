"""The reports of ``publish`` (text and JSON) and ``invite`` (text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from visitplan.render.printer import Grid, Printer
from visitplan.render.styles import PUBLISH_STYLE
from visitplan.render.tables import dump_json

if TYPE_CHECKING:
    from visitplan.sync.inviting import Outcome
    from visitplan.sync.publishing import CalendarChange

# what publish did to an entry, for each of sync.publishing.ACTIONS (also the JSON's words)
DONE = {
    "create": "created",
    "update": "updated",
    "cancel": "cancelled",
    "delete": "deleted",
    "unchanged": "unchanged",
    "conflict": "conflict",
}
# what a dry run would do
WOULD = {
    "create": "would create",
    "update": "would update",
    "cancel": "would cancel",
    "delete": "would delete",
    "unchanged": "unchanged",
    "conflict": "conflict",
}


def publish_text(
    changes: Sequence[CalendarChange], summary: str, dry_run: bool, console: Console
) -> None:
    """The entries that changed (or would), one per row, then the counts."""
    out = Printer(console)
    words = WOULD if dry_run else DONE
    rows = [
        (
            Text(words[change.action], style=PUBLISH_STYLE[change.action]),
            Text(
                f"{change.when}  {change.summary}"
                + (f" — {change.reason}" if change.reason else "")
                + f"  [{change.uid}]"
            ),
        )
        for change in changes
        if change.action != "unchanged"
    ]
    if rows:
        out.grid(Grid(rows, 0))
    out.print(Text(("dry run, nothing written: " if dry_run else "") + summary, style="bold"))
    out.flush()


def publish_json(changes: Sequence[CalendarChange], url: str, dry_run: bool) -> str:
    counts = {DONE[a]: 0 for a in DONE}
    for change in changes:
        counts[DONE[change.action]] += 1
    return dump_json(
        {
            "url": url,
            "dry_run": dry_run,
            "counts": counts,
            "entries": [
                {
                    "action": DONE[change.action],
                    "uid": change.uid,
                    "plan": change.plan,
                    "summary": change.summary,
                    "when": change.when,
                    **({"reason": change.reason} if change.reason else {}),
                }
                for change in changes
            ],
        }
    )


def invite_text(outcomes: Sequence[Outcome], console: Console) -> None:
    """Who got the invitation, and whom the server refused (and why)."""
    out = Printer(console)
    rows = []
    for outcome in outcomes:
        invite = outcome.invitation
        who = f"{invite.name} <{invite.email}>" if invite.name else invite.email
        rows.append(
            (
                Text(
                    "sent" if outcome.sent else "refused",
                    style="green" if outcome.sent else "bold red",
                ),
                Text(who + (f" — {outcome.problem}" if outcome.problem else "")),
            )
        )
    if rows:
        out.grid(Grid(rows, 0))
    sent = sum(1 for o in outcomes if o.sent)
    refused = len(outcomes) - sent
    out.print(Text(f"{sent} sent" + (f", {refused} refused" if refused else ""), style="bold"))
    out.flush()
