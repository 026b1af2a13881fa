"""The rules of `publish` on SEQUENCE, for any versions the server and the clone's state
may hold: a write never sends a SEQUENCE at or below the server's, a version this clone's
state never had is a conflict unless --force, and --force sends max(server, plan) + 1."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import MINIMAL
from visitplan.ical.components import ExportOptions, entry_lines
from visitplan.ical.entries import Selection
from visitplan.ical.stamps import stamp
from visitplan.plan.loading import load_plan_text
from visitplan.sync.publishing import PublishOptions, _resource, plan_changes
from visitplan.sync.remote import Listing, parse_remote

PLAN = load_plan_text(MINIMAL, "twin.toml").plan
assert PLAN is not None
UID = "twin/meeting@visitplan"
HREF = "http://127.0.0.1/cal/twin.meeting.ics"
BASE = datetime(2024, 6, 1, tzinfo=UTC)
NOW = BASE + timedelta(days=30)


class Fake:
    url = "http://127.0.0.1/cal/"

    def entries(self) -> list[tuple[str, str | None, str]]:
        return []

    def href_for(self, name: str) -> str:
        return self.url + name

    def create(self, href: str, data: bytes) -> None: ...
    def update(self, href: str, data: bytes, etag: str | None) -> None: ...
    def delete(self, href: str, etag: str | None) -> None: ...


def sequence_of(data: bytes) -> int:
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return int(event["sequence"])


versions = st.tuples(st.integers(0, 4), st.integers(0, 3))  # SEQUENCE, DTSTAMP in days
# the server's copy may also carry the very DTSTAMP this run stamps (day 30, NOW): another
# clone's publish in the same second, or under the same SOURCE_DATE_EPOCH
server_versions = st.tuples(st.integers(0, 4), st.sampled_from([0, 1, 2, 3, 30]))


@settings(max_examples=150, deadline=None)
@given(
    known=st.one_of(st.none(), versions),
    plan_changed=st.booleans(),
    server=server_versions,
    edited=st.booleans(),
    force=st.booleans(),
)
def test_sequence_only_goes_up(
    known: tuple[int, int] | None,
    plan_changed: bool,
    server: tuple[int, int],
    edited: bool,
    force: bool,
) -> None:
    assert PLAN is not None
    fresh = stamp(PLAN, {}, BASE, todos=False)
    entry = fresh.entries[UID]
    previous = {}
    if known is not None:
        fingerprint = "another plan" if plan_changed else entry.fingerprint
        previous[UID] = dataclasses.replace(
            entry,
            sequence=known[0],
            dtstamp=BASE + timedelta(days=known[1]),
            fingerprint=fingerprint,
        )
    state = stamp(PLAN, previous, NOW, todos=False)
    (item,) = state.items
    # The server's copy: as some publish left it at version `server`, maybe edited since.
    on_server = dataclasses.replace(
        entry, sequence=server[0], dtstamp=BASE + timedelta(days=server[1])
    )
    data, _, _ = _resource([item], entry_lines(item, on_server, ExportOptions()))
    text = data.decode()
    if edited:
        text = text.replace("SUMMARY:", "SUMMARY:Moved · ", 1)
    remote = parse_remote(HREF, '"1"', text)
    assert remote is not None
    options = PublishOptions(force=force)
    listing = Listing([remote], {HREF: UID})
    (change,) = plan_changes([state], Selection(), options, listing, Fake(), NOW)

    cur = state.entries[UID]
    base = previous.get(UID, cur)
    server_version = (server[0], BASE + timedelta(days=server[1]))
    # A version this clone's state never had: a higher SEQUENCE than it knew, or the
    # SEQUENCE it knew with another DTSTAMP (another clone's version of that SEQUENCE,
    # whichever DTSTAMP is later).
    # The version this clone stamped in this run was never sent: a copy at exactly that
    # version is another clone's (the same second, or a fixed SOURCE_DATE_EPOCH).
    stamped_now = (cur.sequence, cur.dtstamp) != (base.sequence, base.dtstamp) or not previous
    newer = (server_version == (cur.sequence, cur.dtstamp) and stamped_now) or (
        server_version != (cur.sequence, cur.dtstamp)
        and (
            server_version[0] > base.sequence
            or (server_version[0] == base.sequence and server_version[1] != base.dtstamp)
        )
    )
    same = not edited and server[0] == cur.sequence
    if same:
        assert change.action == "unchanged"
        return
    if (edited or newer) and not force:
        assert change.action == "conflict"
        assert change.newer == (newer and not edited)
        return
    assert change.action == "update"
    assert change.data is not None
    sent = sequence_of(change.data)
    assert sent > server[0]  # never at or below what calendars have seen
    if edited or newer:  # forced over a conflict
        assert sent == max(server[0], cur.sequence) + 1
    else:
        assert sent == max(cur.sequence, server[0] + 1)
    if sent != cur.sequence:  # recorded, so that the next export agrees
        assert change.entry is not None and change.entry.sequence == sent
        assert change.entry.dtstamp == NOW
    else:
        assert change.entry is None
