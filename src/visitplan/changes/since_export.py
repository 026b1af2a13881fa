"""What participants have not received yet: the calendar entries changed, added or
removed since each plan's last export (from its export state)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from visitplan.changes.model import PlanChanges
from visitplan.changes.sentences import Writer
from visitplan.plan.model import Plan
from visitplan.views.agenda import default_columns
from visitplan.workspace.export_state import read_state
from visitplan.workspace.plans import state_path


def since_export(plans: Sequence[Plan], lang: str | None) -> list[PlanChanges]:
    """The entries of each plan changed, added or removed since its last export."""
    # lazy: only --since-export needs the calendar writer (and icalendar with it)
    from visitplan.ical.entries import plan_items
    from visitplan.ical.fingerprints import Fingerprints

    writer = Writer(lang)
    result = []
    for plan in plans:
        state = read_state(state_path(Path(plan.source)))
        entry = PlanChanges(plan.id, writer.text(plan, plan.title), plan.source)
        items = plan_items(plan, todos=any("/action:" in uid for uid in state))
        prints = Fingerprints(plan)
        for item in items:
            prior = state.get(item.uid)
            source = item.program or item.event
            kind = "action" if item.event is None else (None if item.program else item.event.kind)
            if source is not None:
                columns = default_columns(plan, item.event, lang) if item.event else ()
                when = writer.when(source.when, columns)
                title = writer.text(plan, source.title)
            else:
                assert item.action is not None
                when = item.action.due.isoformat() if item.action.due else ""
                title = writer.text(plan, item.action.title)
            if prior is None:
                said = "export-new"
            elif prior.cancelled or not prints.matches(item, prior.fingerprint):
                said = "export-changed"
            else:
                continue
            entry.changes.append(
                writer.change(said, kind, item_id=item.uid, title=title, when=when)
            )
        uids = {item.uid for item in items}
        for uid, prior in sorted(state.items()):
            if uid not in uids and not prior.cancelled:
                entry.changes.append(
                    writer.change("export-removed", item_id=uid, title=prior.summary)
                )
        if entry.changes:
            result.append(entry)
    return result
