"""The agency's digital signature through PKCS#11 (a USB token, a smart card or an HSM).

No Django models here. The PIN is used for one call and never kept. Every failure — module
missing, token absent, wrong or locked PIN, key or certificate missing, certificate expired,
revoked or untrusted — is a SigningError with a Vietnamese message, and nothing is signed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from baocao.documents import appearance
from baocao.documents.signing import (
    AGENCY,
    AGENCY_REASON,
    Box,
    SigningError,
    check_certificate,
    sign_with_signer,
)


def open_session(module_path: str, token_label: str, pin: str) -> Any:
    """Return an open, logged-in PKCS#11 session on the token ``token_label``."""
    import pkcs11
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.pkcs11 import PKCS11Error, open_pkcs11_session

    if not module_path or not Path(module_path).is_file():
        raise SigningError(
            _(
                "Không tìm thấy thư viện PKCS#11 của thiết bị ký số (%(path)s). "
                "Kiểm tra cấu hình thiết bị ký của đơn vị."
            )
            % {"path": module_path or "—"}
        )
    if not pin:
        raise SigningError(_("Vui lòng nhập mã PIN của thiết bị ký số."))
    try:
        return open_pkcs11_session(
            module_path, token_criteria=TokenCriteria(label=token_label), user_pin=pin
        )
    except p11.PinIncorrect as exc:
        raise SigningError(_("Mã PIN của thiết bị ký số không đúng.")) from exc
    except p11.PinLocked as exc:
        raise SigningError(_("Thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần.")) from exc
    except (p11.PinInvalid, p11.PinLenRange) as exc:
        raise SigningError(_("Mã PIN của thiết bị ký số không hợp lệ.")) from exc
    except (
        PKCS11Error,
        HankoSigningError,
        p11.TokenNotPresent,
        p11.TokenNotRecognised,
        p11.SlotIDInvalid,
        p11.DeviceRemoved,
    ) as exc:
        raise SigningError(
            _(
                "Không tìm thấy thiết bị ký số «%(label)s». Kiểm tra thiết bị đã "
                "được cắm và nhãn thiết bị trong cấu hình."
            )
            % {"label": token_label}
        ) from exc
    except (OSError, RuntimeError, pkcs11.PKCS11Error) as exc:
        raise SigningError(
            _("Không mở được thiết bị ký số: %(error)s") % {"error": type(exc).__name__}
        ) from exc


def token_signer(session: Any, key_label: str, cert_label: str | None = None) -> Any:
    """Return a pyHanko signer using the key ``key_label`` (and its certificate) on the token."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    # Hash in software, sign raw on the token: every token offers CKM_ECDSA / CKM_RSA_PKCS,
    # not all the hash-and-sign mechanisms (SoftHSM lacks CKM_ECDSA_SHA256).
    signer = PKCS11Signer(
        session, key_label=key_label, cert_label=cert_label or key_label, use_raw_mechanism=True
    )
    try:
        if signer.signing_cert is None:  # loads the certificate and the key handle
            raise LookupError(cert_label or key_label)
    except Exception as exc:
        raise SigningError(
            _("Không tìm thấy khóa ký hoặc chứng thư số «%(label)s» trên thiết bị ký số.")
            % {"label": cert_label or key_label}
        ) from exc
    return signer


def sign_pdf_pkcs11(
    pdf: bytes,
    *,
    module_path: str,
    token_label: str,
    pin: str,
    key_label: str,
    cert_label: str | None = None,
    page: int,
    box: Box,
    when: dt.datetime | None = None,
    location: str = "",
    seal_image: bytes | None = None,
    seal_mm: float = appearance.DEFAULT_SEAL_MM,
    field_name: str | None = None,
    reason: str = AGENCY_REASON,
    trust_roots: tuple[bytes, ...] = (),
    crls: tuple[bytes, ...] = (),
    fetch_revocation: bool = False,
) -> bytes:
    """Return ``pdf`` signed by the agency (PAdES B-B) with the key on a PKCS#11 token.

    The seal image (PNG; drawn red, ``seal_mm`` across) covers the left third of the last
    person's signature on page ``page`` (or of a nominal image centred in ``box``), with the
    agency's name and the signing time (ISO 8601). The certificate is checked first: expired,
    or — with ``trust_roots`` — untrusted or revoked (``crls``, or fetched) is refused.
    """
    when = when or dt.datetime.now(dt.UTC).astimezone()
    session = open_session(module_path, token_label, pin)
    try:
        signer = token_signer(session, key_label, cert_label)
        check_certificate(
            signer.signing_cert,
            when=when,
            trust_roots=trust_roots,
            crls=crls,
            other_certs=tuple(signer.cert_registry),
            fetch=fetch_revocation,
        )
        return sign_with_signer(
            pdf,
            signer,
            kind=AGENCY,
            page=page,
            box=box,
            when=when,
            reason=reason,
            location=location,
            seal_image=seal_image,
            seal_mm=seal_mm,
            field_name=field_name,
        )
    finally:
        with contextlib.suppress(Exception):  # a session already gone is fine
            session.close()
