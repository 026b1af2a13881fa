"""Tab completion (#15 item 8): plan ids, the ids of every kind, kinds, zones and
languages, from the plans of the plans folder through the plan index — tested as the
shell asks (the `_VISITPLAN_COMPLETE` protocol, as a process) and through Click's
completion API in-process, where a warm index must answer without a model being built."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click.shell_completion import ShellComplete  # Typer's own Click

from conftest import ROOT
from test_index import complete as complete_in
from visitplan.cli import app
from visitplan.workspace import cache
from visitplan.workspace.index import fresh

EXAMPLE = ROOT / "plans" / "korosten-bourges.toml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder (the current one) with plans/korosten-bourges.toml and a cache."""
    (tmp_path / "plans").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VISITPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VISITPLAN_TODAY", "2024-06-01")
    return tmp_path


def complete(folder: Path, line: str) -> list[str]:
    """What bash is offered after ``line`` (its last word is the one being typed)."""
    return complete_in(folder / "plans", folder / "cache", line)


CASES = {
    # what is typed -> what is offered (all of it)
    "visitplan set ": [
        "action", "delegation", "event", "item", "org", "organization", "person",
        "plan", "program", "topic",
    ],
    "visitplan remove ": [
        "action", "delegation", "event", "item", "org", "organization", "person",
        "program", "topic",
    ],
    "visitplan set pl": ["plan"],
    "visitplan set program study-visit-2023/w": [
        "study-visit-2023/water-service", "study-visit-2023/water-station",
    ],
    "visitplan remove program online-2024-05-28/": [
        "online-2024-05-28/afccre-commitment", "online-2024-05-28/exchange-topics",
        "online-2024-05-28/funding", "online-2024-05-28/korosten-mayor",
        "online-2024-05-28/next-visit", "online-2024-05-28/visit-2023-review",
        "online-2024-05-28/welcome",
    ],
    "visitplan set item study-visit-2023/s": ["study-visit-2023/schools"],
    "visitplan set event online-2024-05-28 --": [
        "--plan", "--dry-run", "--strict", "--lock-timeout", "--today", "--title", "--kind",
        "--start", "--end", "--timezone", "--status", "--location", "--url", "--host",
        "--delegations", "--participants", "--topics", "--notes", "--accept", "--uid",
        "--sequence",
    ],
    "visitplan set plan --": [
        "--plan", "--dry-run", "--strict", "--lock-timeout", "--today", "--title",
        "--timezone", "--languages", "--description", "--organizer",
    ],
    "visitplan set topic culture --": [
        "--plan", "--dry-run", "--strict", "--lock-timeout", "--today", "--title",
        "--status", "--description", "--requested-by", "--proposed-by",
    ],
    "visitplan add program study-visit-2023/lunch --s": ["--strict", "--start", "--status", "--speakers"],
    "visitplan add person --o": ["--organization", "--org"],
    "visitplan add person hennou --e": ["--email"],  # not --end, --event: not a person's
    "visitplan set person taran --id": [],  # ids do not change
    "visitplan export --d": ["--delegation", "--dry-run"],  # other commands: as before
    "visitplan set topic ": ["culture", "education", "european-funding", "water-treatment"],
    "visitplan set action topic": ["topic-list"],
    "visitplan set organization b": ["bourges"],
    "visitplan set delegation ": ["korosten-2023", "korosten-next"],
    "visitplan move ": ["event"],
    "visitplan move event study": ["study-visit-2023", "study-visit-next"],
    "visitplan add person ": [],  # a new id: nothing to offer
    "visitplan add person hennou --org b": ["bourges"],
    "visitplan add person hennou --organization b": ["bourges"],
    "visitplan add event x --participants chyzhevska,ta": ["chyzhevska,taran", "chyzhevska,tarrisson"],
    "visitplan add event x --timezone Europe/Ky": ["Europe/Kyiv"],
    "visitplan agenda --tz ": ["Europe/Brussels", "Europe/Kyiv", "Europe/Paris", "local"],
    "visitplan agenda --lang ": ["en", "fr", "uk"],
    "visitplan agenda kor": ["korosten-bourges"],
    "visitplan agenda --org cem": ["cemr"],
    "visitplan show korosten-bourges online": ["online-2023-06-13", "online-2024-05-28"],
    "visitplan export --delegation kor": ["korosten-2023", "korosten-next"],
    "visitplan publish --delegation kor": ["korosten-2023", "korosten-next"],
    "visitplan invite korosten-bourges online-2024": ["online-2024-05-28"],
    "visitplan import invitation.ics --plan kor": ["korosten-bourges"],
    "visitplan add org x --plan pl": ["plans/"],
}  # fmt: skip


@pytest.mark.parametrize("line", sorted(CASES))
def test_the_shell_is_offered_ids_kinds_zones_and_languages(line: str, folder: Path) -> None:
    assert complete(folder, line) == CASES[line]


def test_every_zone_once_a_letter_is_typed(folder: Path) -> None:
    offered = complete(folder, "visitplan agenda --tz America/New")
    assert offered == ["America/New_York"]


def test_a_plan_added_or_changed_is_offered_at_once(folder: Path) -> None:
    assert complete(folder, "visitplan set topic cul") == ["culture"]
    plan = folder / "plans" / "korosten-bourges.toml"
    with plan.open("a", encoding="utf-8") as end:
        end.write('\n[[topics]]\nid = "culture-days"\ntitle = "Дні культури"\n')
    assert complete(folder, "visitplan set topic cul") == ["culture", "culture-days"]
    shutil.copy(plan, folder / "plans" / "lviv-lublin.toml")
    assert complete(folder, "visitplan agenda l") == ["lviv-lublin"]


def test_a_plan_with_errors_completes_no_ids_and_fails_nothing(folder: Path) -> None:
    (folder / "plans" / "korosten-bourges.toml").write_text("id = ", "utf-8")
    assert complete(folder, "visitplan set topic ") == []
    assert complete(folder, "visitplan set t") == ["topic"]


class _Plain(ShellComplete):
    name = "plain"
    source_template = ""

    def source_vars(self) -> dict[str, Any]:
        raise NotImplementedError

    def get_completion_args(self) -> tuple[list[str], str]:
        raise NotImplementedError

    def format_completion(self, item: Any) -> str:
        return str(item.value)


def _in_process(line: str) -> list[str]:
    words = line.split(" ")
    command = typer.main.get_command(app)
    found = _Plain(command, {}, "visitplan", "_VISITPLAN_COMPLETE").get_completions(
        words[1:-1], words[-1]
    )
    return [item.value for item in found]


def test_a_warm_index_answers_without_reading_or_building_a_plan(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fresh, "RACY_NS", -(10**15))  # a file is not "just written"
    cold = _in_process("visitplan set person ta")
    assert cold == ["taran", "tarrisson"]
    read: list[Path] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        read.append(self)
        return original(self)

    def no_model(*args: object) -> None:
        raise AssertionError("a plan's model was asked for")

    monkeypatch.setattr(Path, "read_bytes", counting)
    monkeypatch.setattr(cache, "get", no_model)
    started = time.perf_counter()
    assert _in_process("visitplan set person ta") == cold
    assert _in_process("visitplan agenda --delegation korosten-n") == ["korosten-next"]
    assert _in_process("visitplan remove program study-visit-2023/sc") == [
        "study-visit-2023/schools"
    ]
    took = time.perf_counter() - started
    assert [path for path in read if path.suffix == ".toml"] == []
    assert took < 2.0, took  # three completions; about 10 ms each on a laptop
