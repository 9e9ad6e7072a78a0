"""Tổng quan: the leaders' dashboard of a unit and the units below it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baocao.analytics.pivot import run_pivot
from baocao.analytics.rates import RatesView, current_period, reporting_rates
from baocao.analytics.scope import Scope, scope_choices
from baocao.analytics.selectors import (
    latest_period_with_data,
    period_groups,
    pick_period,
    templates_for,
)
from baocao.analytics.views.common import scope_or_404
from baocao.catalog.models import Indicator, ReportTemplate
from baocao.core.actors import AuthenticatedRequest
from baocao.domain.periods import CutoffRule, Period, PeriodError
from baocao.reports.selectors import FINAL_STATUSES, approval_queue, visible_reports

SPARK_PERIODS = 12
MAX_TEMPLATES = 5
MAX_KEY_INDICATORS = 8
MAX_DRILL_UNITS = 40
CALENDAR_MONTHS = CutoffRule(1)


def _key_indicators(
    indicators: list[Indicator], scope: Scope, period: Period, lineage: bool = False
) -> list[dict]:
    """Return the key ``indicators`` with the scope's last twelve periods (with ``lineage``,
    including the figures of the units merged or split into it)."""
    if not indicators:
        return []
    start = period
    for _ in range(SPARK_PERIODS - 1):
        start = start.previous()
    pivot = run_pivot(
        indicators=indicators,
        rows=[scope.unit],
        start=start,
        end=period,
        subtree=scope.subtree,
        within=scope.unit,
        lineage=lineage,
    )
    return [
        {
            "indicator": row.indicator,
            "series": row.cells,
            "latest": row.cells[-1],
            "previous": row.previous,
            "last_year": row.last_year,
            "carried": row.any_carried,
        }
        for row in pivot.rows
    ]


def _indicators(template: ReportTemplate) -> list[Indicator]:
    return list(
        template.indicators.filter(is_key=True).exclude(value_type=Indicator.ValueType.TEXT)[
            :MAX_KEY_INDICATORS
        ]
    )


def _drill_down(
    indicators: list[Indicator], scope: Scope, period: Period, rates: RatesView
) -> dict:
    """Return the units directly below the scope: each one's reporting rate and key figures
    for the period, and whether the user may open its own dashboard."""
    children = [node for node in rates.tree if node.level == 1][:MAX_DRILL_UNITS]
    if not scope.subtree or not children:
        return {"units": [], "indicators": []}
    figures: dict[int, list] = {}
    if indicators:
        pivot = run_pivot(
            indicators=indicators,
            rows=[n.unit for n in children],
            start=period,
            end=period,
            subtree=True,
            within=scope.unit,
        )
        for row in pivot.rows:
            figures.setdefault(row.unit.pk, []).append(row.cells[-1])
    return {
        "indicators": indicators,
        "units": [
            {
                "unit": n.unit,
                "rate": n.rate,
                "figures": figures.get(n.unit.pk, [None] * len(indicators)),
            }
            for n in children
        ],
    }


def _period_for(template: ReportTemplate, chosen: Period | None, today: dt.date) -> Period:
    """Return the template's period matching the one chosen (the period of the template's kind
    holding the chosen one's last month), never later than the template's current one."""
    latest = current_period(template, today)
    if chosen is None:
        return latest
    if chosen.kind is template.kind:
        return min(chosen, latest)
    try:  # calendar months: the period named by the chosen one's last month
        candidate = Period.from_date(
            template.kind, dt.date(chosen.year, chosen.months[1], 1), CALENDAR_MONTHS
        )
    except PeriodError:  # a nine-month regime has no period for October to December
        return latest
    return min(candidate, latest)


@login_required
def dashboard_view(request: AuthenticatedRequest) -> HttpResponse:
    """Show a period's reporting rate, overdue units, key indicators with their trend and by
    unit, the reports waiting for the user's approval and the latest approved reports."""
    scope = scope_or_404(request)
    today = timezone.localdate()
    lineage = request.GET.get("lineage") == "1"
    templates = templates_for(scope)[:MAX_TEMPLATES]
    chosen: Period | None = None
    error = ""
    groups: list = []
    if templates:
        main = templates[0]
        default = latest_period_with_data(main, scope, current_period(main, today))
        chosen, error = pick_period(request.GET.get("period"), main, default)
        groups = period_groups(main, chosen)
    panels = []
    for template in templates:
        first = template is templates[0]
        period = chosen if first and chosen is not None else _period_for(template, chosen, today)
        rates = reporting_rates(template, period, scope.unit, today)
        indicators = _indicators(template)
        panels.append(
            {
                "template": template,
                "period": period,
                "rates": rates,
                "key": _key_indicators(indicators, scope, period, lineage),
                "drill": _drill_down(indicators, scope, period, rates),
            }
        )
    latest = (
        visible_reports(request.user)
        .filter(status__in=FINAL_STATUSES, unit__path__startswith=scope.unit.path)
        .select_related(None)
        .select_related("unit")  # the list shows the unit, never the regime
        .only("title", "number_text", "approved_at", "unit__name", "unit__short_name")
        .order_by("-approved_at")[:10]
    )
    waiting = approval_queue(request.user)[:20]
    return render(
        request,
        "analytics/dashboard.html",
        {
            "scope": scope,
            "scopes": scope_choices(request.user),
            "panels": panels,
            "latest": latest,
            "today": today,
            "lineage": lineage,
            "waiting": waiting,
            "period": chosen,
            "period_groups": groups,
            "error": error,
        },
    )
