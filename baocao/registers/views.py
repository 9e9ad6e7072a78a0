"""Register pages (Sổ theo dõi): the list, one register with its entries, entry forms, and a
report filled from the registers.

Thin: rights and rules live in selectors and services; the error middleware
(``core/refusals.py``) makes a NotFound 404, a Forbidden 403, an Invalid the form again (422)
and a Conflict the message with nothing changed (409), each view naming its form with
``on_refusal``.
"""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Conflict, Invalid, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.organizations.access import is_administrator
from baocao.registers import jobs as register_jobs
from baocao.registers.bulk import (
    ImportResult,
    discard_staged,
    import_staged,
    preview_staged,
    stage_upload,
    staged_upload,
)
from baocao.registers.columns import columns_of
from baocao.registers.exports import csv_filename, entries_csv
from baocao.registers.models import RegisterEntry, WorkRegister
from baocao.registers.presenters import (
    COLUMN_FIELD,
    category_choices,
    column_fields,
    entry_form,
    entry_input,
    entry_rows,
    posted_form,
    read_filter,
)
from baocao.registers.selectors import (
    access_entry,
    access_register,
    can_design,
    can_write,
    closed_windows,
    filtered_entries,
    locking_report,
    period_picker,
    readable_registers,
    report_figures,
    totals,
)
from baocao.registers.services import (
    add_entry,
    delete_entry,
    fill_from_registers,
    update_entry,
)
from baocao.registers.tabular import MAX_BYTES, MAX_ROWS, expected_columns
from baocao.reports.models import Report
from baocao.reports.selectors import access_report

PAGE_SIZE = 50
FILTER_KEYS = ("period", "from", "to", "category", "q")


def _register(request: HttpRequest, register_id: int, *, for_write: bool = False) -> WorkRegister:
    """Return the register the user may read (or write); NotFound → 404, Forbidden → 403."""
    return access_register(request.user, register_id, for_write=for_write)


def _entry(request: HttpRequest, register: WorkRegister, entry_id: int) -> RegisterEntry:
    return access_entry(request.user, register, entry_id)


def _number(entry: RegisterEntry) -> str:
    return f"{entry.number}/{entry.year}"


@login_required
def register_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the registers the user may read, by unit, with this year's entries and the latest."""
    year = timezone.localdate().year
    registers = readable_registers(request.user).annotate(
        this_year=Count("entries", filter=Q(entries__year=year)),
        latest=Max("entries__entry_date"),
    )
    groups = [
        {"unit": unit, "registers": list(rows)}
        for unit, rows in groupby(registers, key=lambda r: r.unit)
    ]
    designable = {
        r.pk for group in groups for r in group["registers"] if can_design(request.user, r)
    }
    context = {
        "groups": groups,
        "year": year,
        "designable": designable,
        "can_create": is_administrator(request.user),
    }
    return render(request, "registers/register_list.html", context)


@login_required
def register_detail(request: AuthenticatedRequest, register_id: int) -> HttpResponse:
    """Show a register's entries for the filter, totals, CSV; add an entry (POST)."""
    if request.method == "POST":
        register = _register(request, register_id, for_write=True)
        form = posted_form(request.POST, register)
        on_refusal(request, lambda exc: _detail(request, register, form, field_errors(exc)))
        entry = add_entry(register.pk, entry_input(form), by=request.user)
        messages.success(
            request, _("Đã ghi mục số %(number)s vào sổ.") % {"number": _number(entry)}
        )
        return redirect(_back(register, request.GET) + f"#entry-{entry.pk}")
    register = _register(request, register_id)
    if request.GET.get("format") == "csv":
        return _csv(request, register)
    return _detail(request, register, None, {})


def _filter_query(query: QueryDict) -> str:
    """Return the filter fields of ``query`` url-encoded (no page, no format)."""
    kept = [(k, query.get(k)) for k in FILTER_KEYS if query.get(k)]
    kept += [(k, v) for k, vs in query.lists() if k == "categories" for v in vs if v]
    kept += [(k, query.get(k)) for k in query if k.startswith(COLUMN_FIELD) and query.get(k)]
    return urlencode(kept)


EVENTS_SHOWN = 20


def _back(register: WorkRegister, query: QueryDict) -> str:
    """Return the register page's URL with the filter of ``query`` (no page: the last one)."""
    kept = _filter_query(query)
    url = reverse("register-detail", args=[register.pk])
    return f"{url}?{kept}" if kept else url


def _detail(
    request: HttpRequest,
    register: WorkRegister,
    form: dict | None,
    errors: dict,
    *,
    status: int = 200,
) -> HttpResponse:
    filt = read_filter(register, request.GET)
    entries = filtered_entries(register, filt.filters)
    count, total = totals(entries)
    missing = (
        entries.filter(quantity__isnull=True).count() if register.quantity_label and count else 0
    )
    paginator = Paginator(entries, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    writer = can_write(request.user, register)
    context = {
        "register": register,
        "bindings": register.bindings.select_related("indicator__template").order_by(
            "indicator__template__name", "indicator__order", "indicator__code"
        ),
        "filter": filt,
        "period_groups": period_picker(register, filt.period),
        "categories": category_choices(register),
        "page": page,
        "rows": entry_rows(list(page.object_list), closed_windows(register), columns_of(register)),
        "columns": columns_of(register),
        "yes_no": [_("Có"), _("Không")],
        "can_design": can_design(request.user, register),
        "events": register.events.select_related("actor")[:EVENTS_SHOWN],
        "count": count,
        "total": total,
        "missing": missing,
        "can_write": writer,
        "form": form or entry_form(today=timezone.localdate()),
        "errors": errors,
        "column_fields": column_fields(register, form or {}, errors),
        "query": _filter_query(request.GET),
        "back": _back(register, request.GET),
    }
    return render(request, "registers/register_detail.html", context, status=status)


def _csv(request: HttpRequest, register: WorkRegister) -> HttpResponse:
    filt = read_filter(register, request.GET)
    entries = filtered_entries(register, filt.filters)
    response = HttpResponse(entries_csv(register, entries), content_type="text/csv; charset=utf-8")
    disposition = content_disposition_header(
        True, csv_filename(register, filt.period if filt.window else "")
    )
    if disposition is not None:  # never None with a file name
        response["Content-Disposition"] = disposition
    return response


def _entry_page(
    request: HttpRequest,
    template: str,
    register: WorkRegister,
    entry: RegisterEntry,
    extra: dict,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "register": register,
        "entry": entry,
        "number": _number(entry),
        "closed_by": locking_report(entry.entry_date, register),
        "back": reverse("register-detail", args=[register.pk]) + f"#entry-{entry.pk}",
    }
    if "form" in extra:
        context["column_fields"] = column_fields(register, extra["form"], extra.get("errors", {}))
    return render(request, template, context | extra, status=status)


@login_required
def entry_edit(request: AuthenticatedRequest, register_id: int, entry_id: int) -> HttpResponse:
    """Show an entry's form (GET) or change the entry (POST)."""
    register = _register(request, register_id, for_write=True)
    entry = _entry(request, register, entry_id)
    if request.method != "POST":
        return _entry_page(
            request,
            "registers/entry_edit.html",
            register,
            entry,
            {"form": entry_form(entry), "errors": {}},
        )
    form = posted_form(request.POST, register)
    on_refusal(
        request,
        lambda exc: _entry_page(
            request,
            "registers/entry_edit.html",
            register,
            entry,
            {"form": form, "errors": field_errors(exc), "refused": isinstance(exc, Conflict)},
        ),
    )
    entry = update_entry(register.pk, entry.pk, entry_input(form), by=request.user)
    messages.success(request, _("Đã sửa mục số %(number)s.") % {"number": _number(entry)})
    return redirect(reverse("register-detail", args=[register.pk]) + f"#entry-{entry.pk}")


@login_required
def entry_delete(request: AuthenticatedRequest, register_id: int, entry_id: int) -> HttpResponse:
    """Ask to confirm an entry's deletion (GET), then delete it (POST)."""
    register = _register(request, register_id, for_write=True)
    entry = _entry(request, register, entry_id)
    if request.method != "POST":
        return _entry_page(request, "registers/entry_delete.html", register, entry, {})
    number = _number(entry)
    on_refusal(
        request,
        lambda exc: _entry_page(request, "registers/entry_delete.html", register, entry, {}),
    )
    delete_entry(register.pk, entry.pk, by=request.user)
    messages.success(request, _("Đã xóa mục số %(number)s.") % {"number": number})
    return redirect("register-detail", register_id=register.pk)


PREVIEW_ROWS = 20


@login_required
def register_import(request: AuthenticatedRequest, register_id: int) -> HttpResponse:
    """Take a spreadsheet's lines into a register: upload (POST with a file) → preview (a dry
    run, the file kept with a token) → confirm (POST action=confirm with the token)."""
    register = _register(request, register_id, for_write=True)
    if request.method != "POST":
        return _import_page(request, register, {})
    action = request.POST.get("action", "")
    token = request.POST.get("token", "")[:64]
    skip = request.POST.get("skip_existing") == "1"
    # The refusal page sees the token as it is when the error is raised (a late-bound closure).
    on_refusal(
        request, lambda exc: _import_refused(request, register, exc, token, skip), message=False
    )
    if action == "confirm":
        if register_jobs.in_background(register.pk, token, by=request.user):  # a large file
            job = register_jobs.enqueue_import(register.pk, token, by=request.user)
            return redirect("job-detail", job_id=job.pk)
        result = import_staged(register.pk, token, by=request.user)
        messages.success(request, _("Đã nhập %(count)s mục vào sổ.") % {"count": result.added})
        return redirect("register-detail", register_id=register.pk)
    if action == "preview" and token:  # the kept file again, with the option changed
        result = preview_staged(register.pk, token, by=request.user, skip_existing=skip)
    else:
        upload = request.FILES.get("file")
        if upload is None:
            raise Invalid(_("Hãy chọn tệp Excel (.xlsx) hoặc CSV cần nhập."), code="no_file")
        token = stage_upload(
            register.pk,
            upload.read(MAX_BYTES + 1),
            upload.name or "",
            by=request.user,
            skip_existing=skip,
        )
        result = preview_staged(register.pk, token, by=request.user)
    return _import_page(
        request, register, {"result": result, "token": token, "skip_existing": skip}
    )


def _import_refused(
    request: AuthenticatedRequest, register: WorkRegister, exc: ServiceError, token: str, skip: bool
) -> HttpResponse:
    """Show the upload form again with the refusal and the refused lines; keep the file only
    when skipping the lines already in the register would let it through."""
    name = ""
    if token:
        try:
            name = staged_upload(register.pk, token, by=request.user).name
        except Invalid:
            token = ""
    if token and exc.code != "duplicates":
        discard_staged(register.pk, token, by=request.user)
        token = ""
    details = exc.details if isinstance(exc.details, list) else []
    return _import_page(
        request,
        register,
        {
            "refused": exc,
            "problems": details,
            "token": token,
            "filename": name,
            "skip_existing": skip,
        },
    )


def _import_page(
    request: HttpRequest, register: WorkRegister, extra: dict, *, status: int = 200
) -> HttpResponse:
    result: ImportResult | None = extra.get("result")
    context = {
        "register": register,
        "columns": expected_columns(register.quantity_label),
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "preview_rows": result.rows[:PREVIEW_ROWS] if result else [],
        "more_rows": max(0, result.added - PREVIEW_ROWS) if result else 0,
        "read_columns": _read_columns(register, result) if result else [],
        "back": reverse("register-detail", args=[register.pk]),
    }
    return render(request, "registers/register_import.html", context | extra, status=status)


def _read_columns(register: WorkRegister, result: ImportResult) -> list[tuple[str, str]]:
    """Return each field read from the file with the title of its column there."""
    labels = {
        "entry_date": _("Ngày"),
        "subject": _("Nội dung"),
        "category": _("Phân loại"),
        "quantity": register.quantity_label or _("Số lượng"),
        "reference": _("Số, ký hiệu"),
        "notes": _("Ghi chú"),
    }
    return [
        (label, result.columns[name]) for name, label in labels.items() if name in result.columns
    ]


@login_required
def report_fill(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show what the registers give the report's bound indicators (GET), then take it (POST)."""
    report = access_report(request.user, report_id)
    if not report.is_editable:
        messages.info(request, _("Báo cáo đã trình duyệt hoặc đã phê duyệt nên không thể sửa."))
        return redirect("report-detail", report_id=report.pk)
    report = access_report(request.user, report_id, for_write=True)
    if request.method != "POST":
        return _fill_page(request, report)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    on_refusal(request, lambda exc: _fill_page(request, report))
    filled = fill_from_registers(report.pk, by=request.user, expected_version=version)
    messages.success(
        request, _("Đã lấy %(count)s số liệu từ sổ theo dõi.") % {"count": len(filled)}
    )
    return redirect("report-edit", report_id=report.pk)


def _fill_page(request: HttpRequest, report: Report, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "registers/report_fill.html",
        {"report": report, "figures": report_figures(report)},
        status=status,
    )
