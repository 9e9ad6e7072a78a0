"""The pivot over facts: rules across units and time, changes, limits and bad input."""

from decimal import Decimal

import pytest

from baocao.analytics.models import IndicatorFact
from baocao.analytics.pivot import MAX_INDICATORS, run_pivot
from baocao.analytics.services import rebuild_facts
from baocao.catalog.models import Indicator
from baocao.core.errors import Invalid
from baocao.domain.periods import Period
from tests.analytics.conftest import file_report

P = Period.parse


@pytest.fixture
def year_of_values(template, unit, other_unit, reporter, approver, outsider, outside_approver):
    for month, (a, b) in enumerate([(10, 1), (20, 2), (30, 3)], start=1):
        code = f"2022-{month:02d}"
        file_report(
            template,
            unit,
            code,
            reporter=reporter,
            approver=approver,
            values={"BAO_CHI": str(a), "TY_LE": str(50 + a)},
        )
        file_report(
            template,
            other_unit,
            code,
            reporter=outsider,
            approver=outside_approver,
            values={"BAO_CHI": str(b), "TY_LE": str(50 + b)},
        )
    file_report(
        template, unit, "2021-03", reporter=reporter, approver=approver, values={"BAO_CHI": "15"}
    )


def _cells(pivot, unit, code):
    return next(r for r in pivot.rows if r.unit == unit and r.indicator.code == code).cells


def test_approval_fills_the_fact_table(year_of_values):
    assert IndicatorFact.objects.count() == 13  # 3 months x 2 units x 2 + March 2021
    assert rebuild_facts() == 13


def test_a_parent_row_combines_its_units_by_rule(year_of_values, template, province, unit):
    indicators = list(template.indicators.filter(code__in=["BAO_CHI", "TY_LE"]))
    pivot = run_pivot(
        indicators=indicators,
        rows=[province, unit],
        start=P("2022-01"),
        end=P("2022-03"),
        within=province,
    )
    assert _cells(pivot, province, "BAO_CHI") == [11, 22, 33]
    assert _cells(pivot, province, "TY_LE") == [Decimal("55.5"), 61, Decimal("66.5")]
    assert _cells(pivot, unit, "BAO_CHI") == [10, 20, 30]
    row = next(r for r in pivot.rows if r.unit == province and r.indicator.code == "BAO_CHI")
    assert row.previous == (Decimal(11), 50.0)
    unit_row = next(r for r in pivot.rows if r.unit == unit and r.indicator.code == "BAO_CHI")
    assert unit_row.last_year == (Decimal(15), 100.0)


def test_by_year_each_rule_combines_the_months(year_of_values, template, province):
    bao_chi = template.indicators.get(code="BAO_CHI")
    for rule, expected in [("sum", 66), ("average", 11), ("max", 30), ("min", 1), ("last", 33)]:
        Indicator.objects.filter(pk=bao_chi.pk).update(aggregation=rule)
        bao_chi.refresh_from_db()
        pivot = run_pivot(
            indicators=[bao_chi],
            rows=[province],
            start=P("2022-01"),
            end=P("2022-12"),
            by_year=True,
            within=province,
        )
        assert pivot.rows[0].cells == [expected], rule


def test_a_unit_with_no_reports_shows_empty_cells(template, province):
    pivot = run_pivot(
        indicators=list(template.indicators.all()),
        rows=[province],
        start=P("2022-01"),
        end=P("2022-02"),
        within=province,
    )
    assert all(cell is None for row in pivot.rows for cell in row.cells)


def test_fifty_years_is_refused_with_a_clear_message(template, province):
    with pytest.raises(Invalid, match="Khoảng thời gian quá dài"):
        run_pivot(
            indicators=list(template.indicators.all()),
            rows=[province],
            start=P("1990-01"),
            end=P("2040-12"),
            within=province,
        )


def test_too_many_indicators_is_refused(template, province):
    many = [
        Indicator.objects.create(template=template, code=f"X{i}", name=f"Chỉ tiêu {i}")
        for i in range(MAX_INDICATORS + 1)
    ]
    with pytest.raises(Invalid, match=f"tối đa {MAX_INDICATORS}"):
        run_pivot(indicators=many, rows=[province], start=P("2022-01"), end=P("2022-02"))


def test_text_indicators_are_left_out_with_their_names(template, province):
    text = Indicator.objects.create(
        template=template, code="GHI_CHU", name="Ghi chú", value_type="text"
    )
    pivot = run_pivot(
        indicators=[text, template.indicators.get(code="BAO_CHI")],
        rows=[province],
        start=P("2022-01"),
        end=P("2022-02"),
        within=province,
    )
    assert pivot.skipped == ["Ghi chú"]
    with pytest.raises(Invalid, match="dạng văn bản"):
        run_pivot(indicators=[text], rows=[province], start=P("2022-01"), end=P("2022-02"))
