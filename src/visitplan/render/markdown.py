"""Markdown tables (for email and wikis): a cell escaped, a row, a table with its header."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |"


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [md_row(header), "|" + "---|" * len(header)]
    lines.extend(md_row(row) for row in rows)
    return lines
