"""Reporting rates: expected units by opening dates, on time, late, returned, missing."""

import datetime as dt

from baocao.analytics.rates import reporting_rates
from baocao.domain.periods import Period
from baocao.issuing.services import issue_report
from baocao.organizations.models import OrgUnit
from baocao.reports.services import return_report
from tests.analytics.conftest import file_report

JAN = Period.parse("2022-01")


def test_it_counts_on_time_late_and_missing(
    template, province, unit, other_unit, reporter, approver, outsider, outside_approver
):
    due = reporting_rates(template, JAN, province).due
    file_report(template, unit, JAN, reporter=reporter, approver=approver, submitted_on=due)
    file_report(
        template,
        other_unit,
        JAN,
        reporter=outsider,
        approver=outside_approver,
        submitted_on=due + dt.timedelta(days=1),
    )
    view = reporting_rates(template, JAN, province, today=dt.date(2022, 3, 1))
    total = view.total
    assert (total.expected, total.received, total.approved, total.on_time, total.late) == (
        2,
        2,
        2,
        1,
        1,
    )
    assert total.completeness == 100.0
    assert total.timeliness == 50.0
    assert [s.unit for s in view.late] == [other_unit]


def test_a_report_approved_or_issued_but_not_sent_is_not_received(
    template, province, unit, reporter, approver
):
    report = file_report(template, unit, JAN, reporter=reporter, approver=approver, send=False)
    view = reporting_rates(template, JAN, province, today=dt.date(2022, 3, 1))
    assert (view.total.received, view.total.approved) == (0, 1)
    assert [s.state for s in view.overdue if s.unit == unit] == ["approved"]
    from tests.analytics.conftest import _clerk

    issue_report(report.pk, by=_clerk(unit))
    view = reporting_rates(template, JAN, province, today=dt.date(2022, 3, 1))
    assert view.total.received == 0 and [s.state for s in view.overdue if s.unit == unit] == [
        "issued"
    ]


def test_a_returned_report_counts_as_missing_and_overdue(
    template, province, unit, reporter, approver
):
    report = file_report(template, unit, JAN, reporter=reporter)
    return_report(report, by=approver, comment="Bổ sung số liệu.")
    view = reporting_rates(template, JAN, province, today=dt.date(2022, 3, 1))
    assert view.total.received == 0
    assert [s.unit for s in view.missing] == [view.units[0].unit, view.units[1].unit]
    assert {s.state for s in view.overdue} == {"returned", "missing"}


def test_units_count_only_while_open(template, province, unit, other_unit):
    # Opened in March 2022 and closed from 1 July 2022 (the cut-off of July starts 15/06).
    other_unit.opened_on = dt.date(2022, 3, 1)
    other_unit.closed_on = dt.date(2022, 6, 1)
    other_unit.save()
    expected = {
        code: reporting_rates(template, Period.parse(code), province).total.expected
        for code in ("2022-02", "2022-03", "2022-06", "2022-07")
    }
    assert expected == {"2022-02": 1, "2022-03": 2, "2022-06": 2, "2022-07": 1}


def test_it_rolls_rates_up_the_tree(template, province, unit, other_unit, reporter, approver):
    division = OrgUnit.objects.create(
        code="STTTT-VP", name="Văn phòng Sở", level="division", parent=unit
    )
    template.assigned_units.add(division)
    file_report(template, unit, JAN, reporter=reporter, approver=approver)
    view = reporting_rates(template, JAN, province, today=dt.date(2022, 1, 5))
    by_unit = {node.unit.code: node.rate for node in view.tree}
    assert by_unit["UBND-TB"].expected == 3
    assert by_unit["STTTT"].expected == 2 and by_unit["STTTT"].received == 1
    assert by_unit["SKHDT"].missing == 1
    assert not view.overdue  # before the deadline nobody is overdue


def test_a_report_from_an_unassigned_unit_does_not_raise_the_rate(
    template, province, unit, reporter, approver
):
    template.assigned_units.remove(unit)
    file_report(template, unit, JAN, reporter=reporter, approver=approver)
    total = reporting_rates(template, JAN, province).total
    assert total.expected == 1 and total.received == 0 and total.completeness == 0.0


PLANS = [
    "Tổ chức Hội nghị tập huấn chuyển đổi số cho cán bộ cấp xã.",
    "Thanh tra việc chấp hành pháp luật về báo chí.",
]
RESULTS = [
    "Tổ chức thành công hội nghị tập huấn chuyển đổi số cho 300 cán bộ xã, phường.",
    "Cấp 05 giấy phép xuất bản bản tin.",
]


def test_it_counts_the_follow_through_of_last_periods_tasks(
    template, province, unit, other_unit, reporter, approver
):
    file_report(template, unit, JAN, reporter=reporter, approver=approver, plans=PLANS)
    file_report(template, unit, "2022-02", reporter=reporter, approver=approver, results=RESULTS)
    feb = Period.parse("2022-02")
    view = reporting_rates(template, feb, province, with_follow_through=True)
    by_unit = {s.unit.code: s for s in view.units}
    assert (by_unit["STTTT"].tasks_done, by_unit["STTTT"].tasks_planned) == (1, 2)
    assert by_unit["STTTT"].follow_through == 50.0
    assert by_unit["SKHDT"].follow_through is None  # nothing received, nothing planned
    tree = {node.unit.code: node for node in view.tree}
    assert tree["UBND-TB"].follow_through == 50.0 and view.follow_through == 50.0
    assert view.follow_through_counted
    plain = reporting_rates(template, feb, province)  # not asked: not counted
    assert not plain.follow_through_counted and plain.follow_through is None
