"""What the health endpoints check: the database answers, migrations are applied, the queue moves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q

from baocao.jobs.models import Job, JobStatus
from baocao.jobs.queue import queue_lag

# Once no migration is pending, none can be until the code changes, which means a new process:
# the migration graph (every migration module read) is not built again on every probe.
_migrated = False


def pending_migrations() -> int:
    """Return how many migrations of this code are not applied to the database."""
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = not pending
    return pending


def readiness() -> tuple[bool, dict[str, Any]]:
    """Return whether this node may take requests, and the checks' details."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except DatabaseError as exc:
        checks["database"] = {"ok": False, "error": str(exc)[:200]}
        return False, checks
    try:
        pending = pending_migrations()
        checks["migrations"] = {"ok": not pending, "pending": pending}
        lag = queue_lag()
        limit = float(getattr(settings, "BAOCAO_READY_MAX_QUEUE_LAG", 900))
        watched = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED)
        counts = Job.objects.aggregate(
            **{s.value: Count("pk", filter=Q(status=s)) for s in watched}
        )
        checks["queue"] = {
            "ok": not limit or lag <= limit,
            "lag_seconds": round(lag, 1),
            "max_lag_seconds": limit,
            "queued": counts[JobStatus.QUEUED.value],
            "running": counts[JobStatus.RUNNING.value],
            "failed": counts[JobStatus.FAILED.value],
        }
    except DatabaseError as exc:
        checks["migrations"] = {"ok": False, "error": str(exc)[:200]}
    return all(check.get("ok") for check in checks.values()), checks
