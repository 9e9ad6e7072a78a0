"""Work registers (sổ theo dõi): list and read registers, filter and write their entries, and
fill a report from them — through the registers' selectors and services, with their rules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from baocao.api.drafts import typed_value
from baocao.api.pagination import PageQuery, paginate
from baocao.api.present import plain_decimal
from baocao.api.register_schemas import (
    BindingIn,
    ColumnIn,
    DesignIn,
    DesignPlanOut,
    EntryFilterParams,
    EntryIn,
    EntryOut,
    EntryPage,
    FillIn,
    FillOut,
    PresetOut,
    RegisterCreateIn,
    RegisterOut,
    RegisterPage,
    ReportFiguresOut,
)
from baocao.api.routers.common import responses
from baocao.api.schemas import ObjectId
from baocao.core.actors import AnyUser, ApiRequest
from baocao.core.errors import Invalid
from baocao.organizations.people import display_name
from baocao.registers.columns import columns_of, parse_columns
from baocao.registers.design import MAX_BYTES as DESIGN_MAX_BYTES
from baocao.registers.design import (
    BindingInput,
    add_column,
    bind,
    create_from_preset,
    create_register,
    import_design,
    read_document,
    unbind,
    update_design,
)
from baocao.registers.design import to_json as design_json
from baocao.registers.design import to_xlsx as design_xlsx
from baocao.registers.models import RegisterBinding, RegisterEntry, WorkRegister
from baocao.registers.presets import PRESETS
from baocao.registers.selectors import (
    EntryFilter,
    access_register,
    can_design,
    can_write,
    closed_windows,
    entry_filter,
    filtered_entries,
    readable_registers,
    report_figures,
    totals,
)
from baocao.registers.services import (
    EntryInput,
    add_entry,
    delete_entry,
    fill_from_registers,
    update_entry,
)
from baocao.reports.selectors import access_report, can_edit_report

router = Router(tags=["Sổ theo dõi"])

BINDINGS = Prefetch(
    "bindings",
    queryset=RegisterBinding.objects.select_related("indicator__template").order_by(
        "indicator__template__code", "indicator__order", "indicator__code"
    ),
)


def register_data(register: WorkRegister, user: AnyUser) -> dict[str, Any]:
    """Return a register as API data, with whether ``user`` may write its entries."""
    return {
        "id": register.pk,
        "unit": {"id": register.unit.pk, "code": register.unit.code, "name": register.unit.name},
        "code": register.code,
        "name": register.name,
        "description": register.description,
        "categories": [str(c) for c in register.categories or []],
        "quantity_label": register.quantity_label,
        "is_active": register.is_active,
        "can_write": can_write(user, register),
        "can_design": can_design(user, register),
        "columns": [c.as_dict() for c in columns_of(register)],
        "bindings": [
            {
                "indicator": {
                    "id": b.indicator.pk,
                    "code": b.indicator.code,
                    "name": b.indicator.name,
                    "template": b.indicator.template.code,
                },
                "measure": b.measure,
                "category": (b.wanted_categories() or [""])[0],
                "categories": b.wanted_categories(),
                "filters": dict(b.filters or {}),
                "sum_column": b.sum_column,
            }
            for b in register.bindings.all()
        ],
    }


def entry_data(entry: RegisterEntry, windows: list[tuple[dt.date, dt.date, int]]) -> dict[str, Any]:
    """Return an entry as API data; ``windows`` are the register's closed windows."""
    closed_by = next(
        (report for start, end, report in windows if start <= entry.entry_date <= end), None
    )
    return {
        "id": entry.pk,
        "year": entry.year,
        "number": entry.number,
        "entry_date": entry.entry_date,
        "subject": entry.subject,
        "category": entry.category,
        "quantity": plain_decimal(entry.quantity),
        "reference": entry.reference,
        "notes": entry.notes,
        "values": dict(entry.values or {}),
        "created_by": display_name(entry.created_by),
        "created_at": entry.created_at,
        "updated_by": display_name(entry.updated_by) if entry.updated_by_id else None,
        "updated_at": entry.updated_at,
        "closed_by": closed_by,
    }


def windows_of(register: WorkRegister) -> list[tuple[dt.date, dt.date, int]]:
    """Return the register's closed windows with the closing report's id."""
    return [(start, end, report.pk) for start, end, report in closed_windows(register)]


def entry_input(payload: EntryIn) -> EntryInput:
    """Return the service's input for an API entry (a JSON number as a Vietnamese string)."""
    return EntryInput(
        entry_date=payload.entry_date,
        subject=payload.subject,
        category=payload.category,
        quantity=typed_value(payload.quantity),
        reference=payload.reference,
        notes=payload.notes,
        values={
            k: v if isinstance(v, bool) or v is None else typed_value(v)
            for k, v in payload.values.items()
        },
    )


def params_filter(register: WorkRegister, params: EntryFilterParams) -> EntryFilter:
    """Return ``registers.selectors.entry_filter`` of the query (the page's meaning: a period's
    data window narrowed by ``from`` and ``to``); a field it cannot use is a 422 here."""
    chosen, problems = entry_filter(
        register,
        period=params.period or "",
        start=params.date_from,
        end=params.date_to,
        category=params.category or "",
        text=params.q or "",
    )
    if problems:
        first = problems[0]
        raise Invalid(first.message, code=first.code, details={first.field: first.value})
    return chosen


@router.get("/registers", response=responses(RegisterPage), summary="Các sổ theo dõi")
def list_registers(request: ApiRequest, page: PageQuery) -> dict:
    """List the registers the caller may read: their unit's, and those of units they oversee."""
    user = request.auth
    registers = (
        readable_registers(user).prefetch_related(BINDINGS).order_by("unit__path", "name", "pk")
    )
    return paginate(registers, page, lambda r: register_data(r, user))


@router.get("/registers/{register_id}", response=responses(RegisterOut), summary="Một sổ theo dõi")
def register_detail(request: ApiRequest, register_id: ObjectId) -> dict:
    """Return a register the caller may read (404 otherwise)."""
    user = request.auth
    register = access_register(user, register_id)
    prefetch_related_objects([register], BINDINGS)
    return register_data(register, user)


@router.get(
    "/registers/{register_id}/entries",
    response=responses(EntryPage),
    summary="Các mục của sổ, lọc theo kỳ, ngày, phân loại, nội dung",
)
def list_entries(
    request: ApiRequest, register_id: ObjectId, filters: Query[EntryFilterParams], page: PageQuery
) -> dict:
    """List a register's entries by date then number, with the count and the quantity total of
    the whole filter (not only the page)."""
    user = request.auth
    register = access_register(user, register_id)
    chosen = params_filter(register, filters)
    entries = filtered_entries(register, chosen)
    windows = windows_of(register)
    data = paginate(entries, page, lambda e: entry_data(e, windows))
    _, total = totals(entries)
    data.update(start=chosen.start, end=chosen.end, total_quantity=plain_decimal(total))
    return data


@router.post(
    "/registers/{register_id}/entries",
    response=responses(EntryOut, 201),
    summary="Ghi một mục vào sổ",
)
def create_entry(request: ApiRequest, register_id: ObjectId, payload: EntryIn) -> Status:
    """Add an entry, numbered next in its year (the unit's reporters and approvers)."""
    user = request.auth
    entry = add_entry(register_id, entry_input(payload), by=user)
    return Status(201, entry_data(entry, windows_of(entry.register)))


@router.put(
    "/registers/{register_id}/entries/{entry_id}",
    response=responses(EntryOut),
    summary="Sửa một mục của sổ",
)
def change_entry(
    request: ApiRequest, register_id: ObjectId, entry_id: ObjectId, payload: EntryIn
) -> dict:
    """Replace an entry's fields; a date in another year gives it that year's next number."""
    user = request.auth
    entry = update_entry(register_id, entry_id, entry_input(payload), by=user)
    return entry_data(entry, windows_of(entry.register))


@router.delete(
    "/registers/{register_id}/entries/{entry_id}",
    response=responses(None, 204),
    summary="Xóa một mục của sổ",
)
def remove_entry(request: ApiRequest, register_id: ObjectId, entry_id: ObjectId) -> Status:
    """Delete an entry; its number is not given again."""
    delete_entry(register_id, entry_id, by=request.auth)
    return Status(204, None)


@router.get(
    "/reports/{report_id}/register-figures",
    response=responses(ReportFiguresOut),
    by_alias=True,
    summary="Số liệu lấy từ sổ theo dõi cho một báo cáo",
)
def register_figures(request: ApiRequest, report_id: ObjectId) -> dict:
    """Return, for each indicator of the report bound to a register of its unit, the figure of
    the report's data window beside the value the report holds."""
    user = request.auth
    report = access_report(user, report_id)
    figures = report_figures(report)
    editable = can_edit_report(user, report)
    return {
        "report": report.pk,
        "version": report.version,
        "can_fill": editable and bool(figures),
        "figures": [
            {
                "indicator": f.binding.indicator.code,
                "indicator_name": f.binding.indicator.name,
                "register": {
                    "id": f.binding.register.pk,
                    "code": f.binding.register.code,
                    "name": f.binding.register.name,
                },
                "measure": f.binding.measure,
                "category": f.binding.category,
                "start": f.start,
                "end": f.end,
                "entries": f.figure.entries,
                "value": plain_decimal(f.figure.value),
                "current": plain_decimal(f.current),
                "changes": f.changes,
                "missing_quantity": f.figure.missing_quantity,
            }
            for f in figures
        ],
    }


@router.post(
    "/reports/{report_id}/fill-from-registers",
    response=responses(FillOut),
    by_alias=True,
    summary="Lấy số liệu từ sổ theo dõi vào báo cáo (kiểm tra phiên bản)",
)
def fill(request: ApiRequest, report_id: ObjectId, payload: FillIn) -> dict:
    """Set the report's register-bound values, each with a note naming the register, the
    entries and the window; a stale ``version`` → 409, no bound indicator → 422."""
    user = request.auth
    filled = fill_from_registers(report_id, by=user, expected_version=payload.version)
    report = access_report(user, report_id)
    stored = {v.indicator.code: v for v in report.values.select_related("indicator")}
    return {
        "version": report.version,
        "values": [
            {
                "indicator": f.indicator_code,
                "value": plain_decimal(stored[f.indicator_code].value),
                "note": stored[f.indicator_code].note,
                "entries": f.entries,
                "register": f.register,
            }
            for f in filled
        ],
    }


# --- the register designer (administrators of the register's unit) --------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _design_data(payload: DesignIn) -> dict[str, Any]:
    """Return the design fields given in ``payload`` (left-out fields keep their value)."""
    data = payload.model_dump(exclude_unset=True, exclude={"unit", "preset"})
    if payload.columns is not None:
        data["columns"] = [c.model_dump(exclude_none=True) for c in payload.columns]
    return data


def _fresh(register_id: int, user: AnyUser) -> dict[str, Any]:
    register = access_register(user, register_id)
    prefetch_related_objects([register], BINDINGS)
    return register_data(register, user)


@router.get("/register-presets", response=responses(list[PresetOut]), summary="Các mẫu sổ theo dõi")
def presets(request: ApiRequest) -> list[dict[str, Any]]:
    """The registers a Sở keeps, each created in one step by ``POST /registers``."""
    return [
        {
            "key": key,
            "name": p["name"],
            "categories": p["categories"],
            "columns": [c.as_dict() for c in parse_columns(p["columns"])],
        }
        for key, p in PRESETS.items()
    ]


@router.post("/registers", response=responses(RegisterOut, 201), summary="Tạo sổ theo dõi")
def create(request: ApiRequest, payload: RegisterCreateIn) -> Status:
    """Create a register of ``unit`` from a preset or a design (the unit's administrators)."""
    user = request.auth
    if payload.preset:
        register = create_from_preset(payload.unit, payload.preset, by=user)
    else:
        register = create_register(payload.unit, _design_data(payload), by=user)
    return Status(201, _fresh(register.pk, user))


@router.put(
    "/registers/{register_id}/design",
    response=responses(RegisterOut),
    summary="Sửa thiết kế sổ (tên, phân loại, các cột)",
)
def change_design(request: ApiRequest, register_id: ObjectId, payload: DesignIn) -> dict:
    """Change the register's design; ``columns`` replaces the whole list of columns."""
    update_design(register_id, _design_data(payload), by=request.auth)
    return _fresh(register_id, request.auth)


@router.post(
    "/registers/{register_id}/columns",
    response=responses(RegisterOut, 201),
    summary="Thêm một cột vào sổ",
)
def add_register_column(request: ApiRequest, register_id: ObjectId, payload: ColumnIn) -> Status:
    """Add a column at the end of the register's columns."""
    add_column(register_id, payload.model_dump(exclude_none=True), by=request.auth)
    return Status(201, _fresh(register_id, request.auth))


@router.put(
    "/registers/{register_id}/bindings/{indicator_id}",
    response=responses(RegisterOut),
    summary="Gắn chỉ tiêu lấy số liệu từ sổ",
)
def put_binding(
    request: ApiRequest, register_id: ObjectId, indicator_id: ObjectId, payload: BindingIn
) -> dict:
    """Make the indicator's value the count (or sum) of the register's entries of the chosen
    categories and column values."""
    bind(
        register_id,
        indicator_id,
        BindingInput(
            measure=payload.measure,
            categories=tuple(payload.categories),
            filters=dict(payload.filters),
            sum_column=payload.sum_column,
        ),
        by=request.auth,
    )
    return _fresh(register_id, request.auth)


@router.delete(
    "/registers/{register_id}/bindings/{indicator_id}",
    response=responses(None, 204),
    summary="Bỏ gắn chỉ tiêu với sổ",
)
def delete_binding(request: ApiRequest, register_id: ObjectId, indicator_id: ObjectId) -> Status:
    """Stop the indicator's value coming from the register."""
    unbind(register_id, indicator_id, by=request.auth)
    return Status(204, None)


@router.get(
    "/registers/{register_id}/design",
    response=responses(None),
    openapi_extra={
        "responses": {
            200: {
                "description": "Thiết kế sổ (JSON baocao.register-design/1, hoặc .xlsx)",
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    XLSX: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
    summary="Tải thiết kế sổ (JSON hoặc Excel)",
)
def export_design(
    request: ApiRequest, register_id: ObjectId, format: Literal["json", "xlsx"] = "json"
) -> HttpResponse:
    """The register's design and bindings, to import into another unit or installation."""
    register = access_register(request.auth, register_id)
    if format == "xlsx":
        response = HttpResponse(design_xlsx(register), content_type=XLSX)
    else:
        response = HttpResponse(design_json(register), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="thiet-ke-so-{re.sub(r"[^A-Za-z0-9_-]+", "-", register.code)}'
        f'.{format}"'
    )
    return response


@router.post(
    "/register-designs/import",
    response=responses(DesignPlanOut),
    summary="Nhập thiết kế sổ (JSON hoặc Excel), xem trước bằng dry_run",
)
def import_register_design(
    request: ApiRequest,
    unit: Form[int],
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
) -> dict:
    """Create or update the unit's register of the document's code; the same file twice
    changes nothing. ``dry_run`` (the default) only says what would be done."""
    if (file.size or 0) > DESIGN_MAX_BYTES:
        raise Invalid(_("Tệp thiết kế sổ lớn hơn 1 MB."), code="too_large")
    document = read_document(file.read(DESIGN_MAX_BYTES + 1), file.name or "")
    plan = import_design(unit, document, by=request.auth, dry_run=dry_run)
    return {
        "code": plan.code,
        "action": plan.action,
        "changed": plan.changed,
        "bindings": [{"indicator": i, "action": a} for i, a in plan.bindings],
        "register_id": plan.register_id,
        "dry_run": dry_run,
    }
