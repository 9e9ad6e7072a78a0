"""Reads of targets and the comparisons of a report's figures (% kế hoạch, so với cùng kỳ)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from baocao.catalog.selectors import template_indicators
from baocao.core.actors import AnyUser
from baocao.core.prepared import prepared
from baocao.domain.periods import Period
from baocao.domain.targets import Comparison, compare
from baocao.domain.workflow import Role
from baocao.organizations.access import (
    is_administrator,
    overseen_units,
    own_roles_in,
    units_with_role,
)
from baocao.organizations.models import OrgUnit
from baocao.reports.models import IndicatorValue, Report
from baocao.reports.selectors import stored_values
from baocao.targets.models import AnnualTarget


def may_set_targets(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether ``user`` may enter the annual targets of ``unit``: a reporter or an
    approver of the unit, or an administrator of it or of a unit above."""
    return bool(own_roles_in(user, unit) & {Role.REPORTER, Role.APPROVER}) or is_administrator(
        user, unit
    )


def target_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units whose annual targets ``user`` may enter (``may_set_targets``), by path."""
    units = {u.pk: u for u in units_with_role(user, Role.REPORTER, Role.APPROVER)}
    if is_administrator(user):
        units.update({u.pk: u for u in overseen_units(user) if may_set_targets(user, u)})
    return sorted(units.values(), key=lambda u: u.path)


def targets_by_code(unit_id: int, template_code: str, year: int) -> dict[str, Decimal]:
    """Return the unit's annual targets of a regime (any version) for ``year`` by indicator code."""
    return dict(_targets_of(unit_id, template_code, year))


@prepared
def _targets_of(unit: int, regime: str, year: int) -> QuerySet[AnnualTarget, tuple[str, Decimal]]:
    return AnnualTarget.objects.filter(
        unit_id=unit, year=year, indicator__template__code=regime
    ).values_list("indicator__code", "value")


@prepared
def _figures_for_comparison(
    unit: int, regime: str, kind: str, year: int, before: dt.date, last_year: str
) -> QuerySet[IndicatorValue, tuple[str, str, dt.date, Decimal | None, Decimal | None]]:
    """Return the values of the unit's reports of the regime earlier in ``year`` (before
    ``before``) and of the period ``last_year``: (code, period, start, value, actual)."""
    same = Report.objects.filter(unit_id=unit, template__code=regime, period_kind=kind)
    earlier = same.filter(period_year=year, period_start__lt=before)
    return (
        IndicatorValue.objects.filter(
            report__in=same.filter(pk__in=earlier.values("pk")) | same.filter(period_code=last_year)
        )
        .exclude(value=None)
        .values_list(
            "indicator__code",
            "report__period_code",
            "report__period_start",
            "value",
            "actual_value",
        )
    )


def report_comparisons(report: Report) -> dict[int, Comparison]:
    """Return each numeric indicator's comparisons for ``report``, by indicator id.

    The year-to-date figure accumulates the unit's reports of the regime earlier in the same
    year (any status but the report itself) with this one; "cùng kỳ" is the unit's report of
    the same period a year before. Only indicators with a target or last year's value appear.
    """
    period: Period = report.period
    last_year_code = period.same_period_last_year().code
    year_values: dict[str, list[tuple[Any, Decimal]]] = defaultdict(list)
    last_year: dict[str, Decimal] = {}
    rows = _figures_for_comparison(
        report.unit_id,
        report.template.code,
        report.period_kind,
        report.period_year,
        report.period_start,
        last_year_code,
    )
    for code, period_code, start, value, actual in rows:
        number = actual if actual is not None else value
        if number is None:  # excluded above; says so to the type checker
            continue
        if period_code == last_year_code:
            last_year[code] = number
        else:
            year_values[code].append((start, number))
    targets = targets_by_code(report.unit_id, report.template.code, report.period_year)
    current = {v.indicator_id: v.value for v in stored_values(report)}
    result: dict[int, Comparison] = {}
    for indicator in template_indicators(report.template):
        if not indicator.is_numeric:
            continue
        code = indicator.code
        if code not in targets and code not in last_year:
            continue
        result[indicator.pk] = compare(
            value=current.get(indicator.pk),
            year_values=[v for _s, v in sorted(year_values.get(code, []))],
            aggregation=indicator.aggregation,
            target=targets.get(code),
            last_year=last_year.get(code),
        )
    return result
