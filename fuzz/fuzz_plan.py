"""Coverage-guided fuzzing of the plan loader and checker (atheris). Run by `make fuzz`.

A crash (any exception other than the findings the loader reports) is written by atheris
as crash-<hash> in the current folder: move it to tests/fuzz-corpus/ (named for what it
is), fix the bug, and tests/robustness/test_hardening.py keeps it from coming back."""

from __future__ import annotations

import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from visitplan.plan.loading import load_plan_bytes
    from visitplan.workspace.checking import check_results


def one_input(data: bytes) -> None:
    result = load_plan_bytes(data, "fuzz.toml")
    if result.plan is not None:
        check_results([result], date(2025, 1, 1))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
