"""Notice e-mails go through a job: a refusing mail server is retried, nothing is sent twice."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from baocao.jobs import queue
from baocao.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db
refusing: set[str] = set()


class RefusingBackend(EmailBackend):
    """The locmem backend, refusing the addresses in ``refusing`` like an SMTP server."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if set(message.to) & refusing:
                raise smtplib.SMTPRecipientsRefused({a: (550, b"busy") for a in message.to})
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def queued(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []
    settings.EMAIL_BACKEND = "tests.jobs.test_email_jobs.RefusingBackend"
    refusing.clear()


def message(to: str) -> dict[str, Any]:
    return {
        "to": [to],
        "subject": "[baocao] Báo cáo chờ duyệt",
        "body": "Kính gửi",
        "register_id": None,
    }


def test_a_refused_e_mail_is_retried_with_backoff_and_the_others_are_not_sent_twice() -> None:
    refusing.add("b@example.vn")
    job = queue.enqueue(
        "notifications.email", {"messages": [message("a@example.vn"), message("b@example.vn")]}
    )
    before = timezone.now()
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert "1 thư chưa gửi được" in job.last_error
    assert job.run_after - before >= dt.timedelta(seconds=29)
    assert [m.to for m in mail.outbox] == [["a@example.vn"]]

    refusing.clear()  # the mail server is back
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=job.task_result_id).update(run_after=timezone.now())
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn"]
