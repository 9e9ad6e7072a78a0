"""Requests for thematic and ad-hoc reports: issue, workflow, rates, extend, cancel, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baocao.adhoc.models import ReportRequest, RequestEvent
from baocao.adhoc.selectors import (
    access_request,
    incoming_requests,
    tracking,
    visible_requests,
)
from baocao.adhoc.services import (
    cancel_request,
    create_request,
    extend_deadline,
    issue_request,
    units_by_rule,
)
from baocao.catalog.holiday_services import refresh_due_dates
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.issuing.models import Dispatch
from baocao.issuing.selectors import default_receivers
from baocao.issuing.services import issue_report, receive_dispatch, send_report
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, Report
from baocao.reports.selectors import access_report, visible_reports
from baocao.reports.services import ItemInput, approve_report, save_draft, submit_report
from tests.adhoc.conftest import request_input
from tests.conftest import make_user, reload


def _write_and_send(report, reporter, approver, clerk):  # type: ignore[no-untyped-def]
    template = report.template
    first = template.sections.order_by("order").first()
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        items=[ItemInput(text="Đã khắc phục 12 trạm BTS bị đổ.", section_id=first.pk)],
        values={template.indicators.get(code="CT01").pk: ("12", "")},
    )
    submit_report(reload(report), by=reporter)
    approve_report(reload(report), by=approver)
    issue_report(report.pk, by=clerk)
    return send_report(report.pk, by=clerk)


def test_issuing_creates_the_regime_and_a_draft_for_each_unit(
    issued_request, unit, construction, health, deadline, consolidator
):
    request = ReportRequest.objects.get(pk=issued_request.pk)
    template = request.template
    assert request.state == "issued" and request.issued_by == consolidator
    assert list(template.sections.values_list("title", flat=True)) == [
        "Tình hình thiệt hại",
        "Kết quả khắc phục",
        "Kiến nghị, đề xuất",
    ]
    assert [(i.code, i.name, i.unit) for i in template.indicators.all()] == [
        ("CT01", "Công trình bị hư hỏng", "công trình"),
        ("CT02", "Kinh phí khắc phục", "triệu đồng"),
    ]
    reports = Report.objects.filter(template=template).order_by("unit__path")
    assert [r.unit for r in reports] == [unit, construction, health]
    assert {(r.status, r.due_date, r.title, r.period_code) for r in reports} == {
        ("draft", deadline, "Báo cáo chuyên đề khắc phục hậu quả cơn bão số 3", f"{deadline:%Y-%m}")
    }
    # The regime computes the same deadline, so holiday corrections never move it.
    assert (
        template.deadline.deadline(
            reports[0].period,
            template.cutoff_rule,
            __import__("baocao.catalog.calendar", fromlist=["x"]).working_calendar(),
        )
        == deadline
    )
    assert reports[0].events.get().data == {"period": f"{deadline:%Y-%m}", "request": request.pk}
    assert [e.verb for e in request.events.all()] == ["create", "issue"]
    assert not template.assigned_units.exists()  # not a periodic regime of these units


def test_a_unit_writes_sends_and_the_rate_counts_one_of_three_on_time(
    issued_request, unit, province, reporter, approver, clerk, consolidator, province_clerk
):
    report = Report.objects.get(template=issued_request.template, unit=unit)
    assert default_receivers(report) == [province]  # back to the requester, by default
    (dispatch,) = _write_and_send(report, reporter, approver, clerk)
    assert dispatch.to_unit == province and reload(report).status == "sent"
    view = tracking(consolidator, access_request(consolidator, issued_request.pk))
    rate = view.rate
    assert (rate.expected, rate.received, rate.on_time, rate.late, rate.missing) == (3, 1, 1, 0, 2)
    assert rate.completeness == 33.3 and rate.timeliness == 33.3
    assert [(s.unit.code, s.state, s.on_time) for s in view.units] == [
        ("STTTT", "sent", True),
        ("SXD", "draft", False),
        ("SYT", "draft", False),
    ]
    assert view.overdue == []
    receive_dispatch(dispatch.pk, by=province_clerk)
    view = tracking(consolidator, issued_request)
    assert view.units[0].state == "received" and view.rate.received == 1


def test_a_report_sent_after_the_deadline_is_late_and_unsent_units_overdue(
    issued_request, unit, reporter, approver, clerk, consolidator, deadline
):
    report = Report.objects.get(template=issued_request.template, unit=unit)
    _write_and_send(report, reporter, approver, clerk)
    late = timezone.now() + dt.timedelta(days=12)
    Report.objects.filter(pk=report.pk).update(sent_at=late)
    view = tracking(consolidator, issued_request, today=deadline + dt.timedelta(days=2))
    assert (view.rate.received, view.rate.on_time, view.rate.late) == (1, 0, 1)
    assert [s.unit.code for s in view.overdue] == ["SXD", "SYT"]


def test_an_outsider_sees_nothing(issued_request, outsider, outside_approver):
    for user in (outsider, outside_approver):
        assert list(visible_requests(user)) == []
        assert list(incoming_requests(user)) == []
        with pytest.raises(NotFound):
            access_request(user, issued_request.pk)
        with pytest.raises(NotFound):
            extend_deadline(
                issued_request.pk, by=user, deadline=issued_request.deadline + dt.timedelta(days=3)
            )
        with pytest.raises(NotFound):
            cancel_request(issued_request.pk, by=user, reason="Không cần nữa")
        report = Report.objects.filter(template=issued_request.template).first()
        with pytest.raises(NotFound):
            access_report(user, report.pk)
        assert not visible_reports(user).filter(template=issued_request.template).exists()


def test_a_unit_sees_the_issued_request_but_not_the_others_progress(
    draft_request, consolidator, reporter, approver
):
    with pytest.raises(NotFound):  # a draft request stays with the requesting unit
        access_request(reporter, draft_request.pk)
    issue_request(draft_request.pk, by=consolidator)
    for user in (reporter, approver):
        assert list(incoming_requests(user)) == [draft_request]
        request = access_request(user, draft_request.pk)
        with pytest.raises(NotFound):
            tracking(user, request)
    with pytest.raises(Forbidden):  # a unit member reads it but cannot manage it
        cancel_request(draft_request.pk, by=reporter, reason="x")
    mine = visible_reports(reporter).filter(template=reload_request(draft_request).template)
    assert [r.unit.code for r in mine] == ["STTTT"]


def test_only_a_leader_consolidator_or_viewer_of_the_unit_may_request(
    province, unit, other_unit, reporter, approver, viewer, deadline
):
    with pytest.raises(NotFound):  # no role in the province at all
        create_request(requesting_unit=province, by=reporter, data=request_input([unit], deadline))
    clerk = make_user(
        "vanthu.tinh2", province, __import__("baocao.domain.workflow", fromlist=["Role"]).Role.CLERK
    )
    with pytest.raises(Forbidden):
        create_request(requesting_unit=province, by=clerk, data=request_input([unit], deadline))
    # A department's leader asks only units below the department, never a sibling.
    with pytest.raises(Invalid) as error:
        create_request(
            requesting_unit=unit, by=approver, data=request_input([other_unit], deadline)
        )
    assert "units" in error.value.details
    request = create_request(
        requesting_unit=province,
        by=viewer,
        data=request_input([unit, other_unit], deadline, kind="adhoc"),
    )
    assert request.get_kind_display() == "Đột xuất"


def test_the_request_is_validated_before_anything_is_written(
    province, unit, consolidator, deadline
):
    bad = request_input(
        [],
        timezone.localdate() - dt.timedelta(days=1),
        title="  ",
        sections=["", " "],
        kind="monthly",
        reply_to=unit,
    )
    with pytest.raises(Invalid) as error:
        create_request(requesting_unit=province, by=consolidator, data=bad)
    assert set(error.value.details) == {"kind", "title", "deadline", "sections", "units"}
    with pytest.raises(Invalid) as error:
        create_request(
            requesting_unit=province,
            by=consolidator,
            data=request_input([unit], deadline, reply_to=unit),
        )
    assert "reply_to" in error.value.details
    assert not ReportRequest.objects.exists()


def test_units_are_chosen_by_level_subtree_or_list(province, unit, other_unit, construction):
    division = OrgUnit.objects.create(
        code="STTTT-VP", name="Văn phòng Sở TT&TT", level="division", parent=unit
    )
    closed = OrgUnit.objects.create(
        code="SCU", name="Sở cũ", level="department", parent=province, closed_on=dt.date(2025, 3, 1)
    )
    by_level = units_by_rule(province, level="department")
    assert [u.code for u in by_level] == ["STTTT", "SKHDT", "SXD"]
    assert closed not in by_level
    assert units_by_rule(province, subtree=unit) == [unit, division]
    assert units_by_rule(province, codes=["SXD", "STTTT-VP"]) == [division, construction]
    with pytest.raises(Invalid):
        units_by_rule(unit, codes=["SKHDT"])  # a sibling is no unit of the department


def test_extending_the_deadline_moves_every_due_date_and_is_audited(
    issued_request, consolidator, deadline
):
    later = deadline + dt.timedelta(days=40)  # into the next month or later
    with pytest.raises(Invalid):
        extend_deadline(issued_request.pk, by=consolidator, deadline=deadline)  # not later
    extend_deadline(issued_request.pk, by=consolidator, deadline=later, reason="Bão số 4")
    reports = Report.objects.filter(template=issued_request.template)
    assert set(reports.values_list("due_date", flat=True)) == {later}
    assert reload_request(issued_request).deadline == later
    event = issued_request.events.get(verb=RequestEvent.Verb.EXTEND)
    assert (event.actor, event.comment, event.data["old"], event.data["new"]) == (
        consolidator,
        "Bão số 4",
        deadline.isoformat(),
        later.isoformat(),
    )
    refresh_due_dates(deadline, later)  # an administrator corrects the holidays
    assert set(reports.values_list("due_date", flat=True)) == {later}


def test_a_draft_request_cannot_be_extended_and_an_issued_one_not_issued_twice(
    draft_request, consolidator, deadline
):
    with pytest.raises(Conflict):
        extend_deadline(draft_request.pk, by=consolidator, deadline=deadline + dt.timedelta(1))
    issue_request(draft_request.pk, by=consolidator)
    with pytest.raises(Conflict):
        issue_request(draft_request.pk, by=consolidator)
    assert Report.objects.count() == 3


def test_cancelling_needs_a_reason_and_stops_once_a_report_is_sent(
    issued_request, unit, reporter, approver, clerk, consolidator
):
    with pytest.raises(Invalid):
        cancel_request(issued_request.pk, by=consolidator, reason="  ")
    report = Report.objects.get(template=issued_request.template, unit=unit)
    _write_and_send(report, reporter, approver, clerk)
    with pytest.raises(Conflict, match="gửi"):
        cancel_request(issued_request.pk, by=consolidator, reason="Không cần nữa")
    assert reload_request(issued_request).state == "issued"


def test_a_cancelled_request_keeps_its_reports_and_refuses_everything(
    issued_request, consolidator, deadline
):
    cancel_request(issued_request.pk, by=consolidator, reason="Đã có báo cáo của Bộ")
    request = reload_request(issued_request)
    assert (request.state, request.cancel_reason, request.cancelled_by) == (
        "cancelled",
        "Đã có báo cáo của Bộ",
        consolidator,
    )
    assert not request.template.is_active
    assert Report.objects.filter(template=request.template).count() == 3
    assert request.events.last().verb == "cancel"
    with pytest.raises(Conflict):
        cancel_request(request.pk, by=consolidator, reason="lần nữa")
    with pytest.raises(Conflict):
        extend_deadline(request.pk, by=consolidator, deadline=deadline + dt.timedelta(5))


def test_a_draft_request_may_be_cancelled_before_issue(draft_request, consolidator):
    cancel_request(draft_request.pk, by=consolidator, reason="Nhầm đơn vị")
    assert reload_request(draft_request).state == "cancelled"
    with pytest.raises(Conflict):
        issue_request(draft_request.pk, by=consolidator)
    assert not Report.objects.exists()


def test_a_periodic_report_still_goes_to_the_parent(draft, province):
    assert default_receivers(draft) == [province]
    assert not Dispatch.objects.exists()
    assert AuditEvent.objects.filter(report=draft).exists()


def reload_request(request: ReportRequest) -> ReportRequest:
    return ReportRequest.objects.get(pk=request.pk)
