"""The return comment stays on top of the editor until resubmission; the approver's queue marks
resubmissions, links their changes and shows overdue reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from baocao.issuing.services import issue_report, reject_dispatch, send_report
from baocao.reports.models import Report
from baocao.reports.services import add_item, approve_report, return_report, submit_report
from tests.conftest import client_for, reload

pytestmark = pytest.mark.django_db

FIRST = "Bổ sung số liệu camera giám sát tháng 01."
SECOND = "Ghi rõ số km cáp quang đã kéo mới."
ADDED = "Kéo mới 12 km cáp quang đến các xã."


def editor(user, report) -> str:  # type: ignore[no-untyped-def]
    response = client_for(user).get(reverse("report-edit", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def queue(user) -> str:  # type: ignore[no-untyped-def]
    return client_for(user).get(reverse("approval-queue")).content.decode()


def test_the_editor_shows_the_latest_return_comment_on_top(draft, reporter, approver):
    assert "notice-returned" not in editor(reporter, draft)  # never returned: nothing shown
    submit_report(reload(draft), by=reporter)
    return_report(reload(draft), by=approver, comment=FIRST)
    html = editor(reporter, draft)
    assert "Lãnh đạo đã trả lại báo cáo" in html and "Trần Văn Hùng" in html
    assert FIRST in html
    assert html.index(FIRST) < html.index('id="editor"')  # above the form
    submit_report(reload(draft), by=reporter)
    return_report(reload(draft), by=approver, comment=SECOND)
    html = editor(reporter, draft)
    assert SECOND in html and FIRST not in html


def test_the_editor_shows_a_receivers_reason(draft, reporter, approver, unit, province):
    from baocao.domain.workflow import Role
    from tests.conftest import make_user

    clerk = make_user("vanthu", unit, Role.CLERK)
    receiver = make_user("vanthu.tinh", province, Role.CLERK)
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    issue_report(draft.pk, by=clerk)
    (dispatch,) = send_report(draft.pk, by=clerk)
    reject_dispatch(dispatch.pk, by=receiver, reason="Thiếu chỉ tiêu tỷ lệ hồ sơ trực tuyến.")
    html = editor(reporter, draft)
    assert "Nơi nhận (UBND-TB) đã trả lại báo cáo" in html
    assert "Thiếu chỉ tiêu tỷ lệ hồ sơ trực tuyến." in html


def test_the_queue_marks_a_resubmission_and_links_its_changes(draft, reporter, approver):
    submit_report(reload(draft), by=reporter)
    html = queue(approver)
    assert draft.title in html
    assert "Trình lại" not in html  # a first submission
    return_report(reload(draft), by=approver, comment=FIRST)
    section = draft.template.sections.get(code="CNTT")
    report = reload(draft)
    add_item(
        report, by=reporter, expected_version=report.version, text=ADDED, section_id=section.pk
    )
    submit_report(reload(draft), by=reporter)
    html = queue(approver)
    assert "Trình lại (lần 2)" in html
    assert f"Ý kiến khi trả lại: {FIRST}" in html
    link = reverse("report-diff", args=[draft.pk]) + "?tu=1&amp;den=2"
    assert f'href="{link}"' in html
    diff = client_for(approver).get(link.replace("&amp;", "&"))
    assert diff.status_code == 200
    assert f"<ins>{ADDED}</ins>" in diff.content.decode()


def test_the_queue_shows_which_reports_are_overdue(draft, reporter, approver):
    submit_report(reload(draft), by=reporter)  # due 20/01/2022: long past
    assert 'badge-overdue">Quá hạn' in queue(approver)
    Report.objects.filter(pk=draft.pk).update(due_date=timezone.localdate() + dt.timedelta(days=3))
    assert "badge-overdue" not in queue(approver)
