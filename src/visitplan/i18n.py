"""The tool's own words in the plan languages we ship (uk, fr, en): labels, weekday and
month names, and the names of common time-zone cities. Any other language falls back to
English labels (the plan's own text still follows the plan's language fallback).

Small tables of our own rather than a locale library: three languages, a few dozen words,
no import cost on every run.
"""

from __future__ import annotations

import re
from datetime import date

LANGUAGES = ("uk", "fr", "en")

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "join": "Join the meeting",
        "invite-entries": "Your calendar gets {n} invitations for this visit: one for the visit and one for each session you take part in. Accept each one to have it in your calendar at its time.",
        "invite-subject": "Invitation: {title} — {day}",
        "update-subject": "Updated invitation: {title} — {day}",
        "cancel-subject": "Cancelled: {title} — {day}",
        "invite-intro": "You are invited to:",
        "update-intro": "The invitation has changed; this one replaces the previous one:",
        "cancel-intro": "This event is cancelled:",
        "when": "When",
        "organizer": "Organizer",
        "invite-footer": "The invitation is attached (invite.ics): your calendar can add it and answer.",
        "online-meeting": "online",
        "study-visit": "visit",
        "meeting": "meeting",
        "other": "other",
        "tentative": "tentative",
        "confirmed": "confirmed",
        "cancelled": "cancelled",
        "proposed": "proposed",
        "accepted": "accepted",
        "scheduled": "scheduled",
        "done": "done",
        "dropped": "dropped",
        "open": "open",
        "all-day": "all day",
        "day-of": "day {n}/{total}",
        "participants": "{n} participants",
        "participant": "1 participant",
        "topics": "Topics",
        "time": "Time",
        "event": "Event",
        "details": "Details",
        "program": "Program",
        "who": "Who",
        "where": "Where",
        "link": "Link",
        "speakers": "Speakers",
        "status": "Status",
        "kind": "Kind",
        "title": "Title",
        "requested-by": "Requested by",
        "proposed-by": "Proposed by",
        "covered-in": "Covered in",
        "not-covered": "not covered by any event",
        "owner": "Owner",
        "due": "Due",
        "from-event": "From",
        "overdue": "overdue",
        "name": "Name",
        "organization": "Organization",
        "role": "Role",
        "email": "Email",
        "phone": "Phone",
        "spellings": "Other spellings",
        "nothing": "Nothing to show.",
        "nothing-hint": "Nothing from {start} on; use --all, --past or --from to see more.",
        "offset-change": "Note: from {day}, {a} is {new} ahead of {b} (before: {old}).",
        "offset-change-behind": "Note: from {day}, {a} is {new} behind {b} (before: {old}).",
        "hours": "{n} h",
        "actions": "Actions",
        "participants-title": "Participants",
        "notes": "Notes",
        "host": "Host",
        "delegation": "Delegation",
        "lead": "lead",
        "times": "Times",
        "slots-title": "{count} times for {duration} between {first} and {last}",
        "slots-title-one": "1 time for {duration} between {first} and {last}",
        "slots-none": "No time between {first} and {last} suits everyone; try a longer range (--days) or a shorter --duration.",
        "clock-change": "Note: clocks change in {place} on {day} (UTC{old} → UTC{new}).",
        "days-off": "Days off in the range",
        "book": "Book it",
        "slot-title": "Online meeting",
        "holidays": "Public holidays",
        "slot": "Proposal {n}",
        "weekday-off": "no working day",
        "no-email": "no email",
        "part-of": "Part of",
        "only-items": "only {items}",
    },
    "uk": {
        "join": "Приєднатися до зустрічі",
        "invite-entries": "На цей візит ви отримуєте окремі запрошення ({n}): одне на весь візит і по одному на кожен захід програми, у якому ви берете участь. Прийміть кожне, щоб воно стояло у календарі у свій час.",
        "invite-subject": "Запрошення: {title} — {day}",
        "update-subject": "Оновлене запрошення: {title} — {day}",
        "cancel-subject": "Скасовано: {title} — {day}",
        "invite-intro": "Запрошуємо вас на подію:",
        "update-intro": "Запрошення змінилося; це замінює попереднє:",
        "cancel-intro": "Цю подію скасовано:",
        "when": "Коли",
        "organizer": "Організатор",
        "invite-footer": "Запрошення додано до листа (invite.ics): календар може додати його й надіслати відповідь.",
        "online-meeting": "онлайн",
        "study-visit": "візит",
        "meeting": "зустріч",
        "other": "інше",
        "tentative": "попередньо",
        "confirmed": "підтверджено",
        "cancelled": "скасовано",
        "proposed": "запропоновано",
        "accepted": "прийнято",
        "scheduled": "заплановано",
        "done": "виконано",
        "dropped": "відкликано",
        "open": "відкрито",
        "all-day": "весь день",
        "day-of": "день {n}/{total}",
        "participants": "учасників: {n}",
        "participant": "учасників: 1",
        "topics": "Теми",
        "time": "Час",
        "event": "Подія",
        "details": "Деталі",
        "program": "Програма",
        "who": "Хто",
        "where": "Де",
        "link": "Посилання",
        "speakers": "Доповідачі",
        "status": "Статус",
        "kind": "Тип",
        "title": "Назва",
        "requested-by": "Запит від",
        "proposed-by": "Пропонує",
        "covered-in": "Де розглядається",
        "not-covered": "не розглядається в жодній події",
        "owner": "Відповідальний",
        "due": "Термін",
        "from-event": "Подія",
        "overdue": "прострочено",
        "name": "Ім'я",
        "organization": "Організація",
        "role": "Посада",
        "email": "Ел. пошта",
        "phone": "Телефон",
        "spellings": "Інші написання",
        "nothing": "Нічого показати.",
        "nothing-hint": "Нічого від {start}; щоб побачити більше: --all, --past або --from.",
        "offset-change": "Увага: з {day} різниця в часі {a} – {b}: {new} (раніше: {old}).",
        "offset-change-behind": "Увага: з {day} різниця в часі {a} – {b}: {new} (раніше: {old}).",
        "hours": "{n} год",
        "actions": "Доручення",
        "participants-title": "Учасники",
        "notes": "Примітки",
        "host": "Приймає",
        "delegation": "Делегація",
        "lead": "керівник",
        "times": "Час",
        "slots-title": "{count} варіанти на {duration} між {first} і {last}",
        "slots-title-one": "1 варіант на {duration} між {first} і {last}",
        "slots-none": "Між {first} і {last} немає часу, зручного для всіх; спробуйте довший проміжок (--days) або коротшу --duration.",
        "clock-change": "Увага: {day} переводять годинники ({place}: UTC{old} → UTC{new}).",
        "days-off": "Вихідні та свята в цьому проміжку",
        "book": "Забронювати",
        "slot-title": "Онлайн-зустріч",
        "holidays": "Державні свята",
        "slot": "Варіант {n}",
        "weekday-off": "неробочий день",
        "no-email": "без ел. пошти",
        "part-of": "У програмі",
        "only-items": "лише {items}",
    },
    "fr": {
        "join": "Rejoindre la réunion",
        "invite-entries": "Votre agenda reçoit {n} invitations pour cette visite : une pour la visite et une pour chaque séance à laquelle vous participez. Acceptez chacune pour l'avoir dans votre agenda à son heure.",
        "invite-subject": "Invitation : {title} — {day}",
        "update-subject": "Invitation mise à jour : {title} — {day}",
        "cancel-subject": "Annulé : {title} — {day}",
        "cancel-subject.f": "Annulée : {title} — {day}",
        "invite-intro": "Vous êtes invité(e) à :",
        "update-intro": "L'invitation a changé ; celle-ci remplace la précédente :",
        "cancel-intro": "Cet événement est annulé :",
        "when": "Quand",
        "organizer": "Organisateur",
        "invite-footer": "L'invitation est jointe (invite.ics) : votre agenda peut l'ajouter et y répondre.",
        "online-meeting": "en ligne",
        "study-visit": "visite",
        "meeting": "réunion",
        "other": "autre",
        "tentative": "provisoire",
        "confirmed": "confirmé",
        "confirmed.f": "confirmée",
        "cancelled": "annulé",
        "cancelled.f": "annulée",
        "proposed": "proposé",
        "accepted": "accepté",
        "scheduled": "programmé",
        "done": "traité",
        "done.f": "traitée",
        "dropped": "abandonné",
        "dropped.f": "abandonnée",
        "open": "ouvert",
        "open.f": "ouverte",
        "all-day": "toute la journée",
        "day-of": "jour {n}/{total}",
        "participants": "{n} participants",
        "participant": "1 participant",
        "topics": "Thèmes",
        "time": "Heure",
        "event": "Événement",
        "details": "Détails",
        "program": "Programme",
        "who": "Qui",
        "where": "Lieu",
        "link": "Lien",
        "speakers": "Intervenants",
        "status": "Statut",
        "kind": "Type",
        "title": "Titre",
        "requested-by": "Demandé par",
        "proposed-by": "Proposé par",
        "covered-in": "Traité dans",
        "not-covered": "traité dans aucun événement",
        "owner": "Responsable",
        "due": "Échéance",
        "from-event": "Événement",
        "overdue": "en retard",
        "name": "Nom",
        "organization": "Organisation",
        "role": "Fonction",
        "email": "Courriel",
        "phone": "Téléphone",
        "spellings": "Autres graphies",
        "nothing": "Rien à afficher.",
        "nothing-hint": "Rien à partir du {start} ; --all, --past ou --from pour voir plus.",
        "offset-change": "Attention : à partir du {day}, {a} a {new} d'avance sur {b} (avant : {old}).",
        "offset-change-behind": "Attention : à partir du {day}, {a} a {new} de retard sur {b} (avant : {old}).",
        "hours": "{n} h",
        "actions": "Actions",
        "participants-title": "Participants",
        "notes": "Notes",
        "host": "Accueil",
        "delegation": "Délégation",
        "lead": "chef",
        "times": "Horaires",
        "slots-title": "{count} créneaux de {duration} entre le {first} et le {last}",
        "slots-title-one": "1 créneau de {duration} entre le {first} et le {last}",
        "slots-none": "Aucun créneau entre le {first} et le {last} ne convient à tous ; essayez une période plus longue (--days) ou une --duration plus courte.",
        "clock-change": "Attention : changement d'heure à {place} le {day} (UTC{old} → UTC{new}).",
        "days-off": "Jours non travaillés dans la période",
        "book": "Réserver",
        "slot-title": "Réunion en ligne",
        "holidays": "Jours fériés",
        "slot": "Proposition {n}",
        "weekday-off": "jour non travaillé",
        "no-email": "sans courriel",
        "part-of": "Au programme de",
        "only-items": "seulement {items}",
    },
}

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "uk": ("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    # genitive: "28 травня"
    "uk": (
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}

# Names of the cities of common zones, for column labels.
_ZONE_CITIES: dict[str, dict[str, str]] = {
    "Europe/Kyiv": {"uk": "Київ", "fr": "Kyiv", "en": "Kyiv"},
    "Europe/Kiev": {"uk": "Київ", "fr": "Kyiv", "en": "Kyiv"},
    "Europe/Paris": {"uk": "Париж", "fr": "Paris", "en": "Paris"},
    "Europe/Brussels": {"uk": "Брюссель", "fr": "Bruxelles", "en": "Brussels"},
    "Europe/Berlin": {"uk": "Берлін", "fr": "Berlin", "en": "Berlin"},
    "Europe/Warsaw": {"uk": "Варшава", "fr": "Varsovie", "en": "Warsaw"},
    "Europe/London": {"uk": "Лондон", "fr": "Londres", "en": "London"},
    "Europe/Vienna": {"uk": "Відень", "fr": "Vienne", "en": "Vienna"},
    "Europe/Rome": {"uk": "Рим", "fr": "Rome", "en": "Rome"},
    "Europe/Madrid": {"uk": "Мадрид", "fr": "Madrid", "en": "Madrid"},
    "Europe/Lisbon": {"uk": "Лісабон", "fr": "Lisbonne", "en": "Lisbon"},
    "Europe/Vilnius": {"uk": "Вільнюс", "fr": "Vilnius", "en": "Vilnius"},
    "Europe/Chisinau": {"uk": "Кишинів", "fr": "Chișinău", "en": "Chișinău"},
    "Asia/Tbilisi": {"uk": "Тбілісі", "fr": "Tbilissi", "en": "Tbilisi"},
    "America/New_York": {"uk": "Нью-Йорк", "fr": "New York", "en": "New York"},
    "UTC": {"uk": "UTC", "fr": "UTC", "en": "UTC"},
}


# The grammatical gender of what a sentence is about, where the language has one: the
# French nouns for the event kinds (réunion, visite, événement), actions and topics.
_FEMININE = {"fr": frozenset({"online-meeting", "study-visit", "meeting", "action"})}

NNBSP = "\u202f"  # narrow no-break space
_BEFORE_MARK = re.compile(r"[ \u00a0\u202f]?([:;?!])(?=\s|$)")


def french_spacing(text: str) -> str:
    """French typography for the tool's own words: a narrow no-break space before ``:``,
    ``;``, ``?`` and ``!`` that end a word (``Quand : `` → ``Quand\u202f: ``; a time
    ``10:00`` or a link ``https://`` is not touched). Every French table of the tool goes
    through it, so the rule has one home."""
    return _BEFORE_MARK.sub(NNBSP + r"\1", text)


def typeset(lang: str | None, table: dict[str, str]) -> dict[str, str]:
    """A table of ``lang``'s words as they are printed (French spacing for French)."""
    if lang != "fr":
        return table
    return {key: french_spacing(text) for key, text in table.items()}


def agreeing(
    table: dict[str, str], lang: str | None, key: str, kind: str | None, count: int = 1
) -> str:
    """``table[key]`` in the form that agrees with what it is about: ``key.f`` for a
    feminine ``kind`` (an event kind, ``action``, ``topic``), ``key.pl`` for several,
    ``key.f.pl`` for both, each where the table has it."""
    feminine = kind in _FEMININE.get(ui_language(lang), ())
    forms = [key + ".f.pl"] if feminine and count > 1 else []
    forms += [key + ".f"] if feminine else []
    forms += [key + ".pl"] if count > 1 else []
    return next((table[form] for form in forms if form in table), table[key])


def semicolon(lang: str | None) -> str:
    """``"; "`` between items of a list, ``"\u202f; "`` in French typography."""
    return french_spacing(" ; ") if ui_language(lang) == "fr" else "; "


_LABELS["fr"] = typeset("fr", _LABELS["fr"])


def ui_language(lang: str | None) -> str:
    """The language of the tool's own words: ``lang`` if we have it, else English."""
    return lang if lang in _LABELS else "en"


def label(lang: str | None, key: str, **values: object) -> str:
    text = _LABELS[ui_language(lang)][key]
    return text.format(**values) if values else text


def label_for(lang: str | None, key: str, kind: str | None, **values: object) -> str:
    """``label`` agreeing with ``kind`` (``cancelled`` of a visit: ``annulée``)."""
    text = agreeing(_LABELS[ui_language(lang)], lang, key, kind)
    return text.format(**values) if values else text


def colon(lang: str | None) -> str:
    """``": "``, or ``"\u202f: "`` (narrow no-break space) in French typography."""
    return french_spacing(" : ") if ui_language(lang) == "fr" else ": "


def long_date(day: date, lang: str | None) -> str:
    """``Tuesday, 28 May 2024`` · ``вівторок, 28 травня 2024`` · ``mardi 28 mai 2024``."""
    code = ui_language(lang)
    weekday = _WEEKDAYS[code][day.weekday()]
    month = _MONTHS[code][day.month - 1]
    if code == "en":
        return f"{weekday}, {day.day} {month} {day.year}"
    if code == "uk":
        return f"{weekday}, {day.day} {month} {day.year}"
    return f"{weekday} {_day_number(day, code)} {month} {day.year}"


def short_date(day: date, lang: str | None) -> str:
    """``28 May 2024`` · ``28 травня 2024`` · ``28 mai 2024`` (``1er juillet 2023``)."""
    code = ui_language(lang)
    return f"{_day_number(day, code)} {_MONTHS[code][day.month - 1]} {day.year}"


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
    names = _ZONE_CITIES.get(zone)
    if names:
        return names[ui_language(lang)]
    return zone.rsplit("/", 1)[-1].replace("_", " ")


# --------------------------------------------------------------------------- numbers
# (from render, #16: the decimal mark and the units of a duration are language rules)

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
