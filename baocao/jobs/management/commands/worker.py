"""``baocao worker``: run background jobs until SIGTERM (docs/operations.md, "Workers").

A loop around django-tasks-db's worker: every ``--interval`` seconds it re-queues jobs whose
worker died (expired lease), enqueues the scheduled jobs whose time has come, then runs every
due attempt, doing the same between two attempts at most every two seconds; a dead worker's
job goes first. SIGTERM or Ctrl-C lets the current job finish and then stops; a second signal
stops at once and gives the job back to the queue.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import retry

from baocao.core.rows import columns, from_row
from baocao.jobs import queue

log = logging.getLogger("baocao.jobs")
HOUSEKEEPING_SECONDS = 2.0  # at most this often between the attempts of a batch

# An attempt's success, with the marks of django-tasks-db's ``DBTaskResult.set_successful``.
MARK_SUCCESSFUL = (  # the model's own table and column names
    f"UPDATE {DBTaskResult._meta.db_table} SET status = 'SUCCESSFUL', finished_at = %s,"  # noqa: S608
    " return_value = %s, exception_class_path = '', traceback = '' WHERE id = %s"
)


@retry()  # as django-tasks-db's own
def mark_successful(db_task_result: DBTaskResult, return_value: Any) -> None:
    """Record that the attempt succeeded with ``return_value`` (in the row and the object)."""
    db_task_result.status = TaskResultStatus.SUCCESSFUL
    db_task_result.finished_at = timezone.now()
    db_task_result.return_value = return_value
    db_task_result.exception_class_path = ""
    db_task_result.traceback = ""
    connection = connections[router.db_for_write(DBTaskResult)]
    field = DBTaskResult._meta.get_field("return_value")
    with connection.cursor() as cursor:
        cursor.execute(
            MARK_SUCCESSFUL,
            [
                connection.ops.adapt_datetimefield_value(db_task_result.finished_at),
                field.get_db_prep_save(return_value, connection),
                DBTaskResult._meta.pk.get_db_prep_value(db_task_result.pk, connection),
            ],
        )


_TASKS = DBTaskResult._meta.db_table
# On PostgreSQL the next due attempt is found, locked (skipping those another worker holds)
# and marked running in one statement, in the order and with the marks of django-tasks-db's
# ``ready().get_locked()`` and ``claim()``, whose ORM form took a transaction, four round
# trips and more CPU than the e-mail it ran.
CLAIM_NEXT = (  # the model's own table and column names
    f"UPDATE {_TASKS} SET status = 'RUNNING', started_at = %s,"  # noqa: S608
    " worker_ids = worker_ids || %s::jsonb"
    f" WHERE id = (SELECT id FROM {_TASKS} WHERE status = 'READY' AND backend_name = %s"
    " AND (run_after = %s OR run_after <= %s)"
    " ORDER BY priority DESC, run_after ASC, enqueued_at ASC LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING " + columns(DBTaskResult)
)


class JobWorker(Worker):
    """django-tasks-db's worker plus lease recovery and the schedule between batches."""

    def __init__(self, *, interval: float, worker_id: str, once: bool) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.once = once
        self.housekept = 0.0

    def housekeeping(self) -> None:
        """Re-queue jobs of dead workers and enqueue the scheduled jobs that are due."""
        self.housekept = time.monotonic()
        try:
            queue.recover_expired()
            queue.run_schedule()
        except DatabaseError:
            log.warning("Worker %s: housekeeping skipped (database busy)", self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one attempt; first, between the attempts of a long batch, the housekeeping.

        Without it a dead worker's job waited for the end of the batch (every due job) before
        it was re-queued, however short its lease. As django-tasks-db's ``run_task``, but the
        attempt's success is written by one plain statement (``mark_successful``).
        """
        if time.monotonic() - self.housekept >= max(self.interval, HOUSEKEEPING_SECONDS):
            self.housekeeping()
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                return_value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                return_value = task.call(*task_result.args, **task_result.kwargs)
            mark_successful(db_task_result, return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except BaseException as e:
            db_task_result.set_failed(e)
            try:
                sender = type(db_task_result.task.get_backend())
                task_result = db_task_result.task_result
            except (ImportError, SuspiciousOperation):
                log.exception("Task id=%s failed unexpectedly", db_task_result.id)
            else:
                task_finished.send(sender=sender, task_result=task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def run(self) -> None:
        """Run every due attempt, then return (``batch``); on PostgreSQL claim each in one
        statement (``CLAIM_NEXT``), elsewhere as django-tasks-db does."""
        alias = router.db_for_write(DBTaskResult)
        if connections[alias].vendor != "postgresql":
            super().run()
            return
        while self.running:
            close_old_connections()
            task_result = self.claim_next(alias)
            if task_result is None:
                return
            self.run_task(task_result)
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()

    def claim_next(self, alias: str) -> DBTaskResult | None:
        """Return the next due attempt, marked running for this worker, or None."""
        now = timezone.now()
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(
                CLAIM_NEXT,
                [now, json.dumps([self.worker_id]), self.backend_name, get_date_max(), now],
            )
            row = cursor.fetchone()
        return from_row(DBTaskResult, alias, row) if row is not None else None

    def serve(self) -> None:
        """Alternate housekeeping and batches of due attempts until told to stop."""
        log.info("Worker %s started", self.worker_id)
        while self.running:
            close_old_connections()
            self.housekeeping()
            self.run()
            if self.once:
                break
            if self.running:
                time.sleep(self.interval)
        log.info("Worker %s stopped", self.worker_id)


class Command(BaseCommand):
    help = "Chạy các công việc nền (báo cáo tổng hợp, nhập hàng loạt, thư điện tử, nhắc hạn)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="giây chờ khi hết việc")
        parser.add_argument("--batch", action="store_true", help="chạy các việc đến hạn rồi thoát")
        parser.add_argument("--worker-id", default="", help="tên tiến trình (mặc định: máy-pid)")

    def handle(
        self, *args: Any, interval: float, batch: bool, worker_id: str, **options: Any
    ) -> None:
        worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}-{get_random_string(4)}"
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = JobWorker(interval=interval, worker_id=worker_id[:64], once=batch)
        if not batch:
            worker.configure_signals()
        worker.serve()
