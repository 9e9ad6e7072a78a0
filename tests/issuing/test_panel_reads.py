"""The report panel's reads: no dispatch read for a draft (never sent), the latest return as
a prepared read; and last period's tasks known with last period's report."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.issuing.selectors import report_panel
from baocao.reports.selectors import can_carry_over, previous_report, report_by_pk
from baocao.reports.services import create_report, start_from_previous
from baocao.reports.services.review import return_report, submit_report


def test_a_draft_has_no_dispatch_to_read(draft, reporter):
    report = report_by_pk(draft.pk)
    with CaptureQueriesContext(connection) as queries:
        panel = report_panel(reporter, report)
    assert panel["dispatches"] == [] and panel["returned"] is None and panel["own"]
    assert not any("issuing_dispatch" in q["sql"] for q in queries.captured_queries)


def test_a_returned_report_shows_its_latest_return(draft, reporter, approver):
    submit_report(draft, by=reporter)
    return_report(draft, by=approver, comment="Bổ sung số liệu.")
    report = report_by_pk(draft.pk)
    panel = report_panel(reporter, report)
    returned = panel["returned"]
    assert returned.comment == "Bổ sung số liệu." and returned.verb == "return"
    assert returned.actor == approver and returned.report is report
    assert panel["dispatches"] == []


def test_last_periods_tasks_are_read_with_last_periods_report(draft, template, unit, reporter):
    later = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    later = report_by_pk(later.pk)
    assert previous_report(later).pk == draft.pk
    assert previous_report(later).has_plan_items  # the draft has a task for next month
    assert can_carry_over(later)
    start_from_previous(later, by=reporter, expected_version=later.version)
    assert not can_carry_over(report_by_pk(later.pk))  # carried already
    first = report_by_pk(draft.pk)
    assert previous_report(first) is None and not can_carry_over(first)
