"""Digital signatures: the approver signs an approved report; uploads are verified."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.documents.models import SignedCopy
from baocao.documents.services import sign_report, verify_document
from baocao.reports.models import AuditEvent
from tests.conftest import PASSWORD
from tests.documents.certs import make_pki


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def signed(approved, approver, pki) -> SignedCopy:
    return sign_report(approved.pk, by=approver, p12=pki.p12, passphrase=pki.passphrase)


def test_sign_then_verify_is_intact_and_names_the_signer(signed, pki, approver):
    data = bytes(signed.content)
    [check] = verify_document(data, roots=(pki.ca_pem,))
    assert check.ok and check.trusted
    assert check.signer == "Trần Văn Hùng"
    assert check.organisation == "Sở Thông tin và Truyền thông"
    assert check.signing_time is not None
    event = AuditEvent.objects.get(report=signed.report, verb="sign")
    assert event.actor == approver and event.data["sha256"] == signed.sha256
    assert pki.passphrase not in str(event.data)


def test_tampering_with_a_signed_pdf_fails_verification(signed, pki):
    data = bytearray(signed.content)
    position = data.find(b"stream", len(data) // 5) + 20
    data[position] ^= 0x01
    [check] = verify_document(bytes(data), roots=(pki.ca_pem,))
    assert not check.ok and not check.intact
    [appended] = verify_document(bytes(signed.content) + b"\n%%tamper\n", roots=(pki.ca_pem,))
    assert not appended.ok


def test_only_the_approver_signs_an_approved_report_with_the_right_passphrase(
    approved, draft, reporter, approver, outsider, pki
):
    with pytest.raises(Forbidden):
        sign_report(approved.pk, by=reporter, p12=pki.p12, passphrase=pki.passphrase)
    with pytest.raises(NotFound):
        sign_report(approved.pk, by=outsider, p12=pki.p12, passphrase=pki.passphrase)
    with pytest.raises(Invalid):
        sign_report(approved.pk, by=approver, p12=pki.p12, passphrase="sai-mat-khau")
    assert not SignedCopy.objects.exists()


def test_sign_form_and_verify_page(client, approved, approver, reporter, pki):
    client.login(username=reporter.username, password=PASSWORD)
    assert client.get(f"/bao-cao/{approved.pk}/ky-so/").status_code == 404
    client.login(username=approver.username, password=PASSWORD)
    page = client.get(f"/bao-cao/{approved.pk}/").content.decode()
    assert f"/bao-cao/{approved.pk}/ky-so/" in page
    response = client.post(
        f"/bao-cao/{approved.pk}/ky-so/",
        {"certificate": SimpleUploadedFile("ky.p12", pki.p12), "passphrase": pki.passphrase},
    )
    assert response.status_code == 302
    download = client.get(f"/bao-cao/{approved.pk}/ban-ky-so.pdf")
    assert download.status_code == 200
    signed = b"".join(download.streaming_content) if download.streaming else download.content
    result = client.post(
        "/kiem-tra-chu-ky-so/",
        {"document": SimpleUploadedFile("bc.pdf", signed, content_type="application/pdf")},
    )
    html = result.content.decode()
    assert "Trần Văn Hùng" in html and "Nguyên vẹn" in html
    broken = bytearray(signed)
    broken[len(broken) // 3] ^= 0x01
    result = client.post(
        "/kiem-tra-chu-ky-so/",
        {"document": SimpleUploadedFile("bc.pdf", bytes(broken), content_type="application/pdf")},
    )
    assert "Nguyên vẹn" not in result.content.decode()


def test_verify_page_refuses_a_file_that_is_not_a_pdf(client, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    result = client.post(
        "/kiem-tra-chu-ky-so/", {"document": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")}
    )
    assert result.status_code == 422
    assert "Kiểm tra chữ ký số" in result.content.decode()


def test_signing_and_verifying_work_where_an_event_loop_runs(approved, pki):
    """pyHanko runs asyncio.run inside: under a running loop (an ASGI server, a browser test
    driver in the same process) signing must still work, and a verification must not report
    an intact file as modified."""
    import asyncio

    from baocao.documents.services import render_report
    from baocao.documents.signing import sign_pdf, verify_pdf

    pdf = render_report(approved, "pdf").content  # the database is used outside the loop

    async def sign_and_check() -> list:
        signed = sign_pdf(
            pdf, p12=pki.p12, passphrase=pki.passphrase, page=0, box=(300.0, 100.0, 500.0, 160.0)
        )
        return verify_pdf(signed, trust_roots=(pki.ca_pem,))

    # The loop runs in a thread of its own, so this test does not depend on whether the test
    # worker's main thread already runs one (a browser test's driver does).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        [check] = pool.submit(asyncio.run, sign_and_check()).result()
    assert check.ok and check.intact and check.covers_whole_file
    assert check.signer == "Trần Văn Hùng"
