"""Search and the legal-document registry through the API, with the web's visibility."""

from __future__ import annotations

from baocao.reports.services import save_draft
from tests.api.conftest import api_as, assert_error


def test_search_finds_own_drafts_without_diacritics(draft, reporter) -> None:
    body = api_as(reporter).get("/api/search", q="chuyen doi so").json()
    assert body["count"] >= 1
    assert body["items"][0]["report_id"] == draft.pk
    assert "Chuyển đổi số" in body["items"][0]["snippet"]


def test_search_hides_another_units_drafts(draft, outsider, viewer) -> None:
    assert api_as(outsider).get("/api/search", q="chuyen doi so").json()["count"] == 0
    assert api_as(viewer).get("/api/search", q="chuyen doi so").json()["count"] == 0
    assert_error(api_as(outsider).get("/api/search", q="x", unit="STTTT"), 404)


def test_search_needs_a_query(draft, reporter) -> None:
    assert_error(api_as(reporter).get("/api/search"), 422, "validation_error")


def test_legal_documents_cited_by_visible_reports_only(draft, reporter, outsider) -> None:
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        intro=("Thực hiện Quyết định số 37/2021/QĐ-TTg ngày 18/12/2021 của Thủ tướng Chính phủ."),
    )
    own = api_as(reporter).get("/api/legal-documents").json()
    theirs = api_as(outsider).get("/api/legal-documents").json()
    assert theirs["count"] == 0
    if own["count"]:  # cited documents are linked when the legal app indexes the intro
        doc = own["items"][0]
        assert api_as(reporter).get(f"/api/legal-documents/{doc['id']}").status_code == 200
        assert_error(api_as(outsider).get(f"/api/legal-documents/{doc['id']}"), 404)
