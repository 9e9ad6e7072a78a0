"""Import a register's lines from an .xlsx or CSV file (multipart): all of them or none.

The same service as the web page (baocao.registers.bulk.import_entries): every line checked as
if typed, closed windows and lines already in the register refused (or skipped on request).
``dry_run=true`` answers what would be added, with the numbers the lines would take.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from baocao.api.present import plain_decimal
from baocao.api.register_schemas import ImportOut
from baocao.api.routers.common import responses
from baocao.api.schemas import ObjectId
from baocao.core.actors import ApiRequest
from baocao.core.errors import Invalid
from baocao.registers.bulk import ImportResult, import_entries
from baocao.registers.tabular import MAX_BYTES

router = Router(tags=["Sổ theo dõi"])


def result_data(result: ImportResult) -> dict[str, Any]:
    """Return an import's result as the API shows it."""
    return {
        "filename": result.filename,
        "dry_run": result.dry_run,
        "header_line": result.header_line,
        "columns": result.columns,
        "added": result.added,
        "years": [
            {"year": y.year, "first": y.first, "last": y.last, "count": y.count}
            for y in result.years
        ],
        "skipped": [{"line": s.line, "number": s.number} for s in result.skipped],
        "lines": [
            {
                "line": r.line,
                "year": r.year,
                "number": r.number,
                "entry_date": r.entry.entry_date,
                "subject": r.entry.subject,
                "category": r.entry.category,
                "quantity": plain_decimal(r.entry.quantity),
                "reference": r.entry.reference,
                "notes": r.entry.notes,
            }
            for r in result.rows
        ],
    }


@router.post(
    "/registers/{register_id}/import",
    response={**responses(ImportOut, 201), 200: ImportOut},
    summary="Nhập các mục của sổ từ tệp Excel (.xlsx) hoặc CSV",
)
def import_file(
    request: ApiRequest,
    register_id: ObjectId,
    file: File[UploadedFile],
    dry_run: bool = False,
    skip_existing: bool = False,
) -> Status:
    """Add every line of the file to the register, or none (the unit's reporters and approvers).

    201 with the lines added; with ``dry_run`` 200 and nothing stored. A refused file is 422
    with ``details`` listing each refused line ("Dòng 12: …"); code ``duplicates`` when the only
    problem is lines already in the register (send ``skip_existing=true`` to skip them).
    """
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Invalid(
            _("Tệp “%(name)s” lớn hơn %(limit)s MB; hãy chia thành nhiều tệp nhỏ hơn.")
            % {"name": file.name, "limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    result = import_entries(
        register_id,
        data,
        file.name or "tep",
        by=request.auth,
        dry_run=dry_run,
        skip_existing=skip_existing,
    )
    return Status(200 if dry_run else 201, result_data(result))
