"""Pages of the import: upload a file, preview what it becomes, confirm a draft."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baocao.analytics.selectors import period_groups
from baocao.catalog.models import ReportTemplate
from baocao.core.actors import AnyUser, AuthenticatedRequest
from baocao.core.errors import ServiceError
from baocao.core.locale import period_label
from baocao.core.refusals import on_refusal
from baocao.domain.workflow import Role
from baocao.imports.jobs import enqueue_uploads
from baocao.imports.models import ImportedFile
from baocao.imports.services import (
    confirm_import,
    correct_document_fields,
    default_mapping,
    parse_result,
    plan_import,
    preview_file,
    stored_preview,
)
from baocao.organizations.access import own_roles_in, units_with_role
from baocao.organizations.models import OrgUnit
from baocao.reports.selectors import period_report
from baocao.reports.services import ItemInput

MAX_ITEMS_SHOWN = 1_000


def _choices(user: AnyUser) -> tuple[list[OrgUnit], list[ReportTemplate]]:
    units = units_with_role(user, Role.REPORTER)
    templates = list(
        ReportTemplate.objects.filter(assigned_units__in=units, is_active=True).distinct()
    )
    return units, templates


@login_required
def upload(request: AuthenticatedRequest) -> HttpResponse:
    """Show the upload form, or parse the uploaded file and go to its preview."""
    units, templates = _choices(request.user)
    if not units:
        raise Http404(_("Không có đơn vị nào để nhập báo cáo."))
    context = {
        "units": units,
        "templates": templates,
        "recent": ImportedFile.objects.filter(unit__in=units).select_related("report")[:10],
    }
    if request.method != "POST":
        return render(request, "imports/upload.html", context)
    upload_file = request.FILES.get("file")
    try:
        unit = next(u for u in units if str(u.pk) == request.POST.get("unit"))
        template = next(t for t in templates if str(t.pk) == request.POST.get("template"))
    except StopIteration:
        messages.error(request, _("Hãy chọn đơn vị và chế độ báo cáo."))
        return render(request, "imports/upload.html", context, status=422)
    if upload_file is None:
        messages.error(request, _("Hãy chọn tệp báo cáo cần nhập."))
        return render(request, "imports/upload.html", context, status=422)
    from django.conf import settings

    if upload_file.size and upload_file.size > settings.BAOCAO_MAX_UPLOAD_BYTES:
        messages.error(
            request, _("Tệp “%(name)s”: vượt quá dung lượng cho phép.") % {"name": upload_file.name}
        )
        return render(request, "imports/upload.html", context, status=422)
    several = request.FILES.getlist("file")
    if len(several) > 1:  # several reports: imported by a job, with its progress page
        if any((f.size or 0) > settings.BAOCAO_MAX_UPLOAD_BYTES for f in several):
            messages.error(request, _("Có tệp vượt quá dung lượng cho phép."))
            return render(request, "imports/upload.html", context, status=422)
        files = [(f.name or "", f.read()) for f in several]
        job = enqueue_uploads(files, unit=unit, template=template, by=request.user)
        return redirect("job-detail", job_id=job.pk)
    on_refusal(request, lambda exc: render(request, "imports/upload.html", context))
    imported = preview_file(
        upload_file.read(),
        upload_file.name or "",
        unit=unit,
        template=template,
        by=request.user,
    )
    return redirect("import-preview", imported_id=imported.pk)


def _imported_or_404(request: HttpRequest, imported_id: int) -> ImportedFile:
    imported = (
        ImportedFile.objects.select_related("unit", "template", "report")
        .filter(pk=imported_id)
        .first()
    )
    if imported is None or Role.REPORTER not in own_roles_in(request.user, imported.unit):
        raise Http404(_("Không tìm thấy tệp nhập."))
    return imported


@login_required
def preview(request: AuthenticatedRequest, imported_id: int) -> HttpResponse:
    """Show the original text highlighted beside the structured result; confirm on POST."""
    imported = _imported_or_404(request, imported_id)
    plan = plan_import(parse_result(imported), imported.template)
    defaults = default_mapping(plan)

    def page(figure_errors: list[tuple[str, str]]) -> HttpResponse:
        section_list = list(imported.template.sections.all())
        sections: dict[int | None, str] = {s.pk: s.title for s in section_list}
        indicators = list(imported.template.indicators.all())
        planned = plan.period or plan.suggested
        period_code = request.POST.get("period") or (planned.code if planned else "")
        existing = (
            period_report(request.user, imported.unit_id, imported.template, period_code)
            if period_code and not imported.report_id
            else None
        )
        return render(
            request,
            "imports/preview.html",
            {
                "imported": imported,
                "plan": plan,
                "defaults": defaults,
                "text": mark_safe(stored_preview(imported)),  # escaped when it was computed
                "items": [
                    (sections.get(i.section_id, _("Nội dung khác")), i)
                    for i in plan.items[:MAX_ITEMS_SHOWN]
                ],
                "sections": section_list,
                "existing": existing,
                "items_left_out": max(0, len(plan.items) - MAX_ITEMS_SHOWN),
                "indicators": indicators,
                "parsed": imported.parsed,
                "warnings": (imported.parsed.get("warnings") or [])[:20],
                "period_groups": period_groups(imported.template, planned),
                "figure_errors": figure_errors,
            },
            status=422 if figure_errors else 200,
        )

    if request.method == "POST" and not imported.report_id:
        mapping: dict[int, int | None] = {}
        for row in plan.quantities:
            raw = request.POST.get(f"map-{row.index}", "")
            mapping[row.index] = int(raw) if raw.isdigit() else None
        plan.items = _corrected_items(request, plan.items)
        on_refusal(request, lambda exc: page(_figure_errors(imported, exc)))
        correct_document_fields(
            imported,
            by=request.user,
            agency=request.POST.get("doc_agency"),
            doc_type=request.POST.get("doc_type"),
            doc_number=request.POST.get("doc_number"),
            doc_date=request.POST.get("doc_date"),
        )
        report = confirm_import(
            imported,
            by=request.user,
            plan=plan,
            period=request.POST.get("period") or None,
            mapping=mapping,
        )
        messages.success(
            request,
            _("Đã tạo báo cáo nháp %(period)s từ tệp “%(name)s”.")
            % {"period": period_label(report.period), "name": imported.name},
        )
        return redirect("report-edit", report_id=report.pk)
    return page([])


def _corrected_items(request: HttpRequest, items: list[ItemInput]) -> list[ItemInput]:
    """Return the items as the person corrected them in the preview (text, field, dropped).

    Items past the ones shown keep what the parser made of them; a field the template does not
    have is refused by the report service, like any other write.
    """
    corrected: list[ItemInput] = []
    for n, item in enumerate(items):
        if n >= MAX_ITEMS_SHOWN or f"item-{n}-text" not in request.POST:
            corrected.append(item)
            continue
        if request.POST.get(f"item-{n}-drop"):
            continue
        text = request.POST.get(f"item-{n}-text", "").strip()
        if not text:
            continue
        raw_section = request.POST.get(f"item-{n}-section", "")
        section_id = int(raw_section) if raw_section.isdigit() else None
        corrected.append(replace(item, text=text, section_id=section_id))
    return corrected


def _figure_errors(imported: ImportedFile, exc: ServiceError) -> list[tuple[str, str]]:
    """Return the figures the checks refused (a rule, a bound), as (indicator, message)."""
    names = dict(imported.template.indicators.values_list("pk", "name"))
    found = []
    for key, message in dict(exc.details or {}).items() if isinstance(exc.details, dict) else []:
        head, _dot, tail = str(key).partition(".")
        if head == "values" and tail.isdigit() and int(tail) in names:
            found.append((names[int(tail)], str(message)))
    return found
