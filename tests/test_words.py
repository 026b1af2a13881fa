"""The words of #15: French typography (a narrow no-break space before ``:`` ``;`` ``?``
``!``, ``1er`` for the first of the month), French sentences that agree with the event
kind and the number of people, names in the message's language, and messages that say
what to do next — through the real command where the item is about what users read."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE, MINIMAL, TODAY, Run, git, snapshot, tagged_commit
from visitplan.i18n import NNBSP, colon, french_spacing, long_date, semicolon, short_date
from visitplan.i18n import label as word
from visitplan.sync.mailbody.render import style

# a mark that ends a word: it needs the narrow no-break space before it in French
MARK = re.compile(r"(.)([:;?!])(?=\s|$)")


def _without_marks_in_plan_text(text: str) -> str:
    """The example plan with no ``:;?!`` in its own text (titles, names, notes): only
    the tool's words are left to carry them (a plan's text is the user's)."""
    out = []
    for line in text.splitlines(keepends=True):
        if " = " in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition(" = ")
            value = re.sub(r" ?[:;?!](?= )", " –", value)
            line = f"{key} = {value}"
        out.append(line)
    return "".join(out)


@pytest.fixture
def french_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plans" / "korosten-bourges.toml"
    plan.parent.mkdir()
    plan.write_text(_without_marks_in_plan_text(EXAMPLE.read_text("utf-8")), encoding="utf-8")
    return plan


def test_no_french_line_has_a_mark_without_a_narrow_no_break_space(
    run: Run, french_plan: Path
) -> None:
    commands = [
        ["agenda", french_plan, "--all", "--who"],
        ["topics", french_plan],
        ["actions", french_plan],
        ["people", french_plan],
        ["show", french_plan, "study-visit-2023"],
        ["show", french_plan, "online-2024-05-28"],
        ["show", french_plan, "study-visit-next"],
        ["slots", french_plan, "--from", "2024-06-03", "--days", "3", "--duration", "1h"],
    ]
    seen = 0
    for command in commands:
        for output in ("text", "markdown"):
            result = run(*command, "--lang", "fr", "--format", output)
            assert result.exit_code == 0, result.output
            for line in result.stdout.splitlines():
                for mark in MARK.finditer(line):
                    seen += 1
                    assert mark.group(1) == NNBSP, (command, line)
    assert seen > 50  # the check looked at real French output


def test_french_spacing_is_one_rule() -> None:
    assert colon("fr") == NNBSP + ": " and semicolon("fr") == NNBSP + "; "
    assert colon("en") == ": " and semicolon("uk") == "; "
    assert french_spacing("Quand : demain ; Prêt ? Oui !") == (
        f"Quand{NNBSP}: demain{NNBSP}; Prêt{NNBSP}? Oui{NNBSP}!"
    )
    assert french_spacing("Programme:") == f"Programme{NNBSP}:"
    # the mail's HTML (a CSS string) and the site's words follow the same rule
    assert 'attr(data-label) "\\202f : "' in style("fr")
    assert 'attr(data-label) ": "' in style("en")
    assert word("fr", "times-in", zones="Kyiv") == f"Heures{NNBSP}: Kyiv"
    # a time, a link and a query are not punctuation
    assert french_spacing("10:00 https://x.org/?a=1") == "10:00 https://x.org/?a=1"


FRENCH_MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)


@pytest.mark.parametrize("month", range(1, 13))
def test_the_first_of_every_month_is_1er_in_french(month: int) -> None:
    name = FRENCH_MONTHS.split()[month - 1]
    first, second = date(2023, month, 1), date(2023, month, 2)
    assert short_date(first, "fr") == f"1er {name} 2023"
    assert long_date(first, "fr").endswith(f" 1er {name} 2023")
    assert short_date(second, "fr") == f"2 {name} 2023"
    assert short_date(date(2023, month, 11), "fr") == f"11 {name} 2023"  # not 11er
    assert short_date(first, "en") == f"1 {first:%B} 2023"
    assert not short_date(first, "uk").startswith("1er")


def test_the_example_visit_starts_on_saturday_1er_july(run: Run) -> None:
    out = run("agenda", EXAMPLE, "--all", "--lang", "fr").stdout
    assert "samedi 1er juillet 2023\n" in out
    assert "samedi 1 juillet" not in out


KINDS = {
    "online-meeting": "Réunion en ligne",
    "study-visit": "Visite d'étude",
    "meeting": "Réunion",
    "other": "Dîner",
}
FEMININE = {"online-meeting", "study-visit", "meeting"}


@pytest.fixture
def kinds_repo(tmp_path: Path) -> Path:
    """A plan with one event of each kind, in git (c0), then each moved a day (c1) and
    each cancelled (c2)."""
    plan = tmp_path / "plans" / "twin.toml"
    plan.parent.mkdir()
    events = "".join(
        f'\n[[events]]\nid = "{kind}"\nkind = "{kind}"\ntitle = "{title}"\n'
        f"start = 2024-06-1{n}T10:00:00\nend = 2024-06-1{n}T11:00:00\n"
        for n, (kind, title) in enumerate(KINDS.items())
    )
    text = MINIMAL.split("[[events]]")[0] + events
    plan.write_text(text, encoding="utf-8")
    tagged_commit(tmp_path, "c0")
    moved = text
    for n in range(len(KINDS)):
        moved = moved.replace(f"2024-06-1{n}T", f"2024-06-2{n}T")
    plan.write_text(moved, encoding="utf-8")
    tagged_commit(tmp_path, "c1")
    cancelled = moved.replace("\nstart = ", '\nstatus = "cancelled"\nstart = ')
    plan.write_text(cancelled, encoding="utf-8")
    tagged_commit(tmp_path, "c2")
    return tmp_path


def _changes(run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[str]:
    monkeypatch.chdir(repo)
    result = run("changes", *args, "--lang", "fr", "--format", "markdown")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line.startswith("- ")]


def test_french_change_sentences_agree_with_the_event_kind(
    run: Run, kinds_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = _changes(run, kinds_repo, monkeypatch, "c0", "--to", "c1")
    cancelled = _changes(run, kinds_repo, monkeypatch, "c1", "--to", "c2")
    assert len(moved) == len(cancelled) == len(KINDS)
    for kind, title in KINDS.items():
        (move,) = [line for line in moved if line.startswith(f"- {title} déplac")]
        (cancel,) = [line for line in cancelled if f"{NNBSP}: {title} — " in line]
        if kind in FEMININE:
            assert f"{title} déplacée du " in move
            assert cancel.startswith(f"- Annulée{NNBSP}: ")
        else:
            assert f"{title} déplacé du " in move
            assert cancel.startswith(f"- Annulé{NNBSP}: ")


def test_french_statuses_agree_with_the_event_kind(
    run: Run, kinds_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(kinds_repo)
    git(kinds_repo, "checkout", "-q", "c1")
    for kind in KINDS:
        shown = run("show", "plans/twin.toml", kind, "--lang", "fr").stdout
        assert ("confirmée]" if kind in FEMININE else "confirmé]") in shown.splitlines()[0]
    git(kinds_repo, "checkout", "-q", "c2")
    agenda = run("agenda", "plans/twin.toml", "--all", "--lang", "fr").stdout
    assert agenda.count("(ANNULÉE)") == 3 and agenda.count("(ANNULÉ)") == 1


def test_french_people_sentences_agree_in_number(
    run: Run, kinds_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = kinds_repo / "plans" / "twin.toml"
    git(kinds_repo, "checkout", "-q", "c0")
    text = plan.read_text("utf-8")
    text = text.replace(
        'id = "meeting"\nkind = "meeting"',
        'id = "meeting"\nkind = "meeting"\nparticipants = ["chyzhevska", "bonduelle"]',
    ).replace(
        'id = "other"\nkind = "other"', 'id = "other"\nkind = "other"\nparticipants = ["bonduelle"]'
    )
    plan.write_text(text, encoding="utf-8")
    lines = _changes(run, kinds_repo, monkeypatch, "c0")
    assert (
        f"- Réunion{NNBSP}: participent désormais{NNBSP}: Nataliia Chyzhevska, Constance Bonduelle"
    ) in lines
    assert f"- Dîner{NNBSP}: participe désormais{NNBSP}: Constance Bonduelle" in lines


def test_names_in_a_message_are_in_its_language_where_the_person_has_that_spelling(
    write_plan: Callable[..., Path],
) -> None:
    from visitplan.sync.mailbody.content import display_name
    from visitplan.workspace.plans import load_valid_plans

    path = write_plan(
        MINIMAL.replace('languages = ["uk", "fr", "en"]', 'languages = ["uk", "pl", "en"]')
        .replace('title.fr = "Korosten – Bourges"', 'title.pl = "Korosten – Bourges"')
        .replace('name.fr = "Nataliia Chyzhevska"\n', "")
    )
    (plan,) = load_valid_plans([path], TODAY)
    person = plan.people["chyzhevska"]
    assert display_name(plan, person, "uk") == ("uk", "Наталія Чижевська")
    assert display_name(plan, person, "en") == ("en", "Nataliia Chyzhevska")
    # a Polish message is written with the English words: the English spelling, not the
    # plan's first language (Cyrillic)
    assert display_name(plan, person, "pl") == ("en", "Nataliia Chyzhevska")
    assert display_name(plan, person, "fr") == ("en", "Nataliia Chyzhevska")


def test_moving_a_program_item_says_how_to_change_its_time(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(EXAMPLE, plan)
    before = snapshot(tmp_path)
    result = run("move", plan, "study-visit-2023/arrival", "--by", "1d")
    assert result.exit_code == 2
    assert "add it with" not in result.stderr
    assert (
        f"names a program item: move moves whole events; give the item its new time with "
        f"`visitplan set {plan.as_posix()} program study-visit-2023/arrival --start HH:MM "
        "--end HH:MM`"
    ) in " ".join(result.stderr.split())
    assert snapshot(tmp_path) == before


def test_a_plan_with_errors_names_the_check_that_shows_them(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "nope").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run("agenda", "nope/")
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert "1 error in nope; fix it first" in said
    assert "see it with `visitplan check nope`" in said


def test_an_empty_folder_says_what_was_found_and_what_a_plan_file_is(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "minutes.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    empty = run("check", "empty")
    assert empty.exit_code == 1
    assert "checked 0 plans" not in empty.stdout
    assert "this folder is empty: no plan file (*.toml) in it" in empty.stdout
    assert "a plan is a TOML file that starts with `format = 1`" in empty.stdout
    assert empty.stdout.splitlines()[-1] == "found no plan in empty: 1 error"
    notes = run("check", "notes")
    assert "this folder holds no plan file (*.toml), only minutes.txt" in notes.stdout
