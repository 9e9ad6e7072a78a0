"""A reporter keeps the deposit register and fills a draft's figures from the registers."""

from __future__ import annotations

from pathlib import Path

import pytest

from baocao.demo.load import DEMO_PASSWORD, load_demo
from baocao.registers.models import WorkRegister
from baocao.reports.services import create_report
from tests.e2e.conftest import login, open_menu_entry

SHOTS = Path("/tmp")


@pytest.fixture
def demo(db) -> dict:
    """Load the demo (January 2022 approved) and open a February 2022 draft of the Sở TT&TT."""
    data = load_demo()
    data["draft"] = create_report(
        unit=data["units"]["STTTT"],
        template=data["template"],
        period="2022-02",
        by=data["users"]["chuyenvien"],
    )
    data["deposits"] = WorkRegister.objects.get(code="LUU-CHIEU")
    return data


def _totals(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return (page.inner_text("#totals .total-count"), page.inner_text("#totals .total-sum"))


def test_a_reporter_writes_the_register_and_fills_a_draft_from_it(page, demo):
    deposits, draft = demo["deposits"], demo["draft"]
    login(page, "chuyenvien", DEMO_PASSWORD)
    open_menu_entry(page, "Sổ theo dõi")
    page.click(f"text={deposits.name}")
    page.wait_for_url(f"**/so-theo-doi/{deposits.pk}/")
    assert _totals(page) == ("8 mục", "588")
    # January's entries were quoted by the approved report: closed, with the report's link.
    assert page.locator("tr.locked").count() == 5
    assert page.locator("tr.locked a", has_text="Báo cáo Tháng 01/2022").count() == 5

    page.fill("#id_entry_date", "10/02/2022")
    page.select_option("#id_category", "Không kinh doanh")
    page.fill("#id_quantity", "120")
    page.fill("#id_reference", "GP số 05/GP-STTTT")
    page.fill("#id_subject", "Kỷ yếu Hội nghị tổng kết công tác thông tin và truyền thông 2021")
    page.click("#ghi-so button[type=submit]")
    page.wait_for_load_state()
    assert "Đã ghi mục số 5/2022 vào sổ." in page.inner_text(".messages")
    row = page.locator("tr", has_text="Kỷ yếu Hội nghị tổng kết")
    assert "5/2022" in row.inner_text() and "10/02/2022" in row.inner_text()
    assert _totals(page) == ("9 mục", "708")

    page.goto(f"/bao-cao/{draft.pk}/soan/")
    page.click("text=Lấy số liệu từ sổ theo dõi")
    page.wait_for_url(f"**/bao-cao/{draft.pk}/lay-so-lieu-tu-so/")
    table = page.inner_text("table.fill")
    assert "15/01/2022–14/02/2022" in table
    page.screenshot(path=str(SHOTS / "registers-fill.png"), full_page=True)
    page.click("button:has-text('Lấy số liệu vào báo cáo')")
    page.wait_for_url(f"**/bao-cao/{draft.pk}/soan/")
    assert "Đã lấy 3 số liệu từ sổ theo dõi." in page.inner_text(".messages")
    indicators = {i.code: i.pk for i in demo["template"].indicators.all()}
    # 20/01, 03/02 and the new 10/02 publication; 48 + 12 + 120 pages; one complaint (the 24/01 letter is a phản ánh, not counted).
    assert page.input_value(f"#value-{indicators['LUU_CHIEU_TL']}") == "3"
    assert page.input_value(f"#value-{indicators['LUU_CHIEU_TRANG']}") == "180"
    assert page.input_value(f"#value-{indicators['KHIEU_NAI']}") == "1"  # not the phản ánh
    note = page.input_value(f"input[name=note-{indicators['LUU_CHIEU_TRANG']}]")
    assert note.startswith("Theo Sổ theo dõi xuất bản phẩm nộp lưu chiểu: 3 mục")


@pytest.mark.parametrize("width", [1366, 375])
def test_the_register_page_on_a_desktop_and_a_phone(browser, live_server, demo, width):
    height = 768 if width > 1000 else 812
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": width, "height": height},
        base_url=live_server.url,
        is_mobile=width < 1000,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, "chuyenvien", DEMO_PASSWORD)
        page.goto(f"/so-theo-doi/{demo['deposits'].pk}/")
        assert page.locator("table.entries tbody tr").count() == 8
        # Nothing wider than the screen: the table collapses into labelled lines on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width < 640:
            assert not page.locator("table.entries thead").is_visible()
            label = page.evaluate("""() => getComputedStyle(
                document.querySelector('table.entries td[data-label]'), '::before').content""")
            assert label == '"Số TT"'
        page.screenshot(path=str(SHOTS / f"registers-{width}.png"), full_page=True)
    finally:
        context.close()
