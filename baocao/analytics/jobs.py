"""Background job of the analytics: rebuild the fact tables from the approved reports."""

from __future__ import annotations

from baocao.analytics.services import rebuild_facts
from baocao.jobs.queue import JobRun, register


@register("analytics.refresh", max_attempts=3, label="Tính lại số liệu phân tích")
def refresh(run: JobRun) -> dict[str, int]:
    """Run ``baocao refresh_analytics``'s service."""
    return {"rows": rebuild_facts()}


@register("analytics.rollup", max_attempts=5, label="Tính lại số liệu tổng hợp theo cây")
def refresh_rollup(run: JobRun) -> dict[str, int]:
    """Refresh the rollup rows of an approved report's ancestors for its period."""
    from baocao.analytics.rollup import refresh_unit_period

    params = run.params
    return {
        "rows": refresh_unit_period(
            int(params["unit"]), int(params["template"]), int(params["year"]), int(params["index"])
        )
    }
