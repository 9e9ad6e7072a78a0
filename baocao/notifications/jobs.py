"""Background jobs of the notices: the e-mails of a workflow step, the morning reminders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from baocao.jobs.queue import JobRun, register


@register("notifications.email", max_attempts=6, label="Gửi thư thông báo")
def send_emails(run: JobRun) -> dict[str, int]:
    """Send the step's e-mails over one connection; a refusal makes the job try again later.

    Each message sent is recorded as an effect of the job, so a later attempt sends only
    those the mail server refused.
    """
    from baocao.notifications.services import send_notice_emails

    return send_notice_emails(run.params["messages"], run=run)


@register("notifications.remind", max_attempts=4, label="Nhắc hạn báo cáo")
def remind(run: JobRun) -> dict[str, Any]:
    """Run ``baocao remind`` (each reminder is sent once: the register makes re-runs harmless)."""
    from baocao.notifications.services import send_reminders

    result = send_reminders(days_before=int(run.params.get("days_before", 3)))
    if result.failed:
        raise OSError(f"{result.failed} lời nhắc chưa gửi được qua máy chủ thư")
    return {"due": result.due, "sent": result.sent, "emailed": result.emailed}


def message_data(message: EmailMessage, register_id: int | None) -> dict[str, Any]:
    """Return what the e-mail job needs to send ``message`` again later."""
    return {
        "to": list(message.to),
        "subject": str(message.subject),
        "body": str(message.body),
        "register_id": register_id,
    }


def build_message(data: dict[str, Any], connection: Any) -> EmailMessage:
    """Return the e-mail ``message_data`` described, on ``connection``."""
    message = EmailMessage(
        data["subject"],
        data["body"],
        settings.DEFAULT_FROM_EMAIL,
        data["to"],
        connection=connection,
    )
    message.encoding = "utf-8"
    return message


__all__ = ["build_message", "get_connection", "message_data", "remind", "send_emails"]
