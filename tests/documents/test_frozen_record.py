"""The issued record never changes: renaming everything the document prints changes nothing.

A report approved or later is exported from what was captured when it was approved and when it
was issued; only drafts follow live data.
"""

from __future__ import annotations

from baocao.catalog.models import Indicator, Section
from baocao.documents.services import export_report
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.models import DocumentCapture, Report
from tests.documents.conftest import docx_text, pdf_text


def rename_everything(report: Report) -> None:
    """Do what a province did in 2025: rename the unit and its parent, edit the regime."""
    unit = report.unit
    OrgUnit.objects.filter(pk=unit.pk).update(
        name="Sở Khoa học và Công nghệ",
        short_name="Sở KH&CN",
        doc_code="SKHCN",
        governing_body="UBND TỈNH HƯNG YÊN",
        place_name="Hưng Yên",
    )
    OrgUnit.objects.filter(pk=unit.parent_id).update(name="Ủy ban nhân dân tỉnh Hưng Yên")
    for section in Section.objects.filter(template=report.template_id):
        Section.objects.filter(pk=section.pk).update(
            title=f"{section.title} (sửa đổi)", order=100 - section.order
        )
    for indicator in Indicator.objects.filter(template=report.template_id):
        Indicator.objects.filter(pk=indicator.pk).update(
            name=f"{indicator.name} mới", unit="đơn vị mới", order=100 - indicator.order
        )
    type(report.template).objects.filter(pk=report.template_id).update(
        doc_type_code="TB", recipients="Bộ Khoa học và Công nghệ;"
    )
    Membership.objects.filter(unit=unit, role="approver").update(
        title="Giám đốc", sign_authority=""
    )


def exports(report_id: int, user) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    docx = export_report(report_id, "docx", by=user)
    pdf = export_report(report_id, "pdf", by=user)
    return {
        "docx": (docx.filename, docx_text(docx.content)),
        "pdf": (pdf.filename, pdf_text(pdf.content)),
    }


def test_the_january_2022_report_prints_exactly_as_issued_after_the_2025_renames(demo):
    report = demo["report"]
    reader = demo["users"]["giamdoc"]
    before = exports(report.pk, reader)
    assert before["docx"][0] == "BC-STTTT-2022-01.docx"
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in before["pdf"][1]
    assert "Số: 05/BC-STTTT" in before["docx"][1]
    rename_everything(report)
    after = exports(report.pk, reader)
    assert after == before
    assert "HƯNG YÊN" not in after["pdf"][1] and "KHOA HỌC" not in after["docx"][1]


def test_a_draft_follows_live_data(draft, reporter):
    rename_everything(draft)
    text = docx_text(export_report(draft.pk, "docx", by=reporter).content)
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "(sửa đổi)" in text


def test_approval_and_issue_each_capture_the_document(approved):
    from baocao.domain.workflow import Role
    from baocao.issuing.services import issue_report
    from tests.conftest import make_user

    clerk = make_user("vanthu", approved.unit, Role.CLERK)
    assert list(approved.captures.values_list("stage", flat=True)) == ["approved"]
    approved_text = docx_text(export_report(approved.pk, "docx", by=clerk).content)
    assert "Số:      /BC-STTTT" in approved_text.replace(
        "\xa0", " "
    ) or "Số: /BC-STTTT" in " ".join(approved_text.split())
    rename_everything(approved)  # between approval and issue: the approved text stands
    issue_report(approved.pk, by=clerk)
    stages = list(approved.captures.order_by("pk").values_list("stage", "number_text"))
    assert stages == [("approved", ""), ("issued", "01/BC-STTTT")]
    issued_text = docx_text(export_report(approved.pk, "docx", by=clerk).content)
    assert "Số: 01/BC-STTTT" in issued_text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in issued_text
    assert "(sửa đổi)" not in issued_text


def test_captures_cannot_be_changed_or_deleted(approved):
    capture = DocumentCapture.objects.get(report=approved)
    capture.document = {}
    try:
        capture.save()
    except PermissionError:
        pass
    else:
        raise AssertionError("a capture was changed")
    assert DocumentCapture.objects.get(pk=capture.pk).document["header"]
