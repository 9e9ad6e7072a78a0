"""The jobs page (administrators), a job's progress page and file, and the health endpoints.

Thin: the selectors say who may see what (404 otherwise), ``queue`` writes.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from baocao.core.actors import AuthenticatedRequest
from baocao.documents.services import FORMATS
from baocao.jobs import queue
from baocao.jobs.files import result_path
from baocao.jobs.health import readiness
from baocao.jobs.models import Job, JobStatus
from baocao.jobs.selectors import access_followed_job, access_own_job, visible_jobs
from baocao.reports.selectors import access_report

PAGE_SIZE = 200


def _label(kind: str) -> str:
    registered = queue.kind_of(kind)
    return _(registered.label) if registered and registered.label else kind


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer that the process serves requests (liveness: no database asked)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, migrations are applied and the queue moves."""
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


@login_required
@require_GET
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the jobs by status for a system administrator (404 for anyone else)."""
    status = request.GET.get("trang-thai", "")
    if status not in JobStatus.values:
        status = ""
    jobs = list(visible_jobs(request.user, status=status)[:PAGE_SIZE])
    for job in jobs:
        job.label = _label(job.kind)  # type: ignore[attr-defined]
    counts = dict(Job.objects.values_list("status").annotate(n=Count("id")).order_by())
    return render(
        request,
        "jobs/job_list.html",
        {
            "jobs": jobs,
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in JobStatus],
            "startable": [(kind, _label(kind)) for kind in queue.STARTABLE],
            "lag": round(queue.queue_lag()),
        },
    )


@login_required
@require_POST
def job_retry(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """Queue a failed job again (system administrators)."""
    job = queue.retry(job_id, by=request.user)
    messages.success(request, _("Đã xếp lại công việc #%(id)s.") % {"id": job.pk})
    return redirect(reverse("job-list") + "?trang-thai=queued")


@login_required
@require_POST
def job_start(request: AuthenticatedRequest) -> HttpResponse:
    """Start one of the maintenance jobs (system administrators)."""
    job = queue.start(request.POST.get("kind", ""), by=request.user)
    messages.success(request, _("Đã xếp công việc #%(id)s.") % {"id": job.pk})
    return redirect("job-list")


@login_required
@require_GET
def job_detail(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """Show a job's progress, then its file (the page polls; without JavaScript it refreshes)."""
    job = access_followed_job(request.user, job_id)
    context: dict[str, Any] = {
        "job": job,
        "label": _label(job.kind),
        "has_file": job.status == JobStatus.DONE and result_path(job) is not None,
        "status_url": reverse("job-status", args=[job.pk]),
    }
    return render(request, "jobs/job_detail.html", context)


@never_cache
@login_required
@require_GET
def job_status(request: AuthenticatedRequest, job_id: int) -> JsonResponse:
    """Answer the job's progress as JSON (the progress bar polls it)."""
    job = access_followed_job(request.user, job_id)
    data = job.status_data()
    if job.status == JobStatus.DONE and result_path(job) is not None:
        data["download_url"] = reverse("job-file", args=[job.pk])
    if job.status == JobStatus.FAILED:
        data["error"] = job.last_error
    return JsonResponse(data)


@login_required
@require_GET
def job_file(request: AuthenticatedRequest, job_id: int) -> FileResponse:
    """Send the file the job made to the person who asked for it (404 for anyone else)."""
    job = access_own_job(request.user, job_id)
    path = result_path(job)
    if path is None:
        raise Http404(_("Không tìm thấy tệp."))
    result = job.result if isinstance(job.result, dict) else {}
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=str(result.get("filename", path.name)),
        content_type=str(result.get("content_type", "application/octet-stream")),
    )


@login_required
@require_POST
def export_start(request: AuthenticatedRequest, report_id: int, fmt: str) -> HttpResponse:
    """Start rendering a report as DOCX/PDF in the background; show its progress page.

    Clicking again while nothing changed in the report returns the same job (and its file).
    """
    report = access_report(request.user, report_id)
    if fmt not in FORMATS:
        raise Http404
    key = f"documents.export:{report.pk}:{report.version}:{report.status}:{fmt}:{request.user.pk}"
    job = queue.enqueue(
        "documents.export", {"report_id": report.pk, "fmt": fmt}, key=key, by=request.user
    )
    if job.status == JobStatus.FAILED:  # a new try, not the old failure again
        job = queue.enqueue(
            "documents.export",
            {"report_id": report.pk, "fmt": fmt},
            key=f"{key}:{uuid.uuid4().hex}",
            by=request.user,
        )
    return redirect("job-detail", job_id=job.pk)
