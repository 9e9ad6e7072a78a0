"""Background job of the search: rebuild the index and citations (all reports or some)."""

from __future__ import annotations

from baocao.jobs.queue import JobRun, register
from baocao.reports.models import Report
from baocao.search.indexing import reindex


@register("search.reindex", max_attempts=3, label="Lập lại chỉ mục tìm kiếm")
def reindex_job(run: JobRun) -> dict[str, int]:
    """Run ``baocao reindex``'s service, reporting progress report by report."""
    ids = [int(i) for i in run.params.get("report_ids", [])]
    reports = Report.objects.filter(pk__in=ids) if ids else None
    return {"reports": reindex(reports, progress=run.progress)}
