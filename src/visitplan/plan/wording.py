"""How reading and checking a plan word what they find: a TOML value described
(``an integer (42)``), a did-you-mean suggestion, an id made from text, a wall time, an
example of a key's value and what a kind of key expects."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from visitplan.plan import fields as F


def describe(value: object) -> str:
    """How a TOML value is called, with the value: ``an integer (42)``."""
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f'a string ("{shown}")'
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return f"a date and time ({value.isoformat()})"
        return f"a date and time with an offset ({value.isoformat()})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, time):
        return f"a time ({value.isoformat()})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


# Ukrainian national transliteration (2010), for ids made from Cyrillic text.
_UK_LATIN = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'ʼ’ыэёъ",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "iu",
            "ia",
            "_",
            "_",
            "_",
            "y",
            "e",
            "e",
            "_",
        ],
        strict=True,
    )
)


def slugify(value: str) -> str:
    """An id made from text: ``"Félix Hénou"`` → ``felix-henou``, ``"Станція"`` → ``stantsiia``."""
    import unicodedata

    latin = "".join(_UK_LATIN.get(char, char) for char in value.lower()).replace("_", "")
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:63].rstrip("-") or "x"


def wall(moment: datetime) -> str:
    """``2024-05-28T11:00`` (seconds only when not zero)."""
    fmt = "%Y-%m-%dT%H:%M:%S" if moment.second else "%Y-%m-%dT%H:%M"
    return moment.strftime(fmt)


_EXAMPLES: dict[str, str] = {
    "slug": '"korosten-bourges"',
    "ref": '"<id>"',
    "refs": '["<id>", "<id>"]',
    "text": '"…" (or {name}.uk = "…", {name}.en = "…")',
    "string": '"…"',
    "integer": "1",
    "zone": '"Europe/Kyiv"',
    "languages": '["uk", "fr", "en"]',
    "country": '"UA"',
    "email": '"name@example.org"',
    "url": '"https://meet.example.org/room"',
    "date": "2024-06-30",
    "when": "2024-05-28T11:00:00 (or a date, 2023-07-01, for a whole day)",
    "program-when": "2024-05-28T11:15:00 (or 11:15:00 in a single-day event)",
    "working-hours": '"09:00-18:00" (or { mon = "08:00-17:00", fri = "08:00-13:00" })',
}


def example(spec: F.Field) -> str:
    if spec.kind == "choice":
        return f'"{spec.choices[0]}"'
    if spec.kind == "codes":
        return f'["{spec.choices[0]}"]'
    return _EXAMPLES[spec.kind].replace("{name}", spec.name)


def expected(spec: F.Field) -> str:
    return {
        "slug": "an id (a string)",
        "ref": "an id (a string)",
        "refs": "a list of ids",
        "text": "text: a string, or a table of language codes to strings",
        "string": "a string",
        "integer": "an integer",
        "zone": "a time-zone name (a string)",
        "languages": "a list of language codes",
        "country": "a country code (a string)",
        "email": "an email address (a string)",
        "url": "a web address (a string)",
        "choice": "one of " + ", ".join(f'"{c}"' for c in spec.choices),
        "date": "a date",
        "when": "a date and time, or a date",
        "program-when": "a date and time, or a time",
        "working-hours": "working hours: a string, or a table of weekdays to strings",
        "codes": "a list of " + ", ".join(f'"{c}"' for c in spec.choices),
    }[spec.kind]


def with_article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def shorten(value: str) -> str:
    """``value`` for a one-line message: line breaks shown as ``\\n``, at most 70 characters."""
    value = F.LINE_BREAK_RE.sub(lambda m: repr(m.group())[1:-1], value)
    return value if len(value) <= 70 else value[:67] + "…"


def country_hint(value: str) -> str:
    if F.COUNTRY_RE.fullmatch(value.upper()):
        return f'write it in capitals: "{value.upper()}"'
    return 'use the two-letter code in capitals, e.g. "UA", "FR"'


def offset_text(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
