"""Tổng quan: the leaders' dashboard of a unit and the units below it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baocao.analytics.pivot import run_pivot
from baocao.analytics.rates import current_period, reporting_rates
from baocao.analytics.scope import scope_choices
from baocao.analytics.views.common import scope_or_404, templates_for
from baocao.catalog.models import Indicator
from baocao.reports.selectors import FINAL_STATUSES, visible_reports

SPARK_PERIODS = 12
MAX_TEMPLATES = 5
MAX_KEY_INDICATORS = 8


def _key_indicators(template, scope, period, lineage: bool = False) -> list[dict]:  # type: ignore[no-untyped-def]
    """Return the template's key indicators with the scope's last twelve periods (with
    ``lineage``, including the figures of the units merged or split into it)."""
    indicators = list(template.indicators.filter(is_key=True)
                      .exclude(value_type=Indicator.ValueType.TEXT)[:MAX_KEY_INDICATORS])
    if not indicators:
        return []
    start = period
    for _ in range(SPARK_PERIODS - 1):
        start = start.previous()
    pivot = run_pivot(indicators=indicators, rows=[scope.unit], start=start, end=period,
                      subtree=scope.subtree, within=scope.unit, lineage=lineage)
    return [{"indicator": row.indicator, "series": row.cells, "latest": row.cells[-1],
             "previous": row.previous, "last_year": row.last_year,
             "carried": row.any_carried} for row in pivot.rows]


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Show this period's reporting rate, overdue units, key indicators and latest reports."""
    scope = scope_or_404(request)
    today = timezone.localdate()
    lineage = request.GET.get("lineage") == "1"
    panels = []
    for template in templates_for(scope)[:MAX_TEMPLATES]:
        period = current_period(template, today)
        panels.append({
            "template": template, "period": period,
            "rates": reporting_rates(template, period, scope.unit, today),
            "key": _key_indicators(template, scope, period, lineage),
        })
    latest = (visible_reports(request.user)
              .filter(status__in=FINAL_STATUSES, unit__path__startswith=scope.unit.path)
              .order_by("-approved_at")[:10])
    return render(request, "analytics/dashboard.html", {
        "scope": scope, "scopes": scope_choices(request.user), "panels": panels,
        "latest": latest, "today": today, "lineage": lineage,
    })
