"""A reporter uploads a legacy report, checks the preview, confirms, and gets a draft."""

from __future__ import annotations

from baocao.demo.load import load_demo
from baocao.reports.models import Report
from tests.conftest import sample_text
from tests.e2e.conftest import login, shot


def test_upload_preview_confirm(page, db, tmp_path):
    load_demo()
    legacy = tmp_path / "bao-cao-thang-02.txt"
    legacy.write_text(sample_text().replace("tháng 01 năm 2022", "tháng 02 năm 2022"))
    login(page, "chuyenvien", "Baocao@2026")
    page.click("nav >> text=Nhập từ tệp")
    page.set_input_files("#file", str(legacy))
    page.click("button:has-text('Phân tích tệp')")
    page.wait_for_url("**/nhap-bao-cao/*/")
    first_citation = page.locator(".source-text mark.hl-cite").first.inner_text()
    assert first_citation.startswith("Chỉ thị số 01/CT-UBND")
    assert page.locator(".source-text mark.hl-qty", has_text="773 tin, bài").count() == 1
    assert "Tháng 02/2022" in page.inner_text("main form")
    shot(page, "import-preview")
    page.click("button:has-text('Tạo báo cáo nháp')")
    page.wait_for_url("**/soan/")
    assert "Đã tạo báo cáo nháp Tháng 02/2022" in page.inner_text(".messages")
    report = Report.objects.get(period_code="2022-02", unit__code="STTTT")
    assert report.values.get(indicator__code="BAO_CHI_TW").value == 773
    assert report.source_file.name == "bao-cao-thang-02.txt"
