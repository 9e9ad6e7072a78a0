"""A prepared read returns what its queryset returns, for any arguments, and refuses misuse.

``baocao.core.prepared`` compiles a queryset once per alias and afterwards substitutes the
parameters into the kept SQL: the tests compare its rows with the plain queryset's for several
arguments (the first call must not freeze the answer), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connections
from django.db.models import QuerySet
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from baocao.catalog.models import Holiday, Indicator
from baocao.core import db_router
from baocao.core.prepared import prepared
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.models import Report
from baocao.reports.services import create_report


@prepared
def _report_with_unit(pk: int) -> QuerySet[Report]:
    return Report.objects.filter(pk=pk).select_related("unit", "template")


@prepared
def _units_named(name: str, level: str) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(name=name, level=level).order_by("pk")


@prepared
def _indicator_codes(template: int) -> QuerySet[Indicator, str]:
    return (
        Indicator.objects.filter(template_id=template)
        .order_by("order", "pk")
        .values_list("code", flat=True)
    )


@prepared
def _reports_since(unit: int, since: datetime.date) -> QuerySet[Report, dict]:
    return Report.objects.filter(unit_id=unit, period_start__gte=since).values("pk", "period_code")


@prepared
def _memberships_with_reports(user: int) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user).prefetch_related("unit__reports")


def test_rows_match_the_queryset_for_every_argument(draft, template, unit, other_unit, reporter):
    other = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    for pk in (draft.pk, other.pk, 10**6):
        expected = list(Report.objects.filter(pk=pk).select_related("unit", "template"))
        got = _report_with_unit(pk)
        assert got == expected
        with CaptureQueriesContext(connections["default"]) as queries:
            for report in got:  # the joined objects came with the row
                assert report.unit.name == unit.name
                assert report.template.code == template.code
                assert report.period_code in ("2022-01", "2022-02")
        assert queries.captured_queries == []
    assert [u.pk for u in _units_named(unit.name, unit.level)] == [unit.pk]
    assert _units_named(other_unit.name, unit.level) == [other_unit]
    assert _units_named(unit.name, "ward") == []


def test_values_flat_values_dates_and_prefetches(draft, template, unit, reporter):
    assert _indicator_codes(template.pk) == list(
        template.indicators.order_by("order", "pk").values_list("code", flat=True)
    )
    assert _indicator_codes(10**6) == []
    create_report(unit=unit, template=template, period="2022-03", by=reporter)
    since_feb = _reports_since(unit.pk, datetime.date(2022, 2, 1))
    assert since_feb == [{"pk": since_feb[0]["pk"], "period_code": "2022-03"}]
    assert len(_reports_since(unit.pk, datetime.date(2021, 1, 1))) == 2
    (membership,) = _memberships_with_reports(reporter.pk)
    with CaptureQueriesContext(connections["default"]) as queries:
        periods = sorted(r.period_code for r in membership.unit.reports.all())
    assert periods == ["2022-01", "2022-03"]
    assert queries.captured_queries == []


@prepared
def _reports_of_year(year: int, unit: int) -> QuerySet[Report, str]:
    return Report.objects.filter(period_year=year, unit_id=unit).values_list(
        "period_code", flat=True
    )


def test_a_small_integer_column_and_a_constant_that_looks_like_a_marker(draft, unit):
    # period_year is a small integer column: a marker out of its range would make Django drop
    # the condition while compiling, and the read would answer every year.
    assert _reports_of_year(2022, unit.pk) == ["2022-01"]
    assert _reports_of_year(2023, unit.pk) == []
    assert _reports_of_year(40_000, unit.pk) == []  # beyond a small integer: no row, no error

    @prepared
    def with_constant(unit: int) -> QuerySet[Report, str]:
        # 31001 is the first integer marker: it must stay a constant, not become ``unit``
        return (
            Report.objects.filter(unit_id=unit)
            .exclude(period_year=31_001)
            .values_list("period_code", flat=True)
        )

    assert with_constant(unit.pk) == ["2022-01"]
    assert with_constant(unit.pk + 1000) == []


@prepared
def _reports_of_units(units: list[int], kinds: list[str]) -> QuerySet[Report, str]:
    return (
        Report.objects.filter(unit_id__in=units, period_kind__in=kinds)
        .order_by("period_code")
        .values_list("period_code", flat=True)
    )


@prepared
def _reports_besides_units(units: list[int]) -> QuerySet[Report, str]:
    return Report.objects.exclude(unit_id__in=units).values_list("period_code", flat=True)


def test_list_parameters_of_any_length(draft, template, unit, other_unit, reporter, outsider):
    create_report(unit=other_unit, template=template, period="2022-02", by=outsider)
    monthly = ["month"]
    assert draft.period_kind == "month"
    for units in ([], [unit.pk], [other_unit.pk], [unit.pk, other_unit.pk], [other_unit.pk, 10**6]):
        expected = list(
            Report.objects.filter(unit_id__in=units, period_kind__in=monthly)
            .order_by("period_code")
            .values_list("period_code", flat=True)
        )
        assert _reports_of_units(units, monthly) == expected, units
    assert _reports_of_units([unit.pk, other_unit.pk], monthly) == ["2022-01", "2022-02"]
    assert _reports_of_units((unit.pk, unit.pk, unit.pk), monthly) == ["2022-01"]  # repeats
    assert _reports_of_units([unit.pk], ["quarter", "year"]) == []
    assert _reports_of_units([unit.pk], []) == []  # Django: no rows, no SQL
    # an empty exclusion excludes nothing: the compiled SQL is kept, not "no rows"
    assert sorted(_reports_besides_units([])) == ["2022-01", "2022-02"]
    assert _reports_besides_units([unit.pk]) == ["2022-02"]
    with pytest.raises(TypeError, match="units must be a list"):
        _reports_of_units(unit.pk, monthly)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="units must be int"):
        _reports_of_units([str(unit.pk)], monthly)  # type: ignore[list-item]


def test_a_wrong_argument_is_refused_not_answered(draft):
    with pytest.raises(TypeError, match="pk must be int"):
        _report_with_unit(str(draft.pk))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pk must be int"):
        _report_with_unit(None)  # type: ignore[arg-type]  # IS NULL would need other SQL
    with pytest.raises(TypeError, match="pk must be int"):
        _report_with_unit(True)
    with pytest.raises(ValueError, match="out of the 64-bit range"):
        _report_with_unit(2**63)
    with pytest.raises(TypeError, match="takes pk"):
        _report_with_unit()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="since must be date"):
        _reports_since(1, datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC))


def test_a_parameter_the_sql_transforms_cannot_be_prepared(db):
    @prepared
    def containing(text: str) -> QuerySet[Holiday]:
        return Holiday.objects.filter(name__icontains=text)

    with pytest.raises(TypeError, match="text does not reach the SQL"):
        containing("Tết")

    @prepared
    def locked(pk: int) -> QuerySet[Report]:
        return Report.objects.select_for_update().filter(pk=pk)

    with pytest.raises(TypeError, match="locking read"):
        locked(1)

    with pytest.raises(TypeError, match="must be int, str, date, list"):

        @prepared
        def untyped(pk) -> QuerySet[Report]:  # type: ignore[no-untyped-def]
            return Report.objects.filter(pk=pk)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_read_goes_where_the_router_sends_it(draft):
    token = db_router._read_replica.set(True)  # what ReplicaReadMiddleware does for a list
    try:
        with (
            override_settings(DATABASE_ROUTERS=[db_router.ROUTER]),
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            (report,) = _report_with_unit(draft.pk)
    finally:
        db_router._read_replica.reset(token)
    assert report.pk == draft.pk
    assert report._state.db == "replica"
    assert len(replica.captured_queries) == 1
    assert primary.captured_queries == []
    (again,) = _report_with_unit(draft.pk)  # no router: the primary, compiled for it
    assert again._state.db == "default"
