"""Fixtures of workflow notices: a real SMTP server, a deputy who is also the unit's clerk."""

from __future__ import annotations

import email
import socket
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django.test import override_settings

from baocao.domain.workflow import Role
from baocao.organizations.models import Membership
from tests.conftest import make_user


class Inbox:
    """What the local aiosmtpd server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        """Keep the message (aiosmtpd handler hook)."""
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 OK"

    def to(self, user) -> list[Message]:  # type: ignore[no-untyped-def]
        """Return the messages addressed to ``user``."""
        return [m for m in self.messages if m["To"] == user.email]

    def recipients(self) -> list[str]:
        """Return every message's To, in order."""
        return [m["To"] for m in self.messages]

    @staticmethod
    def text(message: Message) -> str:
        """Return the decoded plain-text body with plain line ends."""
        payload = message.get_payload(decode=True)
        charset = message.get_content_charset() or "utf-8"
        return payload.decode(charset).replace("\r\n", "\n")  # type: ignore[union-attr]

    @staticmethod
    def subject(message: Message) -> str:
        """Return the decoded subject."""
        return str(make_header(decode_header(message["Subject"])))


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    """Run an SMTP server on a free loopback port; Django's SMTP back end sends to it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            BAOCAO_BASE_URL="https://baocao.test",
        ):
            yield inbox
    finally:
        controller.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a step as if its transaction committed (the tests' transaction never does)."""

    def run(step, *args, **kwargs):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


@pytest.fixture
def deputy(unit):
    """Return a deputy of the Sở who is both approver and clerk (two roles, one person)."""
    user = make_user("phogiamdoc", unit, Role.APPROVER, first_name="Bình", last_name="Phạm Đức")
    Membership.objects.create(user=user, unit=unit, role=Role.CLERK.value)
    return user
