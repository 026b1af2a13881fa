from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from visitplan.plan.model import Delegation, Event, Person, Plan, ProgramItem, Text, When
from visitplan.plan.participation import everyone

KYIV = ZoneInfo("Europe/Kyiv")


def test_text_prefers_the_asked_language_then_the_plan_order_then_any() -> None:
    title = Text.of({"en": "Study visit", "uk": "Навчальний візит"})
    assert title.get("uk", ["fr", "en"]) == "Навчальний візит"
    assert title.get("fr", ["fr", "en", "uk"]) == "Study visit"
    assert title.get(None, ["uk", "en"]) == "Навчальний візит"
    assert title.get("de", ()) == "Study visit"  # any: the first written


def test_plain_text_serves_every_language() -> None:
    assert Text.of("AFCCRE").get("uk", ["fr"]) == "AFCCRE"
    assert Text.of("AFCCRE").languages == ()


@given(
    st.dictionaries(st.sampled_from(["uk", "fr", "en", "de"]), st.text(), min_size=1),
    st.sampled_from(["uk", "fr", "en", "de", None]),
    st.lists(st.sampled_from(["uk", "fr", "en"]), unique=True),
)
def test_text_fallback_always_returns_one_of_its_values(
    values: dict[str, str], lang: str | None, preferred: list[str]
) -> None:
    text = Text.of(values)
    chosen = text.get(lang, preferred)
    assert chosen in values.values()
    if lang in values:
        assert chosen == values[lang]
    else:
        firsts = [values[code] for code in preferred if code in values]
        assert chosen == (firsts[0] if firsts else next(iter(values.values())))


def test_all_day_when_reports_the_inclusive_days() -> None:
    when = When(
        datetime(2023, 7, 1, tzinfo=ZoneInfo("Europe/Paris")),
        datetime(2023, 7, 6, tzinfo=ZoneInfo("Europe/Paris")),
        all_day=True,
    )
    assert (when.first_day, when.last_day, when.days) == (date(2023, 7, 1), date(2023, 7, 5), 5)


def test_timed_when_ending_at_midnight_stays_on_its_day() -> None:
    when = When(datetime(2024, 5, 28, 20, tzinfo=KYIV), datetime(2024, 5, 29, 0, tzinfo=KYIV))
    assert when.last_day == date(2024, 5, 28)
    assert when.days == 1


def test_delegation_counts_the_lead_once_and_first() -> None:
    delegation = Delegation("d", Text.of("D"), lead="b", members=("a", "b", "c"))
    assert delegation.everyone == ("b", "a", "c")


def test_attendees_join_delegations_participants_and_speakers() -> None:
    when = When(datetime(2024, 5, 28, 11, tzinfo=KYIV), datetime(2024, 5, 28, 12, tzinfo=KYIV))
    people = {pid: Person(pid, Text.of(pid)) for pid in ("lead", "member", "guest", "speaker")}
    event = Event(
        "e",
        "meeting",
        Text.of("E"),
        when,
        delegations=("d",),
        participants=("guest", "member", "ghost"),
        program=(ProgramItem(Text.of("P"), when, speakers=("speaker", "lead")),),
    )
    plan = Plan(
        "p",
        Text.of("P"),
        KYIV,
        people=people,
        delegations={"d": Delegation("d", Text.of("D"), lead="lead", members=("member",))},
        events=(event,),
    )
    assert everyone(plan, event) == ("lead", "member", "guest", "speaker")
    assert plan.event("e") is event
    assert plan.event("nope") is None
