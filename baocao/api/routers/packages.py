"""Report packages (gói tin): download an issued report's package, receive one from elsewhere.

The same functions as the pages and the CLI (``baocao.issuing.package`` and
``package_import``): a package is exported for readers of an issued (or later) report, and
imported by a clerk or consolidator of the receiving unit — verified, stored once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from baocao.api.pagination import PageQuery, paginate
from baocao.api.routers.common import responses
from baocao.api.schemas import ErrorOut, ObjectId
from baocao.core.actors import AnyUser, ApiRequest
from baocao.issuing.models import ReceivedPackage
from baocao.issuing.package import MEDIA_TYPE, export_package
from baocao.issuing.package_import import (
    ImportOutcome,
    PackageTooLarge,
    access_package,
    import_package,
    max_package_bytes,
    received_packages,
    visible_local_report,
)

router = Router(tags=["Gói tin báo cáo"])


def _binary(media_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


class SignatureOut(Schema):
    """One signature of the received PDF, as verified at import."""

    field: str = ""
    signer: str = ""
    organisation: str = ""
    signing_time: str | None = None
    kind: str = ""
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    ok: bool = False


class PackageOut(Schema):
    """A received package: sender, number and date from its manifest, and its verification."""

    id: int
    to_unit: str
    sender_code: str
    sender_name: str
    number_text: str
    issued_on: dt.date
    title: str
    regime_code: str
    regime_name: str
    period_code: str
    addressed: bool
    signed: bool
    signature_status: str
    signatures: list[SignatureOut]
    document_sha256: str
    data_sha256: str
    package_sha256: str
    package_size: int
    filename: str
    local_report: int | None
    local_match: str
    received_at: dt.datetime
    received_by: str


class PackagePage(Schema):
    """A page of received packages."""

    count: int
    limit: int
    offset: int
    items: list[PackageOut]


class VerificationOut(Schema):
    """What the verification of an uploaded package found."""

    sender_code: str
    sender_name: str
    number_text: str
    issued_on: dt.date
    to_unit: str
    signature_status: str
    signatures: list[SignatureOut]
    checks: list[str]


class ImportOut(Schema):
    """The outcome of an upload: ``received``, ``already_received`` or ``would_receive``."""

    outcome: str = Field(pattern="^(received|already_received|would_receive)$")
    dry_run: bool
    verification: VerificationOut
    package: PackageOut | None


def package_data(user: AnyUser, package: ReceivedPackage) -> dict[str, Any]:
    """Return a received package as API data (the linked report only when readable)."""
    local = visible_local_report(user, package)
    return {
        "id": package.pk,
        "to_unit": package.to_unit.code,
        "sender_code": package.sender_code,
        "sender_name": package.sender_name,
        "number_text": package.number_text,
        "issued_on": package.issued_on,
        "title": package.title,
        "regime_code": package.regime_code,
        "regime_name": package.regime_name,
        "period_code": package.period_code,
        "addressed": package.addressed,
        "signed": package.signature_status != ReceivedPackage.Signature.UNSIGNED,
        "signature_status": package.signature_status,
        "signatures": package.signatures,
        "document_sha256": package.document_sha256,
        "data_sha256": package.data_sha256,
        "package_sha256": package.package_sha256,
        "package_size": package.package_size,
        "filename": package.filename,
        "local_report": local.pk if local else None,
        "local_match": package.local_match if local else "",
        "received_at": package.received_at,
        "received_by": package.received_by.get_full_name() or package.received_by.username,
    }


def import_data(user: AnyUser, outcome: ImportOutcome) -> dict[str, Any]:
    """Return an import's outcome as API data."""
    manifest = outcome.opened.manifest
    return {
        "outcome": outcome.outcome,
        "dry_run": outcome.dry_run,
        "verification": {
            "sender_code": manifest.sender.code,
            "sender_name": manifest.sender.name,
            "number_text": manifest.document.number,
            "issued_on": manifest.document.issued_on,
            "to_unit": outcome.to_unit.code,
            "signature_status": outcome.opened.signature_status,
            "signatures": outcome.opened.signatures,
            "checks": outcome.opened.checks,
        },
        "package": package_data(user, outcome.package) if outcome.package else None,
    }


@router.get(
    "/reports/{report_id}/package",
    response=responses(None),
    openapi_extra=_binary(MEDIA_TYPE, "Gói tin .bcpkg (ZIP)"),
    summary="Tải gói tin của báo cáo đã ban hành",
)
def download(request: ApiRequest, report_id: ObjectId) -> HttpResponse:
    """The package of an issued (or later) report the caller may read: a ZIP with
    ``manifest.json``, ``report.json`` and ``document.pdf`` (409 ``not_issued`` before)."""
    package = export_package(report_id, by=request.auth)
    response = HttpResponse(package.content, content_type=MEDIA_TYPE)
    disposition = content_disposition_header(True, package.filename)
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    response["X-Content-SHA256"] = package.sha256
    return response


@router.post(
    "/packages",
    response={**responses(ImportOut, 201), 200: ImportOut, 413: ErrorOut},
    summary="Nhập gói tin báo cáo từ hệ thống khác",
)
def upload(
    request: ApiRequest,
    file: File[UploadedFile],
    unit: Form[str | None] = None,
    dry_run: bool = False,
) -> Status:
    """Verify and receive a package (multipart ``file``) for the caller's unit (clerk or
    consolidator; ``unit`` = the receiving unit's code when the caller receives for several).

    201 received; 200 ``already_received`` (the same package again: nothing stored) or, with
    ``dry_run``, ``would_receive``. A refused package is 422 with a precise ``code``
    (``package_checksum``, ``package_unsafe_name``, ``package_members``, ``package_bomb``,
    ``package_data``, ``package_signature`` …), 413 over the size limit, 409
    ``package_conflict`` for a different package with the same sender, number and date.
    """
    limit = max_package_bytes()
    if (file.size or 0) > limit:
        raise PackageTooLarge(
            _("Gói tin lớn hơn %(limit)s MB.") % {"limit": limit // 2**20},
            details={"size": file.size, "limit": limit},
        )
    content = file.read(limit + 1)
    outcome = import_package(
        content,
        by=request.auth,
        filename=file.name or "",
        unit_code=unit or None,
        dry_run=dry_run,
    )
    return Status(201 if outcome.outcome == "received" else 200, import_data(request.auth, outcome))


@router.get("/packages", response=responses(PackagePage), summary="Gói tin báo cáo đã nhận")
def list_packages(request: ApiRequest, page: PageQuery) -> dict:
    """The packages received by the caller's units, newest first."""
    user = request.auth
    return paginate(received_packages(user), page, lambda p: package_data(user, p))


@router.get("/packages/{package_id}", response=responses(PackageOut), summary="Một gói tin đã nhận")
def get_package(request: ApiRequest, package_id: ObjectId) -> dict:
    """A received package with its verification (members of the receiving unit)."""
    user = request.auth
    return package_data(user, access_package(user, package_id))


@router.get(
    "/packages/{package_id}/document",
    response=responses(None),
    openapi_extra=_binary("application/pdf", "Văn bản PDF của gói tin"),
    summary="Văn bản PDF của gói tin đã nhận",
)
def package_document(request: ApiRequest, package_id: ObjectId) -> HttpResponse:
    """The PDF as received (signed, or rendered by the sender)."""
    package = access_package(request.auth, package_id)
    response = HttpResponse(bytes(package.document), content_type="application/pdf")
    disposition = content_disposition_header(False, f"goi-tin-{package.pk}.pdf")
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    return response


@router.get(
    "/packages/{package_id}/data",
    response=responses(dict[str, Any]),
    summary="Số liệu báo cáo (report.json) của gói tin đã nhận",
)
def package_report_data(request: ApiRequest, package_id: ObjectId) -> dict[str, Any]:
    """``report.json`` as received: unit, template and the report's items and values."""
    return dict(access_package(request.auth, package_id).data)
