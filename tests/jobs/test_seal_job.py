"""The agency's seal as a background job, with the seal key on a (SoftHSM2) token and the PIN
in a server file: sealed once, verified, never a PIN in the database.

Skipped only when SoftHSM2 is not installed and BAOCAO_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from baocao.core.errors import Conflict
from baocao.documents.models import SignedCopy
from baocao.documents.seal_jobs import enqueue_seal, server_seal
from baocao.documents.signing import verify_pdf
from baocao.issuing.services import issue_report
from baocao.jobs.models import Job, JobStatus
from baocao.jobs.queue import run_now
from baocao.reports.models import Report
from baocao.reports.services import approve_report, submit_report
from tests.documents import softhsm
from tests.documents.certs import issue, make_pki

AGENCY = "Sở Thông tin và Truyền thông"


@pytest.fixture(scope="module")
def pki() -> Any:
    return make_pki()


@pytest.fixture
def token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pki: Any) -> softhsm.Token:
    return softhsm.softhsm_token(tmp_path, monkeypatch, issue(pki, AGENCY, AGENCY))


@pytest.fixture
def pin_file(settings: Any, tmp_path: Path, token: softhsm.Token) -> Path:
    return softhsm.configure_server_seal(settings, token, tmp_path)


@pytest.fixture
def seal_configured(pin_file: Path) -> None:
    """The server seal configured (``pin_file``), jobs left to the worker."""


def issued_report(draft: Report, reporter: Any, approver: Any, clerk: Any) -> Report:
    submit_report(draft, by=reporter)
    approve_report(draft, by=approver)
    issue_report(draft.pk, by=clerk)
    return Report.objects.get(pk=draft.pk)


@pytest.fixture
def issued(draft: Report, reporter: Any, approver: Any, clerk: Any) -> Report:
    return issued_report(draft, reporter, approver, clerk)


def agency_copies(report: Report) -> list[SignedCopy]:
    return list(report.signed_copies.filter(kind=SignedCopy.Kind.AGENCY))


def test_the_job_seals_the_issued_report_once_and_the_seal_verifies(
    seal_configured: None, issued: Report, clerk: Any, token: softhsm.Token, pki: Any
) -> None:
    job = enqueue_seal([issued.pk], by=clerk)
    assert token.pin not in json.dumps(job.params)
    assert run_now(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.last_error
    assert job.result == {"reports": {str(issued.pk): "sealed"}}
    assert (job.progress_done, job.progress_total) == (4, 4)
    [copy] = agency_copies(issued)
    [check] = verify_pdf(bytes(copy.content), trust_roots=(pki.ca_pem,))
    assert check.ok and check.trusted and check.is_agency and check.signer == AGENCY
    # Asked again for the same document: the same job; run again (a worker died after
    # storing): still one signature.
    assert enqueue_seal([issued.pk], by=clerk).pk == job.pk
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    from baocao.jobs.queue import _dispatch

    _dispatch(Job.objects.get(pk=job.pk))
    assert run_now(job.pk) == "done"
    assert Job.objects.get(pk=job.pk).result == {"reports": {str(issued.pk): "already"}}
    assert len(agency_copies(issued)) == 1
    assert all(token.pin not in json.dumps(j.params) for j in Job.objects.all())


def test_bulk_sealing_shows_progress_per_report(
    seal_configured: None,
    issued: Report,
    clerk: Any,
    template: Any,
    unit: Any,
    reporter: Any,
    approver: Any,
) -> None:
    from baocao.reports.services import ItemInput, create_report, save_draft

    second = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    section = template.sections.get(code="CNTT")
    save_draft(
        second,
        by=reporter,
        expected_version=second.version,
        items=[ItemInput(text="Triển khai nền tảng tích hợp dữ liệu.", section_id=section.pk)],
        values={template.indicators.get(code="BAO_CHI").pk: ("780", "")},
    )
    second.refresh_from_db()
    second = issued_report(second, reporter, approver, clerk)
    job = enqueue_seal([issued.pk, second.pk], by=clerk)
    assert run_now(job.pk) == "done"
    job.refresh_from_db()
    assert job.result == {"reports": {str(issued.pk): "sealed", str(second.pk): "sealed"}}
    assert (job.progress_done, job.progress_total) == (8, 8)
    assert len(agency_copies(issued)) == len(agency_copies(second)) == 1


@pytest.mark.parametrize("problem", ["mode", "wrong_pin", "missing"])
def test_a_bad_pin_file_fails_the_job_with_a_vietnamese_message_and_nothing_stored(
    seal_configured: None, issued: Report, clerk: Any, pin_file: Path, problem: str
) -> None:
    if problem == "mode":
        pin_file.chmod(0o644)
        message = "phải là tệp chỉ tài khoản máy chủ đọc được (quyền 0600)"
    elif problem == "missing":
        pin_file.unlink()
        message = "Không đọc được tệp mã PIN của con dấu trên máy chủ"
    else:
        pin_file.write_text("000000", encoding="utf-8")
        message = "Mã PIN của thiết bị ký số không đúng"
    job = enqueue_seal([issued.pk], by=clerk)
    assert run_now(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Không đóng dấu được báo cáo" in job.last_error and message in job.last_error
    assert agency_copies(issued) == []


def test_without_a_server_seal_no_job_is_made(settings: Any, issued: Report, clerk: Any) -> None:
    settings.BAOCAO_SEAL_PKCS11 = None
    settings.BAOCAO_SEAL_PIN_FILE = None
    assert server_seal() is None
    with pytest.raises(Conflict) as error:
        enqueue_seal([issued.pk], by=clerk)
    assert error.value.code == "no_server_seal"
    assert not Job.objects.filter(kind="documents.seal").exists()


def test_the_issuing_page_issues_then_seals_as_a_job_with_its_progress_page(
    seal_configured: None,
    draft: Report,
    reporter: Any,
    approver: Any,
    clerk: Any,
    token: softhsm.Token,
) -> None:
    from tests.conftest import client_for

    submit_report(draft, by=reporter)
    approve_report(draft, by=approver)
    client = client_for(clerk)
    page = client.get(f"/bao-cao/{draft.pk}/ban-hanh/")
    assert "Ban hành và đóng dấu" in page.content.decode()
    answer = client.post(f"/bao-cao/{draft.pk}/ban-hanh/", {"source": "baocao", "seal": "1"})
    job = Job.objects.get(kind="documents.seal")
    assert answer.status_code == 302 and answer["Location"] == f"/cong-viec/{job.pk}/"
    assert token.pin not in json.dumps(job.params)
    assert run_now(job.pk) == "done"
    status = client.get(f"/cong-viec/{job.pk}/trang-thai.json").json()
    assert status["finished"] and status["status"] == "done"
    assert len(agency_copies(Report.objects.get(pk=draft.pk))) == 1


def test_the_clerk_desk_seals_the_chosen_issued_reports(
    seal_configured: None, issued: Report, clerk: Any
) -> None:
    from tests.conftest import client_for

    client = client_for(clerk)
    assert "Đóng dấu các báo cáo đã ban hành" in client.get("/van-thu/").content.decode()
    answer = client.post("/van-thu/dong-dau/", {"report": [str(issued.pk)]})
    job = Job.objects.get(kind="documents.seal")
    assert answer["Location"] == f"/cong-viec/{job.pk}/"
    assert run_now(job.pk) == "done"
    assert len(agency_copies(issued)) == 1


def test_the_server_seal_is_read_from_the_environment(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.BAOCAO_SEAL_PKCS11 = None
    settings.BAOCAO_SEAL_PIN_FILE = None
    monkeypatch.setenv("BAOCAO_SEAL_PKCS11", "/usr/lib/libhsm.so|so-tttt|dau-co-quan")
    assert server_seal() is None  # no PIN file: no server seal
    monkeypatch.setenv("BAOCAO_SEAL_PIN_FILE", "/etc/baocao/seal.pin")
    seal = server_seal()
    assert seal is not None
    assert (seal.module_path, seal.token_label, seal.key_label, seal.pin_file) == (
        "/usr/lib/libhsm.so",
        "so-tttt",
        "dau-co-quan",
        "/etc/baocao/seal.pin",
    )
