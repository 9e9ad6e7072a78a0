"""Fixtures for operations tests: a real SMTP server on loopback that keeps what it receives."""

from __future__ import annotations

import email
import socket
from email.message import Message

import pytest


class Inbox:
    """The messages a local aiosmtpd server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        """Store the message (aiosmtpd handler hook)."""
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        """Return the messages sent to ``address``."""
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message: Message) -> str:
        """Return the decoded plain-text body."""
        payload = message.get_payload(decode=True)
        return payload.decode(message.get_content_charset() or "utf-8")  # type: ignore[union-attr]

    @staticmethod
    def subject(message: Message) -> str:
        """Return the decoded subject."""
        from email.header import decode_header, make_header

        return str(make_header(decode_header(message["Subject"])))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Start an SMTP server on a free loopback port and point Django's e-mail at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
