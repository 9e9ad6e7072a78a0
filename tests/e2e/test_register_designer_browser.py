"""An administrator designs the complaints register from its preset, adds a column and binds
KHIEU_NAI to complaints and denunciations; a reporter records letters of each kind; the
report's "Lấy số liệu từ sổ" counts only the complaints and denunciations."""

from __future__ import annotations

from pathlib import Path

import pytest

from baocao.demo.load import DEMO_PASSWORD, load_demo
from baocao.registers.models import RegisterBinding, WorkRegister
from baocao.reports.services import create_report
from tests.e2e.conftest import login

SHOTS = Path("/tmp/shots/h14registers")


@pytest.fixture
def demo(db) -> dict:
    """The demo, its own complaints register set aside (renamed, unbound), a February draft."""
    data = load_demo()
    WorkRegister.objects.filter(code="DON-THU").update(code="DON-THU-CU")
    RegisterBinding.objects.filter(register__code="DON-THU-CU").delete()
    data["draft"] = create_report(
        unit=data["units"]["STTTT"],
        template=data["template"],
        period="2022-02",
        by=data["users"]["chuyenvien"],
    )
    return data


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_the_complaints_register_designed_then_counted_by_kind(page, demo):
    indicator = demo["template"].indicators.get(code="KHIEU_NAI")
    login(page, "quantri", DEMO_PASSWORD)
    page.goto("/so-theo-doi/")
    page.click("text=Tạo sổ theo dõi")
    page.wait_for_url("**/so-theo-doi/tao/")
    _shots(page, "register-new")
    page.click("button[name=preset][value=DON-THU]")
    page.wait_for_url("**/thiet-ke/")
    register = WorkRegister.objects.get(code="DON-THU")
    assert "Đã tạo sổ" in page.inner_text(".messages")
    page.fill("#c-label", "Hạn giải quyết")
    page.fill("#c-code", "han_giai_quyet")
    page.select_option("#c-type", "date")
    page.click("#them-cot button[type=submit]")
    page.wait_for_load_state()
    assert "Hạn giải quyết" in page.inner_text("table.design-columns")
    page.select_option("#b-indicator", str(indicator.pk))
    page.check("#gan-chi-tieu input[name=categories][value='Khiếu nại']")
    page.check("#gan-chi-tieu input[name=categories][value='Tố cáo']")
    page.click("#gan-chi-tieu button[type=submit]")
    page.wait_for_load_state()
    assert "Khiếu nại, Tố cáo" in page.inner_text("ul.design-bindings")
    _shots(page, "register-design")

    page.context.clear_cookies()
    login(page, "chuyenvien", DEMO_PASSWORD)
    page.goto(f"/so-theo-doi/{register.pk}/")
    for day, kind in (
        ("03/02/2022", "Khiếu nại"),
        ("04/02/2022", "Tố cáo"),
        ("05/02/2022", "Kiến nghị, phản ánh"),
    ):
        page.fill("#id_entry_date", day)
        page.select_option("#id_category", kind)
        page.fill("#id_subject", f"Đơn {kind.lower()} của công dân")
        page.select_option("#id_col_tham_quyen", "Thuộc thẩm quyền")
        page.fill("#id_col_han_giai_quyet", "28/02/2022")
        page.click("#ghi-so button[type=submit]")
        page.wait_for_load_state()
        assert "vào sổ" in page.inner_text(".messages")
    assert page.locator("table.entries tbody tr").count() == 3
    _shots(page, "register-entries")

    draft = demo["draft"]
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    page.click("text=Lấy số liệu từ sổ theo dõi")
    page.wait_for_url(f"**/bao-cao/{draft.pk}/lay-so-lieu-tu-so/")
    page.click("button:has-text('Lấy số liệu vào báo cáo')")
    page.wait_for_url(f"**/bao-cao/{draft.pk}/soan/")
    assert page.input_value(f"#value-{indicator.pk}") == "2"
