"""Regimes as data: download a regime (JSON, XLSX), import one with a preview, and the public
catalogue of regimes by issuer, frequency and legal basis (Danh mục chế độ báo cáo)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from baocao.catalog import interchange, selectors
from baocao.catalog.models import ReportTemplate
from baocao.catalog.services.interchange import apply_import, plan_import
from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.legal.models import LegalDocument

SALT = "baocao.catalog.regime-import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def regime_export(request: AuthenticatedRequest, regime_id: int, kind: str) -> HttpResponse:
    """Download a regime version as JSON or as the XLSX workbook."""
    regime = selectors.access_regime(request.user, regime_id)
    if kind == "json":
        response = HttpResponse(
            interchange.to_json(regime), content_type="application/json; charset=utf-8"
        )
    elif kind == "xlsx":
        response = HttpResponse(interchange.to_xlsx(regime), content_type=XLSX)
    else:
        raise Http404
    name = f"che-do-{regime.code}-v{regime.version}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def regime_blank_workbook(request: AuthenticatedRequest) -> HttpResponse:
    """Download an empty workbook for a ministry or department to fill in."""
    if not selectors.may_design(request.user):
        raise Http404
    response = HttpResponse(interchange.to_xlsx(None), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-che-do-bao-cao.xlsx"'
    return response


def _read(upload: UploadedFile | None) -> dict:
    if upload is None:
        raise Invalid(_("Hãy chọn tệp JSON hoặc Excel (.xlsx)."), details={"file": "missing"})
    content = upload.read(interchange.MAX_BYTES + 1)
    name = (upload.name or "").lower()
    if name.endswith(".json"):
        return interchange.read_json(content)
    if name.endswith(".xlsx"):
        return interchange.read_xlsx(content)
    raise Invalid(
        _("Chỉ nhận tệp .json hoặc .xlsx."), details={"file": _("Chỉ nhận tệp .json hoặc .xlsx.")}
    )


@login_required
def regime_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a regime file, see what it would create or change, then confirm."""
    if not selectors.may_design(request.user):
        raise Http404
    owners = selectors.administered_units(request.user).order_by("path")
    context: dict = {"owners": owners, "error": ""}

    def refused(exc: ServiceError) -> HttpResponse:
        """Show the upload again with the refusal and the file's problems, one a line."""
        details = [v for v in field_errors(exc).values() if isinstance(v, str) and v != "missing"]
        context.update(error=exc.message, details=details)
        return render(request, "catalog/regime_import.html", context)

    if request.method == "POST":
        owner = owners.filter(pk=int(request.POST.get("owner") or 0)).first()
        context["owner"] = owner
        on_refusal(request, refused, message=False)
        if request.POST.get("confirm"):
            try:
                data = signing.loads(request.POST.get("data", ""), salt=SALT, max_age=3600)
            except signing.BadSignature:
                raise Invalid(_("Phiên nhập đã hết hạn; hãy tải tệp lên lại.")) from None
            regime, plan = apply_import(data, by=request.user, owner=owner)
            if plan.unchanged:
                messages.info(
                    request, _("Tệp giống hệt phiên bản hiện hành: không có gì thay đổi.")
                )
            else:
                messages.success(
                    request,
                    _("Đã nhập chế độ báo cáo %(code)s (phiên bản %(v)s).")
                    % {"code": regime.code, "v": regime.version},
                )
            return redirect("regime-detail", regime_id=regime.pk)
        data = _read(request.FILES.get("file"))
        context["plan"] = plan_import(data, by=request.user)
        context["data"] = signing.dumps(data, salt=SALT, compress=True)
    return render(request, "catalog/regime_import.html", context)


@login_required
def regime_catalogue(request: AuthenticatedRequest) -> HttpResponse:
    """List the current regimes by issuer, frequency and legal basis, for everyone signed in."""
    issuer = request.GET.get("co_quan", "")[:255]
    kind = request.GET.get("tan_suat", "")[:16]
    legal = request.GET.get("van_ban", "")[:12]
    regimes = selectors.catalogue(issuer=issuer, period_kind=kind, legal=legal)
    documents = LegalDocument.objects.filter(regimes__is_current=True).distinct().order_by("code")
    return render(
        request,
        "catalog/regime_catalogue.html",
        {
            "regimes": regimes,
            "issuers": selectors.catalogue_issuers(),
            "kinds": ReportTemplate._meta.get_field("period_kind").choices,
            "documents": documents,
            "chosen": {"issuer": issuer, "kind": kind, "legal": legal},
            "can_design": selectors.may_design(request.user),
        },
    )
