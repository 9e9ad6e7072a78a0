"""Background job of the exchange: receive a report package file (``import-package``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from baocao.core.errors import NotFound
from baocao.issuing.package_import import import_package
from baocao.jobs.queue import JobRun, register


@register("issuing.import_package", max_attempts=3, label="Nhận gói tin báo cáo")
def receive_package(run: JobRun) -> dict[str, Any]:
    """Verify and receive ``params['path']`` as the requester (an already received one: no-op)."""
    asker = run.job.created_by_id
    users = get_user_model().objects
    user = users.filter(pk=asker, is_active=True).first() if asker is not None else None
    if user is None:
        raise NotFound(_("Không tìm thấy người yêu cầu."))
    path = Path(str(run.params["path"]))
    outcome = import_package(
        path.read_bytes(), by=user, filename=path.name, unit_code=run.params.get("unit")
    )
    report = outcome.local_report
    return {"outcome": outcome.outcome, "report": report.pk if report is not None else None}
