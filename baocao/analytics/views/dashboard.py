"""Tổng quan: the leaders' dashboard of a unit and the units below it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baocao.analytics.pivot import Pivot, run_pivot
from baocao.analytics.rates import NodeRate, RatesView, current_period, reporting_rates
from baocao.analytics.scope import Scope, scope_choices
from baocao.analytics.selectors import (
    key_indicators,
    latest_period_with_data,
    period_groups,
    pick_period,
    templates_for,
)
from baocao.analytics.views.common import scope_or_404
from baocao.catalog.models import Indicator, ReportTemplate
from baocao.core.actors import AuthenticatedRequest
from baocao.domain.periods import CutoffRule, Period, PeriodError
from baocao.organizations.models import OrgUnit
from baocao.reports.selectors import approval_queue, latest_final_reports

SPARK_PERIODS = 12
MAX_TEMPLATES = 5
MAX_DRILL_UNITS = 40
CALENDAR_MONTHS = CutoffRule(1)


def _spark_start(period: Period) -> Period:
    """Return the first of the ``SPARK_PERIODS`` periods up to ``period``."""
    start = period
    for _ in range(SPARK_PERIODS - 1):
        start = start.previous()
    return start


def _key_rows(pivot: Pivot, unit: OrgUnit) -> list[dict]:
    """Return the key indicators' rows of ``unit`` in ``pivot``: the last twelve periods, the
    latest figure and its changes."""
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
        if row.unit.pk == unit.pk
    ]


def _key_indicators(
    indicators: list[Indicator], scope: Scope, period: Period, lineage: bool = False
) -> list[dict]:
    """Return the key ``indicators`` with the scope's last twelve periods (with ``lineage``,
    including the figures of the units merged or split into it)."""
    if not indicators:
        return []
    pivot = run_pivot(
        indicators=indicators,
        rows=[scope.unit],
        start=_spark_start(period),
        end=period,
        subtree=scope.subtree,
        within=scope.unit,
        lineage=lineage,
        plans=False,
    )
    return _key_rows(pivot, scope.unit)


def _drill_units(scope: Scope, rates: RatesView) -> list[NodeRate]:
    """Return the tree nodes of the units directly below the scope (at most forty)."""
    if not scope.subtree:
        return []
    return [node for node in rates.tree if node.level == 1][:MAX_DRILL_UNITS]


def _drill_down(
    indicators: list[Indicator],
    scope: Scope,
    period: Period,
    rates: RatesView,
    pivot: Pivot | None = None,
) -> dict:
    """Return the units directly below the scope: each one's reporting rate and key figures
    for the period (read from ``pivot`` when it has their rows), and whether the user may open
    its own dashboard."""
    children = _drill_units(scope, rates)
    if not children:
        return {"units": [], "indicators": []}
    figures: dict[int, list] = {}
    if indicators:
        if pivot is None:
            pivot = run_pivot(
                indicators=indicators,
                rows=[n.unit for n in children],
                start=period,
                end=period,
                subtree=True,
                within=scope.unit,
                plans=False,
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


def _figures(
    indicators: list[Indicator], scope: Scope, period: Period, rates: RatesView, lineage: bool
) -> tuple[list[dict], dict]:
    """Return a panel's key indicators (``_key_indicators``) and its units below the scope
    (``_drill_down``).

    Without lineage both come from one pivot of the scope unit and the units below it over
    the last twelve periods: a row's cell for a period is the same whatever the range, so
    the units' figures are their rows' last cells.
    """
    children = _drill_units(scope, rates)
    if lineage or not indicators or not children:
        return (
            _key_indicators(indicators, scope, period, lineage),
            _drill_down(indicators, scope, period, rates),
        )
    pivot = run_pivot(
        indicators=indicators,
        rows=[scope.unit, *(n.unit for n in children)],
        start=_spark_start(period),
        end=period,
        subtree=True,
        within=scope.unit,
        plans=False,
    )
    below = Pivot(pivot.columns, [row for row in pivot.rows if row.unit.pk != scope.unit.pk])
    return _key_rows(pivot, scope.unit), _drill_down(indicators, scope, period, rates, below)


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
        key, drill = _figures(key_indicators(template), scope, period, rates, lineage)
        panels.append(
            {
                "template": template,
                "period": period,
                "rates": rates,
                "overdue": rates.overdue,
                "key": key,
                "drill": drill,
            }
        )
    latest = latest_final_reports(request.user, scope.unit.path)
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
