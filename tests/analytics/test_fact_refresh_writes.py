"""The facts of an approved report are its values, copied by plain statements; the year rows
are recomputed only when a fact changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.analytics.models import IndicatorFact, IndicatorYearFact
from baocao.analytics.services import refresh_report_facts
from baocao.reports.models import IndicatorValue
from tests.analytics.conftest import file_report

pytestmark = pytest.mark.django_db


def _years(unit) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(
        IndicatorYearFact.objects.filter(unit=unit).values_list(
            "indicator_id", "year", "total", "count", "high", "low", "last_index", "last_value"
        )
    )


def test_the_facts_are_the_values_and_an_official_figure_replaces_an_estimate(
    template, unit, reporter, approver
):
    report = file_report(
        template,
        unit,
        "2022-01",
        reporter=reporter,
        approver=approver,
        values={"BAO_CHI": "10", "KHIEU_NAI": "3"},
        send=False,
    )
    stored = dict(
        IndicatorValue.objects.filter(report=report)
        .exclude(value=None)
        .values_list("indicator_id", "value")
    )
    facts = IndicatorFact.objects.filter(report=report)
    assert dict(facts.values_list("indicator_id", "value")) == stored
    assert set(facts.values_list("unit_id", "period_code", "period_kind", "year", "index")) == {
        (unit.pk, "2022-01", report.period_kind, 2022, 1)
    }
    some = next(iter(stored))
    IndicatorValue.objects.filter(report=report, indicator_id=some).update(
        actual_value=Decimal("12.5")
    )
    assert refresh_report_facts(report) == len(stored)
    assert facts.get(indicator_id=some).value == Decimal("12.5")
    assert (some, 2022, Decimal("12.5"), 1) in [row[:4] for row in _years(unit)]


def test_a_refresh_that_changes_no_fact_leaves_the_year_rows(template, unit, reporter, approver):
    report = file_report(template, unit, "2022-01", reporter=reporter, send=False)
    years = _years(unit)
    with CaptureQueriesContext(connection) as queries:
        assert refresh_report_facts(report) == 0  # submitted: no facts, none before either
    assert not [q for q in queries.captured_queries if "indicatoryearfact" in q["sql"]]
    assert _years(unit) == years == []
