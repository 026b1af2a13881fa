"""The site's own words (headings, buttons, link texts) in the languages visitplan speaks.

The tool's shared labels (kinds, statuses, "Program", "Participants"…) come from
``visitplan.i18n``; only what no other output says lives here. A language without a
table gets the English words, marked ``lang="en"`` by the pages.
"""

from __future__ import annotations

from visitplan.i18n import typeset, ui_language

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "language-name": "English",
        "site-title": "Programmes",
        "upcoming": "Upcoming",
        "nothing-upcoming": "Nothing planned from {day} on.",
        "plans": "Plans",
        "events": "Events",
        "people": "People",
        "calendar": "Calendar",
        "download-ics": "Download the calendar (.ics)",
        "subscribe": "Subscribe in your calendar app",
        "my-calendar": "My calendar (.ics)",
        "takes-part": "Takes part in",
        "takes-part-none": "Not taking part in any event.",
        "whole-event": "the whole event",
        "only": "only",
        "in-other-languages": "In other languages",
        "skip": "Skip to the content",
        "home": "All programmes",
        "back-to-plan": "Back to the plan",
        "map": "map",
        "times-in": "Times in {zones}",
        "contact": "Contact",
        "choose-language": "Choose a language",
        "programme-pdf": "Printable programme (PDF)",
        "roles": "Roles",
        "past": "Past",
    },
    "uk": {
        "language-name": "Українська",
        "site-title": "Програми",
        "upcoming": "Найближчі події",
        "nothing-upcoming": "Від {day} нічого не заплановано.",
        "plans": "Плани",
        "events": "Події",
        "people": "Люди",
        "calendar": "Календар",
        "download-ics": "Завантажити календар (.ics)",
        "subscribe": "Підписатися в календарі",
        "my-calendar": "Мій календар (.ics)",
        "takes-part": "Бере участь у",
        "takes-part-none": "Не бере участі в жодній події.",
        "whole-event": "уся подія",
        "only": "лише",
        "in-other-languages": "Іншими мовами",
        "skip": "Перейти до змісту",
        "home": "Усі програми",
        "back-to-plan": "Назад до плану",
        "map": "мапа",
        "times-in": "Час: {zones}",
        "contact": "Контакт",
        "choose-language": "Оберіть мову",
        "programme-pdf": "Програма для друку (PDF)",
        "roles": "Ролі",
        "past": "Минулі",
    },
    "fr": {
        "language-name": "Français",
        "site-title": "Programmes",
        "upcoming": "À venir",
        "nothing-upcoming": "Rien de prévu à partir du {day}.",
        "plans": "Plans",
        "events": "Événements",
        "people": "Personnes",
        "calendar": "Calendrier",
        "download-ics": "Télécharger le calendrier (.ics)",
        "subscribe": "S'abonner dans son agenda",
        "my-calendar": "Mon calendrier (.ics)",
        "takes-part": "Participe à",
        "takes-part-none": "Ne participe à aucun événement.",
        "whole-event": "tout l'événement",
        "only": "seulement",
        "in-other-languages": "Dans d'autres langues",
        "skip": "Aller au contenu",
        "home": "Tous les programmes",
        "back-to-plan": "Retour au plan",
        "map": "carte",
        "times-in": "Heures : {zones}",
        "contact": "Contact",
        "choose-language": "Choisir une langue",
        "programme-pdf": "Programme à imprimer (PDF)",
        "roles": "Rôles",
        "past": "Passés",
    },
}

_WORDS["fr"] = typeset("fr", _WORDS["fr"])

# How a role of ``participation`` is named on a person's page.
_ROLES: dict[str, dict[str, str]] = {
    "en": {
        "participant": "participant",
        "lead": "head of delegation",
        "member": "delegation member",
        "speaker": "speaker",
        "organizer": "organizer",
    },
    "uk": {
        "participant": "учасник",
        "lead": "керівник делегації",
        "member": "член делегації",
        "speaker": "доповідач",
        "organizer": "організатор",
    },
    "fr": {
        "participant": "participant",
        "lead": "chef de délégation",
        "member": "membre de la délégation",
        "speaker": "intervenant",
        "organizer": "organisateur",
    },
}


def words_language(lang: str) -> str:
    """The language the site's words are shown in for a page in ``lang``."""
    code = ui_language(lang)
    return code if code in _WORDS else "en"


def word(lang: str, key: str, **values: object) -> str:
    text = _WORDS[words_language(lang)][key]
    return text.format(**values) if values else text


def role_name(lang: str, role: str) -> str:
    return _ROLES[words_language(lang)][role]


def language_name(lang: str) -> str:
    """A language's name in itself (``Українська``), or its code when we have none."""
    table = _WORDS.get(lang)
    return table["language-name"] if table else lang
