"""Browser test of lineage: an administrator reads a unit's timeline; the merged province's
leader pivots with lineage and finds the 2022 figures of the Sở TT&TT Thái Bình under its
successors (IT under the Sở KH&CN Hưng Yên, press under the Sở VH-TT-DL Hưng Yên)."""

from __future__ import annotations

import pytest

from baocao.demo.load import DEMO_PASSWORD, load_demo
from baocao.organizations.models import OrgUnit
from tests.e2e.conftest import login, shot


@pytest.fixture
def demo(transactional_db):
    """Load the demo (Thái Bình, its 2025 reorganisation, the January 2022 report)."""
    return load_demo()


def test_an_administrator_reads_the_lineage_timeline(page, demo):
    login(page, "quantri", DEMO_PASSWORD)
    sttt = OrgUnit.objects.get(code="STTTT")
    page.goto(f"/admin/organizations/orgunit/{sttt.pk}/lich-su/")
    text = page.inner_text("#content")
    assert "Ngừng hoạt động từ 01/03/2025" in text
    assert "Chia tách" in text and "Sở Văn hóa, Thể thao và Du lịch" in text
    assert "Báo chí, xuất bản" in text
    shot(page, "lineage-timeline-stttt")
    page.click("text=Sở Khoa học và Công nghệ (SKHCN)")
    text = page.inner_text("#content")
    assert "Tiếp nhận Sở Thông tin và Truyền thông" in text and "01/07/2025" in text
    shot(page, "lineage-timeline-skhcn")


def test_the_merged_provinces_leader_pivots_with_lineage(page, demo):
    login(page, "lanhdao.hy", DEMO_PASSWORD)
    page.goto("/phan-tich/")
    page.select_option("#f-from", "2022-01")
    page.select_option("#f-to", "2022-03")
    for code in ("BAO_CHI_TW", "BAI_TOAN_CDS", "LUU_CHIEU_TRANG"):
        indicator = demo["template"].indicators.get(code=code)
        page.check(f"input[name=indicator][value='{indicator.pk}']")
    page.click("#pivot-form button[type=submit]")
    page.wait_for_selector("#pivot-table")
    assert "773" not in page.inner_text("#pivot-table")  # without lineage: nothing of 2022
    page.check("#f-lineage")
    page.click("#pivot-form button[type=submit]")
    page.wait_for_selector("#pivot-table td.carried")
    rows = {}
    for row in page.query_selector_all("#pivot-table tbody tr"):
        head = row.query_selector("th").inner_text().strip()
        cells = [c.inner_text().strip() for c in row.query_selector_all("td")]
        rows[(head, cells[0].split(" (")[0])] = cells[1]
    assert rows[("Sở KH&CN", "Bài toán chuyển đổi số được đề xuất")].startswith("4")
    assert rows[("Sở KH&CN", "Tin, bài của báo chí Trung ương về tỉnh")] == "—"
    assert rows[("Sở VH-TT-DL", "Tin, bài của báo chí Trung ương về tỉnh")].startswith("773")
    assert rows[("Sở VH-TT-DL", "Số trang xuất bản phẩm lưu chiểu")].startswith("492")
    assert rows[("UBND tỉnh Hưng Yên", "Tin, bài của báo chí Trung ương về tỉnh")].startswith("773")
    page.wait_for_function("document.documentElement.dataset.chartsReady === '1'")
    shot(page, "lineage-pivot-hung-yen")
    page.fill("#f-as-of", "2022-01-31")
    page.click("#pivot-form button[type=submit]")
    page.wait_for_selector("#pivot-table")
    table = page.inner_text("#pivot-table")  # Hưng Yên's tree in 2022, before any merger
    assert "Phường Thái Bình" not in table and "773" not in table
    assert page.query_selector("#pivot-table td.carried") is None
