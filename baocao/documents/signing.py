"""Digital signatures (ký số) of PDF documents: PAdES signing and verification with pyHanko.

No Django here. The PKCS#12 file and its passphrase live only in memory for one call.
The visible stamp (signer, organisation, time) is drawn by WeasyPrint with the document font,
so Vietnamese letters print right, then imported as the signature field's appearance.
"""

from __future__ import annotations

import asyncio
import binascii
import datetime as dt
import io
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from baocao.documents.model import clean

FIELD_PREFIX = "ChuKySo"
STAMP_SIZE_PT = (190.0, 62.0)


class SigningError(ValueError):
    """Raise when a document cannot be signed (bad PKCS#12, wrong passphrase, bad PDF)."""


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

    @property
    def ok(self) -> bool:
        """Return whether the document is unchanged since this signature and it is valid."""
        return self.intact and self.valid and self.covers_whole_file


def _subject(cert) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Return (common name, organisation) of an asn1crypto certificate."""
    native = cert.subject.native
    return clean(native.get("common_name", "")), clean(native.get("organization_name", ""))


def stamp_pdf(signer: str, organisation: str, when: dt.datetime) -> bytes:
    """Return a one-page PDF with the visible stamp of a signature (Decree 30 style)."""
    from weasyprint import HTML

    from baocao.documents.render_pdf import _font_faces, e, fonts_only_fetcher

    width, height = STAMP_SIZE_PT
    html = f"""<html><head><style>{_font_faces()}
@page {{ size: {width}pt {height}pt; margin: 0; }}
body {{ margin: 0; font-family: "Times New Roman", serif; color: #c00000; font-size: 8.5pt; }}
.box {{ border: 1.2pt solid #c00000; border-radius: 3pt; height: {height - 4}pt;
        box-sizing: border-box; padding: 2pt 5pt; margin: 2pt; line-height: 1.2; }}
b {{ font-size: 9pt; }}
</style></head><body><div class="box">
<div>Ký bởi: <b>{e(signer)}</b></div>
<div>Cơ quan: {e(organisation or "—")}</div>
<div>Thời gian ký: {e(when.strftime("%d/%m/%Y %H:%M:%S %z"))}</div>
<div><i>Ký số theo Nghị định 30/2020/NĐ-CP</i></div>
</div></body></html>"""
    return HTML(string=html, url_fetcher=fonts_only_fetcher()).write_pdf()


def _stamp_style(stamp: bytes):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class InMemoryPage(content.ImportedPdfPage):
        """Import the first page of an in-memory PDF as the stamp's background."""

        def render(self) -> bytes:
            xobj = self._ensure_writer.import_page_as_xobject(
                PdfFileReader(io.BytesIO(stamp)), page_ix=0)
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    return StaticStampStyle(background=InMemoryPage("in-memory"), border_width=0,
                            background_opacity=1.0)


def load_signer(p12: bytes, passphrase: str):  # type: ignore[no-untyped-def]
    """Return a pyHanko signer from a PKCS#12 file, or raise SigningError."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            p12, other_certs=[], passphrase=passphrase.encode("utf-8") if passphrase else None)
    except Exception as exc:
        raise SigningError(_("Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp không "
                             "hợp lệ.")) from exc
    if signer is None or getattr(signer, "signing_cert", None) is None:
        raise SigningError(_("Tệp PKCS#12 không chứa chứng thư số và khóa ký."))
    return signer


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


def signer_identity(p12: bytes, passphrase: str) -> tuple[str, str]:
    """Return (name, organisation) of the certificate in a PKCS#12 file."""
    return _subject(load_signer(p12, passphrase).signing_cert)


def sign_pdf(pdf: bytes, *, p12: bytes, passphrase: str, page: int,
             box: tuple[float, float, float, float], when: dt.datetime | None = None,
             reason: str = "Phê duyệt, ban hành văn bản", location: str = "") -> bytes:
    """Return ``pdf`` signed (PAdES B-B) with a visible stamp in ``box`` on page ``page``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = load_signer(p12, passphrase)
    name, organisation = _subject(signer.signing_cert)
    when = when or dt.datetime.now(dt.UTC).astimezone()
    x1, y1, x2, y2 = box
    width, height = STAMP_SIZE_PT
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    rect = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        existing = len(list(fields.enumerate_sig_fields(writer)))
        field_name = f"{FIELD_PREFIX}{existing + 1}"
        meta = signers.PdfSignatureMetadata(
            field_name=field_name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=reason, location=clean(location) or None, name=name or None,
        )
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, stamp_style=_stamp_style(stamp_pdf(name, organisation, when)),
            new_field_spec=fields.SigFieldSpec(field_name, on_page=page,
                                               box=tuple(round(v, 2) for v in rect)),
        )
        out = outside_event_loop(pdf_signer.sign_pdf, writer)
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError(_("Không ký được văn bản: %(error)s") % {"error": exc}) from exc
    return out.getvalue()


def verify_pdf(data: bytes, *, trust_roots: tuple[bytes, ...] = ()) -> list[SignatureCheck]:
    """Return a check of every signature in ``data`` (empty when it is not a signed PDF).

    ``intact`` says whether the signed bytes are unchanged; ``covers_whole_file`` whether
    anything was appended after the signature; ``trusted`` whether the signer's chain leads
    to one of ``trust_roots`` (DER or PEM certificates).
    """
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for raw in trust_roots:
        der = pem.unarmor(raw)[2] if pem.detect(raw) else raw
        roots.append(x509.Certificate.load(der))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(_("Tệp tải lên không phải là tệp PDF đọc được.")) from exc
    checks = []
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = outside_event_loop(validate_pdf_signature, sig, context)
            intact, valid = bool(status.intact), bool(status.valid)
            trusted = bool(status.trusted)
            whole = str(status.coverage.name) == "ENTIRE_FILE"
            when = status.signer_reported_dt
        except Exception:
            intact = valid = trusted = whole = False
            when = None
        name, organisation = _subject(sig.signer_cert) if sig.signer_cert else ("", "")
        checks.append(SignatureCheck(
            field=str(sig.field_name), signer=name, organisation=organisation,
            signing_time=when, intact=intact, valid=valid, covers_whole_file=whole,
            trusted=trusted,
        ))
    return checks
