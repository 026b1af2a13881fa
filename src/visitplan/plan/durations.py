"""Durations written on the command line: ``30m``, ``2h``, ``1d``, ``1w``, ``1h30m``
(`export --alarm`, `slots --duration`)."""

from __future__ import annotations

import re
from datetime import timedelta

from visitplan.errors import UsageError

_DURATION_RE = re.compile(r"\s*(?:(\d+)w)?\s*(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*")


def parse_duration(text: str, what: str = "before the start") -> timedelta:
    """``30m``, ``2h``, ``1d``, ``1w``, or combinations like ``1h30m``; ``what`` ends the
    hint (what the duration is for)."""
    match = _DURATION_RE.fullmatch(text)
    if not text.strip() or match is None or not any(match.groups()):
        raise UsageError(
            f'"{text}" is not a duration', f"write it like 30m, 2h, 1d or 1h30m ({what})"
        )
    weeks, days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
