""" "Overdue" has one home, ``Action.overdue(today)``: `check` warns about, `actions`
marks, and `changes` reports exactly the actions it names, on either side of the due
date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from visitplan.changes import compare
from visitplan.plan.checking import check_plan
from visitplan.plan.keypath import KeyPath
from visitplan.plan.loading import load_plan_text
from visitplan.plan.model import Action, Text
from visitplan.views.entries import action_views

DUE = date(2025, 10, 3)

PLAN = """\
id = "korosten-bourges"
title.uk = "Коростень – Бурж"
title.fr = "Korosten – Bourges"
timezone = "Europe/Kyiv"
languages = ["uk", "fr"]

[organizations.korosten]
name.uk = "Коростенська міська рада"
name.fr = "Mairie de Korosten"

[[actions]]
id = "send-program"
title.uk = "Надіслати програму візиту"
title.fr = "Envoyer le programme de la visite"
owner = "korosten"
due = 2025-10-03
status = "open"

[[actions]]
id = "book-hotel"
title.uk = "Забронювати готель у Бурже"
title.fr = "Réserver l'hôtel à Bourges"
due = 2025-10-03
status = "done"

[[actions]]
id = "translate"
title.uk = "Перекласти презентацію"
title.fr = "Traduire la présentation"
status = "open"
"""

WITHOUT_ACTIONS = PLAN[: PLAN.index("[[actions]]")]


@pytest.mark.parametrize(
    ("status", "due", "today", "overdue"),
    [
        ("open", DUE, DUE - timedelta(days=1), False),
        ("open", DUE, DUE, False),  # due today is not overdue yet
        ("open", DUE, DUE + timedelta(days=1), True),
        ("done", DUE, DUE + timedelta(days=30), False),
        ("dropped", DUE, DUE + timedelta(days=30), False),
        ("open", None, DUE + timedelta(days=30), False),
    ],
)
def test_an_action_is_overdue_when_open_and_past_its_due_date(
    status: str, due: date | None, today: date, overdue: bool
) -> None:
    action = Action("send-program", Text(plain="Надіслати програму"), due=due, status=status)
    assert action.overdue(today) is overdue


@pytest.mark.parametrize("offset", [-1, 0, 1, 40])
def test_check_actions_and_changes_agree_with_the_model(offset: int) -> None:
    today = DUE + timedelta(days=offset)
    result = load_plan_text(PLAN, "plan.toml")
    assert result.ok and result.plan is not None
    expected = {a.id for a in result.plan.actions if a.overdue(today)}
    assert expected == ({"send-program"} if offset > 0 else set())

    warned = {
        result.plan.actions[KeyPath.parse(f.path).index_in("actions")].id
        for f in check_plan(result, today)
        if f.code == "overdue"
    }
    marked = {v.action.id for v in action_views([result.plan], today) if v.overdue}
    old = load_plan_text(WITHOUT_ACTIONS, "plan.toml")
    found = compare([old], [result], "fr", today)
    reported = {c.item for p in found for c in p.changes if c.kind == "action-overdue"}
    assert warned == marked == reported == expected
