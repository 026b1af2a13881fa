"""How a value is written in a plan file: ``"text"``, ``["a", "b"]``, ``2024-05-28T11:00:00``,
an inline table, and ``key = value`` lines with text in several languages as dotted keys.
The values themselves are ``visitplan.plan.values``'."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

import tomli_w

from visitplan.plan.values import Table, Value


def render_value(value: Value) -> str:
    """A value as TOML writes it in a plan: ``"text"``, ``["a", "b"]``,
    ``2024-05-28T11:00:00``, ``2023-07-01``, ``11:15:00``."""
    if isinstance(value, bool):
        raise TypeError("booleans are not used in plans")
    if isinstance(value, str):
        return tomli_w.dumps({"v": value})[4:].rstrip("\n")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, list):
        return "[" + ", ".join(render_value(item) for item in value) + "]"
    if isinstance(value, Table):
        inner = ", ".join(f"{key} = {render_value(text)}" for key, text in value.items)
        return "{ " + inner + " }"
    raise TypeError(type(value).__name__)


def render_fields(values: Mapping[str, Value], indent: str, newline: str) -> str:
    """``key = value`` lines; text in several languages as dotted keys (``title.uk = …``)."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines += [
                f"{indent}{key}.{lang} = {render_value(text)}" for lang, text in value.items()
            ]
        else:
            lines.append(f"{indent}{key} = {render_value(value)}")
    return newline.join(lines) + newline
