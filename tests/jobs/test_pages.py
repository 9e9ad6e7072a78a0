"""The jobs page, a job's progress and file, the health endpoints and the request id."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baocao.core.errors import NotFound
from baocao.core.logs import JsonFormatter
from baocao.jobs import queue
from baocao.jobs.models import Job, JobStatus
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued_not_immediate(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []


def test_healthz_answers_without_signing_in() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database_the_migrations_and_the_queue() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["migrations"] == {"ok": True, "pending": 0}
    assert checks["queue"]["lag_seconds"] == 0


def test_readyz_is_unavailable_when_the_queue_has_stalled(settings: Any) -> None:
    settings.BAOCAO_READY_MAX_QUEUE_LAG = 60
    job = queue.enqueue("jobs.probe")
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() - dt.timedelta(minutes=5))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["ok"] is False


def test_each_response_carries_a_request_id_and_one_log_line(
    caplog: pytest.LogCaptureFixture, reporter: Any
) -> None:
    client = client_for(reporter)
    with caplog.at_level(logging.INFO, logger="baocao.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
        fresh = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] == "abc-123"
    assert fresh["X-Request-ID"] != "bad id with spaces" and len(fresh["X-Request-ID"]) == 32
    line = next(r for r in caplog.records if getattr(r, "request_id", "") == "abc-123")
    assert (line.method, line.path, line.status, line.user_id) == (
        "GET",
        "/healthz",
        200,
        reporter.pk,
    )  # type: ignore[attr-defined]
    data = json.loads(JsonFormatter().format(line))
    assert data["request_id"] == "abc-123" and data["status"] == 200 and "duration_ms" in data


def test_a_job_enqueued_by_a_request_keeps_its_request_id(system_admin: Any) -> None:
    client_for(system_admin).post(
        reverse("job-start"), {"kind": "analytics.refresh"}, HTTP_X_REQUEST_ID="req-42"
    )
    assert Job.objects.get(kind="analytics.refresh").request_id == "req-42"


def test_the_jobs_page_lists_jobs_for_a_system_administrator(system_admin: Any) -> None:
    queue.enqueue("jobs.probe")
    response = client_for(system_admin).get(reverse("job-list"))
    assert response.status_code == 200
    assert "Kiểm tra tiến trình xử lý" in response.content.decode()


@pytest.mark.parametrize("persona", ["unit_admin", "reporter"])
def test_the_jobs_page_is_404_for_anyone_else(persona: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    job = queue.enqueue("jobs.probe")
    client = client_for(user)
    assert client.get(reverse("job-list")).status_code == 404
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("job-status", args=[job.pk])).status_code == 404
    assert client.post(reverse("job-retry", args=[job.pk])).status_code == 404
    assert client.post(reverse("job-start"), {"kind": "search.reindex"}).status_code == 404
    assert not Job.objects.filter(kind="search.reindex").exists()


def test_only_the_maintenance_jobs_are_started_from_the_page(system_admin: Any) -> None:
    # The rule lives in queue.start, shared by any caller, not in the page.
    client = client_for(system_admin)
    assert client.post(reverse("job-start"), {"kind": "jobs.probe"}).status_code == 404
    with pytest.raises(NotFound):
        queue.start("jobs.prune", by=system_admin)
    assert client.post(reverse("job-start"), {"kind": "search.reindex"}).status_code == 302
    assert list(Job.objects.values_list("kind", flat=True)) == ["search.reindex"]


def test_a_failed_job_is_queued_again_by_the_retry_button(system_admin: Any) -> None:
    job = queue.enqueue("jobs.probe")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, attempts=3, last_error="x")
    response = client_for(system_admin).post(reverse("job-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)


def test_a_consolidated_document_is_made_in_the_background_with_progress(
    draft: Any, reporter: Any, outsider: Any
) -> None:
    client = client_for(reporter)
    response = client.post(reverse("job-export", args=[draft.pk, "docx"]))
    job = Job.objects.get(kind="documents.export")
    assert response.status_code == 302 and response.url == reverse("job-detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' in page  # without JavaScript the page refreshes
    assert client.get(reverse("job-status", args=[job.pk])).json()["finished"] is False
    again = client.post(reverse("job-export", args=[draft.pk, "docx"]))
    assert again.url == response.url  # the same job while the report is unchanged

    call_command("worker", "--batch")
    status = client.get(reverse("job-status", args=[job.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    assert "Tải về" in client.get(reverse("job-detail", args=[job.pk])).content.decode()

    other = client_for(outsider)
    assert other.get(reverse("job-status", args=[job.pk])).status_code == 404
    assert other.get(status["download_url"]).status_code == 404
    assert other.post(reverse("job-export", args=[draft.pk, "pdf"])).status_code == 404


def test_the_menu_links_the_jobs_page_for_system_administrators_only(
    system_admin: Any, unit_admin: Any
) -> None:
    url = reverse("job-list")
    assert f'href="{url}"' in client_for(system_admin).get("/bao-cao/").content.decode()
    assert f'href="{url}"' not in client_for(unit_admin).get("/bao-cao/").content.decode()
