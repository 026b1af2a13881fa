"""The catalogues of src/visitplan/i18n/ (#16): every language has the keys of English,
each with the same placeholders (``{name}`` fields, ``%`` forms), its agreeing forms
(``key.f``, ``key.pl``, ``key.f.pl``) only for keys English has, and a whole week, year
and set of zone cities. A word left out or a placeholder misspelt in one language would
otherwise be a KeyError, or an English word, the day someone reads that language."""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Mapping

from visitplan.i18n import CATALOGUES, LANGUAGES, Catalogue, label, label_for

_AGREEING = re.compile(r"(?:\.f)?(?:\.pl)?$")
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")


def placeholders(text: str) -> list[str]:
    """The ``{fields}`` and ``%`` forms of ``text``, each once, sorted."""
    fields = {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    percent = {form for form in _PERCENT.findall(text) if form != "%%"}
    return sorted(fields | percent)


def differences(catalogues: Mapping[str, Catalogue]) -> list[str]:
    """What each language's catalogue does not share with English."""
    english = catalogues["en"]
    found = []
    for code, catalogue in catalogues.items():
        found += [f"{code}: no {key!r}" for key in english.words if key not in catalogue.words]
        for key, text in catalogue.words.items():
            base = _AGREEING.sub("", key)
            if base not in english.words:
                found.append(f"{code}: {key!r} is not a key of English")
            elif placeholders(text) != placeholders(english.words[base]):
                found.append(
                    f"{code}: {key!r} has {placeholders(text)}, English "
                    f"{placeholders(english.words[base])}"
                )
        if len(catalogue.weekdays) != 7 or len(catalogue.months) != 12:
            found.append(
                f"{code}: {len(catalogue.weekdays)} weekdays, {len(catalogue.months)} months"
            )
        if set(catalogue.cities) != set(english.cities):
            found.append(f"{code}: cities of {sorted(set(catalogue.cities) ^ set(english.cities))}")
    return found


def _planted(code: str, **changes: str | None) -> dict[str, Catalogue]:
    """The catalogues with ``code``'s words changed in memory (None: the key left out)."""
    words = dict(CATALOGUES[code].words)
    for key, text in changes.items():
        if text is None:
            del words[key]
        else:
            words[key] = text
    return {**CATALOGUES, code: dataclasses.replace(CATALOGUES[code], words=words)}


def test_every_language_has_the_keys_and_placeholders_of_english() -> None:
    assert set(LANGUAGES) == {"uk", "fr", "en"}
    # a word of each section: the views and mail, the programme, the site, changes
    assert {"join", "page-of", "site-title", "role-lead", "event-moved"} <= set(
        CATALOGUES["en"].words
    )
    assert differences(CATALOGUES) == []


def test_a_missing_key_fails() -> None:
    # one word left out of the Ukrainian catalogue (in memory only)
    assert differences(_planted("uk", **{"site-title": None})) == ["uk: no 'site-title'"]


def test_a_placeholder_another_language_lacks_or_misspells_fails() -> None:
    wrong = {"invite-subject": "Invitation : {titre} — {day}", "day-of": "jour %d/{total}"}
    assert differences(_planted("fr", **wrong)) == [
        "fr: 'invite-subject' has ['{day}', '{titre}'], English ['{day}', '{title}']",
        "fr: 'day-of' has ['%d', '{total}'], English ['{n}', '{total}']",
    ]
    # an agreeing form is held to its key's placeholders too
    assert differences(_planted("fr", **{"cancel-subject.f": "Annulée : {title}"})) == [
        "fr: 'cancel-subject.f' has ['{title}'], English ['{day}', '{title}']"
    ]


def test_a_key_english_lacks_fails() -> None:
    assert differences(_planted("uk", **{"site-titel": "Програми"})) == [
        "uk: 'site-titel' is not a key of English"
    ]


def test_agreeing_forms_are_picked_by_kind_and_count() -> None:
    # the French catalogue's feminine and plural forms, as the sentences use them
    assert label_for("fr", "cancelled", "study-visit") == "annulée"
    assert label_for("fr", "cancelled", "other") == "annulé"
    names = {"event": "Visite", "names": "Olena, Marc"}
    assert label_for("fr", "participants-added", None, 2, **names) == (
        "Visite\u202f: participent désormais\u202f: Olena, Marc"
    )
    assert label_for("uk", "cancelled", "study-visit") == label("uk", "cancelled") == "скасовано"
