"""Durations written on the command line, in one grammar: whole weeks, days, hours and
minutes in that order, each at most once (``30m``, ``2h``, ``1d``, ``1w``, ``1h30m``,
``1d 2h``). A length (`export --alarm`, `slots --duration`) is never negative
(:func:`parse_duration`); a shift (`move --by`) may be, with a sign before it
(:func:`parse_shift`: ``-1w``, ``+2h``)."""

from __future__ import annotations

import re
from datetime import timedelta

from visitplan.errors import UsageError

_DURATION_RE = re.compile(
    r"\s*(?P<sign>[+-]?)\s*(?:(\d+)w)?\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*"
)


def _read(text: str, signed: bool) -> timedelta | None:
    """The duration ``text`` writes, or None if it writes none (a sign only if
    ``signed``)."""
    match = _DURATION_RE.fullmatch(text)
    if match is None or (match.group("sign") and not signed):
        return None
    units = match.groups()[1:]
    if not any(units):
        return None
    weeks, days, hours, minutes = (int(g) if g else 0 for g in units)
    length = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    return -length if match.group("sign") == "-" else length


def parse_duration(text: str, what: str = "before the start") -> timedelta:
    """``30m``, ``2h``, ``1d``, ``1w``, or combinations like ``1h30m``; ``what`` ends the
    hint (what the duration is for)."""
    length = _read(text, signed=False)
    if length is None:
        raise UsageError(
            f'"{text}" is not a duration', f"write it like 30m, 2h, 1d or 1h30m ({what})"
        )
    return length


def parse_shift(text: str) -> timedelta:
    """``7d``, ``-1w``, ``2h``, ``-30m``, ``1d2h``: how far to move, earlier with ``-``."""
    shift = _read(text, signed=True)
    if shift is None:
        raise UsageError(f'"{text}" is not a shift', "write it like 7d, -1w, 2h or 1d2h")
    return shift
