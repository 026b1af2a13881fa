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
from visitplan.cli import app

# The example plan has 11 calendar entries: 3 events and 8 program items of the 2023 visit.
ENTRIES = 11
NOW = "1717200000"  # 2024-06-01T00:00:00Z: DTSTAMP of new entries
_names = itertools.count()


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
def publish(radicale_server: Radicale, tmp_path: Path) -> Publish:
    """A copy of the example plan (no export state yet) and a new, empty calendar."""
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    url = radicale_server.make_calendar(f"partnership-{next(_names)}")
    return Publish(tmp_path, url)


def entries(server: Radicale, url: str) -> dict[str, Calendar]:
    """UID -> the calendar object on the server, read with the caldav client."""
    return {uid: Calendar.from_ical(text) for uid, text in server.entries(url).items()}


def event(calendar: Calendar):  # type: ignore[no-untyped-def]
    return next(c for c in calendar.subcomponents if c.name in ("VEVENT", "VTODO"))


def ical(value: object) -> list[bytes]:
    values = value if isinstance(value, list) else [value]
    return sorted(v.to_ical() for v in values)


def writes(server: Radicale) -> int:
    counts = server.requests()
    return counts["PUT"] + counts["DELETE"] + counts["MKCALENDAR"] + counts["PROPPATCH"]


def test_first_publish_creates_every_entry_as_export_builds_it(
    publish: Publish, radicale_server: Radicale
) -> None:
    result = publish()
    assert result.exit_code == 0, result.output
    assert f"{ENTRIES} created, 0 updated, 0 cancelled, 0 unchanged" in result.stdout
    on_server = entries(radicale_server, publish.url)
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
    publish: Publish, radicale_server: Radicale
) -> None:
    assert publish().exit_code == 0
    state = publish.plan.with_name("korosten-bourges.visitplan-state").read_bytes()
    before = writes(radicale_server)
    requests = radicale_server.requests()
    again = publish(now="1717300000")  # later: nothing may get a new DTSTAMP
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"
    assert writes(radicale_server) == before
    # Reads only: one PROPFIND (the collection) and one REPORT (every entry with its
    # ETag), each possibly twice when the client first asks without credentials.
    made = radicale_server.requests() - requests
    assert set(made) == {"PROPFIND", "REPORT"}, made
    assert made["REPORT"] <= 2 and made["PROPFIND"] <= 2
    assert publish.plan.with_name("korosten-bourges.visitplan-state").read_bytes() == state


def test_a_moved_event_is_updated_with_a_higher_sequence(
    publish: Publish, radicale_server: Radicale
) -> None:
    assert publish().exit_code == 0
    uid = "korosten-bourges/online-2024-05-28@visitplan"
    publish.edit("start = 2024-05-28T11:00:00", "start = 2024-05-29T11:00:00")
    publish.edit("end = 2024-05-28T12:30:00", "end = 2024-05-29T12:30:00")
    result = publish(now="1717300000")
    assert result.exit_code == 0, result.output
    assert f"0 created, 1 updated, 0 cancelled, {ENTRIES - 1} unchanged" in result.stdout
    assert "updated" in result.stdout and uid in result.stdout
    moved = event(entries(radicale_server, publish.url)[uid])
    assert moved["sequence"] == 1
    assert moved["dtstart"].dt.date() == date(2024, 5, 29)


def test_a_removed_event_is_cancelled_then_left_alone(
    publish: Publish, radicale_server: Radicale
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
    cancelled = event(entries(radicale_server, publish.url)[uid])
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["sequence"] == 1
    again = publish(now="1717400000")
    assert again.stdout.strip() == f"0 created, 0 updated, 0 cancelled, {ENTRIES} unchanged"


def test_on_removed_delete_deletes_the_entry(publish: Publish, radicale_server: Radicale) -> None:
    assert publish().exit_code == 0
    publish.edit('id = "study-visit-next"', 'id = "study-visit-2025"')  # the old id leaves
    result = publish("--on-removed", "delete", now="1717300000")
    assert result.exit_code == 0, result.output
    assert "1 created" in result.stdout and "1 deleted" in result.stdout
    on_server = entries(radicale_server, publish.url)
    assert "korosten-bourges/study-visit-next@visitplan" not in on_server
    assert "korosten-bourges/study-visit-2025@visitplan" in on_server


def test_entries_the_plan_does_not_own_are_never_touched(
    publish: Publish, radicale_server: Radicale
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
    before = radicale_server.entries(publish.url)
    for args in ([], ["--on-removed", "delete"]):
        result = publish(*args)
        assert result.exit_code == 0, result.output
    after = radicale_server.entries(publish.url)
    for uid in ("someone-else-123@example.org", "other-plan/meeting@visitplan"):
        assert after[uid] == before[uid]


def test_an_entry_changed_on_the_server_is_a_conflict_not_overwritten(
    publish: Publish, radicale_server: Radicale
) -> None:
    from caldav.davclient import DAVClient

    assert publish().exit_code == 0
    uid = "korosten-bourges/online-2024-05-28@visitplan"
    client = DAVClient(url=publish.url, username=USER, password=PASSWORD, enable_rfc6764=False)
    href = publish.url + "korosten-bourges.online-2024-05-28.ics"
    text = radicale_server.entries(publish.url)[uid]
    changed = re.sub(r"LOCATION[^\n]*\n|(?=SUMMARY)", "", text, count=1)
    changed = changed.replace("TRANSP:OPAQUE", "TRANSP:OPAQUE\nLOCATION:Зала засідань, 2 поверх")
    assert client.put(href, changed, {"Content-Type": "text/calendar"}).status in (201, 204)
    publish.edit("end = 2024-05-28T12:30:00", "end = 2024-05-28T12:45:00")
    result = publish(now="1717300000")
    assert result.exit_code == 1
    assert "1 conflict" in result.stdout
    assert "changed on the server since the last publish" in result.stdout
    assert "--force" in result.stderr
    assert "Зала засідань" in radicale_server.entries(publish.url)[uid]  # left alone
    forced = publish("--force", now="1717300000")
    assert forced.exit_code == 0, forced.output
    assert "1 updated" in forced.stdout
    assert "Зала засідань" not in radicale_server.entries(publish.url)[uid]
    assert publish(now="1717400000").stdout.strip().endswith(f"{ENTRIES} unchanged")


def test_dry_run_and_json_write_nothing(publish: Publish, radicale_server: Radicale) -> None:
    before_files = snapshot(publish.folder)
    before = writes(radicale_server)
    result = publish("--dry-run")
    assert result.exit_code == 0, result.output
    assert "would create" in result.stdout
    assert f"dry run, nothing written: {ENTRIES} created" in result.stdout
    as_json = publish("--dry-run", "--format", "json")
    document = json.loads(as_json.stdout)
    assert document["dry_run"] is True
    assert document["counts"]["created"] == ENTRIES
    assert {e["action"] for e in document["entries"]} == {"created"}
    assert writes(radicale_server) == before
    assert snapshot(publish.folder) == before_files
    assert radicale_server.entries(publish.url) == {}


def test_filters_publish_only_what_they_select(publish: Publish, radicale_server: Radicale) -> None:
    result = publish("--event", "online-2024-05-28")
    assert result.exit_code == 0, result.output
    assert "1 created" in result.stdout
    assert list(radicale_server.entries(publish.url)) == [
        "korosten-bourges/online-2024-05-28@visitplan"
    ]
    # The rest comes later; the first stays unchanged and is not cancelled.
    rest = publish()
    assert f"{ENTRIES - 1} created, 0 updated, 0 cancelled, 1 unchanged" in rest.stdout


def test_todos_publish_the_actions(publish: Publish, radicale_server: Radicale) -> None:
    result = publish("--todos")
    assert result.exit_code == 0, result.output
    todos = [
        c
        for c in entries(radicale_server, publish.url).values()
        if "/action:" in str(event(c)["uid"])
    ]
    assert todos and all(event(c).name == "VTODO" for c in todos)


def test_wrong_password_fails_in_one_line_and_changes_no_file(publish: Publish) -> None:
    before = snapshot(publish.folder)
    result = publish(password="not-the-password")
    assert result.exit_code == 1
    assert "refused the user name or password for koordynator" in result.stderr
    assert "not-the-password" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert snapshot(publish.folder) == before


def test_unknown_collection_and_not_a_calendar(publish: Publish, radicale_server: Radicale) -> None:
    publish.url = radicale_server.calendar_url("no-such-calendar")
    result = publish()
    assert result.exit_code == 1
    assert "there is no calendar at" in result.stderr
    publish.url = f"{radicale_server.base}/{USER}/"
    result = publish()
    assert result.exit_code == 1
    assert "is not a calendar collection" in result.stderr


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


def test_timeout(publish: Publish, silent_server: int) -> None:
    publish.url = f"http://127.0.0.1:{silent_server}/{USER}/calendar/"
    result = publish("--timeout", "1")
    assert result.exit_code == 1
    assert "no answer within 1 s" in result.stderr


def test_tls_error(publish: Publish, radicale_server: Radicale) -> None:
    # Radicale speaks plain HTTP: a TLS handshake with it fails.
    publish.url = radicale_server.calendar_url().replace("http://", "https://")
    result = publish("--timeout", "5")
    assert result.exit_code == 1
    assert "TLS failed" in result.stderr
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
    radicale_server: Radicale, tmp_path: Path
) -> None:
    # The small two-zone plan: one meeting. Once it is gone the plan has no entries left,
    # and what it published must still be cancelled.
    from conftest import MINIMAL

    plan = tmp_path / "twin.toml"
    plan.write_text(MINIMAL, encoding="utf-8")
    publish = Publish(tmp_path, radicale_server.make_calendar(f"partnership-{next(_names)}"))
    publish.plan = plan
    first = publish()
    assert first.exit_code == 0, first.output
    assert "1 created" in first.stdout
    plan.write_text(MINIMAL[: MINIMAL.index("[[events]]")], encoding="utf-8")
    result = publish(now="1717300000")
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 1 cancelled, 0 unchanged" in result.stdout
    (cancelled,) = entries(radicale_server, publish.url).values()
    assert event(cancelled)["status"] == "CANCELLED"
