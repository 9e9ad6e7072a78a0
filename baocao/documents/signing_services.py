"""Signing services beyond the PKCS#12 upload: the agency's token, two-step external
signatures, seal and signature images. The web, the API and the issuing services call these.

Each checks the caller's role, writes in one transaction and records an audit event (verb
``sign``, ``data.kind`` telling what). PINs, keys and passphrases are never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.documents import appearance
from baocao.documents.build import build_document
from baocao.documents.model import OfficialDocument
from baocao.documents.models import AgencyToken, PendingSignature, SignatureImage, SignedCopy
from baocao.documents.render_pdf import SignatureAnchor, render_pdf_with_anchor
from baocao.documents.signing import SigningError, certificate_identity, newest_signer
from baocao.documents.signing_external import PreparedSignature, finish_external, prepare_external
from baocao.documents.signing_pkcs11 import sign_pdf_pkcs11
from baocao.domain.workflow import Role, Status
from baocao.organizations.access import is_administrator, roles_in
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, DocumentCapture, Report
from baocao.reports.selectors import access_report
from baocao.reports.services.audit import record

MAX_CERT_BYTES = 16 * 1024
MAX_CMS_UPLOAD_BYTES = 64 * 1024
DEFAULT_BOX = (360.0, 120.0, 560.0, 200.0)
AGENCY_SIGNABLE = frozenset({Status.APPROVED.value, Status.ISSUED.value})
# The leader signs the approved document, or the issued one before the clerk seals and sends it.
PERSONALLY_SIGNABLE = frozenset({Status.APPROVED.value, Status.ISSUED.value})


# ── configuration ─────────────────────────────────────────────────────────────────────────────


def default_module() -> str:
    """Return the PKCS#11 module used when a unit names none (settings.BAOCAO_PKCS11_MODULE)."""
    return getattr(settings, "BAOCAO_PKCS11_MODULE", None) or os.environ.get(
        "BAOCAO_PKCS11_MODULE", ""
    )


def allowed_modules() -> tuple[str, ...]:
    """Return the PKCS#11 modules a unit may choose: the default and BAOCAO_PKCS11_MODULES.

    The server loads the module as code, so an administrator picks from this list only.
    """
    listed = getattr(settings, "BAOCAO_PKCS11_MODULES", None)
    if listed is None:
        listed = [p for p in os.environ.get("BAOCAO_PKCS11_MODULES", "").split(",") if p]
    return tuple(dict.fromkeys(p for p in (default_module(), *listed) if p))


def trust_roots() -> tuple[bytes, ...]:
    from baocao.documents.services import trust_roots as roots

    return roots()


def revocation_lists() -> tuple[bytes, ...]:
    """Return the CRLs (DER or PEM files) listed in settings.DOCUMENT_CRLS."""
    from pathlib import Path

    from asn1crypto import pem

    out = []
    for path in getattr(settings, "DOCUMENT_CRLS", ()) or ():
        if Path(path).is_file():
            raw = Path(path).read_bytes()
            out.append(pem.unarmor(raw)[2] if pem.detect(raw) else raw)
    return tuple(out)


def fetch_revocation() -> bool:
    """Return whether CRL/OCSP services may be fetched (settings.DOCUMENT_REVOCATION_FETCH)."""
    return bool(getattr(settings, "DOCUMENT_REVOCATION_FETCH", False))


def can_configure_signing(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether ``user`` may set the unit's token and seal: its administrator."""
    return is_administrator(user, unit)


def can_agency_sign(user: AnyUser, report: Report) -> bool:
    """Return whether ``user`` may apply the agency's signature: the unit's clerk, once the
    report is approved (issuing) or issued."""
    return report.status in AGENCY_SIGNABLE and Role.CLERK in roles_in(user, report.unit)


def agency_token_of(unit: OrgUnit) -> AgencyToken | None:
    """Return the unit's signing configuration, or None."""
    return AgencyToken.objects.filter(unit=unit).first()


def _unit_for_admin(unit_id: int, by: Actor) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    allowed = unit is not None and can_configure_signing(by, unit)
    if unit is None or not (allowed or roles_in(by, unit)):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if not allowed:
        raise Forbidden(
            _("Chỉ quản trị của đơn vị được cấu hình chữ ký số của cơ quan."),
            code="not_administrator",
        )
    return unit


def _label(value: str, field: str) -> str:
    from baocao.documents.model import clean

    value = clean(value or "")
    if len(value) > 64:
        raise Invalid(_("Nhãn quá dài (tối đa 64 ký tự)."), details={field: "too_long"})
    return value


def configure_agency_token(
    unit_id: int,
    *,
    by: Actor,
    token_label: str,
    key_label: str,
    cert_label: str = "",
    module_path: str = "",
    seal_png: bytes | None = None,
    seal_size_mm: float | None = None,
    remove_seal: bool = False,
) -> AgencyToken:
    """Set the unit's agency token (module, token label, key label) and seal image.

    Only the unit's administrator. ``module_path`` must be empty (the default module) or one
    of ``allowed_modules()``. The seal is a PNG (≤ 512 KB); it is drawn red when signing.
    """
    unit = _unit_for_admin(unit_id, by)
    module_path = (module_path or "").strip()
    if module_path and module_path not in allowed_modules():
        raise Invalid(
            _("Thư viện PKCS#11 không nằm trong danh sách được phép của hệ thống."),
            details={"module_path": "not_allowed"},
        )
    token_label, key_label = _label(token_label, "token_label"), _label(key_label, "key_label")
    cert_label = _label(cert_label, "cert_label")
    if bool(token_label) != bool(key_label):
        raise Invalid(
            _("Cần nhập cả nhãn thiết bị ký số và nhãn khóa ký."),
            details={"token_label" if not token_label else "key_label": "required"},
        )
    if seal_size_mm is not None and not 15 <= float(seal_size_mm) <= 60:
        raise Invalid(
            _("Đường kính con dấu phải từ 15 đến 60 mm."), details={"seal_size_mm": "out_of_range"}
        )
    if seal_png:
        try:
            appearance.check_png(seal_png)
        except appearance.ImageError as exc:
            raise Invalid(str(exc), details={"seal_image": "invalid"}) from None
    with transaction.atomic():
        config, _created = AgencyToken.objects.select_for_update().get_or_create(unit=unit)
        config.module_path, config.token_label = module_path, token_label
        config.key_label, config.cert_label = key_label, cert_label
        if seal_size_mm is not None:
            config.seal_size_mm = float(seal_size_mm)
        if seal_png:
            config.seal_image = seal_png
        elif remove_seal:
            config.seal_image = b""
        config.updated_by = by
        config.save()
        record(
            None,
            AuditEvent.Verb.SIGN,
            by=by,
            kind="configure_agency_token",
            unit=unit.code,
            token_label=token_label,
            key_label=key_label,
            seal_sha256=hashlib.sha256(bytes(config.seal_image)).hexdigest()
            if config.seal_image
            else "",
        )
    return config


def set_signature_image(*, by: Actor, png: bytes | None) -> SignatureImage | None:
    """Set (or, with ``png`` None/empty, remove) the caller's own signature image (PNG)."""
    if not getattr(by, "pk", None):
        raise Forbidden(_("Vui lòng đăng nhập."))
    if png:
        try:
            appearance.check_png(png)
        except appearance.ImageError as exc:
            raise Invalid(str(exc), details={"signature_image": "invalid"}) from None
    with transaction.atomic():
        if not png:
            SignatureImage.objects.filter(user=by).delete()
            record(None, AuditEvent.Verb.SIGN, by=by, kind="remove_signature_image")
            return None
        image, _created = SignatureImage.objects.update_or_create(user=by, defaults={"image": png})
        record(
            None,
            AuditEvent.Verb.SIGN,
            by=by,
            kind="set_signature_image",
            sha256=hashlib.sha256(png).hexdigest(),
        )
    return image


def signature_image_of(user: AnyUser) -> bytes | None:
    """Return ``user``'s signature image (PNG) or None."""
    if user.pk is None:  # the anonymous user
        return None
    image = SignatureImage.objects.filter(user_id=user.pk).first()
    return bytes(image.image) if image else None


# ── the agency's signature (PKCS#11) ─────────────────────────────────────────────────────────


def render_for_signing(
    report: Report, document: OfficialDocument | None = None
) -> tuple[bytes, SignatureAnchor | None]:
    """Return the PDF to sign (``document``, or the report's) and where its signature space lies."""
    return render_pdf_with_anchor(document or build_document(report))


def place(anchor: SignatureAnchor | None) -> tuple[int, tuple[float, float, float, float]]:
    """Return (page, box) of the signature: the anchor's, or a default box on the last page."""
    return (anchor.page, anchor.box) if anchor else (-1, DEFAULT_BOX)


def keep_signed_copy(
    report: Report,
    signed: bytes,
    *,
    by: Actor,
    kind: str,
    when: dt.datetime,
    **data: Any,
) -> SignedCopy:
    """Store ``signed`` as a SignedCopy of ``kind`` and record the signature (audit event)."""
    signer, organisation = newest_signer(signed)
    with transaction.atomic():
        copy = SignedCopy.objects.create(
            report=report,
            content=signed,
            sha256=hashlib.sha256(signed).hexdigest(),
            signer_name=signer[:255],
            organisation=organisation[:255],
            signed_at=when,
            signed_by=by,
            kind=kind,
        )
        record(
            report,
            AuditEvent.Verb.SIGN,
            by=by,
            kind=kind,
            signer=signer,
            sha256=copy.sha256,
            copy=copy.pk,
            **data,
        )
    return copy


def personal_copy_to_seal(report: Report) -> SignedCopy | None:
    """Return the newest signed copy when it is a person's signature of the current document
    (not one made before the number and date were given at issue), or None."""
    from baocao.documents.services import latest_signed_copy

    signed = latest_signed_copy(report)
    if signed is None or signed.kind != SignedCopy.Kind.PERSONAL:
        return None
    if report.issued_at is not None and signed.signed_at < report.issued_at:
        return None
    return signed


def sign_with_agency_token(
    report_id: int,
    *,
    by: Actor,
    pin: str,
    pdf: bytes | None = None,
    anchor: SignatureAnchor | None = None,
    document: OfficialDocument | None = None,
    over_personal: bool = False,
) -> SignedCopy:
    """Apply the agency's digital signature (the unit's PKCS#11 token, PIN given now) and keep
    the signed PDF as a SignedCopy of kind ``agency``.

    The caller is the unit's clerk; the report is approved (being issued) or issued. ``pdf``
    (with ``anchor``, where its signature space lies) is the document to sign — e.g. the issued
    rendering, or a PDF a person already signed: the seal then covers the left third of their
    signature image. With ``over_personal`` (and no ``pdf``), the seal goes over the person's
    signed copy of ``personal_copy_to_seal`` when there is one. Otherwise ``document`` (or the
    report's document) is rendered.
    Failures (wrong PIN, token missing, certificate expired/revoked…) raise Invalid with code
    ``signing_failed`` and a Vietnamese message; nothing is kept.
    """
    report = access_report(by, report_id)
    if Role.CLERK not in roles_in(by, report.unit):
        raise Forbidden(
            _("Chỉ văn thư của đơn vị được ký số bằng chữ ký số của cơ quan."), code="not_clerk"
        )
    if report.status not in AGENCY_SIGNABLE:
        raise Forbidden(
            _("Chỉ ký số của cơ quan cho báo cáo đã phê duyệt hoặc đã ban hành."),
            code="not_approved",
        )
    config = agency_token_of(report.unit)
    if config is None or not config.has_token:
        raise Conflict(
            _("Đơn vị chưa cấu hình thiết bị ký số của cơ quan."), code="no_agency_token"
        )
    if pdf is None and over_personal:
        base = personal_copy_to_seal(report)
        pdf, anchor = (bytes(base.content), None) if base else (None, anchor)
    if pdf is None:
        pdf, anchor = render_for_signing(report, document)
    try:
        signed, when = seal_pdf(report, pdf, anchor, keys=config, pin=pin, config=config)
    except SigningError as exc:
        raise Invalid(str(exc), details={"pin": "signing_failed"}, code="signing_failed") from None
    return keep_signed_copy(
        report, signed, by=by, kind=SignedCopy.Kind.AGENCY, when=when, token=config.token_label
    )


class TokenKeys(Protocol):
    """Where the agency's key lies: a unit's ``AgencyToken`` or the server's seal."""

    @property
    def module_path(self) -> str: ...
    @property
    def token_label(self) -> str: ...
    @property
    def key_label(self) -> str: ...
    @property
    def cert_label(self) -> str: ...


def seal_pdf(
    report: Report,
    pdf: bytes,
    anchor: SignatureAnchor | None,
    *,
    keys: TokenKeys,
    pin: str,
    config: AgencyToken | None,
) -> tuple[bytes, dt.datetime]:
    """Return ``pdf`` signed with the agency's key ``keys`` (PKCS#11, ``pin``) in the signature
    space ``anchor``, with the seal image of the unit's ``config``, and the signing time.
    SigningError passes through: the clerk's page and the seal job each say it their way."""
    page, box = place(anchor)
    when = timezone.localtime()
    signed = sign_pdf_pkcs11(
        pdf,
        module_path=keys.module_path or default_module(),
        token_label=keys.token_label,
        pin=pin,
        key_label=keys.key_label,
        cert_label=keys.cert_label or None,
        page=page,
        box=box,
        when=when,
        location=report.place or report.unit.place_name,
        seal_image=(bytes(config.seal_image) or None) if config else None,
        seal_mm=config.seal_size_mm if config else appearance.DEFAULT_SEAL_MM,
        trust_roots=trust_roots(),
        crls=revocation_lists(),
        fetch_revocation=fetch_revocation(),
    )
    return signed, when


def agency_signature_hook(pin: str) -> Callable[[Report, DocumentCapture, Actor], None]:
    """Return an issuing hook ``(report, capture, by)`` that signs the issued document with
    the agency's token: for ``baocao.issuing.services.issue_report(..., hook=...)``. An error
    raises Invalid inside the issuing transaction, so nothing is issued."""
    from baocao.documents.capture import thaw

    def hook(report: Report, capture: DocumentCapture, by: Actor) -> None:
        sign_with_agency_token(report.pk, by=by, pin=pin, document=thaw(capture.document))

    return hook


# ── two-step signing (external signer) ───────────────────────────────────────────────────────


def external_signature_ttl() -> dt.timedelta:
    """Return how long a prepared signature waits (settings.BAOCAO_EXTERNAL_SIGNATURE_MINUTES)."""
    return dt.timedelta(minutes=int(getattr(settings, "BAOCAO_EXTERNAL_SIGNATURE_MINUTES", 30)))


def check_personal_signer(report: Report, by: AnyUser) -> None:
    if report.status not in PERSONALLY_SIGNABLE:
        raise Forbidden(
            _("Chỉ ký số được báo cáo đã phê duyệt hoặc đã ban hành (trước khi gửi)."),
            code="not_approved",
        )
    if Role.APPROVER not in roles_in(by, report.unit):
        raise Forbidden(
            _("Chỉ lãnh đạo phê duyệt của đơn vị được ký số báo cáo."), code="not_approver"
        )


def start_external_signature(
    report_id: int,
    *,
    by: Actor,
    certificate: bytes,
    pdf: bytes | None = None,
    anchor: SignatureAnchor | None = None,
) -> PendingSignature:
    """Step 1: prepare the approved report's PDF for the approver's external signature.

    ``certificate`` is the signer's certificate (PEM/DER, no key). Returns the pending
    signature: its ``document_digest`` (hex SHA-256) is what the signer signs; it expires
    after ``external_signature_ttl()``.
    """
    report = access_report(by, report_id)
    check_personal_signer(report, by)
    if not certificate or len(certificate) > MAX_CERT_BYTES:
        raise Invalid(
            _("Vui lòng chọn tệp chứng thư số (.cer, .crt) hợp lệ."),
            details={"certificate": "invalid"},
        )
    if pdf is None:
        pdf, anchor = render_for_signing(report)
    page, box = place(anchor)
    when = timezone.localtime()
    try:
        prepared = prepare_external(
            pdf,
            signer_cert_pem_or_der=certificate,
            page=page,
            box=box,
            when=when,
            signature_image=signature_image_of(by),
            location=report.place or report.unit.place_name,
            trust_roots=trust_roots(),
            crls=revocation_lists(),
        )
    except SigningError as exc:
        raise Invalid(
            str(exc), details={"certificate": "unusable"}, code="signing_failed"
        ) from None
    name, organisation = certificate_identity(prepared.signer_cert)
    with transaction.atomic():
        pending = PendingSignature.objects.create(
            report=report,
            created_by=by,
            prepared_pdf=prepared.prepared_pdf,
            document_digest=prepared.digest_hex,
            reserved_start=prepared.reserved_start,
            reserved_end=prepared.reserved_end,
            md_algorithm=prepared.md_algorithm,
            signer_cert=prepared.signer_cert,
            signer_name=name[:255],
            organisation=organisation[:255],
            field_name=prepared.field_name,
            signing_time=when,
            expires_at=timezone.now() + external_signature_ttl(),
        )
        record(
            report,
            AuditEvent.Verb.SIGN,
            by=by,
            kind="external_prepared",
            signer=name,
            digest=prepared.digest_hex,
            pending=str(pending.public_id),
        )
    return pending


def pending_signature(public_id: uuid.UUID | str, *, by: Actor) -> PendingSignature:
    """Return the caller's own pending signature (NotFound for anyone else's or unknown)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(_("Không tìm thấy yêu cầu ký số.")) from None
    pending = PendingSignature.objects.filter(public_id=key, created_by_id=by.pk).first()
    if pending is None:
        raise NotFound(_("Không tìm thấy yêu cầu ký số."))
    return pending


def prepared_of(pending: PendingSignature) -> PreparedSignature:
    """Return the PreparedSignature a pending signature stores."""
    return PreparedSignature(
        prepared_pdf=bytes(pending.prepared_pdf),
        document_digest=bytes.fromhex(pending.document_digest),
        reserved_start=pending.reserved_start,
        reserved_end=pending.reserved_end,
        signer_cert=bytes(pending.signer_cert),
        field_name=pending.field_name,
        signing_time=pending.signing_time,
        md_algorithm=pending.md_algorithm,
    )


def finish_external_signature(public_id: uuid.UUID | str, *, by: Actor, cms: bytes) -> SignedCopy:
    """Step 2: embed the signer's CMS into the prepared PDF and keep the signed copy.

    Refused (Invalid, code ``signing_failed``): a CMS over another digest, by another
    certificate, or not verifying; (Conflict) an expired or already completed request; the
    report no longer approved. A refusal leaves the request open until it expires.
    """
    pending = pending_signature(public_id, by=by)
    report = access_report(by, pending.report_id)
    check_personal_signer(report, by)
    if pending.completed_at is not None:
        raise Conflict(_("Yêu cầu ký số này đã hoàn tất."), code="already_signed")
    if pending.expires_at <= timezone.now():
        raise Conflict(_("Yêu cầu ký số đã hết hạn; vui lòng chuẩn bị lại."), code="expired")
    if not cms or len(cms) > MAX_CMS_UPLOAD_BYTES:
        raise Invalid(
            _("Vui lòng chọn tệp chữ ký (.p7s) do phần mềm ký số trả về."),
            details={"signature": "invalid"},
        )
    try:
        signed = finish_external(prepared_of(pending), cms)
    except SigningError as exc:
        raise Invalid(str(exc), details={"signature": "refused"}, code="signing_failed") from None
    with transaction.atomic():
        updated = PendingSignature.objects.filter(pk=pending.pk, completed_at__isnull=True).update(
            completed_at=timezone.now(), prepared_pdf=b""
        )
        if not updated:
            raise Conflict(_("Yêu cầu ký số này đã hoàn tất."), code="already_signed")
        copy = keep_signed_copy(
            report,
            signed,
            by=by,
            kind=SignedCopy.Kind.PERSONAL,
            when=pending.signing_time,
            external=True,
            pending=str(pending.public_id),
        )
    return copy


def purge_expired_signatures(now: dt.datetime | None = None) -> int:
    """Delete pending signatures past their expiry; return how many."""
    deleted, _rows = PendingSignature.objects.filter(
        expires_at__lte=now or timezone.now(), completed_at__isnull=True
    ).delete()
    return deleted
