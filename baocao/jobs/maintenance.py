"""``jobs.prune``: forget finished jobs after a while (run every night by the schedule)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from baocao.jobs.models import Job, JobEffect, JobStatus
from baocao.jobs.queue import JobRun, register


@register("jobs.prune", max_attempts=2, label="Dọn công việc cũ")
def prune(run: JobRun) -> dict[str, int]:
    """Delete jobs done ``days`` ago (failed ones after three times as long), their attempts,
    effects and files."""
    days = int(run.params.get("days", 30))
    now = timezone.now()
    done_before, failed_before = now - dt.timedelta(days=days), now - dt.timedelta(days=3 * days)
    old = Job.objects.filter(
        Q(status=JobStatus.DONE, finished_at__lt=done_before)
        | Q(status=JobStatus.FAILED, finished_at__lt=failed_before)
    )
    ids = list(old.values_list("pk", flat=True)[:50_000])
    jobs, _ = Job.objects.filter(pk__in=ids).delete()
    attempts, _ = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=done_before
    ).delete()
    effects, _ = JobEffect.objects.filter(job__isnull=True, created_at__lt=done_before).delete()
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    for pk in ids:
        shutil.rmtree(folder / str(pk), ignore_errors=True)
    return {"jobs": jobs, "attempts": attempts, "effects": effects}
