"""A consolidated report goes through the same workflow and renderer as any report."""

from __future__ import annotations

import io

from docx import Document

from baocao.analytics.services.consolidate import consolidate_report
from baocao.documents.services import export_report
from baocao.domain.workflow import Role
from baocao.issuing.services import issue_report
from baocao.organizations.models import Membership
from baocao.reports.services import (
    ItemInput,
    approve_report,
    create_report,
    save_draft,
    submit_report,
)
from tests.conftest import make_user, reload


def approved(unit, template, reporter, approver, text, press):
    report = create_report(unit=unit, template=template, period="2022-01", by=reporter)
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        items=[ItemInput(text=text, section_id=template.sections.get(code="CNTT").pk)],
        values={template.indicators.get(code="BAO_CHI").pk: (str(press), "")},
    )
    submit_report(reload(report), by=reporter)
    return approve_report(reload(report), by=approver)


def test_consolidate_edit_submit_approve_export(
    template,
    unit,
    other_unit,
    province,
    reporter,
    approver,
    outsider,
    outside_approver,
    consolidator,
):
    approved(unit, template, reporter, approver, "Sở TT&TT triển khai Camera.", 773)
    approved(other_unit, template, outsider, outside_approver, "Sở KH&ĐT thẩm định dự án.", 27)
    # The provincial office's consolidator drafts and edits; the Vice-Chairman approves.
    Membership.objects.create(user=consolidator, unit=province, role=Role.REPORTER.value)
    chairman = make_user(
        "phochutich",
        province,
        Role.APPROVER,
        first_name="Vinh",
        last_name="Phạm Quang",
        title="Phó Chủ tịch",
        sign_authority="KT. CHỦ TỊCH",
    )
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    assert report.is_consolidated
    assert report.values.get(indicator__code="BAO_CHI").value == 800
    units = {i.source_unit.code for i in report.items.select_related("source_unit")}
    assert units == {"STTTT", "SKHDT"}
    save_draft(
        report,
        by=consolidator,
        expected_version=report.version,
        intro="Các sở, ngành đã triển khai nhiệm vụ tháng 01/2022.",
    )
    submit_report(reload(report), by=consolidator)
    final = approve_report(reload(report), by=chairman)
    assert (final.number_text, final.sign_authority) == ("", "KT. CHỦ TỊCH")
    clerk = make_user("vanthu.tinh", province, Role.CLERK)
    final = issue_report(report.pk, by=clerk)
    assert final.number_text == "01/BC-UBND"
    rendered = export_report(report.pk, "docx", by=chairman)
    document = Document(io.BytesIO(rendered.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    assert "Sở TT&TT triển khai Camera." in text
    assert "Sở KH&ĐT thẩm định dự án." in text
    assert "01/BC-UBND" in text
