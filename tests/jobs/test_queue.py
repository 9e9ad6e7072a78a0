"""The queue: a job runs once per key, failures retry with back-off, dead workers' jobs re-run."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from baocao.core.errors import Invalid
from baocao.jobs import queue
from baocao.jobs.models import Job, JobEffect, JobStatus

pytestmark = pytest.mark.django_db

calls: list[int] = []


@queue.register("tests.flaky", max_attempts=3)
def flaky(run: queue.JobRun) -> dict[str, Any]:
    """Fail until the attempt named by ``params['ok_at']``."""
    calls.append(run.job.pk)
    if run.job.attempts < run.params["ok_at"]:
        raise OSError("SMTP server refused")
    return {"attempt": run.job.attempts}


@queue.register("tests.invalid")
def invalid(run: queue.JobRun) -> None:
    raise Invalid("Tệp không hợp lệ.")


@pytest.fixture(autouse=True)
def queued_not_immediate(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_RETRY_BASE_SECONDS = 30
    settings.BAOCAO_JOB_SCHEDULE = []
    calls.clear()


def work() -> None:
    call_command("worker", "--batch")


def make_due(job: Job) -> None:
    """Move the job's waiting attempt to now (as if its back-off had passed)."""
    from django_tasks_db.models import DBTaskResult

    job.refresh_from_db()
    DBTaskResult.objects.filter(pk=job.task_result_id).update(run_after=timezone.now())
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())


def test_a_job_enqueued_twice_with_the_same_key_is_one_job_run_once() -> None:
    first = queue.enqueue("jobs.probe", {"effect": "row-1"}, key="probe-1")
    again = queue.enqueue("jobs.probe", {"effect": "row-1"}, key="probe-1")
    assert first.pk == again.pk
    work()
    work()
    job = Job.objects.get(pk=first.pk)
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert job.result["effect"] == "row-1"
    assert JobEffect.objects.filter(key="row-1").count() == 1


def test_a_failing_job_is_retried_with_exponential_backoff_then_succeeds() -> None:
    job = queue.enqueue("tests.flaky", {"ok_at": 3})
    before = timezone.now()
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1
    assert "SMTP server refused" in job.last_error
    assert dt.timedelta(seconds=29) < job.run_after - before < dt.timedelta(seconds=40)
    work()  # not due yet: nothing runs
    assert Job.objects.get(pk=job.pk).attempts == 1

    make_due(job)
    before = timezone.now()
    work()
    job.refresh_from_db()
    assert job.attempts == 2
    assert dt.timedelta(seconds=59) < job.run_after - before < dt.timedelta(seconds=70)

    make_due(job)
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"attempt": 3}
    assert calls == [job.pk] * 3


def test_a_job_that_keeps_failing_stops_after_its_attempts_and_can_be_retried(
    superuser: Any,
) -> None:
    job = queue.enqueue("tests.flaky", {"ok_at": 99})
    for _ in range(3):
        make_due(job)
        work()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    queue.retry(job.pk, by=superuser)
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.attempts == 1


def test_a_service_error_fails_the_job_at_once_with_its_message() -> None:
    job = queue.enqueue("tests.invalid")
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 1
    assert job.last_error == "Tệp không hợp lệ."


def test_a_running_job_whose_lease_expired_is_run_again() -> None:
    job = queue.enqueue("jobs.probe", {"effect": "row-2"})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        worker_id="dead-worker",
        lease_until=timezone.now() - dt.timedelta(seconds=1),
    )
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert job.worker_id != "dead-worker"
    assert JobEffect.objects.filter(key="row-2").count() == 1


def test_a_running_job_with_a_live_lease_is_left_alone() -> None:
    job = queue.enqueue("jobs.probe")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=1,
        worker_id="busy-worker",
        lease_until=timezone.now() + dt.timedelta(seconds=60),
    )
    assert queue.recover_expired() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_the_schedule_enqueues_reminders_once_per_working_morning(settings: Any) -> None:
    settings.BAOCAO_JOB_SCHEDULE = [
        {"kind": "jobs.probe", "at": "07:30", "weekdays": [0, 1, 2, 3, 4, 5], "params": {}}
    ]
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    monday_early = dt.datetime(2026, 12, 7, 7, 29, tzinfo=hanoi)
    monday_later = dt.datetime(2026, 12, 7, 7, 31, tzinfo=hanoi)
    sunday = dt.datetime(2026, 12, 6, 9, 0, tzinfo=hanoi)
    assert queue.run_schedule(monday_early) == []
    assert queue.run_schedule(sunday) == []
    first = queue.run_schedule(monday_later)
    second = queue.run_schedule(monday_later + dt.timedelta(hours=3))
    assert [j.pk for j in first] == [j.pk for j in second]
    assert Job.objects.filter(kind="jobs.probe").count() == 1
    assert first[0].key == "schedule:jobs.probe:2026-12-07"


def test_queue_lag_is_the_wait_of_the_oldest_due_job() -> None:
    assert queue.queue_lag() == 0
    job = queue.enqueue("jobs.probe")
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() - dt.timedelta(seconds=90))
    assert 89 < queue.queue_lag() < 120


def test_progress_is_reported_on_the_job() -> None:
    job = queue.enqueue("jobs.probe", {"seconds": 0.2})
    work()
    job.refresh_from_db()
    assert job.progress_total == 2
    assert job.status_data()["percent"] == 100
    assert job.status_data()["finished"] is True


def test_the_maintenance_jobs_run_their_services(draft: Any) -> None:
    reindex = queue.enqueue("search.reindex", {"report_ids": [draft.pk]})
    refresh = queue.enqueue("analytics.refresh")
    work()
    reindex.refresh_from_db()
    refresh.refresh_from_db()
    assert (reindex.status, reindex.result) == (JobStatus.DONE, {"reports": 1})
    assert refresh.status == JobStatus.DONE and "rows" in refresh.result


def test_prune_forgets_jobs_finished_long_ago_and_keeps_recent_and_failed_ones() -> None:
    old, recent, failed = (queue.enqueue("jobs.probe") for _ in range(3))
    work()
    long_ago = timezone.now() - dt.timedelta(days=40)
    Job.objects.filter(pk__in=[old.pk, failed.pk]).update(finished_at=long_ago)
    Job.objects.filter(pk=failed.pk).update(status=JobStatus.FAILED)
    prune = queue.enqueue("jobs.prune", {"days": 30})
    work()
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk, prune.pk}
    assert Job.objects.get(pk=prune.pk).result["jobs"] == 1


@pytest.mark.django_db
def test_a_job_runs_only_for_a_requester_still_active(draft: Any, reporter: Any) -> None:
    # The report's export runs as the person who asked: deactivated since, nothing is made.
    job = queue.enqueue(
        "documents.export", {"report_id": draft.pk, "fmt": "docx"}, key="export-1", by=reporter
    )
    reporter.is_active = False
    reporter.save()
    queue.run_now(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Không tìm thấy người yêu cầu" in job.last_error
    assert job.result is None  # no file was made
