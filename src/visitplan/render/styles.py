"""The styles of the terminal text, one table per choice of the plan's catalogue
(``plan.fields``) or of a report: a kind, a status, a publish action, a severity.

Each table has exactly the catalogue's choices as keys (tests/test_render_styles.py
checks them), so that adding a kind or a status fails a test until it has a style,
rather than a render failing on a missing key.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# `[study-visit]` before an event's title (agenda, show)
KIND_STYLE: Final = MappingProxyType(
    {
        "online-meeting": "cyan",
        "study-visit": "magenta",
        "meeting": "blue",
        "other": "white",
    }
)
