"""A reporter writes and submits; the approver returns it; the reporter fixes; it is approved."""

from __future__ import annotations

from baocao.reports.models import Report
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot


def logout(page) -> None:
    page.click("text=Đăng xuất")
    page.wait_for_url("**/dang-nhap/")


def test_report_goes_from_draft_through_return_to_approval(
    page, template, unit, reporter, approver
):
    # Given the reporter of the Sở TT&TT, with no report yet
    login(page, "chuyenvien", PASSWORD)
    assert page.locator("h1").inner_text() == "Báo cáo của đơn vị"

    # When she creates the report of the oldest offered period and writes an item and a value
    page.locator("form.inline").first.locator("button").click()
    page.wait_for_url("**/soan/")
    report = Report.objects.get(unit=unit)
    page.fill(
        "textarea[name$='-text'] >> nth=0",
        "Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số tỉnh Thái Bình.",
    )
    page.fill(f"#value-{template.indicators.get(code='BAO_CHI').pk}", "1.234")
    page.click("button[name=save][value='1'].btn-primary")
    assert "Đã lưu báo cáo." in page.inner_text(".messages")
    shot(page, "editor-saved")

    # An invalid value is refused with an inline Vietnamese message
    page.fill(f"#value-{template.indicators.get(code='TY_LE').pk}", "150")
    page.click("button[name=save][value='1'].btn-primary")
    assert "nhỏ hơn hoặc bằng 100" in page.inner_text("#editor")
    page.fill(f"#value-{template.indicators.get(code='TY_LE').pk}", "95,5")
    page.click("button[name=save][value='1'].btn-primary")

    # And submits it, confirming what will happen
    page.click("text=Lưu và trình duyệt")
    page.wait_for_url("**/gui-duyet/")
    page.click("button.btn-primary")
    assert "Đã trình duyệt báo cáo." in page.inner_text(".messages")
    assert "Chờ phê duyệt" in page.inner_text(".status")
    logout(page)

    # Then the approver finds it in the queue and returns it with a comment
    login(page, "giamdoc", PASSWORD)
    assert report.title in page.inner_text("main")
    page.click("text=Trả lại")
    page.fill("#comment", "Bổ sung số liệu lưu chiểu.")
    page.click("button.btn-danger")
    assert "Đã trả lại báo cáo." in page.inner_text(".messages")
    logout(page)

    # The reporter sees it returned, fixes it and submits again
    login(page, "chuyenvien", PASSWORD)
    assert "Bị trả lại" in page.inner_text("main")
    page.goto(f"/bao-cao/{report.pk}/lich-su/")
    assert "Bổ sung số liệu lưu chiểu." in page.inner_text("main")
    page.goto(f"/bao-cao/{report.pk}/soan/")
    page.click("button[name=add] >> nth=1")
    page.fill(
        "textarea[name='row-new-" + str(template.sections.get(code="TTBC").pk) + "-text']",
        "Quản lý, đọc và kiểm tra lưu chiểu 05 tài liệu không kinh doanh.",
    )
    page.click("text=Lưu và trình duyệt")
    page.click("button.btn-primary")
    assert "Đã trình duyệt báo cáo." in page.inner_text(".messages")
    logout(page)

    # The approver approves; the clerk will give the number when issuing
    login(page, "giamdoc", PASSWORD)
    page.click("table a.btn-primary")
    page.click("button.btn-primary")
    assert "Đã phê duyệt báo cáo." in page.inner_text(".messages")

    # And the read-only page shows it approved, not yet numbered, with both items and the value
    page.goto(f"/bao-cao/{report.pk}/")
    text = page.inner_text("main")
    assert "Đã phê duyệt" in text
    assert "BC-STTTT" not in text
    assert "Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số tỉnh Thái Bình." in text
    assert "lưu chiểu 05 tài liệu" in text
    assert "1.234" in text
    assert page.locator("text=Soạn báo cáo").count() == 0
    shot(page, "report-approved")
