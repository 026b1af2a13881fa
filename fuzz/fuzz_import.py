"""Coverage-guided fuzzing of the .ics importer (atheris). Run by `make fuzz`.

Any exception other than a VisitplanError (a clear message to the user) is a crash: see
fuzz_plan.py for what to do with it."""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from visitplan.editing.document import Document
    from visitplan.editing.importing import ImportOptions, import_calendar, parse_calendar
    from visitplan.errors import VisitplanError

PLAN = 'format = 1\nid = "fuzz"\ntitle = "Fuzz"\ntimezone = "Europe/Kyiv"\n'


def one_input(data: bytes) -> None:
    doc = Document(Path("fuzz.toml"), PLAN.encode(), PLAN, False)
    with contextlib.suppress(VisitplanError):
        import_calendar(doc, parse_calendar(data, "fuzz.ics"), ImportOptions(date(2025, 1, 1)))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
