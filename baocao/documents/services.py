"""Export, sign and verify official documents: the one place the web, the API and the CLI call.

Every export and signature is permission-checked through ``access_report`` and recorded as an
audit event of the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Forbidden, Invalid
from baocao.core.prepared import attach, prepared
from baocao.documents import signing_services as ss
from baocao.documents.build import build_document
from baocao.documents.models import SignedCopy
from baocao.documents.render_docx import render_docx
from baocao.documents.render_pdf import render_pdf
from baocao.documents.signing import SignatureCheck, SigningError, sign_pdf, verify_pdf
from baocao.reports.models import AuditEvent, Report
from baocao.reports.selectors import access_report
from baocao.reports.services.audit import record

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
MAX_P12_BYTES = 64 * 1024
MAX_VERIFY_BYTES = 30 * 1024 * 1024


@dataclass(frozen=True)
class ExportedFile:
    """A rendered document: its bytes, file name and content type."""

    content: bytes
    filename: str
    content_type: str


def render_report(report: Report, fmt: str) -> ExportedFile:
    """Render ``report`` (already permission-checked) as DOCX or PDF, without recording."""
    if fmt not in FORMATS:
        raise Invalid(
            _("Định dạng không hỗ trợ: %(format)s.") % {"format": fmt},
            details={"format": "unsupported"},
        )
    model = build_document(report)
    content = render_docx(model) if fmt == "docx" else render_pdf(model)
    return ExportedFile(content, f"{model.file_stem}.{fmt}", FORMATS[fmt])


def export_report(report_id: int, fmt: str, *, by: Actor) -> ExportedFile:
    """Return the report as a DOCX or PDF for ``by`` (NotFound for an outsider); audit it."""
    report = access_report(by, report_id)
    exported = render_report(report, fmt)
    record(
        report,
        AuditEvent.Verb.EXPORT,
        by=by,
        format=fmt,
        filename=exported.filename,
        status=report.status,
    )
    return exported


def can_sign(user: AnyUser, report: Report) -> bool:
    """Return whether ``user`` may sign ``report``: an approver of its unit, once approved."""
    try:
        ss.check_personal_signer(report, user)
    except Forbidden:
        return False
    return True


def sign_report(report_id: int, *, by: Actor, p12: bytes, passphrase: str) -> SignedCopy:
    """Sign the approved report's PDF with the approver's PKCS#12 certificate and keep it.

    The approver's signature image (if uploaded) is the appearance. With trust roots
    configured, an untrusted or revoked (settings.DOCUMENT_CRLS) certificate is refused; an
    expired one always is. The PKCS#12 file and its passphrase are used in memory only.
    """
    report = access_report(by, report_id)
    ss.check_personal_signer(report, by)
    if not p12 or len(p12) > MAX_P12_BYTES:
        raise Invalid(
            _("Vui lòng chọn tệp chứng thư số (.p12, .pfx) hợp lệ."),
            details={"certificate": "invalid"},
        )
    pdf, anchor = ss.render_for_signing(report)
    page, box = ss.place(anchor)
    when = timezone.localtime()
    try:
        signed = sign_pdf(
            pdf,
            p12=p12,
            passphrase=passphrase,
            page=page,
            box=box,
            when=when,
            location=report.place or report.unit.place_name,
            signature_image=ss.signature_image_of(by),
            trust_roots=trust_roots(),
            crls=ss.revocation_lists(),
        )
    except SigningError as exc:
        raise Invalid(str(exc), details={"certificate": "unusable"}) from None
    return ss.keep_signed_copy(report, signed, by=by, kind=SignedCopy.Kind.PERSONAL, when=when)


def latest_signed_copy(report: Report) -> SignedCopy | None:
    """Return the newest signed copy of a report the caller may already read (its PDF is read
    when asked for: a page shows only who signed and when)."""
    rows = attach(_newest_signed_copy(report.pk), "report", report)
    return rows[0] if rows else None


@prepared
def _newest_signed_copy(report: int) -> QuerySet[SignedCopy]:
    return (
        SignedCopy.objects.filter(report_id=report)
        .defer("content")
        .order_by("-signed_at", "-pk")[:1]
    )


def signed_copy_file(report_id: int, *, by: Actor) -> ExportedFile | None:
    """Return the newest signed PDF of the report for ``by``, or None when none exists."""
    report = access_report(by, report_id)
    copy = latest_signed_copy(report)
    if copy is None:
        return None
    record(report, AuditEvent.Verb.EXPORT, by=by, format="pdf-signed", copy=copy.pk)
    return ExportedFile(bytes(copy.content), f"{report.file_stem}-ky-so.pdf", FORMATS["pdf"])


def trust_roots() -> tuple[bytes, ...]:
    """Return the CA certificates (PEM/DER) listed in settings.DOCUMENT_TRUST_ROOTS."""
    paths = getattr(settings, "DOCUMENT_TRUST_ROOTS", ()) or ()
    return tuple(Path(p).read_bytes() for p in paths if Path(p).is_file())


def verify_document(data: bytes, *, roots: tuple[bytes, ...] | None = None) -> list[SignatureCheck]:
    """Check every signature of an uploaded PDF; Invalid when it is not a readable PDF."""
    if not data or len(data) > MAX_VERIFY_BYTES:
        raise Invalid(_("Vui lòng chọn tệp PDF (tối đa 30 MB)."), details={"file": "invalid"})
    try:
        return verify_pdf(data, trust_roots=trust_roots() if roots is None else roots)
    except SigningError as exc:
        raise Invalid(str(exc), details={"file": "unreadable"}) from None


def signing_time_text(when: dt.datetime | None) -> str:
    """Return a signing time as "25/01/2022 09:00:00" in local time."""
    return timezone.localtime(when).strftime("%d/%m/%Y %H:%M:%S") if when else "—"
