"""Who takes part in what (``participation``), and program order (``Event.schedule``),
checked through every command that depends on them, on tests/plans/who-takes-part.toml:
a three-day visit to Lyon (all day, Paris) and a single-day online meeting (Kyiv), with
one person for each way of taking part."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import ROOT
from visitplan.cli import app
from visitplan.plan.loading import load_plan_file
from visitplan.plan.participation import ROLES, attendees, everyone, part_of, parts

SOURCE = ROOT / "tests" / "plans" / "who-takes-part.toml"
PLAN_ID = "vinnytsia-lyon"
ENV = {
    "VISITPLAN_TODAY": "2025-09-01",
    "NO_COLOR": "1",
    "SOURCE_DATE_EPOCH": "1756684800",
    "COLUMNS": "200",
}

# The visit's program in time order; "debrief" and "press" start together and keep the
# file's order. The file lists them welcome, water-plant, debrief, press, schools, reception.
VISIT_ORDER = ["welcome", "reception", "schools", "water-plant", "debrief", "press"]
VISIT_DAYS = {"2025-09-15", "2025-09-16", "2025-09-17"}
MEETING_ORDER = ["opening", "funding"]
WHOLE = "whole"

# What each person takes part in, written out by hand (not computed by the code under
# test): WHOLE, or the program items of their own they get.
EXPECTED: dict[str, dict[str, str | frozenset[str]]] = {
    "girard": {"visit": WHOLE, "online-2025-10-02": WHOLE},  # participant (and speaker)
    "bondar": {"visit": WHOLE, "online-2025-10-02": WHOLE},  # delegation lead
    "melnyk": {"visit": WHOLE},  # delegation member
    "smith": {"visit": frozenset({"water-plant"})},  # speaks at one item of the visit
    "koval": {"online-2025-10-02": WHOLE},  # the organizer: only where listed
    "petrenko": {"online-2025-10-02": WHOLE},  # speaks at an item of a one-day meeting
    "nobody": {},
}
# The role each case stands for: every role of participation.ROLES must be covered.
ROLE_CASES = {
    ("visit", "girard"): "participant",
    ("visit", "bondar"): "lead",
    ("visit", "melnyk"): "member",
    ("visit", "smith"): "speaker",
    ("visit", "koval"): "organizer",
    ("online-2025-10-02", "petrenko"): "speaker",
}
ORGANIZER = "koval"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the plan (export writes its state file next to it)."""
    target = tmp_path / "plans" / SOURCE.name
    target.parent.mkdir()
    shutil.copy(SOURCE, target)
    return target


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command, as a process."""
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **ENV},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def invoke(*args: str | Path) -> str:
    done = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    assert done.exit_code == 0, done.output
    return done.stdout


def vevents(data: bytes) -> dict[str, Calendar]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def uid(event: str, item: str | None = None) -> str:
    return f"{PLAN_ID}/{event}{'/' + item if item else ''}@visitplan"


def expected_uids(person: str) -> set[str]:
    out = set()
    for event, what in EXPECTED[person].items():
        if what == WHOLE:
            out.add(uid(event))
            if event == "visit":  # the items of a multi-day visit are entries of their own
                out.update(uid(event, item) for item in VISIT_ORDER)
        else:
            out.update(uid(event, item) for item in what)
    return out


def mails(folder: Path) -> dict[str, EmailMessage]:
    out = {}
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        out[path.stem] = message
    return out


def mail_uid(message: EmailMessage) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    (found,) = vevents(data)
    return found


# --------------------------------------------------------------------------- smith


def test_export_person_gives_a_speaker_only_the_item_he_speaks_at(plan: Path) -> None:
    out = plan.parent / "smith.ics"
    process("export", plan, "--person", "smith", "--lang", "en", "-o", out)
    entries = vevents(out.read_bytes())
    assert set(entries) == {uid("visit", "water-plant")}
    entry = entries[uid("visit", "water-plant")]
    assert str(entry["SUMMARY"]) == "Pierre-Bénite water treatment station · Study visit to Lyon"
    description = str(entry["DESCRIPTION"])
    assert "Part of: Study visit to Lyon" in description  # the visit is named
    assert "Reception" not in description and "Schools" not in description
    assert [str(a) for a in entry.get("ATTENDEE")] == [
        "mailto:bondar@vinnytsia.example.org",
        "mailto:melnyk@vinnytsia.example.org",
        "mailto:e.girard@lyon.example.org",
        "mailto:j.smith@lyon.example.org",
    ]
    # the organizer organizes every entry, without attending this one
    assert str(entry["ORGANIZER"]) == "mailto:koval@auc.example.org"


def test_per_person_file_of_a_speaker_holds_only_his_item(plan: Path) -> None:
    folder = plan.parent / "people"
    process("export", plan, "--per-person", folder)
    smith = vevents((folder / "smith.ics").read_bytes())
    assert set(smith) == {uid("visit", "water-plant")}
    # in his own language (en), the visit named in the description
    assert "Part of: Study visit to Lyon" in str(smith[uid("visit", "water-plant")]["DESCRIPTION"])
    # the visit's own entry and its other items do not list him
    everything = vevents(process("export", plan, "-o", "-").stdout.encode())
    for key, entry in everything.items():
        listed = [str(a) for a in entry.get("ATTENDEE", [])]
        assert ("mailto:j.smith@lyon.example.org" in listed) == (
            key == uid("visit", "water-plant")
        ), key


def test_agenda_person_shows_a_speakers_item_on_its_day_only(plan: Path) -> None:
    document = json.loads(
        process("agenda", plan, "--all", "--person", "smith", "--format", "json").stdout
    )
    shown = [
        (day["date"], item["id"], [p["id"] for p in item["program"]])
        for day in document["days"]
        for item in day["items"]
    ]
    assert shown == [("2025-09-16", "visit", ["water-plant"])]
    text = process("agenda", plan, "--all", "--person", "smith", "--lang", "en").stdout
    assert "Pierre-Bénite water treatment" in text
    assert "Reception" not in text and "Schools" not in text and "Monday" not in text


def test_people_event_includes_speakers(plan: Path) -> None:
    ids = [
        p["id"]
        for p in json.loads(process("people", plan, "--event", "visit", "--format", "json").stdout)
    ]
    assert ids == ["bondar", "melnyk", "girard", "smith"]
    meeting = json.loads(
        process("people", plan, "--event", "online-2025-10-02", "--format", "json").stdout
    )
    assert [p["id"] for p in meeting] == ["koval", "bondar", "girard", "petrenko"]


def test_show_marks_who_takes_part_in_only_some_items(plan: Path) -> None:
    text = process("show", plan, "visit", "--lang", "uk").stdout
    line = next(line for line in text.splitlines() if line.strip().startswith("John Smith"))
    assert "(лише Станція очищення води)" in line
    assert "лише" not in text.replace(line, "")  # nobody else is limited
    markdown = process("show", plan, "visit", "--lang", "fr", "--format", "markdown").stdout
    assert "John Smith (seulement Station d'épuration de Pierre-Bénite)" in markdown
    document = json.loads(process("show", plan, "visit", "--format", "json", "--lang", "en").stdout)
    only = {p["id"]: p["only"] for g in document["groups"] for p in g["people"]}
    assert only == {
        "bondar": None,
        "melnyk": None,
        "girard": None,
        "smith": [{"id": "water-plant", "title": "Pierre-Bénite water treatment station"}],
    }


def test_invite_sends_a_speaker_his_item_and_the_others_the_visit_and_each_session(
    plan: Path, tmp_path: Path
) -> None:
    """One message per entry: those who take part in the whole visit get the visit's own
    entry and one for each of its sessions (entries of their own), the speaker only his."""
    folder = tmp_path / "mail"
    process("invite", plan, "visit", "--dry-run", folder)
    messages = mails(folder)
    got: dict[str, set[str]] = {}
    for name, message in messages.items():
        got.setdefault(name.partition("--")[0], set()).add(mail_uid(message))
    prefix = f"{PLAN_ID}/visit"
    assert got == {
        person: {u for u in expected_uids(person) if u.startswith(prefix)}
        for person in ("bondar", "melnyk", "girard", "smith")
    }
    assert mail_uid(messages["bondar"]) == uid("visit")  # the visit's own message
    assert mail_uid(messages["bondar--reception"]) == uid("visit", "reception")
    assert len(got["bondar"]) == 1 + len(VISIT_ORDER)
    smith = messages["smith--water-plant"]  # a session's message, even his only one
    assert str(smith["Subject"]) == (
        "Invitation: Pierre-Bénite water treatment station · Study visit to Lyon"
        " — 16 September 2025"
    )
    body = smith.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "Water treatment station, Pierre-Bénite" in text  # the item's place
    assert "Tuesday, 16 September 2025, 10:00–12:00" in text  # the item's time
    assert "Part of: Study visit to Lyon" in text
    assert "Reception" not in text


# --------------------------------------------------------------------------- every role


def coverage_of_uids(uids: set[str]) -> dict[str, str | frozenset[str]]:
    """{event: WHOLE or the items} from a set of entry UIDs."""
    found: dict[str, set[str]] = {}
    whole: set[str] = set()
    for key in uids:
        path = key.removeprefix(f"{PLAN_ID}/").removesuffix("@visitplan").split("/")
        if len(path) == 1:
            whole.add(path[0])
        else:
            found.setdefault(path[0], set()).add(path[1])
    out: dict[str, str | frozenset[str]] = {}
    for event in whole:
        if event == "visit":  # the whole visit means its every item too
            assert found.pop(event, set()) == set(VISIT_ORDER)
        out[event] = WHOLE
    out.update({event: frozenset(items) for event, items in found.items()})
    return out


def coverage_of_agenda(document: dict[str, object]) -> dict[str, str | frozenset[str]]:
    days: dict[str, set[str]] = {}
    items: dict[str, set[str]] = {}
    for day in document["days"]:  # type: ignore[attr-defined]
        for row in day["items"]:
            days.setdefault(row["id"], set()).add(day["date"])
            items.setdefault(row["id"], set()).update(p["id"] for p in row["program"])
    out: dict[str, str | frozenset[str]] = {}
    for event, shown in items.items():
        complete = set(VISIT_ORDER if event == "visit" else MEETING_ORDER)
        all_days = days[event] == (VISIT_DAYS if event == "visit" else {"2025-10-02"})
        out[event] = WHOLE if shown == complete and all_days else frozenset(shown)
    return out


def test_every_role_is_covered_by_the_cases() -> None:
    assert set(ROLE_CASES.values()) == set(ROLES)


def test_the_model_gives_the_expected_roles_and_levels() -> None:
    plan = load_plan_file(SOURCE).plan
    assert plan is not None
    for (event_id, person), role in ROLE_CASES.items():
        event = plan.event(event_id)
        assert event is not None
        found = part_of(plan, event, person)
        if role == "organizer":
            assert found is None  # organizing is not taking part
            continue
        assert found is not None and role in found.roles, (event_id, person)
    meeting = plan.event("online-2025-10-02")
    assert meeting is not None
    koval = part_of(plan, meeting, "koval")
    assert koval is not None and koval.roles == ("participant", "speaker", "organizer")
    visit = plan.event("visit")
    assert visit is not None
    bondar = part_of(plan, visit, "bondar")
    assert bondar is not None and bondar.roles == ("lead", "speaker") and bondar.whole
    assert everyone(plan, visit) == ("bondar", "melnyk", "girard", "smith")
    assert attendees(plan, visit) == ("bondar", "melnyk", "girard")
    water = next(i for i in visit.program if i.id == "water-plant")
    assert attendees(plan, visit, water) == ("bondar", "melnyk", "girard", "smith")
    assert [p.person for p in parts(plan, visit) if not p.whole] == ["smith"]


def test_every_consumer_agrees_on_who_takes_part(plan: Path) -> None:
    """export --person, --per-person, agenda --person, invite, people --event, show and
    agenda's participants give, for every person, what EXPECTED says (invite: one
    message per entry, the same entries as export)."""
    folder = plan.parent / "per-person"
    invoke("export", plan, "--per-person", folder)
    mail_folders = {}
    for event in ("visit", "online-2025-10-02"):
        mail_folders[event] = plan.parent / f"mail-{event}"
        invoke("invite", plan, event, "--dry-run", mail_folders[event])
    agenda = json.loads(invoke("agenda", plan, "--all", "--format", "json"))
    agenda_people = {
        row["id"]: {p["id"] for p in row["participants"]}
        for day in agenda["days"]
        for row in day["items"]
    }
    for person, expected in EXPECTED.items():
        exported = vevents(invoke("export", plan, "--person", person, "-o", "-").encode())
        assert coverage_of_uids(set(exported)) == expected, ("export --person", person)
        assert set(exported) == expected_uids(person)
        own = vevents((folder / f"{person}.ics").read_bytes())
        assert coverage_of_uids(set(own)) == expected, ("--per-person", person)
        document = json.loads(
            invoke("agenda", plan, "--all", "--person", person, "--format", "json")
        )
        assert coverage_of_agenda(document) == expected, ("agenda --person", person)
        for event, mail_folder in mail_folders.items():
            invited = {
                mail_uid(m) for name, m in mails(mail_folder).items() if name.startswith(person)
            }
            wanted = {key for key in expected_uids(person) if key.startswith(f"{PLAN_ID}/{event}")}
            if person == ORGANIZER:
                wanted = set()  # the organizer sends the invitations
            assert invited == wanted, ("invite", event, person)
        for event in ("visit", "online-2025-10-02"):
            takes_part = event in expected
            people = json.loads(invoke("people", plan, "--event", event, "--format", "json"))
            assert (person in {p["id"] for p in people}) == takes_part, ("people", person)
            shown = json.loads(invoke("show", plan, event, "--format", "json"))
            in_groups = {p["id"] for g in shown["groups"] for p in g["people"]}
            assert (person in in_groups) == takes_part, ("show", event, person)
            assert (person in {p["id"] for p in shown["participants"]}) == takes_part
            assert (person in agenda_people[event]) == takes_part, ("agenda", event, person)


def test_no_module_reads_the_lists_of_people_itself() -> None:
    """Who takes part is decided in participation.py only: no other module reads an
    event's participants or a delegation's members to decide it (model.py and loading.py
    define and read them, checking.py checks the references, changes.py reports edits
    of the lists)."""
    allowed = {"participation.py", "model.py", "checking.py", "changes.py", "loading.py"}
    pattern = re.compile(r"\.participants\b|\.members\b")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "src" / "visitplan").rglob("*.py"))
        if path.name not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


# --------------------------------------------------------------------------- order


def test_show_lists_the_program_in_time_order(plan: Path) -> None:
    document = json.loads(process("show", plan, "visit", "--format", "json").stdout)
    assert [p["id"] for p in document["program"]] == VISIT_ORDER
    text = process("show", plan, "visit", "--lang", "en").stdout
    titles = ["Welcome", "Reception", "Schools", "Pierre-Bénite", "Debrief", "Press point"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    markdown = process("show", plan, "online-2025-10-02", "--format", "markdown").stdout
    assert markdown.index("Відкриття") < markdown.index("Європейські програми")


def test_the_ics_description_lists_the_program_in_time_order(plan: Path) -> None:
    entries = vevents(process("export", plan, "--lang", "en", "-o", "-").stdout.encode())
    description = str(entries[uid("visit")]["DESCRIPTION"])
    lines = [line for line in description.split("\n") if "Paris" in line]
    assert [line.split("  ", 1)[0][:17] for line in lines] == [
        "15 September 2025",
        "15 September 2025",
        "16 September 2025",
        "16 September 2025",
        "17 September 2025",
        "17 September 2025",
    ]
    titles = [line.rsplit("  ", 1)[1].split(" — ")[0] for line in lines]
    assert titles == [
        "Welcome at the city hall",
        "Reception at the city hall",
        "Schools of Lyon",
        "Pierre-Bénite water treatment station",
        "Debrief",
        "Press point",
    ]
    meeting = str(entries[uid("online-2025-10-02")]["DESCRIPTION"])
    assert meeting.index("Opening") < meeting.index("European funding")


def test_the_invitation_lists_the_program_in_time_order(plan: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    process("invite", plan, "visit", "--dry-run", folder)
    message = mails(folder)["girard"]  # in French
    for kind in ("plain", "html"):
        body = message.get_body((kind,))
        assert body is not None
        text = body.get_content()
        titles = [
            "Accueil à l",
            "Réception à l",
            "Les écoles de Lyon",
            "Station d",
            "Bilan de la visite",
            "Point presse",
        ]
        positions = [text.index(title) for title in titles]
        assert positions == sorted(positions), kind


def test_the_agenda_lists_each_day_in_time_order(plan: Path) -> None:
    document = json.loads(process("agenda", plan, "--all", "--format", "json").stdout)
    visit = [
        [p["id"] for p in row["program"]]
        for day in document["days"]
        for row in day["items"]
        if row["id"] == "visit"
    ]
    assert visit == [["welcome", "reception"], ["schools", "water-plant"], ["debrief", "press"]]


def test_cancelling_a_removed_visit_tells_each_guest_of_each_entry(
    plan: Path, tmp_path: Path
) -> None:
    process("export", plan, "-o", plan.parent / "all.ics")
    text = plan.read_text(encoding="utf-8")
    start = text.index('[[events]]\nid = "visit"')
    end = text.index("[[events]]", start + 1)
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    process("export", plan, "-o", plan.parent / "all.ics")  # the state records the removal
    folder = tmp_path / "mail"
    process("invite", plan, "visit", "--cancel", "--dry-run", folder)
    messages = mails(folder)
    got: dict[str, set[str]] = {}
    for name, message in messages.items():
        got.setdefault(name.partition("--")[0], set()).add(mail_uid(message))
    # each guest is told of every entry they had: the visit and its sessions, or his item
    assert got == {
        person: {u for u in expected_uids(person) if u.startswith(f"{PLAN_ID}/visit")}
        for person in ("bondar", "melnyk", "girard", "smith")
    }
    assert "Станція очищення води" in str(
        messages["smith--water-plant"]["Subject"]
    )  # as the state has it


@pytest.mark.parametrize(
    ("start", "end", "warned"),
    [("2025-09-15T14:00:00", "2025-09-15T15:00:00", False),  # the visit, not his item
     ("2025-09-16T11:00:00", "2025-09-16T11:30:00", True)],  # during his item
)  # fmt: skip
def test_check_books_a_speaker_only_for_his_item(
    plan: Path, start: str, end: str, warned: bool
) -> None:
    from visitplan.workspace.checking import check_paths

    other = (
        '\n[[events]]\nid = "call"\nkind = "meeting"\ntitle = "Appel"\n'
        f'start = {start}\nend = {end}\ntimezone = "Europe/Paris"\nparticipants = ["smith"]\n'
    )
    plan.write_text(plan.read_text(encoding="utf-8") + other, encoding="utf-8")
    report = check_paths([plan], date(2025, 9, 1))
    booked = [f for f in report.findings if f.code == "double-booked"]
    if not warned:
        assert booked == []
        return
    assert [
        (f.path, "John Smith (smith) is also in events[0].program[1]" in f.message) for f in booked
    ] == [("events[2]", True)]
