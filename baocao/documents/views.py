"""Document pages: DOCX/PDF downloads, signing an approved report, checking a signed PDF."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.documents import services
from baocao.reports.selectors import access_report


def _attachment(exported: services.ExportedFile) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    ascii_name = exported.filename.encode("ascii", "ignore").decode() or "bao-cao"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(exported.filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    """Send the report as DOCX or PDF to anyone who may read it (404 for others)."""
    try:
        return _attachment(services.export_report(report_id, fmt, by=request.user))
    except (NotFound, Invalid):
        raise Http404(_("Không tìm thấy báo cáo.")) from None


@login_required
def download_signed(request: HttpRequest, report_id: int) -> HttpResponse:
    """Send the newest signed PDF of the report (404 when none or not allowed)."""
    try:
        exported = services.signed_copy_file(report_id, by=request.user)
    except NotFound:
        exported = None
    if exported is None:
        raise Http404(_("Không tìm thấy bản ký số."))
    return _attachment(exported)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, report_id: int) -> HttpResponse:
    """Ask the approver for a PKCS#12 file and its passphrase, then sign the report's PDF."""
    try:
        report = access_report(request.user, report_id)
    except NotFound:
        raise Http404(_("Không tìm thấy báo cáo.")) from None
    if not services.can_sign(request.user, report):
        raise Http404(_("Không tìm thấy báo cáo."))
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("certificate")
        data = upload.read(services.MAX_P12_BYTES + 1) if upload else b""
        try:
            services.sign_report(report_id, by=request.user, p12=data,
                                 passphrase=request.POST.get("passphrase", ""))
        except (Invalid, Forbidden) as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã ký số văn bản. Bản PDF đã ký có thể tải về."))
            return redirect("report-detail", report_id=report.pk)
    return render(request, "documents/sign.html", {"report": report, "error": error},
                  status=422 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Check the digital signatures of an uploaded PDF: signer, time, integrity."""
    context: dict = {"checked": False}
    if request.method == "POST":
        upload = request.FILES.get("document")
        data = upload.read(services.MAX_VERIFY_BYTES + 1) if upload else b""
        try:
            context["checks"] = services.verify_document(data)
            context["checked"] = True
            context["filename"] = upload.name if upload else ""
        except Invalid as exc:
            context["error"] = exc.message
    return render(request, "documents/verify.html", context,
                  status=422 if context.get("error") else 200)
