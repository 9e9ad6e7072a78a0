"""Bulk paths: the synthetic generator, rebuilding the facts with deferred indexes, year rows."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from baocao.analytics.bulk import index_names
from baocao.analytics.models import IndicatorFact, IndicatorYearFact
from baocao.analytics.pivot import run_pivot
from baocao.analytics.services import rebuild_facts
from baocao.demo.synthetic import DemoSize, generate
from baocao.domain.periods import Period
from baocao.reports.models import IndicatorValue
from tests.analytics.conftest import file_report


def test_generate_in_bulk_keeps_every_index_and_agrees_with_the_values(db):
    before = index_names("reports_indicatorvalue")
    fact_indexes = index_names("analytics_indicatorfact")
    result = generate(DemoSize(units=12, months=3, indicators=4, prefix="T"), bulk=True)
    assert index_names("reports_indicatorvalue") == before
    assert index_names("analytics_indicatorfact") == fact_indexes
    assert result.values == IndicatorValue.objects.count() == result.reports * 4
    assert result.facts == IndicatorFact.objects.count()
    first = Period.parse(min(result.template.reports.values_list("period_code", flat=True)))
    last = Period.parse(max(result.template.reports.values_list("period_code", flat=True)))
    indicator = result.template.indicators.get(aggregation="sum", order=0)
    pivot = run_pivot(
        indicators=[indicator], rows=[result.root], start=first, end=last, within=result.root
    )
    expected = {}
    for value in IndicatorValue.objects.filter(indicator=indicator, report__status="approved"):
        code = value.report.period_code
        expected[code] = expected.get(code, 0) + value.value
    assert len(pivot.columns) == 3
    assert pivot.rows[0].cells == [expected.get(f"{c.year}-{c.index:02d}") for c in pivot.columns]


def test_rebuild_in_bulk_gives_the_same_rows_as_approval(
    template, unit, other_unit, reporter, approver, outsider, outside_approver
):
    for month, value in ((1, "4"), (2, "6"), (3, "5")):
        file_report(
            template,
            unit,
            f"2022-{month:02d}",
            reporter=reporter,
            approver=approver,
            values={"BAO_CHI": value},
        )
    file_report(
        template,
        other_unit,
        "2022-02",
        reporter=outsider,
        approver=outside_approver,
        values={"BAO_CHI": "10"},
    )
    approved = sorted(
        IndicatorYearFact.objects.values_list(
            "unit_id", "year", "total", "count", "high", "low", "last_index", "last_value"
        )
    )
    assert approved == [
        (unit.pk, 2022, Decimal(15), 3, Decimal(6), Decimal(4), 3, Decimal(5)),
        (other_unit.pk, 2022, Decimal(10), 1, Decimal(10), Decimal(10), 2, Decimal(10)),
    ]
    facts = index_names("analytics_indicatorfact")
    assert rebuild_facts(bulk=True) == 4
    assert index_names("analytics_indicatorfact") == facts
    assert (
        sorted(
            IndicatorYearFact.objects.values_list(
                "unit_id", "year", "total", "count", "high", "low", "last_index", "last_value"
            )
        )
        == approved
    )


def test_a_returned_report_leaves_no_year_row(template, unit, reporter, approver):
    report = file_report(template, unit, "2022-01", reporter=reporter)
    from baocao.analytics.services import refresh_report_facts

    refresh_report_facts(report)  # submitted, not approved: nothing to count
    assert not IndicatorYearFact.objects.exists()


def test_gen_demo_command_in_bulk_then_refuses_the_same_prefix(db):
    out = io.StringIO()
    call_command("gen-demo", units=10, months=2, indicators=3, prefix="G", bulk=True, stdout=out)
    assert "Đã sinh 10 đơn vị" in out.getvalue()
    assert (
        IndicatorFact.objects.count()
        == IndicatorValue.objects.filter(report__status="approved").count()
    )
    with pytest.raises(CommandError, match="tiền tố G"):
        call_command("gen-demo", units=10, months=2, indicators=3, prefix="G")
