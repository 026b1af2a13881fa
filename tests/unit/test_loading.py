from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import tomli_w

from conftest import EXAMPLE, MINIMAL
from visitplan.plan import fields as F
from visitplan.plan.loading import LoadResult, load_plan_bytes, load_plan_file, load_plan_text

# One of everything, valid: the base that the parametrized tests break one key at a time.
BASE: dict[str, Any] = {
    "format": 1,
    "id": "korosten-bourges",
    "title": {"uk": "Коростень – Бурж", "en": "Korosten – Bourges"},
    "description": "Partnership",
    "timezone": "Europe/Kyiv",
    "languages": ["uk", "en"],
    "organizer": "damentsova",
    "organizations": {
        "auc": {
            "name": "AUC",
            "short": "AUC",
            "country": "UA",
            "city": "Kyiv",
            "timezone": "Europe/Kyiv",
            "url": "https://auc.org.ua",
        },
        "bourges": {"name": "Ville de Bourges", "country": "FR", "timezone": "Europe/Paris"},
    },
    "people": {
        "damentsova": {
            "name": {"uk": "Людмила Даменцова", "en": "Liudmyla Damentsova"},
            "organization": "auc",
            "role": "Project director",
            "email": "damentsova@example.org",
            "phone": "+380 44 000 00 00",
            "languages": ["uk", "en"],
        },
        "bonduelle": {"name": "Constance Bonduelle", "organization": "bourges"},
    },
    "delegations": {
        "korosten-2023": {
            "name": "Korosten delegation",
            "organization": "auc",
            "lead": "damentsova",
            "members": ["damentsova"],
        }
    },
    "events": [
        {
            "id": "online-2024-05-28",
            "kind": "online-meeting",
            "title": "Bilateral online meeting",
            "start": datetime(2024, 5, 28, 11, 0),
            "end": datetime(2024, 5, 28, 12, 30),
            "timezone": "Europe/Kyiv",
            "status": "confirmed",
            "location": "Online",
            "url": "https://meet.example.org/x",
            "host": "auc",
            "delegations": ["korosten-2023"],
            "participants": ["bonduelle"],
            "topics": ["water"],
            "notes": "Notes",
            "program": [
                {
                    "id": "welcome",
                    "title": "Welcome",
                    "start": time(11, 0),
                    "end": time(11, 10),
                    "speakers": ["damentsova"],
                    "location": "Online",
                    "topics": ["water"],
                    "notes": "n",
                }
            ],
        }
    ],
    "topics": [
        {
            "id": "water",
            "title": "Water treatment",
            "description": "d",
            "requested_by": "auc",
            "proposed_by": "bourges",
            "status": "proposed",
        }
    ],
    "actions": [
        {
            "id": "topic-list",
            "title": "Send the topics",
            "owner": "bourges",
            "requested_by": "damentsova",
            "due": date(2024, 6, 30),
            "status": "open",
            "event": "online-2024-05-28",
        }
    ],
}

# Where each section's first entry sits in BASE, as a key path.
SECTION_PATHS = {
    "plan": "",
    "organization": "organizations.auc",
    "person": "people.damentsova",
    "delegation": "delegations.korosten-2023",
    "event": "events[0]",
    "program item": "events[0].program[0]",
    "topic": "topics[0]",
    "action": "actions[0]",
}

# A value of the wrong TOML type for each kind of field.
WRONG: dict[str, Any] = {
    "slug": 42,
    "ref": 42,
    "refs": 42,
    "text": 42,
    "string": 42,
    "integer": "1",
    "zone": 3,
    "languages": "uk",
    "country": 7,
    "email": ["a@b.org"],
    "url": 1,
    "choice": True,
    "date": "2024-06-30",
    "when": "2024-05-28 11:00",
    "program-when": 1100,
    "working-hours": 9,
    "codes": 3,
}


def entry(data: dict[str, Any], path: str) -> dict[str, Any]:
    node: Any = data
    for part in path.replace("]", "").replace("[", ".").split(".") if path else []:
        node = node[int(part)] if part.isdigit() else node[part]
    assert isinstance(node, dict)
    return node


def load(data: dict[str, Any]) -> LoadResult:
    return load_plan_text(tomli_w.dumps(data), "plan.toml")


def codes(result: LoadResult) -> list[tuple[str, str, str]]:
    return [(f.severity.value, f.code, f.path) for f in result.findings]


def test_the_base_is_valid() -> None:
    result = load(BASE)
    assert result.findings == ()
    assert result.ok


def test_the_example_plan_loads_into_the_model() -> None:
    result = load_plan_file(EXAMPLE)
    assert result.ok, [f.render() for f in result.findings]
    plan = result.plan
    assert plan is not None
    assert plan.id == "korosten-bourges"
    assert plan.languages == ("uk", "fr", "en")
    assert set(plan.organizations) == {"auc", "cemr", "afccre", "korosten", "bourges"}
    assert len(plan.people) == 7
    assert plan.text(plan.people["henou"].name, "uk") == "Фелікс Ену"
    meeting = plan.event("online-2024-05-28")
    assert meeting is not None
    # 11:00 in Kyiv (UTC+3 in May) is 08:00 UTC and 10:00 in Paris.
    assert meeting.when.start.astimezone(UTC) == datetime(2024, 5, 28, 8, 0, tzinfo=UTC)
    speakers = [item.speakers[0] for item in meeting.program]
    assert speakers == [
        "damentsova",
        "moskalenko",
        "chyzhevska",
        "henou",
        "bonduelle",
        "taran",
        "tarrisson",
    ]
    assert meeting.program[-1].when.end == meeting.when.end
    visit = plan.event("study-visit-2023")
    assert visit is not None and visit.when.all_day
    assert (visit.when.first_day, visit.when.last_day) == (date(2023, 7, 1), date(2023, 7, 5))
    assert visit.zone.key == "Europe/Paris"
    water = next(item for item in visit.program if item.id == "water-station")
    assert water.when.start.astimezone(UTC) == datetime(2023, 7, 3, 8, 0, tzinfo=UTC)
    assert plan.event("study-visit-next").status == "tentative"  # type: ignore[union-attr]
    assert {t.id for t in plan.topics} >= {"culture", "water-treatment", "education"}
    assert all(action.status == "open" for action in plan.actions)


def test_defaults_are_filled() -> None:
    data = copy.deepcopy(BASE)
    del data["format"]
    del data["events"][0]["status"]
    del data["topics"][0]["status"]
    del data["actions"][0]["status"]
    plan = load(data).plan
    assert plan is not None
    assert (plan.format, plan.events[0].status) == (1, "confirmed")
    assert (plan.topics[0].status, plan.actions[0].status) == ("proposed", "open")


def test_offset_datetimes_are_converted_to_the_event_zone() -> None:
    text = MINIMAL.replace("start = 2024-05-28T11:00:00", "start = 2024-05-28T10:00:00+02:00")
    plan = load_plan_text(text, "p.toml").plan
    assert plan is not None
    start = plan.events[0].when.start
    assert start.tzinfo == plan.timezone
    assert (start.hour, start.minute) == (11, 0)


def test_an_all_day_event_without_end_is_one_day() -> None:
    text = MINIMAL.replace(
        "start = 2024-05-28T11:00:00\nend = 2024-05-28T12:30:00", "start = 2024-05-28"
    )
    plan = load_plan_text(text, "p.toml").plan
    assert plan is not None
    when = plan.events[0].when
    assert when.all_day and when.days == 1
    assert when.end is not None and when.end.date() == date(2024, 5, 29)
    # a local time in the program of a one-day, all-day event means that day
    assert plan.events[0].program[0].when.start.date() == date(2024, 5, 28)


REQUIRED = [
    (section.name, spec.name) for section in F.SECTIONS for spec in section.fields if spec.required
]


@pytest.mark.parametrize(("section", "key"), REQUIRED)
def test_each_required_key_missing_is_an_error_at_its_path(section: str, key: str) -> None:
    data = copy.deepcopy(BASE)
    del entry(data, SECTION_PATHS[section])[key]
    result = load(data)
    path = f"{SECTION_PATHS[section]}.{key}".lstrip(".")
    assert ("error", "missing-key", path) in codes(result)
    finding = next(f for f in result.findings if f.path == path)
    assert f"missing required key '{key}'" in finding.message
    assert finding.hint.startswith(f"add {key} = ")
    # located at the header of its table; a missing top-level key has no line to point at
    assert (finding.line is None) == (section == "plan")


FIELDS = [(section.name, spec.name, spec.kind) for section in F.SECTIONS for spec in section.fields]


@pytest.mark.parametrize(("section", "key", "kind"), FIELDS)
def test_each_field_with_a_wrong_type_is_an_error_at_its_path(
    section: str, key: str, kind: str
) -> None:
    data = copy.deepcopy(BASE)
    entry(data, SECTION_PATHS[section])[key] = WRONG[kind]
    result = load(data)
    path = f"{SECTION_PATHS[section]}.{key}".lstrip(".")
    errors = [f for f in result.findings if f.is_error]
    assert errors, f"{path} = {WRONG[kind]!r} was accepted"
    assert errors[0].path == path, [f.render() for f in errors]
    assert errors[0].code == "wrong-type"
    assert errors[0].line is not None
    assert "expected" in errors[0].message or "got" in errors[0].message


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("Korosten Bourges", "korosten-bourges"),
        ("../etc", "etc"),
        ("a/b", "a-b"),
        ("x" * 64, "x" * 63),
    ],
)
def test_ids_that_are_not_slugs_are_errors_with_a_suggestion(value: str, suggestion: str) -> None:
    data = copy.deepcopy(BASE)
    data["events"][0]["id"] = value
    finding = next(f for f in load(data).findings if f.path == "events[0].id")
    assert finding.code == "bad-id"
    assert f'"{suggestion}"' in finding.hint


def test_directory_keys_that_are_not_slugs_are_errors() -> None:
    data = copy.deepcopy(BASE)
    data["people"]["Félix Hénou"] = {"name": "Félix Hénou"}
    assert ("error", "bad-id", "people.Félix Hénou") in codes(load(data))


def test_a_misspelt_zone_gets_a_suggestion() -> None:
    data = copy.deepcopy(BASE)
    data["timezone"] = "Europe/Kiev "
    finding = next(f for f in load(data).findings if f.path == "timezone")
    assert finding.code == "unknown-timezone"
    data["timezone"] = "Europe/Pariss"
    finding = next(f for f in load(data).findings if f.path == "timezone")
    assert '"Europe/Paris"' in finding.hint


def test_a_time_in_the_dst_gap_is_an_error_and_the_fold_a_warning() -> None:
    data = copy.deepcopy(BASE)
    event = data["events"][0]
    event["start"] = datetime(2024, 3, 31, 3, 30)  # Kyiv springs from 03:00 to 04:00
    event["end"] = datetime(2024, 3, 31, 5, 0)
    event["program"] = []
    found = codes(load(data))
    assert ("error", "dst-gap", "events[0].start") in found
    event["start"] = datetime(2024, 10, 27, 3, 30)  # Kyiv falls back from 04:00 to 03:00
    event["end"] = datetime(2024, 10, 27, 5, 0)
    result = load(data)
    assert codes(result) == [("warning", "dst-fold", "events[0].start")]
    assert "+03:00" in result.findings[0].message  # the first occurrence (summer time)
    assert "+02:00" in result.findings[0].hint  # how to say the second


def test_a_time_alone_in_a_multi_day_event_needs_a_date() -> None:
    data = copy.deepcopy(BASE)
    data["events"][0]["start"] = date(2023, 7, 1)
    data["events"][0]["end"] = date(2023, 7, 5)
    result = load(data)
    finding = next(f for f in result.findings if f.path == "events[0].program[0].start")
    assert finding.code == "time-needs-date"
    assert "2023-07-01T11:00:00" in finding.hint


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 5, 28), datetime(2024, 5, 28, 12)),
        (datetime(2024, 5, 28, 11), date(2024, 5, 29)),
    ],
)
def test_start_and_end_of_different_types_are_an_error(start: object, end: object) -> None:
    data = copy.deepcopy(BASE)
    data["events"][0].update(start=start, end=end, program=[])
    assert ("error", "wrong-type", "events[0].end") in codes(load(data))


def test_a_timed_event_without_end_is_an_error() -> None:
    data = copy.deepcopy(BASE)
    del data["events"][0]["end"]
    finding = next(f for f in load(data).findings if f.path == "events[0].end")
    assert finding.code == "missing-key"
    assert "2024-05-28T12:00:00" in finding.hint


@pytest.mark.parametrize(("number", "word"), [(2, "format 2"), (0, "no format 0")])
def test_an_unsupported_format_is_a_clear_error(number: int, word: str) -> None:
    data = copy.deepcopy(BASE)
    data["format"] = number
    result = load(data)
    assert codes(result) == [("error", "unsupported-format", "format")]
    assert word in result.findings[0].message
    assert result.plan is None


def test_unknown_keys_are_warnings_with_did_you_mean() -> None:
    data = copy.deepcopy(BASE)
    data["organiser"] = "damentsova"
    data["events"][0]["particpants"] = []
    found = {f.path: f for f in load(data).findings}
    assert found["organiser"].hint == "did you mean 'organizer'?"
    assert found["events[0].particpants"].hint == "did you mean 'participants'?"
    assert all(not f.is_error for f in found.values())


def test_text_missing_a_declared_language_is_a_warning() -> None:
    data = copy.deepcopy(BASE)
    data["events"][0]["title"] = {"en": "Meeting"}
    assert codes(load(data)) == [("warning", "missing-language", "events[0].title")]


def test_text_with_a_bad_language_code_is_an_error() -> None:
    data = copy.deepcopy(BASE)
    data["events"][0]["title"] = {"Ukrainian": "Зустріч", "en": "Meeting"}
    assert ("error", "bad-language", "events[0].title.Ukrainian") in codes(load(data))


def test_duplicate_ids_are_errors_naming_the_first() -> None:
    data = copy.deepcopy(BASE)
    data["events"].append(copy.deepcopy(data["events"][0]))
    data["events"][0]["program"].append(copy.deepcopy(data["events"][0]["program"][0]))
    found = {f.path: f for f in load(data).findings}
    assert "events[0]" in found["events[1].id"].message
    assert "events[0].program[0]" in found["events[0].program[1].id"].message


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("events", {"id": "x"}, "[[events]]"),
        ("organizations", [{"name": "x"}], "[organizations.<id>]"),
    ],
)
def test_collections_of_the_wrong_shape_say_how_to_write_them(
    key: str, value: object, hint: str
) -> None:
    data = copy.deepcopy(BASE)
    data[key] = value
    finding = next(f for f in load(data).findings if f.path == key)
    assert finding.is_error and hint in finding.hint


# ----------------------------------------------------------------- bytes and syntax


def only(result: LoadResult) -> tuple[str, int | None]:
    assert len(result.findings) == 1, [f.render() for f in result.findings]
    return result.findings[0].code, result.findings[0].line


def test_a_utf8_bom_and_crlf_line_endings_are_fine() -> None:
    data = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    result = load_plan_bytes(data, "p.toml")
    assert result.ok, [f.render() for f in result.findings]


def test_utf16_is_refused_with_advice() -> None:
    result = load_plan_bytes(MINIMAL.encode("utf-16"), "p.toml")
    assert only(result)[0] == "encoding"
    assert "UTF-16" in result.findings[0].message


def test_invalid_utf8_names_line_and_column() -> None:
    data = MINIMAL.replace('name = "Bourges"', 'name = "Bourges\udce9"').encode(
        "utf-8", "surrogateescape"
    )
    result = load_plan_bytes(data, "p.toml")
    code, line = only(result)
    assert code == "encoding" and line == 14
    assert "byte 0xE9 at line 14, column 16" in result.findings[0].message


def test_nul_bytes_are_called_binary() -> None:
    assert only(load_plan_bytes(b"format = 1\n\x00\x01\x02", "p.toml")) == ("binary", 2)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"# only a comment\n"])
def test_an_empty_file_says_so(content: bytes) -> None:
    assert only(load_plan_bytes(content, "p.toml"))[0] == "empty"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('id = "x"\ntitle = "unterminated\n', 2, None),
        ('id = "x"\ntitle "no equals"\n', 2, 7),
        ('id = "x"\nid = "twice"\n', 2, None),
        ('[people.a]\nname = "A"\n[people.a]\n', 3, None),
        ('id = "x"\nstart = 2024-13-01\n', 2, None),
    ],
)
def test_toml_syntax_errors_give_line_and_column(text: str, line: int, column: int | None) -> None:
    result = load_plan_text(text, "p.toml")
    code, found_line = only(result)
    assert code == "toml-syntax"
    assert found_line == line
    if column is not None:
        assert result.findings[0].column == column
    assert result.findings[0].message.startswith("TOML syntax error: ")


def test_a_merge_conflict_marker_is_named() -> None:
    text = MINIMAL.replace(
        'name = "Bourges"\n',
        '<<<<<<< HEAD\nname = "Bourges"\n=======\nname = "Ville de Bourges"\n>>>>>>> branch\n',
    )
    result = load_plan_text(text, "p.toml")
    assert only(result) == ("merge-conflict", 14)


def test_emoji_and_right_to_left_text_are_fine() -> None:
    text = MINIMAL.replace('title = "Réunion"', 'title = "Réunion 🇺🇦🤝🇫🇷 اجتماع"')
    assert load_plan_text(text, "p.toml").ok
