"""Pages of report requests: the form, the request page, tracking, actions, 404 to outsiders."""

from __future__ import annotations

import datetime as dt

from baocao.adhoc.models import ReportRequest
from baocao.reports.models import Report
from tests.conftest import client_for


def _form(units, deadline, **extra):  # type: ignore[no-untyped-def]
    data = {
        "kind": "adhoc",
        "title": "Báo cáo đột xuất tình hình an toàn thông tin",
        "document_number": "55/UBND-VP",
        "sections": "Tình hình\nKết quả\n\nĐề xuất",
        "indicators": "Sự cố đã xử lý | vụ\nMáy chủ rà soát | hệ thống",
        "deadline": deadline.isoformat(),
        "units": [str(u.pk) for u in units],
    }
    data.update(extra)
    return data


def test_the_requester_creates_issues_and_tracks(
    province, unit, construction, health, consolidator, reporter, deadline
):
    client = client_for(consolidator)
    page = client.get("/yeu-cau-bao-cao/tao/")
    assert page.status_code == 200
    assert (
        "Sở Xây dựng" in page.content.decode()
        and "Ủy ban"
        not in page.content.decode().split("Đơn vị báo cáo")[1].split("Nơi nhận báo cáo")[0]
    )
    response = client.post(
        "/yeu-cau-bao-cao/tao/", _form([unit], deadline, level="", subtree="", reply_to=province.pk)
    )
    request = ReportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/yeu-cau-bao-cao/{request.pk}/"
    assert list(request.sections.values_list("title", flat=True)) == [
        "Tình hình",
        "Kết quả",
        "Đề xuất",
    ]
    assert [(i.name, i.unit) for i in request.indicators.all()] == [
        ("Sự cố đã xử lý", "vụ"),
        ("Máy chủ rà soát", "hệ thống"),
    ]
    assert request.state == "draft" and request.kind == "adhoc"
    assert client_for(reporter).get(f"/yeu-cau-bao-cao/{request.pk}/").status_code == 404
    client.post(f"/yeu-cau-bao-cao/{request.pk}/ban-hanh/")
    request.refresh_from_db()
    assert request.state == "issued"
    page = client.get(f"/yeu-cau-bao-cao/{request.pk}/").content.decode()
    assert "Đã gửi 0/1 đơn vị" in page and "Sở Thông tin và Truyền thông" in page
    later = deadline + dt.timedelta(days=5)
    client.post(
        f"/yeu-cau-bao-cao/{request.pk}/gia-han/",
        {"deadline": later.strftime("%d/%m/%Y"), "reason": "Chờ số liệu"},
    )
    assert Report.objects.get().due_date == later
    assert "Gia hạn" in client.get(f"/yeu-cau-bao-cao/{request.pk}/").content.decode()


def test_choosing_units_by_level_or_subtree(
    province, unit, other_unit, construction, consolidator, deadline
):
    client = client_for(consolidator)
    client.post("/yeu-cau-bao-cao/tao/", _form([], deadline, level="department"))
    assert ReportRequest.objects.get().units.count() == 3


def test_an_invalid_form_is_shown_again_with_its_errors(province, unit, consolidator):
    client = client_for(consolidator)
    response = client.post(
        "/yeu-cau-bao-cao/tao/",
        {"kind": "adhoc", "title": "", "sections": "", "deadline": "31/02/2026"},
    )
    body = response.content.decode()
    assert response.status_code == 422 and 'aria-invalid="true"' in body
    assert "Hạn nộp không hợp lệ" in body
    assert not ReportRequest.objects.exists()


def test_the_unit_sees_the_request_and_its_draft(issued_request, reporter, unit):
    client = client_for(reporter)
    listing = client.get("/yeu-cau-bao-cao/").content.decode()
    assert "Báo cáo chuyên đề khắc phục hậu quả cơn bão số 3" in listing
    page = client.get(f"/yeu-cau-bao-cao/{issued_request.pk}/").content.decode()
    report = Report.objects.get(template__adhoc_request=issued_request, unit=unit)
    assert f"/bao-cao/{report.pk}/soan/" in page
    assert "Tình hình nộp báo cáo" not in page  # the other units' progress is not theirs
    assert "Hủy yêu cầu" not in page
    reports = client.get("/bao-cao/").content.decode()
    assert "Báo cáo chuyên đề khắc phục hậu quả cơn bão số 3" in reports
    # A unit member cannot act on the request: the 403 page (the error middleware).
    response = client.post(f"/yeu-cau-bao-cao/{issued_request.pk}/huy/", {"reason": "x"})
    assert response.status_code == 403
    assert ReportRequest.objects.get().state == "issued"


def test_an_outsider_gets_404_everywhere(issued_request, outsider):
    client = client_for(outsider)
    assert "Báo cáo chuyên đề" not in client.get("/yeu-cau-bao-cao/").content.decode()
    for url in (f"/yeu-cau-bao-cao/{issued_request.pk}/",):
        assert client.get(url).status_code == 404
    for action in ("ban-hanh", "gia-han", "huy"):
        assert (
            client.post(
                f"/yeu-cau-bao-cao/{issued_request.pk}/{action}/",
                {"reason": "x", "deadline": "2099-01-01"},
            ).status_code
            == 404
        )
    assert client.get("/yeu-cau-bao-cao/tao/").status_code == 404  # a reporter requests nothing
    assert ReportRequest.objects.get().state == "issued"
