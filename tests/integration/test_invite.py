"""`visitplan invite` through a real SMTP server (aiosmtpd) on loopback: iMIP requests,
updates and cancellations, one per attendee, in each recipient's language."""

from __future__ import annotations

import email
import shutil
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import EXAMPLE, snapshot
from servers.smtp_fixture import Mailbox, start_smtp
from visitplan.cli import app

EVENT = "online-2024-05-28"
UID = f"korosten-bourges/{EVENT}@visitplan"
ORGANIZER = "damentsova@auc.example.org"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, str]]:
    box = Mailbox()
    controller = start_smtp(box)
    yield box, f"127.0.0.1:{controller.port}"
    controller.stop()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    return tmp_path / EXAMPLE.name


def invite(plan: Path, *args: str, now: str = "1714521600", password: str = ""):  # type: ignore[no-untyped-def]
    env = {
        "VISITPLAN_TODAY": "2024-05-01",
        "NO_COLOR": "1",
        "SOURCE_DATE_EPOCH": now,
        "COLUMNS": "200",
        "SMTP_PASSWORD": password,
    }
    return CliRunner().invoke(app, ["invite", str(plan), *args], env=env)


def calendar_part(message: EmailMessage) -> tuple[dict[str, str], Calendar]:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    data = parts[0].get_payload(decode=True)
    assert isinstance(data, bytes)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    return dict(parts[0].get_params()[1:]), Calendar.from_ical(data)


def by_recipient(box: Mailbox) -> dict[str, EmailMessage]:
    return {r.recipients[0]: r.message for r in box.received}


def test_one_request_per_attendee_in_their_language(
    plan: Path, mailbox: tuple[Mailbox, str]
) -> None:
    box, server = mailbox
    result = invite(plan, EVENT, "--smtp", server)
    assert result.exit_code == 0, result.output
    assert "6 sent" in result.stdout
    messages = by_recipient(box)
    # Every participant with an email except the organizer, who sends it.
    assert ORGANIZER not in messages
    assert len(messages) == 6 and all(len(r.recipients) == 1 for r in box.received)
    assert {r.sender for r in box.received} == {ORGANIZER}
    french = messages["c.bonduelle@bourges.example.org"]
    ukrainian = messages["chyzhevska@korosten.example.org"]
    assert french["Subject"] == (
        "Invitation\u202f: Réunion bilatérale en ligne Korosten – Bourges — 28 mai 2024"
    )
    assert ukrainian["Subject"].startswith("Запрошення: Двостороння онлайн-зустріч")
    assert french["To"] == "Constance Bonduelle <c.bonduelle@bourges.example.org>"
    assert "Damentsova" in french["From"] or "Даменцова" in french["From"]
    assert french.get_content_type() == "multipart/mixed"
    alternative = french.get_payload()[0]
    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    attachment = french.get_payload()[1]
    assert attachment.get_filename() == "invite.ics"
    text = french.get_body(("plain",)).get_content()
    # The recipient's own time first (Paris), then the event's (Kyiv); link, program.
    assert "mardi 28 mai 2024, 10:00–11:30 (Paris)" in text
    assert "mardi 28 mai 2024, 11:00–12:30 (Kyiv)" in text
    assert text.index("(Paris)") < text.index("(Kyiv)")
    assert text.count("Quand") == 1  # one label over both times
    assert "https://meet.example.org/korosten-bourges" in text
    assert "Programme" in text
    html = french.get_body(("html",)).get_content()
    assert '<html lang="fr">' in html and "Korosten – Bourges" in html
    ukrainian_text = ukrainian.get_body(("plain",)).get_content()
    assert "вівторок, 28 травня 2024, 11:00–12:30 (Київ)" in ukrainian_text
    params, calendar = calendar_part(french)
    assert params == {"method": "REQUEST", "charset": "UTF-8"}
    assert calendar["method"] == "REQUEST"
    vevent = next(iter(calendar.walk("VEVENT")))
    assert str(vevent["uid"]) == UID
    assert str(vevent["organizer"]) == f"mailto:{ORGANIZER}"
    attendees = vevent["attendee"]
    # Everyone is asked to answer but the organizer, who has accepted her own meeting.
    assert {str(a): a.params["PARTSTAT"] for a in attendees if "RSVP" not in a.params} == {
        f"mailto:{ORGANIZER}": "ACCEPTED"
    }
    assert all(a.params["RSVP"] == "TRUE" for a in attendees if str(a) != f"mailto:{ORGANIZER}")
    assert "mailto:c.bonduelle@bourges.example.org" in [str(a) for a in attendees]
    assert str(vevent["summary"]).startswith("Réunion bilatérale")  # in French for her
    assert attachment.get_payload(decode=True) == calendar.to_ical() or b"METHOD:REQUEST" in (
        attachment.get_payload(decode=True) or b""
    )


def test_the_invitation_entry_is_the_exported_one(plan: Path, mailbox: tuple[Mailbox, str]) -> None:
    box, server = mailbox
    assert invite(plan, EVENT, "--smtp", server).exit_code == 0
    exported = CliRunner().invoke(
        app,
        ["export", str(plan), "--method", "request", "--lang", "fr", "--event", EVENT, "-o", "-"],
        env={"VISITPLAN_TODAY": "2024-05-01", "SOURCE_DATE_EPOCH": "1714521600"},
    )
    filed = next(
        c for c in Calendar.from_ical(exported.stdout_bytes).walk("VEVENT") if str(c["uid"]) == UID
    )
    _, calendar = calendar_part(by_recipient(box)["c.bonduelle@bourges.example.org"])
    sent = next(iter(calendar.walk("VEVENT")))
    for key in filed:
        assert str(sent[key]) == str(filed[key]) or sent[key] == filed[key], key


def test_cancel_has_the_same_uid_and_a_higher_sequence(
    plan: Path, mailbox: tuple[Mailbox, str]
) -> None:
    box, server = mailbox
    assert invite(plan, EVENT, "--smtp", server).exit_code == 0
    _, request = calendar_part(box.received[0].message)
    sequence = next(iter(request.walk("VEVENT")))["sequence"]
    refused = invite(plan, EVENT, "--smtp", server, "--cancel")
    assert refused.exit_code == 2
    assert "is not cancelled in the plan" in refused.stderr
    assert f"event {EVENT} --status cancelled" in refused.stderr
    text = plan.read_text(encoding="utf-8")
    marker = f'id = "{EVENT}"'
    plan.write_text(text.replace(marker, marker + '\nstatus = "cancelled"', 1), encoding="utf-8")
    box.received.clear()
    result = invite(plan, EVENT, "--smtp", server, "--cancel", now="1714608000")
    assert result.exit_code == 0, result.output
    messages = by_recipient(box)
    assert len(messages) == 6
    french = messages["c.bonduelle@bourges.example.org"]
    assert french["Subject"].startswith("Annulée\u202f: Réunion bilatérale en ligne")
    params, calendar = calendar_part(french)
    assert params["method"] == "CANCEL"
    assert calendar["method"] == "CANCEL"
    cancelled = next(iter(calendar.walk("VEVENT")))
    assert str(cancelled["uid"]) == UID
    assert cancelled["sequence"] > sequence
    assert cancelled["status"] == "CANCELLED"
    assert "RSVP" not in str(cancelled.to_ical())
    # A request for a cancelled event is refused.
    again = invite(plan, EVENT, "--smtp", server)
    assert again.exit_code == 2 and "--cancel" in again.stderr


def test_update_after_a_move(plan: Path, mailbox: tuple[Mailbox, str]) -> None:
    box, server = mailbox
    assert invite(plan, EVENT, "--smtp", server).exit_code == 0
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("end = 2024-05-28T12:30:00", "end = 2024-05-28T13:00:00", 1),
        encoding="utf-8",
    )
    box.received.clear()
    result = invite(plan, EVENT, "--smtp", server, "--update", now="1714608000")
    assert result.exit_code == 0, result.output
    message = by_recipient(box)["chyzhevska@korosten.example.org"]
    assert message["Subject"].startswith("Оновлене запрошення:")
    assert "11:00–13:00 (Київ)" in message.get_body(("plain",)).get_content()
    _, calendar = calendar_part(message)
    assert next(iter(calendar.walk("VEVENT")))["sequence"] == 1


def test_a_refused_recipient_does_not_stop_the_others(
    plan: Path, mailbox: tuple[Mailbox, str]
) -> None:
    box, server = mailbox
    box.refuse = {"s.taran@cemr.example.org"}
    result = invite(plan, EVENT, "--smtp", server)
    assert result.exit_code == 1
    assert "5 sent, 1 refused" in result.stdout
    assert "refused" in result.stdout and "s.taran@cemr.example.org> — 550 5.1.1" in result.stdout
    assert len(box.received) == 5


def test_login(plan: Path) -> None:
    box = Mailbox()
    controller = start_smtp(box, login=("anna", "пароль-1"))
    try:
        server = f"127.0.0.1:{controller.port}"
        args = ("--smtp", server, "--user", "anna", "--password-env", "SMTP_PASSWORD")
        wrong = invite(plan, EVENT, *args, password="wrong")
        assert wrong.exit_code == 1
        assert "refused the user name or password" in wrong.stderr
        assert "wrong" not in wrong.output.replace("wrong.", "")
        assert box.received == []
        right = invite(plan, EVENT, *args, password="пароль-1")
        assert right.exit_code == 0, right.output
        assert len(box.received) == 6
    finally:
        controller.stop()


def test_dry_run_writes_eml_files_and_sends_nothing(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "mail"
    result = invite(plan, EVENT, "--dry-run", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "bonduelle.eml", "chyzhevska.eml", "henou.eml", "moskalenko.eml", "taran.eml",
        "tarrisson.eml",
    ]  # fmt: skip
    message = email.message_from_bytes((out / "henou.eml").read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    params, _calendar = calendar_part(message)
    assert params["method"] == "REQUEST"
    # Same plan, same clock: same bytes.
    first = (out / "henou.eml").read_bytes()
    invite(plan, EVENT, "--dry-run", str(out))
    assert (out / "henou.eml").read_bytes() == first


def test_refusals(plan: Path, mailbox: tuple[Mailbox, str]) -> None:
    box, server = mailbox
    before = snapshot(plan.parent)
    unknown = invite(plan, "no-such-event", "--smtp", server)
    assert unknown.exit_code == 2 and "online-2024-05-28" in unknown.stderr
    text = plan.read_text(encoding="utf-8")
    no_organizer = plan.with_name("no-organizer.toml")
    no_organizer.write_text(text.replace('organizer = "damentsova"\n', ""), encoding="utf-8")
    result = invite(no_organizer, EVENT, "--smtp", server)
    assert result.exit_code == 1
    assert "no organizer with an email" in result.stderr
    nobody = plan.with_name("nobody.toml")
    nobody.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("email = ")
                  or "damentsova" in line) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = invite(nobody, EVENT, "--smtp", server)
    assert result.exit_code == 1, result.output
    assert "no participant with an email" in result.stderr
    needs_server = invite(plan, EVENT)
    assert needs_server.exit_code == 2 and "--smtp" in needs_server.stderr
    assert box.received == []
    no_organizer.unlink()
    nobody.unlink()
    assert snapshot(plan.parent) == before


def test_unreachable_mail_server(plan: Path) -> None:
    from servers.radicale_fixture import free_port

    result = invite(plan, EVENT, "--smtp", f"127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert "cannot reach the mail server" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_smtp_settings() -> None:
    from visitplan.errors import UsageError
    from visitplan.sync.inviting import smtp_settings

    assert smtp_settings("smtp.example.org", False, False, None, None, 30).security == "starttls"
    assert smtp_settings("smtp.example.org", False, False, None, None, 30).port == 587
    assert smtp_settings("smtp.example.org", False, True, None, None, 30).port == 465
    assert smtp_settings("localhost", False, False, None, None, 30).security == "none"
    assert smtp_settings("127.0.0.1:2525", False, False, None, None, 30).port == 2525
    assert smtp_settings("[::1]:2525", False, False, None, None, 30).host == "::1"
    with pytest.raises(UsageError):
        smtp_settings("host:port", False, False, None, None, 30)
    with pytest.raises(UsageError):
        smtp_settings("h", True, True, None, None, 30)


def test_from_sends_on_behalf_of_the_organizer(plan: Path, mailbox: tuple[Mailbox, str]) -> None:
    box, server = mailbox
    result = invite(
        plan, EVENT, "--smtp", server, "--from", "Секретаріат АМУ <office@auc.example.org>"
    )
    assert result.exit_code == 0, result.output
    assert {r.sender for r in box.received} == {"office@auc.example.org"}
    message = box.received[0].message
    assert "office@auc.example.org" in message["From"]
    _, calendar = calendar_part(message)
    organizer = next(iter(calendar.walk("VEVENT")))["organizer"]
    assert str(organizer) == f"mailto:{ORGANIZER}"
    assert organizer.params["SENT-BY"] == "mailto:office@auc.example.org"


def test_headers_as_clients_read_them(plan: Path, tmp_path: Path) -> None:
    """From in the reader's language, Content-Class on the message, a Message-ID on the
    organizer's domain that differs from one send to the next, the Ukrainian subject with
    every space (the real command, as a subprocess, on real files)."""
    import os
    import subprocess
    import sys

    def dry_run(out: Path, now: str) -> dict[str, EmailMessage]:
        env = {**os.environ, "VISITPLAN_TODAY": "2023-06-01", "SOURCE_DATE_EPOCH": now}
        run = subprocess.run(
            [sys.executable, "-m", "visitplan", "invite", str(plan), "study-visit-2023",
             "--dry-run", str(out)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        return {
            path.stem: email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(out.glob("*.eml"))
        }

    first = dry_run(tmp_path / "a", "1685577600")
    again = dry_run(tmp_path / "b", "1685577601")
    french = first["bonduelle"]
    assert french["From"] == "Liudmyla Damentsova <damentsova@auc.example.org>"
    ukrainian = first["chyzhevska"]
    assert ukrainian["From"] == "Людмила Даменцова <damentsova@auc.example.org>"
    assert ukrainian["Subject"].startswith("Запрошення: Навчальний візит до ")
    assert french["Content-Class"] == "urn:content-classes:calendarmessage"
    ids = [m["Message-ID"] for m in first.values()] + [m["Message-ID"] for m in again.values()]
    assert all(i.endswith("@auc.example.org>") for i in ids)
    assert len(set(ids)) == len(ids)  # one per message and per send


def test_every_recipient_reads_their_own_zone_first_everywhere(plan: Path, tmp_path: Path) -> None:
    """Taran (CEMR, Brussels) gets Brussels time though Paris keeps the same offset; the
    order of zones in "When" and in every program line starts with the recipient's."""
    out = tmp_path / "mail"
    assert invite(plan, EVENT, "--dry-run", str(out)).exit_code == 0

    def body(name: str) -> str:
        message = email.message_from_bytes((out / name).read_bytes(), policy=policy.default)
        return str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]

    for name, own, event in (
        ("taran.eml", "Брюссель", "Київ"),
        ("bonduelle.eml", "Paris", "Kyiv"),
        ("chyzhevska.eml", "Київ", None),
    ):
        text = body(name)
        when = [line for line in text.splitlines() if "2024," in line]
        program = [line for line in text.splitlines() if line[:2].isdigit() and "–" in line]
        assert len(program) == 7
        if event is None:  # the recipient's zone is the event's: one column
            assert len(when) == 1 and f"({own})" in when[0]
            assert all(line.count(own) == 1 for line in program)
            continue
        assert [f"({own})" in when[0], f"({event})" in when[1]] == [True, True]
        assert all(own in line and line.index(own) < line.index(event) for line in program)


def test_an_event_that_has_ended_asks_for_force(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "mail"
    before = snapshot(plan.parent)
    result = invite(plan, "online-2023-06-13", "--dry-run", str(out))  # now: 1 May 2024
    assert result.exit_code == 2
    assert 'event "online-2023-06-13" ended on 2023-06-13' in result.stderr
    assert "--force" in result.stderr and "Traceback" not in result.output
    assert not out.exists() and snapshot(plan.parent) == before
    forced = invite(plan, "online-2023-06-13", "--dry-run", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert len(list(out.glob("*.eml"))) == 3  # four take part, one of them organizes
    # A cancellation of a past event needs no --force.
    cancel = ["set", str(plan), "event", "online-2023-06-13", "--status", "cancelled"]
    assert CliRunner().invoke(app, cancel).exit_code == 0
    cancelled = invite(plan, "online-2023-06-13", "--cancel", "--dry-run", str(tmp_path / "c"))
    assert cancelled.exit_code == 0, cancelled.output
