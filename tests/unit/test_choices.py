"""One source for the choices of the format (#16): the command line's event kinds and
statuses are the catalogue's (``visitplan.plan.fields``), and every choice there has a
label in each language visitplan speaks and, for a kind, a style in the terminal views:
a choice added to the catalogue alone fails here, not with a KeyError at render time."""

from __future__ import annotations

import pytest
import typer.main

from visitplan.cli import app
from visitplan.cli.options import ActionStatus, EventStatus, Kind, TopicStatus
from visitplan.i18n import LANGUAGES, label
from visitplan.plan import fields as F
from visitplan.render.styles import KIND_STYLE

CHOICES = {
    "event kind": F.EVENT_KINDS,
    "event status": F.EVENT_STATUSES,
    "topic status": F.TOPIC_STATUSES,
    "action status": F.ACTION_STATUSES,
}
CASES = [(what, choice) for what, choices in CHOICES.items() for choice in choices]


@pytest.mark.parametrize(("what", "choice"), CASES, ids=[f"{w}={c}" for w, c in CASES])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_choice_has_a_label_in_every_language(what: str, choice: str, lang: str) -> None:
    try:
        text = label(lang, choice)
    except KeyError:
        pytest.fail(f'the {what} "{choice}" has no label in {lang}')
    assert text.strip(), f'the {what} "{choice}" has an empty label in {lang}'


@pytest.mark.parametrize("kind", F.EVENT_KINDS)
def test_every_event_kind_has_a_style(kind: str) -> None:
    assert KIND_STYLE.get(kind), f'the event kind "{kind}" has no style in render.styles'


def test_the_command_lines_choices_are_the_catalogues() -> None:
    assert [member.value for member in Kind] == list(F.EVENT_KINDS)
    assert [member.value for member in EventStatus] == list(F.EVENT_STATUSES)
    assert [member.value for member in TopicStatus] == list(F.TOPIC_STATUSES)
    assert [member.value for member in ActionStatus] == list(F.ACTION_STATUSES)


@pytest.mark.parametrize(
    ("command", "option", "choices"),
    [
        ("agenda", "kind", F.EVENT_KINDS),
        ("agenda", "status", F.EVENT_STATUSES),
        ("topics", "status", F.TOPIC_STATUSES),
        ("actions", "status", F.ACTION_STATUSES),
    ],
)
def test_the_options_offer_the_catalogues_choices(
    command: str, option: str, choices: tuple[str, ...]
) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    (param,) = [p for p in group.commands[command].params if p.name == option]
    assert tuple(param.type.choices) == choices  # type: ignore[attr-defined]
