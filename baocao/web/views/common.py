"""Helpers shared by the HTML views: selectors mapped to HTTP errors."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from baocao.core.errors import NotFound
from baocao.reports.models import Report
from baocao.reports.selectors import access_report


def report_or_404(request: HttpRequest, report_id: int, *, for_write: bool = False) -> Report:
    """Return the report the user may read (or edit), else raise Http404."""
    try:
        return access_report(request.user, report_id, for_write=for_write)
    except NotFound:
        raise Http404(_("Không tìm thấy báo cáo.")) from None
