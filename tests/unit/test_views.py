from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from conftest import EXAMPLE, ROOT
from visitplan.errors import UsageError, VisitplanError
from visitplan.plan.loading import load_plan_file
from visitplan.plan.model import Plan
from visitplan.render.printer import Words
from visitplan.render.tables import people_csv
from visitplan.views.entries import action_views, event_view, find_event, people_views, topic_views


def plan_of(name: str) -> Plan:
    plan = load_plan_file(EXAMPLE if name == "example" else ROOT / "tests" / "plans" / name).plan
    assert plan is not None
    return plan


def test_find_event_suggests_a_near_id() -> None:
    plan = plan_of("example")
    assert find_event([plan], "study-visit-2023")[1].id == "study-visit-2023"
    with pytest.raises(VisitplanError) as caught:
        find_event([plan], "study-visit-2032")
    assert caught.value.hint == 'did you mean "study-visit-2023"?'


def test_an_event_id_in_two_plans_asks_for_the_plan() -> None:
    plan = plan_of("example")
    with pytest.raises(UsageError):
        find_event([plan, plan], "study-visit-2023")


def test_show_groups_participants_by_delegation_then_organization() -> None:
    plan = plan_of("example")
    _, visit = find_event([plan], "study-visit-2023")
    view = event_view(plan, visit, "en")
    assert view.groups == (
        ("delegation:korosten-2023", ("chyzhevska",)),
        ("organization:bourges", ("bonduelle",)),
    )
    _, meeting = find_event([plan], "online-2024-05-28")
    view = event_view(plan, meeting, "en")
    assert [g for g, _ in view.groups] == [
        "organization:auc",
        "organization:korosten",
        "organization:afccre",
        "organization:bourges",
        "organization:cemr",
    ]
    assert [a.id for a in view.actions] == [
        "topic-list",
        "next-visit-organisation",
        "funding-digest",
        "funding-guide",
    ]


def test_a_requested_topic_covered_nowhere_is_flagged() -> None:
    views = {v.topic.id: v for v in topic_views([plan_of("dst-partners.toml")])}
    assert views["youth"].uncovered
    assert not views["resilience"].uncovered
    assert [(e.id, i.id if i else None) for e, i in views["resilience"].covered_in] == [
        ("call-2025-03-04", None),
        ("visit-2025", None),
        ("visit-2025", "energy"),
    ]


def test_cancelled_events_cover_nothing() -> None:
    plan = plan_of("dst-partners.toml")
    assert all(not e.cancelled for v in topic_views([plan]) for e, _ in v.covered_in)


def test_actions_by_due_date_with_overdue_marked() -> None:
    plan = plan_of("dst-partners.toml")
    views = action_views([plan], today=date(2025, 3, 20))
    assert [(v.action.id, v.overdue) for v in views] == [
        ("share-slides", True),
        ("visa-letters", False),
    ]
    assert [v.action.id for v in action_views([plan], date(2025, 3, 20), status="done")] == [
        "visa-letters"
    ]
    assert [v.action.id for v in action_views([plan], date(2025, 3, 20), owner="miller")] == [
        "share-slides"
    ]


def test_people_filters() -> None:
    plan = plan_of("example")
    assert [v.person.id for v in people_views([plan], delegation="korosten-2023")] == ["chyzhevska"]
    assert [v.person.id for v in people_views([plan], org="afccre")] == ["henou", "tarrisson"]
    attendees = [v.person.id for v in people_views([plan], event="study-visit-2023")]
    assert attendees == ["chyzhevska", "bonduelle"]
    with pytest.raises(VisitplanError):
        people_views([plan], event="nope")


def test_people_csv_has_every_spelling_for_visa_letters() -> None:
    plan = plan_of("example")
    text = people_csv(people_views([plan], delegation="korosten-2023"), Words("en"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == (
        "plan", "id", "name", "name_uk", "name_fr", "name_en",
        "organization", "organization_name", "role", "email", "phone",
    )  # fmt: skip
    assert rows[0]["name_uk"] == "Наталія Чижевська"
    assert rows[0]["name_en"] == "Nataliia Chyzhevska"
    assert rows[0]["organization_name"] == "Korosten city territorial community"
    assert text.endswith("\r\n")
