"""The programme's own words in the languages visitplan speaks (uk, fr, en); every other
word it shows is the tool's common one from ``i18n``."""

from __future__ import annotations

from visitplan.i18n import label, ui_language

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dates": "Dates",
        "map": "map",
        "page-of": "page {page} of {pages}",
        "revision": "plan revision {revision}",
        "modified": "modified, not committed",
        "online-link": "Online",
        "zones": "Time",
        "contact": "Contact",
    },
    "uk": {
        "dates": "Дати",
        "map": "карта",
        "page-of": "сторінка {page} з {pages}",
        "revision": "версія плану {revision}",
        "modified": "змінена, не збережена в git",
        "online-link": "Онлайн",
        "zones": "Час",
        "contact": "Контакт",
    },
    "fr": {
        "dates": "Dates",
        "map": "carte",
        "page-of": "page {page} sur {pages}",
        "revision": "version du plan {revision}",
        "modified": "modifiée, non enregistrée dans git",
        "online-link": "En ligne",
        "zones": "Horaire",
        "contact": "Contact",
    },
}


def word(lang: str, key: str, **values: object) -> str:
    """``key`` in ``lang`` (English for a language visitplan does not speak): the
    programme's own words first, then the tool's (``i18n.label``)."""
    table = _WORDS[ui_language(lang)]
    if key not in table:
        return label(lang, key, **values)
    text = table[key]
    return text.format(**values) if values else text
