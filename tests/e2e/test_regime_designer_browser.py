"""The regime designer in Chromium: an administrator designs a regime for the Sở Y tế, a
reporter of one of its units fills the new report, and the document prints."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from baocao.catalog.models import ReportTemplate
from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import SHOTS, login, shot

INDICATORS = [
    # name, code, unit, type, min, max, section, disaggregated
    ("Lượt khám bệnh", "LUOT_KHAM", "lượt", "integer", "", "", "KCB", True),
    ("Tỷ lệ tiêm chủng đầy đủ", "TIEM_CHUNG", "%", "percent", "0", "100", "YTDP", False),
    ("Số ca sốt xuất huyết", "SXH", "ca", "integer", "", "", "YTDP", False),
    ("Số giường bệnh", "GIUONG", "giường", "integer", "", "", "KCB", False),
    ("Số cơ sở được thanh tra", "THANH_TRA", "cơ sở", "integer", "", "", "", False),
]


@pytest.fixture
def health(province) -> tuple[OrgUnit, list[OrgUnit]]:
    """Return the Sở Y tế and four units below it."""
    health = OrgUnit.objects.create(
        code="SYT",
        name="Sở Y tế",
        level="department",
        parent=province,
        doc_code="SYT",
        governing_body="UBND TỈNH THÁI BÌNH",
        place_name="Thái Bình",
    )
    units = [
        OrgUnit.objects.create(
            code=f"TTYT{i}",
            name=f"Trung tâm Y tế khu vực {i}",
            level="division",
            parent=health,
            doc_code=f"TTYT{i}",
            place_name="Thái Bình",
        )
        for i in (1, 2, 3, 4)
    ]
    return health, units


def _shots(page, name: str) -> None:
    """Screenshot the page at 1366 and 375 px, and fail on a serious axe-core finding."""
    from tests.e2e.test_accessibility import DUPLICATE_IDS, FAILING, axe_check, describe

    assert page.evaluate(DUPLICATE_IDS) == [], f"{name}: duplicate ids"
    failing = [v for v in axe_check(page)["violations"] if v["impact"] in FAILING]
    assert not failing, f"{name}:\n{describe(failing)}"
    shot(page, f"{name}-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, f"{name}-375")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_an_administrator_designs_a_regime_and_a_reporter_fills_it(page, health, province):
    _health, units = health
    page.set_default_timeout(60000)  # the PDF previews take a while on a busy machine
    make_user("quantri.tinh", province, Role.ADMINISTRATOR, first_name="An", last_name="Phạm Văn")
    make_user("cv.ttyt1", units[0], Role.REPORTER, first_name="Hoa", last_name="Đỗ Thị")
    login(page, "quantri.tinh", PASSWORD)

    # the disaggregation by gender
    page.goto("/che-do/phan-to/")
    page.fill("#id_name", "Giới tính")
    page.fill("#id_code", "GIOI_TINH")
    page.fill("#id_options", "NAM: Nam\nNU: Nữ")
    page.click("button:has-text('Lưu phân tổ')")
    assert "Đã lưu phân tổ Giới tính" in page.inner_text("main")
    _shots(page, "regime-disaggregations")

    # the general fields, the deadline by form fields, with the next due dates
    page.goto("/")
    page.click("summary:has-text('Khác')")
    page.click("a:has-text('Danh mục')")
    page.click("a:has-text('Tạo chế độ báo cáo')")
    page.fill("#id_code", "SYT-THANG")
    page.select_option("#id_owner_unit", label="Sở Y tế")
    page.fill("#id_name", "Báo cáo tháng ngành Y tế")
    page.fill("#id_description", "Kết quả khám chữa bệnh, y tế dự phòng, thanh tra y tế.")
    page.fill("#id_issuer", "UBND tỉnh Thái Bình")
    page.fill("#id_legal_basis", "Nghị định 09/2019/NĐ-CP")
    page.check(f"input[name=receiving_units][value='{province.pk}']")
    page.check("input[name=deadline_kind][value=working_days_after_cutoff]")
    page.fill("#id_deadline_working_days", "5")
    page.fill("#id_title_format", "Kết quả công tác y tế {period}")
    page.click("button:has-text('Xem trước hạn nộp')")
    preview = page.inner_text(".due-preview")
    assert "05 ngày làm việc sau ngày chốt số liệu" in preview
    assert preview.count("/20") >= 4  # four coming periods with their dates
    _shots(page, "regime-form")
    page.click("button:has-text('Tạo chế độ báo cáo')")
    assert "Đã tạo chế độ báo cáo" in page.inner_text("main")
    regime = ReportTemplate.objects.get(code="SYT-THANG")

    # three sections of the outline
    for title, code, kind in (
        ("Khám bệnh, chữa bệnh", "KCB", "results"),
        ("Y tế dự phòng", "YTDP", "results"),
        ("Nhiệm vụ trọng tâm tháng tới", "NVTT", "plan"),
    ):
        page.fill("#id_s_title", title)
        page.fill("#id_s_code", code)
        page.select_option("#id_s_kind", kind)
        page.click("button:has-text('+ Thêm lĩnh vực')")
        assert f"Đã lưu lĩnh vực {title}" in page.inner_text("main")
    sections = {s.code: s.pk for s in regime.sections.all()}

    # five indicators: one disaggregated by gender, one with bounds
    for name, code, unit, kind, low, high, section, split in INDICATORS:
        page.click("a:has-text('+ Thêm chỉ tiêu')")
        page.fill("#id_name", name)
        page.fill("#id_code", code)
        page.fill("#id_unit", unit)
        page.select_option("#id_value_type", kind)
        page.fill("#id_min_value", low)
        page.fill("#id_max_value", high)
        if section:
            page.select_option("#id_section_id", str(sections[section]))
        if split:
            page.select_option("#id_disaggregation_id", label="Giới tính: Nam, Nữ")
        page.click("button:has-text('Lưu chỉ tiêu')")
        assert f"Đã lưu chỉ tiêu {name}" in page.inner_text("main")
    assert regime.indicators.filter(parent__isnull=True).count() == 5
    assert list(regime.indicators.get(code="LUOT_KHAM").parts.values_list("code", flat=True)) == [
        "LUOT_KHAM.NAM",
        "LUOT_KHAM.NU",
    ]

    # three of the four units must report
    page.click("a:has-text('Giao đơn vị báo cáo')")
    page.check("input[name=mode][value=list]")
    for unit in units[:3]:
        page.check(f"input[name=units][value='{unit.pk}']")
    _shots(page, "regime-assign")
    page.click("button:has-text('Lưu đơn vị báo cáo')")
    assert "Đã giao chế độ báo cáo cho 3 đơn vị" in page.inner_text("main")
    _shots(page, "regime-detail")

    # the preview: the reporter's editor, read-only, and the printed empty report
    page.click("a:has-text('Xem trước')")
    text = page.inner_text("main")
    assert "Lượt khám bệnh" in text and "Nữ" in text and "Y tế dự phòng" in text
    assert page.input_value("#pv_title").startswith("Kết quả công tác y tế tháng ")
    _shots(page, "regime-preview")
    pdf = page.request.get(f"/che-do/{regime.pk}/xem-truoc.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "regime-preview.pdf").write_bytes(pdf.body())  # for a person to look at
    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Lượt khám bệnh" in printed and "Khám bệnh, chữa bệnh".upper() in printed.upper()
    page.goto("/che-do/")
    _shots(page, "regime-list")
    page.goto("/che-do/nhap/")
    _shots(page, "regime-import")
    page.goto("/danh-muc-che-do/")
    assert "Báo cáo tháng ngành Y tế" in page.inner_text("main")
    _shots(page, "regime-catalogue")

    # the reporter of a chosen unit opens the new report and fills it
    page.context.clear_cookies()
    login(page, "cv.ttyt1", PASSWORD)
    page.goto("/bao-cao/")
    slot = page.locator("ul.slots li", has_text="Báo cáo tháng ngành Y tế").first
    slot.locator("button:has-text('Lập báo cáo')").click()
    page.wait_for_url("**/soan/")
    report = regime.reports.get(unit=units[0])
    # the parts of the disaggregated indicator sit under their total
    assert page.locator("table.numbers tr.part").count() == 2
    page.fill(f"#section-{sections['KCB']} textarea", "Khám bệnh cho 1.250 lượt người.")
    values = {
        "LUOT_KHAM": "1.250",
        "LUOT_KHAM.NAM": "600",
        "LUOT_KHAM.NU": "650",
        "TIEM_CHUNG": "97,5",
        "SXH": "3",
        "GIUONG": "120",
        "THANH_TRA": "4",
    }
    for code, value in values.items():
        page.fill(f"#value-{regime.indicators.get(code=code).pk}", value)
    _shots(page, "regime-editor")
    page.click(".actions button.btn-primary:has-text('Lưu')")
    # saved by the button's post or by the editor's autosave, whichever runs first
    page.wait_for_selector("text=Đã lưu", timeout=60000)
    page.wait_for_load_state()
    saved = {v.indicator.code: v.value for v in report.values.select_related("indicator")}
    assert saved["LUOT_KHAM.NU"] == 650 and str(saved["TIEM_CHUNG"]) == "97.5000"
    pdf = page.request.get(f"/bao-cao/{report.pk}/tai-ve.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    for name, *_rest in INDICATORS:
        assert name in printed, name
    assert "Lượt khám bệnh - Nữ" in printed
