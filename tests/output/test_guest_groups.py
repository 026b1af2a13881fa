"""One grouping of the people taking part (#16 item 3): ``show``, the .ics DESCRIPTION
and the invitations list the same groups — each delegation, then the others by
organization — in the same order (``participation.groups``). The plan's participants
come in another order than their organizations' (one of none first, the host's last),
so a consumer grouping "as they come" would disagree. The real commands, as processes."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
from email import policy
from email.message import EmailMessage
from pathlib import Path

from icalendar import Calendar

from visitplan.i18n import label

PLAN_HEAD = """\
format = 1
id = "korosten-bourges-water"
title.uk = "Коростень – Бурж: вода"
title.fr = "Korosten – Bourges : l'eau"
timezone = "Europe/Kyiv"
languages = ["uk", "fr"]
organizer = "bondarenko"

[organizations.korosten]
name.uk = "Коростенська міська рада"
name.fr = "Conseil municipal de Korosten"
short = "Коростень"
country = "UA"
timezone = "Europe/Kyiv"

[organizations.bourges]
name.uk = "Мерія Буржа"
name.fr = "Ville de Bourges"
short = "Bourges"
country = "FR"
timezone = "Europe/Paris"

[organizations.agence]
name.uk = "Агенція води Луара-Бретань"
name.fr = "Agence de l'eau Loire-Bretagne"
short = "AELB"
country = "FR"
timezone = "Europe/Paris"

{people}
[delegations.korosten-2026]
name.uk = "Делегація Коростеня"
name.fr = "Délégation de Korosten"
organization = "korosten"
lead = "melnyk"

[delegations.bourges-2026]
name.uk = "Делегація Буржа"
name.fr = "Délégation de Bourges"
organization = "bourges"
lead = "lefevre"
members = ["girard"]

[[events]]
id = "water-meeting"
kind = "meeting"
title.uk = "Зустріч щодо водопостачання"
title.fr = "Réunion sur l'eau potable"
start = 2026-10-24T10:00:00
end = 2026-10-24T12:00:00
timezone = "Europe/Paris"
host = "agence"
delegations = ["korosten-2026", "bourges-2026"]
participants = ["morel", "petrenko", "dubois"]
"""
# id, name (one spelling, or uk and fr), organization, languages
PEOPLE = (
    ("bondarenko", "Олена Бондаренко", "korosten", "uk"),
    ("melnyk", ("Тарас Мельник", "Taras Melnyk"), "korosten", "uk"),
    ("petrenko", "Ірина Петренко", "korosten", "uk fr"),
    ("lefevre", "Élise Lefèvre", "bourges", "fr"),
    ("girard", "François Girard", "bourges", "fr"),
    ("dubois", "Hélène Dubois", "agence", "fr"),
    ("morel", "Noël Morel", None, "fr"),
)


def person_toml(person_id: str, name: str | tuple[str, str], org: str | None, langs: str) -> str:
    names = (
        f'name = "{name}"'
        if isinstance(name, str)
        else (f'name.uk = "{name[0]}"\nname.fr = "{name[1]}"')
    )
    member = f'organization = "{org}"\n' if org else ""
    languages = ", ".join(f'"{lang}"' for lang in langs.split())
    return (
        f"[people.{person_id}]\n{names}\n{member}"
        f'email = "{person_id}@example.org"\nlanguages = [{languages}]\n'
    )


PLAN = PLAN_HEAD.replace("{people}", "\n".join(person_toml(*p) for p in PEOPLE))
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1760000000", "VISITPLAN_TODAY": "2026-10-01"}
LEAD = f" ({label('fr', 'lead')})"


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "visitplan", *args],
        capture_output=True, text=True, check=False, env=ENV,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def listed(lines: list[str], title: str) -> list[list[str]]:
    """The names of each ``heading: name, name`` line under ``title``, up to a blank line."""
    start = next(n for n, line in enumerate(lines) if line.startswith(title)) + 1
    groups = []
    for line in lines[start:]:
        if not line.strip():
            break
        names = line.partition(":")[2]
        groups.append([name.strip().removesuffix(LEAD) for name in names.split(", ")])
    return groups


def test_show_the_calendar_and_the_mail_group_people_alike(tmp_path: Path) -> None:
    plan = tmp_path / "korosten-bourges-water.toml"
    plan.write_text(PLAN, encoding="utf-8")
    title = label("fr", "participants-title")

    shown = json.loads(run("show", str(plan), "water-meeting", "--lang", "fr", "-f", "json"))
    in_show = [[person["name"] for person in group["people"]] for group in shown["groups"]]

    run("export", str(plan), "--lang", "fr", "-o", str(tmp_path / "out.ics"))
    (vevent,) = Calendar.from_ical((tmp_path / "out.ics").read_bytes()).walk("VEVENT")
    in_calendar = listed(str(vevent["description"]).split("\n"), f"{title}:")

    run("invite", str(plan), "water-meeting", "--dry-run", str(tmp_path / "mail"))
    message = email.message_from_bytes(
        (tmp_path / "mail" / "lefevre.eml").read_bytes(), policy=policy.default
    )
    assert isinstance(message, EmailMessage)
    part = message.get_body(("plain",))
    assert part is not None
    in_mail = listed(part.get_content().split("\n"), title)

    # Both delegations (leads first), then the host's organization, the other
    # organization, and the one person of none last — whatever order the plan lists them.
    assert in_show == [
        ["Taras Melnyk"],
        ["Élise Lefèvre", "François Girard"],
        ["Hélène Dubois"],
        ["Ірина Петренко"],
        ["Noël Morel"],
    ]
    assert in_calendar == in_show
    assert in_mail == in_show
    assert [g["id"] for g in shown["groups"]][2:] == ["agence", "korosten", None]
    assert re.search(r"AELB\s?:", part.get_content())  # the host's group by its short name
