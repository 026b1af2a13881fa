"""Property tests of the export: whatever text a plan holds comes back from the .ics
unchanged and never adds a property or a parameter; every line is folded right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from visitplan.ical.calendar import build_calendar
from visitplan.ical.components import ExportOptions
from visitplan.ical.entries import Selection
from visitplan.ical.stamps import stamp
from visitplan.plan.loading import load_plan_text

# Any unicode text a plan may hold, including what matters to iCalendar: CR, LF, tab, ; , \ : "
NASTY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\r\n;,\\:\"'=^ \t")),
        # other control characters are refused by the loader (tests/bad covers that)
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
# Titles, places and names are single-line texts: `check` refuses a line break in them
# (tests/robustness/test_text_safety.py); notes may have several lines.
ONE_LINE = NASTY.map(lambda s: s.replace("\r", " ").replace("\n", " ")).filter(
    lambda s: s.strip() != ""
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def plan_with(title: str, location: str, name: str, notes: str) -> bytes:
    data = {
        "id": "p",
        "title": "Plan",
        "timezone": "Europe/Kyiv",
        "organizer": "a",
        "people": {
            "a": {"name": name, "email": "a@example.org"},
            "b": {"name": "B", "email": "b@example.org"},
        },
        "events": [
            {
                "id": "e",
                "kind": "meeting",
                "title": title,
                "location": location,
                "notes": notes,
                "start": datetime(2024, 5, 28, 11),
                "end": datetime(2024, 5, 28, 12),
                "participants": ["a", "b"],
            }
        ],
    }
    result = load_plan_text(tomli_w.dumps(data), "p.toml")
    assert result.ok, [f.render() for f in result.findings]
    assert result.plan is not None
    stamped = stamp(result.plan, {}, NOW, todos=False)
    return build_calendar([stamped], Selection(), ExportOptions())


def normalized(text: str, param: bool = False) -> str:
    """What iCalendar can carry of ``text`` (RFC 5545): line breaks as LF (a lone CR too),
    no other control character; a parameter value on one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\t\n" or not (ord(c) < 0x20 or ord(c) == 0x7F))
    # In a parameter, a backslash is written as U+FF3C: icalendar misreads "\\:" there.
    # Parsers strip white space around a parameter value; tabs become spaces there.
    if param:
        return text.replace("\t", " ").replace("\n", " ").strip().replace("\\", "\uff3c")
    return text


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=timedelta(seconds=5)
)
@given(title=ONE_LINE, location=ONE_LINE, name=ONE_LINE, notes=NASTY)
def test_any_text_comes_back_unchanged_and_adds_nothing(
    title: str, location: str, name: str, notes: str
) -> None:
    data = plan_with(title, location, name, notes)
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == normalized(title)
    assert str(event["location"]) == normalized(location)
    assert normalized(notes).strip() in str(event["description"])
    organizer = event["organizer"]
    assert organizer.params["CN"] == normalized(name, param=True)
    assert set(organizer.params) == {"CN"}
    attendee = event["attendee"][0]
    assert set(attendee.params) == {"CN", "CUTYPE", "ROLE", "PARTSTAT"}
    assert sorted(event) == sorted(
        [
            "UID",
            "DTSTAMP",
            "SEQUENCE",
            "DTSTART",
            "DTEND",
            "SUMMARY",
            "STATUS",
            "TRANSP",
            "CATEGORIES",
            "LOCATION",
            "DESCRIPTION",
            "ORGANIZER",
            "ATTENDEE",
        ]
    )
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert b"\n" not in data.replace(b"\r\n", b"")
