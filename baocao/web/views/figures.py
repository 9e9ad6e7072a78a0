"""The Excel round trip of a report's figures (Tải biểu số liệu / Nhập số liệu từ Excel).

Download the form (blank or with the current values), upload it filled: the preview lists
every cell with how it was read and a message per bad cell; "Ghi tất cả" writes all of them
through the editor's save (``save_draft``) or none. The rules live in
``baocao.reports.figures_xlsx``; this module only parses the request and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Conflict, Invalid, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.reports import figures_xlsx
from baocao.reports.models import Report
from baocao.web.views.common import report_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable(request: HttpRequest, report_id: int) -> Report:
    """Return the report the user may edit now: outsiders 404, other readers 403 (Forbidden,
    answered by the error middleware)."""
    return report_or_404(request, report_id, for_write=True)


@login_required
def figures_download(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Send the report's figures form as XLSX (``?mode=blank`` for empty value cells)."""
    report = report_or_404(request, report_id)
    mode = (
        figures_xlsx.MODE_BLANK if request.GET.get("mode") == "blank" else figures_xlsx.MODE_CURRENT
    )
    response = HttpResponse(figures_xlsx.build_workbook(report, mode=mode), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{figures_xlsx.filename(report)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def figures_upload(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show the upload form; read an uploaded form and show its preview."""
    report = _editable(request, report_id)
    context: dict = {"report": report, "max_mb": figures_xlsx.MAX_BYTES // (1024 * 1024)}
    if request.method != "POST":
        return render(request, "web/figures_upload.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = _("Hãy chọn tệp Excel (.xlsx) đã điền.")
        return render(request, "web/figures_upload.html", context, status=422)
    if upload.size and upload.size > figures_xlsx.MAX_BYTES:
        data = b"\0" * (figures_xlsx.MAX_BYTES + 1)  # refused by size, without reading it all
    else:
        data = upload.read()
    try:
        plan = figures_xlsx.read_workbook(report, data, upload.name or "", by=request.user)
    except figures_xlsx.FiguresFileError as exc:
        context["error"] = exc.message
        return render(request, "web/figures_upload.html", context, status=422)
    return render(
        request,
        "web/figures_preview.html",
        context | {"plan": plan},
        status=200 if plan.ok else 422,
    )


@login_required
@require_POST
def figures_apply(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Write the previewed cells, all or nothing, and go back to the editor."""
    report = _editable(request, report_id)
    values: dict[int, tuple[str, str]] = {}
    for raw_id in request.POST.getlist("indicator"):
        if raw_id.isdigit():
            pk = int(raw_id)
            values[pk] = (
                request.POST.get(f"value-{pk}", ""),
                request.POST.get(f"note-{pk}", ""),
            )
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1

    def refused(exc: ServiceError) -> HttpResponse:
        cells = field_errors(exc).values() if isinstance(exc, Invalid) else ()
        problems = [exc.message, *map(str, cells)][:6]
        if isinstance(exc, Conflict):
            problems.append(_("Không có số liệu nào được ghi; hãy tải biểu lên lại."))
        messages.error(request, " ".join(problems))
        return redirect("report-figures-upload", report_id=report.pk)

    on_refusal(request, refused, message=False)
    figures_xlsx.apply(report, values, by=request.user, version=version)
    messages.success(request, _("Đã ghi %(n)s số liệu từ tệp Excel.") % {"n": len(values)})
    return redirect("report-edit", report_id=report.pk)
