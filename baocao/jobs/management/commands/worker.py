"""``baocao worker``: run background jobs until SIGTERM (docs/operations.md, "Workers").

A loop around django-tasks-db's worker: every ``--interval`` seconds it re-queues jobs whose
worker died (expired lease), enqueues the scheduled jobs whose time has come, then runs every
due attempt, doing the same between two attempts at most every two seconds; a dead worker's
job goes first. SIGTERM or Ctrl-C lets the current job finish and then stops; a second signal
stops at once and gives the job back to the queue.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from baocao.jobs import queue

log = logging.getLogger("baocao.jobs")
HOUSEKEEPING_SECONDS = 2.0  # at most this often between the attempts of a batch


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

    def run_task(self, db_task_result: Any) -> None:
        """Run one attempt; first, between the attempts of a long batch, the housekeeping.

        Without it a dead worker's job waited for the end of the batch (every due job) before
        it was re-queued, however short its lease.
        """
        if time.monotonic() - self.housekept >= max(self.interval, HOUSEKEEPING_SECONDS):
            self.housekeeping()
        super().run_task(db_task_result)

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
