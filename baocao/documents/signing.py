"""Digital signatures (ký số) of PDF documents: PAdES signing and verification with pyHanko.

No Django models here: every function takes and returns PDF bytes.

- ``sign_pdf``: a person signs with a PKCS#12 file held in memory for one call.
- ``signing_pkcs11.sign_pdf_pkcs11``: the agency signs with a key on a token/HSM (PKCS#11).
- ``signing_external.prepare_external`` / ``finish_external``: the key never reaches the
  server; it prepares the document and its digest, an external signer returns a CMS.

Two kinds of signatures, told apart by their field names: a person's (``ChuKySo<n>``) shows
their signature image in the signature space; the agency's (``ChuKyCoQuan<n>``) shows the seal
in red over the left third of that image (``appearance.py``, Decree 30, Appendix I).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext as _

from baocao.documents import appearance
from baocao.documents.model import clean

FIELD_PREFIX = "ChuKySo"
AGENCY_FIELD_PREFIX = "ChuKyCoQuan"
PERSONAL, AGENCY = "personal", "agency"
DEFAULT_REASON = "Phê duyệt, ban hành văn bản"
AGENCY_REASON = "Ban hành văn bản (chữ ký số của cơ quan)"
Box = tuple[float, float, float, float]


class SigningError(ValueError):
    """Raise when a document cannot be signed (bad key or certificate, wrong PIN, bad PDF)."""


@dataclass(frozen=True)
class SignatureCheck:
    """What a verification found out about one signature of a PDF."""

    field: str
    signer: str
    organisation: str
    signing_time: dt.datetime | None
    intact: bool
    valid: bool
    covers_whole_file: bool
    trusted: bool
    kind: str = PERSONAL
    later_signatures_only: bool = False

    @property
    def ok(self) -> bool:
        """Return whether this signature is valid and the document unchanged since, apart from
        later signatures (a person's signature followed by the agency's stays ok)."""
        return self.intact and self.valid and (self.covers_whole_file or self.later_signatures_only)

    @property
    def is_agency(self) -> bool:
        return self.kind == AGENCY


def kind_of_field(name: str) -> str:
    """Return PERSONAL or AGENCY from a signature field's name."""
    return AGENCY if name.startswith(AGENCY_FIELD_PREFIX) else PERSONAL


def _subject(cert: Any) -> tuple[str, str]:
    """Return (common name, organisation) of an asn1crypto certificate."""
    native = cert.subject.native
    return clean(native.get("common_name", "")), clean(native.get("organization_name", ""))


def certificate_identity(cert: Any) -> tuple[str, str]:
    """Return (name, organisation) of a certificate (asn1crypto, DER or PEM bytes)."""
    return _subject(load_certificate(cert) if isinstance(cert, bytes) else cert)


def load_certificate(data: bytes) -> Any:
    """Return an asn1crypto certificate from PEM or DER bytes, or raise SigningError."""
    from asn1crypto import pem, x509

    try:
        der = pem.unarmor(data)[2] if pem.detect(data) else data
        cert = x509.Certificate.load(der)
        cert.native  # noqa: B018 — parse it all now
    except Exception as exc:
        raise SigningError(
            _("Tệp chứng thư số không hợp lệ (cần tệp .cer/.crt dạng PEM hoặc DER).")
        ) from exc
    return cert


def outside_event_loop(fn: Callable[..., Any], *args: Any) -> Any:
    """Call ``fn`` — a pyHanko function that runs its own ``asyncio.run`` — in a thread of its
    own when this thread already runs an event loop (an ASGI server, a browser test driver),
    where ``asyncio.run`` would refuse; directly otherwise."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def quiet_validation_logs() -> None:
    """Keep pyHanko's tracebacks of expected validation failures out of the logs."""
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def _date(value: dt.datetime) -> str:
    return value.strftime("%d/%m/%Y")


def check_certificate(
    cert: Any,
    *,
    when: dt.datetime | None = None,
    trust_roots: tuple[bytes, ...] = (),
    crls: tuple[bytes, ...] = (),
    other_certs: tuple = (),
    fetch: bool = False,
) -> None:
    """Raise SigningError unless ``cert`` may sign at ``when``: not expired nor not yet valid;
    and, when ``trust_roots`` are given, issued by one of them and not revoked according to
    ``crls`` (DER CRLs) or, with ``fetch``, to the CRL/OCSP services it names."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator import errors as cv

    when = when or dt.datetime.now(dt.UTC)
    validity = cert["tbs_certificate"]["validity"]
    not_before, not_after = validity["not_before"].native, validity["not_after"].native
    if when > not_after:
        raise SigningError(
            _("Chứng thư số đã hết hạn từ ngày %(date)s; không thể ký.")
            % {"date": _date(not_after)}
        )
    if when < not_before:
        raise SigningError(
            _("Chứng thư số chưa có hiệu lực (từ ngày %(date)s); không thể ký.")
            % {"date": _date(not_before)}
        )
    if not trust_roots:
        return
    roots = [load_certificate(raw) for raw in trust_roots]
    context = ValidationContext(
        trust_roots=roots,
        other_certs=list(other_certs),
        crls=list(crls),
        moment=when,
        allow_fetching=fetch,
        revocation_mode="hard-fail" if (crls or fetch) else "soft-fail",
    )
    validator = CertificateValidator(
        cert, intermediate_certs=list(other_certs), validation_context=context
    )
    try:
        outside_event_loop(asyncio.run, validator.async_validate_usage({"digital_signature"}))
    except cv.RevokedError as exc:
        raise SigningError(_("Chứng thư số đã bị thu hồi; không thể ký.")) from exc
    except (cv.ExpiredError, cv.NotYetValidError) as exc:
        raise SigningError(
            _(
                "Chứng thư số (hoặc chứng thư của tổ chức cấp) đã hết hạn hoặc "
                "chưa có hiệu lực; không thể ký."
            )
        ) from exc
    except cv.PathBuildingError as exc:
        raise SigningError(
            _("Chứng thư số không do tổ chức chứng thực tin cậy cấp; không thể ký.")
        ) from exc
    except (cv.InsufficientRevinfoError, cv.CRLValidationError, cv.OCSPValidationError) as exc:
        raise SigningError(
            _("Không kiểm tra được tình trạng thu hồi của chứng thư số; không thể ký.")
        ) from exc
    except (cv.PathValidationError, cv.InvalidCertificateError) as exc:
        raise SigningError(
            _("Chứng thư số không xác thực được với tổ chức chứng thực tin cậy; không thể ký.")
        ) from exc
    except Exception as exc:
        raise SigningError(
            _("Chứng thư số không hợp lệ để ký: %(error)s") % {"error": exc}
        ) from exc


def load_signer(p12: bytes, passphrase: str) -> Any:
    """Return a pyHanko signer from a PKCS#12 file, or raise SigningError."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            p12, other_certs=[], passphrase=passphrase.encode("utf-8") if passphrase else None
        )
    except Exception as exc:
        raise SigningError(
            _("Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp không hợp lệ.")
        ) from exc
    if signer is None or getattr(signer, "signing_cert", None) is None:
        raise SigningError(_("Tệp PKCS#12 không chứa chứng thư số và khóa ký."))
    return signer


def signer_identity(p12: bytes, passphrase: str) -> tuple[str, str]:
    """Return (name, organisation) of the certificate in a PKCS#12 file."""
    return _subject(load_signer(p12, passphrase).signing_cert)


def _widget_rects(writer: Any) -> list[tuple[str, int | None, Box]]:
    """Return (field name, page index, rect) of each signature field already in the PDF."""
    from pyhanko.sign import fields

    pages = {}
    try:
        for index in range(_page_count(writer)):
            pages[writer.find_page_for_modification(index)[0].idnum] = index
    except Exception:
        pages = {}
    out: list[tuple[str, int | None, Box]] = []
    for name, _value, ref in fields.enumerate_sig_fields(writer):
        field = ref.get_object()
        widget = (
            field
            if "/Rect" in field
            else next(
                (k.get_object() for k in field.get("/Kids", ()) if "/Rect" in k.get_object()), None
            )
        )
        if widget is None:
            continue
        rect = cast(Box, tuple(float(v) for v in widget["/Rect"]))  # a PDF rectangle: 4 numbers
        page_ref = widget.get_value_as_reference("/P") if "/P" in widget else None
        out.append((str(name), pages.get(page_ref.idnum) if page_ref else None, rect))
    return out


def next_field_name(writer: Any, kind: str) -> str:
    """Return a new field name for a signature of ``kind``: ChuKySo<n> or ChuKyCoQuan<n>."""
    from pyhanko.sign import fields

    existing = len(list(fields.enumerate_sig_fields(writer)))
    return f"{AGENCY_FIELD_PREFIX if kind == AGENCY else FIELD_PREFIX}{existing + 1}"


def place_appearance(
    writer: Any,
    *,
    kind: str,
    page: int,
    box: Box,
    signer: str,
    organisation: str,
    when: dt.datetime,
    signature_image: bytes | None = None,
    seal_image: bytes | None = None,
    seal_mm: float = appearance.DEFAULT_SEAL_MM,
) -> Any:
    """Return (stamp style, rect) of a new signature of ``kind`` in the space ``box``.

    A person's signature is centred in ``box``; the agency's covers the left third of the
    last person's signature on that page (or, without one, of a nominal image centred in
    ``box``).
    """
    if kind == PERSONAL:
        if signature_image:
            pdf, width, height = appearance.signature_image_stamp(
                appearance.check_png(signature_image)
            )
        else:
            pdf, width, height = appearance.text_stamp(signer, organisation, when)
        return appearance.stamp_style(pdf), appearance.personal_rect(box, width, height)
    target = None
    page_index = page if page >= 0 else _page_count(writer) + page
    for name, on_page, rect in _widget_rects(writer):
        if kind_of_field(name) == PERSONAL and on_page in (None, page_index):
            target = rect
    if target is None:
        target = appearance.personal_rect(box, *appearance.SIGNATURE_IMAGE_MAX)
    if seal_image:
        pdf, width, height, seal_w = appearance.seal_stamp(
            appearance.red_seal(seal_image), organisation, when, seal_mm=seal_mm
        )
    else:
        pdf, width, height = appearance.text_stamp(signer, organisation, when)
        seal_w = width
    return appearance.stamp_style(pdf), appearance.seal_rect(target, width, height, seal_w)


def _page_count(writer: Any) -> int:
    try:
        return int(writer.root["/Pages"]["/Count"])
    except Exception:
        return 0


def sign_with_signer(
    pdf: bytes,
    signer: Any,
    *,
    kind: str = PERSONAL,
    page: int,
    box: Box,
    when: dt.datetime | None = None,
    reason: str | None = None,
    location: str = "",
    signature_image: bytes | None = None,
    seal_image: bytes | None = None,
    seal_mm: float = appearance.DEFAULT_SEAL_MM,
    field_name: str | None = None,
) -> bytes:
    """Return ``pdf`` signed (PAdES B-B) by a pyHanko ``signer`` with a visible appearance."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    name, organisation = _subject(signer.signing_cert)
    when = when or dt.datetime.now(dt.UTC).astimezone()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        field_name = field_name or next_field_name(writer, kind)
        style, rect = place_appearance(
            writer,
            kind=kind,
            page=page,
            box=box,
            signer=name,
            organisation=organisation,
            when=when,
            signature_image=signature_image,
            seal_image=seal_image,
            seal_mm=seal_mm,
        )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason or (AGENCY_REASON if kind == AGENCY else DEFAULT_REASON),
            location=clean(location) or None,
            name=name or None,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(field_name, on_page=page, box=rect),
        )
        out = outside_event_loop(pdf_signer.sign_pdf, writer)
    except SigningError:
        raise
    except appearance.ImageError as exc:
        raise SigningError(str(exc)) from None
    except Exception as exc:
        raise SigningError(_("Không ký được văn bản: %(error)s") % {"error": exc}) from exc
    return out.getvalue()


def sign_pdf(
    pdf: bytes,
    *,
    p12: bytes,
    passphrase: str,
    page: int,
    box: Box,
    when: dt.datetime | None = None,
    reason: str = DEFAULT_REASON,
    location: str = "",
    signature_image: bytes | None = None,
    trust_roots: tuple[bytes, ...] = (),
    crls: tuple[bytes, ...] = (),
) -> bytes:
    """Return ``pdf`` signed by a person (PAdES B-B) with the PKCS#12 key, their signature
    image (or a text stamp) centred in ``box`` on page ``page``.

    An expired certificate, or — with ``trust_roots`` — an untrusted or revoked one, is
    refused (SigningError)."""
    signer = load_signer(p12, passphrase)
    check_certificate(
        signer.signing_cert,
        when=when,
        trust_roots=trust_roots,
        crls=crls,
        other_certs=tuple(signer.cert_registry),
    )
    return sign_with_signer(
        pdf,
        signer,
        kind=PERSONAL,
        page=page,
        box=box,
        when=when,
        reason=reason,
        location=location,
        signature_image=signature_image,
    )


def newest_signer(data: bytes) -> tuple[str, str]:
    """Return (name, organisation) of the newest signature's certificate in ``data`` — read,
    not validated: for a PDF this server has just signed (``verify_pdf`` checks a PDF)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    embedded = list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    cert = embedded[-1].signer_cert if embedded else None
    return _subject(cert) if cert else ("", "")


def verify_pdf(data: bytes, *, trust_roots: tuple[bytes, ...] = ()) -> list[SignatureCheck]:
    """Return a check of every signature in ``data`` (empty when it is not a signed PDF).

    ``intact`` says whether the signed bytes are unchanged; ``covers_whole_file`` whether
    anything was appended after the signature, and ``later_signatures_only`` whether what was
    appended is only further signatures (allowed) rather than changed content; ``trusted``
    whether the signer's chain leads to one of ``trust_roots`` (DER or PEM certificates).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [load_certificate(raw) for raw in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(_("Tệp tải lên không phải là tệp PDF đọc được.")) from exc
    checks = []
    quiet_validation_logs()
    for index, sig in enumerate(embedded):
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        later_only = False
        try:
            status = outside_event_loop(validate_pdf_signature, sig, context)
            intact, valid = bool(status.intact), bool(status.valid)
            trusted = bool(status.trusted)
            whole = str(status.coverage.name) == "ENTIRE_FILE"
            level = status.modification_level
            # Only what a later signature of this file adds (its field, widget and appearance)
            # came after this one; anything after the last signature is a change.
            later_only = (
                not whole
                and index < len(embedded) - 1
                and status.docmdp_ok is not False
                and level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
            )
            when = status.signer_reported_dt
        except Exception:
            intact = valid = trusted = whole = False
            when = None
        name, organisation = _subject(sig.signer_cert) if sig.signer_cert else ("", "")
        checks.append(
            SignatureCheck(
                field=str(sig.field_name),
                signer=name,
                organisation=organisation,
                signing_time=when,
                intact=intact,
                valid=valid,
                covers_whole_file=whole,
                trusted=trusted,
                kind=kind_of_field(str(sig.field_name)),
                later_signatures_only=later_only,
            )
        )
    return checks
