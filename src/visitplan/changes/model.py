"""The changes of one plan (``PlanChanges``), each a ``Change``: what changed, where, its
old and new values (as ``changes --format json`` gives them) and its sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from visitplan.plan.model import When


@dataclass(frozen=True)
class Change:
    kind: str
    text: str
    event: str | None = None
    item: str | None = None  # program item, topic or action id
    before: Any = None
    after: Any = None


@dataclass
class PlanChanges:
    plan: str  # plan id
    title: str
    file: str
    changes: list[Change] = field(default_factory=list)


def when_json(when: When) -> dict[str, Any]:
    """An event's or program item's time, as the old and new value of a move."""
    if when.all_day:
        return {
            "all_day": True,
            "start": when.first_day.isoformat(),
            "end": when.last_day.isoformat(),
            "timezone": when.zone.key,
        }
    return {
        "all_day": False,
        "start": when.start.isoformat(),
        "end": when.end.isoformat() if when.end else None,
        "timezone": when.zone.key,
    }
