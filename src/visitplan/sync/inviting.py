"""Meeting invitations by email (iMIP, RFC 6047): one message per attendee with an email,
that Outlook, Gmail, Apple Mail and Thunderbird show with Accept / Decline buttons.

Each message is ``multipart/mixed``: a ``multipart/alternative`` with a readable body (plain
text and HTML, in the recipient's first language) and the ``text/calendar;
method=REQUEST`` part, then the same calendar as an ``invite.ics`` attachment. The calendar
entry is the one ``export`` builds (same UID, SEQUENCE and DTSTAMP from the export state),
so an invitation, an imported file and a published calendar agree.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import smtplib
import socket
import ssl
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from icalendar import vCalAddress

from visitplan.errors import UsageError, VisitplanError
from visitplan.i18n import label, label_for, short_date
from visitplan.ical.calendar import CALENDAR_END, calendar_head
from visitplan.ical.components import ExportOptions, item_component, tombstone_component
from visitplan.ical.entries import Item
from visitplan.ical.lines import clean_param, serialize
from visitplan.ical.stamps import Stamped
from visitplan.ical.uids import UidParts, event_uid, local_uid, program_uid
from visitplan.plan.fields import EMAIL_RE
from visitplan.plan.model import Event, Person, Plan, When
from visitplan.plan.participation import parts, stands_alone
from visitplan.sync.mailbody.content import body, display_name, plain, simple
from visitplan.sync.mailbody.render import page
from visitplan.sync.mailbody.render import text as plain_text
from visitplan.sync.mailheaders import fold_address, fold_text
from visitplan.workspace.export_state import Entry

KINDS = ("request", "update", "cancel")


class SendError(VisitplanError):
    """The mail server could not be used; the message is one line."""


@dataclass(frozen=True)
class Invitation:
    """One message to one attendee."""

    person_id: str
    name: str
    email: str
    lang: str | None
    message: EmailMessage
    item: str | None = None  # the program item's id, for an invitation to one item


@dataclass(frozen=True)
class Outcome:
    invitation: Invitation
    sent: bool
    problem: str = ""


# --------------------------------------------------------------------------- building


def _ended(when: When, now: datetime, today: date | None) -> bool:
    ended = when.end or when.start
    if today is not None and today != now.astimezone().date():  # as Env takes today
        return ended <= datetime.combine(today, time(0), when.zone)
    return ended <= now


def _last_moment(when: When) -> str:
    """The event's last day as the plan gives it (an all-day end is exclusive), with the
    time it ends when it has one: ``2026-10-26``, ``2026-10-26 18:00 (Europe/Warsaw)``."""
    end = (when.end or when.start).astimezone(when.zone)
    if when.all_day or end.time() == time(0):
        return f"{when.last_day:%Y-%m-%d}"
    return f"{end:%Y-%m-%d %H:%M} ({when.zone.key})"


def invitations(
    plan: Plan,
    state: Stamped,
    event_id: str,
    kind: str,
    sender: str | None,
    now: datetime,
    force: bool = False,
    today: date | None = None,
) -> list[Invitation]:
    """The messages for ``event_id``: ``kind`` is request, update or cancel. An
    invitation (not a cancellation) to an event that has ended needs ``force``: ended
    before ``now``, or, when ``today`` is another day than ``now``'s ($VISITPLAN_TODAY,
    --today), before that day began."""
    organizer = plan.people.get(plan.organizer or "")
    if organizer is None or not organizer.email:
        raise VisitplanError(
            f"{plan.source or plan.id}: the plan has no organizer with an email, and an "
            "invitation needs one (its ORGANIZER and sender)",
            'set organizer = "<person id>" at the top of the plan, for a person with an email',
        )
    from_address = _sender(plan, organizer, sender)
    event = plan.event(event_id)
    if event is None:
        removed = state.entries.get(UidParts(plan.id, event_id).uid)
        if kind == "cancel" and removed is not None and removed.cancelled:
            return _removed_event_cancellations(plan, state, organizer, removed, from_address, now)
        from visitplan.views.entries import find_event

        _, event = find_event([plan], event_id)  # raises the error, with "did you mean"
    _check_kind(plan, event, kind, now, force, today)
    # A session cancelled in the plan is no invitation: left out of a first one, sent
    # as its cancellation with an update (its guests had been invited to it).
    recipients = [
        (person, item)
        for person, item in _recipients(plan, state, event)
        if person.id != organizer.id and not (kind == "request" and _cancelled_session(item))
    ]
    if not recipients:
        raise VisitplanError(
            f'event "{event_id}" has no participant with an email: nobody to invite',
            'add email = "…" to the people taking part (or their delegations\' members)',
        )
    # A visit's own entry and each of its sessions are messages of their own: the visit's
    # says how many the recipient gets.
    entries = Counter(person.id for person, _ in recipients)
    out = []
    for person, item in recipients:
        count = entries[person.id] if item.program is None else 1
        out.append(_invitation(state, item, kind, person, organizer, from_address, now, count))
    return out


def _check_kind(
    plan: Plan, event: Event, kind: str, now: datetime, force: bool, today: date | None
) -> None:
    """Refuse a cancellation of an event the plan has not cancelled, an invitation to a
    cancelled one, and one to an event that has ended (unless ``force``)."""
    if kind == "cancel" and event.status != "cancelled":
        raise UsageError(
            f'event "{event.id}" is not cancelled in the plan',
            f"cancel it in the plan first (visitplan set event {event.id} --status cancelled "
            f"--plan {plan.source}), then send --cancel: the plan, its calendars and the "
            "invitations then agree",
        )
    if kind != "cancel" and event.status == "cancelled":
        raise UsageError(
            f'event "{event.id}" is cancelled in the plan', "send the cancellation with --cancel"
        )
    if kind != "cancel" and _ended(event.when, now, today) and not force:
        raise UsageError(
            f'event "{event.id}" ended on {_last_moment(event.when)}: an invitation to it '
            "is likely a mistake",
            "check the event id and its date in the plan; give --force to send it anyway",
        )


def _invitation(
    state: Stamped,
    item: Item,
    kind: str,
    person: Person,
    organizer: Person,
    sender: tuple[str | None, str],
    now: datetime,
    count: int,
) -> Invitation:
    """The message about one entry to one person; ``count``: how many they get."""
    plan, event = item.plan, item.event
    assert event is not None and person.email is not None
    entry = state.entries[item.uid]
    source = item.program or event
    lang = person.languages[0] if person.languages else _plan_lang(plan)
    said_kind = "cancel" if _cancelled_session(item) else kind
    method = "cancel" if said_kind == "cancel" else "request"
    component = item_component(item, entry, ExportOptions(lang=lang, method=method))
    if sender[1].lower() != (organizer.email or "").lower():
        component["organizer"].params["SENT-BY"] = f"mailto:{sender[1]}"
    data = calendar_head(None, method, [item]) + serialize(component) + CALENDAR_END
    said = body(item, said_kind, lang, person, organizer, count)
    text, markup = plain_text(said), page(said)
    subject = label_for(
        lang,
        f"{'invite' if said_kind == 'request' else said_kind}-subject",
        event.kind,
        title=plain(said.title),
        day=short_date(source.when.start.astimezone(event.zone).date(), lang),
    )
    name = display_name(plan, person, lang)[1]
    message = _message(
        _from(plan, organizer, sender, lang), (name, person.email), subject, now,
        text, markup, data, method, item.uid, entry.sequence, _domain(organizer),
    )  # fmt: skip
    item_id = item.program.id if item.program is not None else None
    return Invitation(person.id, name, person.email, lang, message, item_id)


def _cancelled_session(item: Item) -> bool:
    """Whether ``item`` is the entry of a program item cancelled in the plan."""
    return item.program is not None and item.program.status == "cancelled"


def _domain(organizer: Person) -> str:
    """The right side of a Message-ID: the organizer's mail domain."""
    assert organizer.email is not None
    return organizer.email.rpartition("@")[2].lower()


def _plan_lang(plan: Plan) -> str | None:
    return plan.languages[0] if plan.languages else None


def _from(
    plan: Plan, organizer: Person, sender: tuple[str | None, str], lang: str | None
) -> tuple[str, str]:
    """The From name and address: the organizer's name in the recipient's language (as
    the body writes it), unless --from gave one."""
    name, address = sender
    return (display_name(plan, organizer, lang)[1] if name is None else name), address


def _sender(plan: Plan, organizer: Person, sender: str | None) -> tuple[str | None, str]:
    if sender is None:
        assert organizer.email is not None
        return None, organizer.email
    name, address = parseaddr(sender)
    if "@" not in address or not EMAIL_RE.fullmatch(address):
        raise UsageError(
            f'--from "{header_text(sender)}" is not an email address', 'e.g. "Anna <anna@…>"'
        )
    return name, address


def _recipients(plan: Plan, state: Stamped, event: Event) -> list[tuple[Person, Item]]:
    """Who takes part in ``event`` (see ``participation``), with an email, and the entries
    each is invited to: the event's own (for those who take part in all of it), and each
    program item of its own they take part in (a visit's sessions: an entry each, at its
    time, so that accepting the visit fills the calendar) — for someone who only speaks
    at some items, just those. Each address once per entry."""
    by_uid = {item.uid: item for item in state.items}
    event_item = by_uid[event_uid(plan, event)]
    seen: set[tuple[str, str]] = set()
    found = []
    for part in parts(plan, event):
        person = plan.people[part.person]
        if not person.email:
            continue
        # The event's own entry (for those who take part in all of it), then each
        # program item that is an entry of its own and that they take part in.
        items = [event_item] if part.covers() else []
        items += [
            by_uid[program_uid(plan, event, program)]
            for program in event.schedule
            if stands_alone(event, program) and part.covers(program)
        ]
        for item in items:
            key = (person.email.lower(), item.uid)
            if key not in seen:
                seen.add(key)
                found.append((person, item))
    return found


def _removed_event_cancellations(
    plan: Plan,
    state: Stamped,
    organizer: Person,
    removed: Entry,
    sender: tuple[str | None, str],
    now: datetime,
) -> list[Invitation]:
    """CANCEL messages for an event removed from the plan, to those it had (from the
    state): its own entry to its attendees, and each removed program item of its own to
    its attendees (the visit's guests, who were invited to each session, and a speaker
    who had only that item)."""
    out = _removed_cancellations(plan, organizer, removed, sender, now, removed.attendees)
    prefix = local_uid(removed.uid) + "/"
    for key in sorted(state.entries):
        entry = state.entries[key]
        if key.startswith(prefix) and entry.cancelled:
            item_id = local_uid(key[len(prefix) :])
            out += _removed_cancellations(
                plan, organizer, entry, sender, now, entry.attendees, item_id
            )
    if not out:
        raise VisitplanError(
            f"{removed.uid}: the export state names nobody to tell", "nobody to send it to"
        )
    return out


def _removed_cancellations(
    plan: Plan,
    organizer: Person,
    entry: Entry,
    sender: tuple[str | None, str],
    now: datetime,
    emails: Sequence[str],
    item_id: str | None = None,
) -> list[Invitation]:
    """CANCEL messages of one removed entry, to ``emails``."""
    by_email = {p.email.lower(): p for p in plan.people.values() if p.email}
    out = []
    for email in emails:
        if not EMAIL_RE.fullmatch(email):
            raise VisitplanError(
                f"{entry.uid}: the export state names {email!r} as an attendee, which is not "
                "an email address",
                "correct or remove it in the plan's .visitplan-state file",
            )
        person = by_email.get(email.lower())
        lang = person.languages[0] if person and person.languages else _plan_lang(plan)
        name = display_name(plan, person, lang)[1] if person else ""
        component = tombstone_component(entry)
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["CN"] = clean_param(plan.text(organizer.name, lang))
        component.add("organizer", address)
        attendee = vCalAddress(f"mailto:{email}")
        if name:
            attendee.params["CN"] = clean_param(name)
        component.add("attendee", attendee)
        data = calendar_head(None, "cancel", []) + serialize(component) + CALENDAR_END
        title = entry.summary
        said = simple(label(lang, "cancel-intro"), title, lang)
        text, markup = plain_text(said), page(said)
        start = entry.start
        day = date(int(start[:4]), int(start[4:6]), int(start[6:8]))
        subject = label(lang, "cancel-subject", title=title, day=short_date(day, lang))
        message = _message(
            _from(plan, organizer, sender, lang), (name, email), subject, now, text, markup, data,
            "cancel",
            entry.uid, entry.sequence, _domain(organizer),
        )  # fmt: skip
        recipient = person.id if person else email
        out.append(Invitation(recipient, name, email, lang, message, item_id))
    return out


_BLANKS = re.compile(r"[ \t]+")
_HEADER_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def header_text(text: str) -> str:
    """A text for a mail header (the subject, a display name) on one line: each line break
    (CR, LF, CRLF, and what Python and mail readers also split lines at: VT, FF, U+001C–
    U+001E, U+0085, U+2028, U+2029) becomes a space. `check` refuses line breaks in the
    single-line texts headers are made of; this keeps any that got past it from ending
    the header. Spaces and tabs around and between words are one space, as a mail reader
    shows them anyway (a name " Anna" arrives as "Anna"); other spaces (a no-break space
    before a French colon) stay."""
    return _BLANKS.sub(" ", _HEADER_BREAKS.sub(" ", text)).strip(" ")


def name_text(text: str) -> str:
    """A display name for a mail header: as :func:`header_text`, and every run of
    spaces (a no-break space too) one plain space, none at the ends: address parsers
    (Python's) read a name's spaces so, even inside an encoded-word."""
    return " ".join(header_text(text).split())


def _message(
    sender: tuple[str, str],
    recipient: tuple[str, str],
    subject: str,
    now: datetime,
    text: str,
    markup: str,
    calendar: bytes,
    method: str,
    uid: str,
    sequence: int,
    domain: str,
) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    # Encoded and folded here (mailheaders), stored as they are: the standard library's
    # folding can lose the space between two encoded-words (CPython gh-144156).
    message.set_raw("From", fold_address("From", name_text(sender[0]), sender[1]))
    message.set_raw("To", fold_address("To", name_text(recipient[0]), recipient[1]))
    message.set_raw("Subject", fold_text("Subject", header_text(subject)))
    message["Date"] = format_datetime(now)
    # Unique per send (the time to the microsecond is in it), on the organizer's domain:
    # a deliberate re-send is not de-duplicated away, and spam filters see a real domain.
    token = hashlib.sha256(f"{uid}|{sequence}|{method}|{recipient[1]}".encode()).hexdigest()
    sent = hashlib.sha256(f"{token}|{now.isoformat()}".encode()).hexdigest()
    message["Message-ID"] = f"<{sent[:32]}@{domain}>"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(markup, subtype="html", charset="utf-8", cte="quoted-printable")
    message.add_alternative(
        calendar,
        maintype="text",
        subtype="calendar",
        params={"method": method.upper(), "charset": "UTF-8"},
        cte="base64",
    )
    message.make_mixed()
    message.add_attachment(
        calendar, maintype="application", subtype="ics", filename="invite.ics", cte="base64"
    )
    # Boundaries from the content, not random: the same invitation gives the same bytes.
    message.set_boundary(f"=_mixed_{token[:24]}")
    alternative = next(message.iter_parts())
    assert isinstance(alternative, EmailMessage)
    alternative.set_boundary(f"=_alternative_{token[:24]}")
    # After the parts are made: set_content() and make_mixed() move or drop every
    # Content-* header of the message, and Outlook looks for this one on the message.
    message["Content-Class"] = "urn:content-classes:calendarmessage"
    return message


# --------------------------------------------------------------------------- sending


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: str  # starttls, ssl or none
    user: str | None = None
    password: str | None = None
    timeout: float = 30


LOOPBACK = ("localhost", "127.0.0.1", "::1")


def smtp_settings(
    address: str, starttls: bool, use_ssl: bool, user: str | None, password: str | None,
    timeout: float,
) -> Smtp:  # fmt: skip
    """``HOST[:PORT]``: STARTTLS unless the host is this machine (or --ssl); the port
    defaults to 465 with --ssl, 587 with STARTTLS, 25 otherwise."""
    if starttls and use_ssl:
        raise UsageError("give --starttls or --ssl, not both")
    host, _, port_text = address.rpartition(":") if address.count(":") == 1 else (address, "", "")
    host = host or address
    if address.startswith("["):  # [::1]:25
        host, _, port_text = address[1:].partition("]")
        port_text = port_text.lstrip(":")
    if not host or (port_text and not port_text.isdigit()):
        raise UsageError(
            f'--smtp "{address}" is not HOST or HOST:PORT', "e.g. smtp.example.org:587"
        )
    loopback = host in LOOPBACK or host.startswith("127.")
    security = "ssl" if use_ssl else "starttls" if starttls or not loopback else "none"
    port = int(port_text) if port_text else {"ssl": 465, "starttls": 587, "none": 25}[security]
    if user is not None and security == "none" and not loopback:
        raise UsageError("refusing to send a password without TLS", "use --starttls or --ssl")
    return Smtp(host, port, security, user, password, timeout)


def send(
    invites: Sequence[Invitation],
    server: Smtp,
    progress: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Send each message; a recipient the server refuses is reported, the others go."""
    where = f"{server.host}:{server.port}"
    outcomes: list[Outcome] = []
    try:
        connection = _connect(server)
    except (OSError, smtplib.SMTPException) as failure:
        raise _send_error(failure, where, 0, len(invites)) from None
    try:
        for invite in invites:
            try:
                connection.send_message(
                    invite.message,
                    from_addr=parseaddr(str(invite.message["From"]))[1],
                    to_addrs=[invite.email],
                )
                outcome = Outcome(invite, True)
            except smtplib.SMTPRecipientsRefused as refused:
                code, reason = next(iter(refused.recipients.values()))
                outcome = Outcome(invite, False, f"{code} {_text(reason)}")
            except smtplib.SMTPDataError as failure:
                outcome = Outcome(invite, False, f"{failure.smtp_code} {_text(failure.smtp_error)}")
            outcomes.append(outcome)
            progress(outcome)
    except (OSError, smtplib.SMTPException) as failure:
        sent = sum(1 for o in outcomes if o.sent)
        raise _send_error(failure, where, sent, len(invites)) from None
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.quit()
    return outcomes


def _connect(server: Smtp) -> smtplib.SMTP:
    context = ssl.create_default_context()
    connection: smtplib.SMTP
    if server.security == "ssl":
        connection = smtplib.SMTP_SSL(
            server.host, server.port, timeout=server.timeout, context=context
        )
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        if server.security == "starttls":
            connection.starttls(context=context)
    if server.user is not None:
        _login(connection, server.user, server.password or "")
    return connection


def _login(connection: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; smtplib encodes credentials as ASCII only, so a Ukrainian or French
    password goes as UTF-8 with AUTH PLAIN (RFC 4616) ourselves."""
    if user.isascii() and password.isascii():
        connection.login(user, password)
        return
    connection.ehlo_or_helo_if_needed()
    if "plain" not in connection.esmtp_features.get("auth", "").lower().split():
        raise smtplib.SMTPAuthenticationError(
            535, b"the server does not offer AUTH PLAIN, needed for a non-ASCII password"
        )
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
    code, reply = connection.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _text(reason: bytes | str) -> str:
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def _send_error(failure: BaseException, where: str, sent: int, total: int) -> SendError:
    after = f" (after {sent} of {total} messages were sent)" if sent else ""
    if isinstance(failure, smtplib.SMTPAuthenticationError):
        return SendError(
            f"{where}: the mail server refused the user name or password{after}",
            "check --user and the password in --password-env / --password-file",
        )
    if isinstance(failure, smtplib.SMTPSenderRefused):
        return SendError(
            f"{where}: the mail server refuses to send as {failure.sender}: "
            f"{failure.smtp_code} {_text(failure.smtp_error)}{after}",
            "send as an address this account may use (--from), or log in (--user)",
        )
    if isinstance(failure, smtplib.SMTPNotSupportedError) or "STARTTLS" in str(failure):
        return SendError(
            f"{where}: the mail server does not offer STARTTLS{after}",
            "use --ssl (port 465), or check the port",
        )
    if isinstance(failure, ssl.SSLError):
        return SendError(f"{where}: TLS failed: {failure.reason or failure}{after}")
    if isinstance(failure, (socket.timeout, TimeoutError)):
        return SendError(f"{where}: no answer within the timeout{after}", "try again later")
    if isinstance(failure, (ConnectionRefusedError, socket.gaierror)):
        reason = (
            "connection refused" if isinstance(failure, ConnectionRefusedError) else str(failure)
        )
        return SendError(
            f"cannot reach the mail server {where}: {reason}{after}",
            "check --smtp HOST:PORT and your network",
        )
    return SendError(f"{where}: sending failed: {failure}{after}")


def file_stem(name: str) -> str:
    """``name`` (a person's id, or an email) as a file name in a folder of our own: an
    ``@`` as ``_at_``, letters, digits, ``.``, ``_`` and ``-`` kept, anything else (a
    slash, a line break, …) as ``_``, never starting with a dot."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", name.replace("@", "_at_"))
    return "_" + stem[1:] if stem.startswith(".") else stem or "_"


def write_messages(invites: Sequence[Invitation], folder: Path) -> list[Path]:
    """``--save DIR``: each message as DIR/<person>.eml (an event, a visit's own entry)
    or DIR/<person>--<item-id>.eml (a session), to review before sending."""
    from visitplan.workspace.fileio import atomic_write_bytes, make_folder

    make_folder(folder)
    written = []
    for invite in invites:
        stem = invite.person_id
        if invite.item is not None:  # a session's message, even their only one
            stem += f"--{invite.item}"
        path = folder / f"{file_stem(stem)}.eml"
        atomic_write_bytes(path, invite.message.as_bytes(policy=policy.SMTP))
        written.append(path)
    return written
