"""Messages built in Python follow the language: Vietnamese by default, English when chosen.

Pages take the language from the switch (cookie); the API from Accept-Language.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from baocao.core.security import Verdict
from tests.analytics.conftest import file_report
from tests.api.conftest import api_as, assert_error
from tests.conftest import client_for as signed_in

pytestmark = pytest.mark.django_db


def _duplicate(client: Client, unit, template) -> str:
    response = client.post(
        "/bao-cao/tao/",
        {"unit": unit.pk, "template": template.pk, "period": "2022-01"},
        follow=True,
    )
    return response.content.decode()


def test_a_service_error_flashed_on_a_page_follows_the_switch(draft, template, unit, reporter):
    assert "Đơn vị đã có báo cáo Tháng 01/2022." in _duplicate(signed_in(reporter), unit, template)
    english = _duplicate(signed_in(reporter, "en"), unit, template)
    assert "The unit already has a report for January 2022." in english
    assert "Đơn vị đã có báo cáo" not in english


def test_status_labels_follow_the_switch(draft, reporter):
    vietnamese = signed_in(reporter).get("/bao-cao/").content.decode()
    assert ">Nháp</span>" in vietnamese and ">Quá hạn</span>" in vietnamese
    english = signed_in(reporter, "en").get("/bao-cao/").content.decode()
    assert ">Draft</span>" in english and ">Overdue</span>" in english
    assert ">Nháp</span>" not in english


@pytest.fixture
def approved_jan(template, unit, reporter, approver):
    return file_report(
        template, unit, "2022-01", reporter=reporter, approver=approver, values={"BAO_CHI": "773"}
    )


def _pivot(client: Client, template, province, **extra: str):
    params = {
        "unit": province.pk,
        "template": template.pk,
        "from": "2022-01",
        "to": "2022-02",
        "indicator": template.indicators.get(code="BAO_CHI").pk,
        **extra,
    }
    return client.get(reverse("analytics"), params)


def _csv_header(client: Client, template, province) -> list[str]:
    """Return the header row of the pivot's CSV export."""
    content = _pivot(client, template, province, format="csv").content.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(content), delimiter=";"))


def test_the_pivot_headers_and_exports_follow_the_switch(viewer, template, province, approved_jan):
    client = signed_in(viewer, "en")
    page = _pivot(client, template, province).content.decode()
    assert '<th scope="col" class="num">January 2022</th>' in page
    assert "Tháng 01/2022" not in page
    assert _csv_header(client, template, province) == [
        "Unit",
        "Indicator code",
        "Indicator",
        "Unit of measure",
        "January 2022",
        "February 2022",
    ]
    book = openpyxl.load_workbook(
        io.BytesIO(_pivot(client, template, province, format="xlsx", by="year").content)
    )
    assert book.active.title == "Analysis"
    assert [c.value for c in book.active[1]][:5] == [
        "Unit",
        "Indicator code",
        "Indicator",
        "Unit of measure",
        "Year 2022",
    ]


def test_the_pivot_headers_stay_vietnamese_by_default(viewer, template, province, approved_jan):
    client = signed_in(viewer)
    assert _csv_header(client, template, province) == [
        "Đơn vị",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Tháng 01/2022",
        "Tháng 02/2022",
    ]
    book = openpyxl.load_workbook(
        io.BytesIO(_pivot(client, template, province, format="xlsx").content)
    )
    assert book.active.title == "Phân tích"


def test_a_pivot_error_follows_the_switch(viewer, template, province, approved_jan):
    backwards = {"from": "2022-03", "to": "2022-01"}
    vietnamese = _pivot(signed_in(viewer), template, province, **backwards).content.decode()
    assert "Kỳ kết thúc phải sau kỳ bắt đầu." in vietnamese
    english = _pivot(signed_in(viewer, "en"), template, province, **backwards)
    assert "The end period must come after the start period." in english.content.decode()


def test_api_service_errors_and_details_follow_accept_language(draft, reporter):
    client = api_as(reporter)
    create = {"unit": "STTTT", "template": "STTTT-THANG", "period": "2022-01"}
    error = assert_error(client.post("/api/reports", create), 409, "duplicate_report")
    assert error["message"] == "Đơn vị đã có báo cáo Tháng 01/2022."
    client.language = "en-GB,en;q=0.9,vi;q=0.5"
    error = assert_error(client.post("/api/reports", create), 409, "duplicate_report")
    assert error["message"] == "The unit already has a report for January 2022."
    error = assert_error(
        client.put(
            f"/api/reports/{draft.pk}/values",
            {"version": draft.version, "values": [{"indicator": "KHONG", "value": 1}]},
        ),
        422,
    )
    assert error["message"] == "The figures were not saved: some entries are not valid."
    assert error["details"] == {
        "values.0.indicator": "The indicator does not belong to this report template."
    }


def test_the_api_ignores_the_page_language_cookie(draft, outsider):
    client = signed_in(outsider, "en")
    response = client.get(f"/api/reports/{draft.pk}")
    assert assert_error(response, 404, "not_found")["message"] == "Không tìm thấy báo cáo."
    assert response["Content-Language"] == "vi"
    english = client.get(f"/api/reports/{draft.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert assert_error(english, 404, "not_found")["message"] == "Not found."


def test_sign_in_throttling_messages_are_translated_with_plurals():
    assert "đợi 1 giây" in Verdict(False, 1).message
    with translation.override("en"):
        assert Verdict(False, 1).message == "Too many failed sign-ins. Wait 1 second and try again."
        assert "Wait 8 seconds" in Verdict(False, 8).message
        assert "Try again in 2 minutes" in Verdict(False, 120, locked=True).message


def test_period_names_on_pages_follow_the_switch(draft, reporter):
    """The interface names periods in its language; the report title stays Vietnamese."""
    url = reverse("report-detail", args=[draft.pk])
    vietnamese = signed_in(reporter).get(url).content.decode()
    assert "<strong>Tháng 01/2022</strong>" in vietnamese
    english = signed_in(reporter, "en").get(url).content.decode()
    assert "<strong>January 2022</strong>" in english
    assert "<strong>Tháng 01/2022</strong>" not in english
    listing = signed_in(reporter, "en").get("/bao-cao/").content.decode()
    assert "January 2022" in listing
