"""Receive a report package (gói tin) from another system: verify it, keep it, say what it is.

``open_package`` checks a package without the database: size, the ZIP's members (exactly
``manifest.json``, ``report.json``, ``document.pdf``; no paths, no duplicates, no encryption,
bounded sizes and compression ratio), both JSON members against their schemas, each member's
SHA-256 and size against the manifest, the manifest against ``report.json``, and the PDF's
signatures (``documents.signing.verify_pdf`` with this installation's trust roots).

``import_package`` is the only writer of ``ReceivedPackage``: the importer must be a clerk or
consolidator of the receiving unit; a package is identified by receiving unit + sender code +
number + issue date, so importing the same package twice stores it once (the second import
answers ``already_received``). When the sender's unit exists here with a report of the same
regime and period, the received package is linked to it and compared (``same``/``differs``);
that report is never changed by an import.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from pydantic import ValidationError

from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from baocao.documents.services import trust_roots
from baocao.documents.signing import SigningError, verify_pdf
from baocao.domain.text import clean_text
from baocao.domain.workflow import ACTION_ROLES, Action
from baocao.issuing.models import ReceivedPackage
from baocao.issuing.package import (
    DOCUMENT,
    MANIFEST,
    MEMBERS,
    REPORT,
    Manifest,
    ManifestFile,
    ReportData,
    comparable,
    report_data,
)
from baocao.issuing.selectors import INBOX_ROLES
from baocao.organizations.access import units_with_role
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, Report
from baocao.reports.services.audit import record

# Each member's largest size once inflated; the package itself is bounded by
# settings.BAOCAO_MAX_UPLOAD_BYTES. A member inflating more than MAX_RATIO times is refused.
MEMBER_LIMITS = {MANIFEST: 256 * 1024, REPORT: 8 * 1024 * 1024, DOCUMENT: 30 * 1024 * 1024}
MAX_RATIO = 200
MAX_ENTRIES = 16  # more central-directory entries than this is not worth reading


class PackageTooLarge(ServiceError):
    """A package larger than the upload limit (HTTP 413)."""

    code = "too_large"
    status = 413


def max_package_bytes() -> int:
    """Return the largest package accepted (settings.BAOCAO_MAX_UPLOAD_BYTES, 20 MB)."""
    return int(getattr(settings, "BAOCAO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _refuse(message: str, code: str, **details: Any) -> Invalid:
    return Invalid(message, code=code, details=details or None)


@dataclass
class OpenedPackage:
    """A package whose members, checksums, schemas and signatures were verified."""

    manifest: Manifest
    manifest_raw: dict[str, Any]
    data: ReportData
    data_raw: dict[str, Any]
    document: bytes
    package_sha256: str
    size: int
    signature_status: str
    signatures: list[dict[str, Any]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ":" in name
        or ".." in parts
        or len(parts) > 1
        or any(ord(ch) < 32 for ch in name)
    )


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Check the ZIP's directory: safe names, exactly the three members, bounded sizes."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(
            _("Gói tin có quá nhiều tệp (%(n)s); chỉ được có %(names)s.")
            % {"n": len(infos), "names": ", ".join(MEMBERS)},
            "package_members",
            count=len(infos),
        )
    for info in infos:
        if _unsafe(info.filename):
            raise _refuse(
                _(
                    "Gói tin có tên tệp không an toàn: “%(name)s” (đường dẫn thư mục "
                    "hoặc “..” không được phép)."
                )
                % {"name": info.filename[:200]},
                "package_unsafe_name",
                name=info.filename[:200],
            )
    found: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename not in MEMBERS:
            raise _refuse(
                _("Gói tin có tệp lạ “%(name)s”; chỉ được có %(names)s.")
                % {"name": info.filename[:200], "names": ", ".join(MEMBERS)},
                "package_members",
                name=info.filename[:200],
            )
        if info.filename in found:
            raise _refuse(
                _("Tệp “%(name)s” có hai lần trong gói tin.") % {"name": info.filename},
                "package_members",
                name=info.filename,
            )
        if info.flag_bits & 0x1:
            raise _refuse(
                _("Tệp “%(name)s” trong gói tin bị mã hóa.") % {"name": info.filename},
                "package_encrypted",
                name=info.filename,
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(
                _("Tệp “%(name)s” nén theo cách không hỗ trợ.") % {"name": info.filename},
                "package_compression",
                name=info.filename,
            )
        limit = MEMBER_LIMITS[info.filename]
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or (info.file_size > 64 * 1024 and ratio > MAX_RATIO):
            raise _refuse(
                _("Tệp “%(name)s” giải nén quá lớn (%(size)s byte); gói tin bị từ chối.")
                % {"name": info.filename, "size": info.file_size},
                "package_bomb",
                name=info.filename,
                size=info.file_size,
            )
        found[info.filename] = info
    missing = [name for name in MEMBERS if name not in found]
    if missing:
        raise _refuse(
            _("Gói tin thiếu tệp: %(names)s.") % {"names": ", ".join(missing)},
            "package_members",
            missing=missing,
        )
    return found


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read a member, never more than its limit whatever its header claims."""
    limit = MEMBER_LIMITS[info.filename]
    try:
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _refuse(
            _("Tệp “%(name)s” trong gói tin bị hỏng (%(error)s).")
            % {"name": info.filename, "error": str(exc)[:200]},
            "package_corrupt",
            name=info.filename,
        ) from None
    if len(content) > limit:
        raise _refuse(
            _("Tệp “%(name)s” giải nén quá lớn (%(size)s byte); gói tin bị từ chối.")
            % {"name": info.filename, "size": f"> {limit}"},
            "package_bomb",
            name=info.filename,
        )
    return content


def _json(content: bytes, name: str) -> dict[str, Any]:
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(
            _("Tệp “%(name)s” không phải JSON UTF-8 hợp lệ.") % {"name": name},
            "package_json",
            name=name,
        ) from None
    if not isinstance(value, dict):
        raise _refuse(
            _("Tệp “%(name)s” không phải JSON UTF-8 hợp lệ.") % {"name": name},
            "package_json",
            name=name,
        )
    return value


def _schema_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]}
        for e in exc.errors(include_url=False, include_input=False)[:20]
    ]


def _manifest(raw: dict[str, Any]) -> Manifest:
    if raw.get("format") != "baocao-package" or raw.get("version") != 1:
        raise _refuse(
            _(
                "Gói tin không đúng định dạng: cần baocao-package phiên bản 1, gói tin "
                "ghi %(format)s phiên bản %(version)s."
            )
            % {"format": str(raw.get("format"))[:40], "version": str(raw.get("version"))[:10]},
            "package_format",
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise _refuse(
            _("Tệp manifest.json không đúng cấu trúc."),
            "package_manifest",
            errors=_schema_errors(exc),
        ) from None


def _data(raw: dict[str, Any]) -> ReportData:
    try:
        return ReportData.model_validate(raw)
    except ValidationError as exc:
        raise _refuse(
            _("Số liệu báo cáo (report.json) không đúng cấu trúc."),
            "package_data",
            errors=_schema_errors(exc),
        ) from None


def _check_files(manifest: Manifest, contents: dict[str, bytes]) -> list[str]:
    listed: dict[str, ManifestFile] = {f.name: f for f in manifest.files}
    if set(listed) != {REPORT, DOCUMENT}:
        raise _refuse(
            _("manifest.json phải liệt kê mã kiểm tra của report.json và document.pdf."),
            "package_manifest",
        )
    checks = []
    for name in (REPORT, DOCUMENT):
        entry, content = listed[name], contents[name]
        actual = hashlib.sha256(content).hexdigest()
        if actual != entry.sha256:
            raise _refuse(
                _(
                    "Mã kiểm tra SHA-256 của %(name)s không khớp manifest: tệp đã bị "
                    "thay đổi sau khi đóng gói (manifest ghi %(expected)s…, tệp có "
                    "%(actual)s…)."
                )
                % {"name": name, "expected": entry.sha256[:12], "actual": actual[:12]},
                "package_checksum",
                file=name,
                expected=entry.sha256,
                actual=actual,
            )
        if len(content) != entry.size:
            raise _refuse(
                _(
                    "Kích thước của %(name)s không khớp manifest (%(expected)s byte, tệp "
                    "có %(actual)s byte)."
                )
                % {"name": name, "expected": entry.size, "actual": len(content)},
                "package_checksum",
                file=name,
            )
        checks.append(f"{name}: sha256 {actual}")
    return checks


def _check_agreement(manifest: Manifest, data: ReportData) -> None:
    """The manifest and report.json must describe the same report."""
    report = data.report
    pairs = {
        "sender.code": (manifest.sender.code, data.unit.code),
        "report.unit": (manifest.sender.code, report.unit),
        "document.number": (manifest.document.number, report.number_text),
        "document.issued_on": (manifest.document.issued_on, report.issued_on),
        "regime.code": (manifest.regime.code, data.template.code),
        "report.template": (manifest.regime.code, report.template),
        "period.code": (manifest.period.code, report.period),
    }
    wrong = [name for name, (left, right) in pairs.items() if left != right]
    if wrong:
        raise _refuse(
            _("manifest.json và report.json không khớp nhau ở: %(fields)s.")
            % {"fields": ", ".join(wrong)},
            "package_mismatch",
            fields=wrong,
        )


def _signatures(manifest: Manifest, pdf: bytes) -> tuple[str, list[dict[str, Any]]]:
    if not pdf.startswith(b"%PDF-"):
        raise _refuse(_("Tệp document.pdf không phải tệp PDF."), "package_pdf")
    try:
        found = verify_pdf(pdf, trust_roots=trust_roots())
    except SigningError:
        raise _refuse(_("Tệp document.pdf không đọc được."), "package_pdf") from None
    signatures = [
        {
            "field": c.field,
            "signer": c.signer,
            "organisation": c.organisation,
            "signing_time": c.signing_time.isoformat() if c.signing_time else None,
            "kind": c.kind,
            "intact": c.intact,
            "valid": c.valid,
            "trusted": c.trusted,
            "covers_whole_file": c.covers_whole_file,
            "ok": c.ok,
        }
        for c in found
    ]
    if manifest.pdf.signed and not found:
        raise _refuse(
            _("Manifest ghi văn bản đã ký số nhưng document.pdf không có chữ ký số."),
            "package_signature",
        )
    broken = [s for s in signatures if not s["ok"]]
    if broken:
        raise _refuse(
            _(
                "Chữ ký số của %(signer)s trong document.pdf không hợp lệ: văn bản đã bị "
                "thay đổi sau khi ký."
            )
            % {"signer": broken[0]["signer"] or "?"},
            "package_signature",
            signatures=broken,
        )
    if not found:
        return ReceivedPackage.Signature.UNSIGNED.value, signatures
    if all(s["trusted"] for s in signatures):
        return ReceivedPackage.Signature.VALID.value, signatures
    return ReceivedPackage.Signature.UNTRUSTED.value, signatures


def open_package(content: bytes) -> OpenedPackage:
    """Verify a package's bytes; Invalid (with a precise ``code``) for anything wrong."""
    limit = max_package_bytes()
    if len(content) > limit:
        raise PackageTooLarge(
            _("Gói tin lớn hơn %(limit)s MB.") % {"limit": limit // 2**20},
            details={"size": len(content), "limit": limit},
        )
    if not content.startswith(b"PK\x03\x04"):
        raise _refuse(_("Tệp không phải gói tin baocao (tệp ZIP .bcpkg)."), "package_not_zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(
            _("Tệp không phải gói tin baocao (tệp ZIP .bcpkg)."), "package_not_zip"
        ) from None
    with archive:
        infos = _members(archive)
        contents = {name: _read(archive, info) for name, info in infos.items()}
    manifest_raw = _json(contents[MANIFEST], MANIFEST)
    manifest = _manifest(manifest_raw)
    checks = _check_files(manifest, contents)
    data_raw = _json(contents[REPORT], REPORT)
    data = _data(data_raw)
    _check_agreement(manifest, data)
    status, signatures = _signatures(manifest, contents[DOCUMENT])
    checks.append(f"signature: {status}")
    return OpenedPackage(
        manifest=manifest,
        manifest_raw=manifest_raw,
        data=data,
        data_raw=data_raw,
        document=contents[DOCUMENT],
        package_sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        signature_status=status,
        signatures=signatures,
        checks=checks,
    )


# ---- receiving ------------------------------------------------------------------------------

RECEIVER_ROLES = tuple(ACTION_ROLES[Action.RECEIVE])


@dataclass
class ImportOutcome:
    """What an import did: ``received``, ``already_received`` or (dry run) ``would_receive``."""

    outcome: str
    opened: OpenedPackage
    to_unit: OrgUnit
    package: ReceivedPackage | None = None
    local_report: Report | None = None
    local_match: str = ""

    @property
    def dry_run(self) -> bool:
        return self.outcome == "would_receive"


def _receiving_unit(by: Actor, manifest: Manifest, unit_code: str | None) -> OrgUnit:
    units = units_with_role(by, *RECEIVER_ROLES)
    if unit_code:
        chosen = [u for u in units if u.code == unit_code]
        if not chosen:
            if any(u.code == unit_code for u in units_with_role(by, *INBOX_ROLES)):
                raise Forbidden(
                    _("Chỉ văn thư hoặc bộ phận tổng hợp của nơi nhận được nhập gói tin báo cáo.")
                )
            raise NotFound(_("Không tìm thấy đơn vị."))
        return chosen[0]
    if not units:
        raise Forbidden(
            _("Chỉ văn thư hoặc bộ phận tổng hợp của nơi nhận được nhập gói tin báo cáo.")
        )
    addressed = {r.code for r in manifest.receivers}
    named = [u for u in units if u.code in addressed]
    if named:
        return named[0]
    if len(units) == 1:
        return units[0]
    raise Invalid(
        _("Bạn nhận báo cáo cho nhiều đơn vị; hãy chọn đơn vị nhận."),
        details={"unit": "required"},
        code="unit_required",
    )


def _local(opened: OpenedPackage) -> tuple[Report | None, str]:
    """Return the report of the sender's unit here for the same regime and period, if any."""
    report = (
        Report.objects.filter(
            unit__code=opened.data.unit.code,
            template__code=opened.data.template.code,
            period_code=opened.data.report.period,
        )
        .select_related("unit", "unit__parent", "template")
        .first()
    )
    if report is None:
        return None, ""
    same = comparable(report_data(report)) == comparable(opened.data_raw)
    return report, (
        ReceivedPackage.LocalMatch.SAME if same else ReceivedPackage.LocalMatch.DIFFERS
    ).value


def _existing(unit: OrgUnit, manifest: Manifest) -> ReceivedPackage | None:
    return ReceivedPackage.objects.filter(
        to_unit=unit,
        sender_code=manifest.sender.code,
        number_text=manifest.document.number,
        issued_on=manifest.document.issued_on,
    ).first()


def _same_package(existing: ReceivedPackage, opened: OpenedPackage) -> ReceivedPackage:
    """Return ``existing`` when it holds the same report data; Conflict otherwise."""
    data_sha = next(f.sha256 for f in opened.manifest.files if f.name == REPORT)
    if existing.data_sha256 != data_sha:
        raise Conflict(
            _(
                "Đã nhận một gói tin khác cùng số %(number)s ngày %(day)s của "
                "%(sender)s, với số liệu khác; gói tin này không được nhập."
            )
            % {
                "number": existing.number_text,
                "day": existing.issued_on.strftime("%d/%m/%Y"),
                "sender": existing.sender_name,
            },
            code="package_conflict",
            details={"package": existing.pk},
        )
    return existing


def import_package(
    content: bytes,
    *,
    by: Actor,
    filename: str = "",
    unit_code: str | None = None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Verify and receive a package for a unit where ``by`` is clerk or consolidator.

    The same package imported again answers ``already_received`` and writes nothing; another
    package with the same sender, number and date but different data is a Conflict.
    """
    opened = open_package(content)
    manifest = opened.manifest
    unit = _receiving_unit(by, manifest, unit_code)
    if unit.code == manifest.sender.code:
        raise _refuse(
            _("Gói tin này do chính đơn vị %(unit)s gửi đi.") % {"unit": unit.name},
            "package_own_unit",
        )
    local, match = _local(opened)
    existing = _existing(unit, manifest)
    if existing is not None:
        return ImportOutcome(
            "already_received",
            opened,
            unit,
            _same_package(existing, opened),
            existing.local_report,
            existing.local_match,
        )
    if dry_run:
        return ImportOutcome("would_receive", opened, unit, None, local, match)
    files: dict[str, ManifestFile] = {f.name: f for f in manifest.files}
    try:
        with transaction.atomic():
            package = ReceivedPackage.objects.create(
                to_unit=unit,
                sender_code=manifest.sender.code,
                sender_name=manifest.sender.name[:255],
                number_text=manifest.document.number,
                issued_on=manifest.document.issued_on,
                title=clean_text(manifest.document.title)[:500],
                regime_code=manifest.regime.code,
                regime_name=manifest.regime.name[:500],
                period_code=manifest.period.code,
                addressed=unit.code in {r.code for r in manifest.receivers},
                manifest=opened.manifest_raw,
                data=opened.data_raw,
                document=opened.document,
                document_sha256=files[DOCUMENT].sha256,
                data_sha256=files[REPORT].sha256,
                package_sha256=opened.package_sha256,
                package_size=opened.size,
                filename=clean_text(filename or "")[:255],
                signature_status=opened.signature_status,
                signatures=opened.signatures,
                local_report=local,
                local_match=match,
                received_by=by,
            )
            record(
                None,
                AuditEvent.Verb.IMPORT,
                by=by,
                channel="package",
                package=package.pk,
                sender=package.sender_code,
                number=package.number_text,
                issued_on=package.issued_on.isoformat(),
                to=unit.code,
                signature=package.signature_status,
                sha256=package.package_sha256,
                local_report=local.pk if local else None,
                local_match=match,
            )
    except IntegrityError:  # the same package imported at the same moment by someone else
        existing = _existing(unit, manifest)
        if existing is None:
            raise
        return ImportOutcome(
            "already_received",
            opened,
            unit,
            _same_package(existing, opened),
            existing.local_report,
            existing.local_match,
        )
    return ImportOutcome("received", opened, unit, package, local, match)


# ---- reads ----------------------------------------------------------------------------------


def received_packages(user: AnyUser) -> QuerySet[ReceivedPackage]:
    """Return the packages received by units where ``user`` sees the inbox (newest first)."""
    units = [u.pk for u in units_with_role(user, *INBOX_ROLES)]
    return (
        ReceivedPackage.objects.filter(to_unit_id__in=units)
        .select_related("to_unit", "received_by")
        .defer("document")
        .order_by("-received_at", "-pk")
    )


def access_package(user: AnyUser, package_id: int) -> ReceivedPackage:
    """Return a package received by one of the user's units; NotFound for anybody else."""
    try:
        return ReceivedPackage.objects.select_related("to_unit", "received_by").get(
            pk=package_id, to_unit_id__in=[u.pk for u in units_with_role(user, *INBOX_ROLES)]
        )
    except (ReceivedPackage.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(_("Không tìm thấy gói tin.")) from None


def visible_local_report(user: AnyUser, package: ReceivedPackage) -> Report | None:
    """Return the linked report of the sender's unit when ``user`` may read it, else None."""
    from baocao.reports.selectors import visible_reports

    if package.local_report_id is None:
        return None
    return visible_reports(user).filter(pk=package.local_report_id).first()
