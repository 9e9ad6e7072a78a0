"""The queue: enqueue a job once, run an attempt, retry with back-off, recover, schedule.

The engine is django-tasks (the backport of Django 6's ``django.tasks``) with its database
backend ``django_tasks_db``: each attempt is a ``DBTaskResult`` row that a worker claims in a
locked transaction. What the engine lacks is here, on the ``Job`` row (docs/architecture.md):

- idempotency: ``enqueue`` with a ``key`` makes the job once; a second call returns it;
- retries: a failed attempt is queued again after ``base × 2^(attempt-1)`` seconds (capped)
  until ``max_attempts``; a ``ServiceError`` (bad input, no right) is final at once;
- leases: a running attempt holds the job until ``lease_until`` and a heartbeat thread renews
  it; ``recover_expired`` (every worker, every few seconds) re-queues a job whose worker died;
- effects: ``JobRun.record_effect`` notes a side effect under a key so a re-run skips it;
- schedule: ``run_schedule`` enqueues the periodic jobs of ``BAOCAO_JOB_SCHEDULE`` once per slot;
- progress: ``JobRun.progress`` writes done/total/note, read by the status endpoint.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.errors import Conflict, NotFound, ServiceError
from baocao.core.logs import current_request_id, request_id_context
from baocao.core.rows import columns, from_row
from baocao.jobs.models import Job, JobEffect, JobStatus

log = logging.getLogger("baocao.jobs")

Handler = Callable[["JobRun"], Any]


@dataclass(frozen=True)
class JobKind:
    """A registered kind of job: its handler and how often it may be tried."""

    name: str
    handler: Handler
    max_attempts: int
    label: str = ""


_registry: dict[str, JobKind] = {}


def register(name: str, *, max_attempts: int = 5, label: str = "") -> Callable[[Handler], Handler]:
    """Register ``handler`` as the job kind ``name`` (a thin wrapper around a service)."""

    def decorate(handler: Handler) -> Handler:
        _registry[name] = JobKind(name, handler, max_attempts, label)
        return handler

    return decorate


def kind_of(name: str) -> JobKind | None:
    """Return the registered kind ``name``, if any."""
    return _registry.get(name)


def lease_seconds() -> float:
    """Return how long a running attempt holds its job without a heartbeat."""
    return float(getattr(settings, "BAOCAO_JOB_LEASE_SECONDS", 60))


def backoff_seconds(attempt: int) -> float:
    """Return the wait before the next try after ``attempt`` failed: base × 2^(attempt-1)."""
    base = float(getattr(settings, "BAOCAO_JOB_RETRY_BASE_SECONDS", 30))
    cap = float(getattr(settings, "BAOCAO_JOB_RETRY_MAX_SECONDS", 3600))
    return min(cap, base * 2 ** max(0, attempt - 1))


def enqueue(
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    by: Any = None,
    max_attempts: int | None = None,
    run_after: dt.datetime | None = None,
) -> Job:
    """Enqueue the job ``kind`` once per ``key`` and return it (the existing one if any).

    The job row and its first attempt are written in the caller's transaction, so a job asked
    for by a write that rolls back never runs, and one whose write commits is never lost.
    """
    registered = _registry.get(kind)
    if registered is None:
        raise ValueError(f"unknown job kind {kind!r}")
    now = timezone.now()
    fields = {
        "kind": kind,
        "params": params or {},
        "max_attempts": max_attempts or registered.max_attempts,
        "run_after": run_after or now,
        "request_id": current_request_id(),
        "created_by": by if getattr(by, "is_authenticated", False) else None,
    }
    # No savepoint: inside the caller's transaction the job is part of its write (a failure
    # fails the write); outside one, the job and its attempt are one transaction.
    with transaction.atomic(savepoint=False):
        if key:
            job, created = Job.objects.get_or_create(key=key, defaults=fields)
        else:  # a new random key: no job has it, nothing to look up
            job, created = Job.objects.create(key=f"{kind}:{uuid.uuid4().hex}", **fields), True
        if created:
            _dispatch(job)
    if created and getattr(settings, "BAOCAO_JOBS_IMMEDIATE", False):
        # Robust: the caller's write is committed; a job that cannot run inline now (a locked
        # database) stays queued for a worker instead of failing a write that succeeded.
        transaction.on_commit(lambda: run_now(job.pk), robust=True)
    return job


# Job's own table and columns (baocao.jobs.models.Job): the attempt a worker will claim.
SET_ATTEMPT = "UPDATE jobs_job SET task_result_id = %s WHERE id = %s"
# A worker's claim of the job's attempt: running, one attempt more, leased (``_claim``).
CLAIM_JOB = (  # the model's own column names
    "UPDATE jobs_job SET status = %s, attempts = attempts + 1, worker_id = %s,"  # noqa: S608
    " lease_until = %s, started_at = %s WHERE id = %s AND status = %s AND task_result_id = %s"
    " RETURNING " + columns(Job)
)
# The attempt's end: done, with its result, unless the job is no longer this worker's.
FINISH_JOB = (
    "UPDATE jobs_job SET status = %s, result = %s, finished_at = %s, lease_until = NULL,"
    " last_error = '', progress_note = '' WHERE id = %s AND status = %s AND worker_id = %s"
)
# Whether any running job's lease expired (``recover_expired`` then locks and re-queues them).
ANY_EXPIRED = "SELECT 1 FROM jobs_job WHERE status = %s AND lease_until < %s LIMIT 1"
HAS_EFFECT = "SELECT 1 FROM jobs_jobeffect WHERE key = %s LIMIT 1"
# An effect recorded once: a second writer of the same key inserts nothing.
RECORD_EFFECT = (
    "INSERT INTO jobs_jobeffect (key, job_id, created_at) VALUES (%s, %s, %s)"
    " ON CONFLICT (key) DO NOTHING RETURNING id"
)

# The attempt of a job whose worker died goes before the jobs queued since: it was started
# first, and someone may be watching its progress.
RECOVERED_PRIORITY = 10


def _dispatch(job: Job, *, priority: int | None = None) -> None:
    """Create the attempt a worker will claim (at ``job.run_after``) and remember its id."""
    from baocao.jobs.tasks import run_job

    later = job.run_after if job.run_after > timezone.now() else None
    result = run_job.using(run_after=later, priority=priority).enqueue(job.pk)
    job.task_result_id = str(result.id)
    # One plain statement: every workflow step's e-mails pass here, and the ORM's update
    # compiled for one column cost three times the statement.
    connection = connections[router.db_for_write(Job)]
    with connection.cursor() as cursor:
        cursor.execute(SET_ATTEMPT, [job.task_result_id, job.pk])


def run_now(job_id: int) -> str:
    """Run the job's current attempt in this process (tests and ``BAOCAO_JOBS_IMMEDIATE``)."""
    from django_tasks_db.models import DBTaskResult

    job = Job.objects.get(pk=job_id)
    attempt = DBTaskResult.objects.filter(pk=job.task_result_id, status="READY").first()
    if attempt is None:
        return "skipped"
    attempt.claim("inline")
    outcome = run_attempt(job_id, worker_id="inline", task_result_id=job.task_result_id)
    attempt.set_successful(outcome)
    return outcome


@dataclass
class JobRun:
    """What a handler gets: the job's parameters, progress, and idempotent effects."""

    job: Job
    worker_id: str
    params: dict[str, Any] = field(default_factory=dict)

    def progress(self, done: int, total: int, note: str = "") -> None:
        """Record how far the job is (read by the status endpoint and the jobs page)."""
        Job.objects.filter(pk=self.job.pk).update(
            progress_done=done, progress_total=total, progress_note=note[:200]
        )

    def requester(self) -> Any:
        """Return the active user who asked for the job, whose rights the handler checks
        again now; NotFound when there is none (deleted or deactivated since)."""
        from django.contrib.auth import get_user_model

        asker = self.job.created_by_id
        users = get_user_model().objects
        user = users.filter(pk=asker, is_active=True).first() if asker is not None else None
        if user is None:
            raise NotFound(_("Không tìm thấy người yêu cầu."))
        return user

    def has_effect(self, key: str) -> bool:
        """Say whether the side effect ``key`` was already done (by this job or another)."""
        with connections[router.db_for_write(JobEffect)].cursor() as cursor:
            cursor.execute(HAS_EFFECT, [key])
            return cursor.fetchone() is not None

    def record_effect(self, key: str) -> bool:
        """Record the side effect ``key``; return False when it was already recorded."""
        connection = connections[router.db_for_write(JobEffect)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(RECORD_EFFECT, [key, self.job.pk, now])
            return cursor.fetchone() is not None


class _Heartbeat:
    """Renew, every third of a lease, the leases of the jobs running in this process.

    One thread per process, started with the first job and kept: a thread started and joined
    per attempt cost more than a short job (an e-mail) itself. A job is held from its claim to
    its end; between two renewals the thread only sleeps.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[int, str] = {}  # job id -> the worker that runs it
        self._thread: threading.Thread | None = None

    def hold(self, job_id: int, worker_id: str) -> None:
        """Keep renewing the job's lease until ``drop``."""
        with self._lock:
            self._held[job_id] = worker_id
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)
                self._thread.start()

    def drop(self, job_id: int) -> None:
        """Stop renewing the job's lease (it ended, or was given back)."""
        with self._lock:
            self._held.pop(job_id, None)

    def _run(self) -> None:
        while True:
            lease = lease_seconds()
            time.sleep(lease / 3)
            with self._lock:
                held = list(self._held.items())
            if not held:
                continue
            until = timezone.now() + dt.timedelta(seconds=lease)
            try:
                for job_id, worker_id in held:
                    try:
                        Job.objects.filter(
                            pk=job_id, worker_id=worker_id, status=JobStatus.RUNNING
                        ).update(lease_until=until)
                    except DatabaseError:
                        log.warning("Job %s: the lease could not be renewed", job_id)
            finally:
                connections.close_all()


_heartbeat = _Heartbeat()


def _claim(job_id: int, worker_id: str, task_result_id: str) -> Job | None:
    """Mark the job running for this worker, or return None if this attempt is not its own.

    One statement, which locks the row and checks it (PostgreSQL re-checks a row that another
    worker changed meanwhile): the ORM's locked read and save cost five round trips.
    """
    now = timezone.now()
    connection = connections[router.db_for_write(Job)]
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM_JOB,
            [
                JobStatus.RUNNING.value,
                worker_id,
                ops.adapt_datetimefield_value(now + dt.timedelta(seconds=lease_seconds())),
                ops.adapt_datetimefield_value(now),
                job_id,
                JobStatus.QUEUED.value,
                task_result_id,
            ],
        )
        row = cursor.fetchone()
    return from_row(Job, connection.alias, row) if row is not None else None


def run_attempt(job_id: int, *, worker_id: str, task_result_id: str) -> str:
    """Run one attempt of the job; return ``done``, ``retry``, ``failed`` or ``skipped``."""
    job = _claim(job_id, worker_id, task_result_id)
    if job is None:
        return "skipped"
    registered = _registry.get(job.kind)
    if registered is None:
        return _failed(job, worker_id, f"unknown job kind {job.kind!r}", final=True)
    _heartbeat.hold(job.pk, worker_id)
    with request_id_context(job.request_id):
        try:
            log.info("Job %s (%s) attempt %s started", job.pk, job.kind, job.attempts)
            result = registered.handler(JobRun(job, worker_id, dict(job.params)))
        except ServiceError as exc:
            _heartbeat.drop(job.pk)
            return _failed(job, worker_id, exc.message, final=True)
        except Exception as exc:
            _heartbeat.drop(job.pk)
            log.exception("Job %s (%s) attempt %s failed", job.pk, job.kind, job.attempts)
            return _failed(job, worker_id, f"{type(exc).__name__}: {exc}", final=False)
        except BaseException:
            _heartbeat.drop(job.pk)
            release(job, worker_id)
            raise
        _heartbeat.drop(job.pk)
        _finish(job, worker_id, result)
        log.info("Job %s (%s) done", job.pk, job.kind)
    return "done"


def _finish(job: Job, worker_id: str, result: Any) -> None:
    """Mark the job done with ``result`` if it is still this worker's (one plain statement)."""
    connection = connections[router.db_for_write(Job)]
    result_field = Job._meta.get_field("result")
    with connection.cursor() as cursor:
        cursor.execute(
            FINISH_JOB,
            [
                JobStatus.DONE.value,
                result_field.get_db_prep_save(result, connection),
                connection.ops.adapt_datetimefield_value(timezone.now()),
                job.pk,
                JobStatus.RUNNING.value,
                worker_id,
            ],
        )


def _failed(job: Job, worker_id: str, error: str, *, final: bool) -> str:
    """Queue the job again after its back-off, or fail it for good."""
    now = timezone.now()
    with transaction.atomic():
        mine = Job.objects.select_for_update().filter(
            pk=job.pk, worker_id=worker_id, status=JobStatus.RUNNING
        )
        current = mine.first()
        if current is None:
            return "skipped"
        current.last_error = error[:2000]
        current.lease_until = None
        if final or current.attempts >= current.max_attempts:
            current.status = JobStatus.FAILED
            current.finished_at = now
            current.save(update_fields=["last_error", "lease_until", "status", "finished_at"])
            log.error("Job %s (%s) failed: %s", job.pk, job.kind, error)
            return "failed"
        current.status = JobStatus.QUEUED
        current.run_after = now + dt.timedelta(seconds=backoff_seconds(current.attempts))
        current.save(update_fields=["last_error", "lease_until", "status", "run_after"])
        _dispatch(current)
    return "retry"


def release(job: Job, worker_id: str) -> None:
    """Give the job back to the queue at once (the worker was told to stop mid-job)."""
    with transaction.atomic():
        current = (
            Job.objects.select_for_update()
            .filter(pk=job.pk, worker_id=worker_id, status=JobStatus.RUNNING)
            .first()
        )
        if current is None:
            return
        current.status = JobStatus.QUEUED
        current.run_after = timezone.now()
        current.lease_until = None
        current.last_error = "Tiến trình xử lý dừng giữa chừng; công việc được xếp lại."
        current.save(update_fields=["status", "run_after", "lease_until", "last_error"])
        _dispatch(current)
    log.warning("Job %s (%s) released by worker %s", job.pk, job.kind, worker_id)


def recover_expired(now: dt.datetime | None = None) -> int:
    """Re-queue (or fail, if out of attempts) running jobs whose lease expired; return how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    connection = connections[router.db_for_write(Job)]
    with connection.cursor() as cursor:  # the usual answer, every few seconds: none
        cursor.execute(
            ANY_EXPIRED, [JobStatus.RUNNING.value, connection.ops.adapt_datetimefield_value(now)]
        )
        if cursor.fetchone() is None:
            return 0
    count = 0
    with transaction.atomic():
        expired = list(
            Job.objects.select_for_update(skip_locked=True).filter(
                status=JobStatus.RUNNING, lease_until__lt=now
            )[:100]
        )
        for job in expired:
            DBTaskResult.objects.filter(pk=job.task_result_id, status="RUNNING").update(
                status="FAILED", finished_at=now, exception_class_path="baocao.jobs.LeaseExpired"
            )
            job.last_error = "Tiến trình xử lý đã dừng (hết hạn giữ việc); công việc được chạy lại."
            job.lease_until = None
            if job.attempts >= job.max_attempts:
                job.status = JobStatus.FAILED
                job.finished_at = now
                job.save(update_fields=["status", "finished_at", "last_error", "lease_until"])
            else:
                job.status = JobStatus.QUEUED
                job.run_after = now
                job.save(update_fields=["status", "run_after", "last_error", "lease_until"])
                _dispatch(job, priority=RECOVERED_PRIORITY)
            log.warning(
                "Job %s (%s): worker %s lost it, re-queued", job.pk, job.kind, job.worker_id
            )
            count += 1
    return count


# Jobs a system administrator may start from the jobs page (no parameters needed).
STARTABLE = ("analytics.refresh", "search.reindex")


def start(kind: str, *, by: Any) -> Job:
    """Start one of the ``STARTABLE`` maintenance jobs (system administrators; NotFound for
    anyone else or any other kind)."""
    from baocao.jobs.selectors import can_manage_jobs

    if not can_manage_jobs(by) or kind not in STARTABLE:
        raise NotFound("Không tìm thấy trang.")
    return enqueue(kind, {}, by=by)


def retry(job_id: int, *, by: Any) -> Job:
    """Queue a failed job again now, with a fresh count of attempts (the jobs page's button)."""
    from baocao.jobs.selectors import access_job

    job = access_job(by, job_id)
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        if current.status != JobStatus.FAILED:
            raise Conflict("Chỉ chạy lại được công việc đã thất bại.")
        current.status = JobStatus.QUEUED
        current.attempts = 0
        current.run_after = timezone.now()
        current.finished_at = None
        current.save(update_fields=["status", "attempts", "run_after", "finished_at"])
        _dispatch(current)
    log.info("Job %s (%s) queued again by user %s", job.pk, job.kind, getattr(by, "pk", None))
    return current


@dataclass(frozen=True)
class Periodic:
    """A job enqueued every day at ``at`` (local time) on ``weekdays`` (0 = Monday)."""

    kind: str
    at: dt.time
    weekdays: frozenset[int]
    params: dict[str, Any]


def schedule() -> list[Periodic]:
    """Return the periodic jobs of ``BAOCAO_JOB_SCHEDULE``."""
    entries: list[dict[str, Any]] = getattr(settings, "BAOCAO_JOB_SCHEDULE", [])
    return [
        Periodic(
            kind=entry["kind"],
            at=dt.time.fromisoformat(entry["at"]),
            weekdays=frozenset(entry.get("weekdays", range(7))),
            params=dict(entry.get("params", {})),
        )
        for entry in entries
    ]


def run_schedule(now: dt.datetime | None = None) -> list[Job]:
    """Enqueue today's periodic jobs whose time has come, once each (key: kind and day)."""
    local = timezone.localtime(now or timezone.now())
    jobs = []
    for entry in schedule():
        if entry.kind not in _registry:
            log.error("Scheduled job kind %r is not registered", entry.kind)
        elif local.weekday() in entry.weekdays and local.time() >= entry.at:
            key = f"schedule:{entry.kind}:{local.date().isoformat()}"
            jobs.append(enqueue(entry.kind, entry.params, key=key))
    return jobs


def queue_lag(now: dt.datetime | None = None) -> float:
    """Return how many seconds the oldest due queued job has waited (0 when none)."""
    now = now or timezone.now()
    oldest = (
        Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now)
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
