"""The regime designer (Thiết kế chế độ báo cáo): administrators' pages under ``/che-do/``.

Thin: ``catalog.selectors`` say who may see a regime (404 otherwise) and the services in
``catalog.services.regimes`` validate, version and audit every change. A service's Invalid
re-renders the form with each field's message; other ServiceErrors go to the middleware.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.catalog import selectors
from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.catalog.services import regimes as services
from baocao.catalog.services.disaggregations import parse_options, save_disaggregation
from baocao.core.actors import AuthenticatedRequest
from baocao.core.refusals import field_errors, on_refusal
from baocao.domain.deadlines import DeadlineError, DeadlineKind, DeadlineRule
from baocao.domain.numbers import format_number
from baocao.domain.periods import PeriodKind
from baocao.organizations.models import OrgUnit

PERIOD_CHOICES = ReportTemplate._meta.get_field("period_kind").choices


def _designer(request: HttpRequest) -> None:
    if not selectors.may_design(request.user):
        raise Http404


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _decimal(value: str | None, name: str, errors: dict) -> Decimal | None:
    """Return the number typed as Vietnamese writes it (1.234,5), or None and an error."""
    from baocao.domain.numbers import NumberFormatError, parse_number

    text = (value or "").strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except NumberFormatError:
        errors[name] = _("Không đọc được số: %(v)s.") % {"v": text}
        return None


def deadline_from_post(post: QueryDict) -> tuple[DeadlineRule | None, str]:
    """Return the deadline rule the form's fields describe, or None and why not."""
    kind = post.get("deadline_kind", DeadlineKind.DAY_OF_MONTH.value)
    try:
        if kind == DeadlineKind.WORKING_DAYS_AFTER_CUTOFF.value:
            return DeadlineRule.working_days(_int(post.get("deadline_working_days"))), ""
        return (
            DeadlineRule.day_of_month(
                _int(post.get("deadline_day")),
                _int(post.get("deadline_month_offset")),
                post.get("deadline_roll") == "1",
            ),
            "",
        )
    except DeadlineError:
        if kind == DeadlineKind.WORKING_DAYS_AFTER_CUTOFF.value:
            return None, _("Số ngày làm việc phải từ 1 đến 60.")
        return None, _("Ngày trong tháng phải từ 1 đến 31.")


def _units(post: QueryDict, name: str) -> list[OrgUnit]:
    ids = [int(v) for v in post.getlist(name) if v.isdigit()]
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))


def _regime_input(request: HttpRequest) -> tuple[services.RegimeInput, dict]:
    post, errors = request.POST, {}
    rule, problem = deadline_from_post(post)
    if problem:
        errors["deadline"] = problem
    owner = OrgUnit.objects.filter(pk=_int(post.get("owner_unit"))).first()
    valid_from = None
    if post.get("valid_from"):
        try:
            valid_from = dt.date.fromisoformat(post["valid_from"])
        except ValueError:
            errors["valid_from"] = _("Ngày áp dụng không hợp lệ.")
    data = services.RegimeInput(
        code=post.get("code", ""),
        name=post.get("name", ""),
        period_kind=post.get("period_kind", PeriodKind.MONTH.value),
        cutoff_start_day=_int(post.get("cutoff_start_day"), 15),
        deadline=rule or DeadlineRule.day_of_month(20),
        description=post.get("description", ""),
        owner_unit=owner,
        issuer=post.get("issuer", ""),
        reporters_note=post.get("reporters_note", ""),
        receiving_units=_units(post, "receiving_units"),
        delivery_methods=post.getlist("delivery_methods"),
        delivery_note=post.get("delivery_note", ""),
        instructions=post.get("instructions", ""),
        doc_type_code=post.get("doc_type_code", "BC"),
        title_format=post.get("title_format", "") or "Kết quả hoạt động {period}",
        recipients=post.get("recipients", ""),
        legal_basis=post.get("legal_basis", ""),
        valid_from=valid_from,
        is_active=post.get("is_active", "1") == "1",
    )
    return data, errors


def _form_values(template: ReportTemplate | None, request: HttpRequest | None = None) -> dict:
    """Return the values the general form shows: posted ones, else the regime's."""
    if request is not None and request.method == "POST":
        post = request.POST
        return {
            **{k: post.get(k, "") for k in post},
            "delivery_methods": post.getlist("delivery_methods"),
            "receiving_units": [_int(v) for v in post.getlist("receiving_units")],
            "deadline_roll": post.get("deadline_roll") == "1",
            "is_active": post.get("is_active", "1") == "1",
        }
    if template is None:
        return {
            "period_kind": "month",
            "cutoff_start_day": 15,
            "deadline_kind": "day_of_month",
            "deadline_day": 20,
            "deadline_month_offset": 0,
            "deadline_working_days": 5,
            "doc_type_code": "BC",
            "title_format": "Kết quả hoạt động {period}",
            "delivery_methods": ["system"],
            "receiving_units": [],
            "is_active": True,
        }
    rule = template.deadline
    return {
        "code": template.code,
        "name": template.name,
        "description": template.description,
        "period_kind": template.period_kind,
        "cutoff_start_day": template.cutoff_start_day,
        "deadline_kind": rule.kind.value,
        "deadline_day": rule.value if rule.kind is DeadlineKind.DAY_OF_MONTH else 20,
        "deadline_month_offset": rule.month_offset,
        "deadline_working_days": rule.value
        if rule.kind is DeadlineKind.WORKING_DAYS_AFTER_CUTOFF
        else 5,
        "deadline_roll": rule.roll_forward_to_working_day,
        "owner_unit": template.owner_unit_id or "",
        "issuer": template.issuer,
        "reporters_note": template.reporters_note,
        "receiving_units": [u.pk for u in template.receiving_units.all()],
        "delivery_methods": template.delivery_methods,
        "delivery_note": template.delivery_note,
        "instructions": template.instructions,
        "doc_type_code": template.doc_type_code,
        "title_format": template.title_format,
        "recipients": template.recipients,
        "legal_basis": "; ".join(str(d) for d in template.legal_basis.all()),
        "valid_from": template.valid_from.isoformat() if template.valid_from else "",
        "is_active": template.is_active,
    }


def _preview(period_kind: str, cutoff_start_day: int, rule: DeadlineRule | None) -> dict:
    if rule is None:
        return {"rows": [], "error": ""}
    try:
        rows = selectors.due_dates_preview(period_kind, cutoff_start_day, rule)
    except (DeadlineError, ValueError):
        return {
            "rows": [],
            "error": _("Hạn nộp rơi vào trước ngày chốt số liệu: hãy chọn ngày muộn hơn."),
        }
    return {"rows": rows, "error": "", "text": rule.describe_vi(PeriodKind(period_kind))}


def _form_context(request: HttpRequest, template: ReportTemplate | None, errors: dict) -> dict:
    values = _form_values(template, request)
    rule, _problem = deadline_from_post(request.POST) if request.method == "POST" else (None, "")
    if rule is None and template is not None and request.method != "POST":
        rule = template.deadline
    if rule is None and request.method != "POST":
        rule = DeadlineRule.day_of_month(20)
    kind = values.get("period_kind") or "month"
    return {
        "regime": template,
        "values": values,
        "errors": errors,
        "period_choices": PERIOD_CHOICES,
        "owner_choices": selectors.administered_units(request.user).order_by("path"),
        "receiver_choices": OrgUnit.objects.filter(closed_on__isnull=True).order_by("path"),
        "delivery_choices": list(services.DELIVERY_METHODS.items()),
        "offsets": [(0, _("tháng chốt số liệu")), (1, _("tháng sau")), (2, _("tháng thứ hai sau"))],
        "preview": _preview(kind, _int(str(values.get("cutoff_start_day")), 15), rule),
    }


@login_required
def regime_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the regimes the administrator manages, with a search box."""
    _designer(request)
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "catalog/regime_list.html",
        {
            "regimes": selectors.designer_list(request.user, query=query),
            "query": query,
        },
    )


@login_required
def regime_create(request: AuthenticatedRequest) -> HttpResponse:
    """Show the form of a new regime; create it on POST ("Xem trước hạn nộp" only previews)."""
    _designer(request)
    errors: dict = {}

    def page(errors: dict) -> HttpResponse:
        context = _form_context(request, None, errors)
        return render(request, "catalog/regime_form.html", context, status=422 if errors else 200)

    if request.method == "POST" and request.POST.get("action") != "preview":
        data, errors = _regime_input(request)
        if not errors:
            on_refusal(request, lambda exc: page(field_errors(exc)))
            regime = services.create_regime(data, by=request.user)
            messages.success(
                request,
                _("Đã tạo chế độ báo cáo %(name)s. Hãy thêm đề cương và chỉ tiêu.")
                % {"name": regime.name},
            )
            return redirect("regime-detail", regime_id=regime.pk)
    return page(errors)


@login_required
def regime_edit(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Change the general fields of a regime (a new version when it has reports)."""
    regime = selectors.access_regime(request.user, regime_id)
    errors: dict = {}

    def page(errors: dict) -> HttpResponse:
        context = _form_context(request, regime, errors)
        return render(request, "catalog/regime_form.html", context, status=422 if errors else 200)

    if request.method == "POST" and request.POST.get("action") != "preview":
        data, errors = _regime_input(request)
        if not errors:
            on_refusal(request, lambda exc: page(field_errors(exc)))
            changed = services.update_regime(regime, data, by=request.user)
            _say_version(request, regime, changed)
            messages.success(request, _("Đã lưu thông tin chung."))
            return redirect("regime-detail", regime_id=changed.pk)
    return page(errors)


def _say_version(request: HttpRequest, before: ReportTemplate, after: ReportTemplate) -> None:
    if before.pk != after.pk:
        messages.info(
            request,
            _(
                "Phiên bản %(old)s đã có báo cáo nên thay đổi được lưu vào phiên bản mới "
                "%(new)s; các báo cáo đã lập giữ phiên bản cũ."
            )
            % {"old": before.version, "new": after.version},
        )


def _indicator_rows(regime: ReportTemplate) -> list[Indicator]:
    return list(
        regime.indicators.select_related("section", "disaggregation", "option").order_by(
            "order", "pk"
        )
    )


@login_required
def regime_detail(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Show a regime: general fields, outline, data form, assignment, versions and history."""
    regime = selectors.access_regime(request.user, regime_id)
    indicators = _indicator_rows(regime)
    totals = [i for i in indicators if i.parent_id is None]
    parts: dict[int, list[Indicator]] = {}
    for row in indicators:
        if row.parent_id:
            parts.setdefault(row.parent_id, []).append(row)
    report_count = regime.reports.count()
    return render(
        request,
        "catalog/regime_detail.html",
        {
            "regime": regime,
            "sections": list(regime.sections.order_by("order", "pk")),
            "totals": [(t, parts.get(t.pk, [])) for t in totals],
            "units": list(regime.assigned_units.order_by("path")),
            "receivers": list(regime.receiving_units.order_by("path")),
            "legal": list(regime.legal_basis.all()),
            "has_reports": report_count > 0,
            "report_count": report_count,
            "versions": selectors.regime_versions(regime),
            "history": selectors.regime_history(regime),
            "preview": _preview(regime.period_kind, regime.cutoff_start_day, regime.deadline),
            "delivery": [services.DELIVERY_METHODS.get(m, m) for m in regime.delivery_methods],
            "section_kinds": Section.Kind.choices,
            "value_types": Indicator.ValueType.choices,
            "aggregations": Indicator.Aggregation.choices,
            "disaggregations": selectors.disaggregations(),
            "section_form": {"kind": "results"},
            "indicator_form": {"value_type": "integer", "aggregation": "sum"},
            "errors": {},
        },
    )


def _section_post(request: HttpRequest) -> dict:
    return {
        "code": request.POST.get("code", ""),
        "title": request.POST.get("title", ""),
        "kind": request.POST.get("kind", "results"),
        "required": request.POST.get("required") == "1",
    }


@login_required
def section_edit(
    request: AuthenticatedRequest, regime_id: int, section_id: int | None = None
) -> HttpResponse:
    """Add a section (no id) or change one; the form on its own page when invalid."""
    regime = selectors.access_regime(request.user, regime_id)
    section = selectors.regime_row(regime, Section, section_id) if section_id else None
    errors: dict = {}
    values = (
        _section_post(request)
        if request.method == "POST"
        else {
            "code": section.code if section else "",
            "title": section.title if section else "",
            "kind": section.kind if section else "results",
            "required": section.required if section else False,
        }
    )

    def page(errors: dict) -> HttpResponse:
        return render(
            request,
            "catalog/section_form.html",
            {
                "regime": regime,
                "section": section,
                "values": values,
                "errors": errors,
                "section_kinds": Section.Kind.choices,
            },
            status=422 if errors else 200,
        )

    if request.method == "POST":
        on_refusal(request, lambda exc: page(field_errors(exc)))
        changed, _saved = services.save_section(
            regime, by=request.user, section_id=section_id, **values
        )
        _say_version(request, regime, changed)
        messages.success(request, _("Đã lưu lĩnh vực %(t)s.") % {"t": values["title"]})
        return redirect(f"/che-do/{changed.pk}/#de-cuong")
    return page(errors)


@login_required
@require_POST
def section_action(request: AuthenticatedRequest, regime_id: int, section_id: int) -> HttpResponse:
    """Move a section up or down, or remove it."""
    regime = selectors.access_regime(request.user, regime_id)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        changed = services.move_section(regime, section_id, action, by=request.user)
    elif action == "delete":
        changed = services.delete_section(regime, section_id, by=request.user)
        messages.success(request, _("Đã xóa lĩnh vực."))
    else:
        raise Http404
    _say_version(request, regime, changed)
    return redirect(f"/che-do/{changed.pk}/#de-cuong")


def _indicator_post(request: HttpRequest, errors: dict) -> tuple[services.IndicatorInput, dict]:
    post = request.POST
    values: dict[str, Any] = {
        "code": post.get("code", ""),
        "name": post.get("name", ""),
        "unit": post.get("unit", ""),
        "value_type": post.get("value_type", "integer"),
        "aggregation": post.get("aggregation", "sum"),
        "min_value": post.get("min_value", ""),
        "max_value": post.get("max_value", ""),
        "required": post.get("required") == "1",
        "is_key": post.get("is_key") == "1",
        "section_id": _int(post.get("section_id")) or None,
        "disaggregation_id": _int(post.get("disaggregation_id")) or None,
        "synonyms": post.get("synonyms", ""),
    }
    data = services.IndicatorInput(
        **{
            **values,
            "min_value": _decimal(values["min_value"], "min_value", errors),
            "max_value": _decimal(values["max_value"], "max_value", errors),
        }
    )
    return data, values


@login_required
def indicator_edit(
    request: AuthenticatedRequest, regime_id: int, indicator_id: int | None = None
) -> HttpResponse:
    """Add an indicator (no id) or change one, with its unit, type, bounds and disaggregation."""
    regime = selectors.access_regime(request.user, regime_id)
    indicator = selectors.regime_row(regime, Indicator, indicator_id) if indicator_id else None
    if indicator is not None and indicator.parent_id:
        return redirect("regime-indicator", regime_id=regime.pk, indicator_id=indicator.parent_id)
    errors: dict = {}
    values: dict = {}

    def page(errors: dict) -> HttpResponse:
        return render(
            request,
            "catalog/indicator_form.html",
            {
                "regime": regime,
                "indicator": indicator,
                "values": values,
                "errors": errors,
                "sections": regime.sections.order_by("order", "pk"),
                "value_types": Indicator.ValueType.choices,
                "aggregations": Indicator.Aggregation.choices,
                "disaggregations": selectors.disaggregations(),
            },
            status=422 if errors else 200,
        )

    if request.method == "POST":
        data, values = _indicator_post(request, errors)
        if not errors:
            on_refusal(request, lambda exc: page(field_errors(exc)))
            changed, saved = services.save_indicator(
                regime, data, by=request.user, indicator_id=indicator_id
            )
            _say_version(request, regime, changed)
            messages.success(request, _("Đã lưu chỉ tiêu %(n)s.") % {"n": saved.name})
            return redirect(f"/che-do/{changed.pk}/#bieu-mau")
    elif indicator is not None:
        values = {
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "value_type": indicator.value_type,
            "aggregation": indicator.aggregation,
            "min_value": format_number(indicator.min_value)
            if indicator.min_value is not None
            else "",
            "max_value": format_number(indicator.max_value)
            if indicator.max_value is not None
            else "",
            "required": indicator.required,
            "is_key": indicator.is_key,
            "section_id": indicator.section_id,
            "disaggregation_id": indicator.disaggregation_id,
            "synonyms": indicator.synonyms,
        }
    else:
        values = {"value_type": "integer", "aggregation": "sum"}
    return page(errors)


@login_required
@require_POST
def indicator_action(
    request: AuthenticatedRequest, regime_id: int, indicator_id: int
) -> HttpResponse:
    """Move an indicator up or down, or remove it."""
    regime = selectors.access_regime(request.user, regime_id)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        changed = services.move_indicator(regime, indicator_id, action, by=request.user)
    elif action == "delete":
        changed = services.delete_indicator(regime, indicator_id, by=request.user)
        messages.success(request, _("Đã xóa chỉ tiêu."))
    else:
        raise Http404
    _say_version(request, regime, changed)
    return redirect(f"/che-do/{changed.pk}/#bieu-mau")


@login_required
def regime_assign(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Choose the units that must report: by level, by subtree or from a list."""
    regime = selectors.access_regime(request.user, regime_id)
    administered = selectors.administered_units(request.user).filter(closed_on__isnull=True)
    errors: dict = {}
    values: dict = {
        "mode": regime.assignment_rule.get("mode", "list"),
        "level": regime.assignment_rule.get("level", ""),
        "root": "",
        "units": [u.pk for u in regime.assigned_units.all()],
    }
    root_code = regime.assignment_rule.get("root")
    if root_code:
        values["root"] = OrgUnit.objects.filter(code=root_code).values_list("pk", flat=True).first()

    def page(errors: dict) -> HttpResponse:
        return render(
            request,
            "catalog/regime_assign.html",
            {
                "regime": regime,
                "values": values,
                "errors": errors,
                "levels": OrgUnit.Level.choices,
                "units": administered.order_by("path"),
            },
            status=422 if errors else 200,
        )

    if request.method == "POST":
        post = request.POST
        values = {
            "mode": post.get("mode", "list"),
            "level": post.get("level", ""),
            "root": _int(post.get("root")) or "",
            "units": [_int(v) for v in post.getlist("units")],
        }
        root = administered.filter(pk=values["root"] or 0).first()
        on_refusal(request, lambda exc: page(field_errors(exc)))
        changed = services.assign_units(
            regime,
            by=request.user,
            mode=values["mode"],
            level=values["level"],
            root=root,
            units=_units(post, "units"),
        )
        _say_version(request, regime, changed)
        messages.success(
            request,
            _("Đã giao chế độ báo cáo cho %(n)s đơn vị.") % {"n": changed.assigned_units.count()},
        )
        return redirect(f"/che-do/{changed.pk}/#don-vi")
    return page(errors)


@login_required
def regime_copy(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Copy a regime into a new one with another code and name."""
    regime = selectors.access_regime(request.user, regime_id)
    values = {"code": f"{regime.code}-SAO"[:32], "name": f"{regime.name} (bản sao)"}
    errors: dict = {}

    def page(errors: dict) -> HttpResponse:
        return render(
            request,
            "catalog/regime_copy.html",
            {"regime": regime, "values": values, "errors": errors},
            status=422 if errors else 200,
        )

    if request.method == "POST":
        values = {"code": request.POST.get("code", ""), "name": request.POST.get("name", "")}
        on_refusal(request, lambda exc: page(field_errors(exc)))
        copy = services.copy_regime(regime, by=request.user, **values)
        messages.success(request, _("Đã sao chép thành %(code)s.") % {"code": copy.code})
        return redirect("regime-detail", regime_id=copy.pk)
    return page(errors)


@login_required
def regime_delete(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Ask, then delete a regime version that has no reports."""
    regime = selectors.access_regime(request.user, regime_id)
    if request.method == "POST":
        name = regime.name
        services.delete_regime(regime, by=request.user)
        messages.success(request, _("Đã xóa chế độ báo cáo %(name)s.") % {"name": name})
        return redirect("regimes")
    return render(
        request,
        "catalog/regime_delete.html",
        {"regime": regime, "report_count": regime.reports.count()},
    )


@login_required
@require_POST
def regime_version(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Make the next version of a regime now."""
    regime = selectors.access_regime(request.user, regime_id)
    new = services.make_version(regime, by=request.user)
    messages.success(
        request,
        _("Đã tạo phiên bản %(v)s; báo cáo mới sẽ lập theo phiên bản này.") % {"v": new.version},
    )
    return redirect("regime-detail", regime_id=new.pk)


@login_required
def disaggregation_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the disaggregations and add or change one."""
    _designer(request)
    from baocao.catalog.models import Disaggregation

    editing = None
    if request.GET.get("sua", "").isdigit():
        editing = Disaggregation.objects.filter(pk=int(request.GET["sua"])).first()
    errors: dict = {}
    values = {"code": "", "name": "", "options": "", "description": ""}
    if editing is not None:
        values = {
            "code": editing.code,
            "name": editing.name,
            "description": editing.description,
            "options": "\n".join(f"{o.code}: {o.name}" for o in editing.options.all()),
        }

    def page(errors: dict, editing: object) -> HttpResponse:
        return render(
            request,
            "catalog/disaggregations.html",
            {
                "items": selectors.disaggregations(),
                "values": values,
                "errors": errors,
                "editing": editing,
            },
            status=422 if errors else 200,
        )

    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("code", "name", "options", "description")}
        target = Disaggregation.objects.filter(pk=_int(request.POST.get("id"))).first()
        on_refusal(request, lambda exc: page(field_errors(exc), target))
        saved = save_disaggregation(
            by=request.user,
            code=values["code"],
            name=values["name"],
            description=values["description"],
            options=parse_options(values["options"]),
            disaggregation=target,
        )
        messages.success(request, _("Đã lưu phân tổ %(n)s.") % {"n": saved.name})
        return redirect("disaggregations")
    return page(errors, editing)


@login_required
def regime_preview(request: AuthenticatedRequest, regime_id: int) -> HttpResponse:
    """Show the regime as its reporters see the editor (read-only), with print previews."""
    from baocao.reports.services.authoring import period_title

    regime = selectors.access_regime(request.user, regime_id)
    indicators = _indicator_rows(regime)
    preview = _preview(regime.period_kind, regime.cutoff_start_day, regime.deadline)
    rows = preview["rows"]
    title = period_title(regime, rows[0].period) if rows else regime.title_format
    return render(
        request,
        "catalog/regime_preview.html",
        {
            "regime": regime,
            "title": title,
            "sections": list(regime.sections.order_by("order", "pk")),
            "indicators": indicators,
            "preview": preview,
        },
    )


@login_required
def regime_print(request: AuthenticatedRequest, regime_id: int, kind: str) -> HttpResponse:
    """Return the document of an empty report of the regime, as PDF or DOCX."""
    from baocao.catalog.preview import render_empty

    regime = selectors.access_regime(request.user, regime_id)
    if kind not in ("pdf", "docx"):
        raise Http404
    content = render_empty(regime, kind, by=request.user)
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(content, content_type=types[kind])
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="xem-truoc-{regime.code}.{kind}"'
    return response
