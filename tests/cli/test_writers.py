"""#15: `remove`, `set plan`, the clean `new`, and the warnings a write introduces."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, Run, snapshot

STUDY = ROOT / "templates" / "study-visit.toml"
ONLINE = ROOT / "templates" / "online-meeting.toml"

# Korosten – Bourges, with lists written over several lines with comments, and a comment
# block above each entry.
PLAN = """\
format = 1
id = "korosten-bourges"
title.uk = "Коростень – Бурж"
title.fr = "Korosten – Bourges"
timezone = "Europe/Kyiv"
languages = ["uk", "fr"]
organizer = "hnativ"

[organizations.korosten]
name.uk = "Коростенська міська рада"
name.fr = "Mairie de Korosten"
country = "UA"
timezone = "Europe/Kyiv"

[organizations.bourges]
name.uk = "Мерія Буржа"
name.fr = "Mairie de Bourges"
country = "FR"
timezone = "Europe/Paris"

[people.hnativ]
name.uk = "Марта Гнатів"
name.fr = "Marta Hnativ"
organization = "korosten"
email = "hnativ@example.org"

# Comes for the water part only.
# Confirmed by phone on 3 June.
[people.iourtchenko]
name.uk = "Оксана Юрченко"
name.fr = "Oksana Iourtchenko"
organization = "korosten"
email = "iourtchenko@example.org"

[people.lefevre]
name.uk = "Сесіль Лефевр"
name.fr = "Cécile Lefèvre"
organization = "bourges"
email = "lefevre@example.org"

[delegations.korosten-team]
name.uk = "Делегація Коростеня"
name.fr = "Délégation de Korosten"
organization = "korosten"
lead = "hnativ"
members = [
  "hnativ",
  "iourtchenko",  # water utility
]

[[events]]
id = "visit"
kind = "study-visit"
title.uk = "Візит до Буржа"
title.fr = "Visite à Bourges"
start = 2026-10-20
end = 2026-10-22
timezone = "Europe/Paris"
host = "bourges"
delegations = ["korosten-team"]
participants = ["lefevre", "iourtchenko"]

  [[events.program]]
  id = "welcome"
  title.uk = "Зустріч у мерії"
  title.fr = "Accueil à la mairie"
  start = 2026-10-20T15:00:00
  end = 2026-10-20T16:30:00
  speakers = ["lefevre"]

  # In the morning: the station closes to visitors at noon.
  [[events.program]]
  id = "water"
  title.uk = "Станція водопідготовки"
  title.fr = "Usine de traitement des eaux"
  start = 2026-10-21T09:00:00
  end = 2026-10-21T11:00:00
  speakers = ["iourtchenko", "lefevre"]

  [[events.program]]
  id = "debrief"
  title.uk = "Підсумки"
  title.fr = "Bilan"
  start = 2026-10-22T10:00:00
  end = 2026-10-22T11:00:00
"""


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "plans" / "korosten-bourges.toml"
    path.parent.mkdir()
    path.write_text(PLAN, encoding="utf-8")
    return path


def _raw(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text("utf-8"))


# --------------------------------------------------------------------------- remove


def test_remove_refuses_while_referenced_and_lists_each_reference(plan: Path, run: Run) -> None:
    before = snapshot(plan.parent)
    result = run("remove", "person", "iourtchenko", "--plan", plan)
    assert result.exit_code == 1
    lines = PLAN.splitlines()
    members = lines.index('  "iourtchenko",  # water utility') + 1
    participants = lines.index('participants = ["lefevre", "iourtchenko"]') + 1
    speakers = lines.index('  speakers = ["iourtchenko", "lefevre"]') + 1
    assert 'person "iourtchenko" is still named in 3 places' in result.output
    assert f"{plan.as_posix()}:{members}: delegations.korosten-team.members[1]" in result.output
    assert f"{plan.as_posix()}:{participants}: events[0].participants[1]" in result.output
    assert f"{plan.as_posix()}:{speakers}: events[0].program[1].speakers[0]" in result.output
    assert "--with-references" in result.output
    assert snapshot(plan.parent) == before


def test_remove_with_references_takes_out_the_entry_its_comments_and_the_ids(
    plan: Path, run: Run
) -> None:
    result = run("remove", "person", "iourtchenko", "--with-references")
    assert result.exit_code == 0, result.output
    assert "with 3 references to it" in result.output
    expected = (
        PLAN.replace(
            "# Comes for the water part only.\n# Confirmed by phone on 3 June.\n"
            "[people.iourtchenko]\n"
            'name.uk = "Оксана Юрченко"\nname.fr = "Oksana Iourtchenko"\n'
            'organization = "korosten"\nemail = "iourtchenko@example.org"\n\n',
            "",
        )
        .replace('  "iourtchenko",  # water utility\n', "")
        .replace('["lefevre", "iourtchenko"]', '["lefevre"]')
        .replace('["iourtchenko", "lefevre"]', '["lefevre"]')
    )
    assert plan.read_text("utf-8") == expected


def test_remove_dry_run_shows_the_diff_and_writes_nothing(plan: Path, run: Run) -> None:
    before = snapshot(plan.parent)
    result = run("remove", "program", "visit/water", "--plan", "korosten-bourges", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "-  # In the morning: the station closes to visitors at noon.\n" in result.output
    assert '-  id = "water"\n' in result.output
    assert '-  id = "debrief"' not in result.output and '-  id = "welcome"' not in result.output
    assert snapshot(plan.parent) == before


@pytest.mark.parametrize(
    ("kind", "entry", "gone"),
    [
        ("organization", "bourges", "organizations.bourges"),
        ("org", "bourges", "organizations.bourges"),
        ("person", "lefevre", "people.lefevre"),
        ("delegation", "korosten-team", "delegations.korosten-team"),
        ("event", "visit", "events"),
        ("program", "visit/water", "events[0].program[1]"),
    ],
)
def test_remove_every_kind(plan: Path, run: Run, kind: str, entry: str, gone: str) -> None:
    result = run("remove", kind, entry, "--with-references")
    assert result.exit_code == 0, result.output
    raw = _raw(plan)
    if kind == "event":
        assert "events" not in raw
    elif kind == "program":
        program = raw["events"][0]["program"]  # type: ignore[index]
        assert [item["id"] for item in program] == ["welcome", "debrief"]
    else:
        table, name = gone.split(".")
        assert name not in raw.get(table, {})  # type: ignore[attr-defined]
        assert f'"{name}"' not in plan.read_text("utf-8")  # nor any reference to it
    assert run("check", plan).exit_code == 0


def test_remove_topic_and_action(tmp_path: Path, run: Run) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(STUDY, plan)
    assert run("remove", "topic", "water", "--plan", plan).exit_code == 1
    result = run("remove", "topic", "water", "--plan", plan, "--with-references")
    assert result.exit_code == 0, result.output
    assert run("remove", "action", "visa-letters", "--plan", plan).exit_code == 0
    raw = _raw(plan)
    assert "topics" not in raw and "actions" not in raw
    assert "water" not in plan.read_text("utf-8").split("[[events]]")[1].split("[[")[0]
    assert run("check", plan, "--strict").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["remove", "persn", "hnativ"], 'did you mean "person"', 2),
        (["remove", "person", "hnatv"], 'did you mean "hnativ"', 2),
        (["remove", "person", "hnativ", "--plan", "korosten-bourge"], "did you mean", 2),
        (["remove", "program", "water"], "EVENT-ID/ITEM-ID", 2),
        (["remove", "person", "x", "--event", "visit"], "--event names the event", 2),
    ],
)
def test_remove_bad_input_fails_cleanly_and_changes_nothing(
    plan: Path, run: Run, args: list[str], message: str, code: int
) -> None:
    before = snapshot(plan.parent)
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(plan.parent) == before


def test_the_plan_must_be_named_when_the_folder_has_several(plan: Path, run: Run) -> None:
    shutil.copy(plan, plan.with_name("other.toml"))
    result = run("remove", "person", "lefevre", "--with-references")
    assert result.exit_code == 2
    assert "2 plans in plans/" in result.output and "korosten-bourges, other" in result.output


def test_a_removed_event_is_exported_as_cancelled(plan: Path, run: Run) -> None:
    assert run("export", plan, "-o", "out.ics").exit_code == 0
    assert "STATUS:CANCELLED" not in Path("out.ics").read_text("utf-8")
    assert run("remove", "event", "visit", "--with-references").exit_code == 0
    result = run("export", plan, "-o", "out.ics")
    assert result.exit_code == 0, result.output
    ics = Path("out.ics").read_text("utf-8")
    # the visit and its three items are still in the calendars that have them: cancelled
    assert ics.count("BEGIN:VEVENT") == ics.count("STATUS:CANCELLED") == 4


def test_remove_the_last_entry_of_the_file(plan: Path, run: Run) -> None:
    assert run("remove", "program", "visit/debrief").exit_code == 0
    text = plan.read_text("utf-8")
    assert text.endswith('  speakers = ["iourtchenko", "lefevre"]\n')


# --------------------------------------------------------------------------- set plan


def test_set_plan_sets_the_plan_fields_keeping_comments(tmp_path: Path, run: Run) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(ONLINE, plan)
    result = run(
        "set", plan, "plan", "--title", "uk=Коростень – Бурж", "--title", "fr=Korosten – Bourges",
        "--organizer", "partner", "--languages", "uk,en,fr", "--timezone", "Europe/Paris",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = plan.read_text("utf-8")
    assert 'title.uk = "Коростень – Бурж"   # text in several languages: title.<code> = "…"' in text
    assert 'title.en = "Partners\' online meeting"\ntitle.fr = "Korosten – Bourges"\n' in text
    assert 'organizer = "partner"            # who sends the calendar invites' in text
    assert 'languages = ["uk", "en", "fr"]             # the first is' in text
    assert 'timezone = "Europe/Paris"             # IANA zone' in text
    import difflib

    diff = [
        line
        for line in difflib.ndiff(ONLINE.read_text("utf-8").splitlines(), text.splitlines())
        if line[:1] in "+-"
    ]
    assert len(diff) == 9  # four lines replaced, one added: nothing else changed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "x", "--organizer", "partner"], "`set plan` takes no id"),
        (["plan", "--organizer", "nobody"], "nobody"),
        (["plan", "--id", "other"], "ids do not change"),
        (["plan", "--timezone", "Europe/Kyv"], "Europe/Kyiv"),
    ],
)
def test_set_plan_refusals_change_nothing(
    tmp_path: Path, run: Run, args: list[str], message: str
) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(ONLINE, plan)
    result = run("set", plan, *args)
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert plan.read_bytes() == ONLINE.read_bytes()


# --------------------------------------------------------------------------- warnings


def test_a_write_prints_the_warnings_it_adds_and_not_the_old_ones(plan: Path, run: Run) -> None:
    # an old warning: the debrief has no French title... (a language missing)
    text = PLAN.replace('  title.fr = "Bilan"\n', "")
    plan.write_text(text, encoding="utf-8")
    # a new one: the welcome gets a place in French only (set keeps the program in
    # order, so moving the welcome after the water station no longer adds a warning)
    result = run("set", plan, "program", "visit/welcome", "--location", "fr=Salle")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, result.output
    assert "events[0].program[0].location" in warnings[0] and "no uk text" in warnings[0]


def test_an_entry_added_before_others_does_not_make_their_warnings_new(
    plan: Path, run: Run
) -> None:
    plan.write_text(PLAN.replace('  title.fr = "Bilan"\n', ""), encoding="utf-8")
    result = run(
        "add", "program", plan, "--event", "visit", "--id", "lunch", "--title", "uk=Обід",
        "--title", "fr=Déjeuner", "--start", "2026-10-21T12:00", "--end", "2026-10-21T13:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ": warning: " not in result.output  # debrief's missing title moved to [3], not new


def test_strict_refuses_a_change_that_adds_a_warning(plan: Path, run: Run) -> None:
    before = snapshot(plan.parent)
    result = run("set", plan, "program", "visit/welcome", "--location", "fr=Salle", "--strict")
    assert result.exit_code == 1  # the plan's languages are uk and fr: uk missing is a warning
    assert "would add 1 warning" in result.output and "missing-language" not in result.output
    assert "no uk text" in result.output
    assert snapshot(plan.parent) == before
    ok = run(
        "set", plan, "program", "visit/welcome", "--location", "uk=Зала", "--location",
        "fr=Salle", "--strict",
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output


def test_add_program_goes_to_its_place_in_time_with_the_comments(plan: Path, run: Run) -> None:
    result = run(
        "add", "program", plan, "--event", "visit", "--id", "lunch", "--title", "uk=Обід",
        "--title", "fr=Déjeuner", "--start", "2026-10-20T12:00", "--end", "2026-10-20T13:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = plan.read_text("utf-8")
    assert text.index('id = "lunch"') < text.index('id = "welcome"')
    late = run(
        "add", "program", plan, "--event", "visit", "--id", "tour", "--title", "uk=Екскурсія",
        "--title", "fr=Visite", "--start", "2026-10-21T14:00", "--end", "2026-10-21T15:00",
    )  # fmt: skip
    assert late.exit_code == 0, late.output
    text = plan.read_text("utf-8")
    # after the water station (its comment still above it), before the debrief
    comment = "  # In the morning: the station closes to visitors at noon.\n  [[events.program]]\n"
    assert comment + '  id = "water"' in text
    assert text.index('id = "water"') < text.index('id = "tour"') < text.index('id = "debrief"')
    assert run("check", plan, "--strict").exit_code == 0


# --------------------------------------------------------------------------- new


@pytest.mark.parametrize("template", ["study-visit", "online-meeting"])
def test_new_makes_a_clean_plan(tmp_path: Path, run: Run, template: str) -> None:
    result = run(
        "new", "lviv-lublin", "--template", template, "--dir", tmp_path,
        "--title", "uk=Львів – Люблін", "--title", "en=Lviv – Lublin",
        "--languages", "uk,en", "--start", "2026-03-09",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = tmp_path / "lviv-lublin.toml"
    text = plan.read_text("utf-8")
    raw = tomllib.loads(text)
    assert set(raw) == {"format", "id", "title", "timezone", "languages", "events"}
    assert [e["id"] for e in raw["events"]] == [raw["events"][0]["id"]]
    assert "program" not in raw["events"][0]
    for example in ("Jean Martin", "Melnyk", "Koval", "October", "Paris", "replace the examples"):
        assert example not in text.replace("Europe/Paris", "")
    assert "fr =" not in text and "title.fr" not in text
    assert "Add entries with `visitplan add`" in text
    people = run("people", plan, "--format", "csv")
    assert people.output.count("\n") <= 1  # a header at most
    assert run("check", plan, "--strict").exit_code == 0


def test_new_with_examples_keeps_them(tmp_path: Path, run: Run) -> None:
    result = run("new", "demo", "--template", "study-visit", "--dir", tmp_path, "--with-examples")
    assert result.exit_code == 0, result.output
    assert "Jean Martin" in (tmp_path / "demo.toml").read_text("utf-8")


def test_new_strict_refuses_a_plan_with_warnings(tmp_path: Path, run: Run) -> None:
    result = run("new", "x", "--dir", tmp_path, "--title", "uk=Ікс", "--strict")
    assert result.exit_code == 1
    assert "title: no en text" in result.output
    assert not (tmp_path / "x.toml").exists()


def _interact(folder: Path, answers: list[str]) -> str:
    """Run `visitplan new lviv` on a terminal (a pseudo-terminal) and answer its questions."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command
        os.chdir(folder)
        os.environ.update(VISITPLAN_TODAY="2026-01-10", NO_COLOR="1")
        os.execv(sys.executable, [sys.executable, "-m", "visitplan", "new", "lviv"])
    out = b""
    poll = select.poll()  # not select(): a long test run has descriptors above 1024
    poll.register(fd, select.POLLIN)

    def read(seconds: float, until: bytes = b"", after: int = 0) -> None:
        """Read until the output, grown past ``after``, ends with ``until`` (the next
        question; not the one already answered, whose echo may not be back yet)."""
        nonlocal out
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until and len(out) > after and out.endswith(until)):
            if poll.poll(50):
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    return

    answered = 0
    for answer in answers:
        read(20, until=b": ", after=answered)
        os.write(fd, (answer + "\n").encode())
        answered = len(out)
    read(20)
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def test_interactive_new_asks_for_dates_and_again_after_a_mistyped_answer(
    tmp_path: Path,
) -> None:
    answers = ["study", "study-visit", "Львів", "Europe/Kyv", "Europe/Kyiv", "uk,FR!",
               "uk,pl,en", "2026-09-31", "2026-09-14", "2026-09-16"]  # fmt: skip
    said = _interact(tmp_path, answers)
    assert said.count("Time zone") == 2 and "did you mean Europe/Kyiv" in said
    assert said.count("Languages") == 2 and '"FR!" is not a language code' in said
    assert said.count("Start") == 2 and '"2026-09-31" is not a date' in said
    assert said.count("Template") == 2
    text = (tmp_path / "plans" / "lviv.toml").read_text("utf-8")
    assert 'timezone = "Europe/Kyiv"' in text and 'languages = ["uk", "pl", "en"]' in text
    assert "start = 2026-09-14\n" in text and "end = 2026-09-16\n" in text


def _title_lines(text: str) -> list[str]:
    """The plan's own title lines (before its first event), without their comments."""
    head = text[: text.index("[[events]]")]
    return [line.split("  #")[0].strip() for line in head.splitlines() if line.startswith("title")]


def test_interactive_new_says_how_to_give_a_title_in_several_languages(tmp_path: Path) -> None:
    # a duplicate language is asked again; then commas between languages, in the user's order
    answers = ["online-meeting", "uk=Львів; uk=Люблін", "uk=Львів – Люблін, pl=Lwów – Lublin, "
               "en=Lviv – Lublin", "Europe/Kyiv", "uk,pl,en", "2026-09-14T11:00", "2026-09-14T12:30"]  # fmt: skip
    said = _interact(tmp_path, answers)
    assert said.count("Title (uk=…; en=… for several languages) [lviv]: ") == 2
    assert "--title gives uk twice" in said
    text = (tmp_path / "plans" / "lviv.toml").read_text("utf-8")
    assert _title_lines(text) == [
        'title.uk = "Львів – Люблін"',
        'title.pl = "Lwów – Lublin"',
        'title.en = "Lviv – Lublin"',
    ]


def test_interactive_new_keeps_a_title_with_commas_as_one_text(tmp_path: Path) -> None:
    answers = ["study-visit", "Коростень, Бурж; en=", "Europe/Kyiv", "uk,en", "2026-09-14",
               "2026-09-16"]  # fmt: skip
    _interact(tmp_path, answers)
    text = (tmp_path / "plans" / "lviv.toml").read_text("utf-8")
    assert _title_lines(text) == ['title = "Коростень, Бурж; en="']


@pytest.mark.parametrize(
    "order", [["uk", "pl", "en"], ["pl", "uk", "en"], ["en", "uk"], ["fr", "uk", "en"]]
)
def test_new_writes_the_title_languages_in_the_order_given(
    tmp_path: Path, run: Run, order: list[str]
) -> None:
    titles = {"uk": "Львів – Люблін", "pl": "Lwów – Lublin", "en": "Lviv – Lublin", "fr": "Lviv"}
    args = [a for lang in order for a in ("--title", f"{lang}={titles[lang]}")]
    result = run("new", "lviv", "--dir", tmp_path, *args, "--languages", ",".join(order))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "lviv.toml").read_text("utf-8")
    assert _title_lines(text) == [f'title.{lang} = "{titles[lang]}"' for lang in order]
    assert list(tomllib.loads(text)["title"]) == order


# --------------------------------------------------------------------------- property

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_IDS = st.lists(st.sampled_from(["hnativ", "iourtchenko", "lefevre", "bonduelle"]), max_size=5)


@st.composite
def _list_layouts(draw: st.DrawFn) -> tuple[list[str], str]:
    """A list of person ids as a person might write it: on one line or on several, with
    or without a trailing comma and comments."""
    ids = draw(_IDS)
    if draw(st.booleans()):
        sep = draw(st.sampled_from([", ", ",", " , "]))
        return ids, "[" + sep.join(f'"{i}"' for i in ids) + "]"
    lines = []
    for number, entry in enumerate(ids):
        comma = "," if number < len(ids) - 1 or draw(st.booleans()) else ""
        comment = draw(st.sampled_from(["", "  # mairie", "  # водоканал"]))
        lines.append(f'  "{entry}"{comma}{comment}')
    return ids, "[\n" + "\n".join(lines) + ("\n" if lines else "") + "]"


@settings(max_examples=150, deadline=None)
@given(_list_layouts(), _list_layouts())
def test_taking_an_id_out_of_a_list_keeps_the_rest(
    members: tuple[list[str], str], participants: tuple[list[str], str]
) -> None:
    from visitplan.editing.document import Document
    from visitplan.editing.removing import remove_entry

    text = (
        PLAN.replace('members = [\n  "hnativ",\n  "iourtchenko",  # water utility\n]',
                     f"members = {members[1]}")
        .replace('participants = ["lefevre", "iourtchenko"]', f"participants = {participants[1]}")
    )  # fmt: skip
    doc = Document(Path("plan.toml"), text.encode(), text, False)
    new = remove_entry(doc, "person", "iourtchenko", with_references=True).text
    raw = tomllib.loads(new)
    team = raw["delegations"]["korosten-team"]

    def emptied(ids: list[str]) -> bool:  # an optional list left empty loses its line
        return bool(ids) and all(i == "iourtchenko" for i in ids)

    for table, key, (ids, _) in (
        (team, "members", members),
        (raw["events"][0], "participants", participants),
    ):
        if emptied(ids):
            assert key not in table
        else:
            assert table[key] == [i for i in ids if i != "iourtchenko"]
    # nothing else changed: the person's block went, the lists hold what they held
    block = PLAN[PLAN.index("# Comes for the water") : PLAN.index("[people.lefevre]")]
    assert block in text

    def lists_out(t: str) -> str:
        return re.sub(r"(members|participants) = \[.*?\]", r"\1", t, flags=re.DOTALL)

    speakers = ('["iourtchenko", "lefevre"]', '["lefevre"]')
    expected = text.replace(block, "").replace(*speakers)
    for key, (ids, value) in (("members", members), ("participants", participants)):
        if emptied(ids):
            assert f"{key} = {value}\n" in expected
            expected = expected.replace(f"{key} = {value}\n", "")
    assert lists_out(new) == lists_out(expected)
    for value in (members[1], participants[1]):  # the other elements keep their lines
        for line in value.splitlines()[1:-1]:
            assert "iourtchenko" in line or line.rstrip(",") in new or line in new


def test_move_tells_the_warning_it_adds_and_strict_refuses_it(plan: Path, run: Run) -> None:
    before = snapshot(plan.parent)
    refused = run("move", plan, "visit", "--by", "4d", "--strict")  # onto the weekend
    assert refused.exit_code == 1
    assert "would add 1 warning" in refused.output and "does not work" in refused.output
    assert snapshot(plan.parent) == before
    moved = run("move", plan, "visit", "--by", "4d")
    assert moved.exit_code == 0
    warnings = [line for line in moved.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "events[0].start" in warnings[0]
    assert "Saturday, 24 October 2026" in warnings[0]


# --------------------------------------------------------------------------- dry run


@pytest.mark.parametrize(
    "command",
    [
        ("add", "person", "bad", "--name", "B", "--org", "nowhere"),
        ("set", "event", "visit", "--start", "2026-10-24"),
    ],
)
def test_a_dry_run_refuses_what_the_write_refuses(
    plan: Path, run: Run, command: tuple[str, ...]
) -> None:
    # found by a coordinator: the dry run showed a clean diff and exited 0 for a change
    # the write then refused with an error
    before = snapshot(plan.parent)
    real = run(*command)
    dry = run(*command, "--dry-run")
    assert real.exit_code == 1, real.output
    assert (dry.exit_code, dry.output) == (real.exit_code, real.output)
    assert "error" in dry.output and "+++" not in dry.output
    assert snapshot(plan.parent) == before
