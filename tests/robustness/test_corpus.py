"""Hostile and broken input through every reading command and a writing command.

tests/bad/ holds one plan file per mistake (made by tests/bad/generate.py; expected.json
names the key path each one must report). Every invalid file: exit 1, a message naming
the file (and its line and key path where they exist), no traceback, nothing written or
changed. The valid ones (CRLF, a BOM, emoji and right-to-left text, very long text) work.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, snapshot
from visitplan.cli import app

BAD = ROOT / "tests" / "bad"
EXPECTED: dict[str, str | None] = json.loads((BAD / "expected.json").read_text("utf-8"))
INVALID = sorted(name for name, path in EXPECTED.items() if path is not None)
VALID = sorted(name for name, path in EXPECTED.items() if path is None)


def commands(plan: Path, out: Path) -> list[list[str]]:
    return [
        ["check", str(plan)],
        ["agenda", str(plan), "--all"],
        ["show", str(plan), "call"],
        ["export", str(plan), "-o", str(out)],
        [
            "add",
            "topic",
            str(plan),
            "--id",
            "new-topic",
            "--title",
            "uk=Нова",
            "--title",
            "fr=Nouveau",
        ],
    ]


def invoke(args: list[str]) -> object:
    return CliRunner().invoke(app, args, env={"VISITPLAN_TODAY": "2025-01-01"})


def test_the_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 60
    assert set(EXPECTED) == {p.stem for p in BAD.glob("*.toml")}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_input_fails_cleanly_everywhere_and_changes_nothing(
    name: str, tmp_path: Path
) -> None:
    plan = tmp_path / f"{name}.toml"
    shutil.copy(BAD / f"{name}.toml", plan)
    before = snapshot(tmp_path)
    key_path = EXPECTED[name]
    for args in commands(plan, tmp_path / "out.ics"):
        result = invoke(args)
        output = result.output  # type: ignore[attr-defined]
        assert result.exit_code == 1, (args[0], output)  # type: ignore[attr-defined]
        assert "Traceback" not in output and "internal error" not in output, output
        assert plan.as_posix() in output, (args[0], output)
        if key_path:
            # the file, the line where the key is (when it can be found) and the key path
            pattern = re.escape(plan.as_posix()) + r"(:\d+)?: error: " + re.escape(key_path)
            assert re.search(pattern, output), (args[0], key_path, output)
        assert snapshot(tmp_path) == before, args[0]


@pytest.mark.parametrize("name", INVALID)
def test_findings_carry_a_line_wherever_the_key_is_in_the_file(name: str) -> None:
    key_path = EXPECTED[name]
    if not key_path or ("." not in key_path and "[" not in key_path):
        return  # a top-level key that is missing has no line to point at
    result = invoke(["check", str(BAD / f"{name}.toml"), "--format", "json"])
    findings = json.loads(result.stdout)  # type: ignore[attr-defined]
    wanted = [f for f in findings if f["path"] == key_path]
    assert wanted and all(f["line"] for f in wanted), findings


@pytest.mark.parametrize("name", VALID)
def test_valid_input_works_everywhere(name: str, tmp_path: Path) -> None:
    plan = tmp_path / f"{name}.toml"
    shutil.copy(BAD / f"{name}.toml", plan)
    for args in commands(plan, tmp_path / "out.ics"):
        result = invoke(args)
        assert result.exit_code == 0, (args[0], result.output)  # type: ignore[attr-defined]
    assert invoke(["check", str(plan)]).exit_code == 0  # type: ignore[attr-defined]
    original = (BAD / f"{name}.toml").read_bytes()
    if original.startswith(b"\xef\xbb\xbf"):
        assert plan.read_bytes().startswith(b"\xef\xbb\xbf")
    if b"\r\n" in original:
        assert b"\n" not in plan.read_bytes().replace(b"\r\n", b"")


def test_a_10_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    plan = tmp_path / "huge.toml"
    text = (BAD / "valid-utf8-bom.toml").read_bytes()
    plan.write_bytes(text + b"# padding\n" * 1_050_000)
    assert plan.stat().st_size > 10_000_000
    started = time.perf_counter()
    result = invoke(["check", str(plan)])
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "visitplan reads plans of up to 5 MB" in result.output  # type: ignore[attr-defined]
    assert time.perf_counter() - started < 30  # refused, not parsed for minutes


def test_too_many_entries_are_refused(tmp_path: Path) -> None:
    plan = tmp_path / "many.toml"
    topics = "".join(f'[[topics]]\nid = "t{n}"\ntitle = "T"\n' for n in range(20_001))
    plan.write_text(
        'id = "many"\ntitle = "Many"\ntimezone = "Europe/Kyiv"\n' + topics, encoding="utf-8"
    )
    result = invoke(["check", str(plan)])
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "the plan has 20001 entries; visitplan reads plans of up to 20000" in result.output  # type: ignore[attr-defined]
