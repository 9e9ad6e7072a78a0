"""Background job of the analytics: rebuild the fact tables from the approved reports."""

from __future__ import annotations

from baocao.analytics.services import rebuild_facts
from baocao.jobs.queue import JobRun, register


@register("analytics.refresh", max_attempts=3, label="Tính lại số liệu phân tích")
def refresh(run: JobRun) -> dict[str, int]:
    """Run ``baocao refresh_analytics``'s service."""
    return {"rows": rebuild_facts()}
