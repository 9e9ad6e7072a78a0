"""A report page reads the report's values, indicators and last period's values once, and a
save on the same report object is seen by every later read (reports.selectors.stored_values)."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.catalog.selectors import template_indicators
from baocao.reports.presenters import value_rows
from baocao.reports.selectors import stored_values
from baocao.reports.services import save_draft
from baocao.validation.checks import check_report


def test_a_save_is_seen_by_the_reads_of_the_same_report_object(draft, reporter, template):
    complaints = template.indicators.get(code="KHIEU_NAI")
    before = {v.indicator_id: v.value for v in stored_values(draft)}
    assert complaints.pk not in before
    save_draft(
        draft, by=reporter, expected_version=draft.version, values={complaints.pk: ("12", "")}
    )
    after = {v.indicator_id: v.value for v in stored_values(draft)}
    assert after[complaints.pk] == Decimal("12")
    row = next(r for r in value_rows(draft) if r.indicator.pk == complaints.pk)
    assert row.value is not None and row.value.value == Decimal("12")
    assert not [f for f in check_report(draft, complete=True) if f.code == "KHIEU_NAI"]


def test_the_indicator_table_reads_values_and_indicators_once(draft):
    with CaptureQueriesContext(connection) as first:
        rows = value_rows(draft)
        check_report(draft)
    with CaptureQueriesContext(connection) as again:
        value_rows(draft)
        check_report(draft)
    assert [r.indicator.code for r in rows] == [i.code for i in template_indicators(draft.template)]
    reads = [q["sql"] for q in first.captured_queries]
    own = f'WHERE "reports_indicatorvalue"."report_id" = {draft.pk}'
    assert sum(own in q for q in reads) == 1, reads
    assert sum(q.startswith('SELECT "catalog_indicator"."id"') for q in reads) == 1, reads
    # The second page-worth asks again only for what is not read once per object (the
    # comparisons' history and targets, the rules): never the values or the indicators.
    again_reads = [q["sql"] for q in again.captured_queries]
    assert not [q for q in again_reads if 'FROM "reports_indicatorvalue" WHERE' in q]
