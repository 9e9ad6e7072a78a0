"""What the health endpoints check: the database answers, migrations are applied, the queue moves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from baocao.jobs.models import Job, JobStatus
from baocao.jobs.queue import queue_lag


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
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = {"ok": not pending, "pending": len(pending)}
        lag = queue_lag()
        limit = float(getattr(settings, "BAOCAO_READY_MAX_QUEUE_LAG", 900))
        checks["queue"] = {
            "ok": not limit or lag <= limit,
            "lag_seconds": round(lag, 1),
            "max_lag_seconds": limit,
            "queued": Job.objects.filter(status=JobStatus.QUEUED).count(),
            "running": Job.objects.filter(status=JobStatus.RUNNING).count(),
            "failed": Job.objects.filter(status=JobStatus.FAILED).count(),
        }
    except DatabaseError as exc:
        checks["migrations"] = {"ok": False, "error": str(exc)[:200]}
    return all(check.get("ok") for check in checks.values()), checks
