"""Synthetic plan repositories in the v1 format, for the benchmarks.

Each plan: five organizations in zones on three continents, twenty people with emails
and Ukrainian, French and English names, two delegations, events of every kind (online
meetings with a program by time of day, multi-day study visits with a day-by-day
program, meetings, cancelled and tentative ones), topics and actions.

    python benchmarks/generate.py OUT --plans 200 --events 50
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta
from pathlib import Path

ZONES = ["Europe/Kyiv", "Europe/Paris", "America/New_York", "Asia/Tbilisi", "Europe/Brussels"]
CITIES = [
    ("Житомир", "Jytomyr", "Zhytomyr"),
    ("Орлеан", "Orléans", "Orléans"),
    ("Нью-Йорк", "New York", "New York"),
    ("Тбілісі", "Tbilissi", "Tbilisi"),
    ("Брюссель", "Bruxelles", "Brussels"),
]
FIRST = ["Олена", "Андрій", "Марія", "Жан", "Амелі", "Сара", "Ніно", "Марк"]
FIRST_LATIN = ["Olena", "Andrii", "Mariia", "Jean", "Amélie", "Sarah", "Nino", "Marc"]
LAST = ["Коваль", "Мельник", "Дюран", "Мартен", "Міллер", "Беридзе", "Дюбуа", "Шевченко"]
LAST_LATIN = ["Koval", "Melnyk", "Durand", "Martin", "Miller", "Beridze", "Dubois", "Shevchenko"]
TOPICS = [
    ("Очищення води", "Traitement de l'eau", "Water treatment"),
    ("Освіта", "Éducation", "Education"),
    ("Культура", "Culture", "Culture"),
    ("Енергетика", "Énergie", "Energy"),
    ("Фінансування ЄС", "Fonds européens", "EU funding"),
]


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text(key: str, values: tuple[str, str, str], indent: str = "") -> str:
    uk, fr, en = values
    return f"{indent}{key}.uk = {q(uk)}\n{indent}{key}.fr = {q(fr)}\n{indent}{key}.en = {q(en)}\n"


def event_id(plan: int, event: int) -> str:
    """Event ids are unique across the repository, so that `show EVENT` finds one."""
    return f"p{plan:04d}-e{event}"


def plan(number: int, events: int, rng: random.Random) -> str:
    out = [
        "format = 1\n",
        f'id = "plan-{number:04d}"\n',
        text("title", (f"Партнерство {number}", f"Partenariat {number}", f"Partnership {number}")),
        f'timezone = "{ZONES[number % 2]}"\n',
        'languages = ["uk", "fr", "en"]\n',
        'organizer = "p0"\n\n',
    ]
    for index, zone in enumerate(ZONES):
        out.append(f"[organizations.org{index}]\n")
        out.append(
            text(
                "name",
                (
                    f"Рада {CITIES[index][0]}",
                    f"Conseil de {CITIES[index][1]}",
                    f"{CITIES[index][2]} council",
                ),
            )
        )
        out.append(text("city", CITIES[index]))
        out.append(f'timezone = "{zone}"\n\n')
    for person in range(20):
        first, last = person % len(FIRST), (person * 3 + number) % len(LAST)
        out.append(f"[people.p{person}]\n")
        out.append(
            text(
                "name",
                (
                    f"{FIRST[first]} {LAST[last]}",
                    f"{FIRST_LATIN[first]} {LAST_LATIN[last]}",
                    f"{FIRST_LATIN[first]} {LAST_LATIN[last]}",
                ),
            )
        )
        out.append(f'organization = "org{person % 5}"\n')
        out.append(text("role", ("Координатор", "Coordinateur", "Coordinator")))
        out.append(f'email = "p{person}.plan{number}@example.org"\n\n')
    for delegation in range(2):
        out.append(f"[delegations.d{delegation}]\n")
        out.append(
            text(
                "name",
                (f"Делегація {delegation}", f"Délégation {delegation}", f"Delegation {delegation}"),
            )
        )
        out.append(
            f'organization = "org{delegation}"\nlead = "p{delegation}"\nmembers = ["p{delegation + 2}", "p{delegation + 4}"]\n\n'
        )
    day = date(2025, 1, 6) + timedelta(days=number % 7)
    for event in range(events):
        day += timedelta(days=rng.randint(1, 10))
        kind = ["online-meeting", "study-visit", "meeting", "online-meeting", "other"][event % 5]
        zone = ZONES[rng.randrange(len(ZONES))]
        out.append("[[events]]\n")
        out.append(f'id = "{event_id(number, event)}"\nkind = "{kind}"\n')
        out.append(text("title", (f"Зустріч {event}", f"Réunion {event}", f"Meeting {event}")))
        status = ["confirmed", "confirmed", "tentative", "confirmed", "cancelled"][event % 5]
        if kind == "study-visit":
            out.append(
                f"start = {day.isoformat()}\nend = {(day + timedelta(days=3)).isoformat()}\n"
            )
        else:
            hour = rng.randint(8, 15)
            out.append(
                f"start = {day.isoformat()}T{hour:02d}:00:00\nend = {day.isoformat()}T{hour + 2:02d}:00:00\n"
            )
        out.append(f'timezone = "{zone}"\nstatus = "{status}"\nhost = "org{event % 5}"\n')
        if kind == "online-meeting":
            out.append(f'url = "https://meet.example.org/plan{number}/e{event}"\n')
        else:
            out.append(text("location", ("Мерія", "Mairie", "Town hall")))
        people = sorted(rng.sample(range(20), 4))
        out.append("participants = [" + ", ".join(f'"p{p}"' for p in people) + "]\n")
        out.append(f'delegations = ["d{event % 2}"]\ntopics = ["t{event % 5}"]\n\n')
        if kind == "study-visit":
            for item in range(4):
                when = datetime.combine(
                    day + timedelta(days=item), datetime.min.time()
                ) + timedelta(hours=10)
                out.append("  [[events.program]]\n")
                out.append(f'  id = "i{item}"\n')
                out.append(
                    text(
                        "title", (f"Програма {item}", f"Programme {item}", f"Program {item}"), "  "
                    )
                )
                out.append(
                    f"  start = {when.isoformat()}\n  end = {(when + timedelta(hours=2)).isoformat()}\n"
                )
                out.append(f'  speakers = ["p{people[0]}"]\n\n')
        elif kind == "online-meeting":
            for item in range(3):
                out.append("  [[events.program]]\n")
                out.append(text("title", (f"Пункт {item}", f"Point {item}", f"Item {item}"), "  "))
                out.append(f"  start = {hour:02d}:{item * 20:02d}:00\n")
                out.append(f'  speakers = ["p{people[item]}"]\n\n')
    for topic in range(5):
        out.append(f'[[topics]]\nid = "t{topic}"\n')
        out.append(text("title", TOPICS[topic]))
        out.append(f'requested_by = "org{topic % 5}"\nproposed_by = "org{(topic + 1) % 5}"\n\n')
    for action in range(10):
        out.append(f'[[actions]]\nid = "a{action}"\n')
        out.append(text("title", (f"Доручення {action}", f"Action {action}", f"Action {action}")))
        out.append(
            f'owner = "org{action % 5}"\nevent = "{event_id(number, action)}"\nstatus = "{"done" if action % 3 else "open"}"\n\n'
        )
    return "".join(out)


def generate(folder: Path, plans: int, events: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(plans):
        (folder / f"plan-{number:04d}.toml").write_text(plan(number, events, rng), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    generate(args.out, args.plans, args.events)


if __name__ == "__main__":
    main()
