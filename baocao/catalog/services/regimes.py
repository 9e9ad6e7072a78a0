"""Write reporting regimes (chế độ báo cáo): general fields, outline, data forms, assignment.

Every write takes the actor as ``by=``, checks that they may manage the regime
(``selectors.can_manage_regime``: an administrator of the managing unit or above), validates
everything before writing, runs in one transaction and records a :class:`RegimeEvent`.

A version that already has reports is never changed in place: the first change copies it into
the next version (``versioning.new_template_version``) and applies the change there; the
function returns the version it changed, which callers show from then on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from baocao.catalog.models import (
    Disaggregation,
    Indicator,
    ReportTemplate,
    Section,
)
from baocao.catalog.selectors import can_manage_regime, is_top_administrator, regime_row
from baocao.catalog.services.audit import record_regime_event
from baocao.catalog.versioning import (
    copy_outline,
    copy_related_rules,
    has_reports,
    new_template_version,
)
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid
from baocao.domain.deadlines import DeadlineError, DeadlineRule
from baocao.domain.holidays import HolidayCalendar
from baocao.domain.periods import CutoffRule, Period, PeriodKind
from baocao.domain.text import clean_text
from baocao.organizations.access import is_administrator
from baocao.organizations.models import OrgUnit

# A row of a regime's outline: both kinds carry the regime and a code.
RowT = TypeVar("RowT", Section, Indicator)

CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
DELIVERY_METHODS = {
    "system": "Qua Hệ thống thông tin báo cáo",
    "esigned": "Văn bản điện tử có chữ ký số",
    "paper": "Văn bản giấy",
    "email": "Thư điện tử",
    "fax": "Fax",
}


@dataclass
class RegimeInput:
    """The general fields of a regime (Decree 09/2019 Art. 8), as typed in the form or a file."""

    code: str
    name: str
    period_kind: str = PeriodKind.MONTH.value
    cutoff_start_day: int = 15
    deadline: DeadlineRule = field(default_factory=lambda: DeadlineRule.day_of_month(20))
    description: str = ""
    owner_unit: OrgUnit | None = None
    issuer: str = ""
    reporters_note: str = ""
    receiving_units: list[OrgUnit] = field(default_factory=list)
    delivery_methods: list[str] = field(default_factory=list)
    delivery_note: str = ""
    instructions: str = ""
    doc_type_code: str = "BC"
    title_format: str = "Kết quả hoạt động {period}"
    recipients: str = ""
    legal_basis: str = ""
    valid_from: dt.date | None = None
    is_active: bool = True


@dataclass
class IndicatorInput:
    """One indicator of a regime's data form, as typed in the form or a file."""

    code: str
    name: str
    unit: str = ""
    value_type: str = Indicator.ValueType.INTEGER.value
    aggregation: str = Indicator.Aggregation.SUM.value
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    required: bool = False
    is_key: bool = False
    section_id: int | None = None
    disaggregation_id: int | None = None
    synonyms: str = ""


def _check_manager(by: Actor, template: ReportTemplate) -> None:
    if not can_manage_regime(by, template):
        raise Forbidden(
            _("Chỉ quản trị của đơn vị quản lý chế độ báo cáo (hoặc cấp trên) được sửa chế độ này.")
        )


def _code(value: str, field_name: str) -> str:
    code = clean_text(value).upper().replace(" ", "_")
    if not code:
        raise Invalid(_("Hãy nhập mã."), details={field_name: _("Hãy nhập mã.")})
    if len(code) > 32 or not set(code) <= CODE_CHARS:
        message = _("Mã chỉ gồm chữ in hoa không dấu, chữ số, dấu gạch; tối đa 32 ký tự.")
        raise Invalid(message, details={field_name: message})
    return code


def _required_text(value: str, field_name: str, label: str, limit: int) -> str:
    text = clean_text(value or "")
    if not text:
        message = _("Hãy nhập %(field)s.") % {"field": label}
        raise Invalid(message, details={field_name: message})
    if len(text) > limit:
        message = _("%(field)s dài quá %(n)s ký tự.") % {"field": label, "n": limit}
        raise Invalid(message, details={field_name: message})
    return text


def _validate_regime(data: RegimeInput, *, by: Actor) -> dict:
    """Return the model fields of ``data``; raise Invalid with every wrong field."""
    errors: dict[str, str] = {}
    values: dict = {}
    for name, label, limit in (
        ("name", _("tên chế độ báo cáo"), 255),
        ("title_format", _("mẫu trích yếu"), 255),
    ):
        try:
            values[name] = _required_text(getattr(data, name), name, label, limit)
        except Invalid as exc:
            errors.update(exc.details)
    try:
        values["code"] = _code(data.code, "code")
    except Invalid as exc:
        errors.update(exc.details)
    if data.period_kind not in {k.value for k in PeriodKind}:
        errors["period_kind"] = _("Tần suất báo cáo không hợp lệ.")
    if not 1 <= int(data.cutoff_start_day or 0) <= 28:
        errors["cutoff_start_day"] = _("Ngày bắt đầu chốt số liệu phải từ 1 đến 28.")
    if not {"period_kind", "cutoff_start_day"} & set(errors):
        try:  # a deadline before the cut-off ends is refused here, not when reports are made
            period = Period(2026, PeriodKind(data.period_kind), 1)
            data.deadline.deadline(period, CutoffRule(data.cutoff_start_day), _calendar())
        except DeadlineError:
            errors["deadline"] = _(
                "Hạn nộp rơi vào trước ngày chốt số liệu: hãy chọn ngày muộn hơn hoặc tháng sau."
            )
    unknown = [m for m in data.delivery_methods if m not in DELIVERY_METHODS]
    if unknown:
        errors["delivery_methods"] = _("Phương thức gửi, nhận không hợp lệ.")
    doc_type = clean_text(data.doc_type_code or "BC")
    if len(doc_type) > 8:
        errors["doc_type_code"] = _("Mã loại văn bản tối đa 8 ký tự.")
    if data.owner_unit is not None and not is_administrator(by, data.owner_unit):
        errors["owner_unit"] = _("Bạn không phải quản trị của đơn vị quản lý đã chọn.")
    if data.owner_unit is None and not is_top_administrator(by):
        errors["owner_unit"] = _("Hãy chọn đơn vị quản lý chế độ báo cáo.")
    if errors:
        raise Invalid(_("Thông tin chế độ báo cáo chưa hợp lệ."), details=errors)
    values.update(
        period_kind=data.period_kind,
        cutoff_start_day=int(data.cutoff_start_day),
        deadline_rule=data.deadline.to_dict(),
        description=clean_text(data.description),
        owner_unit=data.owner_unit,
        issuer=clean_text(data.issuer)[:255],
        reporters_note=clean_text(data.reporters_note),
        delivery_methods=list(dict.fromkeys(data.delivery_methods)),
        delivery_note=clean_text(data.delivery_note),
        instructions=clean_text(data.instructions),
        doc_type_code=doc_type or "BC",
        recipients=clean_text(data.recipients),
        valid_from=data.valid_from,
        is_active=data.is_active,
    )
    return values


def _calendar() -> HolidayCalendar:
    from baocao.catalog.calendar import working_calendar

    return working_calendar()


def _legal_documents(text: str) -> list:
    from baocao.legal.services import register_documents

    text = clean_text(text or "")
    if not text:
        return []
    documents = register_documents(text)
    if not documents:
        message = _(
            "Không nhận ra văn bản nào trong căn cứ pháp lý; hãy ghi như "
            "“Nghị định 09/2019/NĐ-CP”, mỗi văn bản cách nhau dấu chấm phẩy."
        )
        raise Invalid(message, details={"legal_basis": message})
    return documents


def working_version(template: ReportTemplate, *, by: Actor) -> ReportTemplate:
    """Return the version a change of ``template`` goes to: itself while it has no reports,
    else a new version (made now); refuse an old version and a user who may not manage it."""
    _check_manager(by, template)
    if not template.is_current:
        raise Conflict(
            _("Đây là phiên bản cũ (phiên bản %(v)s); hãy sửa phiên bản hiện hành.")
            % {"v": template.version},
            code="not_current",
        )
    if has_reports(template):
        return new_template_version(template, by=by)
    return template


def create_regime(data: RegimeInput, *, by: Actor) -> ReportTemplate:
    """Create a regime (version 1); refuse a code already used."""
    from baocao.catalog.selectors import may_design

    if not may_design(by):
        raise Forbidden(_("Chỉ quản trị mới tạo được chế độ báo cáo."))
    values = _validate_regime(data, by=by)
    with transaction.atomic():
        if ReportTemplate.objects.filter(code=values["code"]).exists():
            message = _("Mã %(code)s đã có chế độ báo cáo khác dùng.") % {"code": values["code"]}
            raise Invalid(message, details={"code": message}, code="duplicate_code")
        documents = _legal_documents(data.legal_basis)
        template = ReportTemplate.objects.create(**values)
        template.receiving_units.set(data.receiving_units)
        template.legal_basis.set(documents)
        record_regime_event(template, "create", by=by, summary=template.name)
        return template


def update_regime(template: ReportTemplate, data: RegimeInput, *, by: Actor) -> ReportTemplate:
    """Change the general fields; return the version changed (a new one when it had reports).

    The code names the family of versions and stays as it is.
    """
    _check_manager(by, template)
    data.code = template.code
    values = _validate_regime(data, by=by)
    with transaction.atomic():
        documents = _legal_documents(data.legal_basis)
        target = working_version(template, by=by)
        changed = [k for k, v in values.items() if getattr(target, k) != v]
        for key, value in values.items():
            setattr(target, key, value)
        target.save()
        target.receiving_units.set(data.receiving_units)
        target.legal_basis.set(documents)
        record_regime_event(target, "edit", by=by, summary=", ".join(changed)[:500], fields=changed)
        return target


def make_version(
    template: ReportTemplate, *, by: Actor, valid_from: dt.date | None = None
) -> ReportTemplate:
    """Copy the current version into the next one (the reports written keep theirs)."""
    _check_manager(by, template)
    return new_template_version(template, by=by, valid_from=valid_from)


def copy_regime(template: ReportTemplate, *, code: str, name: str, by: Actor) -> ReportTemplate:
    """Copy a regime with its outline, data form and assignment into a new regime ``code``."""
    from baocao.catalog.selectors import may_design

    if not may_design(by):
        raise Forbidden(_("Chỉ quản trị mới tạo được chế độ báo cáo."))
    new_code = _code(code, "code")
    new_name = _required_text(name, "name", _("tên chế độ báo cáo"), 255)
    with transaction.atomic():
        if ReportTemplate.objects.filter(code=new_code).exists():
            message = _("Mã %(code)s đã có chế độ báo cáo khác dùng.") % {"code": new_code}
            raise Invalid(message, details={"code": message}, code="duplicate_code")
        source = ReportTemplate.objects.get(pk=template.pk)
        units = list(source.assigned_units.all())
        receivers = list(source.receiving_units.all())
        documents = list(source.legal_basis.all())
        owner = source.owner_unit if can_manage_regime(by, source) else None
        if owner is None and not is_top_administrator(by):
            owner = _first_administered(by)
        copy = source
        copy.pk = None
        copy.code, copy.name, copy.version = new_code, new_name, 1
        copy.is_current, copy.previous_version, copy.owner_unit = True, None, owner
        copy.save()
        copy.assigned_units.set([u for u in units if is_administrator(by, u)])
        copy.receiving_units.set(receivers)
        copy.legal_basis.set(documents)
        copy_outline(template, copy)
        copy_related_rules(template, copy)
        record_regime_event(
            copy,
            "copy",
            by=by,
            summary=_("Sao chép từ %(code)s (phiên bản %(v)s)")
            % {"code": template.code, "v": template.version},
            source=template.code,
            source_version=template.version,
        )
        return copy


def _first_administered(by: Actor) -> OrgUnit | None:
    from baocao.domain.workflow import Role
    from baocao.organizations.access import units_with_role

    units = units_with_role(by, Role.ADMINISTRATOR)
    return units[0] if units else None


def delete_regime(template: ReportTemplate, *, by: Actor) -> None:
    """Delete a regime version that has no reports; the previous version becomes current."""
    _check_manager(by, template)
    with transaction.atomic():
        template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
        if has_reports(template):
            raise Conflict(
                _("Chế độ báo cáo đã có báo cáo nên không xóa được; hãy ngừng áp dụng."),
                code="has_reports",
            )
        if hasattr(template, "adhoc_request"):
            raise Conflict(_("Đây là yêu cầu báo cáo đột xuất, không xóa ở đây."))
        if ReportTemplate.objects.filter(previous_version=template).exists():
            raise Conflict(_("Chỉ xóa được phiên bản mới nhất."), code="not_latest")
        code, version, previous = template.code, template.version, template.previous_version
        name = template.name
        Indicator.objects.filter(template=template, parent__isnull=False).delete()
        template.delete()
        if previous is not None and template.is_current:
            ReportTemplate.objects.filter(pk=previous.pk).update(is_current=True, is_active=True)
        record_regime_event(
            None, "delete", by=by, code=code, version=version, summary=_("Đã xóa: %s") % name
        )


# --- Outline (đề cương) ---------------------------------------------------------------------


def save_section(
    template: ReportTemplate,
    *,
    by: Actor,
    section_id: int | None = None,
    code: str,
    title: str,
    kind: str = Section.Kind.RESULTS.value,
    required: bool = False,
) -> tuple[ReportTemplate, Section]:
    """Add a section (no ``section_id``) or change one; return the version and the section."""
    errors: dict[str, str] = {}
    try:
        code = _code(code, "code")
    except Invalid as exc:
        errors.update(exc.details)
    try:
        title = _required_text(title, "title", _("tên lĩnh vực"), 255)
    except Invalid as exc:
        errors.update(exc.details)
    if kind not in Section.Kind.values:
        errors["kind"] = _("Loại lĩnh vực không hợp lệ.")
    if errors:
        raise Invalid(_("Lĩnh vực chưa hợp lệ."), details=errors)
    with transaction.atomic():
        original = regime_row(template, Section, section_id) if section_id else None
        target = working_version(template, by=by)
        section = _same_in(target, original) if original else None
        clash = target.sections.filter(code=code)
        if section is not None:
            clash = clash.exclude(pk=section.pk)
        if clash.exists():
            message = _("Mã lĩnh vực %(code)s đã dùng trong chế độ này.") % {"code": code}
            raise Invalid(message, details={"code": message})
        if section is None:
            last = target.sections.aggregate(m=Max("order"))["m"] or 0
            section = Section(template=target, order=last + 1)
        section.code, section.title, section.kind, section.required = code, title, kind, required
        section.save()
        record_regime_event(
            target,
            "section",
            by=by,
            summary=(_("Thêm lĩnh vực: %s") if original is None else _("Sửa lĩnh vực: %s")) % title,
            section=code,
        )
        return target, section


def delete_section(template: ReportTemplate, section_id: int, *, by: Actor) -> ReportTemplate:
    """Remove a section; its indicators stay, outside any section."""
    with transaction.atomic():
        original = regime_row(template, Section, section_id)
        target = working_version(template, by=by)
        section = _same_in(target, original)
        section.delete()
        _renumber_sections(target)
        record_regime_event(target, "section", by=by, summary=_("Xóa lĩnh vực: %s") % section.title)
        return target


def move_section(
    template: ReportTemplate, section_id: int, direction: str, *, by: Actor
) -> ReportTemplate:
    """Move a section one place up or down in the outline."""
    with transaction.atomic():
        original = regime_row(template, Section, section_id)
        target = working_version(template, by=by)
        rows = list(target.sections.order_by("order", "pk"))
        index = next(i for i, s in enumerate(rows) if s.code == original.code)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, section in enumerate(rows, start=1):
            if section.order != position:
                Section.objects.filter(pk=section.pk).update(order=position)
        record_regime_event(
            target, "section", by=by, summary=_("Đổi thứ tự lĩnh vực: %s") % original.title
        )
        return target


def _renumber_sections(template: ReportTemplate) -> None:
    for position, section in enumerate(template.sections.order_by("order", "pk"), start=1):
        if section.order != position:
            Section.objects.filter(pk=section.pk).update(order=position)


# --- Data form (biểu mẫu số liệu) ------------------------------------------------------------


def _same_in(target: ReportTemplate, original: RowT) -> RowT:
    """Return the row of ``target`` that copies ``original`` (itself when not versioned)."""
    if original.template_id == target.pk:
        return original
    return type(original)._default_manager.get(template=target, code=original.code)


def _validate_indicator(target: ReportTemplate, data: IndicatorInput) -> dict:
    errors: dict[str, str] = {}
    values: dict = {}
    try:
        values["code"] = _code(data.code, "code")
    except Invalid as exc:
        errors.update(exc.details)
    try:
        values["name"] = _required_text(data.name, "name", _("tên chỉ tiêu"), 255)
    except Invalid as exc:
        errors.update(exc.details)
    unit = clean_text(data.unit or "")
    if len(unit) > 64:
        errors["unit"] = _("Đơn vị tính tối đa 64 ký tự.")
    if data.value_type not in Indicator.ValueType.values:
        errors["value_type"] = _("Kiểu giá trị không hợp lệ.")
    if data.aggregation not in Indicator.Aggregation.values:
        errors["aggregation"] = _("Cách tổng hợp không hợp lệ.")
    if (
        data.min_value is not None
        and data.max_value is not None
        and data.min_value > data.max_value
    ):
        errors["max_value"] = _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")
    for name in ("min_value", "max_value"):
        bound = getattr(data, name)
        if bound is not None and abs(bound) >= Decimal("1e16"):
            errors[name] = _("Giá trị quá lớn.")
    if data.value_type == Indicator.ValueType.TEXT and (
        data.min_value is not None or data.max_value is not None or data.disaggregation_id
    ):
        errors["value_type"] = _("Chỉ tiêu dạng văn bản không có giới hạn giá trị hay phân tổ.")
    section = None
    if data.section_id:
        section = Section.objects.filter(pk=data.section_id).first()
        if section is None or section.template_id != target.pk:
            # The admin once allowed a section of another regime: the service refuses it.
            section = None
            errors["section_id"] = _("Lĩnh vực đã chọn không thuộc chế độ báo cáo này.")
    disaggregation = None
    if data.disaggregation_id:
        disaggregation = (
            Disaggregation.objects.filter(pk=data.disaggregation_id)
            .prefetch_related("options")
            .first()
        )
        if disaggregation is None:
            errors["disaggregation_id"] = _("Không tìm thấy phân tổ đã chọn.")
        elif not disaggregation.options.exists():
            errors["disaggregation_id"] = _("Phân tổ đã chọn chưa có nhóm nào.")
    if errors:
        raise Invalid(_("Chỉ tiêu chưa hợp lệ."), details=errors)
    values.update(
        unit=unit,
        value_type=data.value_type,
        aggregation=data.aggregation,
        min_value=data.min_value,
        max_value=data.max_value,
        required=data.required,
        is_key=data.is_key,
        section=section,
        disaggregation=disaggregation,
        synonyms=clean_text(data.synonyms or ""),
    )
    return values


def save_indicator(
    template: ReportTemplate,
    data: IndicatorInput,
    *,
    by: Actor,
    indicator_id: int | None = None,
) -> tuple[ReportTemplate, Indicator]:
    """Add an indicator (no ``indicator_id``) or change one; return the version and it.

    A disaggregated indicator is the total: one part per option is made (or kept, or removed)
    with the total's unit, type, aggregation, section and bounds. The rule "the parts sum to
    the total" follows from the parts (``validation.checks.disaggregation_rules``).
    """
    with transaction.atomic():
        original = regime_row(template, Indicator, indicator_id) if indicator_id else None
        if original is not None and original.parent_id:
            raise Invalid(
                _("Đây là một nhóm phân tổ; hãy sửa chỉ tiêu tổng."),
                details={"code": _("Hãy sửa chỉ tiêu tổng.")},
            )
        target = working_version(template, by=by)
        # The section chosen is of the version shown; a new version has its copy.
        if target.pk != template.pk and data.section_id:
            old_section = Section.objects.filter(pk=data.section_id, template=template).first()
            if old_section is not None:
                data.section_id = target.sections.get(code=old_section.code).pk
        values = _validate_indicator(target, data)
        indicator = _same_in(target, original) if original else None
        clash = target.indicators.filter(code=values["code"])
        if indicator is not None:
            clash = clash.exclude(pk=indicator.pk).exclude(parent=indicator)
        if clash.exists():
            message = _("Mã chỉ tiêu %(code)s đã dùng trong chế độ này.") % {"code": values["code"]}
            raise Invalid(message, details={"code": message})
        if indicator is None:
            last = target.indicators.aggregate(m=Max("order"))["m"] or 0
            indicator = Indicator(template=target, order=last + 1)
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.save()
        _materialise_parts(indicator)
        _renumber_indicators(target)
        record_regime_event(
            target,
            "indicator",
            by=by,
            summary=(_("Thêm chỉ tiêu: %s") if original is None else _("Sửa chỉ tiêu: %s"))
            % indicator.name,
            indicator=indicator.code,
        )
        return target, indicator


def part_code(parent_code: str, option_code: str) -> str:
    """Return the code of a part: the total's code and the option's, e.g. "LAO_DONG.NAM"."""
    return f"{parent_code}.{option_code}"


def _materialise_parts(parent: Indicator) -> None:
    """Make the parts of ``parent`` match its disaggregation's options (none without one)."""
    disaggregation = parent.disaggregation if parent.disaggregation_id else None
    wanted = list(disaggregation.options.all()) if disaggregation is not None else []
    existing = {p.option_id: p for p in parent.parts.all()}
    keep = {o.pk for o in wanted}
    for option_id, part in existing.items():
        if option_id not in keep:
            part.delete()
    for option in wanted:
        part = existing.get(option.pk) or Indicator(template=parent.template, parent=parent)
        code = part_code(parent.code, option.code)
        if len(code) > 32:
            message = _(
                "Mã chỉ tiêu quá dài để ghép với mã nhóm phân tổ %(option)s (tối đa 32 ký tự)."
            ) % {"option": option.code}
            raise Invalid(message, details={"code": message})
        clash = parent.template.indicators.filter(code=code).exclude(pk=part.pk)
        if clash.exists():
            message = _("Mã %(code)s đã dùng cho chỉ tiêu khác.") % {"code": code}
            raise Invalid(message, details={"code": message})
        part.option = option
        part.code = code
        part.name = f"{parent.name} - {option.name}"[:255]
        for name in ("unit", "value_type", "aggregation", "min_value", "max_value", "section"):
            setattr(part, name, getattr(parent, name))
        part.required, part.is_key = False, False
        part.save()


def _renumber_indicators(template: ReportTemplate) -> None:
    """Number the indicators 1, 2, … with each total's parts right after it."""
    rows = list(template.indicators.select_related("option").order_by("order", "pk"))
    parts: dict[int, list[Indicator]] = {}
    for row in rows:
        if row.parent_id:
            parts.setdefault(row.parent_id, []).append(row)
    position = 0
    for row in rows:
        if row.parent_id:
            continue
        for item in [row, *sorted(parts.get(row.pk, []), key=_option_order)]:
            position += 1
            if item.order != position:
                Indicator.objects.filter(pk=item.pk).update(order=position)
                item.order = position


def _option_order(part: Indicator) -> tuple[int, int]:
    return (part.option.order if part.option else 0, part.option_id or 0)


def delete_indicator(template: ReportTemplate, indicator_id: int, *, by: Actor) -> ReportTemplate:
    """Remove an indicator (and its parts) from the data form."""
    with transaction.atomic():
        original = regime_row(template, Indicator, indicator_id)
        if original.parent_id:
            raise Invalid(_("Đây là một nhóm phân tổ; hãy bỏ phân tổ ở chỉ tiêu tổng."))
        target = working_version(template, by=by)
        indicator = _same_in(target, original)
        indicator.parts.all().delete()
        indicator.delete()
        _renumber_indicators(target)
        record_regime_event(
            target, "indicator", by=by, summary=_("Xóa chỉ tiêu: %s") % indicator.name
        )
        return target


def move_indicator(
    template: ReportTemplate, indicator_id: int, direction: str, *, by: Actor
) -> ReportTemplate:
    """Move a total indicator (with its parts) one place up or down."""
    with transaction.atomic():
        original = regime_row(template, Indicator, indicator_id)
        target = working_version(template, by=by)
        totals = list(target.indicators.filter(parent__isnull=True).order_by("order", "pk"))
        index = next(i for i, s in enumerate(totals) if s.code == original.code)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(totals):
            a, b = totals[index], totals[other]
            Indicator.objects.filter(pk=a.pk).update(order=b.order)
            Indicator.objects.filter(pk=b.pk).update(order=a.order)
            if a.order == b.order:
                Indicator.objects.filter(pk=a.pk).update(
                    order=b.order + (1 if other > index else -1)
                )
        _renumber_indicators(target)
        record_regime_event(
            target, "indicator", by=by, summary=_("Đổi thứ tự chỉ tiêu: %s") % original.name
        )
        return target


# --- Assignment (giao đơn vị báo cáo) ---------------------------------------------------------

ASSIGN_MODES = ("level", "subtree", "list")


def units_for_assignment(
    *, mode: str, level: str = "", root: OrgUnit | None = None, units: list[OrgUnit] | None = None
) -> list[OrgUnit]:
    """Return the open units a rule names: every unit of ``level`` under ``root`` (or all),
    every unit of ``root``'s subtree below it, or the ``units`` listed."""
    if mode == "list":
        return list(units or [])
    query = OrgUnit.objects.filter(closed_on__isnull=True)
    if root is not None:
        query = query.filter(path__startswith=root.path)
    if mode == "level":
        return list(query.filter(level=level).order_by("path"))
    if mode == "subtree" and root is not None:
        return list(query.exclude(pk=root.pk).order_by("path"))
    return []


def assign_units(
    template: ReportTemplate,
    *,
    by: Actor,
    mode: str,
    level: str = "",
    root: OrgUnit | None = None,
    units: list[OrgUnit] | None = None,
) -> ReportTemplate:
    """Set the units that must report, chosen by level, subtree or list; return the version.

    Every unit must be one the actor administers. The rule is kept (``assignment_rule``) to
    show and export; the units chosen are ``assigned_units``.
    """
    _check_manager(by, template)
    if mode not in ASSIGN_MODES:
        raise Invalid(_("Cách giao đơn vị không hợp lệ."), details={"mode": "invalid"})
    if mode == "level" and level not in OrgUnit.Level.values:
        raise Invalid(_("Hãy chọn cấp đơn vị."), details={"level": _("Hãy chọn cấp đơn vị.")})
    if mode == "subtree" and root is None:
        raise Invalid(
            _("Hãy chọn đơn vị cấp trên."), details={"root": _("Hãy chọn đơn vị cấp trên.")}
        )
    chosen = units_for_assignment(mode=mode, level=level, root=root, units=units)
    if mode == "level" and root is None:  # every unit of the level that the actor administers
        chosen = [u for u in chosen if is_administrator(by, u)]
    outside = [u.name for u in chosen if not is_administrator(by, u)]
    if outside:
        message = _("Bạn không quản trị các đơn vị: %(units)s.") % {"units": ", ".join(outside[:5])}
        raise Invalid(message, details={"units": message})
    if not chosen:
        message = _("Không có đơn vị nào theo cách giao đã chọn.")
        raise Invalid(message, details={"units": message})
    with transaction.atomic():
        target = working_version(template, by=by)
        target.assigned_units.set(chosen)
        rule: dict = {"mode": mode}
        if mode == "level":
            rule["level"] = level
        if root is not None and mode != "list":
            rule["root"] = root.code
        if mode == "list":
            rule["units"] = [u.code for u in chosen]
        target.assignment_rule = rule
        target.save(update_fields=["assignment_rule"])
        record_regime_event(
            target,
            "assign",
            by=by,
            summary=_("Giao %(n)s đơn vị báo cáo") % {"n": len(chosen)},
            units=[u.code for u in chosen],
            rule=rule,
        )
        return target
