"""The agency's digital signature through a real PKCS#11 token (SoftHSM2), and the seal.

Skipped only when SoftHSM2 is not installed and BAOCAO_REQUIRE_BROWSER is unset (CI sets it:
there a missing SoftHSM2 fails).
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from baocao.core.errors import Conflict, Forbidden, Invalid
from baocao.documents.models import AgencyToken, SignedCopy
from baocao.documents.services import render_report, sign_report
from baocao.documents.signing import SigningError, verify_pdf
from baocao.documents.signing_pkcs11 import sign_pdf_pkcs11
from baocao.documents.signing_services import (
    configure_agency_token,
    set_signature_image,
    sign_with_agency_token,
)
from baocao.domain.workflow import Role
from baocao.reports.models import AuditEvent
from tests.conftest import make_user
from tests.documents import softhsm
from tests.documents.certs import issue, make_crl, make_pki

AGENCY = "Sở Thông tin và Truyền thông"
BOX = (330.0, 300.0, 560.0, 380.0)


def png(size: tuple[int, int], draw) -> bytes:  # type: ignore[no-untyped-def]
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


SIGNATURE_PNG = png(
    (400, 160),
    lambda d: d.line(
        [(20, 120), (100, 30), (160, 130), (240, 40), (380, 100)], fill=(0, 0, 160, 255), width=8
    ),
)
SEAL_PNG = png(
    (300, 300),
    lambda d: (
        d.ellipse([5, 5, 295, 295], outline=(0, 0, 0, 255), width=12),
        d.ellipse([70, 70, 230, 230], outline=(0, 0, 0, 255), width=6),
    ),
)


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def agency_cert(pki):
    return issue(pki, AGENCY, AGENCY)


@pytest.fixture
def token(tmp_path, monkeypatch, agency_cert) -> softhsm.Token:
    return softhsm.softhsm_token(tmp_path, monkeypatch, agency_cert)


@pytest.fixture
def pdf(approved) -> bytes:
    return render_report(approved, "pdf").content


def sign(pdf: bytes, token: softhsm.Token, **overrides) -> bytes:  # type: ignore[no-untyped-def]
    kwargs = dict(
        module_path=token.module_path,
        token_label=token.label,
        pin=token.pin,
        key_label=token.key_label,
        page=0,
        box=BOX,
        seal_image=SEAL_PNG,
    )
    kwargs.update(overrides)
    return sign_pdf_pkcs11(pdf, **kwargs)


def test_the_agency_signs_through_the_token_and_the_signature_verifies(pdf, token, pki):
    signed = sign(pdf, token, trust_roots=(pki.ca_pem,))
    [check] = verify_pdf(signed, trust_roots=(pki.ca_pem,))
    assert check.ok and check.trusted and check.is_agency
    assert check.signer == AGENCY and check.field.startswith("ChuKyCoQuan")


def test_person_then_agency_both_verify_and_the_seal_covers_the_signature(pdf, token, pki):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from baocao.documents.signing import _widget_rects, sign_pdf

    personal = sign_pdf(
        pdf, p12=pki.p12, passphrase=pki.passphrase, page=0, box=BOX, signature_image=SIGNATURE_PNG
    )
    both = sign(personal, token)
    checks = verify_pdf(both, trust_roots=(pki.ca_pem,))
    assert [c.kind for c in checks] == ["personal", "agency"]
    assert all(c.ok and c.intact and c.valid for c in checks)
    assert not checks[0].covers_whole_file and checks[0].later_signatures_only
    rects = {name: rect for name, _page, rect in _widget_rects(PdfFileReader(io.BytesIO(both)))}
    sig, seal = rects["ChuKySo1"], rects["ChuKyCoQuan2"]
    third = (sig[2] - sig[0]) / 3
    assert seal[2] == pytest.approx(sig[0] + third, abs=0.5)  # the seal's right edge
    assert seal[1] < (sig[1] + sig[3]) / 2 < seal[3]  # level with the signature image
    # Content appended after the agency's signature is a change for both.
    tampered = both + b"\n%%tamper\n"
    assert not verify_pdf(tampered)[-1].ok


@pytest.mark.parametrize(
    "override, message",
    [
        ({"pin": "000000"}, "Mã PIN của thiết bị ký số không đúng"),
        ({"token_label": "khong-co"}, "Không tìm thấy thiết bị ký số «khong-co»"),
        ({"key_label": "khoa-khac"}, "Không tìm thấy khóa ký hoặc chứng thư số «khoa-khac»"),
        ({"module_path": "/khong/co/libpkcs11.so"}, "Không tìm thấy thư viện PKCS#11"),
    ],
)
def test_token_errors_give_a_vietnamese_message_and_nothing(pdf, token, override, message):
    with pytest.raises(SigningError) as error:
        sign(pdf, token, **override)
    assert message in str(error.value)


def test_an_expired_certificate_on_the_token_is_refused(pdf, tmp_path, monkeypatch, pki):
    token = softhsm.softhsm_token(tmp_path, monkeypatch, issue(pki, AGENCY, AGENCY, expired=True))
    with pytest.raises(SigningError, match="Chứng thư số đã hết hạn từ ngày"):
        sign(pdf, token)


def test_a_revoked_certificate_is_refused_with_the_ca_crl(pdf, token, pki, agency_cert):
    crl = make_crl(pki, [agency_cert])
    with pytest.raises(SigningError, match="Chứng thư số đã bị thu hồi"):
        sign(pdf, token, trust_roots=(pki.ca_pem,), crls=(crl,))
    # A CRL that does not list it: signed.
    other = make_crl(pki, [issue(pki, "Người khác")])
    assert verify_pdf(sign(pdf, token, trust_roots=(pki.ca_pem,), crls=(other,)))[0].ok


def test_a_certificate_from_another_ca_is_refused_when_roots_are_configured(pdf, token):
    stranger = make_pki(ca="CA lạ")
    with pytest.raises(SigningError, match="không do tổ chức chứng thực tin cậy cấp"):
        sign(pdf, token, trust_roots=(stranger.ca_pem,))


# ── the services: configuration by the administrator, signing by the clerk ──────────────────


@pytest.fixture
def clerk(unit):
    return make_user("vanthu", unit, Role.CLERK, first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def admin(unit):
    return make_user("quantri", unit, Role.ADMINISTRATOR)


@pytest.fixture
def configured(token, unit, admin, settings) -> AgencyToken:
    settings.BAOCAO_PKCS11_MODULE = token.module_path
    return configure_agency_token(
        unit.pk, by=admin, token_label=token.label, key_label=token.key_label, seal_png=SEAL_PNG
    )


def test_only_the_administrator_configures_and_modules_are_allow_listed(
    unit, admin, clerk, token, settings
):
    settings.BAOCAO_PKCS11_MODULE = token.module_path
    with pytest.raises(Forbidden):
        configure_agency_token(unit.pk, by=clerk, token_label="t", key_label="k")
    with pytest.raises(Invalid) as error:
        configure_agency_token(
            unit.pk, by=admin, token_label="t", key_label="k", module_path="/tmp/evil.so"
        )
    assert error.value.details == {"module_path": "not_allowed"}
    with pytest.raises(Invalid):
        configure_agency_token(
            unit.pk, by=admin, token_label="t", key_label="k", seal_png=b"GIF89a not a png"
        )
    config = configure_agency_token(
        unit.pk, by=admin, token_label="t", key_label="k", module_path=token.module_path
    )
    assert config.module_path == token.module_path
    assert AuditEvent.objects.filter(verb="sign", data__kind="configure_agency_token").exists()


def test_the_clerk_signs_with_the_agency_token_and_a_copy_is_kept(
    approved, clerk, approver, configured, token, pki
):
    with pytest.raises(Forbidden):
        sign_with_agency_token(approved.pk, by=approver, pin=token.pin)
    with pytest.raises(Invalid) as error:
        sign_with_agency_token(approved.pk, by=clerk, pin="999999")
    assert error.value.code == "signing_failed" and "PIN" in error.value.message
    assert not SignedCopy.objects.exists()
    copy = sign_with_agency_token(approved.pk, by=clerk, pin=token.pin)
    assert copy.kind == SignedCopy.Kind.AGENCY and copy.signer_name == AGENCY
    [check] = verify_pdf(bytes(copy.content), trust_roots=(pki.ca_pem,))
    assert check.ok and check.is_agency
    event = AuditEvent.objects.get(report=approved, verb="sign")
    assert event.data["kind"] == "agency" and token.pin not in str(event.data)


def test_the_approver_signs_then_the_clerk_seals_the_same_pdf(
    approved, clerk, approver, configured, token, pki
):
    set_signature_image(by=approver, png=SIGNATURE_PNG)
    personal = sign_report(approved.pk, by=approver, p12=pki.p12, passphrase=pki.passphrase)
    copy = sign_with_agency_token(approved.pk, by=clerk, pin=token.pin, pdf=bytes(personal.content))
    checks = verify_pdf(bytes(copy.content), trust_roots=(pki.ca_pem,))
    assert [(c.kind, c.ok) for c in checks] == [("personal", True), ("agency", True)]


def test_without_a_configured_token_nothing_is_signed(approved, clerk):
    with pytest.raises(Conflict):
        sign_with_agency_token(approved.pk, by=clerk, pin="123456")


def test_the_issuing_hook_signs_and_a_failure_rolls_back(approved, clerk, configured, token):
    from django.db import transaction

    from baocao.documents.records import capture_document
    from baocao.documents.signing_services import agency_signature_hook
    from baocao.reports.models import DocumentCapture

    capture = capture_document(approved, DocumentCapture.Stage.ISSUED, by=clerk)
    with pytest.raises(Invalid), transaction.atomic():
        agency_signature_hook("000000")(approved, capture, clerk)
    assert not SignedCopy.objects.exists()
    agency_signature_hook(token.pin)(approved, capture, clerk)
    assert SignedCopy.objects.get().kind == SignedCopy.Kind.AGENCY


def test_the_configuration_agency_and_signature_image_pages(
    unit, admin, clerk, approver, approved, token, settings, pki
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import client_for

    settings.BAOCAO_PKCS11_MODULE = token.module_path
    assert client_for(clerk).get(f"/don-vi/{unit.pk}/chu-ky-so/").status_code == 404
    admin_client = client_for(admin)
    assert admin_client.get(f"/don-vi/{unit.pk}/chu-ky-so/").status_code == 200
    saved = admin_client.post(
        f"/don-vi/{unit.pk}/chu-ky-so/",
        {
            "module_path": "",
            "token_label": token.label,
            "key_label": token.key_label,
            "seal_size_mm": "34",
            "seal_image": SimpleUploadedFile("dau.png", SEAL_PNG),
        },
    )
    assert saved.status_code == 302
    assert "data:image/png;base64," in admin_client.get(saved["Location"]).content.decode()
    mine = client_for(approver)
    bad = mine.post(
        "/tai-khoan/anh-chu-ky/", {"signature_image": SimpleUploadedFile("ky.png", b"GIF89a")}
    )
    assert bad.status_code == 422
    assert (
        mine.post(
            "/tai-khoan/anh-chu-ky/",
            {"signature_image": SimpleUploadedFile("ky.png", SIGNATURE_PNG)},
        ).status_code
        == 302
    )
    assert client_for(approver).get(f"/bao-cao/{approved.pk}/ky-so-co-quan/").status_code == 404
    clerk_client = client_for(clerk)
    wrong = clerk_client.post(f"/bao-cao/{approved.pk}/ky-so-co-quan/", {"pin": "000000"})
    assert wrong.status_code == 422 and "Mã PIN" in wrong.content.decode()
    assert not SignedCopy.objects.exists()
    done = clerk_client.post(f"/bao-cao/{approved.pk}/ky-so-co-quan/", {"pin": token.pin})
    assert done.status_code == 302
    [check] = verify_pdf(bytes(SignedCopy.objects.get().content), trust_roots=(pki.ca_pem,))
    assert check.ok and check.is_agency


def test_the_seal_goes_over_the_leaders_signature_of_the_issued_document_only(
    approved, clerk, approver, configured, token, pki
):
    from baocao.issuing.services import issue_report

    # Signed while only approved: that copy has no number, so the seal does not go over it.
    sign_report(approved.pk, by=approver, p12=pki.p12, passphrase=pki.passphrase)
    issue_report(approved.pk, by=clerk)
    alone = sign_with_agency_token(approved.pk, by=clerk, pin=token.pin, over_personal=True)
    assert [c.kind for c in verify_pdf(bytes(alone.content))] == ["agency"]
    # Signed after the issue: the clerk's seal goes over the leader's signature.
    sign_report(approved.pk, by=approver, p12=pki.p12, passphrase=pki.passphrase)
    both = sign_with_agency_token(approved.pk, by=clerk, pin=token.pin, over_personal=True)
    checks = verify_pdf(bytes(both.content), trust_roots=(pki.ca_pem,))
    assert [(c.kind, c.ok) for c in checks] == [("personal", True), ("agency", True)]
