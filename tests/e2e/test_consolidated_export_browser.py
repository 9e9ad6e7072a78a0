"""Long work from the browser: a consolidated report's DOCX and a large register upload run as
jobs; the progress page follows them, then offers the file or the summary."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from baocao.analytics.services import consolidate_report
from baocao.jobs.models import Job
from tests.analytics.conftest import file_report
from tests.conftest import PASSWORD
from tests.e2e.conftest import login, shot
from tests.registers.test_import import HEADER, LINES, csv_bytes


@pytest.fixture(autouse=True)
def queued_not_immediate(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []
    settings.BAOCAO_REGISTER_IMPORT_JOB_BYTES = 0  # the small test file counts as large


def both_widths(page: Any, name: str) -> None:
    shot(page, f"{name}-1366")
    page.set_viewport_size({"width": 375, "height": 740})
    shot(page, f"{name}-375")
    page.set_viewport_size({"width": 1366, "height": 768})


def test_a_consolidated_report_is_rendered_by_a_job_from_its_page(
    page: Any,
    template: Any,
    unit: Any,
    province: Any,
    reporter: Any,
    approver: Any,
    consolidator: Any,
) -> None:
    file_report(
        template,
        unit,
        "2022-01",
        reporter=reporter,
        approver=approver,
        values={"BAO_CHI": "773", "KHIEU_NAI": "0", "TY_LE": "80"},
        results=["Trình UBND tỉnh phê duyệt Đề án Chuyển đổi số."],
    )
    report = consolidate_report(
        parent=province, template=template, period="2022-01", by=consolidator
    )
    login(page, consolidator.username, PASSWORD)
    page.goto(f"/bao-cao/{report.pk}/")
    both_widths(page, "consolidated-report")
    page.get_by_role("button", name="Tải DOCX").click()
    page.wait_for_url("**/cong-viec/*/")
    job = Job.objects.get(kind="documents.export")
    assert page.url.endswith(f"/cong-viec/{job.pk}/")
    assert "đang chờ đến lượt" in page.content()
    both_widths(page, "consolidated-export-queued")
    call_command("worker", "--batch")
    link = page.get_by_role("link", name="Tải về")
    link.wait_for()  # the page polled its status and reloaded itself
    both_widths(page, "consolidated-export-done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")


def test_a_large_register_upload_is_confirmed_by_a_job_with_a_summary(
    page: Any, register: Any, reporter: Any
) -> None:
    login(page, reporter.username, PASSWORD)
    page.goto(f"/so-theo-doi/{register.pk}/nhap/")
    page.set_input_files(
        'input[name="file"]',
        files=[
            {
                "name": "so-don-thu.csv",
                "mimeType": "text/csv",
                "buffer": io.BytesIO(csv_bytes([HEADER, *LINES])).getvalue(),
            }
        ],
    )
    page.locator('form[enctype="multipart/form-data"] button[type="submit"]').first.click()
    page.get_by_role("button", name="Nhập 3 mục vào sổ").click()
    page.wait_for_url("**/cong-viec/*/")
    assert "Nhập sổ theo dõi từ tệp" in page.content()
    call_command("worker", "--batch")
    page.get_by_role("link", name="Xem sổ").wait_for()
    assert "Đã nhập 3 mục vào sổ từ tệp “so-don-thu.csv”." in page.content()
    both_widths(page, "register-upload-job-done")
    page.get_by_role("link", name="Xem sổ").click()
    page.wait_for_url(f"**/so-theo-doi/{register.pk}/")
    assert register.entries.count() == 3
