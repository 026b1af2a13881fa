"""Importing what real clients write (issue #14, item 7).

Every file of tests/import-corpus (real-client files from public repositories, listed
with their source and licence in MANIFEST.tsv) goes through `import --dry-run`, `import`,
`check` and `export`, and what the plan holds is compared with icalendar's own reading
of the same file: the start and end instants, the zone (wall-clock time in it), title,
link, attendees and — for a series — the occurrences recurring-ical-events finds in the
import's window. An event may be missing only if the report names it (its UID) and says
why; a file may import nothing only if icalendar finds no usable event in it either.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar, Component
from typer.testing import CliRunner

from conftest import ROOT, snapshot
from visitplan.cli import app
from visitplan.ical.importing.source import without_alarms
from visitplan.plan import fields as F

CORPUS = ROOT / "tests" / "import-corpus"
PLAN_ZONE = ZoneInfo("Europe/Kyiv")
PLAN = 'format = 1\nid = "corpus"\ntitle = "Partners\' invitations"\ntimezone = "Europe/Kyiv"\n'
# how the report says an event is not imported as the file has it
REPORTED = "not imported|cannot be read|first occurrence"
LICENCES = {"BSD-2-Clause", "MPL-2.0", "LGPL-3.0-or-later", "MIT", "Apache-2.0"}


def manifest() -> list[list[str]]:
    lines = (CORPUS / "MANIFEST.tsv").read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


FILES = [row[0] for row in manifest()]


def test_the_manifest_names_every_file_with_its_source_and_licence() -> None:
    rows = manifest()
    on_disk = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.ics"))
    assert sorted(row[0] for row in rows) == on_disk
    assert len(rows) >= 80
    for name, repo, path, commit, licence, prodid in rows:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", repo) and path.endswith(".ics"), name
        assert re.fullmatch(r"[0-9a-f]{40}", commit) and licence in LICENCES, name
        assert prodid, name  # a client wrote it
        folder = CORPUS / name.split("/")[0]
        assert (folder / "LICENSE").exists() or (folder / "COPYING").exists()


# --------------------------------------------------------------------------- reference


@dataclass
class Expected:
    uid: str
    start: date | datetime  # aware for a time, a date for an all-day event
    end: date | datetime | None
    wall: datetime | None  # the wall-clock start in its TZID's zone, when icalendar knows it
    tzid: str
    title: str
    url: str | None
    emails: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def reference_calendars(data: bytes) -> list[Any]:
    try:
        found = Calendar.from_ical(data, multiple=True)
    except ValueError:  # alarms icalendar cannot read: the import leaves them out, says so
        found = Calendar.from_ical(without_alarms(data), multiple=True)
    calendars = [c for c in found if c.name == "VCALENDAR"]
    loose = [c for c in found if c.name != "VCALENDAR" and isinstance(c, Component)]
    if loose:
        holder = Calendar()
        for component in loose:
            holder.add_component(component)
        calendars.append(holder)
    return calendars


def instant(value: Any, floating: ZoneInfo) -> date | datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=floating) if value.tzinfo is None else value
    return value  # type: ignore[no-any-return]


def expected_events(calendars: list[Any], today: date) -> dict[str, Expected]:
    """What icalendar (and recurring-ical-events for series) reads in the file, by the
    key the import stores: the UID, with the RECURRENCE-ID of an occurrence."""
    floating = PLAN_ZONE
    for calendar in calendars:
        if calendar.get("x-wr-timezone"):
            with contextlib.suppress(ValueError, KeyError):
                floating = ZoneInfo(str(calendar["x-wr-timezone"]).strip())
    vevents = [v for c in calendars for v in c.walk("VEVENT")]
    uids = {str(v.get("uid", "")) for v in vevents}
    vevents = [v for v in vevents if str(v.get("related-to", "")) not in uids - {""}]
    groups: dict[str, list[Any]] = {}
    for vevent in vevents:
        groups.setdefault(str(vevent.get("uid", "")), []).append(vevent)
    found: dict[str, Expected] = {}
    for uid, group in groups.items():
        master = next(
            (
                v
                for v in group
                if v.get("recurrence-id") is None and (v.get("rrule") or v.get("rdate"))
            ),
            None,
        )
        components: list[tuple[str, Any]] = []
        if master is not None and uid:
            try:
                first = max(_day(master["dtstart"].dt), today)
                holder = Calendar()
                for vevent in group:
                    holder.add_component(vevent)
                occurrences = recurring_ical_events.of(holder).between(
                    first, first + timedelta(days=365)
                )
                for occurrence in occurrences:
                    recurrence = occurrence.get("recurrence-id")
                    when = recurrence.dt if recurrence is not None else occurrence["dtstart"].dt
                    components.append((f"{uid};RECURRENCE-ID={_key(when)}", occurrence))
            except Exception:  # the import keeps the first occurrence then
                components = [(uid, master)]
        else:
            best: dict[str, Any] = {}
            for vevent in group:
                recurrence = vevent.get("recurrence-id")
                key = uid if recurrence is None else f"{uid};RECURRENCE-ID={_key(recurrence.dt)}"
                if key not in best or _seq(best[key]) <= _seq(vevent):
                    best[key] = vevent
            components = list(best.items())
        for key, component in components:
            try:
                start_prop = component["dtstart"]
                start = instant(start_prop.dt, floating)
                end = instant(component.end, floating)
            except Exception:  # icalendar cannot read it: not usable
                continue
            if isinstance(start, datetime) != isinstance(end, datetime) or end < start:
                continue
            tzid = str(start_prop.params.get("TZID", "") or "")
            wall = start_prop.dt if isinstance(start_prop.dt, datetime) else None
            wall = wall.replace(tzinfo=None) if wall is not None and wall.tzinfo else None
            emails, names = set(), set()
            attendees = component.get("attendee", [])
            for attendee in attendees if isinstance(attendees, list) else [attendees]:
                value = str(attendee)
                address = value[7:].strip() if value.lower().startswith("mailto:") else ""
                if address and F.EMAIL_RE.fullmatch(address):
                    emails.add(address.lower())
                else:
                    cn = " ".join(str(attendee.params.get("CN", "")).split()).strip('"')
                    names.add(cn or " ".join((address or value).split()))
            url = str(component.get("url", "") or "").strip() or None
            title = " ".join(str(component.get("summary", "")).split()) or "Imported event"
            found[key] = Expected(uid, start, end, wall if tzid else None, tzid, title,
                                  url, emails, names)  # fmt: skip
    return found


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[no-any-return]


def _key(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        return f"{value:%Y%m%dT%H%M%S}"
    return f"{value:%Y%m%d}"


def _seq(component: Any) -> int:
    try:
        return int(str(component.get("sequence", 0)))
    except ValueError:
        return 0


# --------------------------------------------------------------------------- the test


def invoke(today: date, *args: str | Path) -> Any:
    env = {"VISITPLAN_TODAY": today.isoformat(), "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1780000000"}
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


@pytest.mark.parametrize("name", FILES)
def test_a_real_client_file_imports_as_icalendar_reads_it(tmp_path: Path, name: str) -> None:
    source = CORPUS / name
    calendars = reference_calendars(source.read_bytes())
    starts = []
    for vevent in (v for c in calendars for v in c.walk("VEVENT")):
        try:
            starts.append(_day(vevent["dtstart"].dt))
        except Exception:  # a broken start: the import reports it
            continue
    # the day the invitation is read: its first event's (old files stay importable)
    today = min(starts, default=date(2025, 1, 1))
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    before = snapshot(tmp_path)

    dry = invoke(today, "import", source, "--plan", plan, "--dry-run")
    assert snapshot(tmp_path) == before
    real = invoke(today, "import", source, "--plan", plan)
    for result in (dry, real):
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output and " b'" not in result.stderr
    assert (dry.exit_code, dry.stderr) == (real.exit_code, real.stderr)  # the same check
    method = {str(c.get("method", "")).upper() for c in calendars}
    expected = {} if "CANCEL" in method else expected_events(calendars, today)
    if real.exit_code != 0:
        assert real.exit_code == 1 and not expected, real.stderr  # nothing usable at all
        assert snapshot(tmp_path) == before
        return
    events = tomllib.loads(plan.read_text("utf-8")).get("events", [])
    people = tomllib.loads(plan.read_text("utf-8")).get("people", {})
    by_key = {event["uid"]: event for event in events}
    assert len(by_key) == len(events)  # never a copy
    if expected:
        assert events, real.stderr  # a usable event is imported
    report = real.stderr
    for key, wanted in expected.items():
        event = by_key.get(key)
        if event is None:  # left out: the report says which and why
            said = [line for line in report.splitlines() if f"(UID {wanted.uid})" in line]
            assert any(re.search(REPORTED, line) for line in said), (key, report)
            continue
        zone = ZoneInfo(event.get("timezone", "Europe/Kyiv"))
        start, end = event["start"], event.get("end", event["start"])
        if isinstance(wanted.start, datetime):
            assert start.replace(tzinfo=zone) == wanted.start, key
            length = wanted.end - wanted.start  # type: ignore[operator]
            if length:
                assert end.replace(tzinfo=zone) == wanted.end, key
            else:  # no length: a plan cannot hold that; one minute, said so
                assert end - start == timedelta(minutes=1) and "no length" in report, key
            lost = f'the zone "{wanted.tzid}" matches no IANA zone' in report or (
                f'warning: the zone "{wanted.tzid}" is unknown' in report
            )
            if wanted.wall is not None and not lost:
                assert start == wanted.wall, key  # the zone is kept, not only the instant
        else:
            assert start == wanted.start, key
            last = wanted.end - timedelta(days=1) if wanted.end > wanted.start else wanted.start  # type: ignore[operator]
            assert end == last, key
        title = event["title"]
        assert (title if isinstance(title, str) else next(iter(title.values()))) == wanted.title
        if wanted.url and F.URL_RE.fullmatch(wanted.url):
            assert event.get("url") == wanted.url, key
        participants = event.get("participants", [])
        emails = {str(people[p].get("email", "")).lower() for p in participants}
        assert wanted.emails <= emails, key  # no lost attendee
        names = {people[p]["name"] for p in participants if not people[p].get("email")}
        assert {n for n in wanted.names if n} <= names, key
    series = {key.split(";RECURRENCE-ID=")[0] for key in expected}
    for event in events:  # nothing the file does not hold
        assert event["uid"] in expected or event["uid"].split(";RECURRENCE-ID=")[0] in series

    check = invoke(today, "check", plan)
    assert check.exit_code == 0, check.output
    out = tmp_path / "out.ics"
    exported = invoke(today, "export", plan, "-o", out)
    assert exported.exit_code == 0, exported.output
    shown = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(shown) == len(events)
    got = sorted(str(instant(v["dtstart"].dt, PLAN_ZONE)) for v in shown)
    plan_starts = sorted(
        str(
            e["start"].replace(tzinfo=ZoneInfo(e.get("timezone", "Europe/Kyiv")))
            if isinstance(e["start"], datetime)
            else e["start"]
        )
        for e in events
    )
    assert sorted(_utc(g) for g in got) == sorted(_utc(p) for p in plan_starts)


def _utc(text: str) -> str:
    """An instant in UTC; a day as it is."""
    return text if len(text) == 10 else datetime.fromisoformat(text).astimezone(UTC).isoformat()
