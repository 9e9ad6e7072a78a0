"""Two-step signing: the server prepares the digest, a signer program returns a CMS.

The "signer program" stands for a USB-token signing service or a remote signing service: it
gets only the digest and signs it with the test key (pyHanko's CMS builder).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt

import pytest
from asn1crypto import keys, x509
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pyhanko.sign import signers

from baocao.core.errors import Conflict, Forbidden, Invalid
from baocao.documents.models import PendingSignature, SignedCopy
from baocao.documents.services import render_report
from baocao.documents.signing import SigningError, outside_event_loop, verify_pdf
from baocao.documents.signing_external import finish_external, prepare_external, read_cms
from baocao.documents.signing_services import (
    finish_external_signature,
    purge_expired_signatures,
    set_signature_image,
    start_external_signature,
)
from tests.conftest import client_for
from tests.documents.certs import Issued, issue, make_crl, make_pki
from tests.documents.test_signing_pkcs11 import SIGNATURE_PNG

BOX = (330.0, 300.0, 560.0, 380.0)


def signer_program(digest: bytes, issued: Issued) -> bytes:
    """Return a detached CMS (DER) over ``digest`` made with ``issued``'s key: what an external
    signer gives back. It never sees the PDF."""
    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(issued.cert_der),
        signing_key=keys.PrivateKeyInfo.load(issued.key_der),
        cert_registry=None,
    )
    # A separate program in real life: run its event loop in a thread of its own when this
    # test worker already runs one (after a browser test).
    return outside_event_loop(
        asyncio.run, signer.async_sign(digest, "sha256", use_pades=True)
    ).dump()


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def pdf(approved) -> bytes:
    return render_report(approved, "pdf").content


def test_prepare_then_finish_gives_a_valid_signature(pdf, pki):
    prepared = prepare_external(
        pdf,
        signer_cert_pem_or_der=pki.signer.cert_pem,
        page=0,
        box=BOX,
        signature_image=SIGNATURE_PNG,
    )
    assert len(prepared.document_digest) == 32
    signed = finish_external(prepared, signer_program(prepared.document_digest, pki.signer))
    [check] = verify_pdf(signed, trust_roots=(pki.ca_pem,))
    assert check.ok and check.trusted and check.signer == "Trần Văn Hùng"
    assert not check.is_agency


def test_a_cms_over_another_digest_or_by_another_certificate_is_refused(pdf, pki):
    prepared = prepare_external(pdf, signer_cert_pem_or_der=pki.signer.cert_der, page=0, box=BOX)
    with pytest.raises(SigningError, match="Chữ ký không được tạo cho văn bản này"):
        finish_external(prepared, signer_program(bytes(32), pki.signer))
    other = issue(pki, "Lê Văn Khác")
    with pytest.raises(SigningError, match="chứng thư số khác"):
        finish_external(prepared, signer_program(prepared.document_digest, other))
    with pytest.raises(SigningError, match="CMS/PKCS#7"):
        finish_external(prepared, b"not a signature")


def test_a_der_signature_ending_in_a_whitespace_byte_is_read(pki):
    # The last byte of a DER CMS is the signature value's: 0x0a or 0x20 in a few percent of
    # signatures, which trimming the upload as text used to cut off (a flaky refusal).
    cms = signer_program(bytes(32), pki.signer)
    for last in b"\n ":
        info, _signer_info = read_cms(cms[:-1] + bytes([last]))
        assert info["content"]["signer_infos"][0]["signature"].native[-1] == last
    assert read_cms(base64.b64encode(cms) + b"\n")[0].dump() == cms


def test_an_expired_or_revoked_certificate_gets_no_digest(pdf, pki):
    with pytest.raises(SigningError, match="hết hạn"):
        prepare_external(
            pdf, signer_cert_pem_or_der=issue(pki, "A", expired=True).cert_pem, page=0, box=BOX
        )
    revoked = issue(pki, "B")
    with pytest.raises(SigningError, match="thu hồi"):
        prepare_external(
            pdf,
            signer_cert_pem_or_der=revoked.cert_pem,
            page=0,
            box=BOX,
            trust_roots=(pki.ca_pem,),
            crls=(make_crl(pki, [revoked]),),
        )


def test_the_service_keeps_the_prepared_pdf_between_the_steps(approved, approver, reporter, pki):
    with pytest.raises(Forbidden):
        start_external_signature(approved.pk, by=reporter, certificate=pki.signer.cert_pem)
    set_signature_image(by=approver, png=SIGNATURE_PNG)
    pending = start_external_signature(approved.pk, by=approver, certificate=pki.signer.cert_pem)
    assert PendingSignature.objects.get().expires_at > timezone.now()
    digest = bytes.fromhex(pending.document_digest)
    with pytest.raises(Invalid) as error:
        finish_external_signature(
            pending.public_id, by=approver, cms=signer_program(bytes(32), pki.signer)
        )
    assert error.value.code == "signing_failed" and not SignedCopy.objects.exists()
    copy = finish_external_signature(
        pending.public_id, by=approver, cms=signer_program(digest, pki.signer)
    )
    [check] = verify_pdf(bytes(copy.content), trust_roots=(pki.ca_pem,))
    assert check.ok and copy.kind == SignedCopy.Kind.PERSONAL
    with pytest.raises(Conflict):
        finish_external_signature(
            pending.public_id, by=approver, cms=signer_program(digest, pki.signer)
        )


def test_an_expired_request_is_refused_and_purged(approved, approver, pki):
    pending = start_external_signature(approved.pk, by=approver, certificate=pki.signer.cert_pem)
    PendingSignature.objects.filter(pk=pending.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(Conflict):
        finish_external_signature(
            pending.public_id,
            by=approver,
            cms=signer_program(bytes.fromhex(pending.document_digest), pki.signer),
        )
    assert purge_expired_signatures() == 1


def test_the_two_step_pages(approved, approver, reporter, pki):
    assert client_for(reporter).get(f"/bao-cao/{approved.pk}/ky-so/tu-xa/").status_code == 404
    client = client_for(approver)
    response = client.post(
        f"/bao-cao/{approved.pk}/ky-so/tu-xa/",
        {"certificate": SimpleUploadedFile("ky.cer", pki.signer.cert_der)},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    pending = PendingSignature.objects.get()
    assert pending.document_digest in page.content.decode()
    # someone else cannot see it
    assert client_for(reporter).get(response["Location"]).status_code == 404
    wrong = client.post(
        response["Location"],
        {"signature": SimpleUploadedFile("ky.p7s", signer_program(bytes(32), pki.signer))},
    )
    assert wrong.status_code == 422 and "không được tạo cho văn bản này" in wrong.content.decode()
    cms = signer_program(bytes.fromhex(pending.document_digest), pki.signer)
    done = client.post(response["Location"], {"signature_text": base64.b64encode(cms).decode()})
    assert done.status_code == 302
    signed = client.get(f"/bao-cao/{approved.pk}/ban-ky-so.pdf")
    data = b"".join(signed.streaming_content) if signed.streaming else signed.content
    result = client.post(
        "/kiem-tra-chu-ky-so/",
        {"document": SimpleUploadedFile("bc.pdf", data, content_type="application/pdf")},
    )
    html = result.content.decode()
    assert "Trần Văn Hùng" in html and "Chữ ký số cá nhân" in html and "Không thay đổi" in html
