"""The readable parts of invitations (plain text and HTML) against golden files: the
2023 visit (its own message and a session's, to a guest in Kyiv time) and the 28 May
2024 online meeting (to Taran in Brussels, and to Bonduelle in French). Regenerate with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/output/test_golden_invite.py` and review the diff."""

from __future__ import annotations

import email
import shutil
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE, TESTS, assert_golden
from visitplan.cli import app
from visitplan.sync.mailbody.render import style

GOLDEN = TESTS / "golden" / "invite"
CASES = {  # golden name: (event, message file stem)
    "visit-chyzhevska": ("study-visit-2023", "chyzhevska"),
    "visit-chyzhevska--water-station": ("study-visit-2023", "chyzhevska--water-station"),
    "meeting-taran": ("online-2024-05-28", "taran"),
    "meeting-bonduelle": ("online-2024-05-28", "bonduelle"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_invitation_bodies_match_golden(case: str, tmp_path: Path) -> None:
    event, stem = CASES[case]
    plan = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, plan)
    result = CliRunner().invoke(
        app,
        ["invite", str(plan), event, "--force", "--dry-run", str(tmp_path / "mail")],
        env={"SOURCE_DATE_EPOCH": "1685577600", "VISITPLAN_TODAY": "2023-06-01"},
    )
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(
        (tmp_path / "mail" / f"{stem}.eml").read_bytes(), policy=policy.default
    )
    assert isinstance(message, EmailMessage)
    for kind, suffix in (("plain", "txt"), ("html", "html")):
        part = message.get_body((kind,))
        assert part is not None
        text = part.get_content().replace("\r\n", "\n")
        if kind == "html":  # the head is the same in every message but for the title
            head = text[text.index("<head>") : text.index("</head>") + len("</head>")]
            lang = text.split('<html lang="', 1)[1].split('"', 1)[0]
            assert f"<style>\n{style(lang)}</style>" in head
            assert '<meta name="color-scheme" content="light dark">' in head
            title = head[head.index("<title>") : head.index("</title>") + len("</title>")]
            text = text.replace(head, title)
        golden = GOLDEN / f"{case}.{suffix}"
        assert_golden(golden, text)
