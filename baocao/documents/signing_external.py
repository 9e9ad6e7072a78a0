"""Two-step signing for a signer whose private key never reaches the server.

1. ``prepare_external``: the server adds the signature field (with the signer's signature
   image) to the PDF, reserves room for the signature (/Contents) and computes the SHA-256
   digest of the signed byte ranges. The prepared PDF and digest are kept (PendingSignature).
2. The signer's own software (a USB-token signing service, a remote signing service) signs
   that digest and returns a detached CMS (PKCS#7) SignedData whose messageDigest attribute is
   the digest.
3. ``finish_external``: the server checks the CMS — the digest, the certificate declared in
   step 1, the signature itself — and embeds it. Anything else is refused (SigningError).

No Django models here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from baocao.documents import appearance
from baocao.documents.signing import (
    DEFAULT_REASON,
    PERSONAL,
    Box,
    SigningError,
    _subject,
    check_certificate,
    load_certificate,
    next_field_name,
    outside_event_loop,
    place_appearance,
    quiet_validation_logs,
)

MD_ALGORITHM = "sha256"
RESERVED_BYTES = 32 * 1024  # hex digits in /Contents: a 16 KB CMS (chain, timestamp) fits
MAX_CMS_BYTES = RESERVED_BYTES // 2


@dataclass(frozen=True)
class PreparedSignature:
    """A PDF ready for an external signature: everything ``finish_external`` needs."""

    prepared_pdf: bytes
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    signer_cert: bytes  # DER
    field_name: str
    signing_time: dt.datetime
    md_algorithm: str = MD_ALGORITHM

    @property
    def digest_hex(self) -> str:
        return self.document_digest.hex()

    @property
    def digest_base64(self) -> str:
        return base64.b64encode(self.document_digest).decode("ascii")


def prepare_external(
    pdf: bytes,
    *,
    signer_cert_pem_or_der: bytes,
    page: int,
    box: Box,
    when: dt.datetime | None = None,
    signature_image: bytes | None = None,
    reason: str = DEFAULT_REASON,
    location: str = "",
    field_name: str | None = None,
    trust_roots: tuple[bytes, ...] = (),
    crls: tuple[bytes, ...] = (),
) -> PreparedSignature:
    """Return ``pdf`` prepared for a person's external signature, and the digest to sign.

    The certificate is checked first (expired; with ``trust_roots`` untrusted or revoked:
    SigningError). The appearance is the person's signature image centred in ``box`` (or a
    text stamp with their name, organisation and the signing time).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from baocao.documents.model import clean

    cert = load_certificate(signer_cert_pem_or_der)
    when = when or dt.datetime.now(dt.UTC).astimezone()
    check_certificate(cert, when=when, trust_roots=trust_roots, crls=crls)
    name, organisation = _subject(cert)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        field_name = field_name or next_field_name(writer, PERSONAL)
        style, rect = place_appearance(
            writer,
            kind=PERSONAL,
            page=page,
            box=box,
            signer=name,
            organisation=organisation,
            when=when,
            signature_image=signature_image,
        )
        placeholder = signers.ExternalSigner(
            signing_cert=cert,
            cert_registry=SimpleCertificateStore.from_certs([cert]),
            signature_value=bytes(256),
        )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm=MD_ALGORITHM,
            reason=reason,
            location=clean(location) or None,
            name=name or None,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=placeholder,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(field_name, on_page=page, box=rect),
        )
        prep, _tbs, output = outside_event_loop(_digest, pdf_signer, writer)
    except SigningError:
        raise
    except appearance.ImageError as exc:
        raise SigningError(str(exc)) from None
    except Exception as exc:
        raise SigningError(
            _("Không chuẩn bị được văn bản để ký: %(error)s") % {"error": exc}
        ) from exc
    return PreparedSignature(
        prepared_pdf=output.getvalue(),
        document_digest=prep.document_digest,
        reserved_start=prep.reserved_region_start,
        reserved_end=prep.reserved_region_end,
        signer_cert=cert.dump(),
        field_name=field_name,
        signing_time=when,
    )


def _digest(pdf_signer: Any, writer: Any) -> Any:
    import asyncio

    return asyncio.run(
        pdf_signer.async_digest_doc_for_signing(writer, bytes_reserved=RESERVED_BYTES)
    )


def read_cms(data: bytes) -> Any:
    """Return a CMS ContentInfo (SignedData) from DER, PEM or base64 text, or SigningError."""
    from asn1crypto import cms, pem

    # DER is binary: its last byte (the end of the signature value) may well be 0x0a or 0x20,
    # so only the text forms (PEM, base64) are trimmed.
    raw = data if data[:1] == b"\x30" else data.strip()
    if pem.detect(raw):
        raw = pem.unarmor(raw)[2]
    elif raw[:1] != b"\x30":
        try:
            raw = base64.b64decode(re.sub(rb"\s+", b"", raw), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
    try:
        info = cms.ContentInfo.load(raw)
        if info["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        signed = info["content"]
        signer_info = signed["signer_infos"][0]
        signed.native  # noqa: B018 — parse it all now
    except Exception as exc:
        raise SigningError(_("Tệp chữ ký không phải là chữ ký CMS/PKCS#7 hợp lệ (.p7s).")) from exc
    if len(raw) > MAX_CMS_BYTES:
        raise SigningError(
            _("Chữ ký quá lớn (tối đa %(size)s KB).") % {"size": MAX_CMS_BYTES // 1024}
        )
    return info, signer_info


def _message_digest(signer_info: Any) -> bytes | None:
    attrs = signer_info["signed_attrs"]
    if not attrs:
        return None
    for attr in attrs:
        if attr["type"].native == "message_digest":
            return attr["values"][0].native
    return None


def _signer_certificate(info: Any, signer_info: Any) -> Any:
    sid = signer_info["sid"]
    for choice in info["content"]["certificates"] or ():
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            if (
                cert.issuer == sid.chosen["issuer"]
                and cert.serial_number == sid.chosen["serial_number"].native
            ):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def finish_external(prepared: PreparedSignature, cms: bytes) -> bytes:
    """Return the signed PDF: ``prepared`` with the external signer's CMS embedded.

    Refused (SigningError): a CMS that is not SignedData, whose messageDigest is not the
    prepared digest (a signature of another document), made with another certificate than
    the one declared, or whose signature does not verify.
    """
    from asn1crypto import cms as asn1_cms
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    info, signer_info = read_cms(cms)
    if _message_digest(signer_info) != prepared.document_digest:
        raise SigningError(
            _(
                "Chữ ký không được tạo cho văn bản này: mã băm trong chữ ký khác "
                "mã băm của văn bản đã chuẩn bị."
            )
        )
    declared = x509.Certificate.load(prepared.signer_cert)
    cert = _signer_certificate(info, signer_info)
    if cert is None:
        sid = signer_info["sid"]
        matches = (
            sid.name == "issuer_and_serial_number"
            and declared.issuer == sid.chosen["issuer"]
            and declared.serial_number == sid.chosen["serial_number"].native
        )
        if not matches:
            raise SigningError(
                _(
                    "Chữ ký được tạo bằng chứng thư số khác với chứng thư số đã "
                    "khai báo khi chuẩn bị."
                )
            )
        certs = list(info["content"]["certificates"] or ())
        info["content"]["certificates"] = asn1_cms.CertificateSet(
            [*certs, asn1_cms.CertificateChoices(name="certificate", value=declared)]
        )
        info = asn1_cms.ContentInfo.load(info.dump(force=True))
    elif cert.dump() != declared.dump():
        raise SigningError(
            _("Chữ ký được tạo bằng chứng thư số khác với chứng thư số đã khai báo khi chuẩn bị.")
        )
    output = io.BytesIO(prepared.prepared_pdf)
    digest = PreparedByteRangeDigest(
        prepared.document_digest, prepared.reserved_start, prepared.reserved_end
    )
    try:
        outside_event_loop(PdfTBSDocument.finish_signing, output, digest, info)
    except Exception as exc:
        raise SigningError(
            _("Không gắn được chữ ký vào văn bản: %(error)s") % {"error": exc}
        ) from exc
    signed = output.getvalue()
    quiet_validation_logs()
    try:
        reader = PdfFileReader(io.BytesIO(signed), strict=False)
        embedded = [s for s in reader.embedded_signatures if s.field_name == prepared.field_name]
        status = outside_event_loop(
            validate_pdf_signature,
            embedded[-1],
            ValidationContext(trust_roots=[], allow_fetching=False),
        )
        ok = bool(status.intact and status.valid)
    except Exception:
        ok = False
    if not ok:
        raise SigningError(
            _(
                "Chữ ký không hợp lệ: không khớp với khóa của chứng thư số hoặc "
                "với văn bản đã chuẩn bị."
            )
        )
    return signed
