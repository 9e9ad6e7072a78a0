"""The regime designer's pages: an administrator designs a regime; others get 404."""

from __future__ import annotations

import pytest

from baocao.catalog.models import ReportTemplate
from baocao.catalog.services.disaggregations import parse_options, save_disaggregation
from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from tests.conftest import client_for, make_user


@pytest.fixture
def health(province) -> OrgUnit:
    """Return the Sở Y tế with two units below it."""
    health = OrgUnit.objects.create(code="SYT", name="Sở Y tế", level="department", parent=province)
    for i in (1, 2):
        OrgUnit.objects.create(
            code=f"TTYT{i}", name=f"Trung tâm Y tế {i}", level="division", parent=health
        )
    return health


@pytest.fixture
def admin(health):
    """Return the Sở Y tế's administrator."""
    return make_user("quantri.syt", health, Role.ADMINISTRATOR)


GENERAL = {
    "code": "SYT-THANG",
    "name": "Báo cáo tháng ngành Y tế",
    "period_kind": "month",
    "cutoff_start_day": "15",
    "deadline_kind": "working_days_after_cutoff",
    "deadline_working_days": "3",
    "deadline_day": "20",
    "deadline_month_offset": "0",
    "title_format": "Kết quả công tác y tế {period}",
    "doc_type_code": "BC",
    "delivery_methods": ["system", "esigned"],
    "legal_basis": "Nghị định 09/2019/NĐ-CP",
    "is_active": ["0", "1"],
    "action": "save",
}


def test_an_administrator_designs_a_regime_in_the_pages(admin, health, province):
    client = client_for(admin)
    assert client.get("/che-do/").status_code == 200
    page = client.post("/che-do/moi/", {**GENERAL, "action": "preview", "owner_unit": health.pk})
    text = page.content.decode()
    assert page.status_code == 200 and "03 ngày làm việc sau ngày chốt số liệu" in text
    assert not ReportTemplate.objects.exists()
    page = client.post(
        "/che-do/moi/", {**GENERAL, "owner_unit": health.pk, "receiving_units": [province.pk]}
    )
    regime = ReportTemplate.objects.get(code="SYT-THANG")
    assert page.status_code == 302 and page["Location"] == f"/che-do/{regime.pk}/"
    assert list(regime.receiving_units.all()) == [province]
    assert regime.deadline.value == 3 and regime.is_active
    client.post(f"/che-do/{regime.pk}/linh-vuc/moi/", {"code": "KCB", "title": "Khám chữa bệnh"})
    section = regime.sections.get()
    gender = save_disaggregation(
        by=admin, code="GT", name="Giới tính", options=parse_options("NAM: Nam\nNU: Nữ")
    )
    page = client.post(
        f"/che-do/{regime.pk}/chi-tieu/moi/",
        {
            "code": "LUOT_KHAM",
            "name": "Lượt khám bệnh",
            "unit": "lượt",
            "value_type": "integer",
            "aggregation": "sum",
            "min_value": "0",
            "max_value": "1.000.000",
            "section_id": section.pk,
            "disaggregation_id": gender.pk,
        },
    )
    assert page.status_code == 302
    total = regime.indicators.get(code="LUOT_KHAM")
    assert total.max_value == 1000000 and total.parts.count() == 2
    page = client.post(
        f"/che-do/{regime.pk}/giao/", {"mode": "subtree", "root": health.pk, "units": []}
    )
    assert page.status_code == 302 and regime.assigned_units.count() == 2
    detail = client.get(f"/che-do/{regime.pk}/").content.decode()
    assert "Lượt khám bệnh" in detail and "Nữ" in detail and "Trung tâm Y tế 2" in detail
    preview = client.get(f"/che-do/{regime.pk}/xem-truoc/").content.decode()
    assert "Lượt khám bệnh" in preview and "Khám chữa bệnh" in preview
    pdf = client.get(f"/che-do/{regime.pk}/xem-truoc.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/che-do/{regime.pk}/xem-truoc.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    from baocao.reports.models import Report

    assert not Report.objects.exists()  # the preview's empty report was rolled back


def test_bad_input_is_shown_on_the_form_in_vietnamese(admin, health):
    client = client_for(admin)
    page = client.post(
        "/che-do/moi/",
        {
            **GENERAL,
            "code": "sai mã!",
            "name": "",
            "owner_unit": health.pk,
            "deadline_kind": "day_of_month",
            "deadline_day": "40",
        },
    )
    text = page.content.decode()
    assert page.status_code == 422
    assert "Ngày trong tháng phải từ 1 đến 31." in text
    assert not ReportTemplate.objects.exists()


def test_others_get_not_found(admin, health, reporter, unit, template):
    client = client_for(admin)
    client.post("/che-do/moi/", {**GENERAL, "owner_unit": health.pk})
    regime = ReportTemplate.objects.get(code="SYT-THANG")
    assert client_for(reporter).get(f"/che-do/{regime.pk}/").status_code == 404
    assert client_for(reporter).get("/che-do/").status_code == 404
    other_admin = make_user("quantri.stttt", unit, Role.ADMINISTRATOR)
    assert client_for(other_admin).get(f"/che-do/{regime.pk}/").status_code == 404
    # a section of another regime is refused with a message
    page = client.post(
        f"/che-do/{regime.pk}/chi-tieu/moi/",
        {
            "code": "A",
            "name": "A",
            "value_type": "integer",
            "aggregation": "sum",
            "section_id": template.sections.first().pk,
        },
    )
    assert page.status_code == 422
    assert "Lĩnh vực đã chọn không thuộc chế độ báo cáo này." in page.content.decode()


def test_export_import_with_preview_and_the_catalogue(admin, health, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(admin)
    client.post("/che-do/moi/", {**GENERAL, "owner_unit": health.pk})
    regime = ReportTemplate.objects.get(code="SYT-THANG")
    client.post(f"/che-do/{regime.pk}/linh-vuc/moi/", {"code": "KCB", "title": "Khám chữa bệnh"})
    xlsx = client.get(f"/che-do/{regime.pk}/tai.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    exported = client.get(f"/che-do/{regime.pk}/tai.json").content
    changed = exported.replace("Khám chữa bệnh".encode(), "Khám, chữa bệnh".encode())
    upload = SimpleUploadedFile("che-do.json", changed, content_type="application/json")
    page = client.post("/che-do/nhap/", {"file": upload, "owner": health.pk})
    text = page.content.decode()
    assert page.status_code == 200 and "Lĩnh vực sửa" in text and "KCB" in text
    assert regime.sections.get().title == "Khám chữa bệnh"  # nothing written by the preview
    data = page.context["data"]
    page = client.post("/che-do/nhap/", {"confirm": "1", "data": data, "owner": health.pk})
    assert page.status_code == 302
    assert regime.sections.get().title == "Khám, chữa bệnh"
    bad = SimpleUploadedFile("x.json", b"{", content_type="application/json")
    page = client.post("/che-do/nhap/", {"file": bad})
    assert page.status_code == 422 and "Tệp không phải JSON UTF-8 hợp lệ." in page.content.decode()
    # everyone signed in reads the catalogue, filtered by frequency and legal basis
    document = regime.legal_basis.get()
    page = client_for(reporter).get(f"/danh-muc-che-do/?tan_suat=month&van_ban={document.pk}")
    assert "Báo cáo tháng ngành Y tế" in page.content.decode()
    page = client_for(reporter).get("/danh-muc-che-do/?tan_suat=year")
    assert "Báo cáo tháng ngành Y tế" not in page.content.decode()
    assert client_for(reporter).get(f"/che-do/{regime.pk}/tai.json").status_code == 404


def test_the_catalogue_lists_a_regime_without_issuer_nor_owner_unit(template, reporter):
    """A regime made before the designer (no issuer, no owner unit) shows a dash, not a 500."""
    page = client_for(reporter).get("/danh-muc-che-do/")
    assert page.status_code == 200
    assert "Báo cáo tháng Sở TT&amp;TT" in page.content.decode()


def test_the_admin_offers_only_the_regimes_own_sections(template, db):
    from django.contrib.auth import get_user_model

    from baocao.catalog.admin import IndicatorAdminForm
    from tests.conftest import PASSWORD

    root = get_user_model().objects.create_superuser("goc", "goc@example.vn", PASSWORD)
    client = client_for(root)
    other = ReportTemplate.objects.create(code="KHAC", name="Chế độ khác")
    page = client.get("/admin/catalog/reporttemplate/add/").content.decode()
    assert "Về Công nghệ thông tin" not in page  # a new regime has no sections to offer
    page = client.get(f"/admin/catalog/reporttemplate/{other.pk}/change/").content.decode()
    assert "Về Công nghệ thông tin" not in page
    foreign = template.sections.first()
    form = IndicatorAdminForm(
        data={
            "template": other.pk,
            "section": foreign.pk,
            "code": "A",
            "name": "A",
            "value_type": "integer",
            "aggregation": "sum",
            "order": 0,
        }
    )
    assert not form.is_valid() and "section" in form.errors


def test_the_legal_basis_opens_in_the_registry_for_everyone_signed_in(admin, health, reporter):
    client_for(admin).post("/che-do/moi/", {**GENERAL, "owner_unit": health.pk})
    document = ReportTemplate.objects.get(code="SYT-THANG").legal_basis.get()
    page = client_for(reporter).get(f"/van-ban/{document.pk}/")
    assert page.status_code == 200
    assert "Báo cáo tháng ngành Y tế" in page.content.decode()


def test_an_open_bound_reads_as_an_ellipsis(admin, health):
    """A bound left open was printed empty ("0 – ") on the regime's page and its preview:
    floatformat turned the "…" into nothing."""
    from decimal import Decimal

    from baocao.catalog.services.regimes import (
        IndicatorInput,
        RegimeInput,
        create_regime,
        save_indicator,
    )

    regime = create_regime(
        RegimeInput(code="SYT-THANG", name="Báo cáo tháng ngành Y tế", owner_unit=health), by=admin
    )
    save_indicator(
        regime, IndicatorInput(code="LUOT", name="Lượt khám", min_value=Decimal("0")), by=admin
    )
    save_indicator(
        regime,
        IndicatorInput(code="TY_LE", name="Tỷ lệ", max_value=Decimal("100.5")),
        by=admin,
    )
    client = client_for(admin)
    for url in (f"/che-do/{regime.pk}/", f"/che-do/{regime.pk}/xem-truoc/"):
        text = client.get(url).content.decode()
        assert "0 – …" in text and "… – 100,5" in text, url
