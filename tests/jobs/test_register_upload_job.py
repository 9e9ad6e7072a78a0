"""A large register upload is confirmed by a job: progress page, summary, lines stored once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from baocao.jobs import queue
from baocao.jobs.models import Job, JobEffect, JobStatus
from baocao.registers import jobs as register_jobs
from baocao.registers.models import RegisterUpload
from tests.conftest import client_for
from tests.registers.test_import import HEADER, LINES, csv_bytes, page_url, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued_not_immediate(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []
    settings.BAOCAO_REGISTER_IMPORT_JOB_BYTES = 0  # every upload counts as large here


def confirm(client: Any, register: Any) -> tuple[Any, Job]:
    """Upload the three lines, preview them, confirm; return the response and the job."""
    client.post(page_url(register), {"file": upload("so.csv", csv_bytes([HEADER, *LINES]))})
    token = RegisterUpload.objects.get().token
    response = client.post(page_url(register), {"action": "confirm", "token": token})
    return response, Job.objects.get(kind=register_jobs.KIND)


def test_the_confirmation_runs_as_a_job_with_progress_then_a_summary(
    register: Any, reporter: Any, outsider: Any
) -> None:
    client = client_for(reporter)
    response, job = confirm(client, register)
    assert response.status_code == 302 and response.url == reverse("job-detail", args=[job.pk])
    assert not register.entries.exists()  # nothing stored in the request
    page = client.get(response.url).content.decode()
    assert "Nhập sổ theo dõi từ tệp" in page and 'http-equiv="refresh"' in page
    token = job.params["token"]
    again = client.post(page_url(register), {"action": "confirm", "token": token})
    assert again.url == response.url  # a second click: the same job

    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100
    assert register.entries.count() == 3 and not RegisterUpload.objects.exists()
    done = client.get(response.url).content.decode()
    assert "Đã nhập 3 mục vào sổ từ tệp “so.csv”." in done
    assert "Năm 2022: số thứ tự 1 đến 2 (2 mục)" in done
    assert f'href="{reverse("register-detail", args=[register.pk])}"' in done
    assert client_for(outsider).get(response.url).status_code == 404
    gone = client.post(page_url(register), {"action": "confirm", "token": token})
    assert gone.status_code == 422 and register.entries.count() == 3


def test_a_job_run_twice_stores_the_lines_once(register: Any, reporter: Any) -> None:
    _response, job = confirm(client_for(reporter), register)
    call_command("worker", "--batch")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    job.refresh_from_db()
    queue._dispatch(job)  # run again, as the retry button or a second worker would
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert register.entries.count() == 3
    assert job.result["added"] == 3  # the summary of the attempt that stored them
    assert JobEffect.objects.filter(key=f"{register_jobs.KIND}:{job.params['token']}").count() == 1


def test_a_worker_dying_after_storing_the_lines_does_not_store_them_again(
    register: Any, reporter: Any
) -> None:
    _response, job = confirm(client_for(reporter), register)
    call_command("worker", "--batch")
    # As if killed between its transaction and marking the job done: the lease runs out.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker_id="dead", lease_until=job.created_at
    )
    assert queue.recover_expired() == 1
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and register.entries.count() == 3
    assert job.result["added"] == 3


def test_a_worker_dying_before_its_transaction_commits_leaves_nothing_then_imports_once(
    register: Any, reporter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _response, job = confirm(client_for(reporter), register)
    real = register_jobs.import_staged

    def dies_after_storing(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise SystemExit("killed")

    monkeypatch.setattr(register_jobs, "import_staged", dies_after_storing)
    with pytest.raises(SystemExit):
        queue.run_now(job.pk)
    assert not register.entries.exists() and RegisterUpload.objects.exists()
    assert not JobEffect.objects.exists()
    monkeypatch.setattr(register_jobs, "import_staged", real)
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and register.entries.count() == 3


def test_a_small_upload_is_still_confirmed_in_the_request(
    register: Any, reporter: Any, settings: Any
) -> None:
    settings.BAOCAO_REGISTER_IMPORT_JOB_BYTES = 1024 * 1024
    client = client_for(reporter)
    client.post(page_url(register), {"file": upload("so.csv", csv_bytes([HEADER, *LINES]))})
    token = RegisterUpload.objects.get().token
    response = client.post(page_url(register), {"action": "confirm", "token": token})
    assert response.url == f"/so-theo-doi/{register.pk}/"
    assert register.entries.count() == 3 and not Job.objects.exists()
