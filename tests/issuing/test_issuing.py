"""Issuing: the clerk numbers approved reports from the agency's one yearly outgoing register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.issuing.models import OutgoingEntry
from baocao.issuing.services import issue_report, next_number, record_external_number
from baocao.reports.models import AuditEvent, NumberRegister
from baocao.reports.services import approve_report, create_report, save_draft, submit_report
from tests.conftest import reload

TODAY = timezone.localdate


def approve_period(template, unit, reporter, approver, period):
    report = create_report(unit=unit, template=template, period=period, by=reporter)
    save_draft(report, by=reporter, expected_version=report.version, items=[], values={})
    from baocao.reports.services import add_item

    add_item(
        reload(report),
        by=reporter,
        expected_version=reload(report).version,
        text="Nội dung.",
        section_id=template.sections.get(code="CNTT").pk,
    )
    submit_report(reload(report), by=reporter)
    return approve_report(reload(report), by=approver)


def test_the_clerk_issues_with_the_next_number_of_the_year_and_the_date(approved, clerk):
    year = TODAY().year
    issued = issue_report(approved.pk, by=clerk)
    assert (issued.status, issued.number_text, issued.number_seq) == ("issued", "01/BC-STTTT", 1)
    assert issued.issued_on == TODAY() and issued.issued_by == clerk
    entry = OutgoingEntry.objects.get(unit=approved.unit, year=year)
    assert (entry.seq, entry.report_id, entry.source) == (1, approved.pk, "baocao")
    assert reload(approved).captures.order_by("pk").last().stage == "issued"
    event = reload(approved).events.get(verb=AuditEvent.Verb.ISSUE)
    assert (event.actor, event.data["number"]) == (clerk, "01/BC-STTTT")


def test_one_series_for_every_document_type_and_numbers_never_reused(
    approved, clerk, template, unit, reporter, approver
):
    year = TODAY().year
    # The clerk records a plan (KH) numbered in the e-office as 01 and a letter as 02 …
    record_external_number(
        unit, by=clerk, seq=1, issued_on=TODAY(), type_code="KH", summary="Kế hoạch chuyển đổi số"
    )
    record_external_number(
        unit, by=clerk, seq=2, issued_on=TODAY(), type_code="", summary="Công văn"
    )
    assert next_number(unit, year) == 3
    # … so the report (BC) gets 03, the next one 04: one series, no duplicate, no reuse.
    assert issue_report(approved.pk, by=clerk).number_text == "03/BC-STTTT"
    other = approve_period(template, unit, reporter, approver, "2022-02")
    assert issue_report(other.pk, by=clerk).number_text == "04/BC-STTTT"
    numbers = list(
        OutgoingEntry.objects.filter(unit=unit, year=year)
        .order_by("seq")
        .values_list("number_text", flat=True)
    )
    assert numbers == ["01/KH-STTTT", "02/STTTT", "03/BC-STTTT", "04/BC-STTTT"]
    assert NumberRegister.objects.get(unit=unit, year=year).last_seq == 4


def test_a_number_taken_elsewhere_is_refused_and_baocao_skips_numbers_recorded_ahead(
    approved, clerk, unit, template, reporter, approver
):
    year = TODAY().year
    record_external_number(unit, by=clerk, seq=2, issued_on=TODAY(), type_code="QĐ")
    with pytest.raises(Conflict, match="02"):
        record_external_number(unit, by=clerk, seq=2, issued_on=TODAY(), type_code="BC")
    with pytest.raises(Conflict, match="02"):
        issue_report(approved.pk, by=clerk, number=2)
    assert reload(approved).status == "approved"  # nothing issued
    # The series goes on without a gap and jumps over the number recorded ahead: 01, then 03.
    assert issue_report(approved.pk, by=clerk).number_text == "01/BC-STTTT"
    other = approve_period(template, unit, reporter, approver, "2022-02")
    assert issue_report(other.pk, by=clerk).number_text == "03/BC-STTTT"
    seqs = list(
        OutgoingEntry.objects.filter(unit=unit, year=year)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == [1, 2, 3]
    assert next_number(unit, year) == 4


def test_the_clerk_may_issue_with_a_number_already_taken_in_the_e_office(approved, clerk):
    issued = issue_report(approved.pk, by=clerk, number=12, issued_on=TODAY())
    assert issued.number_text == "12/BC-STTTT"
    assert OutgoingEntry.objects.get(report=approved).source == "external"


def test_only_the_clerk_issues_and_only_an_approved_report(
    draft, approved, reporter, approver, clerk, outsider, consolidator
):
    with pytest.raises(Forbidden, match="văn thư"):
        issue_report(approved.pk, by=approver)
    with pytest.raises(Forbidden, match="văn thư"):
        issue_report(approved.pk, by=reporter)
    with pytest.raises(NotFound):
        issue_report(approved.pk, by=outsider)
    with pytest.raises(NotFound):  # an overseer reads it but holds no role in the unit
        issue_report(approved.pk, by=consolidator)
    issue_report(approved.pk, by=clerk)
    with pytest.raises(Forbidden, match="trạng thái"):
        issue_report(approved.pk, by=clerk)  # issued once only
    assert OutgoingEntry.objects.count() == 1


def test_a_draft_cannot_be_issued(draft, clerk):
    with pytest.raises(Forbidden, match="trạng thái"):
        issue_report(draft.pk, by=clerk)
    assert not OutgoingEntry.objects.exists()


def test_issue_dates_are_checked(approved, clerk):
    with pytest.raises(Invalid, match="sau hôm nay"):
        issue_report(approved.pk, by=clerk, issued_on=TODAY() + dt.timedelta(days=1))
    with pytest.raises(Invalid, match="trước ngày phê duyệt"):
        issue_report(approved.pk, by=clerk, issued_on=TODAY() - dt.timedelta(days=3))
    assert reload(approved).status == "approved" and not OutgoingEntry.objects.exists()


def test_an_error_in_the_signing_step_issues_nothing_and_takes_no_number(approved, clerk, unit):
    def failing_signature(report, capture, by):
        raise Invalid("Mã PIN không đúng.")

    with pytest.raises(Invalid, match="PIN"):
        issue_report(approved.pk, by=clerk, hook=failing_signature)
    fresh = reload(approved)
    assert (fresh.status, fresh.number_text) == ("approved", "")
    assert not OutgoingEntry.objects.exists()
    assert fresh.captures.count() == 1  # only the approval's capture
    assert next_number(unit, TODAY().year) == 1


def test_only_the_units_clerk_records_external_numbers(unit, other_unit, clerk, approver, outsider):
    with pytest.raises(Forbidden):
        record_external_number(unit, by=approver, seq=1, issued_on=TODAY(), type_code="KH")
    with pytest.raises(NotFound):
        record_external_number(unit, by=outsider, seq=1, issued_on=TODAY(), type_code="KH")
    with pytest.raises(NotFound):
        record_external_number(other_unit, by=clerk, seq=1, issued_on=TODAY(), type_code="KH")
    with pytest.raises(Invalid):
        record_external_number(unit, by=clerk, seq=0, issued_on=TODAY(), type_code="KH")
    assert not OutgoingEntry.objects.exists()


def test_register_entries_cannot_be_changed_or_deleted(approved, clerk):
    issue_report(approved.pk, by=clerk)
    entry = OutgoingEntry.objects.get()
    entry.summary = "khác"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
