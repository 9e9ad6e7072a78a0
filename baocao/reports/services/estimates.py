"""Estimates (ước thực hiện) and their replacement by the official figures a period later.

The rule: a report may give a value as an estimate (``IndicatorValue.is_estimate``) for the
last days of its period. The unit's next report of the regime asks, for each such value, for
the official figure of that period ("Số chính thức kỳ trước", ``previous_actual``). When the
next report is approved, the official figure is written on the estimate's value
(``actual_value``) and the analytics facts of the earlier period use it instead of the
estimate. The earlier report's text and documents never change: it stays what was signed.
"""

from __future__ import annotations

from baocao.catalog.selectors import template_indicators
from baocao.reports.models import IndicatorValue, Report
from baocao.reports.selectors import forget_values, previous_report, previous_values


def previous_estimates(report: Report) -> dict[int, IndicatorValue]:
    """Return last period's estimated values by the id of this report's indicator (same code)."""
    if previous_report(report) is None:
        return {}
    ids = {i.code: i.pk for i in template_indicators(report.template)}
    return {
        ids[code]: value
        for code, value in previous_values(report).items()
        if value.is_estimate and code in ids
    }


def apply_previous_actuals(report: Report) -> int:
    """Write this report's official figures onto last period's estimates; refresh its facts.

    Called when ``report`` is approved, inside the approval transaction. Return how many
    estimates got their official figure.
    """
    estimates = previous_estimates(report)
    if not estimates:
        return 0
    actuals = dict(
        report.values.filter(indicator_id__in=estimates).values_list(
            "indicator_id", "previous_actual"
        )
    )
    changed = 0
    forget_values(report)  # last period's values change below
    for indicator_id, estimate in estimates.items():
        number = actuals.get(indicator_id)
        if estimate.actual_value != number:
            IndicatorValue.objects.filter(pk=estimate.pk).update(actual_value=number)
            changed += 1
    if changed:
        from baocao.analytics.services import refresh_report_facts

        refresh_report_facts(next(iter(estimates.values())).report)
    return changed
