"""The pages of the load bench (bench/load.py) keep their number of database queries.

Each page reads what it shows in a fixed number of queries, whatever the number of reports:
a test fails when an N+1 comes back (a query per listed report) or when a page starts reading
the same thing twice. The counts are those of the pages on a report of the sample's size (the
January 2022 template: its sections and indicators); docs/operations.md lists them per page.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.reports.models import Report
from baocao.reports.services import ItemInput, create_report, save_draft, submit_report
from tests.conftest import client_for

# Queries per page (the session and the user included). Lower is welcome: update the number.
LIST = 9
EDITOR = 13
SAVE = 16
DASHBOARD = 18
QUEUE = 5
REPORT_PAGE = 22


def _reports(template, unit, reporter, months: range) -> list[Report]:
    """Create and submit one report per month of 2022 in ``months``."""
    first = template.sections.get(code="CNTT")
    plan = template.sections.get(code="NVTT")
    made = []
    for month in months:
        report = create_report(
            unit=unit, template=template, period=f"2022-{month:02d}", by=reporter
        )
        save_draft(
            report,
            by=reporter,
            expected_version=report.version,
            items=[
                ItemInput(text=f"Kết quả tháng {month}.", section_id=first.pk),
                ItemInput(text=f"Nhiệm vụ tháng {month + 1}.", section_id=plan.pk),
            ],
            values={template.indicators.get(code="BAO_CHI").pk: (str(700 + month), "")},
        )
        report.refresh_from_db()
        submit_report(report, by=reporter)
        made.append(report)
    return made


def _count(client, path: str, method: str = "get", data: dict | None = None) -> int:
    """Return how many queries ``path`` makes (after a first request warmed the caches)."""
    getattr(client, method)(path, data or {})
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(queries)


@pytest.fixture
def many(template, unit, reporter, draft) -> list[Report]:
    """Return the draft and six submitted reports (February to July 2022)."""
    return [draft, *_reports(template, unit, reporter, range(2, 8))]


def test_the_reports_list_reads_a_fixed_number_of_queries(reporter, viewer, template, unit, draft):
    _reports(template, unit, reporter, range(2, 4))
    few = _count(client_for(reporter), "/bao-cao/")
    _reports(template, unit, reporter, range(4, 10))
    assert _count(client_for(reporter), "/bao-cao/") == few == LIST
    assert _count(client_for(viewer), "/bao-cao/") <= LIST


def test_the_approval_queue_reads_a_fixed_number_of_queries(approver, reporter, template, unit):
    _reports(template, unit, reporter, range(2, 4))
    few = _count(client_for(approver), "/cho-duyet/")
    _reports(template, unit, reporter, range(4, 10))
    assert _count(client_for(approver), "/cho-duyet/") == few == QUEUE


def test_the_editor_and_its_save_read_a_fixed_number_of_queries(reporter, draft, many):
    client = client_for(reporter)
    path = f"/bao-cao/{draft.pk}/soan/"
    assert _count(client, path) == EDITOR
    form = {"version": 0, "title": draft.title, "row": ["a"]}
    item = draft.items.order_by("order", "pk").first()
    form.update({"row-a-id": item.pk, "row-a-section": item.section_id, "row-a-text": item.text})

    def save() -> int:
        form["version"] = Report.objects.get(pk=draft.pk).version
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, form)
        assert response.status_code == 302
        return len(queries)

    save()
    assert save() == SAVE


def test_the_dashboard_reads_a_fixed_number_of_queries(viewer, many):
    assert _count(client_for(viewer), "/tong-quan/") == DASHBOARD


def test_the_report_page_reads_a_fixed_number_of_queries(viewer, many):
    assert _count(client_for(viewer), f"/bao-cao/{many[-1].pk}/") == REPORT_PAGE
