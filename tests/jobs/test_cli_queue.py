"""The import verbs stay synchronous by default and enqueue their job with ``--queue``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from baocao.issuing.models import ReceivedPackage
from baocao.jobs.models import Job, JobStatus
from baocao.reports.models import Report
from tests.conftest import client_for, sample_text
from tests.issuing.conftest import approved, fast_pdf, issued

__all__ = ["approved", "fast_pdf", "issued"]  # the fixtures, used by name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued(settings: Any) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []


def test_import_package_with_queue_enqueues_and_the_worker_receives(
    issued: Any, clerk: Any, province_clerk: Any, fast_pdf: Any, tmp_path: Path
) -> None:
    path = tmp_path / "goi.bcpkg"
    path.write_bytes(client_for(clerk).get(f"/bao-cao/{issued.pk}/goi-tin/").content)
    out = io.StringIO()
    call_command(
        "import-package", str(path), "--user", province_clerk.username, "--queue", stdout=out
    )
    job = Job.objects.get(pk=int(out.getvalue().split()[0]))
    assert job.kind == "issuing.import_package" and not ReceivedPackage.objects.exists()
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["outcome"] == "received"
    assert ReceivedPackage.objects.count() == 1 and path.exists()  # the caller's file is kept
    with pytest.raises(CommandError):
        call_command(
            "import-package", str(path), "--user", province_clerk.username, "--queue", "--dry-run"
        )


def test_import_with_queue_enqueues_the_folder_job(
    template: Any, reporter: Any, tmp_path: Path
) -> None:
    (tmp_path / "bc.txt").write_bytes(sample_text().encode())
    out = io.StringIO()
    call_command(
        "import",
        str(tmp_path),
        "--unit",
        "STTTT",
        "--template",
        "STTTT-THANG",
        "--queue",
        stdout=out,
    )
    job = Job.objects.get(pk=int(out.getvalue().split()[0]))
    assert job.kind == "imports.folder" and job.created_by == reporter
    assert not Report.objects.exists()
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["imported"] == 1
    assert Report.objects.filter(unit__code="STTTT").count() == 1


def test_several_files_on_the_import_page_are_imported_by_a_job(
    template: Any, reporter: Any, settings: Any, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = str(tmp_path)
    files = [
        SimpleUploadedFile(
            f"bc-{month}.txt",
            sample_text().replace("tháng 01 năm 2022", f"tháng {month} năm 2022").encode(),
        )
        for month in ("03", "04")
    ]
    client = client_for(reporter)
    response = client.post(
        "/nhap-bao-cao/",
        {"unit": template.assigned_units.first().pk, "template": template.pk, "file": files},
    )
    job = Job.objects.get(kind="imports.folder")
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["imported"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 2 báo cáo nháp, bỏ qua 0 (đã nhập trước đó), 0 lỗi." in page
    assert not list((tmp_path / "jobs-in").iterdir())  # the kept files are gone
