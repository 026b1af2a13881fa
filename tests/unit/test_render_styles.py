"""Every style and report-label table of ``render`` has exactly the choices of its list:
the kinds and statuses of the catalogue (``plan.fields``), the publish actions, the
severities. A choice added without a style fails here, not as a KeyError in a render."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from visitplan.findings import Severity
from visitplan.plan import fields
from visitplan.render import styles, sync
from visitplan.sync.publishing import ACTIONS

TABLES: list[tuple[str, Mapping[str, object], Iterable[str]]] = [
    ("KIND_STYLE", styles.KIND_STYLE, fields.EVENT_KINDS),
    ("EVENT_STATUS_STYLE", styles.EVENT_STATUS_STYLE, fields.EVENT_STATUSES),
    ("ACTION_STATUS_STYLE", styles.ACTION_STATUS_STYLE, fields.ACTION_STATUSES),
    ("PUBLISH_STYLE", styles.PUBLISH_STYLE, ACTIONS),
    ("sync.DONE", sync.DONE, ACTIONS),
    ("sync.WOULD", sync.WOULD, ACTIONS),
    ("SEVERITY_STYLE", styles.SEVERITY_STYLE, [s.value for s in Severity]),
]


@pytest.mark.parametrize(("name", "table", "choices"), TABLES, ids=[t[0] for t in TABLES])
def test_a_table_has_exactly_the_choices_of_its_list(
    name: str, table: Mapping[str, object], choices: Iterable[str]
) -> None:
    wanted = list(choices)
    missing = [c for c in wanted if c not in table]
    extra = [k for k in table if k not in wanted]
    assert not missing and not extra, f"{name}: missing {missing}, not a choice {extra}"


def test_the_catalogue_uses_the_lists_the_tables_are_checked_against() -> None:
    """A field given a list of its own would escape the check above."""
    choices = {
        (section.name, name): getattr(section.field(name), "choices", None)
        for section, name in [
            (fields.EVENT, "kind"),
            (fields.EVENT, "status"),
            (fields.PROGRAM, "status"),
            (fields.ACTION, "status"),
        ]
    }
    assert choices == {
        ("event", "kind"): fields.EVENT_KINDS,
        ("event", "status"): fields.EVENT_STATUSES,
        ("program item", "status"): fields.EVENT_STATUSES,
        ("action", "status"): fields.ACTION_STATUSES,
    }
