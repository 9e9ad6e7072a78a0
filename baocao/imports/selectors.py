"""Reads of imported files (callers check the unit and role first)."""

from __future__ import annotations

from django.db.models import QuerySet

from baocao.core.prepared import prepared
from baocao.imports.models import ImportedFile
from baocao.reports.models import Report


def source_file_of(report: Report) -> ImportedFile | None:
    """Return the file ``report`` was imported from (its id and name only), or None."""
    rows = _source_file_row(report.pk)
    return rows[0] if rows else None


@prepared
def _source_file_row(report_id: int) -> QuerySet[ImportedFile]:
    return ImportedFile.objects.filter(report_id=report_id).order_by().only("pk", "name")
