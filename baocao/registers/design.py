"""The register designer's writes: a register created (from scratch or a preset), its design
changed (name, categories, quantity title, columns), its indicators bound, and a design
exported and imported as a document (JSON or XLSX, format ``baocao.register-design/1``).

Only an administrator of the register's unit or of a unit above (organizations.access
``is_administrator``) changes a design or a binding; each change is one transaction with its
event in the register's log (RegisterEvent: create, design, bind, unbind). Outsiders get
NotFound, other members Forbidden.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.domain.registers import Measure, same_category
from baocao.domain.text import clean_text, fold
from baocao.organizations.access import is_administrator, member_units
from baocao.organizations.models import OrgUnit
from baocao.registers.columns import ColumnType, columns_of, parse_columns
from baocao.registers.models import RegisterBinding, RegisterEvent, WorkRegister
from baocao.registers.presets import PRESETS
from baocao.registers.selectors import access_register, can_design
from baocao.registers.services import log_event

FORMAT = "baocao.register-design/1"
MAX_BYTES = 1024 * 1024
REGISTER_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,31}$")
DESIGN_FIELDS = ("code", "name", "description", "categories", "quantity_label", "columns")


def designable_unit(by: Actor, unit_id: int) -> OrgUnit:
    """Return the unit if ``by`` administers it; NotFound for an outsider, else Forbidden."""
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(_("Không tìm thấy đơn vị."))
    if not is_administrator(by, unit):
        if unit.pk not in {u.pk for u in member_units(by)}:
            raise NotFound(_("Không tìm thấy đơn vị."))
        raise Forbidden(
            _("Chỉ quản trị của đơn vị được thiết kế sổ theo dõi."), code="not_administrator"
        )
    return unit


def designable_register(by: Actor, register_id: int) -> WorkRegister:
    """Return the register if ``by`` may change its design (NotFound / Forbidden otherwise)."""
    register = access_register(by, register_id)
    if not can_design(by, register):
        raise Forbidden(
            _("Chỉ quản trị của đơn vị được thiết kế sổ theo dõi."), code="not_administrator"
        )
    return register


def clean_design(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a register design; return it as stored (columns as dicts). Raise Invalid."""
    errors: dict[str, str] = {}
    code = clean_text(str(data.get("code") or "")).upper()
    if not REGISTER_CODE.match(code):
        errors["code"] = _("Mã sổ gồm chữ in hoa không dấu, số, dấu gạch; tối đa 32 ký tự.")
    name = clean_text(str(data.get("name") or ""))
    if not name or len(name) > 255:
        errors["name"] = _("Cần tên sổ (tối đa 255 ký tự).")
    description = clean_text(str(data.get("description") or ""))[:4000]
    raw_categories = data.get("categories") or []
    if isinstance(raw_categories, str):
        raw_categories = re.split(r"[;\n]", raw_categories)
    categories: list[str] = []
    for raw in raw_categories:
        text = clean_text(str(raw))
        if len(text) > 128:
            errors["categories"] = _("Mỗi phân loại tối đa 128 ký tự.")
        elif text and all(fold(text) != fold(c) for c in categories):
            categories.append(text)
    quantity_label = clean_text(str(data.get("quantity_label") or ""))
    if len(quantity_label) > 64:
        errors["quantity_label"] = _("Tên cột số lượng tối đa 64 ký tự.")
    columns: list[dict[str, Any]] = []
    try:
        columns = [c.as_dict() for c in parse_columns(data.get("columns") or [])]
    except Invalid as refused:
        if isinstance(refused.details, dict):
            errors.update(refused.details)
        errors.setdefault("columns", refused.message)
    if errors:
        raise Invalid(_("Thiết kế sổ chưa hợp lệ."), code="invalid_design", details=errors)
    return {
        "code": code,
        "name": name,
        "description": description,
        "categories": categories,
        "quantity_label": quantity_label,
        "columns": columns,
    }


def design_of(register: WorkRegister) -> dict[str, Any]:
    """Return the register's design as ``clean_design`` returns it."""
    return {
        "code": register.code,
        "name": register.name,
        "description": register.description,
        "categories": list(register.categories or []),
        "quantity_label": register.quantity_label,
        "columns": [c.as_dict() for c in columns_of(register)],
    }


def create_register(unit_id: int, data: Mapping[str, Any], *, by: Actor) -> WorkRegister:
    """Create a register of the unit with the design ``data``."""
    unit = designable_unit(by, unit_id)
    design = clean_design(data)
    with transaction.atomic():
        if WorkRegister.objects.filter(unit=unit, code=design["code"]).exists():
            raise Conflict(
                _("Đơn vị đã có sổ mã “%(code)s”.") % {"code": design["code"]},
                code="register_exists",
            )
        register = WorkRegister.objects.create(unit=unit, **design)
        log_event(register, RegisterEvent.Verb.CREATE, by=by, after=design)
    return register


def create_from_preset(unit_id: int, preset: str, *, by: Actor) -> WorkRegister:
    """Create the unit's register from a preset (PRESETS) in one step."""
    if preset not in PRESETS:
        raise Invalid(_("Không có mẫu sổ “%(code)s”.") % {"code": preset[:40]}, code="no_preset")
    return create_register(unit_id, PRESETS[preset], by=by)


def update_design(register_id: int, data: Mapping[str, Any], *, by: Actor) -> WorkRegister:
    """Replace the register's design (fields left out of ``data`` keep their value).

    Lines already written keep their values; a column removed is no longer shown, a column
    added or made required applies to lines written or changed from now on.
    """
    register = designable_register(by, register_id)
    before = design_of(register)
    design = clean_design({**before, **dict(data)})
    with transaction.atomic():
        register = WorkRegister.objects.select_for_update().get(pk=register.pk)
        if (
            design["code"] != register.code
            and WorkRegister.objects.filter(unit_id=register.unit_id, code=design["code"]).exists()
        ):
            raise Conflict(
                _("Đơn vị đã có sổ mã “%(code)s”.") % {"code": design["code"]},
                code="register_exists",
            )
        if design == before:
            return register
        for key, value in design.items():
            setattr(register, key, value)
        register.save(update_fields=list(DESIGN_FIELDS))
        log_event(register, RegisterEvent.Verb.DESIGN, by=by, before=before, after=design)
    return register


def add_column(register_id: int, column: Mapping[str, Any], *, by: Actor) -> WorkRegister:
    """Add one column at the end of the register's columns."""
    register = designable_register(by, register_id)
    columns = [c.as_dict() for c in columns_of(register)]
    order = max((c["order"] for c in columns), default=0) + 1
    return update_design(register.pk, {"columns": [*columns, {"order": order, **column}]}, by=by)


@dataclass(frozen=True)
class BindingInput:
    """What an administrator chooses for an indicator fed by a register."""

    measure: str = Measure.COUNT.value
    categories: tuple[str, ...] = ()
    filters: Mapping[str, list[str]] = field(default_factory=dict)
    sum_column: str = ""


def clean_binding(register: WorkRegister, data: BindingInput) -> dict[str, Any]:
    """Validate a binding for ``register``; return the model's fields. Raise Invalid."""
    errors: dict[str, str] = {}
    if data.measure not in {m.value for m in Measure}:
        errors["measure"] = _("Cách tính là đếm số mục hoặc cộng một cột số.")
    categories: list[str] = []
    for raw in data.categories:
        text = clean_text(raw)
        if not text:
            continue
        known = [c for c in register.categories or [] if same_category(c, text)]
        if register.categories and not known:
            errors["categories"] = _("“%(c)s” không phải phân loại của sổ.") % {"c": text[:60]}
        elif (known[0] if known else text) not in categories:
            categories.append(known[0] if known else text)
    columns = {c.code: c for c in columns_of(register)}
    filters: dict[str, list[str]] = {}
    for code, allowed in (data.filters or {}).items():
        column = columns.get(code)
        if column is None:
            errors[f"filters.{code}"] = _("Sổ không có cột “%(code)s”.") % {"code": code[:40]}
            continue
        wanted = [clean_text(str(a)) for a in allowed if clean_text(str(a))]
        if column.type is ColumnType.CHOICE:
            chosen = [o for o in column.options if any(fold(o) == fold(w) for w in wanted)]
            if len(chosen) != len({fold(w) for w in wanted}):
                errors[f"filters.{code}"] = _("%(label)s: chọn trong %(list)s.") % {
                    "label": column.label,
                    "list": ", ".join(column.options),
                }
                continue
            wanted = chosen
        elif column.type is ColumnType.YESNO:
            wanted = ["Có" if fold(w) in {"co", "1", "true", "yes"} else "Không" for w in wanted]
        if wanted:
            filters[code] = wanted
    sum_column = clean_text(data.sum_column)
    if sum_column:
        column = columns.get(sum_column)
        if column is None or column.type is not ColumnType.NUMBER:
            errors["sum_column"] = _("Cột được cộng phải là một cột số của sổ.")
        elif data.measure != Measure.SUM.value:
            errors["sum_column"] = _("Chỉ chọn cột được cộng khi cách tính là cộng.")
    elif data.measure == Measure.SUM.value and not register.quantity_label:
        errors["sum_column"] = _("Sổ không có cột số lượng: chọn một cột số để cộng.")
    if errors:
        raise Invalid(_("Cách lấy số liệu chưa hợp lệ."), code="invalid_binding", details=errors)
    return {
        "measure": data.measure,
        "category": "",
        "categories": categories,
        "filters": filters,
        "sum_column": sum_column,
    }


def binding_facts(binding: RegisterBinding) -> dict[str, Any]:
    """Return a binding as the log and the design document keep it."""
    return {
        "template": binding.indicator.template.code,
        "indicator": binding.indicator.code,
        "measure": binding.measure,
        "categories": binding.wanted_categories(),
        "filters": dict(binding.filters or {}),
        "sum_column": binding.sum_column,
    }


def bind(register_id: int, indicator_id: int, data: BindingInput, *, by: Actor) -> RegisterBinding:
    """Make the indicator's value come from the register (or change how it does)."""
    register = designable_register(by, register_id)
    indicator = Indicator.objects.select_related("template").filter(pk=indicator_id).first()
    if indicator is None:
        raise NotFound(_("Không tìm thấy chỉ tiêu."))
    values = clean_binding(register, data)
    with transaction.atomic():
        binding = RegisterBinding.objects.filter(register=register, indicator=indicator).first()
        before = binding_facts(binding) if binding else None
        if binding is None:
            binding = RegisterBinding(register=register, indicator=indicator)
        for key, value in values.items():
            setattr(binding, key, value)
        binding.save()
        after = binding_facts(binding)
        if after != before:
            log_event(register, RegisterEvent.Verb.BIND, by=by, before=before, after=after)
    return binding


def unbind(register_id: int, indicator_id: int, *, by: Actor) -> None:
    """Stop the indicator's value coming from the register."""
    register = designable_register(by, register_id)
    binding = (
        register.bindings.select_related("indicator__template")
        .filter(indicator_id=indicator_id)
        .first()
    )
    if binding is None:
        raise NotFound(_("Chỉ tiêu này không lấy số liệu từ sổ."))
    with transaction.atomic():
        log_event(register, RegisterEvent.Verb.UNBIND, by=by, before=binding_facts(binding))
        binding.delete()


# --- the design as a document ---------------------------------------------------------------


def design_document(register: WorkRegister) -> dict[str, Any]:
    """Return the register's design and bindings as a document (format FORMAT)."""
    bindings = register.bindings.select_related("indicator__template").order_by(
        "indicator__template__code", "indicator__code"
    )
    return {
        "format": FORMAT,
        "register": design_of(register),
        "bindings": [binding_facts(b) for b in bindings],
    }


def to_json(register: WorkRegister) -> bytes:
    """Return the design document as UTF-8 JSON."""
    return json.dumps(design_document(register), ensure_ascii=False, indent=2).encode("utf-8")


def _bad(message: str) -> Invalid:
    return Invalid(message, code="invalid_document")


def read_document(content: bytes, filename: str = "") -> dict[str, Any]:
    """Read a design document from JSON or XLSX bytes; raise Invalid saying why it cannot."""
    if len(content) > MAX_BYTES:
        raise _bad(_("Tệp thiết kế sổ lớn hơn 1 MB."))
    if content.startswith(b"PK\x03\x04"):
        return read_xlsx(content)
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad(_("Tệp không phải JSON hay XLSX thiết kế sổ.")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(_("Tệp không phải thiết kế sổ theo dõi (%(f)s).") % {"f": FORMAT})
    if not isinstance(data.get("register"), dict) or not isinstance(data.get("bindings", []), list):
        raise _bad(_("Tệp thiết kế sổ thiếu phần “register”."))
    return data


SHEET_REGISTER, SHEET_COLUMNS, SHEET_BINDINGS = "So", "Cot", "ChiTieu"
COLUMN_HEAD = ("code", "label", "type", "options", "required", "order")
BINDING_HEAD = ("template", "indicator", "measure", "categories", "filters", "sum_column")


def to_xlsx(register: WorkRegister) -> bytes:
    """Return the design document as a workbook: sheets So, Cot and ChiTieu."""
    from openpyxl import Workbook

    doc = design_document(register)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_REGISTER
    sheet.append(["format", FORMAT])
    design = doc["register"]
    for key in ("code", "name", "description", "quantity_label"):
        sheet.append([key, design[key]])
    sheet.append(["categories", "; ".join(design["categories"])])
    columns = book.create_sheet(SHEET_COLUMNS)
    columns.append(list(COLUMN_HEAD))
    for c in design["columns"]:
        columns.append(
            [c["code"], c["label"], c["type"], "; ".join(c["options"]), c["required"], c["order"]]
        )
    bindings = book.create_sheet(SHEET_BINDINGS)
    bindings.append(list(BINDING_HEAD))
    for b in doc["bindings"]:
        bindings.append(
            [
                b["template"],
                b["indicator"],
                b["measure"],
                "; ".join(b["categories"]),
                json.dumps(b["filters"], ensure_ascii=False),
                b["sum_column"],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(content: bytes) -> dict[str, Any]:
    """Read the workbook ``to_xlsx`` writes back into a design document."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign workbook: openpyxl raises many kinds
        raise _bad(_("Không đọc được tệp XLSX thiết kế sổ.")) from None
    if SHEET_REGISTER not in book.sheetnames:
        raise _bad(_("Tệp XLSX thiếu trang “%(s)s”.") % {"s": SHEET_REGISTER})
    fields = {
        str(r[0]): "" if r[1] is None else str(r[1])
        for r in book[SHEET_REGISTER].iter_rows(values_only=True)
        if r and r[0] is not None and len(r) > 1
    }
    if fields.get("format") != FORMAT:
        raise _bad(_("Tệp không phải thiết kế sổ theo dõi (%(f)s).") % {"f": FORMAT})
    design: dict[str, Any] = {k: fields.get(k, "") for k in ("code", "name", "description")}
    design["quantity_label"] = fields.get("quantity_label", "")
    design["categories"] = [c for c in fields.get("categories", "").split(";") if c.strip()]
    design["columns"] = [
        dict(zip(COLUMN_HEAD, ["" if v is None else v for v in row], strict=False))
        for row in _rows(book, SHEET_COLUMNS)
    ]
    bindings = []
    for row in _rows(book, SHEET_BINDINGS):
        item = dict(zip(BINDING_HEAD, ["" if v is None else v for v in row], strict=False))
        item["categories"] = [c for c in str(item.get("categories", "")).split(";") if c.strip()]
        try:
            item["filters"] = json.loads(str(item.get("filters") or "{}"))
        except json.JSONDecodeError:
            raise _bad(_("Cột filters của trang ChiTieu không phải JSON.")) from None
        bindings.append(item)
    return {"format": FORMAT, "register": design, "bindings": bindings}


def _rows(book: Any, name: str) -> list[tuple[Any, ...]]:
    if name not in book.sheetnames:
        return []
    rows = list(book[name].iter_rows(values_only=True))
    return [r for r in rows[1:] if r and any(v not in (None, "") for v in r)]


@dataclass
class DesignPlan:
    """What importing a design document does: create, update or leave the register, and
    which bindings it adds or changes."""

    code: str
    action: str  # "create", "update" or "unchanged"
    changed: list[str] = field(default_factory=list)  # the design fields that differ
    bindings: list[tuple[str, str]] = field(default_factory=list)  # (indicator code, action)
    register_id: int | None = None


def _binding_inputs(
    bindings: list[Any],
) -> list[tuple[Indicator, BindingInput]]:
    out: list[tuple[Indicator, BindingInput]] = []
    for item in bindings:
        if not isinstance(item, dict):
            raise _bad(_("Một chỉ tiêu gắn sổ trong tệp không hợp lệ."))
        indicator = (
            Indicator.objects.select_related("template")
            .filter(
                template__code=str(item.get("template") or ""),
                code=str(item.get("indicator") or ""),
            )
            .first()
        )
        if indicator is None:
            raise Invalid(
                _("Không có chỉ tiêu %(i)s của chế độ %(t)s.")
                % {"i": item.get("indicator"), "t": item.get("template")},
                code="unknown_indicator",
            )
        filters = item.get("filters") or {}
        out.append(
            (
                indicator,
                BindingInput(
                    measure=str(item.get("measure") or Measure.COUNT.value),
                    categories=tuple(str(c) for c in item.get("categories") or []),
                    filters={
                        str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                        for k, vs in (filters.items() if isinstance(filters, dict) else [])
                    },
                    sum_column=str(item.get("sum_column") or ""),
                ),
            )
        )
    return out


def import_design(
    unit_id: int, document: dict[str, Any], *, by: Actor, dry_run: bool = True
) -> DesignPlan:
    """Create or update the unit's register (matched by code) from a design document.

    Idempotent: importing the same document again changes nothing. With ``dry_run`` the plan
    is returned and nothing is written (the preview); otherwise it is applied in one
    transaction (each change logged as its own service logs it).
    """
    unit = designable_unit(by, unit_id)
    design = clean_design(document.get("register") or {})
    existing = WorkRegister.objects.filter(unit=unit, code=design["code"]).first()
    inputs = _binding_inputs(list(document.get("bindings") or []))
    plan = DesignPlan(design["code"], "create", register_id=existing.pk if existing else None)
    probe = existing or WorkRegister(unit=unit, **design)
    if existing is not None:
        before = design_of(existing)
        plan.changed = [k for k in DESIGN_FIELDS if before[k] != design[k]]
        plan.action = "update" if plan.changed else "unchanged"
        probe = WorkRegister(unit=unit, **design)
    current = {
        b.indicator_id: binding_facts(b)
        for b in (existing.bindings.select_related("indicator__template") if existing else [])
    }
    for indicator, data in inputs:
        values = clean_binding(probe, data)
        wanted = {
            "template": indicator.template.code,
            "indicator": indicator.code,
            "measure": values["measure"],
            "categories": values["categories"],
            "filters": values["filters"],
            "sum_column": values["sum_column"],
        }
        was = current.get(indicator.pk)
        action = "add" if was is None else ("unchanged" if was == wanted else "update")
        plan.bindings.append((indicator.code, action))
        if action != "unchanged" and plan.action == "unchanged":
            plan.action = "update"
    if dry_run:
        return plan
    with transaction.atomic():
        if existing is None:
            register = create_register(unit.pk, design, by=by)
        else:
            register = update_design(existing.pk, design, by=by)
        plan.register_id = register.pk
        for indicator, data in inputs:
            bind(register.pk, indicator.pk, data, by=by)
    return plan


__all__ = [
    "FORMAT",
    "PRESETS",
    "BindingInput",
    "DesignPlan",
    "add_column",
    "bind",
    "create_from_preset",
    "create_register",
    "design_document",
    "import_design",
    "read_document",
    "to_json",
    "to_xlsx",
    "unbind",
    "update_design",
]
