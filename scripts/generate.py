"""Rewrite the files generated from src/visitplan/plan/fields.py (run by `make docs`):
schema/plan-v1.schema.json and the reference part of docs/plan-format.md."""

from __future__ import annotations

from pathlib import Path

from visitplan.plan.schema import replace_reference, schema_json
from visitplan.workspace.fileio import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "plan-v1.schema.json"
REFERENCE = ROOT / "docs" / "plan-format.md"


def main() -> None:
    atomic_write_text(SCHEMA, schema_json())
    atomic_write_text(REFERENCE, replace_reference(REFERENCE.read_text(encoding="utf-8")))
    print(f"wrote {SCHEMA.relative_to(ROOT)} and {REFERENCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
