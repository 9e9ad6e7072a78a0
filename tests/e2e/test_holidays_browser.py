"""An administrator cancels an assumed day off on the holidays page (headless Chromium)."""

from __future__ import annotations

import pytest

from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import Holiday
from baocao.domain.workflow import Role
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import login, open_menu_entry, shot


@pytest.fixture
def admin(unit):
    return make_user("quantri", unit, Role.ADMINISTRATOR, first_name="Hoàng Đức", last_name="Anh")


def test_an_administrator_cancels_an_assumed_day_off(page, admin, reporter):
    login(page, "quantri", PASSWORD)
    open_menu_entry(page, "Ngày nghỉ lễ")
    page.select_option("#id_nam", "2027")
    page.click("button:has-text('Xem')")
    page.wait_for_url("**/ngay-nghi/?nam=2027")
    row = page.locator("tr", has_text="05/02/2027")
    assert "dự kiến" in row.inner_text()
    page.select_option("select[name=day]", "2027-02-05")
    page.fill("form:has(button[value=cancel]) input[name=reason]", "Thông báo nghỉ Tết 2027")
    page.click("button[value=cancel]")
    page.wait_for_url("**/ngay-nghi/?nam=2027")
    assert "Đã hủy ngày nghỉ 05/02/2027" in page.inner_text(".messages")
    assert "Đã hủy" in page.locator("tr.cancelled", has_text="05/02/2027").inner_text()
    assert Holiday.objects.get().created_by == admin
    assert working_calendar().is_working_day(Holiday.objects.get().day)
    shot(page, "holidays-2027-admin")
    page.context.clear_cookies()
    login(page, reporter.username, PASSWORD)
    assert page.goto("/ngay-nghi/?nam=2027").status == 404
