"""The agency's seal applied by a background job, with a PIN held by the server.

A job's parameters are stored in the database, so a PIN typed by the clerk can never go into
one. A job can seal only where the operators configured the seal on the server, as a
provincial data centre does for its agencies' keys kept on an HSM:

- ``BAOCAO_SEAL_PKCS11`` — ``{"module": ..., "token": ..., "key": ...}`` (optionally
  ``"cert"``): the PKCS#11 module, the token label and the key label;
- ``BAOCAO_SEAL_PIN_FILE`` — a file readable by the server's account only (mode 0600 or
  stricter) holding the PIN; it is read at each signing and never stored or logged.

Both are read from the settings or, failing that, the environment (``BAOCAO_SEAL_PKCS11`` as
``module|token|key``). Without them, signing stays in the request with the PIN the clerk types.
The job ``documents.seal`` seals one or several issued reports (steps per report: render the
PDF, sign, verify, store); a report already sealed for the same document is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid
from baocao.documents.capture import thaw
from baocao.documents.models import SignedCopy
from baocao.documents.records import latest_capture
from baocao.documents.signing import SigningError, verify_pdf
from baocao.documents.signing_services import (
    agency_token_of,
    keep_signed_copy,
    render_for_signing,
    seal_pdf,
    trust_roots,
)
from baocao.domain.workflow import Role, Status
from baocao.jobs.models import Job
from baocao.jobs.queue import JobRun, enqueue, register
from baocao.organizations.access import roles_in
from baocao.reports.models import Report
from baocao.reports.selectors import access_report

KIND = "documents.seal"
STEPS = 4  # render the PDF, sign, verify, store


@dataclass(frozen=True)
class ServerSeal:
    """The seal key on the server's token, and the file holding its PIN."""

    module_path: str
    token_label: str
    key_label: str
    cert_label: str
    pin_file: str


def server_seal() -> ServerSeal | None:
    """Return the seal configured on the server, or None (signing then needs the clerk's PIN)."""
    raw: Any = getattr(settings, "BAOCAO_SEAL_PKCS11", None) or os.environ.get(
        "BAOCAO_SEAL_PKCS11", ""
    )
    pin_file = str(
        getattr(settings, "BAOCAO_SEAL_PIN_FILE", None)
        or os.environ.get("BAOCAO_SEAL_PIN_FILE", "")
    )
    if isinstance(raw, str):
        parts = [p.strip() for p in raw.split("|")] if raw else []
        raw = dict(zip(("module", "token", "key", "cert"), parts, strict=False))
    if not isinstance(raw, dict) or not pin_file:
        return None
    module, token, key = (str(raw.get(name) or "") for name in ("module", "token", "key"))
    if not (module and token and key):
        return None
    return ServerSeal(module, token, key, str(raw.get("cert") or ""), pin_file)


def read_pin(seal: ServerSeal) -> str:
    """Return the PIN from the seal's PIN file; refuse a missing, empty or too open file."""
    path = Path(seal.pin_file)
    try:
        mode = path.stat().st_mode
    except OSError:
        raise SigningError(
            _("Không đọc được tệp mã PIN của con dấu trên máy chủ (%(path)s).") % {"path": path}
        ) from None
    if not stat.S_ISREG(mode) or mode & 0o077:
        raise SigningError(
            _(
                "Tệp mã PIN của con dấu (%(path)s) phải là tệp chỉ tài khoản máy chủ đọc được "
                "(quyền 0600); hiện là %(mode)s. Không ký số."
            )
            % {"path": path, "mode": oct(stat.S_IMODE(mode))}
        )
    try:
        pin = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise SigningError(
            _("Không đọc được tệp mã PIN của con dấu trên máy chủ (%(path)s).") % {"path": path}
        ) from None
    if not pin:
        raise SigningError(_("Tệp mã PIN của con dấu trên máy chủ trống."))
    return pin


def document_digest(report: Report) -> str:
    """Return the SHA-256 (hex) of the report's issued document as captured."""
    capture = latest_capture(report)
    document = capture.document if capture is not None else {}
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def effect_key(report: Report, digest: str) -> str:
    """Return the effect key of sealing this document of the report (once per document)."""
    return f"seal:{report.pk}:{digest}"


def _check_sealable(report: Report, by: Actor) -> None:
    if Role.CLERK not in roles_in(by, report.unit):
        raise Forbidden(_("Chỉ văn thư của đơn vị được đóng dấu của cơ quan."), code="not_clerk")
    if report.status != Status.ISSUED.value:
        raise Forbidden(
            _("Chỉ đóng dấu báo cáo đã ban hành (%(report)s).") % {"report": report},
            code="not_issued",
        )


def enqueue_seal(report_ids: list[int], *, by: Actor) -> Job:
    """Enqueue sealing the issued reports ``report_ids`` with the server's seal; return the job.

    The caller is the clerk of each report's unit. The job is keyed by each report and the
    digest of its issued document, so asking again for the same documents returns that job.
    Its parameters hold the report ids and digests — never a PIN.
    """
    seal = server_seal()
    if seal is None:
        raise Conflict(
            _(
                "Máy chủ chưa cấu hình con dấu của cơ quan (BAOCAO_SEAL_PKCS11, "
                "BAOCAO_SEAL_PIN_FILE); hãy ký số với mã PIN của thiết bị."
            ),
            code="no_server_seal",
        )
    ids = list(dict.fromkeys(int(i) for i in report_ids))
    if not ids:
        raise Invalid(_("Vui lòng chọn báo cáo cần đóng dấu."), details={"reports": "required"})
    items = []
    for report_id in ids:
        report = access_report(by, report_id)
        _check_sealable(report, by)
        items.append({"report_id": report.pk, "digest": document_digest(report)})
    if len(items) == 1:
        key = f"{KIND}:{items[0]['report_id']}:{items[0]['digest']}"
    else:
        joined = ",".join(f"{i['report_id']}:{i['digest']}" for i in items)
        key = f"{KIND}:many:{hashlib.sha256(joined.encode()).hexdigest()}"
    return enqueue(KIND, {"reports": items}, key=key, by=by)


def seal_report(run: JobRun, report: Report, digest: str, by: Actor, *, at: int, total: int) -> str:
    """Seal one issued report (steps: render, sign, verify, store); return what was done."""
    key = effect_key(report, digest)
    if run.has_effect(key):
        return "already"
    if document_digest(report) != digest:
        raise Conflict(
            _("Văn bản của báo cáo %(report)s đã thay đổi; vui lòng đóng dấu lại.")
            % {"report": report},
            code="changed",
        )
    seal = server_seal()
    if seal is None:
        raise Conflict(_("Máy chủ chưa cấu hình con dấu của cơ quan."), code="no_server_seal")
    label = str(report)
    run.progress(at, total, _("%(report)s: đang dựng văn bản PDF") % {"report": label})
    capture = latest_capture(report)
    pdf, anchor = render_for_signing(report, thaw(capture.document) if capture else None)
    run.progress(at + 1, total, _("%(report)s: đang ký số") % {"report": label})
    try:
        signed, when = seal_pdf(
            report,
            pdf,
            anchor,
            keys=seal,
            pin=read_pin(seal),
            config=agency_token_of(report.unit),
        )
        run.progress(at + 2, total, _("%(report)s: đang kiểm tra chữ ký") % {"report": label})
        checks = verify_pdf(signed, trust_roots=trust_roots())
    except SigningError as exc:
        raise Invalid(
            _("Không đóng dấu được báo cáo %(report)s: %(error)s")
            % {"report": label, "error": exc},
            code="signing_failed",
        ) from None
    if not checks or not (checks[-1].ok and checks[-1].is_agency):
        raise Invalid(
            _("Chữ ký số vừa tạo cho báo cáo %(report)s không hợp lệ; không lưu.")
            % {"report": label},
            code="signing_failed",
        )
    run.progress(at + 3, total, _("%(report)s: đang lưu bản đã ký") % {"report": label})
    with transaction.atomic():  # the copy and its effect together: a re-run never signs twice
        if not run.record_effect(key):
            transaction.set_rollback(True)
            return "already"
        keep_signed_copy(
            report,
            signed,
            by=by,
            kind=SignedCopy.Kind.AGENCY,
            when=when,
            token=seal.token_label,
            server_seal=True,
            job=run.job.pk,
        )
    return "sealed"


@register(KIND, max_attempts=3, label="Đóng dấu báo cáo đã ban hành")
def seal(run: JobRun) -> dict[str, Any]:
    """Seal each report of the job for the clerk who asked (their rights are checked again)."""
    user = run.requester()
    items = list(run.params.get("reports", []))
    total = STEPS * len(items)
    outcome: dict[str, str] = {}
    for index, item in enumerate(items):
        report = access_report(user, int(item["report_id"]))
        _check_sealable(report, user)
        outcome[str(report.pk)] = seal_report(
            run, report, str(item["digest"]), user, at=index * STEPS, total=total
        )
        run.progress((index + 1) * STEPS, total, _("Đã đóng dấu %(report)s") % {"report": report})
    return {"reports": outcome}
