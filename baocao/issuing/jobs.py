"""Background job of the exchange: receive a report package file (``import-package``).

The packages page hands a large upload to this job (kept under ``MEDIA_ROOT/jobs-in`` until it
is received); ``baocao import-package --queue`` hands it a file on disk. Receiving a package
twice is a no-op (``already_received``), so a job run again after its worker died is safe.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from baocao.core.actors import Actor
from baocao.issuing.package_import import import_package
from baocao.jobs import queue
from baocao.jobs.models import Job
from baocao.jobs.queue import JobRun, register

KIND = "issuing.import_package"
# A package larger than this is received in the background from the page (bytes; 0: always).
JOB_BYTES_DEFAULT = 1024 * 1024


def _inbox() -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs-in"


@register(KIND, max_attempts=3, label="Nhận gói tin báo cáo")
def receive_package(run: JobRun) -> dict[str, Any]:
    """Verify and receive ``params['path']`` as the requester (an already received one: no-op)."""
    user = run.requester()
    path = Path(str(run.params["path"]))
    run.progress(1, 2, _("Đang kiểm tra chữ ký và nội dung gói tin"))
    outcome = import_package(
        path.read_bytes(),
        by=user,
        filename=str(run.params.get("filename") or path.name),
        unit_code=run.params.get("unit"),
    )
    report = outcome.local_report
    result: dict[str, Any] = {
        "outcome": outcome.outcome,
        "report": report.pk if report is not None else None,
    }
    package = outcome.package
    if package is not None:
        result["package"] = package.pk
        result["summary"] = [
            _("Gói tin này đã được nhập trước đó; không nhập lại.")
            if outcome.outcome == "already_received"
            else _("Đã nhận gói tin: Số %(number)s của %(sender)s.")
            % {"number": package.number_text, "sender": package.sender_name}
        ]
        result["next_url"] = reverse("package-detail", args=[package.pk])
        result["next_label"] = _("Xem gói tin")
    kept = _inbox().resolve()
    if kept in path.resolve().parents:  # the page's copy of the upload: no longer needed
        shutil.rmtree(path.parent, ignore_errors=True)
    return result


def package_job_bytes() -> int:
    """Return the size above which the packages page receives a package in the background."""
    return int(getattr(settings, "BAOCAO_PACKAGE_JOB_BYTES", JOB_BYTES_DEFAULT))


def enqueue_upload(content: bytes, *, by: Actor, filename: str, unit_code: str | None) -> Job:
    """Keep an uploaded package under ``MEDIA_ROOT/jobs-in`` and enqueue its reception."""
    folder = _inbox() / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(filename.replace("\\", "/")).name or "goi-tin.bcpkg"
    path = folder / name
    path.write_bytes(content)
    params = {"path": str(path), "unit": unit_code, "filename": name}
    return queue.enqueue(KIND, params, by=by)
