"""Helpers for analytics tests: reports taken through the real services to approval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baocao.domain.workflow import Role
from baocao.issuing.services import issue_report, send_report
from baocao.reports.models import Report
from baocao.reports.services import (
    ItemInput,
    approve_report,
    create_report,
    save_draft,
    submit_report,
)
from tests.conftest import make_user


def file_report(
    template,
    unit,
    period,
    *,
    reporter,
    approver=None,
    values=None,
    results=(),
    plans=(),
    submitted_on: dt.date | None = None,
    submit=True,
    send=True,
) -> Report:
    """Create, fill, submit a report; with ``approver``, approve it too, then (``send``) have
    the unit's clerk issue it and send it to the receiving agency — on ``submitted_on``, when
    given, which is then the day it counts as received (Decree 09)."""
    report = create_report(unit=unit, template=template, period=period, by=reporter)
    first = template.sections.get(code="CNTT")
    plan = template.sections.get(code="NVTT")
    codes = {i.code: i.pk for i in template.indicators.all()}
    items = [ItemInput(text=t, section_id=first.pk) for t in (results or ["Kết quả chung."])]
    items += [ItemInput(text=t, section_id=plan.pk) for t in plans]
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        items=items,
        values={codes[k]: (v, "") for k, v in (values or {"BAO_CHI": "1"}).items()},
    )
    report.refresh_from_db()
    if submit:
        submit_report(report, by=reporter)
        if submitted_on is not None:
            moment = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9)))
            Report.objects.filter(pk=report.pk).update(submitted_at=moment)
            report.refresh_from_db()
        if approver is not None:
            approve_report(report, by=approver)
            report.refresh_from_db()
            if send:
                clerk = _clerk(unit)
                issue_report(report.pk, by=clerk)
                send_report(report.pk, by=clerk)
                if submitted_on is not None:
                    Report.objects.filter(pk=report.pk).update(sent_at=moment)
                report.refresh_from_db()
    return report


def _clerk(unit):  # type: ignore[no-untyped-def]
    """Return the unit's clerk (văn thư), made on first use."""
    from baocao.organizations.models import Membership

    found = (
        Membership.objects.filter(unit=unit, role=Role.CLERK.value).select_related("user").first()
    )
    return found.user if found else make_user(f"vanthu.{unit.code.lower()}", unit, Role.CLERK)


@pytest.fixture
def province_reporter(province):
    """Return a reporter of the provincial committee (edits consolidated drafts)."""
    return make_user("chuyenvien.tinh", province, Role.REPORTER)
