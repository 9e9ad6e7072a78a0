"""A submission and an approval write what they wrote before in fewer statements.

The step locks the report with one plain read, counts the versions once, reads the unit's
people to tell once, enters the register in one insert and queues the e-mail job without a
look-up: no savepoint inside the step's transaction. What is written does not change: the
version's snapshot is the report's content in document order, each approver is entered in the
register once per submission.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.notifications import services as notices
from baocao.notifications.models import Kind, Notice, SentReminder
from baocao.reports.models import IndicatorValue, ReportVersion
from baocao.reports.services import submit_report
from tests.conftest import client_for, reload

pytestmark = pytest.mark.django_db


def _statements(client, path: str, data: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.post(path, data).status_code == 302
    return [query["sql"] for query in captured.captured_queries]


def test_submitting_and_approving_take_no_savepoint_and_read_each_thing_once(
    draft, reporter, approver
):
    submitted = _statements(client_for(reporter), f"/bao-cao/{draft.pk}/gui-duyet/", {})
    approved = _statements(
        client_for(approver), f"/bao-cao/{draft.pk}/phe-duyet/", {"comment": "Đồng ý."}
    )
    for statements in (submitted, approved):
        # Only the step's own transaction, a savepoint inside the test's transaction.
        assert len([sql for sql in statements if "SAVEPOINT" in sql]) == 2
        assert not [sql for sql in statements if sql.startswith('SELECT "jobs_job"')]
        assert len([sql for sql in statements if "FROM reports_report WHERE id" in sql]) == 1
    assert len([sql for sql in submitted if "FROM reports_reportversion" in sql]) == 1
    # The approver's membership (signer's title) is the one read for the page's rights.
    assert len([sql for sql in approved if 'FROM "organizations_membership"' in sql]) == 2
    report = reload(draft)
    assert (report.status, report.version) == ("approved", draft.version + 2)
    assert report.signer_title == "Phó Giám đốc" and report.sign_authority == "KT. GIÁM ĐỐC"


def test_the_snapshot_keeps_the_document_order_of_items_and_the_regimes_order_of_values(
    draft, template, reporter
):
    # A value of the regime's third indicator stored before that of its first (BAO_CHI).
    IndicatorValue.objects.filter(report=draft).delete()
    IndicatorValue.objects.create(
        report=draft, indicator=template.indicators.get(code="TY_LE"), value=Decimal("7.50")
    )
    IndicatorValue.objects.create(
        report=draft, indicator=template.indicators.get(code="BAO_CHI"), value=Decimal("773")
    )
    submit_report(reload(draft), by=reporter)
    snapshot = ReportVersion.objects.get(report=draft).snapshot
    items = draft.items.order_by("section__order", "order", "pk")
    assert [i["id"] for i in snapshot["items"]] == [item.pk for item in items]
    assert [i["section"] for i in snapshot["items"]] == ["CNTT", "NVTT"]
    assert [(v["indicator"], v["value"]) for v in snapshot["values"]] == [
        ("BAO_CHI", "773"),
        ("TY_LE", "7.5"),
    ]


def test_a_submission_is_entered_once_per_approver_and_not_told_twice(draft, reporter, approver):
    submit_report(reload(draft), by=reporter)
    key = f"report:{draft.pk}:v1"
    row = SentReminder.objects.get(kind=Kind.AWAITING_APPROVAL, user=approver, key=key)
    # The same submission told again (a retried step): nobody is told or entered twice.
    assert notices.notify(reload(draft), Kind.AWAITING_APPROVAL, by=reporter, submission=1) == []
    assert SentReminder.objects.get(kind=Kind.AWAITING_APPROVAL, user=approver).pk == row.pk
    assert Notice.objects.filter(user=approver, kind=Kind.AWAITING_APPROVAL).count() == 1
