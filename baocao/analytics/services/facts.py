"""Keep the fact tables (IndicatorFact, IndicatorYearFact) in step with approved reports."""

from __future__ import annotations

from contextlib import nullcontext

from django.db import connection, transaction

from baocao.analytics.bulk import analyze, empty_table, indexes_deferred
from baocao.analytics.rollup import mark_pending
from baocao.reports.models import Report
from baocao.reports.selectors import FINAL_STATUSES

FACTS = "analytics_indicatorfact"
YEARS = "analytics_indicatoryearfact"
# Above this many approved reports a rebuild loads the bare table and builds the indexes after.
BULK_REPORTS = 20_000

_INSERT = """
INSERT INTO analytics_indicatorfact
    (unit_id, indicator_id, report_id, period_code, period_kind, year, "index", value)
SELECT r.unit_id, v.indicator_id, r.id, r.period_code, r.period_kind, r.period_year,
       r.period_index, COALESCE(v.actual_value, v.value)
FROM reports_indicatorvalue v JOIN reports_report r ON r.id = v.report_id
WHERE r.status IN ({final}) AND r.is_consolidated = %s AND v.value IS NOT NULL
"""

# One report's facts, its values copied as they are (the report's columns are given: the
# caller's report decides, as for the status).
_INSERT_REPORT = f"""
INSERT INTO {FACTS}
    (unit_id, indicator_id, report_id, period_code, period_kind, year, "index", value)
SELECT %s, v.indicator_id, %s, %s, %s, %s, %s, COALESCE(v.actual_value, v.value)
FROM reports_indicatorvalue v
WHERE v.report_id = %s AND v.value IS NOT NULL
"""  # noqa: S608 - fixed names
_DELETE_REPORT = f"DELETE FROM {FACTS} WHERE report_id = %s"  # noqa: S608 - fixed names
# The period's facts of the report's unit and regime (another report's, replaced).
_DELETE_PERIOD = f"""
DELETE FROM {FACTS}
WHERE unit_id = %s AND period_code = %s
  AND indicator_id IN (SELECT i.id FROM catalog_indicator i WHERE i.template_id = %s)
"""  # noqa: S608 - fixed names

# One row per unit, indicator and year; the latest period's value through the covering index
# (unit, indicator, year, index, value): one short backward index read per group.
_INSERT_YEARS = """
INSERT INTO analytics_indicatoryearfact
    (unit_id, indicator_id, year, total, count, high, low, last_index, last_value)
SELECT f.unit_id, f.indicator_id, f.year, SUM(f.value), COUNT(*), MAX(f.value), MIN(f.value),
       MAX(f."index"),
       (SELECT l.value FROM analytics_indicatorfact l
        WHERE l.unit_id = f.unit_id AND l.indicator_id = f.indicator_id AND l.year = f.year
        ORDER BY l."index" DESC LIMIT 1)
FROM analytics_indicatorfact f {where}
GROUP BY f.unit_id, f.indicator_id, f.year
"""


def _refresh_years(unit_id: int, year: int, template_id: int) -> None:
    """Recompute the year rows of one unit, year and template from its facts."""
    indicators = "SELECT i.id FROM catalog_indicator i WHERE i.template_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {YEARS} WHERE unit_id = %s AND year = %s "  # noqa: S608 - fixed names
            f"AND indicator_id IN ({indicators})",
            [unit_id, year, template_id],
        )
        cursor.execute(
            _INSERT_YEARS.format(
                where=f"WHERE f.unit_id = %s AND f.year = %s AND f.indicator_id IN ({indicators})"
            ),
            [unit_id, year, template_id],
        )


def refresh_report_facts(report: Report) -> int:
    """Replace the facts of ``report``'s unit and period with its values; return how many.

    An estimate that a later report replaced counts with its official figure (``actual_value``,
    see ``baocao.reports.services.estimates``).

    Only an approved, non-consolidated report contributes facts; call inside the approval
    transaction so the facts and the status change commit together. The unit's year row of
    each indicator is recomputed from its facts when a fact was removed or added, and its
    ancestors' rollup rows are marked pending for their refresh job
    (``analytics.rollup.mark_pending``).

    Plain statements: the values are copied by one ``INSERT … SELECT``, never read into
    Python (the ORM compiled the deletes, the read and the insert at every approval).
    """
    with connection.cursor() as cursor:
        cursor.execute(_DELETE_REPORT, [report.pk])
        changed = cursor.rowcount != 0
        if report.status not in FINAL_STATUSES or report.is_consolidated:
            count = 0
        else:
            cursor.execute(_DELETE_PERIOD, [report.unit_id, report.period_code, report.template_id])
            changed = changed or cursor.rowcount != 0
            cursor.execute(
                _INSERT_REPORT,
                [
                    report.unit_id,
                    report.pk,
                    report.period_code,
                    report.period_kind,
                    report.period_year,
                    report.period_index,
                    report.pk,
                ],
            )
            count = max(cursor.rowcount, 0)
    if changed or count:  # the year rows are their facts' sums: no fact changed, none changes
        _refresh_years(report.unit_id, report.period_year, report.template_id)
    mark_pending(report)
    return count


def rebuild_facts(*, bulk: bool | None = None) -> int:
    """Rebuild both fact tables from the approved reports with one INSERT … SELECT each.

    ``bulk`` (default: above ``BULK_REPORTS`` approved reports) loads the bare fact table and
    builds its indexes afterwards. Statistics are refreshed for the query planner.
    """
    with transaction.atomic():
        if bulk is None:
            bulk = Report.objects.filter(status__in=FINAL_STATUSES).count() > BULK_REPORTS
        empty_table(YEARS)
        with indexes_deferred(FACTS) if bulk else nullcontext(), connection.cursor() as cursor:
            empty_table(FACTS)  # without its indexes, SQLite deletes faster too
            cursor.execute(
                _INSERT.format(final=", ".join(["%s"] * len(FINAL_STATUSES))),
                [*FINAL_STATUSES, False],
            )
            count = cursor.rowcount
        analyze(FACTS)
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_YEARS.format(where=""))
        analyze(YEARS)
        from baocao.analytics.rollup import rebuild_rollups

        rebuild_rollups()
        return count
