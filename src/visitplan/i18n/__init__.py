"""The tool's own words in the plan languages we ship (uk, fr, en), and every rule of
those languages: one catalogue per language (``en.py``, ``uk.py``, ``fr.py``: the words of
the terminal views, the mail, the programme, the site and ``changes``; weekday and month
names; the names of common time-zone cities), and here the functions that pick from them
(agreement, French typography, how a date is written). Any other language falls back to
English words (the plan's own text still follows the plan's language fallback).

To add a language: a module like ``fr.py`` with the same keys and placeholders as
``en.py`` (tests/unit/test_catalogues.py compares them), named in ``_MODULES``.

Small tables of our own rather than a locale library: three languages, a few hundred
words, no import cost on every run. Imports nothing of visitplan (the bottom layer).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from visitplan.i18n import en, fr, uk

NNBSP = "\u202f"  # narrow no-break space
_BEFORE_MARK = re.compile(r"[ \u00a0\u202f]?([:;?!])(?=\s|$)")


def french_spacing(text: str) -> str:
    """French typography for the tool's own words: a narrow no-break space before ``:``,
    ``;``, ``?`` and ``!`` that end a word (``Quand : `` → ``Quand\u202f: ``; a time
    ``10:00`` or a link ``https://`` is not touched). Every French word of the tool goes
    through it, so the rule has one home."""
    return _BEFORE_MARK.sub(NNBSP + r"\1", text)


@dataclass(frozen=True)
class Catalogue:
    """One language's words as they are printed (French spacing set for French)."""

    words: Mapping[str, str]
    weekdays: tuple[str, ...]  # Monday first
    months: tuple[str, ...]  # January first, in the form a date uses
    cities: Mapping[str, str]  # zone → city
    feminine: frozenset[str]  # what the sentences' agreeing forms (``key.f``) are for


def catalogue(code: str, module: ModuleType) -> Catalogue:
    """``module``'s tables (``WORDS``, ``WEEKDAYS``, ``MONTHS``, ``CITIES``, ``FEMININE``)
    as language ``code`` prints them."""
    words: dict[str, str] = module.WORDS
    if code == "fr":
        words = {key: french_spacing(text) for key, text in words.items()}
    return Catalogue(words, module.WEEKDAYS, module.MONTHS, module.CITIES, module.FEMININE)


_MODULES: dict[str, ModuleType] = {"uk": uk, "fr": fr, "en": en}
CATALOGUES: dict[str, Catalogue] = {code: catalogue(code, m) for code, m in _MODULES.items()}
LANGUAGES = tuple(CATALOGUES)  # ("uk", "fr", "en")


def ui_language(lang: str | None) -> str:
    """The language of the tool's own words: ``lang`` if we have it, else English."""
    return lang if lang in CATALOGUES else "en"


def _words(lang: str | None) -> Mapping[str, str]:
    return CATALOGUES[ui_language(lang)].words


def label(lang: str | None, key: str, **values: object) -> str:
    """The word or sentence ``key`` in ``lang``, its ``{placeholders}`` filled in."""
    text = _words(lang)[key]
    return text.format(**values) if values else text


def label_for(
    lang: str | None, key: str, kind: str | None, count: int = 1, /, **values: object
) -> str:
    """``label`` in the form that agrees with what it is about: ``key.f`` for a feminine
    ``kind`` (an event kind, ``action``, ``topic``), ``key.pl`` for ``count`` > 1,
    ``key.f.pl`` for both, each where the language has it (``cancelled`` of a visit:
    ``annulée``)."""
    words = _words(lang)
    feminine = kind in CATALOGUES[ui_language(lang)].feminine
    forms = [key + ".f.pl"] if feminine and count > 1 else []
    forms += [key + ".f"] if feminine else []
    forms += [key + ".pl"] if count > 1 else []
    text = next((words[form] for form in forms if form in words), words[key])
    return text.format(**values) if values else text


def language_name(lang: str) -> str:
    """A language's name in itself (``Українська``), or its code when we have none."""
    found = CATALOGUES.get(lang)
    return found.words["language-name"] if found else lang


def colon(lang: str | None) -> str:
    """``": "``, or ``"\u202f: "`` (narrow no-break space) in French typography."""
    return french_spacing(" : ") if ui_language(lang) == "fr" else ": "


def semicolon(lang: str | None) -> str:
    """``"; "`` between items of a list, ``"\u202f; "`` in French typography."""
    return french_spacing(" ; ") if ui_language(lang) == "fr" else "; "


def long_date(day: date, lang: str | None) -> str:
    """``Tuesday, 28 May 2024`` · ``вівторок, 28 травня 2024`` · ``mardi 28 mai 2024``."""
    code = ui_language(lang)
    weekday = CATALOGUES[code].weekdays[day.weekday()]
    month = CATALOGUES[code].months[day.month - 1]
    if code == "fr":
        return f"{weekday} {_day_number(day, code)} {month} {day.year}"
    return f"{weekday}, {day.day} {month} {day.year}"


def short_date(day: date, lang: str | None) -> str:
    """``28 May 2024`` · ``28 травня 2024`` · ``28 mai 2024`` (``1er juillet 2023``)."""
    code = ui_language(lang)
    return f"{_day_number(day, code)} {CATALOGUES[code].months[day.month - 1]} {day.year}"


def date_range(first: date, last: date, lang: str | None) -> str:
    """One day as :func:`long_date`; several as ``28 May 2024 – 30 May 2024``."""
    if first == last:
        return long_date(first, lang)
    return f"{short_date(first, lang)} – {short_date(last, lang)}"


def _day_number(day: date, code: str) -> str:
    """The day of the month as a date writes it: French writes the first ``1er``."""
    return "1er" if code == "fr" and day.day == 1 else str(day.day)


def zone_city(zone: str, lang: str | None) -> str:
    """A short, readable name of a zone: its city (``Europe/New_York`` → ``New York``)."""
    name = CATALOGUES[ui_language(lang)].cities.get(zone)
    if name:
        return name
    return zone.rsplit("/", 1)[-1].replace("_", " ")


# Numbers as each language writes them (the decimal comma of uk and fr) go here, at the
# end of this module (#16: merged from render).

_DECIMAL_COMMA = frozenset({"uk", "fr"})
_DURATION_UNITS = {"uk": ("год", "хв")}  # hours, minutes; the others write ("h", "min")


def decimal(value: float, lang: str | None) -> str:
    """A number in its shortest form as the language writes it: ``1.5`` · ``1,5`` (uk, fr)."""
    shown = f"{value:g}"
    return shown.replace(".", ",") if ui_language(lang) in _DECIMAL_COMMA else shown


def duration(minutes: int, lang: str | None) -> str:
    """``1 h 30 min`` · ``1 год 30 хв``; ``45 min``; ``2 h``."""
    hours, rest = divmod(minutes, 60)
    h, m = _DURATION_UNITS.get(ui_language(lang), ("h", "min"))
    if hours and rest:
        return f"{hours} {h} {rest} {m}"
    return f"{hours} {h}" if hours else f"{rest} {m}"
