"""The registry of cited legal documents: linking, short mentions, pages and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from baocao.legal.models import Citation, LegalDocument
from baocao.legal.selectors import DocumentFilters, document_citations, list_documents
from baocao.reports.services import approve_report, create_report, submit_report
from tests.conftest import PASSWORD
from tests.search.conftest import write

pytestmark = pytest.mark.django_db

DECREE = (
    "Triển khai Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ về "
    "thực hiện thủ tục hành chính trên môi trường điện tử."
)


@pytest.fixture
def cited(draft, reporter):
    """Return the unit's draft citing a decree in full, then by a short mention."""
    return write(
        draft,
        reporter,
        DECREE,
        "Các đơn vị báo cáo kết quả thực hiện Nghị định 107 trước ngày 20.",
        "Thực hiện Chỉ thị 01/CT-UBND và Công văn số 7722/VPCP-KSTT.",
    )


def test_a_full_citation_creates_a_registry_document_with_its_details(cited):
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    assert (doc.doc_type, doc.number, doc.year, doc.code) == (
        "Nghị định",
        "107",
        2021,
        "107/2021/NĐ-CP",
    )
    assert doc.issued_on == dt.date(2021, 12, 6)
    assert doc.issuer == "Chính phủ"
    assert doc.title.startswith("về thực hiện thủ tục hành chính")


def test_a_later_short_mention_links_to_the_same_document(cited):
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    citations = list(Citation.objects.filter(document=doc).order_by("item__order"))
    assert [c.is_short for c in citations] == [False, True]
    assert citations[1].text == "Nghị định 107"


def test_administrative_documents_and_letters_are_registered(cited):
    codes = set(LegalDocument.objects.values_list("code", flat=True))
    assert {"107/2021/NĐ-CP", "01/CT-UBND", "7722/VPCP-KSTT"} <= codes


def test_the_same_document_cited_by_two_reports_is_one_entry(cited, template, unit, reporter):
    report = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    write(report, reporter, "Tiếp tục thực hiện Nghị định 107/2021/NĐ-CP.")
    assert LegalDocument.objects.filter(symbol="NĐ-CP").count() == 1
    assert Citation.objects.filter(document__symbol="NĐ-CP").count() == 3


def test_a_short_mention_in_another_report_links_to_the_only_such_document(
    cited, template, unit, reporter
):
    report = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    write(report, reporter, "Rà soát việc thực hiện Nghị định số 107.")
    citation = Citation.objects.get(report=report)
    assert citation.is_short and citation.document.code == "107/2021/NĐ-CP"


def test_removing_the_text_removes_the_citation(cited, reporter):
    write(cited, reporter, "Không còn viện dẫn.")
    assert not Citation.objects.filter(report=cited).exists()


def test_outsiders_do_not_see_documents_only_cited_in_another_units_draft(
    cited, outsider, reporter, viewer
):
    assert list_documents(user=outsider).count() == 0
    assert list_documents(user=viewer).count() == 0
    assert list_documents(user=reporter).count() == 3
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    assert document_citations(outsider, doc) == []
    assert len(document_citations(reporter, doc)) == 2


def test_filters_by_type_issuer_and_year(cited, reporter):
    assert [d.code for d in list_documents(DocumentFilters(doc_type="Chỉ thị"), user=reporter)] == [
        "01/CT-UBND"
    ]
    assert [d.code for d in list_documents(DocumentFilters(year=2021), user=reporter)] == [
        "107/2021/NĐ-CP"
    ]
    assert {d.code for d in list_documents(DocumentFilters(issuer="chinh phu"), user=reporter)} == {
        "107/2021/NĐ-CP",
        "7722/VPCP-KSTT",
    }
    assert [d.code for d in list_documents(DocumentFilters(issuer_key="tw:CP"), user=reporter)] == [
        "107/2021/NĐ-CP"
    ]


def test_reindex_rebuilds_citations_and_search_entries(cited, reporter):
    from baocao.search.models import SearchEntry
    from baocao.search.selectors import search

    Citation.objects.all().delete()
    SearchEntry.objects.all().delete()
    call_command("reindex", verbosity=0)
    assert Citation.objects.filter(report=cited).count() == 4
    assert search(reporter, "nghi dinh 107").total == 2


def test_the_registry_page_lists_visible_documents(client, cited, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    response = client.get(reverse("legal-documents"), {"type": "Nghị định"})
    assert response.status_code == 200
    assert "107/2021/NĐ-CP" in response.content.decode()
    assert "01/CT-UBND" not in response.content.decode()


def test_the_document_page_lists_citing_items_and_is_404_to_the_outsider(
    client, cited, reporter, outsider
):
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    client.login(username=reporter.username, password=PASSWORD)
    page = client.get(reverse("legal-document", args=[doc.pk])).content.decode()
    assert "thủ tục hành chính trên môi trường điện tử" in page
    assert "Các đơn vị báo cáo kết quả thực hiện Nghị định 107" in page
    client.logout()
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(reverse("legal-document", args=[doc.pk])).status_code == 404
    assert client.get(reverse("legal-document", args=[999999])).status_code == 404


def test_a_viewer_sees_the_document_once_the_report_is_approved(
    client, cited, reporter, approver, viewer
):
    submit_report(cited, by=reporter)
    approve_report(cited, by=approver)
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    client.login(username=viewer.username, password=PASSWORD)
    assert client.get(reverse("legal-document", args=[doc.pk])).status_code == 200


def test_the_report_page_links_its_citations(client, cited, reporter):
    doc = LegalDocument.objects.get(symbol="NĐ-CP")
    client.login(username=reporter.username, password=PASSWORD)
    page = client.get(reverse("report-detail", args=[cited.pk])).content.decode()
    assert reverse("legal-document", args=[doc.pk]) in page
    assert "Văn bản được viện dẫn" in page


def test_anonymous_users_are_sent_to_sign_in(client):
    assert client.get(reverse("legal-documents")).status_code == 302


def test_a_year_taken_from_the_date_is_kept_but_not_printed_in_the_symbol(draft, reporter):
    write(
        draft,
        reporter,
        "Thực hiện Chỉ thị số 01/CT-UBND ngày 12/01/2022 của UBND tỉnh.",
        "Báo cáo kết quả thực hiện Chỉ thị 01/CT-UBND.",
    )
    doc = LegalDocument.objects.get(symbol="CT-UBND")
    assert (doc.code, doc.year, doc.issued_on) == ("01/CT-UBND", 2022, dt.date(2022, 1, 12))
    assert Citation.objects.filter(document=doc).count() == 2
