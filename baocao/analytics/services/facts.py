"""Keep the fact table (IndicatorFact) in step with approved reports."""

from __future__ import annotations

from django.db import connection, transaction

from baocao.analytics.models import IndicatorFact
from baocao.domain.workflow import Status
from baocao.reports.models import Report

_INSERT = """
INSERT INTO analytics_indicatorfact
    (unit_id, indicator_id, report_id, period_code, period_kind, year, "index", value)
SELECT r.unit_id, v.indicator_id, r.id, r.period_code, r.period_kind, r.period_year,
       r.period_index, v.value
FROM reports_indicatorvalue v JOIN reports_report r ON r.id = v.report_id
WHERE r.status = %s AND r.is_consolidated = %s AND v.value IS NOT NULL
"""


def refresh_report_facts(report: Report) -> int:
    """Replace the facts of ``report``'s unit and period with its values; return how many.

    Only an approved, non-consolidated report contributes facts; call inside the approval
    transaction so the facts and the status change commit together.
    """
    IndicatorFact.objects.filter(report_id=report.pk).delete()
    if report.status != Status.APPROVED.value or report.is_consolidated:
        return 0
    IndicatorFact.objects.filter(unit_id=report.unit_id, period_code=report.period_code,
                                 indicator__template_id=report.template_id).delete()
    facts = [
        IndicatorFact(
            unit_id=report.unit_id, indicator_id=value.indicator_id, report_id=report.pk,
            period_code=report.period_code, period_kind=report.period_kind,
            year=report.period_year, index=report.period_index, value=value.value,
        )
        for value in report.values.exclude(value=None)
    ]
    IndicatorFact.objects.bulk_create(facts)
    return len(facts)


def rebuild_facts() -> int:
    """Rebuild the whole fact table from the approved reports in one SQL statement."""
    with transaction.atomic():
        IndicatorFact.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(_INSERT, [Status.APPROVED.value, False])
            count = cursor.rowcount
            cursor.execute("ANALYZE analytics_indicatorfact")  # fresh statistics for the planner
            return count
