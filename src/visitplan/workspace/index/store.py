"""The index database: one SQLite file beside the plan cache's pickles.

SQLite (Python's standard ``sqlite3``, as khal uses for the same job) because the
question a view asks is a query — "the events of these plans whose days meet these
days", "the plans that have this event" — answered from a B-tree without reading the
rest, while every other event stays on disk; it needs no server, no new dependency, and
it takes turns between processes by itself (a second visitplan run at the same time
waits, or finds the database busy and does without). A JSON or pickle file of the whole
index would have to be read whole on every run, which is the cost this index removes.

Everything here is best effort: a database that cannot be opened, read or written is
no index (the caller reads the plans themselves), and a damaged one is removed.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from visitplan import __version__
from visitplan.workspace.index.fresh import Stat

if TYPE_CHECKING:
    from visitplan.plan.model import Event, Plan

FILE_NAME = "index.sqlite3"
# The layout of the tables below; any change: a new number (the old file is emptied).
LAYOUT = 4
_SEP = "\x1f"  # between the ids of one column (ids never hold control characters)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, display TEXT NOT NULL, key TEXT NOT NULL,
    recorded_ns INTEGER NOT NULL,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, device INTEGER,
    s_size INTEGER, s_mtime_ns INTEGER, s_ctime_ns INTEGER, s_inode INTEGER, s_device INTEGER
);
CREATE TABLE IF NOT EXISTS plans (
    key TEXT PRIMARY KEY, plan_id TEXT NOT NULL, languages TEXT NOT NULL,
    span INTEGER NOT NULL, owners TEXT NOT NULL
) WITHOUT ROWID;
-- apart, so that the rows every run reads stay small
CREATE TABLE IF NOT EXISTS shells (key TEXT PRIMARY KEY, names BLOB NOT NULL, shell BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    key TEXT NOT NULL, n INTEGER NOT NULL, event_id TEXT NOT NULL,
    day_first INTEGER NOT NULL, day_last INTEGER NOT NULL,
    facts BLOB NOT NULL, model BLOB NOT NULL, PRIMARY KEY (key, n)
);
CREATE INDEX IF NOT EXISTS events_by_day ON events (day_first);
CREATE INDEX IF NOT EXISTS events_by_id ON events (event_id);
"""


class Facts(NamedTuple):
    """What the filters of the views ask about one event (see ``catalog.facts``)."""

    event_id: str
    kind: str
    status: str
    day_first: int  # ordinal of the first day touched in the event's own zone
    day_last: int
    start_utc: float  # the instants, as POSIX seconds
    end_utc: float | None
    people: tuple[str, ...]  # everyone taking part (participation.everyone)
    organizations: tuple[str, ...]  # agenda.event_organizations
    delegations: tuple[str, ...]
    topics: tuple[str, ...]  # of the event and its program items


class FileRow(NamedTuple):
    display: str
    key: str
    recorded_ns: int
    stat: Stat
    state: Stat


class PlanRow(NamedTuple):
    plan_id: str
    languages: tuple[str, ...]
    span: int  # the most days - 1 any of its events lasts


@dataclass
class EventRow:
    key: str
    n: int
    day_first: int
    day_last: int
    _facts: bytes
    model: bytes

    @property
    def facts(self) -> Facts:  # read only for the filters that need it
        found: Facts = _loads(self.key, self._facts)
        return found

    def event(self) -> Event:
        result: Event = _loads(self.key, self.model)
        return result


class Unreadable(Exception):
    """A row of the plan ``key`` whose pickle cannot be loaded (a class moved or gone
    without a new shape, a time zone gone from the system): a miss. Whoever catches it
    reads the plan again and drops its rows (``Index.drop``), so that the next run
    indexes it anew."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _loads(key: str, data: bytes) -> Any:
    try:
        return pickle.loads(data)
    except Exception as error:  # any failure of a stored row is a miss, never a crash
        raise Unreadable(key) from error


def open_index(folder: Path | None) -> Index | None:
    """The index in ``folder`` (made if need be), or None where it cannot be had."""
    if folder is None:
        return None
    path = folder / FILE_NAME
    for _attempt in range(2):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        except (OSError, sqlite3.Error):
            return None
        try:
            return Index(connection)
        except sqlite3.DatabaseError:  # damaged (or not a database): start again
            connection.close()
            with contextlib.suppress(OSError):
                path.unlink()
        except sqlite3.Error:
            connection.close()
            return None
    return None


class Index:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self.writable = True
        # A cache: losing the last writes to a crash is harmless (a plan is read again),
        # waiting for the disk on every run is not.
        self.db.execute("PRAGMA synchronous = OFF")
        from visitplan.plan.model import SHAPE  # the pickles' model, as the cache's key

        wanted = f"{__version__} {LAYOUT} {SHAPE} {__name__}"
        try:
            found = self.db.execute("SELECT value FROM meta WHERE name = 'layout'").fetchone()
        except sqlite3.OperationalError:  # no tables yet
            found = None
        if found is None or found[0] != wanted:
            self._create(wanted)
        self._in_write = False

    def _create(self, layout: str) -> None:
        with self.db:
            for table in ("meta", "files", "plans", "shells", "events"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT INTO meta VALUES ('layout', ?)", (layout,))

    # ------------------------------------------------------------------ reading

    def files(self) -> dict[str, FileRow]:
        rows = self.db.execute("SELECT * FROM files").fetchall()
        return {
            row[0]: FileRow(row[1], row[2], row[3], Stat(*row[4:9]), Stat(*row[9:14]))
            for row in rows
        }

    def plans(self, keys: Iterable[str]) -> dict[str, PlanRow]:
        found = {}
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            for key, plan_id, languages, span in self.db.execute(
                f"SELECT key, plan_id, languages, span FROM plans WHERE key IN ({marks})", chunk
            ):
                found[key] = PlanRow(
                    plan_id, tuple(languages.split(_SEP)) if languages else (), span
                )
        return found

    def names(self, key: str) -> dict[str, tuple[str, ...]] | None:
        """The ids of each kind in the plan ``key``; None if its row cannot be read (then
        it is dropped: read the plan)."""
        row = self.db.execute("SELECT names FROM shells WHERE key = ?", (key,)).fetchone()
        try:
            result: dict[str, tuple[str, ...]] = _loads(key, row[0]) if row else {}
        except Unreadable:
            self.drop(key)
            return None
        return result

    def owners(self, key: str) -> tuple[str, ...]:
        row = self.db.execute("SELECT owners FROM plans WHERE key = ?", (key,)).fetchone()
        return tuple(row[0].split(_SEP)) if row and row[0] else ()

    def shell(self, key: str) -> Plan | None:
        row = self.db.execute("SELECT shell FROM shells WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            plan: Plan = _loads(key, row[0])
        except Unreadable:
            self.drop(key)
            return None
        return plan

    def events(
        self,
        keys: Sequence[str],
        first: int | None = None,
        last: int | None = None,
        span: int = 0,
        event_id: str | None = None,
    ) -> list[EventRow]:
        """The events of the plans ``keys`` whose days (ordinals) meet ``first``–``last``
        (None: open), or called ``event_id``; ``span`` is the longest any lasts (so
        that the search by first day is bounded both ways)."""
        where: list[str] = []
        args: list[str | int] = []
        if event_id is not None:
            where.append("event_id = ?")
            args.append(event_id)
        if last is not None:
            where.append("day_first <= ?")
            args.append(last)
        if first is not None:
            where += ["day_first >= ?", "day_last >= ?"]
            args += [first - span, first]
        wanted = set(keys)
        sql = "SELECT key, n, day_first, day_last, facts, model FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [EventRow(*row) for row in self.db.execute(sql, args) if row[0] in wanted]

    def all_events(self, key: str) -> list[Event]:
        rows = self.db.execute("SELECT model FROM events WHERE key = ? ORDER BY n", (key,))
        return [_loads(key, model) for (model,) in rows]

    def plan(self, key: str) -> Plan | None:
        """The whole model of one plan, put together from its shell and its events; None
        if it is not indexed or a row of it cannot be read (then they are dropped)."""
        shell = self.shell(key)
        if shell is None:
            return None
        try:
            return replace(shell, events=tuple(self.all_events(key)))
        except Unreadable:
            self.drop(key)
            return None

    def drop(self, key: str) -> None:
        """Forget the plan ``key`` (a row of it could not be read), so that the next run
        that sees its file indexes it again (best effort: a busy or read-only index
        keeps the rows, and the plan is read from its file each time)."""
        with contextlib.suppress(sqlite3.Error):
            self._delete(key)

    def _delete(self, key: str) -> None:
        for table in ("plans", "shells", "events"):
            self.db.execute(f"DELETE FROM {table} WHERE key = ?", (key,))

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One transaction for the writes of a run (none if the database is read-only
        or busy: the index is then simply not updated)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            self.writable = False
            yield
            return
        try:
            yield
        except sqlite3.Error:
            self.writable = False
        if self.writable:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error:
                self.writable = False
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("ROLLBACK")

    def record_file(
        self, path: str, display: str, key: str, recorded_ns: int, stat: Stat, state: Stat
    ) -> None:
        if not self.writable:
            return
        old = self.db.execute("SELECT key FROM files WHERE path = ?", (path,)).fetchone()
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (path, display, key, recorded_ns, *stat, *state),
        )
        if old is not None and old[0] != key:
            self._forget_unused(old[0])

    def _forget_unused(self, key: str) -> None:
        if self.db.execute("SELECT 1 FROM files WHERE key = ? LIMIT 1", (key,)).fetchone():
            return
        self._delete(key)

    def add_plan(self, key: str, plan: Plan, facts: Sequence[Facts]) -> None:
        if not self.writable:
            return
        events = plan.events
        span = max((f.day_last - f.day_first for f in facts), default=0)
        owners = _SEP.join(sorted({a.owner for a in plan.actions if a.owner}))
        from visitplan.workspace.index.catalog import program_names

        names = {
            "person": tuple(plan.people),
            "delegation": tuple(plan.delegations),
            "org": tuple(plan.organizations),
            "event": tuple(e.id for e in events),
            "topic": tuple(t.id for t in plan.topics),
            "action": tuple(a.id for a in plan.actions),
            "zone": tuple(_zones(plan)),
            "program": tuple(program_names(plan)),
        }
        dump = pickle.dumps
        protocol = pickle.HIGHEST_PROTOCOL
        self.db.execute("DELETE FROM events WHERE key = ?", (key,))
        self.db.execute(
            "INSERT OR REPLACE INTO plans VALUES (?,?,?,?,?)",
            (key, plan.id, _SEP.join(plan.languages), span, owners),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO shells VALUES (?,?,?)",
            (key, dump(names, protocol), dump(replace(plan, events=()), protocol)),
        )
        self.db.executemany(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?)",
            (
                (
                    key,
                    n,
                    f.event_id,
                    f.day_first,
                    f.day_last,
                    dump(f, protocol),
                    dump(event, protocol),
                )
                for n, (event, f) in enumerate(zip(events, facts, strict=True))
            ),
        )


def _zones(plan: Plan) -> list[str]:
    """The time zones a plan names (its own, its events' and organizations'), for
    completion: the ones a user of this plan types most."""
    from visitplan.workspace.index.catalog import zone_names

    return zone_names(plan)


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def remove(folder: Path) -> None:
    """Delete the index (tests, and a cache that is cleared)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(folder / (FILE_NAME + suffix))
