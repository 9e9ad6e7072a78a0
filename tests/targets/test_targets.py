"""Annual targets, % of the plan, the same period last year, and estimates replaced by actuals."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from baocao.analytics.models import IndicatorFact
from baocao.core.errors import Forbidden, Invalid
from baocao.reports.services import (
    ItemInput,
    approve_report,
    create_report,
    save_draft,
    submit_report,
)
from baocao.targets.models import AnnualTarget
from baocao.targets.selectors import report_comparisons
from baocao.targets.services import set_targets
from tests.conftest import reload


def _report(template, unit, reporter, period, figure, **extra):
    report = create_report(unit=unit, template=template, period=period, by=reporter)
    indicator = template.indicators.get(code="BAO_CHI")
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        values={indicator.pk: (figure, "")},
        items=[ItemInput(text="Kết quả.", section_id=template.sections.get(code="CNTT").pk)],
        **extra,
    )
    return reload(report)


def test_a_reporter_sets_targets_and_an_outsider_cannot(template, unit, reporter, outsider):
    indicator = template.indicators.get(code="BAO_CHI")
    assert set_targets(unit, template, 2022, {indicator.pk: "9.000"}, by=reporter) == 1
    assert AnnualTarget.objects.get().value == D(9000)
    assert set_targets(unit, template, 2022, {indicator.pk: "9.000"}, by=reporter) == 0
    assert set_targets(unit, template, 2022, {indicator.pk: ""}, by=reporter) == 1
    assert not AnnualTarget.objects.exists()
    with pytest.raises(Forbidden):
        set_targets(unit, template, 2022, {indicator.pk: "1"}, by=outsider)


def test_bad_targets_are_refused_per_field(template, unit, reporter):
    indicator = template.indicators.get(code="BAO_CHI")
    with pytest.raises(Invalid) as exc:
        set_targets(unit, template, 2022, {indicator.pk: "abc"}, by=reporter)
    assert exc.value.details == {
        f"targets.{indicator.pk}": "“abc” không phải là số hợp lệ (ví dụ: 1.234,5)."
    }
    with pytest.raises(Invalid):
        set_targets(unit, template, 2022, {indicator.pk: "-5"}, by=reporter)


def test_plan_percent_accumulates_the_year_and_compares_with_last_year(template, unit, reporter):
    indicator = template.indicators.get(code="BAO_CHI")
    set_targets(unit, template, 2022, {indicator.pk: "2.000"}, by=reporter)
    _report(template, unit, reporter, "2021-02", "500")
    _report(template, unit, reporter, "2022-01", "773")
    february = _report(template, unit, reporter, "2022-02", "600")
    comparison = report_comparisons(february)[indicator.pk]
    assert comparison.year_to_date == D(1373)
    assert comparison.plan_text == "68,7%"
    assert comparison.change_text == "tăng 20%"


def test_an_estimate_is_replaced_in_analytics_when_the_next_report_is_approved(
    template, unit, reporter, approver
):
    indicator = template.indicators.get(code="BAO_CHI")
    january = _report(template, unit, reporter, "2022-01", "800", estimates={indicator.pk: True})
    approve_report(submit_report(january, by=reporter), by=approver)
    assert IndicatorFact.objects.get(period_code="2022-01").value == D(800)
    february = _report(template, unit, reporter, "2022-02", "600")
    with pytest.raises(Invalid):  # an indicator with no estimate last period
        save_draft(
            february,
            by=reporter,
            expected_version=february.version,
            actuals={template.indicators.get(code="KHIEU_NAI").pk: "3"},
        )
    save_draft(
        february, by=reporter, expected_version=february.version, actuals={indicator.pk: "812"}
    )
    assert IndicatorFact.objects.get(period_code="2022-01").value == D(800)  # not yet
    approve_report(submit_report(reload(february), by=reporter), by=approver)
    assert IndicatorFact.objects.get(period_code="2022-01").value == D(812)
    value = reload(january).values.get(indicator=indicator)
    assert (value.value, value.actual_value, value.is_estimate) == (D(800), D(812), True)
    from baocao.analytics.services.facts import rebuild_facts

    rebuild_facts()
    assert IndicatorFact.objects.get(period_code="2022-01").value == D(812)


def test_the_report_page_and_the_document_show_the_plan_and_the_estimate(template, unit, reporter):
    from baocao.documents.build import build_live_document
    from baocao.documents.model import IndicatorTable
    from baocao.documents.render_pdf import _table
    from tests.conftest import client_for

    indicator = template.indicators.get(code="BAO_CHI")
    set_targets(unit, template, 2022, {indicator.pk: "2.000"}, by=reporter)
    _report(template, unit, reporter, "2021-02", "500")
    _report(template, unit, reporter, "2022-01", "773")
    february = _report(template, unit, reporter, "2022-02", "600", estimates={indicator.pk: True})
    html = client_for(reporter).get(f"/bao-cao/{february.pk}/").content.decode()
    assert "(ước)" in html
    assert "% kế hoạch năm" in html
    assert "68,7%" in html and "tăng 20%" in html
    table = next(b for b in build_live_document(february).body if isinstance(b, IndicatorTable))
    assert table.headers[-2:] == ("% KH năm", "So cùng kỳ")
    row = table.rows[0]
    assert (row.value, row.plan, row.same_period) == ("600 (ước)", "68,7%", "tăng 20%")
    assert "68,7%" in _table(table)
    import io

    import docx

    from baocao.documents.render_docx import render_docx

    word = docx.Document(io.BytesIO(render_docx(build_live_document(february))))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "% KH năm" in cells and "68,7%" in cells and "600 (ước)" in cells


def test_the_pivot_gives_the_plan_percent_of_the_last_column(template, unit, reporter, approver):
    from baocao.analytics.pivot import run_pivot
    from baocao.domain.periods import Period

    indicator = template.indicators.get(code="BAO_CHI")
    set_targets(unit, template, 2022, {indicator.pk: "2.000"}, by=reporter)
    for period, figure in (("2022-01", "773"), ("2022-02", "600")):
        report = _report(template, unit, reporter, period, figure)
        approve_report(submit_report(report, by=reporter), by=approver)
    pivot = run_pivot(
        indicators=[indicator],
        rows=[unit],
        start=Period.parse("2022-02"),
        end=Period.parse("2022-02"),
    )
    assert pivot.has_plan
    assert pivot.rows[0].plan.plan_text == "68,7%"


def test_the_next_reports_editor_asks_for_the_official_figure_of_the_estimate(
    template, unit, reporter
):
    from tests.conftest import client_for

    indicator = template.indicators.get(code="BAO_CHI")
    _report(template, unit, reporter, "2022-01", "800", estimates={indicator.pk: True})
    february = _report(template, unit, reporter, "2022-02", "600")
    client = client_for(reporter)
    html = client.get(f"/bao-cao/{february.pk}/soan/").content.decode()
    assert "Số chính thức kỳ trước (đã báo cáo ước 800)" in html
    response = client.post(
        f"/bao-cao/{february.pk}/soan/",
        {
            "version": str(february.version),
            "title": february.title,
            f"value-{indicator.pk}": "600",
            f"actual-{indicator.pk}": "8x",
        },
    )
    assert response.status_code == 422
    assert "“8x” không phải là số hợp lệ" in response.content.decode()
    client.post(
        f"/bao-cao/{february.pk}/soan/",
        {
            "version": str(february.version),
            "title": february.title,
            f"value-{indicator.pk}": "600",
            f"actual-{indicator.pk}": "812",
        },
    )
    assert reload(february).values.get(indicator=indicator).previous_actual == D(812)
