"""Writes the bad-input corpus: one plan file per mistake, named for it, and
expected.json (what `check` must name for each). Run from the repository root:

    .venv/bin/python tests/bad/generate.py

The 10 MB file is made by the test itself (it is not committed)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

BASE = """\
format = 1
id = "zhytomyr-orleans"
title.uk = "Житомир – Орлеан"
title.fr = "Jytomyr – Orléans"
timezone = "Europe/Kyiv"
languages = ["uk", "fr"]

[organizations.zhytomyr]
name.uk = "Житомирська міська рада"
name.fr = "Conseil municipal de Jytomyr"
country = "UA"
timezone = "Europe/Kyiv"

[organizations.orleans]
name.uk = "Мерія Орлеана"
name.fr = "Mairie d'Orléans"
country = "FR"
timezone = "Europe/Paris"

[people.koval]
name.uk = "Олена Коваль"
name.fr = "Olena Koval"
organization = "zhytomyr"
email = "koval@example.org"

[people.durand]
name.uk = "Амелі Дюран"
name.fr = "Amélie Durand"
organization = "orleans"
email = "durand@example.org"

[delegations.zhytomyr-2025]
name.uk = "Делегація Житомира"
name.fr = "Délégation de Jytomyr"
organization = "zhytomyr"
lead = "koval"

[[events]]
id = "call"
kind = "online-meeting"
title.uk = "Онлайн-зустріч"
title.fr = "Réunion en ligne"
start = 2025-05-20T11:00:00
end = 2025-05-20T12:00:00
url = "https://meet.example.org/zo"
participants = ["koval", "durand"]

  [[events.program]]
  id = "welcome"
  title.uk = "Вітання"
  title.fr = "Accueil"
  start = 11:00:00
  end = 11:15:00
  speakers = ["koval"]

[[events]]
id = "visit"
kind = "study-visit"
title.uk = "Візит"
title.fr = "Visite"
start = 2025-10-06
end = 2025-10-08
timezone = "Europe/Paris"
host = "orleans"
delegations = ["zhytomyr-2025"]
topics = ["water"]

  [[events.program]]
  id = "plant"
  title.uk = "Станція"
  title.fr = "Station"
  start = 2025-10-07T10:00:00
  end = 2025-10-07T12:00:00

[[topics]]
id = "water"
title.uk = "Вода"
title.fr = "Eau"
requested_by = "zhytomyr"
proposed_by = "orleans"

[[actions]]
id = "program"
title.uk = "Надіслати програму"
title.fr = "Envoyer le programme"
owner = "orleans"
event = "visit"
"""


def replace(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def drop(line: str) -> str:
    return replace(line + "\n", "")


# name -> (content, key path check must name or "" for the file as a whole)
CASES: dict[str, tuple[str | bytes, str]] = {
    # TOML syntax, each kind
    "syntax-missing-equals": (
        replace('url = "https://meet.example.org/zo"', 'url "https://meet.example.org/zo"'),
        "",
    ),
    "syntax-unterminated-string": (replace('title.uk = "Вода"', 'title.uk = "Вода'), ""),
    "syntax-unclosed-array": (
        replace('participants = ["koval", "durand"]', 'participants = ["koval", "durand"'),
        "",
    ),
    "syntax-duplicate-key": (replace('country = "UA"', 'country = "UA"\ncountry = "FR"'), ""),
    "syntax-duplicate-table": (BASE + '\n[people.koval]\nname = "Again"\n', ""),
    "syntax-bad-date": (replace("start = 2025-05-20T11:00:00", "start = 2025-13-20T11:00:00"), ""),
    "syntax-bad-escape": (replace('title.fr = "Eau"', 'title.fr = "Eau \\q"'), ""),
    "syntax-bare-word-value": (replace('kind = "online-meeting"', "kind = online-meeting"), ""),
    "syntax-table-redefines-key": (
        replace('languages = ["uk", "fr"]', 'languages = ["uk", "fr"]\npeople = "x"'),
        "",
    ),
    "merge-conflict-marker": (
        replace(
            "end = 2025-05-20T12:00:00",
            "<<<<<<< HEAD\nend = 2025-05-20T12:00:00\n=======\nend = 2025-05-20T12:30:00\n>>>>>>> other",
        ),
        "",
    ),
    # every required key missing
    "missing-plan-id": (drop('id = "zhytomyr-orleans"'), "id"),
    "missing-plan-title": (
        replace('title.uk = "Житомир – Орлеан"\ntitle.fr = "Jytomyr – Orléans"\n', ""),
        "title",
    ),
    "missing-plan-timezone": (
        replace('timezone = "Europe/Kyiv"\nlanguages', "languages"),
        "timezone",
    ),
    "missing-organization-name": (
        replace('name.uk = "Мерія Орлеана"\nname.fr = "Mairie d\'Orléans"\n', ""),
        "organizations.orleans.name",
    ),
    "missing-person-name": (
        replace('name.uk = "Амелі Дюран"\nname.fr = "Amélie Durand"\n', ""),
        "people.durand.name",
    ),
    "missing-delegation-name": (
        replace('name.uk = "Делегація Житомира"\nname.fr = "Délégation de Jytomyr"\n', ""),
        "delegations.zhytomyr-2025.name",
    ),
    "missing-event-id": (drop('id = "call"'), "events[0].id"),
    "missing-event-kind": (drop('kind = "online-meeting"'), "events[0].kind"),
    "missing-event-title": (
        replace('title.uk = "Онлайн-зустріч"\ntitle.fr = "Réunion en ligne"\n', ""),
        "events[0].title",
    ),
    "missing-event-start": (drop("start = 2025-05-20T11:00:00"), "events[0].start"),
    "missing-event-end": (drop("end = 2025-05-20T12:00:00"), "events[0].end"),
    "missing-program-title": (
        replace('  title.uk = "Станція"\n  title.fr = "Station"\n', ""),
        "events[1].program[0].title",
    ),
    "missing-program-start": (drop("  start = 2025-10-07T10:00:00"), "events[1].program[0].start"),
    "missing-topic-id": (drop('id = "water"'), "topics[0].id"),
    "missing-topic-title": (
        replace('title.uk = "Вода"\ntitle.fr = "Eau"\n', ""),
        "topics[0].title",
    ),
    "missing-action-id": (drop('id = "program"'), "actions[0].id"),
    "missing-action-title": (
        replace('title.uk = "Надіслати програму"\ntitle.fr = "Envoyer le programme"\n', ""),
        "actions[0].title",
    ),
    # wrong types
    "wrong-type-format-string": (replace("format = 1", 'format = "1"'), "format"),
    "wrong-type-title-number": (
        replace('title.uk = "Вода"\ntitle.fr = "Eau"', "title = 42"),
        "topics[0].title",
    ),
    "wrong-type-text-language-array": (
        replace('title.fr = "Eau"', 'title.fr = ["Eau"]'),
        "topics[0].title.fr",
    ),
    "wrong-type-timezone-number": (
        replace('timezone = "Europe/Paris"\n\n[people', "timezone = 1\n\n[people"),
        "organizations.orleans.timezone",
    ),
    "wrong-type-languages-string": (
        replace('languages = ["uk", "fr"]', 'languages = "uk"'),
        "languages",
    ),
    "wrong-type-participants-string": (
        replace('participants = ["koval", "durand"]', 'participants = "koval"'),
        "events[0].participants",
    ),
    "wrong-type-participant-number": (
        replace('participants = ["koval", "durand"]', 'participants = ["koval", 2]'),
        "events[0].participants[1]",
    ),
    "wrong-type-start-string": (
        replace("start = 2025-05-20T11:00:00", 'start = "2025-05-20 11:00"'),
        "events[0].start",
    ),
    "wrong-type-start-time-alone": (
        replace("start = 2025-05-20T11:00:00", "start = 11:00:00"),
        "events[0].start",
    ),
    "wrong-type-end-date-for-datetime": (
        replace("end = 2025-05-20T12:00:00", "end = 2025-05-20"),
        "events[0].end",
    ),
    "wrong-type-status-boolean": (
        replace('host = "orleans"', 'host = "orleans"\nstatus = true'),
        "events[1].status",
    ),
    "wrong-type-kind-unknown": (
        replace('kind = "online-meeting"', 'kind = "webinar"'),
        "events[0].kind",
    ),
    "wrong-type-due-string": (
        replace('event = "visit"\n', 'event = "visit"\ndue = "2025-09-01"\n'),
        "actions[0].due",
    ),
    "wrong-type-email": (
        replace('email = "durand@example.org"', 'email = "durand at example"'),
        "people.durand.email",
    ),
    "wrong-type-country-lowercase": (
        replace('country = "FR"', 'country = "fr"'),
        "organizations.orleans.country",
    ),
    "wrong-type-events-table": (
        replace('[[events]]\nid = "call"', '[events]\nid = "call"').split("\n  [[events.program]]")[
            0
        ]
        + "\n",
        "events",
    ),
    "wrong-type-program-time-in-visit": (
        replace("  start = 2025-10-07T10:00:00", "  start = 10:00:00").replace(
            "  end = 2025-10-07T12:00:00", "  end = 12:00:00"
        ),
        "events[1].program[0].start",
    ),
    # ids
    "id-path-dotdot": (replace('id = "call"', 'id = "../etc"'), "events[0].id"),
    "id-slash": (replace('id = "call"', 'id = "a/b"'), "events[0].id"),
    "id-upper-case": (replace('id = "water"', 'id = "Water"'), "topics[0].id"),
    "id-spaces": (replace('id = "program"', 'id = "send program"'), "actions[0].id"),
    "id-too-long": (replace('id = "zhytomyr-orleans"', 'id = "' + "x" * 64 + '"'), "id"),
    "id-directory-key": (replace("[people.durand]", '[people."Durand A."]'), "people.Durand A."),
    "id-duplicate-event": (replace('id = "visit"', 'id = "call"'), "events[1].id"),
    # references
    "reference-unknown-person": (
        replace('participants = ["koval", "durand"]', 'participants = ["koval", "durant"]'),
        "events[0].participants[1]",
    ),
    "reference-unknown-topic": (
        replace('topics = ["water"]', 'topics = ["waters"]'),
        "events[1].topics[0]",
    ),
    "reference-unknown-organization": (
        replace('host = "orleans"', 'host = "orlean"'),
        "events[1].host",
    ),
    # zones and times
    "zone-unknown": (
        replace('timezone = "Europe/Paris"\nhost', 'timezone = "Mars/Olympus"\nhost'),
        "events[1].timezone",
    ),
    "zone-misspelled": (
        replace('timezone = "Europe/Kyiv"\nlanguages', 'timezone = "Europe/Kiyv"\nlanguages'),
        "timezone",
    ),
    "time-in-dst-gap": (
        replace(
            "start = 2025-05-20T11:00:00\nend = 2025-05-20T12:00:00",
            "start = 2025-03-30T03:30:00\nend = 2025-03-30T05:00:00",
        ).replace("  start = 11:00:00\n  end = 11:15:00", "  start = 04:00:00\n  end = 04:15:00"),
        "events[0].start",
    ),
    "end-before-start": (
        replace("end = 2025-05-20T12:00:00", "end = 2025-05-20T10:00:00").replace(
            "  start = 11:00:00\n  end = 11:15:00\n  speakers", "  start = 11:00:00\n  speakers"
        ),
        "events[0].end",
    ),
    "program-outside-event": (
        replace(
            "  start = 2025-10-07T10:00:00\n  end = 2025-10-07T12:00:00",
            "  start = 2025-10-10T10:00:00\n  end = 2025-10-10T12:00:00",
        ),
        "events[1].program[0].start",
    ),
    "date-year-1": (replace("start = 2025-10-06", "start = 0001-10-06"), "events[1].start"),
    "date-year-9999": (replace("end = 2025-10-08", "end = 9999-12-31"), "events[1].end"),
    "format-too-new": (replace("format = 1", "format = 2"), "format"),
    # working hours, a person from elsewhere, accepted warnings
    "working-hours-not-a-period": (
        replace('timezone = "Europe/Paris"', 'timezone = "Europe/Paris"\nworking_hours = "9 to 6"'),
        "organizations.orleans.working_hours",
    ),
    "working-hours-not-a-time": (
        replace(
            'timezone = "Europe/Paris"', 'timezone = "Europe/Paris"\nworking_hours = "09:00-25:00"'
        ),
        "organizations.orleans.working_hours",
    ),
    "working-hours-end-before-start": (
        replace(
            'timezone = "Europe/Paris"', 'timezone = "Europe/Paris"\nworking_hours = "18:00-09:00"'
        ),
        "organizations.orleans.working_hours",
    ),
    "working-hours-overlapping-periods": (
        replace(
            'timezone = "Europe/Paris"',
            'timezone = "Europe/Paris"\nworking_hours = "09:00-13:00, 12:00-18:00"',
        ),
        "organizations.orleans.working_hours",
    ),
    "working-hours-bad-weekday": (
        replace(
            'timezone = "Europe/Paris"',
            'timezone = "Europe/Paris"\nworking_hours = { monday = "09:00-18:00" }',
        ),
        "organizations.orleans.working_hours.monday",
    ),
    "working-hours-day-not-a-string": (
        replace(
            'timezone = "Europe/Paris"', 'timezone = "Europe/Paris"\nworking_hours = { mon = 9 }'
        ),
        "organizations.orleans.working_hours.mon",
    ),
    "working-hours-no-day": (
        replace('timezone = "Europe/Paris"', 'timezone = "Europe/Paris"\nworking_hours = {}'),
        "organizations.orleans.working_hours",
    ),
    "person-timezone-unknown": (
        replace(
            'email = "durand@example.org"',
            'email = "durand@example.org"\ntimezone = "America/Baltimore"',
        ),
        "people.durand.timezone",
    ),
    "person-country-lower-case": (
        replace('email = "durand@example.org"', 'email = "durand@example.org"\ncountry = "us"'),
        "people.durand.country",
    ),
    "accept-unknown-warning": (
        replace(
            'url = "https://meet.example.org/zo"',
            'url = "https://meet.example.org/zo"\naccept = ["holiday"]',
        ),
        "events[0].accept[0]",
    ),
    "accept-not-a-list": (
        replace(
            'url = "https://meet.example.org/zo"',
            'url = "https://meet.example.org/zo"\naccept = "weekend"',
        ),
        "events[0].accept",
    ),
    # text and bytes
    "control-character-in-title": (
        replace('title.fr = "Eau"', 'title.fr = "Eau\\u0007"'),
        "topics[0].title.fr",
    ),
    # a line break in a single-line text would end a calendar property or a mail header
    "line-break-in-title": (
        replace('title.fr = "Jytomyr – Orléans"', 'title.fr = "Injection\\r\\nX-INJECTED:1"'),
        "title.fr",
    ),
    "line-break-in-a-name": (
        replace('name.fr = "Olena Koval"', 'name.fr = "Olena\\nKoval"'),
        "people.koval.name.fr",
    ),
    "unicode-line-separator-in-a-location": (
        replace(
            'url = "https://meet.example.org/zo"',
            'url = "https://meet.example.org/zo"\nlocation = "Salle 1\\u2028Orléans"',
        ),
        "events[0].location",
    ),
    "line-break-after-an-id": (replace('id = "call"', 'id = "call\\n"'), "events[0].id"),
    "line-break-after-an-email": (
        replace('email = "koval@example.org"', 'email = "koval@example.org\\n"'),
        "people.koval.email",
    ),
    "nul-bytes": (BASE.encode() + b"\x00\x00\x00", ""),
    "invalid-utf8": (BASE.replace("Eau", "E\udcffau").encode("utf-8", "surrogateescape"), ""),
    "utf16": (BASE.encode("utf-16"), ""),
    "empty-file": (b"", ""),
    "only-comments": (b"# a plan will come here\n", ""),
    "deeply-nested-arrays": ("x = " + "[" * 5000 + "]" * 5000 + "\n" + BASE, ""),
    "binary-image": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ""),
}

# valid, must work: what Windows editors and real text produce
VALID: dict[str, str | bytes] = {
    "valid-crlf-line-endings": BASE.replace("\n", "\r\n").encode(),
    "valid-utf8-bom": b"\xef\xbb\xbf" + BASE.encode(),
    "valid-emoji-and-right-to-left": replace('title.fr = "Eau"', 'title.fr = "Eau 💧 ماء מים"'),
    "valid-multi-line-notes": replace(
        'url = "https://meet.example.org/zo"',
        'url = "https://meet.example.org/zo"\nnotes = "Agenda:\\r\\n1. Water\\n2. Waste\\u2028end"',
    ),
    "valid-long-text": replace(
        'url = "https://meet.example.org/zo"',
        'url = "https://meet.example.org/zo"\nnotes = "' + "Примітка. " * 10_000 + '"',
    ),
}


def main() -> None:
    for old in HERE.glob("*.toml"):
        old.unlink()
    expected: dict[str, str] = {}
    for name, (content, path) in {**CASES, **{k: (v, None) for k, v in VALID.items()}}.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (HERE / f"{name}.toml").write_bytes(data)
        expected[name] = path  # type: ignore[assignment]
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(CASES)} bad and {len(VALID)} valid plans to {HERE}")


if __name__ == "__main__":
    main()
