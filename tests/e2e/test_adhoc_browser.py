"""The province requests a thematic report from two departments; a department sees and writes it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baocao.adhoc.models import ReportRequest
from baocao.reports.models import Report
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, open_menu_entry, shot


@pytest.fixture
def deadline() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=10)


def logout(page) -> None:
    page.click("text=Đăng xuất")
    page.wait_for_url("**/dang-nhap/")


def test_a_request_is_created_issued_and_seen_by_the_unit(
    page, province, unit, other_unit, consolidator, reporter, outsider, deadline
):
    # The provincial consolidator opens the request form from the navigation
    login(page, "tonghop", PASSWORD)
    open_menu_entry(page, "Yêu cầu")
    page.click("text=Tạo yêu cầu báo cáo")
    page.wait_for_url("**/yeu-cau-bao-cao/tao/")
    page.check("input[name=kind][value=adhoc]")
    page.fill("#title", "Báo cáo đột xuất tình hình khắc phục sự cố mạng")
    page.fill("#document_number", "88/UBND-KGVX")
    page.fill("#sections", "Diễn biến sự cố\nKết quả khắc phục\nKiến nghị")
    page.fill("#indicators", "Trạm BTS bị ảnh hưởng | trạm")
    page.fill("#deadline", deadline.isoformat())
    page.check(f"input[name=units][value='{unit.pk}']")
    shot(page, "adhoc-request-form")
    page.click("button:has-text('Lưu dự thảo yêu cầu')")
    request = ReportRequest.objects.get()
    page.wait_for_url(f"**/yeu-cau-bao-cao/{request.pk}/")
    assert "Đã lưu dự thảo" in page.inner_text(".messages")

    # She issues it: the Sở TT&TT gets a draft with the deadline
    page.click("button:has-text('Ban hành yêu cầu')")
    assert "Đã ban hành yêu cầu" in page.inner_text(".messages")
    assert "Đã gửi 0/1 đơn vị" in page.inner_text("main")
    assert "Nháp" in page.locator("table", has_text="Sở Thông tin").inner_text()
    shot(page, "adhoc-request-tracking")
    logout(page)

    # The Sở TT&TT's reporter sees it in the report list and on the requests page
    login(page, "chuyenvien", PASSWORD)
    page.goto("/bao-cao/")
    assert "Báo cáo đột xuất tình hình khắc phục sự cố mạng" in page.inner_text("main")
    assert deadline.strftime("%d/%m/%Y") in page.inner_text("main")
    open_menu_entry(page, "Yêu cầu")
    assert "UBND tỉnh" in page.inner_text("main")
    shot(page, "adhoc-requests-unit")
    page.click("text=Báo cáo đột xuất tình hình khắc phục sự cố mạng")
    assert "Diễn biến sự cố" in page.inner_text("main")
    assert "Tình hình nộp báo cáo" not in page.inner_text("main")
    page.click("text=Soạn báo cáo")
    page.wait_for_url("**/soan/")
    assert "Kết quả khắc phục" in page.inner_text("main")
    assert Report.objects.get().unit == unit
    shot(page, "adhoc-report-editor")
    logout(page)

    # Another department sees nothing
    login(page, outsider.username, PASSWORD)
    assert page.goto(f"/yeu-cau-bao-cao/{request.pk}/").status == 404
