"""`visitplan publish` against a real Radicale server on loopback: create, converge, update,
cancel, delete, conflicts, and every way the server can fail."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import EXAMPLE, snapshot
from servers.radicale_fixture import PASSWORD, USER, Radicale, free_port
from servers.xandikos_fixture import Xandikos
from visitplan.cli import app

# The example plan has 11 calendar entries: 3 events and 8 program items of the 2023 visit.
ENTRIES = 11
NOW = "1717200000"  # 2024-06-01T00:00:00Z: DTSTAMP of new entries
_names = itertools.count()
Server = Radicale | Xandikos  # every test taking caldav_server runs on both


class Publish:
    def __init__(self, folder: Path, url: str) -> None:
        self.folder = folder
        self.plan = folder / "korosten-bourges.toml"
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, password: str = PASSWORD, now: str = NOW):  # type: ignore[no-untyped-def]
        env = {
            "VISITPLAN_TODAY": "2024-06-01",
            "NO_COLOR": "1",
            "SOURCE_DATE_EPOCH": now,
            "CALDAV_PASSWORD": password,
            "COLUMNS": "200",
        }
        command = ["publish", str(self.plan), "--url", self.url, "--user", USER]
        return self.runner.invoke(
            app, [*command, "--password-env", "CALDAV_PASSWORD", *args], env=env
        )

    def edit(self, old: str, new: str) -> None:
        text = self.plan.read_text(encoding="utf-8")
        assert old in text, old
        self.plan.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def publish(caldav_server: Server, tmp_path: Path) -> Publish:
    """A copy of the example plan (no export state yet) and a new, empty calendar."""
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    url = caldav_server.make_calendar(f"partnership-{next(_names)}")
    return Publish(tmp_path, url)


def entries(server: Server, url: str) -> dict[str, Calendar]:
    """UID -> the calendar object on the server, read with the caldav client."""
    return {uid: Calendar.from_ical(text) for uid, text in server.entries(url).items()}


def event(calendar: Calendar):  # type: ignore[no-untyped-def]
    return next(c for c in calendar.subcomponents if c.name in ("VEVENT", "VTODO"))


def ical(value: object) -> list[bytes]:
    values = value if isinstance(value, list) else [value]
    return sorted(v.to_ical() for v in values)


def writes(server: Server) -> int:
    counts = server.requests()
    return counts["PUT"] + counts["DELETE"] + counts["MKCALENDAR"] + counts["PROPPATCH"]


def test_first_publish_creates_every_entry_as_export_builds_it(
    publish: Publish, caldav_server: Server
) -> None:
    result = publish()
    assert result.exit_code == 0, result.output
    assert f"{ENTRIES} created, 0 updated, 0 cancelled, 0 unchanged" in result.stdout
    on_server = entries(caldav_server, publish.url)
    # The same entries as the exported file, property for property (the server adds none).
    exported = CliRunner().invoke(
        app,
        ["export", str(publish.plan), "-o", "-"],
        env={"VISITPLAN_TODAY": "2024-06-01", "SOURCE_DATE_EPOCH": NOW},
    )
    assert exported.exit_code == 0
    from_file = {str(c["uid"]): c for c in Calendar.from_ical(exported.stdout_bytes).walk("VEVENT")}
    assert set(on_server) == set(from_file)
    assert len(on_server) == ENTRIES
    for uid, calendar in on_server.items():
        assert "METHOD" not in calendar  # RFC 4791: no METHOD in a stored object
        published, filed = event(calendar), from_file[uid]
        assert str(published["X-VISITPLAN-DIGEST"])
        for key in filed:
            assert ical(published[key]) == ical(filed[key]), (uid, key)
    visit = event(on_server["korosten-bourges/study-visit-2023/water-station@visitplan"])
    assert visit["dtstart"].params["TZID"] == "Europe/Paris"
    assert "Станція очищення води" in str(visit["summary"])


def test_publishing_an_unchanged_plan_writes_nothing(
    publish: Publish, caldav_server: Server
) -> None:
    assert publish().exit_code == 0
    state = publish.plan.with_name("korosten-bourges.visitplan-state").read_bytes()
    before = writes(caldav_server)
    requests = caldav_server.requests()
    again = publish(now="1717300000")  # later: nothing may get a new DTSTAMP
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"
    assert writes(caldav_server) == before
    # Reads only: one PROPFIND (the collection) and one REPORT (every entry with its
    # ETag), each possibly twice when the client first asks without credentials.
    made = caldav_server.requests() - requests
    assert set(made) == {"PROPFIND", "REPORT"}, made
    assert made["REPORT"] <= 2 and made["PROPFIND"] <= 2
    assert publish.plan.with_name("korosten-bourges.visitplan-state").read_bytes() == state


def test_a_moved_event_is_updated_with_a_higher_sequence(
    publish: Publish, caldav_server: Server
) -> None:
    assert publish().exit_code == 0
    uid = "korosten-bourges/online-2024-05-28@visitplan"
    publish.edit("start = 2024-05-28T11:00:00", "start = 2024-05-29T11:00:00")
    publish.edit("end = 2024-05-28T12:30:00", "end = 2024-05-29T12:30:00")
    result = publish(now="1717300000")
    assert result.exit_code == 0, result.output
    assert f"0 created, 1 updated, 0 cancelled, {ENTRIES - 1} unchanged" in result.stdout
    assert "updated" in result.stdout and uid in result.stdout
    moved = event(entries(caldav_server, publish.url)[uid])
    assert moved["sequence"] == 1
    assert moved["dtstart"].dt.date() == date(2024, 5, 29)


def test_a_removed_event_is_cancelled_then_left_alone(
    publish: Publish, caldav_server: Server
) -> None:
    assert publish().exit_code == 0
    uid = "korosten-bourges/study-visit-next@visitplan"
    text = publish.plan.read_text(encoding="utf-8")
    start = text.index('id = "study-visit-next"')
    block_start = text.rindex("[[events]]", 0, start)
    block_end = text.find("\n[[", start)
    publish.plan.write_text(text[:block_start] + text[block_end + 1 :], encoding="utf-8")
    check = CliRunner().invoke(
        app, ["check", str(publish.plan)], env={"VISITPLAN_TODAY": "2024-06-01"}
    )
    assert check.exit_code == 0, check.output
    result = publish(now="1717300000")
    assert result.exit_code == 0, result.output
    assert f"0 created, 0 updated, 1 cancelled, {ENTRIES - 1} unchanged" in result.stdout
    cancelled = event(entries(caldav_server, publish.url)[uid])
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["sequence"] == 1
    again = publish(now="1717400000")
    assert again.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"


def test_on_removed_delete_deletes_the_entry(publish: Publish, caldav_server: Server) -> None:
    assert publish().exit_code == 0
    publish.edit('id = "study-visit-next"', 'id = "study-visit-2025"')  # the old id leaves
    result = publish("--on-removed", "delete", now="1717300000")
    assert result.exit_code == 0, result.output
    assert "1 created" in result.stdout and "1 deleted" in result.stdout
    on_server = entries(caldav_server, publish.url)
    assert "korosten-bourges/study-visit-next@visitplan" not in on_server
    assert "korosten-bourges/study-visit-2025@visitplan" in on_server


def test_entries_the_plan_does_not_own_are_never_touched(
    publish: Publish, caldav_server: Server
) -> None:
    from caldav.davclient import DAVClient

    foreign = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\n"
        "UID:someone-else-123@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
        "DTSTART:20240601T090000Z\r\nSUMMARY:Засідання виконкому\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    other_plan = foreign.replace("someone-else-123@example.org", "other-plan/meeting@visitplan")
    client = DAVClient(url=publish.url, username=USER, password=PASSWORD, enable_rfc6764=False)
    client.put(publish.url + "foreign.ics", foreign, {"Content-Type": "text/calendar"})
    client.put(publish.url + "other.ics", other_plan, {"Content-Type": "text/calendar"})
    before = caldav_server.entries(publish.url)
    for args in ([], ["--on-removed", "delete"]):
        result = publish(*args)
        assert result.exit_code == 0, result.output
    after = caldav_server.entries(publish.url)
    for uid in ("someone-else-123@example.org", "other-plan/meeting@visitplan"):
        assert after[uid] == before[uid]


def test_an_entry_changed_on_the_server_is_a_conflict_not_overwritten(
    publish: Publish, caldav_server: Server
) -> None:
    from caldav.davclient import DAVClient

    assert publish().exit_code == 0
    uid = "korosten-bourges/online-2024-05-28@visitplan"
    client = DAVClient(url=publish.url, username=USER, password=PASSWORD, enable_rfc6764=False)
    href = publish.url + "korosten-bourges.online-2024-05-28.ics"
    text = caldav_server.entries(publish.url)[uid]
    changed = re.sub(r"LOCATION[^\n]*\n|(?=SUMMARY)", "", text, count=1)
    changed = changed.replace("TRANSP:OPAQUE", "TRANSP:OPAQUE\nLOCATION:Зала засідань, 2 поверх")
    assert client.put(href, changed, {"Content-Type": "text/calendar"}).status in (201, 204)
    publish.edit("end = 2024-05-28T12:30:00", "end = 2024-05-28T12:45:00")
    result = publish(now="1717300000")
    assert result.exit_code == 1
    assert "1 conflict" in result.stdout
    assert "changed on the server since the last publish" in result.stdout
    assert "--force" in result.stderr
    assert "Зала засідань" in caldav_server.entries(publish.url)[uid]  # left alone
    forced = publish("--force", now="1717300000")
    assert forced.exit_code == 0, forced.output
    assert "1 updated" in forced.stdout
    assert "Зала засідань" not in caldav_server.entries(publish.url)[uid]
    assert publish(now="1717400000").stdout.strip().endswith(f"{ENTRIES} unchanged")


def test_dry_run_and_json_write_nothing(publish: Publish, caldav_server: Server) -> None:
    before_files = snapshot(publish.folder)
    before = writes(caldav_server)
    result = publish("--dry-run")
    assert result.exit_code == 0, result.output
    assert "would create" in result.stdout
    assert f"dry run, nothing written: {ENTRIES} created" in result.stdout
    as_json = publish("--dry-run", "--format", "json")
    document = json.loads(as_json.stdout)
    assert document["dry_run"] is True
    assert document["counts"]["created"] == ENTRIES
    assert {e["action"] for e in document["entries"]} == {"created"}
    assert writes(caldav_server) == before
    assert snapshot(publish.folder) == before_files
    assert caldav_server.entries(publish.url) == {}


def test_filters_publish_only_what_they_select(publish: Publish, caldav_server: Server) -> None:
    result = publish("--event", "online-2024-05-28")
    assert result.exit_code == 0, result.output
    assert "1 created" in result.stdout
    assert list(caldav_server.entries(publish.url)) == [
        "korosten-bourges/online-2024-05-28@visitplan"
    ]
    # The rest comes later; the first stays unchanged and is not cancelled.
    rest = publish()
    assert f"{ENTRIES - 1} created, 0 updated, 0 cancelled, 1 unchanged" in rest.stdout


def test_todos_publish_the_actions(publish: Publish, caldav_server: Server) -> None:
    result = publish("--todos")
    assert result.exit_code == 0, result.output
    todos = [
        c
        for c in entries(caldav_server, publish.url).values()
        if "/action:" in str(event(c)["uid"])
    ]
    assert todos and all(event(c).name == "VTODO" for c in todos)


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)  # Xandikos checks none
def test_wrong_password_fails_in_one_line_and_changes_no_file(publish: Publish) -> None:
    before = snapshot(publish.folder)
    result = publish(password="not-the-password")
    assert result.exit_code == 1
    assert "refused the user name or password for koordynator" in result.stderr
    assert "not-the-password" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert snapshot(publish.folder) == before


def test_unknown_collection_and_not_a_calendar(publish: Publish, caldav_server: Server) -> None:
    publish.url = caldav_server.calendar_url("no-such-calendar")
    result = publish()
    assert result.exit_code == 1
    assert "there is no calendar at" in result.stderr
    publish.url = caldav_server.home  # the user's calendar home, not a calendar
    result = publish()
    assert result.exit_code == 1
    assert "is not a calendar collection" in result.stderr


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)
def test_server_unreachable(publish: Publish) -> None:
    publish.url = f"http://127.0.0.1:{free_port()}/{USER}/calendar/"
    result = publish()
    assert result.exit_code == 1
    assert "cannot reach 127.0.0.1:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections, reads, never answers (a server that hangs)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                held.append(connection)
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)
def test_timeout(publish: Publish, silent_server: int) -> None:
    publish.url = f"http://127.0.0.1:{silent_server}/{USER}/calendar/"
    result = publish("--timeout", "1")
    assert result.exit_code == 1
    assert "no answer within 1 s" in result.stderr


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)
def test_tls_error(publish: Publish, caldav_server: Server) -> None:
    # The server speaks plain HTTP: a TLS handshake with it fails.
    publish.url = caldav_server.calendar_url().replace("http://", "https://")
    result = publish("--timeout", "5")
    assert result.exit_code == 1
    assert "TLS failed: the server does not speak TLS (https) at this address" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_server_lost_part_way_then_a_rerun_converges(tmp_path: Path) -> None:
    server = Radicale(tmp_path / "server")
    server.start()
    try:
        url = server.make_calendar()
    finally:
        server.stop()
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    publish = Publish(tmp_path, url)
    server.start(stop_after=4)  # dies after storing its 4th entry, before answering
    try:
        result = publish()
        assert result.exit_code == 1
        assert "after 3 of 11 changes were written" in result.stderr
        assert "run the same publish again" in result.stderr
        assert server.wait_stopped() == 3
        server.start()
        assert len(server.entries(url)) == 4
        rerun = publish()
        assert rerun.exit_code == 0, rerun.output
        assert "7 created, 0 updated, 0 cancelled, 4 unchanged" in rerun.stdout
        final = server.entries(url)
        assert len(final) == ENTRIES  # nothing twice, nothing lost
        assert publish().stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password-env", "NO_SUCH_VARIABLE_SET"], "$NO_SUCH_VARIABLE_SET is not set"),
        (["--password-file", "/nonexistent/pw"], "no such password file"),
        (["--user", "x"], "needs a password"),
    ],
)
def test_password_mistakes_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    result = CliRunner().invoke(
        app,
        ["publish", str(tmp_path), "--url", "http://127.0.0.1:9/c/", "--user", "u", *args],
    )
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_password_in_the_url_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["publish", str(tmp_path), "--url", "https://anna:secret@cloud.example.org/c/"]
    )
    assert result.exit_code == 2
    assert "the URL carries a password" in result.stderr
    assert "secret" not in result.output


def test_password_file(publish: Publish, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["publish", str(publish.plan), "--url", publish.url, "--user", USER,
         "--password-file", str(secret)],
        env={"VISITPLAN_TODAY": "2024-06-01", "NO_COLOR": "1"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{ENTRIES} created" in result.stdout


def test_a_plan_with_every_event_removed_cancels_them_all(
    caldav_server: Server, tmp_path: Path
) -> None:
    # The small two-zone plan: one meeting. Once it is gone the plan has no entries left,
    # and what it published must still be cancelled.
    from conftest import MINIMAL

    plan = tmp_path / "twin.toml"
    plan.write_text(MINIMAL, encoding="utf-8")
    publish = Publish(tmp_path, caldav_server.make_calendar(f"partnership-{next(_names)}"))
    publish.plan = plan
    first = publish()
    assert first.exit_code == 0, first.output
    assert "1 created" in first.stdout
    plan.write_text(MINIMAL[: MINIMAL.index("[[events]]")], encoding="utf-8")
    result = publish(now="1717300000")
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 1 cancelled, 0 unchanged" in result.stdout
    (cancelled,) = entries(caldav_server, publish.url).values()
    assert event(cancelled)["status"] == "CANCELLED"


# --------------------------------------------------------------------------- issue 21:
# SEQUENCE only goes up, no digest is not "untouched", names we do not own, two clones.

MEETING = "korosten-bourges/online-2023-06-13@visitplan"
MEETING_HREF = "korosten-bourges.online-2023-06-13.ics"


def flat(text: str) -> str:
    """Report text with its wrapping undone."""
    return " ".join(text.split())


def put(url: str, name: str, text: str) -> None:
    """Write an object as another CalDAV client (a calendar app) would."""
    from caldav.davclient import DAVClient

    client = DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False)
    status = client.put(url + name, text, {"Content-Type": "text/calendar"}).status
    assert status in (201, 204), status


def state_entry(plan: Path, uid: str) -> dict[str, object]:
    import tomllib

    state = plan.with_name(plan.stem + ".visitplan-state")
    table = tomllib.loads(state.read_text(encoding="utf-8"))[uid]
    assert isinstance(table, dict)
    return table


def exported_sequence(plan: Path, uid: str) -> int:
    result = CliRunner().invoke(
        app, ["export", str(plan), "-o", "-"], env={"VISITPLAN_TODAY": "2024-06-01"}
    )
    assert result.exit_code == 0, result.output
    (found,) = [c for c in Calendar.from_ical(result.stdout_bytes).walk() if c.get("uid") == uid]
    return int(found["sequence"])


def clone(publish: Publish, name: str) -> Publish:
    """A second copy of the plan folder (plan and state file), as another clone has it."""
    folder = publish.folder.parent / f"{publish.folder.name}-{name}"
    shutil.copytree(publish.folder, folder)
    return Publish(folder, publish.url)


def test_a_stale_clone_cannot_undo_a_newer_publish(publish: Publish, caldav_server: Server) -> None:
    assert publish().exit_code == 0
    stale = clone(publish, "clone-b")
    diverged = clone(publish, "clone-c")
    # Clone A moves the 13 June meeting 14:00 → 16:00 (Kyiv) and publishes: SEQUENCE 1.
    publish.edit("start = 2023-06-13T14:00:00", "start = 2023-06-13T16:00:00")
    publish.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T17:30:00")
    moved = publish(now="1717210800")  # 2024-06-01 03:00 UTC
    assert moved.exit_code == 0, moved.output
    assert "1 updated" in moved.stdout
    on_server = caldav_server.entries(publish.url)[MEETING]

    # Clone B still has the old plan and state: its publish must not put 14:00 back.
    result = stale(now="1717300000")
    assert result.exit_code == 1, result.output
    assert "1 conflict" in result.stdout
    assert (
        "the calendar has a newer version of it (SEQUENCE 1, published 2024-06-01 06:00 "
        "Europe/Kyiv): update your clone — git pull — or use --force"
    ) in flat(result.stdout)
    assert "git pull" in result.stderr
    assert caldav_server.entries(publish.url)[MEETING] == on_server
    dry = stale("--dry-run", now="1717300000")
    assert dry.exit_code == 1 and "would update" not in dry.stdout

    # Clone C changed another field from the same base: its SEQUENCE is also 1, and its
    # DTSTAMP later than A's; it still never saw A's version, so it is a conflict too.
    diverged.edit('title.en = "Bilateral online meeting Korosten – Bourges"', 'title.en = "Online"')
    other = diverged(now="1717400000")
    assert other.exit_code == 1 and "the calendar has a newer version" in flat(other.stdout)
    assert caldav_server.entries(publish.url)[MEETING] == on_server

    # B forces its version: SEQUENCE one above both, recorded so B's next export agrees.
    forced = stale("--force", now="1717300000")
    assert forced.exit_code == 0, forced.output
    assert "1 updated" in forced.stdout
    meeting = event(entries(caldav_server, publish.url)[MEETING])
    assert meeting["sequence"] == 2
    assert meeting["dtstart"].dt.hour == 14
    assert state_entry(stale.plan, MEETING)["sequence"] == 2
    assert exported_sequence(stale.plan, MEETING) == 2
    assert stale(now="1717500000").stdout.strip().endswith(f"{ENTRIES} unchanged")
    # Now A is the stale one.
    back = publish(now="1717500000")
    assert back.exit_code == 1 and "(SEQUENCE 2, published" in flat(back.stdout)


def test_a_stale_clone_with_a_change_of_its_own_stays_a_conflict_on_every_run(
    publish: Publish, caldav_server: Server
) -> None:
    # Found by a coordinator: the first publish of a stale clone that had changed the same
    # entry was a conflict, but it recorded the clone's own version in its state, and the
    # same command run again overwrote the newer calendar entry.
    assert publish().exit_code == 0
    stale = clone(publish, "clone-b")
    exported = clone(publish, "clone-c")
    publish.edit("start = 2023-06-13T14:00:00", "start = 2023-06-13T16:00:00")
    publish.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T17:30:00")
    assert publish(now="1717210800").exit_code == 0
    on_server = caldav_server.entries(publish.url)[MEETING]

    stale.edit("start = 2023-06-13T14:00:00", "start = 2023-06-13T13:00:00")
    stale.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T14:30:00")
    for now in ("1717300000", "1717300100", "1717400000"):
        result = stale(now=now)
        assert result.exit_code == 1, result.output
        assert "the calendar has a newer version of it" in flat(result.stdout)
        assert caldav_server.entries(publish.url)[MEETING] == on_server

    # The same when the stale clone exported its change first (its state then holds a
    # SEQUENCE 1 of its own, with a later DTSTAMP than the one on the server).
    exported.edit("start = 2023-06-13T14:00:00", "start = 2023-06-13T13:00:00")
    exported.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T14:30:00")
    assert exported_sequence(exported.plan, MEETING) == 1
    for now in ("1717500000", "1717500100"):
        result = exported(now=now)
        assert result.exit_code == 1, result.output
        assert "the calendar has a newer version of it" in flat(result.stdout)
        assert caldav_server.entries(publish.url)[MEETING] == on_server


def test_two_clones_publishing_in_the_same_second_do_not_overwrite_each_other(
    publish: Publish, caldav_server: Server
) -> None:
    # Found in review: with the same SOURCE_DATE_EPOCH (or two publishes in one second)
    # the stale clone's new version had the very SEQUENCE and DTSTAMP of the other's, was
    # taken for its own, and overwrote it.
    assert publish(now="1717200000").exit_code == 0
    stale = clone(publish, "clone-b")
    publish.edit("start = 2023-06-13T14:00:00", "start = 2023-06-13T16:00:00")
    publish.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T17:30:00")
    assert publish(now="1717300000").exit_code == 0
    on_server = caldav_server.entries(publish.url)[MEETING]
    state = stale.plan.with_name("korosten-bourges.visitplan-state").read_bytes()

    stale.edit('title.en = "Bilateral online meeting Korosten – Bourges"', 'title.en = "Call"')
    for _ in range(2):
        result = stale(now="1717300000")  # the same second as the other clone's publish
        assert result.exit_code == 1, result.output
        assert "the calendar has a newer version of it" in flat(result.stdout)
        assert caldav_server.entries(publish.url)[MEETING] == on_server
    # the refused version is not recorded: after a pull the state files merge cleanly
    assert stale.plan.with_name("korosten-bourges.visitplan-state").read_bytes() == state


def test_force_never_lowers_a_sequence_a_calendar_app_raised(
    publish: Publish, caldav_server: Server
) -> None:
    assert publish().exit_code == 0
    text = caldav_server.entries(publish.url)[MEETING]
    # A calendar app moves the meeting by an hour and raises SEQUENCE (keeping our X-).
    moved = text.replace("SEQUENCE:0", "SEQUENCE:1").replace("T140000", "T150000")
    assert moved != text
    put(publish.url, MEETING_HREF, moved)
    result = publish(now="1717300000")
    assert result.exit_code == 1
    assert "changed on the server since the last publish" in flat(result.stdout)
    forced = publish("--force", now="1717300000")
    assert forced.exit_code == 0, forced.output
    meeting = event(entries(caldav_server, publish.url)[MEETING])
    assert meeting["sequence"] == 2  # max(server 1, plan 0) + 1
    assert meeting["dtstart"].dt.hour == 14
    assert state_entry(publish.plan, MEETING)["sequence"] == 2
    assert exported_sequence(publish.plan, MEETING) == 2
    again = publish(now="1717400000")
    assert again.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"


def test_a_copy_without_our_digest_is_not_taken_as_untouched(
    publish: Publish, caldav_server: Server
) -> None:
    assert publish().exit_code == 0
    text = caldav_server.entries(publish.url)[MEETING]
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    without = re.sub(r"(?m)^X-VISITPLAN-DIGEST:.*\r?\n", "", unfolded)
    assert "X-VISITPLAN-DIGEST" not in without
    # The same content without our property: nothing to do.
    put(publish.url, MEETING_HREF, without)
    same = publish(now="1717300000")
    assert same.exit_code == 0, same.output
    assert same.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"
    # A client that drops it and changes SUMMARY: a conflict, also in a dry run.
    changed = re.sub(r"(?m)^SUMMARY([^:]*):.*$", r"SUMMARY\1:Перенесено", without, count=1)
    put(publish.url, MEETING_HREF, changed)
    dry = publish("--dry-run", now="1717300000")
    assert dry.exit_code == 1, dry.output
    assert "would update" not in dry.stdout
    assert f"removed X-VISITPLAN-DIGEST) [{MEETING}]" in flat(dry.stdout)
    publish.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T15:45:00")  # the plan moves on
    result = publish(now="1717300000")
    assert result.exit_code == 1 and "1 conflict" in result.stdout
    assert "Перенесено" in caldav_server.entries(publish.url)[MEETING]


FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\n"
    "UID:imported-4711@example.org\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART:20230613T110000Z\r\nSUMMARY:Онлайн-зустріч (імпорт)\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_name_held_by_another_uid_is_reported_and_a_free_one_used(
    publish: Publish, caldav_server: Server
) -> None:
    put(publish.url, MEETING_HREF, FOREIGN)
    before = caldav_server.entries(publish.url)["imported-4711@example.org"]
    result = publish()
    assert result.exit_code == 0, result.output
    assert f"{ENTRIES} created" in result.stdout
    assert (
        f"{MEETING_HREF} on the server holds another entry (UID imported-4711@example.org): "
        "created as korosten-bourges.online-2023-06-13-2.ics"
    ) in flat(result.stdout)
    on_server = caldav_server.entries(publish.url)
    assert on_server["imported-4711@example.org"] == before
    assert MEETING in on_server
    for args in ([], ["--force"]):  # found by UID from now on: no second copy, no 412
        again = publish(*args, now="1717300000")
        assert again.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"
    assert len(caldav_server.entries(publish.url)) == ENTRIES + 1


def test_a_name_taken_during_the_publish_is_a_conflict_and_the_next_run_goes_around(
    publish: Publish, caldav_server: Server
) -> None:
    from datetime import UTC, datetime

    from visitplan.ical.entries import Selection
    from visitplan.ical.stamps import load_stamps
    from visitplan.plan.loading import load_plan_file
    from visitplan.sync.dav import DavCollection
    from visitplan.sync.publishing import PublishOptions, apply_changes, plan_changes
    from visitplan.sync.remote import read_remote

    plan = load_plan_file(publish.plan).plan
    assert plan is not None
    collection = DavCollection(publish.url, USER, PASSWORD)
    now = datetime(2024, 6, 1, tzinfo=UTC)

    def changes():  # type: ignore[no-untyped-def]
        stamped = list(load_stamps([plan], now, False).values())
        found = plan_changes(
            stamped, Selection(), PublishOptions(), read_remote(collection), collection, now
        )
        return found, stamped

    planned, stamped = changes()
    put(publish.url, MEETING_HREF, FOREIGN)  # between our read and our write
    done = apply_changes(planned, collection, states=stamped)
    (conflict,) = [c for c in done if c.action == "conflict"]
    assert conflict.uid == MEETING
    assert "was taken on the server during this publish" in conflict.reason
    planned, stamped = changes()
    (create,) = [c for c in planned if c.action == "create"]
    assert create.href.endswith("korosten-bourges.online-2023-06-13-2.ics")
    assert "imported-4711@example.org" in create.reason
    assert [c.action for c in apply_changes([create], collection)] == ["create"]


def test_a_removed_entry_is_shown_in_its_events_zone(publish: Publish) -> None:
    assert publish().exit_code == 0
    publish.edit('id = "water-station"', 'id = "water-station-tour"')
    result = publish(now="1717300000")
    assert result.exit_code == 0, result.output
    # 10:00 in Bourges, as the plan says, not 08:00 UTC.
    assert re.search(r"cancelled\s+2023-07-03 10:00 Europe/Paris ", result.stdout), result.stdout


def test_a_server_that_rewrites_objects_is_not_a_conflict(
    publish: Publish, caldav_server: Server
) -> None:
    from servers.rewriting_proxy import rewrite, rewriting_proxy

    assert publish().exit_code == 0
    direct = publish.url
    sample = rewrite(caldav_server.entries(direct)[MEETING])
    assert "\r\n \r\n " in sample and "SCHEDULE-STATUS=1.2" in sample  # what it gives back
    with rewriting_proxy(caldav_server.base) as proxy:
        publish.url = direct.replace(caldav_server.base, proxy)
        seen = caldav_server.entries(publish.url)[MEETING]  # through the proxy
        assert "SCHEDULE-STATUS=1.2" in seen and "LAST-MODIFIED" in seen
        before = writes(caldav_server)
        same = publish(now="1717300000")
        assert same.exit_code == 0, same.output
        assert same.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"
        assert writes(caldav_server) == before
        publish.edit("end = 2023-06-13T15:30:00", "end = 2023-06-13T15:45:00")
        updated = publish(now="1717300000")
        assert updated.exit_code == 0, updated.output
        assert "1 updated" in updated.stdout
        # A real change on the server is still seen through the rewriting.
        text = caldav_server.entries(direct)[MEETING]
        put(direct, MEETING_HREF, text.replace("TRANSP:OPAQUE", "TRANSP:TRANSPARENT"))
        publish.edit("end = 2023-06-13T15:45:00", "end = 2023-06-13T16:00:00")
        conflict = publish(now="1717400000")
        assert conflict.exit_code == 1 and "1 conflict" in conflict.stdout


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from servers import tls

    if not tls.available():
        pytest.skip("needs the openssl command to make test certificates")
    return tls.make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)  # fails before HTTP
@pytest.mark.parametrize(
    ("certificate", "trusted", "reason", "hint"),
    [
        ("self_signed", False, "is from an unknown issuer", "REQUESTS_CA_BUNDLE"),
        ("loopback", False, "is from an unknown issuer", "REQUESTS_CA_BUNDLE"),
        ("other_name", True, "is not issued for 127.0.0.1 (name mismatch)", "names 127.0.0.1"),
        ("expired", True, "has expired", "renew"),
    ],
)
def test_tls_failures_say_why(
    publish: Publish,
    caldav_server: Server,
    certificates,  # type: ignore[no-untyped-def]
    certificate: str,
    trusted: bool,
    reason: str,
    hint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from servers.rewriting_proxy import rewriting_proxy

    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    if trusted:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificates.ca))
    before = snapshot(publish.folder)
    served = getattr(certificates, certificate)
    with rewriting_proxy(
        caldav_server.base, rewrites=False, certificate=served, key=certificates.key
    ) as tls:
        publish.url = publish.url.replace(caldav_server.base, tls)
        result = publish("--timeout", "5")
    assert result.exit_code == 1
    assert "TLS failed: the server's certificate " + reason in result.stderr
    assert hint in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(publish.folder) == before


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)
def test_a_private_servers_certificate_is_trusted_through_requests_ca_bundle(
    publish: Publish,
    caldav_server: Server,
    certificates,  # type: ignore[no-untyped-def]
) -> None:
    # The real command in a process of its own, as a coordinator runs it.
    import os
    import subprocess
    import sys

    from servers.rewriting_proxy import rewriting_proxy

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
    }
    env.update(VISITPLAN_TODAY="2024-06-01", NO_COLOR="1", CALDAV_PASSWORD=PASSWORD)
    with rewriting_proxy(
        caldav_server.base, rewrites=False, certificate=certificates.loopback,
        key=certificates.key,
    ) as tls:  # fmt: skip
        url = publish.url.replace(caldav_server.base, tls)
        command = [sys.executable, "-m", "visitplan", "publish", str(publish.plan), "--url",
                   url, "--user", USER, "--password-env", "CALDAV_PASSWORD"]  # fmt: skip
        untrusted = subprocess.run(command, env=env, capture_output=True, text=True)
        assert untrusted.returncode == 1
        assert "REQUESTS_CA_BUNDLE" in untrusted.stderr
        env["REQUESTS_CA_BUNDLE"] = str(certificates.ca)
        trusted = subprocess.run(command, env=env, capture_output=True, text=True)
    assert trusted.returncode == 0, trusted.stderr
    assert f"{ENTRIES} created" in trusted.stdout
    assert len(caldav_server.entries(publish.url)) == ENTRIES


@pytest.mark.parametrize("caldav_server", ["radicale"], indirect=True)
def test_a_missing_ca_bundle_is_one_line(publish: Publish, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
    before = snapshot(publish.folder)
    result = publish()
    assert result.exit_code == 1
    assert "REQUESTS_CA_BUNDLE names /nonexistent/ca.pem, which is not a file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(publish.folder) == before


def test_publish_takes_the_selection_options_export_takes(
    publish: Publish, caldav_server: Server
) -> None:
    """--delegation (like every other selection option of `export`): the entries of
    that delegation's events only, as `export --delegation` writes them."""
    exported = CliRunner().invoke(
        app,
        ["export", str(publish.plan), "--delegation", "korosten-2023", "-o", "-"],
        env={"VISITPLAN_TODAY": "2024-06-01", "SOURCE_DATE_EPOCH": NOW},
    )
    assert exported.exit_code == 0, exported.output
    wanted = {
        str(component["UID"])
        for component in Calendar.from_ical(exported.stdout_bytes).walk("VEVENT")
    }
    assert 0 < len(wanted) < ENTRIES
    result = publish("--delegation", "korosten-2023")
    assert result.exit_code == 0, result.output
    assert set(caldav_server.entries(publish.url)) == wanted
    unknown = publish("--delegation", "korosten-2032")
    assert unknown.exit_code == 2 and "korosten-2032" in unknown.output
