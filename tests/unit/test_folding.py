"""The export writes its content lines itself (ics_export.fold and friends): the bytes must
be the ones icalendar writes, folds included, and no fold may split a backslash escape or a
UTF-8 character (Google Calendar drops an entry whose fold splits an escape,
collective/icalendar#1501). The one place the writer differs from icalendar on purpose:
icalendar 7.3 also moves the second backslash of an escaped backslash (``\\\\``) to the next
line, which splits that pair; the writer keeps the pair whole."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vCalAddress, vText
from icalendar.parser.string import _foldline

from visitplan.ical.calendar import build_calendar
from visitplan.ical.components import ExportOptions
from visitplan.ical.entries import Selection
from visitplan.ical.lines import clean, clean_param, fold, serialize
from visitplan.ical.lines import cn as _cn
from visitplan.ical.lines import escape_text as _esc
from visitplan.ical.stamps import stamp
from visitplan.plan.loading import load_plan_text

NOW = datetime(2026, 1, 1, tzinfo=UTC)

# What matters to folding: escapes, carets (RFC 6868 in parameters), 2-, 3- and 4-octet
# characters, plain ASCII for long runs.
PIECES = ["\\", "\\\\", ",", ";", ":", '"', "^", "^^", "'", " ", "a", "b", "é", "ї", "Ж", "€", "😀",
          "\\n"]  # fmt: skip
TEXT = st.lists(st.sampled_from([*PIECES, "N", "\n"]), min_size=1, max_size=120).map("".join)
LONG_TEXT = st.builds(lambda pad, tail: "x" * pad + tail, st.integers(0, 80), TEXT)
# For whole entries, no "N": icalendar reads a backslash followed by N as a line break
# when it escapes text (its _escape_char), so it would write "C:\\New" differently; the
# writer keeps the text (test_export.py has that case).
PLAIN = st.lists(st.sampled_from(PIECES), min_size=1, max_size=120).map("".join)
ONE_LINE = st.one_of(
    PLAIN, st.builds(lambda pad, tail: "x" * pad + tail, st.integers(0, 80), PLAIN)
)
ONE_LINE = ONE_LINE.filter(lambda s: s.strip() != "")
MANY_LINES = st.lists(ONE_LINE, min_size=1, max_size=4).map("\n".join)


def unfold(data: bytes) -> bytes:
    return data.replace(b"\r\n ", b"")


def split_escapes(data: bytes) -> list[bytes]:
    """The physical lines of ``data`` that end inside an escape: with an opening backslash
    in a value or an opening caret (RFC 6868) in a parameter — the odd one of its run,
    counted over the unfolded content line."""
    found = []
    lines = data.split(b"\r\n")
    whole = b""
    for index, line in enumerate(lines[:-1]):
        part = line[1:] if line.startswith(b" ") else line
        whole = whole + part if line.startswith(b" ") else part
        continued = lines[index + 1].startswith(b" ")
        char = part[-1:]
        if not continued or char not in (b"\\", b"^"):
            continue
        in_value = re.match(rb'^(?:[^":]|"[^"]*")*:', whole) is not None
        if in_value != (char == b"\\"):
            continue  # a caret in a value, or a backslash in a parameter, escapes nothing
        run = len(whole) - len(whole.rstrip(char))
        if run % 2 == 1:
            found.append(line)
    return found


def well_folded(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character split across lines
    assert split_escapes(data) == []


@settings(max_examples=400, deadline=None)
@given(
    line=st.one_of(
        st.one_of(TEXT, LONG_TEXT).map(lambda s: "DESCRIPTION:" + _esc(clean(s))),
        st.one_of(TEXT, LONG_TEXT).map(
            lambda s: "ATTENDEE;CN=" + _cn(clean_param(s)) + ":mailto:a@example.org"
        ),
    )
)
@example(line="DESCRIPTION:" + "a" * 61 + "\\\\x")  # icalendar splits this \\ pair
@example(line="DESCRIPTION:" + "a" * 61 + "\\nx" + "b" * 80)
@example(line="ATTENDEE;CN=" + "a" * 61 + "^nx:mailto:a@example.org")
def test_a_line_is_folded_as_icalendar_folds_it(line: str) -> None:
    ours = fold([line])
    theirs = _foldline(line).encode("utf-8") + b"\r\n"
    well_folded(ours)
    assert unfold(ours) == unfold(theirs) == line.encode("utf-8") + b"\r\n"
    if not split_escapes(theirs):
        assert ours == theirs
    else:  # icalendar split an escaped backslash (or caret) pair; the writer did not
        assert ours != theirs


def test_the_one_difference_from_icalendar_is_an_escaped_backslash_kept_whole() -> None:
    line = "SUMMARY:" + "a" * 64 + "\\\\n"  # the text is a…a followed by a backslash and n
    theirs = _foldline(line).encode("utf-8") + b"\r\n"
    assert theirs == b"SUMMARY:" + b"a" * 64 + b"\\\r\n \\n\r\n"  # a lone \ ends the line
    assert fold([line]) == b"SUMMARY:" + b"a" * 64 + b"\\\\\r\n n\r\n"


def test_no_fold_inside_an_escape_or_a_character() -> None:
    for pad in range(55, 80):
        for escape in ("\\n", "\\,", "\\;", "\\\\", "é", "😀", "^n", "^^"):
            data = fold(["DESCRIPTION:" + "a" * pad + escape * 3 + "b" * 100])
            well_folded(data)


def test_a_line_break_never_reaches_the_file() -> None:
    # A content line holds no line break; if one got there anyway it is written escaped.
    data = fold(["NAME:Injection\r\nX-INJECTED:1", "SUMMARY:a\rb\nc"])
    assert data == b"NAME:Injection\\nX-INJECTED:1\r\nSUMMARY:a\\nb\\nc\r\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=ONE_LINE, description=MANY_LINES, location=ONE_LINE, name=ONE_LINE)
def test_an_icalendar_component_is_written_as_icalendar_writes_it(
    summary: str, description: str, location: str, name: str
) -> None:
    event = Event()
    event.add("summary", vText(summary), parameters={"LANGUAGE": "uk"})
    event.add("description", description)
    event.add("location", location)
    attendee = vCalAddress("mailto:a@example.org")
    attendee.params["CN"] = name.replace("\\", "\uff3c")
    attendee.params["ROLE"] = "CHAIR"
    event.add("attendee", attendee)
    event.add("dtstart", datetime(2024, 5, 28, 11, tzinfo=UTC))
    theirs = event.to_ical()
    ours = serialize(event)
    well_folded(ours)
    if not split_escapes(theirs):
        assert ours == theirs
    else:
        assert unfold(ours) == unfold(theirs)


def plan_export(title: str, location: str, name: str, notes: str, topic: str) -> bytes:
    data = {
        "id": "p",
        "title": "Plan",
        "timezone": "Europe/Kyiv",
        "organizer": "a",
        "people": {
            "a": {"name": name, "email": "a@example.org"},
            "b": {"name": "Б", "email": "b@example.org"},
        },
        "topics": [{"id": "t", "title": topic}],
        "actions": [{"id": "x", "title": title, "owner": "a", "due": datetime(2024, 6, 1).date()}],
        "events": [
            {
                "id": "e",
                "kind": "study-visit",
                "title": title,
                "location": location,
                "notes": notes,
                "start": datetime(2024, 5, 28).date(),
                "end": datetime(2024, 5, 30).date(),
                "timezone": "Europe/Paris",
                "participants": ["a", "b"],
                "topics": ["t"],
                "program": [
                    {
                        "id": "i",
                        "title": topic,
                        "start": datetime(2024, 5, 29, 10),
                        "end": datetime(2024, 5, 29, 12),
                        "location": location,
                        "notes": notes,
                        "speakers": ["a"],
                    }
                ],
            }
        ],
    }
    result = load_plan_text(tomli_w.dumps(data), "p.toml")
    assert result.ok, [f.render() for f in result.findings]
    assert result.plan is not None
    stamped = stamp(result.plan, {}, NOW, todos=True)
    options = ExportOptions(method="request", alarms=(timedelta(days=1),), todos=True)
    return build_calendar([stamped], Selection(), options)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ONE_LINE, location=ONE_LINE, name=ONE_LINE, notes=MANY_LINES, topic=ONE_LINE)
def test_an_export_is_what_icalendar_writes(
    title: str, location: str, name: str, notes: str, topic: str
) -> None:
    # Entries, alarms, tasks, attendees with parameters, the calendar head and its
    # VTIMEZONE: icalendar, reading the file and writing it again, gives the same bytes.
    ours = plan_export(title, location, name, notes, topic)
    well_folded(ours)
    theirs = Calendar.from_ical(ours).to_ical()
    if not split_escapes(theirs):
        assert ours == theirs
    else:
        assert unfold(ours) == unfold(theirs)
