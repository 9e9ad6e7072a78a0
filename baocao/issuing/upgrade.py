"""Bring reports approved before the issuing life cycle into it (used by a data migration).

Before this version approval gave the number and date and was the report's last step, and
reporting rates counted approved reports as received. So a report approved with a number is
taken as issued and sent on its approval date (its number is written to the outgoing register,
so it is never given again); one approved without a number stays approved and waits for the
clerk. Every report approved or later gets a capture of its document as it prints today.
"""

from __future__ import annotations

from typing import Any

# The historical models of a migration know no enums: the status values as stored.
FINAL = ("approved", "issued", "sent", "received")


def move_approved_reports(apps: Any) -> int:
    """Move numbered approved reports to "sent" and register their numbers; return how many."""
    report_model = apps.get_model("reports", "Report")
    entry_model = apps.get_model("issuing", "OutgoingEntry")
    register_model = apps.get_model("reports", "NumberRegister")
    moved = 0
    for report in report_model.objects.filter(status="approved").exclude(number_text=""):
        when = report.approved_at
        report_model.objects.filter(pk=report.pk).update(
            status="sent", issued_at=when, sent_at=when, issued_by=report.approved_by_id
        )
        actor = report.approved_by_id or report.created_by_id
        day = report.issued_on
        exists = (
            entry_model.objects.filter(
                unit_id=report.unit_id, year=day.year, seq=report.number_seq
            ).exists()
            if day
            else True
        )
        if actor and day and report.number_seq and not exists:
            entry_model.objects.create(
                unit_id=report.unit_id,
                year=day.year,
                seq=report.number_seq,
                number_text=report.number_text,
                doc_type_code="",
                issued_on=day,
                summary=report.title[:500],
                report_id=report.pk,
                source="baocao",
                note="Phê duyệt trước khi có bước ban hành",
                recorded_by_id=actor,
            )
        if day and report.number_seq:
            register, _ = register_model.objects.get_or_create(
                unit_id=report.unit_id, year=day.year
            )
            if register.last_seq < report.number_seq:
                register_model.objects.filter(pk=register.pk).update(last_seq=report.number_seq)
        moved += 1
    return moved


def capture_missing() -> int:
    """Capture the document of every report approved or later that has none; return how many.

    Uses the live models and builder, so call it only when the schema is current (the data
    migration does, then ``baocao capture-documents`` for a database upgraded later).
    """
    from baocao.documents.records import capture_document
    from baocao.reports.models import DocumentCapture, Report
    from baocao.reports.selectors import FINAL_STATUSES

    count = 0
    for report in Report.objects.filter(
        status__in=FINAL_STATUSES, captures__isnull=True
    ).select_related("unit", "template"):
        stage = (
            DocumentCapture.Stage.ISSUED if report.number_text else DocumentCapture.Stage.APPROVED
        )
        capture_document(report, stage, by=None)
        count += 1
    return count
