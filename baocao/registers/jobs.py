"""Background job of the registers: confirm a kept spreadsheet upload (``RegisterUpload``).

The confirmation of a large upload runs in a worker with the job's progress page, keyed by the
upload's token, so a second click returns the same job. The lines, the effect
``registers.import_upload:<token>``, the summary and the deletion of the kept upload are
written in one transaction: a job run again (after its worker died, or by hand) finds the
effect and stores nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baocao.core.actors import Actor
from baocao.jobs import queue
from baocao.jobs.models import Job, JobStatus
from baocao.jobs.queue import JobRun, register
from baocao.registers.bulk import ImportResult, import_staged, staged_upload

KIND = "registers.import_upload"
# An upload larger than this is confirmed in the background (bytes; 0: always).
JOB_BYTES_DEFAULT = 256 * 1024


def _summary(register_id: int, result: ImportResult) -> dict[str, Any]:
    """Return what the job keeps and its progress page shows once done."""
    lines = [
        ngettext(
            "Đã nhập %(count)s mục vào sổ từ tệp “%(name)s”.",
            "Đã nhập %(count)s mục vào sổ từ tệp “%(name)s”.",
            result.added,
        )
        % {"count": result.added, "name": result.filename}
    ]
    lines += [
        _("Năm %(year)s: số thứ tự %(first)s đến %(last)s (%(n)s mục)")
        % {"year": y.year, "first": y.first, "last": y.last, "n": y.count}
        for y in result.years
    ]
    if result.skipped:
        lines.append(
            _("Bỏ qua %(n)s dòng đã có trong sổ.") % {"n": len(result.skipped)},
        )
    return {
        "register": register_id,
        "added": result.added,
        "skipped": len(result.skipped),
        "years": [[y.year, y.first, y.last, y.count] for y in result.years],
        "summary": lines,
        "next_url": reverse("register-detail", args=[register_id]),
        "next_label": _("Xem sổ"),
    }


@register(KIND, max_attempts=3, label="Nhập sổ theo dõi từ tệp")
def import_upload(run: JobRun) -> dict[str, Any]:
    """Import the kept upload ``params['token']`` into ``params['register']`` exactly once."""
    user = run.requester()
    register_id = int(run.params["register"])
    token = str(run.params["token"])
    effect = f"{KIND}:{token}"
    if run.has_effect(effect):  # stored by an earlier attempt whose worker died afterwards
        return _earlier(run)
    run.progress(1, 3, _("Đang đọc và kiểm tra tệp"))
    with transaction.atomic():
        if not run.record_effect(effect):
            return _earlier(run)
        result = import_staged(register_id, token, by=user)  # deletes the kept upload
        summary = _summary(register_id, result)
        Job.objects.filter(pk=run.job.pk).update(result=summary)
    run.progress(3, 3, "")
    return summary


def _earlier(run: JobRun) -> dict[str, Any]:
    """Return the summary the attempt that stored the lines kept (in the same transaction)."""
    kept = Job.objects.filter(pk=run.job.pk).values_list("result", flat=True).first()
    return kept if isinstance(kept, dict) else {"summary": [_("Tệp đã được nhập trước đó.")]}


def in_background(register_id: int, token: str, *, by: Actor) -> bool:
    """Say whether the kept upload is large enough to be confirmed by a job."""
    limit = int(getattr(settings, "BAOCAO_REGISTER_IMPORT_JOB_BYTES", JOB_BYTES_DEFAULT))
    upload = staged_upload(register_id, token, by=by)
    return len(upload.content) > limit


def enqueue_import(register_id: int, token: str, *, by: Actor) -> Job:
    """Enqueue the confirmation of the kept upload once per token (a failed one: a new try).

    The upload is checked now (its user, its register, its age), so a stale token is refused
    on the page, not in the worker.
    """
    staged_upload(register_id, token, by=by)
    params = {"register": register_id, "token": token}
    key = f"{KIND}:{token}"
    job = queue.enqueue(KIND, params, key=key, by=by)
    if job.status == JobStatus.FAILED:
        tries = Job.objects.filter(key__startswith=key).count()
        job = queue.enqueue(KIND, params, key=f"{key}:{tries}", by=by)
    return job
