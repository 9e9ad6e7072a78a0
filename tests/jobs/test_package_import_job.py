"""A large package uploaded on the packages page is received by a job, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from baocao.issuing.models import ReceivedPackage
from baocao.jobs.models import Job, JobStatus
from tests.conftest import client_for
from tests.issuing.conftest import approved, fast_pdf, issued

__all__ = ["approved", "fast_pdf", "issued"]  # the fixtures, used by name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued(settings: Any, tmp_path: Path) -> None:
    settings.BAOCAO_JOBS_IMMEDIATE = False
    settings.BAOCAO_JOB_SCHEDULE = []
    settings.BAOCAO_PACKAGE_JOB_BYTES = 0  # every package counts as large here
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_large_package_is_received_in_the_background_then_linked(
    issued: Any, clerk: Any, province_clerk: Any, outsider: Any, fast_pdf: Any, tmp_path: Path
) -> None:
    content = client_for(clerk).get(f"/bao-cao/{issued.pk}/goi-tin/").content
    client = client_for(province_clerk)
    response = client.post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content)}
    )
    job = Job.objects.get(kind="issuing.import_package")
    assert response.status_code == 302 and response["Location"] == reverse(
        "job-detail", args=[job.pk]
    )
    assert not ReceivedPackage.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Nhận gói tin báo cáo" in page and 'http-equiv="refresh"' in page
    assert client_for(outsider).get(response["Location"]).status_code == 404

    call_command("worker", "--batch")
    job.refresh_from_db()
    package = ReceivedPackage.objects.get()
    assert job.status == JobStatus.DONE and job.result["package"] == package.pk
    done = client.get(response["Location"]).content.decode()
    assert "Đã nhận gói tin: Số 01/BC-STTTT" in done
    assert f'href="/bao-cao-den/goi-tin/{package.pk}/"' in done
    assert not list((tmp_path / "jobs-in").iterdir())  # the kept upload is gone

    again = client.post("/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content)})
    call_command("worker", "--batch")
    second = Job.objects.filter(kind="issuing.import_package").exclude(pk=job.pk).get()
    assert again["Location"] == reverse("job-detail", args=[second.pk])
    assert second.result["outcome"] == "already_received"
    assert ReceivedPackage.objects.count() == 1
    assert "đã được nhập trước đó" in client.get(again["Location"]).content.decode()


def test_a_dry_run_and_a_small_package_stay_in_the_request(
    issued: Any, clerk: Any, province_clerk: Any, fast_pdf: Any, settings: Any
) -> None:
    content = client_for(clerk).get(f"/bao-cao/{issued.pk}/goi-tin/").content
    client = client_for(province_clerk)
    checked = client.post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content), "dry_run": "1"}
    )
    assert checked.status_code == 200
    assert not Job.objects.filter(kind="issuing.import_package").exists()
    settings.BAOCAO_PACKAGE_JOB_BYTES = len(content)
    response = client.post(
        "/bao-cao-den/goi-tin/", {"file": SimpleUploadedFile("goi.bcpkg", content)}
    )
    package = ReceivedPackage.objects.get()
    assert response["Location"].endswith(f"/bao-cao-den/goi-tin/{package.pk}/")
    assert not Job.objects.filter(kind="issuing.import_package").exists()
