"""Files a job makes for its requester (a rendered document), kept under ``MEDIA_ROOT/jobs``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from baocao.jobs.models import Job


def save_result_file(job: Job, filename: str, content: bytes, content_type: str) -> dict[str, Any]:
    """Write the job's file and return the ``result`` that names it."""
    folder = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    safe = Path(filename).name or "tep"
    (folder / safe).write_bytes(content)
    return {"file": f"jobs/{job.pk}/{safe}", "filename": safe, "content_type": content_type}


def result_path(job: Job) -> Path | None:
    """Return the path of the job's file, if it made one and it still exists."""
    name = (job.result or {}).get("file") if isinstance(job.result, dict) else None
    if not name:
        return None
    root = (Path(settings.MEDIA_ROOT) / "jobs").resolve()
    path = (Path(settings.MEDIA_ROOT) / name).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
