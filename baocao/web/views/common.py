"""Helpers shared by the report pages."""

from __future__ import annotations

from django.http import HttpRequest

from baocao.reports.models import Report
from baocao.reports.selectors import access_report


def report_or_404(request: HttpRequest, report_id: int, *, for_write: bool = False) -> Report:
    """Return the report the user may read (or edit); NotFound (404) or Forbidden (403)
    reach the error middleware."""
    return access_report(request.user, report_id, for_write=for_write)
