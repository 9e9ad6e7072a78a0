"""Document pages: DOCX/PDF downloads, signing (PKCS#12 upload, two-step external signing, the
agency's token), the unit's token and seal, one's signature image, checking a signed PDF."""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid
from baocao.core.refusals import on_refusal
from baocao.documents import appearance, services, signing_services
from baocao.reports.models import Report
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
def download(request: AuthenticatedRequest, report_id: int, fmt: str) -> HttpResponse:
    """Send the report as DOCX or PDF to anyone who may read it (404 for others)."""
    return _attachment(services.export_report(report_id, fmt, by=request.user))


@login_required
def download_signed(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Send the newest signed PDF of the report (404 when none or not allowed)."""
    exported = services.signed_copy_file(report_id, by=request.user)
    if exported is None:
        raise Http404(_("Không tìm thấy bản ký số."))
    return _attachment(exported)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Ask the approver for a PKCS#12 file and its passphrase, then sign the report's PDF."""
    report = _report_or_404(request, report_id)
    if not services.can_sign(request.user, report):
        raise Http404(_("Không tìm thấy báo cáo."))

    def page(error: str = "") -> HttpResponse:
        return render(request, "documents/sign.html", {"report": report, "error": error})

    if request.method == "POST":
        _refused_on(request, page)
        services.sign_report(
            report_id,
            by=request.user,
            p12=_upload(request, "certificate", services.MAX_P12_BYTES),
            passphrase=request.POST.get("passphrase", ""),
        )
        messages.success(request, _("Đã ký số văn bản. Bản PDF đã ký có thể tải về."))
        return redirect("report-detail", report_id=report.pk)
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """Check the digital signatures of an uploaded PDF: signer, time, integrity."""
    context: dict = {"checked": False}
    if request.method == "POST":
        upload = request.FILES.get("document")
        data = upload.read(services.MAX_VERIFY_BYTES + 1) if upload else b""
        _refused_on(
            request,
            lambda error: render(request, "documents/verify.html", context | {"error": error}),
        )
        context["checks"] = services.verify_document(data)
        context["checked"] = True
        context["filename"] = upload.name if upload else ""
    return render(request, "documents/verify.html", context)


def _refused_on(request: HttpRequest, page: Callable[[str], HttpResponse]) -> None:
    """Show the form ``page`` again with a refusal's message inline (the middleware answers)."""
    on_refusal(request, lambda exc: page(exc.message), message=False)


def _report_or_404(request: HttpRequest, report_id: int) -> Report:
    return access_report(request.user, report_id)


def _upload(request: HttpRequest, name: str, limit: int) -> bytes:
    upload = request.FILES.get(name)
    return upload.read(limit + 1) if upload else b""


@login_required
@require_http_methods(["GET", "POST"])
def sign_external(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Two-step signing, step 1: the approver uploads their certificate (no key); the server
    prepares the PDF and shows the digest their signing software must sign."""
    report = _report_or_404(request, report_id)
    if not services.can_sign(request.user, report):
        raise Http404(_("Không tìm thấy báo cáo."))

    def page(error: str = "") -> HttpResponse:
        return render(request, "documents/sign_external.html", {"report": report, "error": error})

    if request.method == "POST":
        _refused_on(request, page)
        pending = signing_services.start_external_signature(
            report_id,
            by=request.user,
            certificate=_upload(request, "certificate", signing_services.MAX_CERT_BYTES),
        )
        return redirect(
            "report-sign-external-finish", report_id=report.pk, pending_id=pending.public_id
        )
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def sign_external_finish(
    request: AuthenticatedRequest, report_id: int, pending_id: str
) -> HttpResponse:
    """Two-step signing, step 2: show the digest; accept the CMS (.p7s or base64) and embed it."""
    report = _report_or_404(request, report_id)
    pending = signing_services.pending_signature(pending_id, by=request.user)
    if pending.report_id != report.pk:
        raise Http404(_("Không tìm thấy yêu cầu ký số."))
    if request.GET.get("tai-ve") == "ma-bam":
        response = HttpResponse(pending.document_digest + "\n", content_type="text/plain")
        response["Content-Disposition"] = f'attachment; filename="{report.file_stem}-sha256.txt"'
        return response
    digest = bytes.fromhex(pending.document_digest)

    def page(error: str = "") -> HttpResponse:
        return render(
            request,
            "documents/sign_external_finish.html",
            {
                "report": report,
                "pending": pending,
                "error": error,
                "digest_base64": base64.b64encode(digest).decode("ascii"),
            },
        )

    if request.method == "POST":
        cms = _upload(request, "signature", signing_services.MAX_CMS_UPLOAD_BYTES)
        cms = cms or request.POST.get("signature_text", "").encode("ascii", "ignore")
        _refused_on(request, page)
        signing_services.finish_external_signature(pending_id, by=request.user, cms=cms)
        messages.success(request, _("Đã ký số văn bản. Bản PDF đã ký có thể tải về."))
        return redirect("report-detail", report_id=report.pk)
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def agency_sign(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """The clerk applies the agency's digital signature with the unit's token (PIN asked)."""
    report = _report_or_404(request, report_id)
    if not signing_services.can_agency_sign(request.user, report):
        raise Http404(_("Không tìm thấy báo cáo."))
    config = signing_services.agency_token_of(report.unit)

    def page(error: str = "") -> HttpResponse:
        return render(
            request,
            "documents/agency_sign.html",
            {
                "report": report,
                "config": config,
                "error": error,
                "personal": signing_services.personal_copy_to_seal(report),
            },
        )

    if request.method == "POST":
        _refused_on(request, page)
        signing_services.sign_with_agency_token(
            report_id,
            by=request.user,
            pin=request.POST.get("pin", ""),
            over_personal=bool(request.POST.get("over_personal")),
        )
        messages.success(request, _("Đã ký số bằng chữ ký số của cơ quan."))
        return redirect("report-detail", report_id=report.pk)
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def unit_signing(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    """The unit's administrator sets the agency token (labels) and the seal image."""
    from baocao.organizations.models import OrgUnit

    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None or not signing_services.can_configure_signing(request.user, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    config = signing_services.agency_token_of(unit)

    def page(error: str = "") -> HttpResponse:
        seal_preview = ""
        if config and config.seal_image:
            seal_preview = appearance.data_uri(appearance.red_seal(bytes(config.seal_image)).png)
        return render(
            request,
            "documents/unit_signing.html",
            {
                "unit": unit,
                "config": config,
                "error": error,
                "seal_preview": seal_preview,
                "modules": signing_services.allowed_modules(),
                "default_module": signing_services.default_module(),
            },
        )

    if request.method == "POST":
        _refused_on(request, page)
        seal = _upload(request, "seal_image", appearance.MAX_IMAGE_BYTES)
        size = request.POST.get("seal_size_mm", "").strip().replace(",", ".")
        try:
            size_mm = float(size) if size else None
        except ValueError:
            raise Invalid(
                _("Đường kính con dấu phải là một số."), details={"seal_size_mm": "invalid"}
            ) from None
        signing_services.configure_agency_token(
            unit.pk,
            by=request.user,
            token_label=request.POST.get("token_label", ""),
            key_label=request.POST.get("key_label", ""),
            cert_label=request.POST.get("cert_label", ""),
            module_path=request.POST.get("module_path", ""),
            seal_png=seal or None,
            seal_size_mm=size_mm,
            remove_seal=bool(request.POST.get("remove_seal")),
        )
        messages.success(request, _("Đã lưu cấu hình chữ ký số của cơ quan."))
        return redirect("unit-signing", unit_id=unit.pk)
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def my_signature(request: AuthenticatedRequest) -> HttpResponse:
    """Upload (or remove) one's own signature image, shown in one's digital signatures."""

    def page(error: str = "") -> HttpResponse:
        image = signing_services.signature_image_of(request.user)
        return render(
            request,
            "documents/my_signature.html",
            {"error": error, "preview": appearance.data_uri(image) if image else ""},
        )

    if request.method == "POST":
        _refused_on(request, page)
        png = (
            b""
            if request.POST.get("remove")
            else _upload(request, "signature_image", appearance.MAX_IMAGE_BYTES)
        )
        if not png and not request.POST.get("remove"):
            raise Invalid(
                _("Vui lòng chọn ảnh chữ ký (PNG)."), details={"signature_image": "required"}
            )
        signing_services.set_signature_image(by=request.user, png=png or None)
        messages.success(request, _("Đã lưu ảnh chữ ký."))
        return redirect("my-signature")
    return page()
