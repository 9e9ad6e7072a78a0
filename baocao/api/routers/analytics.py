"""Analytics: reporting rates and the indicator × unit × period pivot, as on the web pages.

Permission is the web's (``analytics.scope.resolve_scope``): the rates need the viewer,
consolidator or administrator role in the unit or above it; the pivot also lets an approver
see their own unit. Anyone else gets 404, like an outsider on the pages. The pivot's default
range and regimes are the page's (``analytics.selectors.pivot_defaults``, ``templates_for``),
and so are its limits and messages: ``Accept-Language: en`` gives them in English through the
same translations (``locale/en``) as the English pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field, StringConstraints

from baocao.analytics.pivot import (
    check_indicator_count,
    run_pivot,
)
from baocao.analytics.rates import current_period, reporting_rates
from baocao.analytics.scope import Scope, pivot_rows, resolve_scope
from baocao.analytics.selectors import pick_period, pivot_defaults, template_coded, templates_for
from baocao.api.present import plain_decimal
from baocao.api.routers.common import responses
from baocao.api.schemas import Code, PeriodCode
from baocao.catalog.models import Indicator, ReportTemplate
from baocao.core.actors import AnyUser, ApiRequest
from baocao.core.errors import Invalid, NotFound
from baocao.domain.consolidation import ReportingRate
from baocao.domain.periods import Period
from baocao.domain.text import LINE_CONTROL, without
from baocao.organizations.models import OrgUnit

router = Router(tags=["Phân tích số liệu"])

IndicatorCodes = Annotated[
    str,
    StringConstraints(min_length=1, max_length=1000, pattern=without(LINE_CONTROL, empty=False)),
]
Level = Literal[tuple(OrgUnit.Level.values)]  # type: ignore[valid-type]


class RateOut(Schema):
    """Completeness and timeliness over the expected units, and the plan follow-through."""

    expected: int
    received: int
    approved: int
    on_time: int
    late: int
    missing: int
    completeness: float | None = Field(description="received / expected, in percent")
    timeliness: float | None = Field(description="on time / expected, in percent")
    approval: float | None = Field(description="approved / expected, in percent")
    follow_through: float | None = Field(
        description="tasks of last period done / tasks planned, over the received reports"
    )


class UnitRateOut(Schema):
    """One expected unit's report for the period."""

    unit: str
    unit_name: str
    state: str = Field(description="missing, draft, returned, submitted or approved")
    received: bool
    on_time: bool
    late: bool
    overdue: bool
    submitted_on: dt.date | None
    report_id: int | None = Field(description="the report, once submitted or approved")
    tasks_planned: int
    tasks_done: int
    follow_through: float | None


class NodeRateOut(Schema):
    """A unit of the tree with the rate over the expected units of its subtree."""

    unit: str
    unit_name: str
    level: int = Field(description="depth below the unit asked for")
    rate: RateOut


class RatesOut(Schema):
    """Reporting rates of a template and period under a unit."""

    template: str
    period: str
    period_label: str
    unit: str
    due_date: dt.date
    total: RateOut
    units: list[UnitRateOut]
    tree: list[NodeRateOut]


class RatesQuery(Schema):
    """Which template, period (default: the latest closed one) and unit (default: yours)."""

    template: Code
    period: PeriodCode | None = None
    unit: Code | None = None


class ColumnOut(Schema):
    """A column: a period (``index`` ≥ 1) or a whole year (``index`` 0)."""

    year: int
    index: int
    label: str


class ChangeOut(Schema):
    """The last column against another: difference and relative change in percent."""

    difference: str | None
    percent: float | None


class PivotRowOut(Schema):
    """One unit × indicator row: a value per column (null: no data) and the changes."""

    unit: str
    unit_name: str
    indicator: str
    indicator_name: str
    aggregation: str
    cells: list[str | None]
    carried: list[bool] = Field(
        description="with lineage=true: per cell, whether it includes a predecessor's figures"
    )
    closed_on: dt.date | None
    previous: ChangeOut
    last_year: ChangeOut


class RollupOut(Schema):
    """The subtree rollup's lag: when it was last refreshed, what waits, whether it answered."""

    used: bool = Field(description="the cells came from the rollup (else from the facts)")
    refreshed_at: dt.datetime | None
    pending: int = Field(description="approved periods whose rollup refresh job waits")
    tree_changed: bool = Field(description="a unit changed since the last rebuild")


class PivotOut(Schema):
    """The pivot table."""

    template: str
    unit: str
    level: str | None
    by: str
    period_from: str
    period_to: str
    lineage: bool
    as_of: dt.date | None = Field(
        description="the tree and lineage as of this day (null: today); only with lineage"
    )
    columns: list[ColumnOut]
    skipped: list[str] = Field(description="text indicators left out, by name")
    rows: list[PivotRowOut]
    rollup: RollupOut | None = Field(
        default=None, description="the subtree rollup's lag (null: not consulted, e.g. lineage)"
    )


class PivotQuery(Schema):
    """Indicator codes (comma-separated), unit, row level, range and granularity."""

    indicators: IndicatorCodes
    template: Code | None = None
    unit: Code | None = None
    level: Level | None = None  # type: ignore[valid-type]
    period_from: PeriodCode | None = None
    period_to: PeriodCode | None = None
    by: Literal["period", "year"] = "period"
    lineage: bool = Field(
        False,
        description="follow merges, splits and regime versions: a "
        "successor's row includes its predecessors' "
        "figures, counted once",
    )
    as_of: dt.date | None = Field(
        None, description="with lineage: the tree as of this day (default today)"
    )


def _scope(user: AnyUser, code: str | None, *, approvers: bool = False) -> Scope:
    """Return the scope of the unit coded ``code`` (default: the user's first), else 404."""
    unit_id: int | None = None
    if code:
        unit = OrgUnit.objects.filter(code=code).only("pk").first()
        if unit is None:
            raise NotFound(_("Không tìm thấy đơn vị."))
        unit_id = unit.pk
    return resolve_scope(user, unit_id, approvers=approvers)


def _period(raw: str | None, template: ReportTemplate, default: Period, field: str) -> Period:
    period, error = pick_period(raw, template, default)
    if error:
        raise Invalid(error, details={field: "invalid"}, code="invalid_period")
    return period


def _rate(rate: ReportingRate, follow_through: float | None) -> dict[str, Any]:
    return {
        "expected": rate.expected,
        "received": rate.received,
        "approved": rate.approved,
        "on_time": rate.on_time,
        "late": rate.late,
        "missing": rate.missing,
        "completeness": rate.completeness,
        "timeliness": rate.timeliness,
        "approval": rate.approval,
        "follow_through": follow_through,
    }


@router.get(
    "/rates",
    response=responses(RatesOut),
    summary="Tình hình nộp báo cáo: tỷ lệ nộp, đúng hạn theo đơn vị và theo cây",
)
def rates(request: ApiRequest, filters: Query[RatesQuery]) -> Any:
    """Return who reported, on time or late, who is missing, and the totals up the tree."""
    scope = _scope(request.auth, filters.unit)
    template = template_coded(scope, filters.template)
    today = timezone.localdate()
    period = _period(filters.period, template, current_period(template, today), "period")
    view = reporting_rates(template, period, scope.unit, today, with_follow_through=True)
    return {
        "template": template.code,
        "period": period.code,
        "period_label": period.label,
        "unit": scope.unit.code,
        "due_date": view.due,
        "total": _rate(view.total, view.follow_through),
        "units": [
            {
                "unit": s.unit.code,
                "unit_name": s.unit.name,
                "state": s.state,
                "received": s.received,
                "on_time": s.on_time,
                "late": s.late,
                "overdue": s.overdue,
                "submitted_on": s.submitted_on,
                "report_id": s.report.pk if s.received and s.report else None,
                "tasks_planned": s.tasks_planned,
                "tasks_done": s.tasks_done,
                "follow_through": s.follow_through,
            }
            for s in view.units
        ],
        "tree": [
            {
                "unit": n.unit.code,
                "unit_name": n.unit.name,
                "level": n.level,
                "rate": _rate(n.rate, n.follow_through),
            }
            for n in view.tree
        ],
    }


def _codes(raw: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in raw.split(","):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return list(seen)


def _indicators(
    scope: Scope, codes: list[str], template_code: str | None
) -> tuple[ReportTemplate, list[Indicator]]:
    """Return the template holding every code (the given one, or the only one) and its
    indicators in the order asked."""
    templates = templates_for(scope)
    if template_code:
        templates = [template_coded(scope, template_code)]
    found: dict[int, dict[str, Indicator]] = {}
    for indicator in Indicator.objects.filter(
        template__in=templates, code__in=codes
    ).select_related("template"):
        found.setdefault(indicator.template_id, {})[indicator.code] = indicator
    complete = [t for t in templates if len(found.get(t.pk, {})) == len(codes)]
    if len(complete) > 1:
        raise Invalid(
            _("Nhiều chế độ báo cáo có các mã chỉ tiêu này; hãy thêm template=MÃ."),
            details={"template": "required"},
            code="ambiguous_template",
        )
    if not complete:
        known = max(found.values(), key=len, default={})
        unknown = [c for c in codes if c not in known]
        raise Invalid(
            _("Không tìm thấy chỉ tiêu: %(codes)s.") % {"codes": ", ".join(unknown)[:300]},
            details={"indicators": unknown[:50]},
            code="unknown_indicators",
        )
    template = complete[0]
    return template, [found[template.pk][c] for c in codes]


def _change(change: tuple[Decimal | None, float | None]) -> dict[str, Any]:
    return {"difference": _plain(change[0]), "percent": change[1]}


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value.quantize(Decimal("0.0001")))


@router.get(
    "/pivot", response=responses(PivotOut), summary="Phân tích số liệu: chỉ tiêu × đơn vị × kỳ"
)
def pivot(request: ApiRequest, filters: Query[PivotQuery]) -> Any:
    """Return the pivot cells, combined up the tree by each indicator's rule."""
    scope = _scope(request.auth, filters.unit, approvers=True)
    codes = _codes(filters.indicators)
    check_indicator_count(len(codes))
    template, indicators = _indicators(scope, codes, filters.template)
    default_start, latest = pivot_defaults(template, scope, timezone.localdate())
    start = _period(filters.period_from, template, default_start, "period_from")
    end = _period(filters.period_to, template, latest, "period_to")
    as_of = filters.as_of if filters.lineage else None
    rows, level = pivot_rows(scope, filters.level, lineage=filters.lineage, as_of=as_of)
    result = run_pivot(
        indicators=indicators,
        rows=rows,
        start=start,
        end=end,
        by_year=filters.by == "year",
        subtree=scope.subtree,
        within=scope.unit,
        lineage=filters.lineage,
        as_of=as_of,
    )
    return {
        "template": template.code,
        "unit": scope.unit.code,
        "level": level or None,
        "by": filters.by,
        "period_from": start.code,
        "period_to": end.code,
        "lineage": filters.lineage,
        "as_of": as_of,
        "columns": [{"year": c.year, "index": c.index, "label": c.label} for c in result.columns],
        "skipped": result.skipped,
        "rows": [
            {
                "unit": r.unit.code,
                "unit_name": r.unit.name,
                "indicator": r.indicator.code,
                "indicator_name": r.indicator.name,
                "aggregation": r.indicator.aggregation,
                "cells": [_plain(v) for v in r.cells],
                "carried": r.carried or [False] * len(r.cells),
                "closed_on": r.unit.closed_on,
                "previous": _change(r.previous),
                "last_year": _change(r.last_year),
            }
            for r in result.rows
        ],
        "rollup": None
        if result.rollup_status is None
        else {
            "used": result.from_rollup,
            "refreshed_at": result.rollup_status.refreshed_at,
            "pending": result.rollup_status.pending,
            "tree_changed": result.rollup_status.tree_changed,
        },
    }
