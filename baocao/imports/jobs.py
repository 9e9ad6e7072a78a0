"""Background job of the importer: a folder of legacy reports, file by file with progress.

``import_bytes`` skips a file already imported (same unit, regime and SHA-256), so a job run
again after its worker died goes on where it stopped without making a report twice.
"""

from __future__ import annotations

import shutil
import uuid
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.core.errors import Invalid, NotFound
from baocao.domain.workflow import Role
from baocao.imports.services import import_bytes
from baocao.jobs.models import Job
from baocao.jobs.queue import JobRun, enqueue, register
from baocao.organizations.models import Membership, OrgUnit


@register("imports.folder", max_attempts=3, label="Nhập báo cáo hàng loạt")
def import_folder(run: JobRun) -> dict[str, Any]:
    """Import the files and folders ``params['paths']`` as drafts of ``unit`` / ``template``."""
    # The command's own list of report files (its module is called ``import``).
    collect = import_module("baocao.imports.management.commands.import").collect
    unit = OrgUnit.objects.filter(code=run.params["unit"]).first()
    template = ReportTemplate.current(str(run.params["template"]))
    if unit is None or template is None:
        raise NotFound(_("Không tìm thấy đơn vị hoặc chế độ báo cáo."))
    asker = run.job.created_by_id
    user = get_user_model().objects.filter(pk=asker).first() if asker is not None else None
    if user is None:
        first = Membership.objects.filter(unit=unit, role=Role.REPORTER.value).order_by("pk")
        membership = first.select_related("user").first()
        if membership is None:
            raise Invalid(_("Đơn vị chưa có chuyên viên để đứng tên các báo cáo nhập."))
        user = membership.user
    files = collect([str(p) for p in run.params["paths"]])
    counts = {"imported": 0, "skipped": 0, "failed": 0}
    failed: list[str] = []
    for index, path in enumerate(files):
        run.progress(index, len(files), path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            counts["failed"] += 1
            failed.append(f"{path}: {exc}")
            continue
        outcome = import_bytes(
            data, str(path), unit=unit, template=template, by=user, period=run.params.get("period")
        )
        counts[outcome.status] += 1
        if outcome.status == "failed":
            failed.append(f"{path}: {outcome.message}")
    summary = [
        _(
            "Đã nhập %(imported)s báo cáo nháp, bỏ qua %(skipped)s (đã nhập trước đó), %(failed)s lỗi."
        )
        % counts
    ]
    summary += [line.rsplit("/", 1)[-1] for line in failed[:20]]
    kept = (Path(settings.MEDIA_ROOT) / "jobs-in").resolve()
    for raw in run.params["paths"]:
        path = Path(str(raw)).resolve()
        if kept in path.parents:  # the page's copy of the uploaded files: no longer needed
            shutil.rmtree(path, ignore_errors=True)
    return {
        **counts,
        "failures": failed[:100],
        "summary": summary,
        "next_url": reverse("report-list"),
        "next_label": _("Xem danh sách báo cáo"),
    }


def enqueue_uploads(
    files: list[tuple[str, bytes]], *, unit: OrgUnit, template: ReportTemplate, by: Actor
) -> Job:
    """Keep uploaded report files under ``MEDIA_ROOT/jobs-in`` and enqueue their import."""
    folder = Path(settings.MEDIA_ROOT) / "jobs-in" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    for index, (name, content) in enumerate(files, start=1):
        safe = Path(name.replace("\\", "/")).name or "bao-cao.txt"
        (folder / f"{index:03d}-{safe}").write_bytes(content)
    params = {"paths": [str(folder)], "unit": unit.code, "template": template.code}
    return enqueue("imports.folder", params, by=by)
