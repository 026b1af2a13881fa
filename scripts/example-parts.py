"""Write the calendar objects that `publish` stores and the calendar parts that `invite`
mails, for the given plans, as .ics files: CI cross-checks them like exported files.

Usage: python scripts/example-parts.py OUT PLAN.toml ...   (prints the files it wrote)

Per plan: the publish resource of each event, of the first program item and action, an entry
removed from the plan (a cancelled resource), and for the first event with participants
the invitation (METHOD:REQUEST) and its cancellation (METHOD:CANCEL); for a visit whose
sessions are entries of their own, every message of its first recipient (the visit's and
each session's, one VEVENT each) and their cancellations."""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, datetime
from pathlib import Path

from visitplan.errors import VisitplanError
from visitplan.ical.components import ExportOptions
from visitplan.ical.entries import Selection
from visitplan.ical.stamps import stamp
from visitplan.plan.participation import stands_alone
from visitplan.sync.inviting import invitations
from visitplan.sync.publishing import _wanted
from visitplan.sync.remote import resource_name
from visitplan.workspace.plans import load_valid_plans

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def main(out: Path, files: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for file in files:
        (plan,) = load_valid_plans([file], NOW.date(), None)
        state = stamp(plan, {}, NOW, todos=True)
        # Publish with the plan's last event removed, so that a cancelled resource is made.
        later = dataclasses.replace(plan, events=plan.events[:-1])
        removed = stamp(later, state.entries, NOW, todos=True)
        wanted = _wanted(state, Selection(), ExportOptions(todos=True))
        wanted += [w for w in _wanted(removed, Selection(), ExportOptions()) if w.removed]
        programs = [w for w in wanted if w.uid.count("/") == 2 and ":" not in w.uid]
        todos = [w for w in wanted if "/action:" in w.uid]
        events = [w for w in wanted if w not in programs and w not in todos]
        for want in events + programs[:1] + todos[:1]:
            removed = "removed-" if want.removed else ""
            path = out / f"{plan.id}-publish-{removed}{resource_name(want.uid)}"
            path.write_bytes(want.data)
            print(path)
        first = True
        for event in plan.events:
            sessions = any(stands_alone(event, item) for item in event.program)
            if not (first or sessions):
                continue
            try:
                request = invitations(plan, state, event.id, "request", None, NOW, force=True)
                cancelled = dataclasses.replace(
                    plan,
                    events=tuple(
                        dataclasses.replace(e, status="cancelled") if e.id == event.id else e
                        for e in plan.events
                    ),
                )
                cancel_state = stamp(cancelled, state.entries, NOW, todos=False)
                cancel = invitations(cancelled, cancel_state, event.id, "cancel", None, NOW)
            except VisitplanError:
                continue
            first = False
            for kind, messages in (("request", request), ("cancel", cancel)):
                # every message of the first recipient: the event's, and each session's
                mine = [m for m in messages if m.person_id == messages[0].person_id]
                for invite in mine if sessions else mine[:1]:
                    part = next(
                        p for p in invite.message.walk() if p.get_content_type() == "text/calendar"
                    )
                    data = part.get_payload(decode=True)
                    assert isinstance(data, bytes)
                    item = f"--{invite.item}" if invite.item else ""
                    path = out / f"{plan.id}-invite-{event.id}{item}-{kind}.ics"
                    path.write_bytes(data)
                    print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]])
