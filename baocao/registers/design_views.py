"""Register designer pages (Thiết kế sổ theo dõi): create a register from a preset, change its
design and columns, bind indicators, export and import a design. Administrators only; thin:
rights and rules live in ``registers.design`` (the error middleware shows a refusal)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator
from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid
from baocao.core.refusals import field_errors, on_refusal
from baocao.domain.workflow import Role
from baocao.organizations.access import units_with_role
from baocao.registers import design
from baocao.registers.columns import TYPE_LABELS, ColumnType, columns_of
from baocao.registers.design_forms import binding_input, column_input, design_input
from baocao.registers.presets import PRESETS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(
    request: AuthenticatedRequest,
    register_id: int,
    errors: dict | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    register = design.designable_register(request.user, register_id)
    indicators = (
        Indicator.objects.filter(template__is_active=True)
        .select_related("template")
        .order_by("template__name", "order", "code")
    )
    context = {
        "register": register,
        "columns": columns_of(register),
        "types": [(t.value, label) for t, label in TYPE_LABELS.items()],
        "filter_columns": [
            c for c in columns_of(register) if c.type in (ColumnType.CHOICE, ColumnType.YESNO)
        ],
        "number_columns": [c for c in columns_of(register) if c.type is ColumnType.NUMBER],
        "bindings": register.bindings.select_related("indicator__template").order_by(
            "indicator__template__name", "indicator__code"
        ),
        "indicators": indicators,
        "errors": errors or {},
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(request, "registers/register_design.html", context, status=status)


@login_required
def register_design(request: AuthenticatedRequest, register_id: int) -> HttpResponse:
    """Show the register's design (GET); change it, a column or a binding (POST ``action``)."""
    if request.method != "POST":
        return _page(request, register_id)
    on_refusal(request, lambda exc: _page(request, register_id, field_errors(exc)))
    action = request.POST.get("action", "")
    by = request.user
    if action == "design":
        design.update_design(register_id, design_input(request.POST), by=by)
        messages.success(request, _("Đã lưu thiết kế sổ."))
    elif action == "add_column":
        design.add_column(register_id, column_input(request.POST), by=by)
        messages.success(request, _("Đã thêm cột vào sổ."))
    elif action == "remove_column":
        register = design.designable_register(by, register_id)
        code = request.POST.get("code", "")
        kept = [c.as_dict() for c in columns_of(register) if c.code != code]
        design.update_design(register_id, {"columns": kept}, by=by)
        messages.success(request, _("Đã bỏ cột khỏi sổ; các mục đã ghi vẫn giữ giá trị cũ."))
    elif action == "bind":
        try:
            indicator_id = int(request.POST.get("indicator", ""))
        except ValueError:
            raise Invalid(_("Chọn chỉ tiêu."), details={"indicator": _("Chọn chỉ tiêu.")}) from None
        design.bind(register_id, indicator_id, binding_input(request.POST), by=by)
        messages.success(request, _("Đã gắn chỉ tiêu với sổ."))
    elif action == "unbind":
        design.unbind(register_id, int(request.POST.get("indicator") or 0), by=by)
        messages.success(request, _("Đã bỏ gắn chỉ tiêu."))
    return redirect(reverse("register-design", args=[register_id]))


@login_required
def design_download(request: AuthenticatedRequest, register_id: int) -> HttpResponse:
    """Download the register's design as JSON or XLSX (anyone who may design it)."""
    register = design.designable_register(request.user, register_id)
    as_xlsx = request.GET.get("format") == "xlsx"
    content = design.to_xlsx(register) if as_xlsx else design.to_json(register)
    response = HttpResponse(content, content_type=XLSX if as_xlsx else "application/json")
    name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in register.code)
    response["Content-Disposition"] = (
        f'attachment; filename="thiet-ke-so-{name}.{"xlsx" if as_xlsx else "json"}"'
    )
    return response


def _new_page(
    request: HttpRequest, extra: dict | None = None, *, status: int = 200
) -> HttpResponse:
    units = units_with_role(request.user, Role.ADMINISTRATOR)
    context = {"units": units, "presets": PRESETS, "errors": {}, **(extra or {})}
    return render(request, "registers/register_new.html", context, status=status)


@login_required
def register_new(request: AuthenticatedRequest) -> HttpResponse:
    """Create a register from a preset, or import a design (preview, then confirm)."""
    if request.method != "POST":
        return _new_page(request)
    on_refusal(request, lambda exc: _new_page(request, {"errors": field_errors(exc)}))
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        raise Invalid(_("Chọn đơn vị."), details={"unit": _("Chọn đơn vị.")}) from None
    if request.POST.get("action") == "import":
        upload = request.FILES.get("file")
        if upload is None:
            raise Invalid(_("Chọn tệp thiết kế."), details={"file": _("Chọn tệp thiết kế.")})
        content = upload.read(design.MAX_BYTES + 1)
        document = design.read_document(content, upload.name or "")
        confirm = request.POST.get("confirm") == "1"
        plan = design.import_design(unit_id, document, by=request.user, dry_run=not confirm)
        if not confirm:
            return _new_page(request, {"plan": plan, "unit_id": unit_id, "filename": upload.name})
        messages.success(request, _("Đã nhập thiết kế sổ %(code)s.") % {"code": plan.code})
        return redirect(reverse("register-design", args=[plan.register_id]))
    register = design.create_from_preset(unit_id, request.POST.get("preset", ""), by=request.user)
    messages.success(request, _("Đã tạo sổ “%(name)s”.") % {"name": register.name})
    return redirect(reverse("register-design", args=[register.pk]))
