"""Issue and seal with the server-held seal: the issuing page queues the job, its progress page
shows it done; the clerk's desk offers sealing several issued reports (screenshots 1366/375)."""

from __future__ import annotations

from pathlib import Path

import pytest

from baocao.documents.models import SignedCopy
from baocao.domain.workflow import Role
from baocao.jobs.models import Job
from baocao.jobs.queue import run_now
from baocao.reports.services import approve_report, submit_report
from tests.conftest import PASSWORD, make_user, reload
from tests.documents import softhsm
from tests.documents.certs import issue, make_pki
from tests.e2e.conftest import login, shot


@pytest.fixture
def server_seal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unit, settings):  # type: ignore[no-untyped-def]
    token = softhsm.softhsm_token(tmp_path, monkeypatch, issue(make_pki(), unit.name, unit.name))
    softhsm.configure_server_seal(settings, token, tmp_path)
    return token


def test_issue_and_seal_runs_as_a_job_with_its_progress_page(  # type: ignore[no-untyped-def]
    page, draft, reporter, approver, unit, server_seal
):
    make_user("vanthu", unit, Role.CLERK)
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)
    login(page, "vanthu", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/ban-hanh/")
    assert page.get_by_label("Ban hành và đóng dấu", exact=False).is_checked()
    shot(page, "seal-issue-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "seal-issue-375")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("button[type=submit].btn-primary")
    page.wait_for_url("**/cong-viec/*/")
    job = Job.objects.get(kind="documents.seal")
    assert run_now(job.pk) == "done"
    page.reload()
    page.wait_for_selector("text=Hoàn thành")
    shot(page, "seal-job-done-1366")
    assert reload(draft).signed_copies.filter(kind=SignedCopy.Kind.AGENCY).count() == 1
    page.goto("/van-thu/")
    assert page.locator("text=Đóng dấu các báo cáo đã ban hành").count() == 1
    shot(page, "seal-desk-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "seal-desk-375")
