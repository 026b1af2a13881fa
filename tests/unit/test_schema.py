from __future__ import annotations

import copy
import json
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, Run
from visitplan.plan import fields as F
from visitplan.plan.schema import build_schema, reference_markdown, replace_reference, schema_json

SCHEMA_FILE = ROOT / "schema" / "plan-v1.schema.json"
DOC_FILE = ROOT / "docs" / "plan-format.md"
PLANS = sorted((ROOT / "plans").glob("*.toml")) + sorted((ROOT / "templates").glob("*.toml"))


def as_json(value: Any) -> Any:
    """TOML data as an editor validating it with JSON Schema sees it (dates as strings)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def validator() -> Draft202012Validator:
    return Draft202012Validator(build_schema())


def test_the_committed_schema_is_what_visitplan_schema_prints(run: Run) -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_json()
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), "run `make docs`"


def test_the_format_reference_is_generated_from_the_same_catalogue() -> None:
    document = DOC_FILE.read_text(encoding="utf-8")
    assert reference_markdown() in document, "run `make docs`"
    assert replace_reference(document) == document
    for section in F.SECTIONS:
        for spec in section.fields:
            assert f"| `{spec.name}` |" in document


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(build_schema())
    assert build_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_bundled_plans_validate(plan: Path) -> None:
    data = as_json(tomllib.loads(plan.read_text(encoding="utf-8")))
    errors = [e.message for e in validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize(
    ("change", "word"),
    [
        (lambda d: d["events"][0].update(kind="webinar"), "webinar"),
        (lambda d: d["events"][0].update(colour="blue"), "colour"),
        (lambda d: d.pop("timezone"), "timezone"),
        (lambda d: d["events"][0].pop("end"), "end"),
        (lambda d: d["people"].update({"Bad Id": {"name": "x"}}), "Bad Id"),
        (lambda d: d.update(title="Injection\r\nX-INJECTED:1"), "X-INJECTED"),
        (lambda d: d["events"][0]["title"].update(en="Line\u2028Separator"), "Separator"),
        (lambda d: d["organizations"]["afccre"].update(short="AFC\nCRE"), "CRE"),
    ],
)
def test_the_schema_rejects_what_check_rejects(change: Any, word: str) -> None:
    data = as_json(tomllib.loads((ROOT / "plans" / "korosten-bourges.toml").read_text("utf-8")))
    broken = copy.deepcopy(data)
    change(broken)
    errors = " ".join(e.message for e in validator().iter_errors(broken))
    assert word in errors, f"schema accepted the change ({word}): {errors}"


def test_notes_and_descriptions_may_have_several_lines() -> None:
    data = as_json(tomllib.loads((ROOT / "plans" / "korosten-bourges.toml").read_text("utf-8")))
    data["events"][0]["notes"] = "Agenda:\r\n1. Water\n2. Waste\u2028end"
    data["description"] = {"en": "One\ntwo"}
    assert [e.message for e in validator().iter_errors(data)] == []


def test_schema_output_is_json() -> None:
    assert json.loads(schema_json())["title"] == "visitplan plan, format 1"
