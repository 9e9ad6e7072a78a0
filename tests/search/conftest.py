"""Fixtures of the search tests: reports of two units in several periods and statuses."""

from __future__ import annotations

import pytest

from baocao.reports.services import (
    ItemInput,
    approve_report,
    create_report,
    save_draft,
    submit_report,
)


def write(report, reporter, *texts: str, section_code: str = "CNTT"):
    """Replace the report's items by ``texts`` in one section."""
    section = report.template.sections.get(code=section_code)
    save_draft(
        report,
        by=reporter,
        expected_version=report.version,
        items=[ItemInput(text=t, section_id=section.pk) for t in texts],
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def approved(template, unit, reporter, approver):
    """Return an approved report of the Sở TT&TT for December 2021."""
    report = create_report(unit=unit, template=template, period="2021-12", by=reporter)
    write(
        report,
        reporter,
        "Hoàn thành lắp đặt Camera giám sát tại 10 nút giao thông.",
        "Đồng bộ dữ liệu dân cư với hệ thống một cửa điện tử.",
    )
    submit_report(report, by=reporter)
    approve_report(report, by=approver)
    report.refresh_from_db()
    return report


@pytest.fixture
def other_draft(template, other_unit, outsider):
    """Return a draft of the other department that mentions camera giám sát."""
    report = create_report(unit=other_unit, template=template, period="2022-01", by=outsider)
    return write(report, outsider, "Bí mật: dự thảo camera giám sát của Sở KH&ĐT.")
