"""An organization's `short` is one string for every language (plan-format-v1:
"string, e.g. AFCCRE"), unlike its `name`, a text: `--short uk="ЛМР"` (#15 leftover)
was stored as the literal "uk=ЛМР"; it is now a usage error that says how to give it,
and changes no file. Real commands on a copy of the example plan."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import EXAMPLE, snapshot
from test_offsets import visitplan


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "plans")
    return tmp_path


@pytest.mark.parametrize(
    "words",
    [
        ["set", "org", "bourges"],
        ["add", "organization", "lviv-rada", "--name", "uk=Львівська міська рада"],
    ],
)
@pytest.mark.parametrize("value", ["uk=ЛМР", "fr=CDB"])
def test_a_short_name_per_language_is_refused_and_says_how_to_give_it(
    folder: Path, words: list[str], value: str
) -> None:
    before = snapshot(folder)
    refused = visitplan(folder, *words, "--short", value)
    assert refused.returncode == 2, refused.stderr
    lang, _, text = value.partition("=")
    said = " ".join(refused.stderr.split())
    assert f'--short {lang}="{text}": short is one string for every language' in said
    assert f'give it once, without a language: --short "{text}"' in said
    assert "Traceback" not in refused.stderr
    assert snapshot(folder) == before
    # as the error says, it works
    done = visitplan(folder, *words, "--short", text)
    assert done.returncode == 0, done.stderr
    plan = tomllib.loads((folder / "plans" / "korosten-bourges.toml").read_text("utf-8"))
    org = words[2]
    assert plan["organizations"][org]["short"] == text


def test_a_short_name_with_an_equals_sign_that_is_no_language_is_kept(folder: Path) -> None:
    done = visitplan(folder, "set", "org", "bourges", "--short", "B=2")
    assert done.returncode == 0, done.stderr
    plan = tomllib.loads((folder / "plans" / "korosten-bourges.toml").read_text("utf-8"))
    assert plan["organizations"]["bourges"]["short"] == "B=2"
