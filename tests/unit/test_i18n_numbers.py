"""Numbers as each language writes them (``i18n.decimal``, ``i18n.duration``): the
decimal comma of Ukrainian and French, the units of a duration."""

from __future__ import annotations

import pytest

from visitplan.i18n import decimal, duration


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (1.5, "uk", "1,5"),
        (1.5, "fr", "1,5"),
        (1.5, "en", "1.5"),
        (1.5, None, "1.5"),
        (1.5, "pl", "1.5"),  # a language without words of its own: English
        (2.0, "fr", "2"),
        (0.75, "uk", "0,75"),
    ],
)
def test_decimal(value: float, lang: str | None, shown: str) -> None:
    assert decimal(value, lang) == shown


@pytest.mark.parametrize(
    ("minutes", "lang", "shown"),
    [
        (90, "uk", "1 год 30 хв"),
        (90, "fr", "1 h 30 min"),
        (45, "en", "45 min"),
        (120, "uk", "2 год"),
        (60, None, "1 h"),
    ],
)
def test_duration(minutes: int, lang: str | None, shown: str) -> None:
    assert duration(minutes, lang) == shown
