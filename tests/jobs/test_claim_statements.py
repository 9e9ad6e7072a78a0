"""The queue's plain statements: what they read and write is what the ORM read and wrote."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from baocao.core.rows import columns, from_row
from baocao.core.security import ThrottledBackend
from baocao.jobs import queue
from baocao.jobs.models import Job, JobEffect, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued_not_immediate(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False


def test_a_row_becomes_the_instance_the_orm_reads() -> None:
    job = queue.enqueue("jobs.probe", {"effect": "row-é", "n": [1, 2]}, key="rows-1")
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now(), status=JobStatus.RUNNING)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns(Job)} FROM jobs_job WHERE id = %s", [job.pk])  # noqa: S608
        row = cursor.fetchone()
    made, read = from_row(Job, connection.alias, row), Job.objects.get(pk=job.pk)
    for field in Job._meta.concrete_fields:
        assert getattr(made, field.attname) == getattr(read, field.attname), field.name
    assert made.params == {"effect": "row-é", "n": [1, 2]}
    assert not made._state.adding and made._state.db == connection.alias


def test_the_signed_in_user_is_read_whole_and_an_inactive_one_not_at_all() -> None:
    user = User.objects.create_user("hai", "hai@example.vn", "x", first_name="Hải")
    found = ThrottledBackend().get_user(str(user.pk))
    assert found is not None
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(user, field.attname), field.name
    assert ThrottledBackend().get_user("not a number") is None
    assert ThrottledBackend().get_user(str(user.pk + 1000)) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert ThrottledBackend().get_user(str(user.pk)) is None


def test_an_attempt_is_claimed_once_and_only_if_it_is_the_jobs_current_one() -> None:
    job = queue.enqueue("jobs.probe", {"effect": "claim-1"}, key="claim-1")
    assert queue._claim(job.pk, "w1", "not-its-attempt") is None
    claimed = queue._claim(job.pk, "w1", job.task_result_id)
    assert claimed is not None
    assert (claimed.status, claimed.attempts, claimed.worker_id) == ("running", 1, "w1")
    assert claimed.lease_until is not None
    assert claimed.lease_until - claimed.started_at == dt.timedelta(seconds=queue.lease_seconds())
    assert queue._claim(job.pk, "w2", job.task_result_id) is None  # already running
    stored = Job.objects.get(pk=job.pk)
    assert (stored.status, stored.attempts, stored.worker_id) == ("running", 1, "w1")


def test_an_effect_is_recorded_once() -> None:
    job = queue.enqueue("jobs.probe", {"effect": "fx"}, key="fx")
    run = queue.JobRun(job, "w1")
    assert not run.has_effect("fx:1")
    assert run.record_effect("fx:1") is True
    assert run.record_effect("fx:1") is False
    assert run.has_effect("fx:1")
    assert JobEffect.objects.filter(key="fx:1", job=job).count() == 1


def test_recovery_finds_nothing_to_do_without_an_expired_lease() -> None:
    job = queue.enqueue("jobs.probe", {"effect": "live"}, key="live")
    queue._claim(job.pk, "w1", job.task_result_id)
    assert queue.recover_expired() == 0
    assert queue.recover_expired(timezone.now() + dt.timedelta(hours=1)) == 1
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
