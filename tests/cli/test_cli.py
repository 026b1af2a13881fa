from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import visitplan
from conftest import EXAMPLE, MINIMAL, ROOT, TODAY, Run, snapshot
from visitplan import cli
from visitplan.errors import UsageError
from visitplan.workspace import checking

Write = Callable[..., Path]


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"visitplan {visitplan.__version__}\n"


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"visitplan {visitplan.__version__}"


def test_help_teaches_the_commands(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for word in ("check", "schema", "--version", "--install-completion"):
        assert word in result.stdout
    check_help = run("check", "--help").stdout
    for word in ("--strict", "--format", "--today", "Exit status", "visitplan check plans/"):
        assert word in check_help


def test_check_defaults_to_the_plans_folder(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "checked 1 plan: no problems\n"


def test_check_the_bundled_plans_and_templates_strictly(run: Run) -> None:
    result = run("check", ROOT / "plans", ROOT / "templates", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("checked 3 plans: no problems\n")


def test_errors_exit_1_with_compiler_style_lines(run: Run, write_plan: Write) -> None:
    path = write_plan(MINIMAL.replace('timezone = "Europe/Paris"', 'timezone = "Europe/Pari"'))
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path.as_posix()}:15: error: organizations.bourges.timezone: unknown time zone "
        '"Europe/Pari" — did you mean "Europe/Paris"?\n'
        "checked 1 plan: 1 error\n"
    )


def test_warnings_pass_unless_strict(run: Run, write_plan: Write) -> None:
    path = write_plan(MINIMAL.replace('name = "Korosten"', 'name = "Korosten"\nnmae = "x"'))
    relaxed = run("check", path)
    assert relaxed.exit_code == 0
    assert "warning: organizations.korosten.nmae: unknown key 'nmae'" in relaxed.stdout
    assert relaxed.stdout.endswith("checked 1 plan: 1 warning\n")
    strict = run("check", path, "--strict")
    assert strict.exit_code == 1
    assert "error: organizations.korosten.nmae" in strict.stdout


def test_json_format_lists_the_documented_fields(run: Run, write_plan: Write) -> None:
    path = write_plan(
        MINIMAL.replace('participants = ["chyzhevska", "bonduelle"]', 'participants = ["henou"]')
    )
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings == [
        {
            "file": path.as_posix(),
            "line": 35,
            "column": None,
            "severity": "error",
            "code": "unknown-reference",
            "path": "events[0].participants[0]",
            "message": '"henou" is not a person in this plan',
            "hint": "define it as [people.henou]",
        }
    ]
    clean = run("check", EXAMPLE, "--format", "json")
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, [])


def test_today_decides_what_is_overdue(run: Run, write_plan: Write) -> None:
    path = write_plan(MINIMAL + '\n[[actions]]\nid = "a"\ntitle = "A"\ndue = 2024-06-30\n')
    assert "overdue" not in run("check", path, "--format", "json").stdout
    late = run("check", path, "--today", "2024-07-02")
    assert "past its due date (2024-06-30, 2 days ago)" in late.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml"],
        ["check", "--today", "2024-13-01"],
        ["check", "--no-such-option"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# Bad input of every kind: exit 1, a message naming the file (and line and key path where
# they exist), no traceback, and no file written or changed.
BAD_INPUTS: dict[str, tuple[bytes | None, str]] = {
    "empty": (b"", ":1: error: the file is empty"),
    "nul-bytes": (b'id = "x"\n\x00\x00binary', ":2: error: the file contains NUL bytes"),
    "invalid-utf8": (
        b'id = "x"\ntitle = "Bourges \xe9t\xe9"\n',
        ":2: error: the file is not valid UTF-8",
    ),
    "utf16": (MINIMAL.encode("utf-16"), ": error: the file is UTF-16 encoded"),
    "syntax": (b'id = "x"\ntitle = \n', ":2: error: TOML syntax error: invalid value"),
    "conflict": (
        MINIMAL.replace(
            'name = "Bourges"', '<<<<<<< HEAD\nname = "B"\n=======\nname = "C"\n>>>>>>> x'
        ).encode(),
        ":14: error: a git merge-conflict marker is left in the file",
    ),
    "unknown-zone": (
        MINIMAL.replace(
            'timezone = "Europe/Kyiv"\nlanguages', 'timezone = "Kyiv"\nlanguages'
        ).encode(),
        ':6: error: timezone: unknown time zone "Kyiv" — did you mean "Europe/Kyiv"?',
    ),
    "dst-gap": (
        MINIMAL.replace("2024-05-28T11:00:00", "2024-03-31T03:30:00")
        .replace("2024-05-28T12:30:00", "2024-03-31T05:00:00")
        .replace("  start = 11:00:00\n  end = 11:15:00", "  start = 04:00:00")
        .encode(),
        ":33: error: events[0].start: 2024-03-31T03:30 does not exist in Europe/Kyiv: "
        "clocks jump from 03:00 to 04:00 that night",
    ),
    "wrong-type": (
        MINIMAL.replace('kind = "online-meeting"', "kind = 1").encode(),
        ':31: error: events[0].kind: expected one of "online-meeting"',
    ),
    "missing-key": (
        MINIMAL.replace('kind = "online-meeting"\n', "").encode(),
        ":29: error: events[0].kind: missing required key 'kind' in an event",
    ),
    "missing-path": (None, ": error: no such file or folder"),
    "folder-named-like-a-plan": (b"", ": error: this folder is empty: no plan file (*.toml) in it"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_cleanly_and_changes_nothing(
    case: str, run: Run, tmp_path: Path, write_plan: Write
) -> None:
    content, expected = BAD_INPUTS[case]
    path = tmp_path / f"{case}.toml"
    if case == "folder-named-like-a-plan":
        path.mkdir()
    elif content is not None:
        write_plan(content, path.name)
    before = snapshot(tmp_path)
    for output in ("text", "json"):
        result = run("check", path, "--format", output)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert path.as_posix() in result.stdout
        if output == "text":
            assert f"{path.as_posix()}{expected}" in result.stdout, result.stdout
        else:
            assert json.loads(result.stdout)[0]["severity"] == "error"
    assert snapshot(tmp_path) == before


def test_one_bad_file_does_not_hide_the_others(run: Run, write_plan: Write) -> None:
    good = write_plan(MINIMAL, "plans/good.toml")
    write_plan("id = ", "plans/bad.toml")
    write_plan(
        MINIMAL.replace('id = "twin"', 'id = "twin-3"')
        .replace("@", "-3@")
        .replace('kind = "online-meeting"', 'kind = "webinar"'),
        "plans/worse.toml",
    )
    result = run("check", good.parent)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines[:-1]] == [
        "bad.toml",
        "worse.toml",
    ]
    assert lines[-1] == "checked 2 plans (3 files): 2 errors"


def test_a_core_error_is_shown_once_with_its_exit_code(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise UsageError("cannot check that", "give a plan file")

    monkeypatch.setattr(checking, "check_paths", refuse)
    result = run("check")
    assert result.exit_code == 2
    assert result.stderr == "error: cannot check that — give a plan file\n"


def test_a_bug_is_one_line_without_debug_and_a_traceback_with_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checking, "check_paths", crash)
    monkeypatch.setattr(sys, "argv", ["visitplan", "check"])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("internal error: RuntimeError: boom — this is a bug in visitplan")
    assert "Traceback" not in err
    monkeypatch.setattr(sys, "argv", ["visitplan", "--debug", "check"])
    with pytest.raises(RuntimeError, match="boom"):
        cli.main()


def test_output_in_a_pipe_has_no_escape_codes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", "check", str(ROOT / "tests" / "plans")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "\x1b[" not in done.stdout and "\x1b[" not in done.stderr
    assert "error:" in done.stdout


def test_colour_on_a_terminal(write_plan: Write) -> None:
    from io import StringIO

    from rich.console import Console

    from visitplan.render.reporting import render_check_text
    from visitplan.workspace.checking import check_paths

    buffer = StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", soft_wrap=True)
    path = write_plan(MINIMAL.replace('kind = "online-meeting"', 'kind = "webinar"'))
    render_check_text(check_paths([path], TODAY), console)
    assert "\x1b[" in buffer.getvalue()
