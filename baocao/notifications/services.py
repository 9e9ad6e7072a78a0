"""Deliver reminders (in-app notice + e-mail, each once) and mark notices read.

The e-mail goes to Vietnamese officials and is always in Vietnamese; the notice keeps a
Vietnamese copy of its words and the facts to word it again in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baocao.core.errors import NotFound
from baocao.notifications.models import Notice, SentReminder
from baocao.notifications.reminders import Reminder, due_reminders

log = logging.getLogger("baocao.notifications")

SIGNATURE = ("\n\nTrân trọng,\nHệ thống thông tin báo cáo (baocao)\n"
             "Thư này được gửi tự động, vui lòng không trả lời.")


@dataclass
class RemindResult:
    """What one run of ``send_reminders`` did."""

    due: int = 0
    sent: int = 0
    emailed: int = 0
    skipped: int = 0
    failed: int = 0


def _email(reminder: Reminder, connection) -> bool:  # type: ignore[no-untyped-def]
    """Send the reminder's e-mail (worded in the active language); return False without address."""
    address = getattr(reminder.user, "email", "")
    if not address:
        return False
    name = reminder.user.get_full_name() or reminder.user.username  # type: ignore[attr-defined]
    link = f"{settings.BAOCAO_BASE_URL.rstrip('/')}{reminder.url}" if reminder.url else ""
    body = f"Kính gửi {name},\n\n{reminder.body}"
    if link:
        body += f"\n\nXem tại: {link}"
    message = EmailMessage(reminder.subject, body + SIGNATURE, settings.DEFAULT_FROM_EMAIL,
                           [address], connection=connection)
    message.encoding = "utf-8"
    message.send()
    return True


def deliver(reminder: Reminder, *, today: dt.date, connection=None) -> bool:  # type: ignore[no-untyped-def]
    """Record, notify and e-mail one reminder unless it was sent before; return if sent.

    The register row, the notice and the e-mail succeed or fail together: when the mail
    server refuses, nothing is recorded and the next run tries again.
    """
    if SentReminder.objects.filter(kind=reminder.kind, user=reminder.user,
                                   key=reminder.key).exists():
        return False
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            sent = SentReminder.objects.create(kind=reminder.kind, user=reminder.user,
                                               key=reminder.key, sent_on=today)
            Notice.objects.create(user=reminder.user, kind=reminder.kind, title=reminder.title,
                                  body=reminder.body, params=reminder.params, url=reminder.url)
            if _email(reminder, connection):
                SentReminder.objects.filter(pk=sent.pk).update(emailed=True)
    except IntegrityError:
        return False  # another run sent it at the same moment
    return True


def send_reminders(*, today: dt.date | None = None, days_before: int = 3) -> RemindResult:
    """Send every reminder due on ``today`` that was not sent before."""
    today = today or timezone.localdate()
    reminders = due_reminders(today, days_before)
    result = RemindResult(due=len(reminders))
    connection = get_connection()  # opened by the first message, reused by the next ones
    try:
        for reminder in reminders:
            try:
                if deliver(reminder, today=today, connection=connection):
                    result.sent += 1
                    result.emailed += bool(getattr(reminder.user, "email", ""))
                else:
                    result.skipped += 1
            except OSError as exc:  # SMTP errors are OSError subclasses
                result.failed += 1
                log.error("Reminder %s to user %s failed: %s", reminder.kind,
                          getattr(reminder.user, "pk", None), exc)
    finally:
        connection.close()
    log.info("Reminders on %s: %s", today, result)
    return result


def mark_read(notice_id: int, *, by) -> Notice:  # type: ignore[no-untyped-def]
    """Mark one of the user's notices read; another user's notice is not found."""
    try:
        notice = Notice.objects.get(pk=notice_id, user=by)
    except Notice.DoesNotExist:
        raise NotFound(_("Không tìm thấy thông báo.")) from None
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(*, by) -> int:  # type: ignore[no-untyped-def]
    """Mark every unread notice of the user read; return how many."""
    return Notice.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())
