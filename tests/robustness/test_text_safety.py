"""No line break reaches a calendar or a mail header unescaped — for every text field the
format has. The fields come from the catalogue (fields.py), not from a list here: a text
field added there is tested here without a change.

For each text field, the same text is put in every table of its section (every person's
name, every event's title, …) of a plan that uses every section, and then:

- a single-line field with a line break: the plan is refused, with one ``line-break``
  error at each place the text was put;
- otherwise the plan is exported (entries, program entries, tasks, alarms, attendees) and
  icalendar reads exactly the components, properties and parameters of the same export
  with a plain marker text in that field, with the marker replaced by the text: nothing
  added, nothing lost, every value as it was written;
- and the invitation mail for the meeting has exactly the usual headers, its Subject and
  its From and To display names decoding back to the text.
"""

from __future__ import annotations

import email
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.header import decode_header
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from visitplan.findings import Severity
from visitplan.ical.calendar import build_calendar
from visitplan.ical.components import ExportOptions
from visitplan.ical.entries import Selection
from visitplan.ical.lines import clean, clean_param
from visitplan.ical.stamps import stamp
from visitplan.plan import fields as F
from visitplan.plan.loading import load_plan_text
from visitplan.plan.model import Plan, Text
from visitplan.sync.inviting import header_text, invitations

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MARKER = "Marker-text-7f3a"

# Every text field of the catalogue, with its section.
TEXT_FIELDS = [
    (section, spec)
    for section in F.SECTIONS
    for spec in section.fields
    if spec.kind in ("text", "string")
]

# Text with what matters to iCalendar and to mail headers.
SPECIAL = ["\r", "\n", "\r\n", ";", ",", ":", "\\", '"', "^", "'", " ", "\t", "=", "<", ">", "@",
           "\u2028", "\u2029", "\x85", "é", "ї", "Ж", "€", "😀", "N", "n"]  # fmt: skip
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"))  # other controls: tests/bad
NASTY = (
    st.lists(st.one_of(st.sampled_from(SPECIAL), CHARACTERS), min_size=1, max_size=40)
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


def base_plan() -> dict[str, Any]:
    """A plan with every section: two organizations (one with a short name), three people
    (the organizer, a guest, one without email), a delegation, a meeting with a program,
    a study visit whose program items are entries of their own, a topic, an action."""
    return {
        "format": 1,
        "id": "p",
        "title": "Plan",
        "description": "About",
        "timezone": "Europe/Kyiv",
        "languages": ["en"],
        "organizer": "boss",
        "organizations": {
            "home": {"name": "Home city", "short": "HC", "city": "Kyiv", "country": "UA"},
            "partner": {"name": "Partner city", "city": "Paris", "timezone": "Europe/Paris"},
        },
        "people": {
            "boss": {
                "name": "Boss",
                "organization": "home",
                "role": "Mayor",
                "email": "boss@example.org",
                "phone": "+380 1",
                "languages": ["en"],
            },
            "guest": {
                "name": "Guest",
                "organization": "partner",
                "role": "Deputy",
                "email": "guest@example.org",
                "phone": "+33 1",
                "languages": ["en"],
            },
            "nomail": {"name": "No mail", "organization": "partner", "role": "Staff"},
        },
        "delegations": {
            "d": {"name": "Delegation", "organization": "home", "lead": "boss", "members": []}
        },
        "events": [
            {
                "id": "meeting",
                "kind": "online-meeting",
                "title": "Meeting",
                "start": datetime(2024, 5, 28, 11),
                "end": datetime(2024, 5, 28, 13),
                "location": "Room",
                "url": "https://meet.example.org/p",
                "host": "home",
                "delegations": ["d"],
                "participants": ["guest", "nomail"],
                "topics": ["t"],
                "notes": "Notes",
                "program": [
                    {
                        "title": "Welcome",
                        "start": datetime(2024, 5, 28, 11),
                        "end": datetime(2024, 5, 28, 12),
                        "speakers": ["boss"],
                        "location": "Room A",
                        "notes": "Item notes",
                    },
                    {
                        "title": "Talk",
                        "start": datetime(2024, 5, 28, 12),
                        "end": datetime(2024, 5, 28, 13),
                        "speakers": ["guest"],
                    },
                ],
            },
            {
                "id": "visit",
                "kind": "study-visit",
                "title": "Visit",
                "start": date(2024, 7, 1),
                "end": date(2024, 7, 3),
                "timezone": "Europe/Paris",
                "location": "Paris",
                "host": "partner",
                "delegations": ["d"],
                "topics": ["t"],
                "notes": "Visit notes",
                "program": [
                    {
                        "id": "station",
                        "title": "Station",
                        "start": datetime(2024, 7, 2, 10),
                        "end": datetime(2024, 7, 2, 12),
                        "speakers": ["guest"],
                        "location": "Station",
                        "topics": ["t"],
                        "notes": "Station notes",
                    }
                ],
            },
        ],
        "topics": [{"id": "t", "title": "Water", "description": "Details", "requested_by": "home"}],
        "actions": [
            {
                "id": "a",
                "title": "Send minutes",
                "owner": "boss",
                "requested_by": "partner",
                "due": date(2024, 6, 1),
                "event": "meeting",
            }
        ],
    }


def tables(data: dict[str, Any], section: F.Section) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every table of ``section`` in ``data``, with its key path."""
    if section is F.PLAN:
        yield "", data
    elif section in F.DIRECTORIES.values():
        key = next(k for k, s in F.DIRECTORIES.items() if s is section)
        for entry_id, table in data[key].items():
            yield f"{key}.{entry_id}", table
    elif section in F.LISTS.values():
        key = next(k for k, s in F.LISTS.items() if s is section)
        for index, table in enumerate(data[key]):
            yield f"{key}[{index}]", table
    elif section is F.PROGRAM:
        for index, event in enumerate(data["events"]):
            for number, table in enumerate(event.get("program", [])):
                yield f"events[{index}].program[{number}]", table
    else:  # a section this test does not know yet: map it above
        raise AssertionError(f"no tables for section {section.name}")


def with_text(
    section: F.Section, spec: F.Field, text: str, as_table: bool
) -> tuple[str, list[str]]:
    """The base plan's TOML with ``text`` as ``spec`` everywhere in ``section``, and the key
    paths where it was put."""
    data = base_plan()
    paths = []
    for path, table in tables(data, section):
        key = f"{path}.{spec.name}" if path else spec.name
        if spec.kind == "text" and as_table:
            table[spec.name] = {"en": text}
            key += ".en"
        else:
            table[spec.name] = text
        paths.append(key)
    assert paths, f"the base plan has no {section.name}"
    return tomli_w.dumps(data), paths


def load(text: str) -> Plan:
    result = load_plan_text(text, "p.toml")
    errors = [f.render() for f in result.findings if f.severity is Severity.ERROR]
    assert result.plan is not None and not errors, errors
    return result.plan


# --------------------------------------------------------------------------- calendar


def export(plan: Plan) -> bytes:
    stamped = stamp(plan, {}, NOW, todos=True)
    # publish: a REQUEST holds no tasks, and the fields shown are the same (RSVP is no field)
    options = ExportOptions(method="publish", alarms=(timedelta(days=1),), todos=True)
    return build_calendar([stamped], Selection(), options)


def decoded(value: Any) -> Any:
    """A property value as icalendar gives it back: text unescaped, categories as a list."""
    if hasattr(value, "cats"):
        return ("categories", *map(str, value.cats))
    if isinstance(value, str):
        return str(value)
    raw = value.to_ical()
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def unescape(text: str) -> str:
    """An RFC 5545 TEXT value read back (for the properties icalendar does not type)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def contents(data: bytes) -> list[tuple[Any, ...]]:
    """Every component (in order), every property and every parameter, decoded."""
    out: list[tuple[Any, ...]] = []
    for component in Calendar.from_ical(data).walk():
        out.append(("BEGIN", component.name))
        for name, values in component.property_items(recursive=False):
            if name in ("BEGIN", "END"):
                continue
            params = tuple(sorted((k, str(v)) for k, v in getattr(values, "params", {}).items()))
            if name in ("NAME", "X-WR-CALNAME"):  # TEXT (RFC 7986), unknown to icalendar
                values = unescape(str(values))
            out.append((name, decoded(values), params))
    return out


def expected(baseline: list[tuple[Any, ...]], text: str, spec: F.Field) -> list[tuple[Any, ...]]:
    """The baseline's contents with the marker replaced by ``text`` as each place writes
    it: a parameter value (a name in CN) and a category on one line, a text value as
    iCalendar TEXT (notes without the white space around them)."""
    as_param = clean_param(text)
    as_text = clean(text.strip() if spec.multiline else text)

    def put(value: Any, one_line: bool) -> Any:
        if isinstance(value, tuple):
            return tuple(put(v, True) for v in value)
        return value.replace(MARKER, as_param if one_line else as_text)

    return [
        (
            row[0],
            put(row[1], False),
            tuple((k, put(v, True)) for k, v in row[2]),
        )
        if row[0] != "BEGIN"
        else row
        for row in baseline
    ]


# --------------------------------------------------------------------------- mail

# Content-Class on the message itself, where Outlook reads it (it used to be moved into
# the first part by make_mixed).
HEADERS = {
    "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
    "Content-Class",
}  # fmt: skip


def mails(plan: Plan) -> list[bytes]:
    stamped = stamp(plan, {}, NOW, todos=False)
    invites = invitations(plan, stamped, "meeting", "request", None, NOW, force=True)
    return [invite.message.as_bytes(policy=policy.SMTP) for invite in invites]


def address(raw: str) -> tuple[str, str]:
    """A From or To header read as RFC 2047 says: the white space between two adjacent
    encoded words is ignored (Python's own address parser keeps it)."""
    if all(charset is None for _, charset in decode_header(raw)):  # ASCII: atoms or a quoted string
        return parseaddr(raw.replace("\r\n", ""))
    # The angle address is plain ASCII after the encoded words: split there, on the raw
    # header (decode_header drops the space before it, and a decoded name may hold "<").
    phrase, _, rest = raw.rpartition("<")
    assert rest.endswith(">") and phrase.endswith((" ", "\t")), raw
    name = "".join(
        chunk.decode(charset or "ascii") if isinstance(chunk, bytes) else chunk
        for chunk, charset in decode_header(phrase.rstrip())
    )
    return name, rest[:-1]


def heads(messages: list[bytes]) -> list[dict[str, Any]]:
    result = []
    for data in messages:
        message = email.message_from_bytes(data, policy=policy.default)
        raw = email.message_from_bytes(data, policy=policy.compat32)
        assert sorted(message.keys()) == sorted(HEADERS)  # each once, nothing else
        head: dict[str, Any] = {"subject": str(message["Subject"])}
        for name in ("From", "To"):
            shown, addr_spec = address(raw[name])
            # Python's parser agrees: one address, that one, the same name (but for the
            # white space it keeps between encoded words)
            (parsed,) = message[name].addresses
            assert parsed.addr_spec == addr_spec
            assert re.sub(r"\s", "", parsed.display_name) == re.sub(r"\s", "", shown)
            head[name.lower()] = (shown, addr_spec)
        result.append(head)
    return result


_BASELINES: dict[tuple[str, str, bool], tuple[list[tuple[Any, ...]], list[dict[str, Any]]]] = {}


def baseline(section: F.Section, spec: F.Field, as_table: bool) -> Any:
    key = (section.name, spec.name, as_table)
    if key not in _BASELINES:
        plan = load(with_text(section, spec, MARKER, as_table)[0])
        _BASELINES[key] = (contents(export(plan)), heads(mails(plan)))
    return _BASELINES[key]


def test_the_catalogue_has_text_fields_of_both_kinds() -> None:
    assert len(TEXT_FIELDS) >= 15
    assert {spec.multiline for _, spec in TEXT_FIELDS} == {True, False}
    for section in F.SECTIONS:  # every section can be filled in
        assert list(tables(base_plan(), section))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(field=st.sampled_from(TEXT_FIELDS), text=NASTY, as_table=st.booleans())
@example(field=(F.PLAN, F.PLAN.field("title")), text="Injection\r\nX-INJECTED:1", as_table=False)
@example(field=(F.EVENT, F.EVENT.field("notes")), text="a\r\nX-INJECTED:1;b,c\\d", as_table=True)
@example(field=(F.PERSON, F.PERSON.field("name")), text='O"Neil; \\:mailto:x', as_table=False)
@example(field=(F.PERSON, F.PERSON.field("name")), text="Жан, O'Neil <x@y>", as_table=True)
@example(field=(F.PERSON, F.PERSON.field("name")), text=" 0", as_table=False)
@example(field=(F.PLAN, F.PLAN.field("title")), text="Visite\u00a0:  Lviv \t ", as_table=False)
def test_every_text_field_is_refused_or_escaped(
    field: tuple[F.Section, F.Field], text: str, as_table: bool
) -> None:
    section, spec = field
    source, paths = with_text(section, spec, text, as_table)
    if not spec.multiline and F.LINE_BREAK_RE.search(text):
        result = load_plan_text(source, "p.toml")
        errors = {(f.code, f.path) for f in result.findings if f.severity is Severity.ERROR}
        assert errors == {("line-break", path) for path in paths}
        return
    plan = load(source)
    calendar, headers = baseline(section, spec, as_table)
    data = export(plan)
    assert b"\r" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    assert contents(data) == expected(calendar, text, spec)
    # The mail: the same headers, the text in the Subject and the display names.
    shown = header_text(text)
    # A display name's runs of white space (a no-break space too) are one space, none at
    # its ends: address parsers read a name's spaces so, even inside an encoded word.
    named = " ".join(shown.split())
    assert heads(mails(plan)) == [
        {
            "subject": head["subject"].replace(MARKER, shown),
            "from": (" ".join(head["from"][0].replace(MARKER, named).split()), head["from"][1]),
            "to": (" ".join(head["to"][0].replace(MARKER, named).split()), head["to"][1]),
        }
        for head in headers
    ]


def test_the_marker_shows_where_the_fields_are_shown() -> None:
    # The comparison above is about something: these fields are in the calendar, and
    # these in the mail headers (the others — a phone, a role, a description — in neither).
    in_calendar, in_headers = set(), set()
    for section, spec in TEXT_FIELDS:
        calendar, headers = baseline(section, spec, False)
        if MARKER in repr(calendar):
            in_calendar.add(f"{section.name}.{spec.name}")
        if MARKER in repr(headers):
            in_headers.add(f"{section.name}.{spec.name}")
    assert {"plan.title", "event.title", "event.location", "event.notes", "person.name",
            "program item.title", "program item.location", "program item.notes",
            "topic.title", "action.title", "delegation.name", "organization.short",
            "organization.name"} <= in_calendar  # fmt: skip
    assert {"event.title", "person.name"} <= in_headers


# --------------------------------------------------------------------------- past check


def test_a_plan_that_got_past_check_cannot_inject_a_property_or_a_header() -> None:
    # Defence in depth: texts with line breaks put into the model directly.
    plan = load(with_text(F.PLAN, F.PLAN.field("title"), "Plan", False)[0])  # type: ignore[arg-type]
    bad = Text(plain="Injection\r\nX-INJECTED:1\rX-TWO:2\u2028X-THREE:3")
    event = replace(plan.events[0], title=bad, location=bad)
    people = {pid: replace(p, name=bad) for pid, p in plan.people.items()}
    plan = replace(plan, title=bad, events=(event, *plan.events[1:]), people=people)
    data = export(plan)
    assert b"\r" not in data.replace(b"\r\n", b"") and b"\n" not in data.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(data)
    names = {name for c in calendar.walk() for name, _ in c.property_items(recursive=False)}
    assert not {"X-INJECTED", "X-TWO", "X-THREE"} & names
    name = unescape(str(calendar["X-WR-CALNAME"]))  # TEXT, unknown to icalendar
    assert name == "Injection\nX-INJECTED:1\nX-TWO:2\nX-THREE:3"
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"])
    meeting = next(e for e in calendar.walk("VEVENT") if str(e["uid"]) == "p/meeting@visitplan")
    assert str(meeting["summary"]) == "Injection\nX-INJECTED:1\nX-TWO:2\nX-THREE:3"
    assert meeting["organizer"].params["CN"] == "Injection X-INJECTED:1 X-TWO:2 X-THREE:3"
    one_line = "Injection X-INJECTED:1 X-TWO:2 X-THREE:3"
    for head in heads(mails(plan)):
        assert one_line in head["subject"]
        assert head["from"] == (one_line, "boss@example.org")
        assert head["to"] == (one_line, "guest@example.org")


# --------------------------------------------------------------------------- the commands


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "visitplan", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "VISITPLAN_CACHE_DIR": "off",
            "VISITPLAN_TODAY": "2024-05-01",
        },
        check=False,
    )


def test_the_injection_from_the_issue_is_refused_by_every_command(tmp_path: Path) -> None:
    data = base_plan()
    data["title"] = "Injection\r\nX-INJECTED:1"
    plan = tmp_path / "p.toml"
    plan.write_text(tomli_w.dumps(data), encoding="utf-8")
    before = plan.read_bytes()
    checked = run("check", str(plan), cwd=tmp_path)
    assert checked.returncode == 1
    assert re.search(r"p\.toml:\d+: error: title: 'title' is a single line", checked.stdout)
    assert "Traceback" not in checked.stdout + checked.stderr
    listed = run("check", str(plan), "--format", "json", cwd=tmp_path)
    assert '"code": "line-break"' in listed.stdout
    exported = run("export", str(plan), "-o", str(tmp_path / "out.ics"), cwd=tmp_path)
    assert exported.returncode == 1 and not (tmp_path / "out.ics").exists()
    invited = run(
        "invite", str(plan), "meeting", "--dry-run", str(tmp_path / "mail"), "--force", cwd=tmp_path
    )
    assert invited.returncode == 1 and not (tmp_path / "mail").exists()
    assert plan.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_invite_dry_run_writes_exactly_the_headers(tmp_path: Path, lang: str) -> None:
    data = base_plan()
    name = 'Олена "Ode" Коваль; O\'Neil, \\ <x@y>'
    data["people"]["guest"]["name"] = name
    data["people"]["guest"]["languages"] = [lang]
    data["events"][0]["title"] = "Зустріч: вода; відходи, \\ «Бурж»"
    plan = tmp_path / "p.toml"
    plan.write_text(tomli_w.dumps(data), encoding="utf-8")
    out = tmp_path / "mail"
    result = run("invite", str(plan), "meeting", "--dry-run", str(out), "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["guest.eml"]
    (head,) = heads([(out / "guest.eml").read_bytes()])
    assert "Зустріч: вода; відходи, \\ «Бурж»" in head["subject"]
    assert head["to"] == (name, "guest@example.org")
    assert head["from"] == ("Boss", "boss@example.org")


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("guest", "guest"),
        ("anna@example.org", "anna_at_example.org"),
        ("../../etc/x@y.org", "_._.._etc_x_at_y.org"),  # an address from a hand-edited state
        ("a\r\nb", "a__b"),
        (".hidden", "_hidden"),
    ],
)
def test_invite_dry_run_file_names_stay_in_their_folder(name: str, stem: str) -> None:
    from visitplan.sync.inviting import file_stem

    assert file_stem(name) == stem


def test_a_state_attendee_that_is_not_an_address_is_a_clean_error() -> None:
    from visitplan.errors import VisitplanError
    from visitplan.workspace.export_state import Entry

    plan = load(with_text(F.PLAN, F.PLAN.field("title"), "Plan", False)[0])  # type: ignore[arg-type]
    gone = Entry(
        uid="p/gone@visitplan",
        sequence=1,
        dtstamp=NOW,
        fingerprint="x",
        summary="Gone",
        start="20240501",
        end="20240502",
        attendees=("guest@example.org\r\nBcc: x@y.org",),
        cancelled=True,
    )
    stamped = stamp(plan, {gone.uid: gone}, NOW, todos=False)
    with pytest.raises(VisitplanError, match="not an email address"):
        invitations(plan, stamped, "gone", "cancel", None, NOW)
