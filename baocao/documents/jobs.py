"""Background job of the documents: render a report (a consolidated one is long) as DOCX/PDF."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from baocao.documents.services import export_report
from baocao.jobs.files import save_result_file
from baocao.jobs.queue import JobRun, register


@register("documents.export", max_attempts=3, label="Xuất văn bản báo cáo")
def export(run: JobRun) -> dict[str, Any]:
    """Render the report for the person who asked (their rights are checked again now)."""
    user = run.requester()
    run.progress(1, 3, _("Đang dựng văn bản"))
    exported = export_report(int(run.params["report_id"]), str(run.params["fmt"]), by=user)
    run.progress(2, 3, _("Đang lưu tệp"))
    return save_result_file(run.job, exported.filename, exported.content, exported.content_type)


from baocao.documents import seal_jobs  # noqa: E402,F401  (registers documents.seal)
