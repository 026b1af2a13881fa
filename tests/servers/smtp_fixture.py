"""A real SMTP server (aiosmtpd) on a free 127.0.0.1 port that keeps what it receives,
refuses the recipients it is told to, and checks a login when one is set."""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from servers.radicale_fixture import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.user
            and data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)


def start_smtp(mailbox: Mailbox, login: tuple[str, str] | None = None) -> Controller:
    kwargs: dict[str, Any] = {}
    if login is not None:
        kwargs.update(authenticator=Authenticator(*login), auth_require_tls=False)
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller
