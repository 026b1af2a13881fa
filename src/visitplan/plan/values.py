"""The values a plan holds, as the code that writes them passes them around: text (one
``str`` for every language, or a ``dict`` by language), numbers, dates, date-times,
times of day, lists of ids, and an inline table (:class:`Table`). What TOML reads is
``tomlread``'s; how a value is written back into a plan file is
``visitplan.editing.values``'."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class Table:
    """A value written as one inline table, ``{ mon = "08:00-17:00", fri = "…" }``, and
    replaced whole (unlike text in several languages, a ``dict``, replaced by language)."""

    items: tuple[tuple[str, str], ...]


Value = str | int | date | datetime | time | list[str] | dict[str, str] | Table
