"""The regime's first period and latest period with data, read per regime version along the
reports' index (``Report.Meta.indexes``): the same answers as one sort of all the reports."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

import pytest
from django.db.models import Q

from baocao.analytics.scope import Scope, under
from baocao.analytics.selectors import first_period, latest_period_with_data
from baocao.catalog.models import ReportTemplate
from baocao.domain.periods import Period, PeriodError
from baocao.domain.workflow import Status
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report


def _report(template: ReportTemplate, unit: OrgUnit, code: str, status: str) -> Report:
    """Store a report of ``template`` for the period ``code`` directly (no service)."""
    period = Period.parse(code)
    day = dt.date(period.year, period.months[0], 1)
    return Report.objects.create(
        unit=unit,
        template=template,
        period_code=period.code,
        period_kind=period.kind.value,
        period_year=period.year,
        period_index=period.index,
        period_start=day,
        period_end=day,
        due_date=day,
        status=status,
        title=f"Báo cáo {code}",
    )


def _first_as_sorted(template: ReportTemplate) -> Period | None:
    """Return ``first_period`` as one sort of the regime's reports answered it."""
    found = []
    first = (
        Report.objects.filter(template__code=template.code, period_kind=template.period_kind)
        .order_by("period_year", "period_index")
        .values_list("period_code", flat=True)
        .first()
    )
    if first:
        found.append(Period.parse(first))
    if template.valid_from is not None:
        with contextlib.suppress(PeriodError):
            found.append(Period.from_date(template.kind, template.valid_from, template.cutoff_rule))
    return min(found) if found else None


def _latest_as_sorted(template: ReportTemplate, scope: Scope, upto: Period) -> Period:
    """Return ``latest_period_with_data`` as one sort of the regime's reports answered it."""
    found = (
        Report.objects.filter(template__code=template.code, period_kind=template.period_kind)
        .filter(under(scope.unit.path, "unit__"))
        .filter(
            Q(period_year__lt=upto.year) | Q(period_year=upto.year, period_index__lte=upto.index)
        )
        .exclude(status__in=(Status.DRAFT.value, Status.RETURNED.value))
        .order_by("-period_year", "-period_index")
        .values_list("period_year", "period_index")
        .first()
    )
    return Period(found[0], upto.kind, found[1]) if found else upto


@pytest.fixture
def versions(template, unit, other_unit) -> list[ReportTemplate]:
    """Give the regime a second version and reports of both, in several states."""
    second = ReportTemplate.objects.create(
        code=template.code,
        version=2,
        name=template.name,
        period_kind=template.period_kind,
        is_current=False,
    )
    for version, unit_, code, status in [
        (template, unit, "2021-11", "approved"),
        (template, unit, "2022-02", "draft"),
        (template, other_unit, "2022-01", "returned"),
        (template, other_unit, "2021-12", "submitted"),
        (second, unit, "2022-03", "submitted"),
        (second, other_unit, "2022-04", "draft"),
        (second, other_unit, "2021-07", "sent"),
    ]:
        _report(version, unit_, code, status)
    return [template, second]


def test_the_first_period_is_the_earliest_of_every_version(versions):
    for version in versions:
        assert first_period(version) == _first_as_sorted(version) == Period.parse("2021-07")


def test_a_regime_without_reports_has_no_first_period(db):
    lone = ReportTemplate.objects.create(code="LE", name="Chế độ lẻ", period_kind="month")
    assert first_period(lone) is None is _first_as_sorted(lone)


def test_the_latest_period_with_data_agrees_with_one_sort(versions, province, unit, other_unit):
    lone = OrgUnit.objects.create(code="LE", name="Đơn vị lẻ", level="department")
    uptos = ["2021-06", "2021-07", "2021-11", "2021-12", "2022-01", "2022-02", "2022-03", "2022-12"]
    for version, top, code in itertools.product(
        versions, [province, unit, other_unit, lone], uptos
    ):
        upto = Period.parse(code)
        scope = Scope(top, True)
        assert latest_period_with_data(version, scope, upto) == _latest_as_sorted(
            version, scope, upto
        ), (version.version, top.code, code)
    assert latest_period_with_data(versions[0], Scope(province, True), Period.parse("2022-12")) == (
        Period.parse("2022-03")
    )
