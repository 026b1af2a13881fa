"""Help that teaches and can be copied (#15 item 7): every example in every command's
--help and every ```sh example in README.md runs, as a process, on a copy of the example
plan; every option has a sentence of help and a metavar that says what to give."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer.main

from conftest import ROOT
from visitplan.cli import app

COMMAND = typer.main.get_command(app)
assert isinstance(COMMAND, typer.core.TyperGroup)
# The examples run as a user copies them: today. The example plan's events are then over,
# so an example about one of them must say what a user would need (e.g. `invite --force`).
NOW = datetime.now(UTC).replace(microsecond=0)


def _help(*args: str) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout


def help_examples() -> list[tuple[str, str]]:
    """(command, example line) for each example printed by `visitplan COMMAND --help`."""
    found = []
    for name in sorted(COMMAND.commands):
        for line in _help(name).splitlines():
            if line.startswith("    visitplan "):
                found.append((name, line.strip()))
    return found


def readme_examples() -> list[str]:
    """Each visitplan command line of README.md's ```sh blocks, continuations joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            words = line.strip().removeprefix(".venv/bin/")
            if words.startswith("visitplan "):
                lines.append(words)
    return lines


HELP_EXAMPLES = help_examples()
README_EXAMPLES = readme_examples()

# what an example needs that a test cannot give it
NEEDS = {
    "--smtp": "needs a mail server",
    "origin/": "needs a git remote",
}
# The examples' CalDAV calendar and its user: a `publish` example runs against a real
# Radicale server in their place (an example without an address fails, as for a user).
CALDAV_EXAMPLE = "https://cloud.example.org/remote.php/dav/calendars/anna/korosten-bourges/"
CALDAV_USER = "anna"


def _skip_reason(line: str) -> str | None:
    return next((why for word, why in NEEDS.items() if word in line), None)


def _workspace(tmp_path: Path) -> Path:
    """A folder like the repository's: the example plan, the templates, an invitation,
    in a git repository whose branch main has one commit."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "tests" / "ics" / "google-invite.ics", tmp_path / "invitation.ics")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "plans"]):
        subprocess.run([*git, *args], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def _on_a_real_server(words: list[str], request: pytest.FixtureRequest, name: str) -> list[str]:
    """A `publish` example's words, with a new calendar on a real server for the example's
    one (and its user for the example's)."""
    from servers.radicale_fixture import USER

    url = request.getfixturevalue("radicale_server").make_calendar(f"help-{name}")
    given = [url if word == CALDAV_EXAMPLE else word for word in words]
    return [
        USER if word == CALDAV_USER and given[at - 1] == "--user" else word
        for at, word in enumerate(given)
    ]


def run_example(line: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    reason = _skip_reason(line)
    if reason:
        pytest.skip(reason)
    folder = _workspace(tmp_path)
    words = shlex.split(line, comments=True)
    if words[1] == "publish":
        words = _on_a_real_server(words, request, tmp_path.name)
    output = None
    if ">" in words:
        at = words.index(">")
        words, output = words[:at], folder / words[at + 1]
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())),
        "VISITPLAN_TODAY": NOW.date().isoformat(),
        "VISITPLAN_CACHE_DIR": str(tmp_path / "cache"),
        "COLUMNS": "100",
        "NO_COLOR": "1",
    }
    env.pop("VISITPLAN_SMTP", None)
    env.pop("VISITPLAN_CALDAV_URL", None)
    from servers.radicale_fixture import PASSWORD

    env["NEXTCLOUD_PASSWORD"] = PASSWORD  # the examples' --password-env
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", *words[1:]],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, f"{line}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    if output is not None:
        output.write_text(done.stdout, encoding="utf-8")
        assert done.stdout


@pytest.mark.parametrize(("command", "line"), HELP_EXAMPLES)
def test_every_help_example_runs(
    command: str, line: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    assert line.startswith(f"visitplan {command}")
    run_example(line, tmp_path, request)


@pytest.mark.parametrize("line", README_EXAMPLES)
def test_every_readme_example_runs(
    line: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    run_example(line, tmp_path, request)


def test_examples_are_found_and_printed_whole() -> None:
    """Each command but `schema` teaches by an example; none is cut inside a word."""
    assert {command for command, _ in HELP_EXAMPLES} >= set(COMMAND.commands) - {"schema"}
    assert len(README_EXAMPLES) > 20
    publish = _help("publish")
    assert (
        "visitplan publish --url https://cloud.example.org/remote.php/dav/calendars/anna/"
        "korosten-bourges/ --user anna --password-env NEXTCLOUD_PASSWORD"
    ) in publish


# a metavar says what to give: an upper-case word (DATE, ZONE, ID...) or the choices
METAVAR = re.compile(r"[A-Z][A-Z0-9_.\-|\[\]: ]*(\.\.\.)?|<[a-z0-9-]+(\|[a-z0-9-]+)+>")


def _options() -> list[tuple[str, typer.core.click.Parameter]]:  # type: ignore[name-defined]
    return [
        (name, param)
        for name, command in sorted(COMMAND.commands.items())
        for param in command.params
        if param.param_type_name == "option" and not getattr(param, "hidden", False)
    ]


@pytest.mark.parametrize(("command", "option"), [(name, p.name) for name, p in _options()], ids=str)
def test_every_option_has_help_and_a_metavar(command: str, option: str) -> None:
    cmd = COMMAND.commands[command]
    (param,) = [p for p in cmd.params if p.name == option]
    help_text = getattr(param, "help", None) or ""
    assert len(help_text.split()) >= 2 and help_text.rstrip().endswith((".", ")")), help_text
    if not getattr(param, "is_flag", False):
        ctx = cmd.make_context(command, [], resilient_parsing=True)
        metavar = param.make_metavar(ctx)
        assert METAVAR.fullmatch(metavar), f"--{option}: {metavar}"
    else:
        assert not getattr(param, "secondary_opts", None), "a flag is one word, no --no-x"


def test_each_command_lists_only_its_own_options() -> None:
    set_help = _help("set")
    assert "--id" not in set_help
    assert "For `add program`" not in set_help
    assert "--event EVENT-ID" in set_help and "The event an action came from." in set_help
    move_help = _help("move")
    assert "--title" not in move_help and "--status" not in move_help
