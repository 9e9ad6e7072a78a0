"""Administrators correct the holiday calendar on their page; deadlines follow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baocao.catalog.calendar import working_calendar
from baocao.catalog.holiday_services import add_working_day, cancel_day, move_day_off
from baocao.catalog.models import Holiday
from baocao.core.errors import Invalid, NotFound
from baocao.domain.workflow import Role
from baocao.reports.models import Report
from baocao.reports.services import create_report
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
URL = "/ngay-nghi/"


@pytest.fixture
def admin(unit):
    return make_user("quantri", unit, Role.ADMINISTRATOR, first_name="Hoàng Đức", last_name="Anh")


@pytest.fixture
def january_2027(template, unit, reporter) -> Report:
    """A report due 20 working days after the cut-off of January 2027 (across Tết 2027)."""
    template.deadline_rule = {"kind": "working_days_after_cutoff", "value": 20}
    template.save()
    report = create_report(unit=unit, template=template, period="2027-01", by=reporter)
    assert report.due_date == D("2027-02-18")
    return report


def due(report: Report) -> dt.date:
    report.refresh_from_db()
    return report.due_date


def test_the_page_is_404_to_everyone_but_administrators(client, reporter, viewer, admin):
    assert reverse("holidays") == URL
    assert client.get(URL).status_code == 302  # sign in first
    for user in (reporter, viewer):
        assert client_for(user).get(URL, {"nam": 2027}).status_code == 404
        response = client_for(user).post(
            URL, {"action": "cancel", "day": "2027-02-05", "reason": "x", "year": "2027"}
        )
        assert response.status_code == 404
    assert not Holiday.objects.exists()
    with pytest.raises(NotFound):
        cancel_day(D("2027-02-05"), "x", by=reporter)
    assert client_for(admin).get(URL, {"nam": 2027}).status_code == 200


def test_the_page_lists_the_years_bundled_days_with_assumed_ones_marked(admin):
    page = client_for(admin).get(URL, {"nam": 2027}).content.decode()
    assert "Ngày nghỉ lễ năm 2027" in page
    assert "Tết Nguyên đán Đinh Mùi" in page and "05/02/2027" in page
    assert "dự kiến" in page and "theo luật, chưa có thông báo" in page
    page_2026 = client_for(admin).get(URL, {"nam": 2026}).content.decode()
    assert "Làm bù cho thứ Sáu 02/01/2026" in page_2026 and "đã công bố" in page_2026


def test_cancelling_an_assumed_day_off_moves_the_deadline_and_is_audited(admin, january_2027):
    response = client_for(admin).post(
        URL,
        {
            "action": "cancel",
            "day": "2027-02-05",
            "reason": "Thông báo số 1/TB-BNV",
            "year": "2027",
        },
    )
    assert response.status_code == 302 and response.url == f"{URL}?nam=2027"
    assert working_calendar().is_working_day(D("2027-02-05"))
    assert due(january_2027) == D("2027-02-17")
    row = Holiday.objects.get()
    assert (row.day, row.kind, row.reason, row.created_by) == (
        D("2027-02-05"),
        "cancelled",
        "Thông báo số 1/TB-BNV",
        admin,
    )
    assert row.created_at is not None
    page = client_for(admin).get(URL, {"nam": 2027}).content.decode()
    assert "Đã hủy" in page and "Thông báo số 1/TB-BNV" in page and "Hoàng Đức" in page


def test_a_make_up_saturday_moves_the_deadline_and_withdrawing_it_moves_it_back(
    admin, january_2027
):
    client = client_for(admin)
    client.post(
        URL, {"action": "working_day", "day": "2027-01-30", "reason": "Hoán đổi", "year": "2027"}
    )
    assert due(january_2027) == D("2027-02-17")
    row = Holiday.objects.get(day=D("2027-01-30"))
    client.post(
        URL, {"action": "withdraw", "correction": row.pk, "reason": "Nhập nhầm", "year": "2027"}
    )
    assert due(january_2027) == D("2027-02-18")
    row.refresh_from_db()
    assert (row.withdrawn_by, row.withdrawal_reason) == (admin, "Nhập nhầm")
    assert row.withdrawn_at is not None
    history = client.get(URL, {"nam": 2027}).content.decode()
    assert "Nhập nhầm" in history and "Hoán đổi" in history


def test_moving_a_day_off(admin, january_2027):
    move_day_off(D("2027-02-05"), D("2027-01-29"), "Chuyển theo thông báo", by=admin)
    calendar = working_calendar()
    assert calendar.is_working_day(D("2027-02-05"))
    assert not calendar.is_working_day(D("2027-01-29"))
    assert due(january_2027) == D("2027-02-18")  # one day off for another, before the deadline
    page = client_for(admin).get(URL, {"nam": 2027}).content.decode()
    assert "Đã chuyển sang 29/01/2027" in page and "chuyển từ 05/02/2027" in page


def test_an_added_day_off_moves_the_deadline_later(admin, january_2027):
    client_for(admin).post(
        URL,
        {
            "action": "day_off",
            "day": "2027-01-20",
            "name": "Nghỉ đột xuất",
            "reason": "Quyết định",
            "year": "2027",
        },
    )
    assert due(january_2027) == D("2027-02-19")
    # cancelling a day an administrator added withdraws that correction
    assert cancel_day(D("2027-01-20"), "Bỏ", by=admin) is None
    assert due(january_2027) == D("2027-02-18")
    assert Holiday.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_impossible_corrections_are_refused_with_a_message(admin):
    client = client_for(admin)
    response = client.post(
        URL, {"action": "working_day", "day": "2027-01-27", "reason": "x", "year": "2027"}
    )
    assert response.status_code == 422
    assert "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật" in response.content.decode()
    response = client.post(
        URL, {"action": "cancel", "day": "2027-02-05", "reason": " ", "year": "2027"}
    )
    assert response.status_code == 422 and "Hãy ghi lý do" in response.content.decode()
    response = client.post(
        URL, {"action": "day_off", "day": "2027-02-06", "name": "x", "reason": "x", "year": "2027"}
    )
    assert response.status_code == 422 and "đã là ngày nghỉ" in response.content.decode()
    response = client.post(
        URL, {"action": "move", "day": "2027-02-05", "to": "bad", "reason": "x", "year": "2027"}
    )
    assert response.status_code == 422
    assert not Holiday.objects.exists()
    cancel_day(D("2027-02-05"), "x", by=admin)
    response = client.post(
        URL, {"action": "cancel", "day": "2027-02-05", "reason": "y", "year": "2027"}
    )
    assert response.status_code == 409
    with pytest.raises(Invalid):
        add_working_day(D("2027-02-06"), "Tết", by=admin)
    assert Holiday.objects.count() == 1


def test_the_menu_shows_the_page_to_administrators_only(admin, reporter):
    assert URL in client_for(admin).get(reverse("legal-documents")).content.decode()
    assert URL not in client_for(reporter).get(reverse("legal-documents")).content.decode()
