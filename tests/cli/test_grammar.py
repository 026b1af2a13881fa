"""One grammar for the writing commands (`visitplan VERB KIND [ID] --plan PLAN`), the
0.x forms as aliases, and plan ids wherever a plan is named (#15 items 3 and 4)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, Run, snapshot
from test_environment import visitplan as run_process

EXAMPLE = ROOT / "plans" / "korosten-bourges.toml"
PLAN = "plans/korosten-bourges.toml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding plans/korosten-bourges.toml, the current folder."""
    (tmp_path / "plans").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _copy_of(folder: Path, name: str) -> Path:
    """Another working folder, beside ``folder``, with the same plan."""
    other = folder / name
    (other / "plans").mkdir(parents=True)
    shutil.copy(EXAMPLE, other / "plans")
    return other


# new form, 0.x form: the same change to the same file
SAME_CHANGE = {
    "add organization (full name), --org on a person": (
        [
            ["add", "organization", "lublin-city", "--name", "Miasto Lublin", "--country", "PL"],
            ["add", "person", "nowak", "--org", "lublin-city", "--name", "Anna Nowak"],
        ],
        [
            ["add", "org", PLAN, "--id", "lublin-city", "--name", "Miasto Lublin", "--country", "PL"],
            ["add", "person", PLAN, "--id", "nowak", "--organization", "lublin-city", "--name", "Anna Nowak"],
        ],
    ),
    "add a program item as EVENT-ID/ITEM-ID": (
        [
            [
                "add", "item", "study-visit-2023/museum", "--plan", "korosten-bourges",
                "--title", "en=Museum", "--title", "uk=Музей", "--title", "fr=Musée",
                "--start", "2023-07-02T15:00", "--end", "2023-07-02T17:00",
            ]
        ],
        [
            [
                "add", "program", PLAN, "--event", "study-visit-2023", "--id", "museum",
                "--title", "en=Museum", "--title", "uk=Музей", "--title", "fr=Musée",
                "--start", "2023-07-02T15:00", "--end", "2023-07-02T17:00",
            ]
        ],
    ),
    # found by a coordinator: the 0.x form with a plan id took the plan id for the id
    "add with the 0.x form naming the plan by its id": (
        [["add", "topic", "museums", "--title", "Museums", "--plan", "korosten-bourges"]],
        [["add", "topic", "korosten-bourges", "--id", "museums", "--title", "Museums"]],
    ),
    "set": (
        [["set", "topic", "water-treatment", "--status", "accepted", "--plan", PLAN]],
        [["set", PLAN, "topic", "water-treatment", "--status", "accepted"]],
    ),
    "move": (
        [["move", "event", "study-visit-next", "--by", "7d", "--plan", "korosten-bourges"]],
        [["move", PLAN, "study-visit-next", "--by", "7d"]],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SAME_CHANGE))
def test_the_new_form_makes_the_change_the_old_form_makes(
    case: str, folder: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_form, old_form = SAME_CHANGE[case]
    for args in new_form:
        result = run(*args)
        assert result.exit_code == 0, result.output
    changed = (folder / PLAN).read_bytes()
    assert changed != EXAMPLE.read_bytes()
    monkeypatch.chdir(_copy_of(folder, "old"))
    for args in old_form:
        result = run(*args)
        assert result.exit_code == 0, result.output
    assert Path(PLAN).read_bytes() == changed


def test_import_takes_the_only_plan_and_a_plan_id(folder: Path, run: Run) -> None:
    invite = ROOT / "tests" / "ics" / "google-invite.ics"
    by_default = run("import", invite, "--dry-run")
    by_id = run("import", invite, "--plan", "korosten-bourges", "--dry-run")
    by_path = run("import", invite, "--plan", PLAN, "--dry-run")
    assert by_default.exit_code == by_id.exit_code == by_path.exit_code == 0, by_default.output
    assert by_default.stdout == by_id.stdout == by_path.stdout
    assert "+++ b/plans/korosten-bourges.toml" in by_default.stdout


REFUSED = {
    "unknown plan id": (
        ["set", "topic", "culture", "--status", "accepted", "--plan", "korosten-bourgs"],
        'did you mean "korosten-bourges"?',
    ),
    "plan given twice": (
        ["set", PLAN, "topic", "culture", "--status", "accepted", "--plan", "korosten-bourges"],
        "the plan is given twice",
    ),
    "unknown kind": (["add", "orgnization", "x", "--name", "X"], 'did you mean "organization"?'),
    "move a topic": (["move", "topic", "culture", "--by", "1d"], "only events move"),
    "id twice": (["add", "topic", "a", "--id", "b", "--title", "A"], "the id is given twice"),
    "no kind": (["add"], "Missing argument 'KIND [ID]'"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_wrong_command_line_is_a_usage_error_and_changes_nothing(
    case: str, folder: Path, run: Run
) -> None:
    args, message = REFUSED[case]
    before = snapshot(folder)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(folder) == before


def test_without_plan_the_only_one_in_plans_is_changed_else_the_candidates_are_named(
    folder: Path, run: Run
) -> None:
    result = run("set", "topic", "culture", "--status", "accepted")
    assert result.exit_code == 0, result.output
    assert 'set status of topic "culture" in plans/korosten-bourges.toml' in result.stdout
    text = (
        (folder / PLAN)
        .read_text(encoding="utf-8")
        .replace('id = "korosten-bourges"', 'id = "lviv-lublin"', 1)
    )
    (folder / "plans" / "lviv-lublin.toml").write_text(text, encoding="utf-8")
    before = snapshot(folder)
    result = run("set", "topic", "culture", "--status", "rejected")
    assert result.exit_code == 2, result.output
    assert "2 plans in plans/: say which with --plan ID" in result.output
    assert "korosten-bourges, lviv-lublin" in result.output
    assert snapshot(folder) == before
    for plan in (folder / "plans").glob("*.toml"):
        plan.unlink()
    result = run("add", "topic", "x", "--title", "X")
    assert result.exit_code == 2
    assert "no plan in plans/ to change" in result.output


def visitplan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_process(*args, cwd=cwd, VISITPLAN_TODAY="2024-05-01", COLUMNS="100")


@pytest.mark.parametrize(
    "command",
    [
        ["agenda", "--all"],
        ["check"],
        ["people", "--org", "bourges"],
        ["people", "--organization", "bourges"],
        ["topics"],
        ["export", "-o", "-"],
        ["show", "online-2024-05-28"],
        ["program", "study-visit-2023", "-o", "-"],
    ],
)
def test_every_view_takes_a_plan_id_as_it_takes_the_path(command: list[str], folder: Path) -> None:
    by_path = visitplan(*command[:1], PLAN, *command[1:], cwd=folder)
    by_id = visitplan(*command[:1], "korosten-bourges", *command[1:], cwd=folder)
    assert by_path.returncode == 0, by_path.stderr
    assert (by_id.returncode, by_id.stdout) == (0, by_path.stdout)


def test_an_unknown_plan_id_is_a_usage_error_with_did_you_mean(folder: Path) -> None:
    done = visitplan("agenda", "korosten-bourgs", cwd=folder)
    assert done.returncode == 2
    assert 'did you mean "korosten-bourges"?' in done.stderr
    assert "Traceback" not in done.stderr
    far = visitplan("agenda", "lviv", cwd=folder)
    assert far.returncode == 2
    assert "the plans in plans/ are: korosten-bourges" in far.stderr


def test_invite_dry_run_is_a_flag_and_save_writes_the_messages(folder: Path) -> None:
    before = snapshot(folder)
    listed = visitplan(
        "invite", "korosten-bourges", "online-2024-05-28", "--force", "--dry-run", "--smtp", "mail.invalid",
        cwd=folder,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert "would send to" in listed.stdout and "@" in listed.stdout
    assert snapshot(folder) == before
    saved = visitplan(
        "invite", "korosten-bourges", "online-2024-05-28", "--force", "--dry-run", "--save", "out",
        cwd=folder,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    new_form = snapshot(folder / "out")
    assert new_form
    shutil.rmtree(folder / "out")
    old = visitplan("invite", PLAN, "online-2024-05-28", "--dry-run", "out", "--force", cwd=folder)
    assert old.returncode == 0, old.stderr
    assert snapshot(folder / "out").keys() == new_form.keys()


def test_changes_takes_a_plan_id_where_it_takes_a_path(folder: Path, run: Run) -> None:
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "plans"]):
        subprocess.run([*git, *args], cwd=folder, check=True, capture_output=True)
    assert run("set", "topic", "culture", "--status", "accepted").exit_code == 0
    by_path = visitplan("changes", "HEAD", PLAN, cwd=folder)
    by_id = visitplan("changes", "HEAD", "korosten-bourges", cwd=folder)
    alone = visitplan("changes", "korosten-bourges", cwd=folder)  # HEAD by default
    assert by_path.returncode == 0, by_path.stderr
    assert "Співпраця у сфері культури: запропоновано → прийнято" in by_path.stdout
    assert by_id.stdout == alone.stdout == by_path.stdout
