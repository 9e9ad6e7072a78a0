"""Approve → issue (numbered, sealed with the agency's SoftHSM2 token) → send → receive → rates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baocao.documents.models import SignedCopy
from baocao.documents.signing import verify_pdf
from baocao.documents.signing_services import configure_agency_token
from baocao.domain.workflow import Role
from baocao.issuing.models import OutgoingEntry
from baocao.reports.models import Report
from baocao.reports.services import approve_report, submit_report
from tests.conftest import PASSWORD, make_user, reload
from tests.documents import softhsm
from tests.documents.certs import issue, make_pki
from tests.documents.test_signing_pkcs11 import SEAL_PNG
from tests.e2e.conftest import login, shot


def logout(page) -> None:
    page.click("text=Đăng xuất")
    page.wait_for_url("**/dang-nhap/")


@pytest.fixture
def sealed_unit(tmp_path, monkeypatch, unit, settings):
    """Give the Sở TT&TT an agency token on a real PKCS#11 token (SoftHSM2) with its seal."""
    pki = make_pki()
    token = softhsm.softhsm_token(tmp_path, monkeypatch, issue(pki, unit.name, unit.name))
    settings.BAOCAO_PKCS11_MODULE = token.module_path
    admin = make_user("quantri", unit, Role.ADMINISTRATOR)
    configure_agency_token(
        unit.pk, by=admin, token_label=token.label, key_label=token.key_label, seal_png=SEAL_PNG
    )
    return token


def test_the_clerk_issues_seals_and_sends_the_receiver_acknowledges_and_rates_count_it(
    page, draft, reporter, approver, unit, province, template, viewer, sealed_unit
):
    make_user("vanthu", unit, Role.CLERK, first_name="Hoa", last_name="Bùi Thị")
    make_user("vanthu.tinh", province, Role.CLERK, first_name="Mai", last_name="Ngô Thị")
    submit_report(reload(draft), by=reporter)
    approve_report(reload(draft), by=approver)

    # The clerk finds the approved report on her desk and opens the issuing page
    login(page, "vanthu", PASSWORD)
    page.click("nav >> text=Văn thư")
    assert "Báo cáo chờ ban hành" in page.inner_text("main")
    assert draft.title in page.inner_text("main")
    shot(page, "issuing-clerk-desk")
    page.get_by_role("link", name="Ban hành", exact=True).click()
    page.wait_for_url("**/ban-hanh/")
    assert "Lấy số tiếp theo trong sổ: 01" in page.inner_text("main")

    # A wrong PIN: a clear Vietnamese message, nothing issued, no number taken
    page.fill("#pin", "000000")
    page.click("button.btn-primary")
    assert "PIN" in page.inner_text(".messages")
    assert reload(draft).status == "approved" and not OutgoingEntry.objects.exists()

    # The right PIN: numbered, dated, sealed
    page.fill("#pin", sealed_unit.pin)
    page.click("button.btn-primary")
    page.wait_for_url(f"**/bao-cao/{draft.pk}/")
    assert "Đã ban hành báo cáo: Số 01/BC-STTTT." in page.inner_text(".messages")
    assert "Đã ban hành" in page.inner_text(".status")
    copy = SignedCopy.objects.get(report=draft)
    assert copy.kind == SignedCopy.Kind.AGENCY
    (check,) = verify_pdf(bytes(copy.content))
    assert check.intact and check.is_agency
    shot(page, "issuing-issued")

    # She sends it to the receiving agency the regime names (the UBND tỉnh, checked already)
    page.get_by_role("link", name="Gửi nơi nhận", exact=True).click()
    page.wait_for_url("**/gui-noi-nhan/")
    checked = page.locator("input[name=to]:checked")
    assert checked.count() == 1
    page.click("button.btn-primary")
    assert "Đã gửi báo cáo đến: Ủy ban nhân dân tỉnh Thái Bình." in page.inner_text(".messages")
    assert "Đã gửi" in page.inner_text(".status")
    logout(page)

    # The province's clerk finds it in "Báo cáo đến" and acknowledges it
    login(page, "vanthu.tinh", PASSWORD)
    page.click("nav >> text=Báo cáo đến")
    row = page.locator("tr", has_text="01/BC-STTTT")
    assert "Sở Thông tin và Truyền thông" in row.inner_text()
    shot(page, "issuing-inbox")
    row.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_url(f"**/bao-cao/{draft.pk}/")
    assert "Đã nhận" in page.inner_text(".status")
    assert reload(draft).status == "received"
    logout(page)

    # The provincial leader's rates count it as received, on time by its send date
    login(page, "lanhdao", PASSWORD)
    page.goto(reverse("reporting-rates") + f"?template={template.pk}&period=2022-01")
    shot(page, "issuing-rates")
    text = page.inner_text("main")
    assert "Sở Kế hoạch và Đầu tư" in text  # still missing
    sent_on = Report.objects.get(pk=draft.pk).sent_at.astimezone().strftime("%d/%m/%Y")
    # Sent years after the January 2022 deadline: received, and late by its send date.
    assert f"Sở Thông tin và Truyền thông — gửi ngày {sent_on}" in text
    kpis = page.locator(".kpi").all_inner_texts()
    assert any(k.split() == ["1", "đã", "gửi"] for k in kpis)
    assert any(k.split() == ["1", "trễ", "hạn"] for k in kpis)
