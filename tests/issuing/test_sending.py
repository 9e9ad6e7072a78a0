"""Sending and receiving: a report counts once it reaches the receiving agency (Decree 09)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baocao.analytics.rates import reporting_rates
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.domain.periods import Period
from baocao.issuing.models import Dispatch
from baocao.issuing.selectors import inbox
from baocao.issuing.services import issue_report, receive_dispatch, reject_dispatch, send_report
from baocao.reports.models import AuditEvent, Report
from baocao.reports.selectors import actions_for, can_read, visible_reports
from baocao.reports.services import approve_report, save_draft, submit_report
from tests.conftest import make_user, reload


def test_send_goes_to_the_regimes_receivers_by_default(issued, clerk, province):
    (dispatch,) = send_report(issued.pk, by=clerk)
    report = reload(issued)
    assert (report.status, dispatch.to_unit, dispatch.number_text) == (
        "sent",
        province,
        "01/BC-STTTT",
    )
    assert report.sent_at is not None and dispatch.capture.stage == "issued"
    assert report.events.filter(verb=AuditEvent.Verb.SEND).get().data["to"] == ["UBND-TB"]


def test_only_an_issued_report_is_sent_and_only_by_the_clerk(
    approved, issued, clerk, approver, reporter
):
    with pytest.raises(Forbidden, match="văn thư"):
        send_report(issued.pk, by=approver)
    with pytest.raises(Forbidden, match="văn thư"):
        send_report(issued.pk, by=reporter)
    send_report(issued.pk, by=clerk)
    with pytest.raises(Forbidden, match="trạng thái"):
        send_report(issued.pk, by=clerk)
    assert Dispatch.objects.count() == 1


def test_a_send_without_receivers_is_refused(issued, clerk, unit):
    with pytest.raises(Invalid, match="nơi nhận"):
        send_report(issued.pk, by=clerk, to_units=[unit])  # its own unit is no receiver
    assert reload(issued).status == "issued"


def test_the_receiver_reads_acknowledges_and_the_report_is_received(
    issued, clerk, province_clerk, outsider
):
    assert not can_read(province_clerk, issued)  # issued, not yet sent: not theirs
    (dispatch,) = send_report(issued.pk, by=clerk)
    assert can_read(province_clerk, reload(issued))
    assert list(inbox(province_clerk)) == [dispatch]
    assert [a.value for a in actions_for(province_clerk, reload(issued))] == ["receive", "reject"]
    assert list(inbox(outsider)) == []
    with pytest.raises(NotFound):
        receive_dispatch(dispatch.pk, by=outsider)
    with pytest.raises(NotFound):
        receive_dispatch(dispatch.pk, by=clerk)  # the sender cannot acknowledge for them
    receive_dispatch(dispatch.pk, by=province_clerk)
    report = reload(issued)
    assert (report.status, Dispatch.objects.get().state) == ("received", "received")
    with pytest.raises(Conflict):
        receive_dispatch(dispatch.pk, by=province_clerk)


def test_a_viewer_of_the_receiving_unit_reads_but_cannot_acknowledge(issued, clerk, province):
    reader = make_user(
        "doc.tinh",
        province,
        role=__import__("baocao.domain.workflow", fromlist=["Role"]).Role.APPROVER,
    )
    (dispatch,) = send_report(issued.pk, by=clerk)
    assert can_read(reader, reload(issued))
    with pytest.raises(Forbidden):
        receive_dispatch(dispatch.pk, by=reader)
    assert reload(issued).status == "sent"


def test_with_two_receivers_the_report_is_received_when_both_acknowledged(
    issued, clerk, province, other_unit, province_clerk
):
    from baocao.domain.workflow import Role

    other_clerk = make_user("vanthu.khdt", other_unit, Role.CLERK)
    first, second = sorted(
        send_report(issued.pk, by=clerk, to_units=[province, other_unit]),
        key=lambda d: d.to_unit.code,
    )
    receive_dispatch(second.pk, by=province_clerk)  # UBND-TB sorts after SKHDT
    assert reload(issued).status == "sent"
    receive_dispatch(first.pk, by=other_clerk)
    assert reload(issued).status == "received"


def test_the_receiver_returns_it_the_unit_corrects_and_issues_again_both_kept(
    issued, clerk, province_clerk, reporter, approver
):
    (dispatch,) = send_report(issued.pk, by=clerk)
    with pytest.raises(Invalid, match="lý do"):
        reject_dispatch(dispatch.pk, by=province_clerk, reason="  ")
    reject_dispatch(dispatch.pk, by=province_clerk, reason="Thiếu số liệu khiếu nại.")
    report = reload(issued)
    assert report.status == "returned"
    assert not can_read(province_clerk, report)  # back in the unit's hands
    event = report.events.get(verb=AuditEvent.Verb.REJECT)
    assert (event.actor, event.comment) == (province_clerk, "Thiếu số liệu khiếu nại.")
    # The unit corrects, submits, approves; the clerk issues again with a new number.
    save_draft(
        report, by=reporter, expected_version=report.version, intro="Bổ sung số liệu khiếu nại."
    )
    submit_report(reload(report), by=reporter)
    approve_report(reload(report), by=approver)
    again = issue_report(report.pk, by=clerk)
    assert again.number_text == "02/BC-STTTT"
    send_report(report.pk, by=clerk)
    stages = list(reload(report).captures.order_by("pk").values_list("stage", "number_text"))
    assert stages == [
        ("approved", ""),
        ("issued", "01/BC-STTTT"),
        ("approved", ""),
        ("issued", "02/BC-STTTT"),
    ]
    states = sorted(Dispatch.objects.values_list("number_text", "state"))
    assert states == [("01/BC-STTTT", "returned"), ("02/BC-STTTT", "sent")]


def test_rates_count_a_report_once_sent_and_judge_time_by_the_send_date(
    issued, clerk, template, unit, province
):
    period = Period.parse("2022-01")
    due = reload(issued).due_date
    today = due + dt.timedelta(days=30)

    def node():
        rates = reporting_rates(template, period, province, today)
        return next(s for s in rates.units if s.unit == unit)

    assert not node().received  # issued inside the unit is not received
    send_report(issued.pk, by=clerk)
    sent_late = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=2), dt.time(9)))
    Report.objects.filter(pk=issued.pk).update(
        sent_at=sent_late, submitted_at=sent_late - dt.timedelta(days=5)
    )
    status = node()
    assert status.received and status.late and not status.on_time
    Report.objects.filter(pk=issued.pk).update(
        sent_at=timezone.make_aware(dt.datetime.combine(due, dt.time(16)))
    )
    assert node().on_time


def test_overseers_still_read_reports_in_every_locked_state(approved, clerk, viewer, outsider):
    assert approved in visible_reports(viewer)
    issue_report(approved.pk, by=clerk)
    assert reload(approved) in visible_reports(viewer)
    assert reload(approved) not in visible_reports(outsider)
