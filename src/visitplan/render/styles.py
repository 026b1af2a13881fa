"""The styles of the terminal text, one table per choice list: the kinds and statuses of
the plan's catalogue (``plan.fields``), the actions of a publish report, the severities
of a finding.

Each table has exactly its list's choices as keys (tests/unit/test_render_styles.py checks
them), so that a kind or a status added to the catalogue fails a test until it has a
style here, rather than a render failing on a missing key.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

# `[study-visit]` before an event's title (agenda, show)
KIND_STYLE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "online-meeting": "cyan",
        "study-visit": "magenta",
        "meeting": "blue",
        "other": "white",
    }
)

# an event's title in the agenda
EVENT_STATUS_STYLE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "tentative": "italic",
        "confirmed": "bold",
        "cancelled": "strike",
    }
)

# an action in `actions`: its `[status]` mark, then its title
ACTION_STATUS_STYLE: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "open": ("", ""),
        "done": ("dim", ""),
        "dropped": ("dim", "strike"),
    }
)

# what `publish` did (or would do) to an entry
PUBLISH_STYLE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "create": "green",
        "update": "yellow",
        "cancel": "magenta",
        "delete": "red",
        "unchanged": "",
        "conflict": "bold red",
    }
)

# a finding of `check`
SEVERITY_STYLE: Final[Mapping[str, str]] = MappingProxyType(
    {
        "error": "bold red",
        "warning": "yellow",
    }
)
