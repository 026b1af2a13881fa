"""`people --format csv` spells each name in the plan's ``languages``, in their order: a
``name_<code>`` column per language (the example plan, uk · fr · en, keeps its columns:
tests/golden/views/people.csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import ROOT, Run

PLANS = ROOT / "tests" / "plans" / "name-languages"
LUBLIN_LVIV = PLANS / "lublin-lviv.toml"
BOURGES = PLANS / "bourges-korosten.toml"


def rows(run: Run, *plans: Path) -> list[list[str]]:
    result = run("people", *plans, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))


def test_the_name_columns_follow_the_plans_languages(run: Run) -> None:
    header, *people = rows(run, LUBLIN_LVIV)
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


def test_people_of_two_plans_get_the_languages_of_both(run: Run) -> None:
    header, *people = rows(run, BOURGES, LUBLIN_LVIV)
    names = [column for column in header if column.startswith("name_")]
    assert names == ["name_fr", "name_en", "name_pl", "name_uk"]
    by_id = {row[1]: dict(zip(header, row, strict=True)) for row in people}
    # a language the person's plan does not have stays empty
    assert (by_id["lefevre"]["name_fr"], by_id["lefevre"]["name_uk"]) == ("Élodie Lefèvre", "")
    assert (by_id["koval"]["name_uk"], by_id["koval"]["name_en"]) == ("Олена Коваль", "")


def test_a_plan_without_languages_spells_the_names_it_has(run: Run, tmp_path: Path) -> None:
    plan = tmp_path / "bourges-korosten.toml"
    text = BOURGES.read_text("utf-8")
    plan.write_text(text.replace('languages = ["fr", "en"]\n', ""), encoding="utf-8")
    header, person = rows(run, plan)
    assert header[3:5] == ["name_fr", "name_en"]
    assert person[3:5] == ["Élodie Lefèvre", "Elodie Lefevre"]
