"""The API of report requests: create, issue, track, extend, cancel; outsiders get 404."""

from __future__ import annotations

import datetime as dt

from baocao.adhoc.models import ReportRequest
from baocao.reports.models import Report
from tests.api.conftest import api_as, assert_error


def _body(deadline, **extra):  # type: ignore[no-untyped-def]
    body = {
        "requesting_unit": "UBND-TB",
        "kind": "thematic",
        "title": "Báo cáo chuyên đề chuyển đổi số năm 2026",
        "deadline": deadline.isoformat(),
        "sections": ["Kết quả", "Tồn tại", "Đề xuất"],
        "indicators": [{"name": "Dịch vụ công trực tuyến toàn trình", "unit": "thủ tục"}],
        "units": ["STTTT", "SXD", "SYT"],
    }
    body.update(extra)
    return body


def test_create_issue_track_extend(province, unit, construction, health, consolidator, deadline):
    api = api_as(consolidator)
    response = api.post("/api/requests", _body(deadline))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["units"], data["reply_to"]) == (
        "draft",
        ["STTTT", "SXD", "SYT"],
        "UBND-TB",
    )
    data = api.post(f"/api/requests/{data['id']}/issue").json()
    assert data["state"] == "issued" and data["template"].startswith("YC-")
    assert [p["status"] for p in data["progress"]] == ["draft"] * 3
    assert data["rate"]["expected"] == 3 and data["rate"]["received"] == 0
    later = deadline + dt.timedelta(days=3)
    data = api.post(
        f"/api/requests/{data['id']}/extend",
        {"deadline": later.isoformat(), "reason": "Theo đề nghị của các Sở"},
    ).json()
    assert data["deadline"] == later.isoformat()
    assert {p["due_date"] for p in data["progress"]} == {later.isoformat()}
    listing = api.get("/api/requests", state="issued").json()
    assert listing["count"] == 1 and listing["items"][0]["progress"] is None


def test_units_by_level_and_errors(province, unit, construction, consolidator, reporter, deadline):
    api = api_as(consolidator)
    data = api.post("/api/requests", _body(deadline, units=[], level="department")).json()
    assert data["units"] == ["STTTT", "SXD"]
    assert_error(api.post("/api/requests", _body(deadline, units=["KHONG-CO"])), 422, "invalid")
    assert_error(api.post("/api/requests", _body(deadline, kind="monthly")), 422)
    assert_error(api.post("/api/requests", _body(deadline, sections=[])), 422)
    assert_error(api_as(reporter).post("/api/requests", _body(deadline)), 404)


def test_unit_members_read_and_outsiders_get_404(issued_request, reporter, outsider):
    data = api_as(reporter).get(f"/api/requests/{issued_request.pk}").json()
    assert data["progress"] is None and data["sections"][0] == "Tình hình thiệt hại"
    assert_error(
        api_as(reporter).post(f"/api/requests/{issued_request.pk}/cancel", {"reason": "x"}), 403
    )
    other = api_as(outsider)
    assert other.get("/api/requests").json()["count"] == 0
    assert_error(other.get(f"/api/requests/{issued_request.pk}"), 404, "not_found")
    assert_error(other.post(f"/api/requests/{issued_request.pk}/cancel", {"reason": "x"}), 404)
    assert_error(other.post(f"/api/requests/{issued_request.pk}/issue"), 404)


def test_cancel(issued_request, consolidator):
    api = api_as(consolidator)
    assert_error(api.post(f"/api/requests/{issued_request.pk}/cancel", {"reason": ""}), 422)
    data = api.post(
        f"/api/requests/{issued_request.pk}/cancel", {"reason": "Trùng với báo cáo của Bộ"}
    ).json()
    assert data["state"] == "cancelled"
    assert ReportRequest.objects.get().state == "cancelled"
    assert Report.objects.count() == 3
    assert_error(api.post(f"/api/requests/{issued_request.pk}/issue"), 409)
