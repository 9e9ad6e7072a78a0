"""Permission-checked reads of jobs: the jobs page is the system administrators'."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from baocao.core.errors import NotFound
from baocao.domain.workflow import Role
from baocao.jobs.models import Job
from baocao.organizations.access import memberships


def can_manage_jobs(user: Any) -> bool:
    """Say whether ``user`` sees every job: a superuser or an administrator of a top unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    # The memberships read once per request (organizations.access), not one more query per page.
    return any(
        m.role == Role.ADMINISTRATOR.value and m.unit.parent_id is None for m in memberships(user)
    )


def visible_jobs(user: Any, *, status: str = "") -> QuerySet[Job]:
    """Return the jobs the jobs page lists (NotFound for anyone but a system administrator)."""
    if not can_manage_jobs(user):
        raise NotFound("Không tìm thấy trang.")
    jobs = Job.objects.select_related("created_by")
    return jobs.filter(status=status) if status else jobs


def access_job(user: Any, job_id: int) -> Job:
    """Return a job for the jobs page (NotFound unless a system administrator)."""
    job = visible_jobs(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("Không tìm thấy công việc.")
    return job


def access_own_job(user: Any, job_id: int, *, kind_prefix: str = "") -> Job:
    """Return a job its requester follows (its status, its file); NotFound for anyone else."""
    job = Job.objects.filter(pk=job_id, kind__startswith=kind_prefix).first()
    if job is None or not getattr(user, "is_authenticated", False) or job.created_by_id != user.pk:
        raise NotFound("Không tìm thấy công việc.")
    return job


def access_followed_job(user: Any, job_id: int) -> Job:
    """Return a job whose progress ``user`` may follow: any job for a system administrator,
    else one they asked for (NotFound for anyone else)."""
    if can_manage_jobs(user):
        return access_job(user, job_id)
    return access_own_job(user, job_id)
