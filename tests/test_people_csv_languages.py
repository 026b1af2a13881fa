"""`people --format csv` spells each name in the plan's ``languages``, in their order: a
``name_<code>`` column per language (the example plan, uk · fr · en, keeps its columns:
tests/golden/views/people.csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import Run

LUBLIN_LVIV = """\
format = 1
id = "lublin-lviv"
title.pl = "Lublin – Lwów"
title.uk = "Люблін – Львів"
timezone = "Europe/Warsaw"
languages = ["pl", "uk"]

[organizations.lublin]
name.pl = "Urząd Miasta Lublin"
name.uk = "Люблінська міська рада"

[people.nowak]
name.pl = "Agnieszka Nowak"
name.uk = "Аґнєшка Новак"
organization = "lublin"
email = "a.nowak@example.pl"

[people.koval]
name.pl = "Ołena Kowal"
name.uk = "Олена Коваль"
email = "o.koval@example.org"
"""

BOURGES = """\
format = 1
id = "bourges-korosten"
title.fr = "Bourges – Korosten"
title.en = "Bourges – Korosten"
timezone = "Europe/Paris"
languages = ["fr", "en"]

[people.lefevre]
name.fr = "Élodie Lefèvre"
name.en = "Elodie Lefevre"
role.fr = "Chargée de mission coopération"
role.en = "Cooperation officer"
"""


def rows(run: Run, *plans: Path) -> list[list[str]]:
    result = run("people", *plans, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_name_columns_follow_the_plans_languages(run: Run, tmp_path: Path) -> None:
    plan = write(tmp_path, "lublin-lviv.toml", LUBLIN_LVIV)
    header, *people = rows(run, plan)
    assert header == [
        "plan", "id", "name", "name_pl", "name_uk",
        "organization", "organization_name", "role", "email", "phone",
    ]  # fmt: skip
    assert people == [
        [
            "lublin-lviv", "nowak", "Agnieszka Nowak", "Agnieszka Nowak", "Аґнєшка Новак",
            "lublin", "Urząd Miasta Lublin", "", "a.nowak@example.pl", "",
        ],
        [
            "lublin-lviv", "koval", "Ołena Kowal", "Ołena Kowal", "Олена Коваль",
            "", "", "", "o.koval@example.org", "",
        ],
    ]  # fmt: skip


def test_people_of_two_plans_get_the_languages_of_both(run: Run, tmp_path: Path) -> None:
    bourges = write(tmp_path, "bourges-korosten.toml", BOURGES)
    lublin = write(tmp_path, "lublin-lviv.toml", LUBLIN_LVIV)
    header, *people = rows(run, bourges, lublin)
    names = [column for column in header if column.startswith("name_")]
    assert names == ["name_fr", "name_en", "name_pl", "name_uk"]
    by_id = {row[1]: dict(zip(header, row, strict=True)) for row in people}
    # a language the person's plan does not have stays empty
    assert (by_id["lefevre"]["name_fr"], by_id["lefevre"]["name_uk"]) == ("Élodie Lefèvre", "")
    assert (by_id["koval"]["name_uk"], by_id["koval"]["name_en"]) == ("Олена Коваль", "")


def test_a_plan_without_languages_spells_the_names_it_has(run: Run, tmp_path: Path) -> None:
    text = BOURGES.replace('languages = ["fr", "en"]\n', "")
    header, person = rows(run, write(tmp_path, "bourges-korosten.toml", text))
    assert header[3:5] == ["name_fr", "name_en"]
    assert person[3:5] == ["Élodie Lefèvre", "Elodie Lefevre"]
