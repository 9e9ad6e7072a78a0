"""The jobs in the browser: a progress page that turns into a download, the jobs page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from baocao.domain.workflow import Role
from baocao.jobs import queue
from baocao.jobs.models import Job, JobStatus
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import login, shot


@pytest.fixture(autouse=True)
def queued_not_immediate(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []


def test_the_progress_page_polls_then_offers_the_file(page: Any, draft: Any, reporter: Any) -> None:
    running = queue.enqueue("jobs.probe", by=reporter)
    Job.objects.filter(pk=running.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        progress_done=2,
        progress_total=5,
        progress_note="đang chờ",
        lease_until=timezone.now() + timezone.timedelta(hours=1),
    )
    job = queue.enqueue("documents.export", {"report_id": draft.pk, "fmt": "docx"}, by=reporter)
    login(page, reporter.username, PASSWORD)
    page.goto(f"/cong-viec/{running.pk}/")
    assert page.locator("progress").get_attribute("value") == "40"
    shot(page, "jobs-progress-1366")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, "jobs-progress-375")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(f"/cong-viec/{job.pk}/")
    assert "đang chờ đến lượt" in page.content()
    call_command("worker", "--batch")
    link = page.get_by_role("link", name="Tải về")
    link.wait_for()  # the page polled the status and reloaded itself
    assert link.get_attribute("href") == f"/cong-viec/{job.pk}/tai-ve/"
    assert "Đang lưu tệp" not in page.content()  # the last step's note goes once done
    shot(page, "jobs-done-1366")


def test_the_jobs_page_shows_statuses_and_retries(page: Any, province: Any) -> None:
    admin = make_user("quantri", province, Role.ADMINISTRATOR)
    failed = queue.enqueue("notifications.email", {"messages": []})
    Job.objects.filter(pk=failed.pk).update(
        status=JobStatus.FAILED,
        attempts=6,
        max_attempts=6,
        last_error="OSError: 1 thư chưa gửi được: [Errno 111] Connection refused",
    )
    queue.enqueue("search.reindex")
    call_command("worker", "--batch")
    queue.enqueue("analytics.refresh")
    login(page, admin.username, PASSWORD)
    page.goto("/cong-viec/")
    shot(page, "jobs-list-1366")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, "jobs-list-375")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("button", name=f"Chạy lại #{failed.pk}").click()
    page.wait_for_load_state()
    assert Job.objects.get(pk=failed.pk).status == JobStatus.QUEUED
