"""Browser test of the analytics pages: a leader opens the pivot and sees the charts drawn."""

from __future__ import annotations

import pytest

from tests.analytics.conftest import file_report
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot


@pytest.fixture
def three_months(template, unit, other_unit, reporter, approver, outsider, outside_approver):
    for month, (a, b) in enumerate([(773, 120), (810, 95), (905, 130)], start=1):
        code = f"2022-{month:02d}"
        file_report(
            template,
            unit,
            code,
            reporter=reporter,
            approver=approver,
            values={"BAO_CHI": str(a), "TY_LE": "80"},
        )
        file_report(
            template,
            other_unit,
            code,
            reporter=outsider,
            approver=outside_approver,
            values={"BAO_CHI": str(b), "TY_LE": "60"},
        )


def test_leader_pivots_an_indicator_and_sees_the_charts(
    page, viewer, template, province, three_months
):
    login(page, viewer.username, PASSWORD)
    assert "/tong-quan/" in page.url
    page.goto("/phan-tich/")
    page.select_option("#f-from", "2022-01")
    page.select_option("#f-to", "2022-03")
    page.check("input[name=indicator] >> nth=0")
    page.click("#pivot-form button[type=submit]")
    page.wait_for_selector("#pivot-table")
    table = page.inner_text("#pivot-table")
    assert "Tháng 03/2022" in table
    assert "1.035" in table  # the province: 905 + 130, Vietnamese thousands separator
    # A selector, not wait_for_function: a string predicate is eval'd, which the page's CSP
    # (script-src 'self') refuses whenever Playwright has to poll for it.
    page.locator("html[data-charts-ready='1']").wait_for(state="attached")
    drawn = page.evaluate("""() => ['chart-lines', 'chart-bars'].map(id => {
        const c = document.getElementById(id); return !!c.chart && c.width > 0; })""")
    assert drawn == [True, True]
    shot(page, "analytics-pivot")
    with page.expect_download() as download:
        page.click("text=Tải Excel (XLSX)")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_leader_reads_the_reporting_rates(page, viewer, template, three_months):
    login(page, viewer.username, PASSWORD)
    page.goto(f"/tinh-hinh-nop/?template={template.pk}&period=2022-03")
    assert "100%" in page.inner_text(".kpis")
    shot(page, "analytics-rates")
