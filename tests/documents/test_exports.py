"""Downloads and the CLI: who may export, file names, audit events, numbers and the draft mark."""

from __future__ import annotations

from django.core.management import call_command

from baocao.documents.build import build_document
from baocao.reports.models import AuditEvent, Report
from baocao.reports.services import approve_report, create_report, submit_report
from tests.conftest import PASSWORD


def test_issued_reports_draw_numbers_from_the_yearly_register_never_reused(
    approved, template, unit, reporter, approver
):
    from baocao.domain.workflow import Role
    from baocao.issuing.services import issue_report
    from baocao.reports.services import ItemInput, save_draft
    from tests.conftest import make_user

    clerk = make_user("vanthu", unit, Role.CLERK)
    second = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    section = template.sections.get(code="CNTT")
    save_draft(
        second,
        by=reporter,
        expected_version=second.version,
        items=[ItemInput(text="Một việc.", section_id=section.pk)],
    )
    submit_report(second, by=reporter)
    approve_report(Report.objects.get(pk=second.pk), by=approver)
    # Approved, not yet issued: the number and the date are left blank for the clerk.
    assert (
        build_document(Report.objects.get(pk=second.pk)).header.number_line == "Số:      /BC-STTTT"
    )
    issue_report(approved.pk, by=clerk)
    issue_report(second.pk, by=clerk)
    first, second = Report.objects.get(pk=approved.pk), Report.objects.get(pk=second.pk)
    assert first.number_text != second.number_text
    assert {first.number_seq, second.number_seq} == {1, 2}
    assert build_document(second).header.number_line == f"Số: {second.number_text}"


def test_a_draft_carries_the_draft_mark_instead_of_a_number(draft):
    model = build_document(draft)
    assert model.is_draft and model.metadata["mark"] == "DỰ THẢO"
    assert model.header.number_line.startswith("Số:") and not any(
        c.isdigit() for c in model.header.number_line
    )


def test_reporter_downloads_docx_and_pdf_named_after_the_report(client, approved, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    docx = client.get(f"/bao-cao/{approved.pk}/tai-ve.docx")
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="BC-STTTT-2022-01.docx"' in docx["Content-Disposition"]
    pdf = client.get(f"/bao-cao/{approved.pk}/tai-ve.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(report=approved, verb="export")
    assert sorted(e.data["format"] for e in events) == ["docx", "pdf"]
    assert all(e.actor == reporter for e in events)


def test_outsider_gets_404_and_nothing_is_recorded(client, draft, outsider):
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(f"/bao-cao/{draft.pk}/tai-ve.docx").status_code == 404
    assert client.get(f"/bao-cao/{draft.pk}/tai-ve.pdf").status_code == 404
    assert not AuditEvent.objects.filter(report=draft, verb="export").exists()


def test_viewer_downloads_an_approved_report_but_not_a_draft(
    client, approved, draft, viewer, template, unit, reporter
):
    client.login(username=viewer.username, password=PASSWORD)
    assert client.get(f"/bao-cao/{approved.pk}/tai-ve.docx").status_code == 200
    other = create_report(unit=unit, template=template, period="2022-03", by=reporter)
    assert client.get(f"/bao-cao/{other.pk}/tai-ve.docx").status_code == 404


def test_report_page_shows_the_download_buttons(client, approved, reporter, outsider):
    client.login(username=reporter.username, password=PASSWORD)
    page = client.get(f"/bao-cao/{approved.pk}/").content.decode()
    assert f"/bao-cao/{approved.pk}/tai-ve.docx" in page
    assert f"/bao-cao/{approved.pk}/tai-ve.pdf" in page
    assert "/ky-so/" not in page


def test_export_command_writes_the_file(approved, reporter, tmp_path):
    target = tmp_path / "out.docx"
    call_command(
        "export",
        str(approved.pk),
        "--format",
        "docx",
        "-o",
        str(target),
        "--user",
        reporter.username,
    )
    assert target.read_bytes()[:2] == b"PK"
    assert AuditEvent.objects.filter(report=approved, verb="export", actor=reporter).exists()
