"""Upgrading: reports approved under the old life cycle enter the new one without losing history."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from baocao.documents.services import export_report
from baocao.issuing.models import OutgoingEntry
from baocao.issuing.services import next_number
from baocao.issuing.upgrade import capture_missing, move_approved_reports
from baocao.reports.models import DocumentCapture, Report
from baocao.reports.services import submit_report
from tests.conftest import reload
from tests.documents.conftest import docx_text


def old_style_approval(draft, reporter, approver, *, number: int | None) -> Report:
    """Leave a report as the old approval did: approved, numbered and dated, no capture."""
    submit_report(reload(draft), by=reporter)
    when = timezone.make_aware(dt.datetime(2022, 1, 25, 9))
    fields = {
        "status": "approved",
        "approved_at": when,
        "approved_by": approver,
        "signer_name": "Trần Văn Hùng",
        "signer_title": "Phó Giám đốc",
        "sign_authority": "KT. GIÁM ĐỐC",
    }
    if number:
        fields.update(
            number_seq=number, number_text=f"{number:02d}/BC-STTTT", issued_on=dt.date(2022, 1, 25)
        )
    Report.objects.filter(pk=draft.pk).update(**fields)
    return reload(draft)


def test_a_numbered_approved_report_becomes_sent_on_its_approval_date(
    draft, reporter, approver, unit
):
    report = old_style_approval(draft, reporter, approver, number=5)
    assert move_approved_reports(apps) == 1
    report = reload(report)
    assert (report.status, report.sent_at, report.issued_at) == (
        "sent",
        report.approved_at,
        report.approved_at,
    )
    entry = OutgoingEntry.objects.get(report=report)
    assert (entry.year, entry.seq, entry.number_text) == (2022, 5, "05/BC-STTTT")
    assert next_number(unit, 2022) == 6  # the old number is never given again
    assert capture_missing() == 1
    capture = report.captures.get()
    assert (capture.stage, capture.number_text) == ("issued", "05/BC-STTTT")
    text = docx_text(export_report(report.pk, "docx", by=approver).content)
    assert "Số: 05/BC-STTTT" in text
    assert move_approved_reports(apps) == 0 and capture_missing() == 0  # idempotent


def test_an_approved_report_without_number_waits_for_the_clerk(draft, reporter, approver):
    report = old_style_approval(draft, reporter, approver, number=None)
    assert move_approved_reports(apps) == 0
    assert reload(report).status == "approved"
    call_command("capture-documents", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert reload(report).captures.get().stage == DocumentCapture.Stage.APPROVED
    assert not OutgoingEntry.objects.exists()
