"""A report's figures in Excel: download the form, upload it filled (all or nothing).

The same module as the pages (``reports.figures_xlsx``, see docs/figures.md): the upload is
checked through the editor's ``save_draft`` and written by it in one transaction.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from baocao.api.routers.common import responses
from baocao.api.schemas import ObjectId
from baocao.core.actors import ApiRequest
from baocao.core.errors import Conflict, Invalid
from baocao.reports import figures_xlsx
from baocao.reports.selectors import access_report

router = Router(tags=["Báo cáo"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CellOut(Schema):
    """One indicator's row of the uploaded form."""

    indicator: str
    row: int
    raw: str
    note: str
    current: str
    reading: str
    ambiguous: bool
    action: Literal["same", "set", "clear"]
    error: str


class FiguresOut(Schema):
    """The uploaded form as read: every cell, and whether it was written."""

    report: int
    version: int
    mode: Literal["blank", "current"]
    written: bool
    changed: int
    notices: list[str]
    cells: list[CellOut]


@router.get(
    "/reports/{report_id}/figures.xlsx",
    response=responses(None),
    openapi_extra={
        "responses": {
            200: {
                "description": "Biểu số liệu (.xlsx)",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="Tải biểu số liệu của báo cáo (Excel)",
)
def download(
    request: ApiRequest, report_id: ObjectId, mode: Literal["blank", "current"] = "current"
) -> HttpResponse:
    """The figures form of a report the caller may read; ``mode=blank`` leaves values empty."""
    report = access_report(request.auth, report_id)
    response = HttpResponse(figures_xlsx.build_workbook(report, mode=mode), content_type=XLSX)
    disposition = content_disposition_header(True, figures_xlsx.filename(report))
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    return response


@router.post(
    "/reports/{report_id}/figures",
    response=responses(FiguresOut),
    summary="Nhập số liệu từ biểu Excel đã điền (tất cả hoặc không)",
)
def upload(
    request: ApiRequest, report_id: ObjectId, file: File[UploadedFile], dry_run: bool = False
) -> Status:
    """Read a filled form of a draft or returned report (its reporters) and write every changed
    figure, or none. ``dry_run`` only reads and checks.

    422 with ``details`` ``cells.<indicator code>`` per bad cell (or the file's problem as
    ``code``: ``unsupported``, ``wrong_form``, ``other_report``, ``too_large``…); 409
    ``stale_version`` when a figure the form sets was changed since it was downloaded.
    """
    user = request.auth
    report = access_report(user, report_id, for_write=True)
    data = file.read(figures_xlsx.MAX_BYTES + 1)
    try:
        plan = figures_xlsx.read_workbook(report, data, file.name or "", by=user)
    except figures_xlsx.FiguresFileError as exc:
        error = Conflict if exc.code == "stale_version" else Invalid
        raise error(exc.message, code=exc.code) from None
    if not plan.ok:
        details = {f"cells.{c.indicator.code}": c.error for c in plan.cells if c.error}
        details.update({f"file.{n}": message for n, message in enumerate(plan.errors)})
        raise Invalid(plan.errors[0] if plan.errors else _bad(details), details=details)
    version = plan.version
    written = bool(plan.changed) and not dry_run
    if written:
        version = figures_xlsx.apply(report, plan.values(), by=user, version=version).version
    return Status(200, _out(plan, written, version))


def _bad(details: dict[str, str]) -> str:
    return _("Biểu có %(n)s ô không hợp lệ; không có số liệu nào được ghi.") % {"n": len(details)}


def _out(plan: figures_xlsx.Plan, written: bool, version: int) -> dict[str, Any]:
    return {
        "report": plan.report.pk,
        "version": version,
        "mode": plan.mode,
        "written": written,
        "changed": len(plan.changed),
        "notices": plan.notices,
        "cells": [
            {
                "indicator": c.indicator.code,
                "row": c.row,
                "raw": c.raw,
                "note": c.note,
                "current": c.current,
                "reading": c.reading,
                "ambiguous": c.ambiguous,
                "action": c.action,
                "error": c.error,
            }
            for c in plan.cells
        ],
    }
