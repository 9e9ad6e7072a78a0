"""A document's identity includes its issuer: "01/CT-UBND" of Thái Bình is not Hưng Yên's."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from baocao.domain.workflow import Role
from baocao.legal.models import Citation, CitingProvince, LegalDocument
from baocao.legal.selectors import DocumentFilters, document_issuers, list_documents
from baocao.organizations.models import OrgUnit
from baocao.reports.services import create_report
from tests.api.conftest import api_as
from tests.conftest import PASSWORD, make_user
from tests.search.conftest import write

pytestmark = pytest.mark.django_db

ORDER = "Thực hiện Chỉ thị số 01/CT-UBND ngày 12/01/2022 về tăng cường chuyển đổi số."


@pytest.fixture
def hung_yen(db) -> OrgUnit:
    return OrgUnit.objects.create(
        code="UBND-HY",
        name="Ủy ban nhân dân tỉnh Hưng Yên",
        short_name="UBND tỉnh",
        level="province",
        doc_code="UBND",
        place_name="Hưng Yên",
    )


@pytest.fixture
def hy_unit(hung_yen) -> OrgUnit:
    return OrgUnit.objects.create(
        code="STTTT-HY",
        name="Sở Thông tin và Truyền thông",
        short_name="Sở TT&TT HY",
        level="department",
        parent=hung_yen,
        doc_code="STTTT",
        place_name="Hưng Yên",
    )


@pytest.fixture
def hy_reporter(hy_unit):
    return make_user("chuyenvien.hy", hy_unit, Role.REPORTER)


@pytest.fixture
def hy_report(template, hy_unit, hy_reporter):
    template.assigned_units.add(hy_unit)
    return create_report(unit=hy_unit, template=template, period="2022-01", by=hy_reporter)


def test_the_same_symbol_of_two_provinces_is_two_documents(draft, reporter, hy_report, hy_reporter):
    write(draft, reporter, ORDER)
    write(hy_report, hy_reporter, ORDER)
    docs = LegalDocument.objects.filter(symbol="CT-UBND").order_by("issuer")
    assert [(d.code, d.issuer, d.issuer_key) for d in docs] == [
        ("01/CT-UBND", "UBND tỉnh Hưng Yên", "tinh:hung yen"),
        ("01/CT-UBND", "UBND tỉnh Thái Bình", "tinh:thai binh"),
    ]
    assert Citation.objects.get(report=draft).document.issuer_key == "tinh:thai binh"
    assert Citation.objects.get(report=hy_report).document.issuer_key == "tinh:hung yen"
    # each province's reporter sees only their own province's document
    assert [d.issuer for d in list_documents(user=reporter)] == ["UBND tỉnh Thái Bình"]
    assert [d.issuer for d in list_documents(user=hy_reporter)] == ["UBND tỉnh Hưng Yên"]


def test_a_central_document_is_one_whoever_cites_it(draft, reporter, hy_report, hy_reporter):
    write(draft, reporter, "Triển khai Nghị định 107/2021/NĐ-CP.")
    write(hy_report, hy_reporter, "Triển khai Nghị định số 107/2021/NĐ-CP của Chính phủ.")
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    assert (doc.issuer, doc.issuer_key, doc.citations.count()) == ("Chính phủ", "tw:CP", 2)


def test_a_province_named_in_the_citation_is_the_issuer(draft, reporter, hy_report, hy_reporter):
    write(hy_report, hy_reporter, ORDER)
    write(
        draft,
        reporter,
        "Tham khảo Chỉ thị số 01/CT-UBND ngày 12/01/2022 của UBND tỉnh Hưng Yên về chuyển đổi số.",
    )
    doc = LegalDocument.objects.get(symbol="CT-UBND")
    assert Citation.objects.get(report=draft).document == doc
    assert doc.issuer_key == "tinh:hung yen"


def test_mentions_without_an_issuer_link_to_the_reports_province(
    draft, reporter, hy_report, hy_reporter, template, unit
):
    write(draft, reporter, "Triển khai Kế hoạch số 01/KH-UBND ngày 05/01/2022 của UBND tỉnh.")
    write(hy_report, hy_reporter, "Triển khai Kế hoạch số 01/KH-UBND ngày 06/01/2022.")
    thai_binh = LegalDocument.objects.get(symbol="KH-UBND", issuer_key="tinh:thai binh")
    hung_yen = LegalDocument.objects.get(symbol="KH-UBND", issuer_key="tinh:hung yen")
    later_tb = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    write(
        later_tb,
        reporter,
        "Kết quả thực hiện Kế hoạch số 01/KH-UBND.",
        "Tiếp tục thực hiện Kế hoạch 01.",
    )
    assert {c.document for c in Citation.objects.filter(report=later_tb)} == {thai_binh}
    later_hy = create_report(
        unit=hy_report.unit, template=template, period="2022-02", by=hy_reporter
    )
    write(later_hy, hy_reporter, "Tiếp tục thực hiện Kế hoạch 01.")
    assert Citation.objects.get(report=later_hy).document == hung_yen


def test_a_reports_province_is_kept_when_its_unit_moves_to_another(draft, reporter, unit, hung_yen):
    write(draft, reporter, ORDER)
    unit.parent = hung_yen  # the 2025 reorganisation: Thái Bình is now part of Hưng Yên
    unit.save()
    write(draft, reporter, ORDER, "Đánh giá việc thực hiện Chỉ thị 01/CT-UBND.")
    keys = {c.document.issuer_key for c in Citation.objects.filter(report=draft)}
    assert keys == {"tinh:thai binh"}
    assert LegalDocument.objects.filter(symbol="CT-UBND").count() == 1


def test_the_registry_page_and_api_show_and_filter_by_issuer(client, draft, reporter):
    write(draft, reporter, ORDER, "Triển khai Nghị định 107/2021/NĐ-CP.")
    issuers = document_issuers(reporter)
    assert [(i.key, i.name) for i in issuers] == [
        ("tw:CP", "Chính phủ"),
        ("tinh:thai binh", "UBND tỉnh Thái Bình"),
    ]
    client.login(username=reporter.username, password=PASSWORD)
    page = client.get(reverse("legal-documents"), {"issuer_key": "tinh:thai binh"})
    text = page.content.decode()
    assert "01/CT-UBND" in text and "107/2021/NĐ-CP" not in text
    assert "UBND tỉnh Thái Bình" in text
    assert '<option value="tw:CP">Chính phủ</option>' in text
    body = api_as(reporter).get("/api/legal-documents", issuer_key="tw:CP").json()
    assert [(d["code"], d["issuer"], d["issuer_key"]) for d in body["items"]] == [
        ("107/2021/NĐ-CP", "Chính phủ", "tw:CP")
    ]
    assert list_documents(DocumentFilters(issuer="thai binh"), user=reporter).count() == 1


def test_the_data_migration_splits_a_row_cited_by_two_provinces(
    draft, reporter, hy_report, hy_reporter
):
    write(draft, reporter, ORDER, "Đánh giá việc thực hiện Chỉ thị 01/CT-UBND.")
    write(hy_report, hy_reporter, ORDER, "Triển khai Nghị định 107/2021/NĐ-CP.")
    # the registry as it was before: one row per symbol, no issuer in the key
    hy_doc = LegalDocument.objects.get(symbol="CT-UBND", issuer_key="tinh:hung yen")
    merged = LegalDocument.objects.get(symbol="CT-UBND", issuer_key="tinh:thai binh")
    Citation.objects.filter(document=hy_doc).update(document=merged)
    hy_doc.delete()
    LegalDocument.objects.update(issuer_key="", issuer="")
    LegalDocument.objects.filter(pk=merged.pk).update(key="chi thi|1|2022|CT-UBND")
    CitingProvince.objects.all().delete()

    migration = importlib.import_module("baocao.legal.migrations.0003_split_documents_by_issuer")
    migration.split_by_issuer(apps, None)

    docs = {d.issuer_key: d for d in LegalDocument.objects.filter(symbol="CT-UBND")}
    assert set(docs) == {"tinh:thai binh", "tinh:hung yen"}
    assert docs["tinh:thai binh"].pk == merged.pk
    assert {c.report_id for c in docs["tinh:thai binh"].citations.all()} == {draft.pk}
    assert docs["tinh:thai binh"].citations.count() == 2  # the short mention follows
    assert [c.report_id for c in docs["tinh:hung yen"].citations.all()] == [hy_report.pk]
    assert docs["tinh:hung yen"].issuer == "UBND tỉnh Hưng Yên"
    assert docs["tinh:hung yen"].title.startswith("về tăng cường chuyển đổi số")
    assert LegalDocument.objects.get(symbol="NĐ-CP").issuer_key == "tw:CP"
    assert CitingProvince.objects.get(report=hy_report).name == "Hưng Yên"
    # the service finds the migrated rows again instead of making new ones
    write(draft, reporter, ORDER)
    assert LegalDocument.objects.filter(symbol="CT-UBND").count() == 2
