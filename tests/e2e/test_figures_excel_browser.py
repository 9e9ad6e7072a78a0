"""The figures' Excel round trip and the reading of typed numbers, in Chromium."""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.reports import figures_xlsx
from baocao.reports.models import IndicatorValue
from baocao.reports.presenters import value_reading
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot

SHOTS = Path(os.environ.get("BAOCAO_SCREENSHOTS", "var/screenshots"))

# Inputs the browser's reading (web/numbers.js) and the server's (domain.numbers) must agree on.
INPUTS = [
    "1.250",
    "1,250",
    "12.5",
    "1,5",
    "1.250.000",
    "1.234,5",
    "1,234.5",
    "12345678,25",
    "-3",
    "+7",
    "0.000",
    "007",
    ".5",
    "5.",
    "50%",
    "1 250",
    "12,5%",
    "1.2.3",
    "1,2,3",
    "abc",
    "",
    "  99  ",
    "-0,0",
    "1.000,000",
    "999.999",
]


def fill(data: bytes, cells: dict[str, object]) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book[figures_xlsx.SHEET]
    for row in sheet.iter_rows(min_row=figures_xlsx.HEADER_ROW + 1):
        if row[1].value in cells:
            row[figures_xlsx.VALUE_COL - 1].value = cells[row[1].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_download_fill_upload_preview_and_write(page, draft, reporter, tmp_path):
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải biểu số liệu (Excel)").click()
    download = info.value
    assert download.suggested_filename.endswith("-2022-01.xlsx")
    filled = tmp_path / "so-lieu.xlsx"
    filled.write_bytes(
        fill(Path(download.path()).read_bytes(), {"BAO_CHI": "1.250", "TY_LE": "12.5"})
    )
    page.get_by_role("link", name="Nhập số liệu từ Excel").first.click()
    page.wait_for_load_state()
    shot(page, "figures-upload-1366")
    page.set_input_files("#id_file", str(filled))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state()
    table = page.inner_text("table.figures-preview")
    assert "đọc là 1250 — dấu chấm ngăn cách hàng nghìn" in table
    assert "đọc là 12,5" in table
    shot(page, "figures-preview-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "figures-preview-375")
    page.set_viewport_size({"width": 1366, "height": 768})
    assert IndicatorValue.objects.get(report=draft, indicator__code="BAO_CHI").value == 773
    page.get_by_role("button", name="Ghi tất cả").click()
    page.wait_for_load_state()
    assert "/soan/" in page.url
    assert "Đã ghi 2 số liệu từ tệp Excel." in page.inner_text("main")
    values = {v.indicator.code: v.value for v in IndicatorValue.objects.filter(report=draft)}
    assert values == {"BAO_CHI": Decimal("1250"), "TY_LE": Decimal("12.5")}


def test_a_bad_cell_is_named_and_nothing_written(page, draft, reporter, tmp_path):
    filled = tmp_path / "so-lieu.xlsx"
    filled.write_bytes(
        fill(figures_xlsx.build_workbook(draft), {"BAO_CHI": "12", "KHIEU_NAI": "mười"})
    )
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/nhap-so-lieu/")
    page.set_input_files("#id_file", str(filled))
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state()
    summary = page.inner_text("#error-summary")
    assert "Chưa ghi gì" in summary and "“mười” không phải là số hợp lệ" in summary
    assert page.get_by_role("button", name="Ghi tất cả").count() == 0
    shot(page, "figures-preview-error-1366")
    assert IndicatorValue.objects.get(report=draft, indicator__code="BAO_CHI").value == 773


def test_the_editor_says_how_a_typed_number_is_read(page, draft, reporter, template):
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    field = template.indicators.get(code="KHIEU_NAI").pk
    page.fill(f"#value-{field}", "1.250")
    reading = page.locator(f"#read-{field}")
    assert reading.inner_text() == (
        "⚠ đọc là 1250 — dấu chấm ngăn cách hàng nghìn; nếu là số thập phân, hãy gõ 1,25"
    )
    assert "ambiguous" in (reading.get_attribute("class") or "")
    page.fill(f"#value-{field}", "12.5")
    assert reading.inner_text() == "đọc là 12,5"
    page.fill(f"#value-{field}", "1,5")
    assert reading.inner_text() == "đọc là 1,5"
    page.fill(f"#value-{field}", "1.250")
    shot(page, "editor-reading-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    page.locator(f"#value-{field}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "editor-reading-375.png"))


@pytest.mark.parametrize("chunk", [0])
def test_the_browser_reads_numbers_as_the_server_does(page, draft, reporter, template, chunk):
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    page.wait_for_function("() => typeof window.baocaoReading === 'function'")
    indicator = template.indicators.get(code="BAO_CHI")
    browser = page.evaluate("(inputs) => inputs.map((raw) => window.baocaoReading(raw))", INPUTS)
    server = [list(value_reading(indicator, raw)) for raw in INPUTS]
    assert dict(zip(INPUTS, browser, strict=True)) == dict(zip(INPUTS, server, strict=True))


def test_a_period_picker_reaches_back_to_2022(page, draft, reporter, template, unit):
    login(page, "chuyenvien", PASSWORD)
    page.goto("/bao-cao/")
    picker = page.locator(f"#period-{unit.pk}-{template.pk}")
    codes = picker.locator("option").evaluate_all("(options) => options.map((o) => o.value)")
    assert "2022-02" in codes and "2022-01" not in codes  # January is written already
    assert page.locator("text=Hạn nộp").first.is_visible()
    picker.select_option("2022-02")
    shot(page, "report-list-picker-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "report-list-picker-375")
    page.set_viewport_size({"width": 1366, "height": 768})
    picker.locator("xpath=ancestor::form").get_by_role("button", name="Lập báo cáo").click()
    page.wait_for_load_state()
    assert "/soan/" in page.url and "Tháng 02/2022" in page.inner_text("main")
