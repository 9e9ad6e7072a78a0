"""Translate API input (codes) into the services' input (ids), with per-field errors."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from baocao.core.errors import Invalid
from baocao.reports.models import Report
from baocao.reports.services import ItemInput
from baocao.reports.services.validation import RawValue

if TYPE_CHECKING:
    from baocao.api.schemas import ItemIn, ValueIn


def section_ids(report: Report) -> dict[str, int]:
    """Return the report template's section ids by code."""
    return dict(report.template.sections.values_list("code", "pk"))


def section_id(report: Report, code: str | None, field: str) -> int | None:
    """Return the id of the section ``code`` of the report's template, or raise Invalid."""
    if code is None:
        return None
    found = section_ids(report).get(code)
    if found is None:
        raise Invalid(
            _("Lĩnh vực không thuộc chế độ báo cáo này."), details={field: "unknown_section"}
        )
    return found


def to_item_inputs(report: Report, items: list[ItemIn]) -> list[ItemInput]:
    """Return the service's item inputs for API items, or raise Invalid on an unknown section."""
    sections = section_ids(report)
    errors = {}
    result = []
    for index, item in enumerate(items):
        sid = sections.get(item.section) if item.section else None
        if item.section and sid is None:
            errors[f"items.{index}.section"] = _("Lĩnh vực không thuộc chế độ báo cáo này.")
            continue
        result.append(
            ItemInput(text=item.text, section_id=sid, id=item.id, continuing=item.continuing)
        )
    if errors:
        raise Invalid(_("Báo cáo chưa được lưu: có thông tin chưa hợp lệ."), details=errors)
    return result


def typed_value(value: str | int | float | None) -> str | Decimal:
    """Return a JSON number as the Decimal it says (the services take it as it is, never as
    text to read back), and a string as typed (read in the Vietnamese format, "2.297,5")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError("bool")
    if isinstance(value, int | float):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError("number") from None
        if not number.is_finite():
            raise ValueError("number")
        return number
    return value


def to_value_inputs(report: Report, values: list[ValueIn]) -> dict[int, tuple[RawValue, str]]:
    """Return the service's value inputs keyed by indicator id, or raise Invalid."""
    indicators = dict(report.template.indicators.values_list("code", "pk"))
    errors: dict[str, str] = {}
    result: dict[int, tuple[RawValue, str]] = {}
    for index, value in enumerate(values):
        pk = indicators.get(value.indicator)
        if pk is None:
            errors[f"values.{index}.indicator"] = _("Chỉ tiêu không thuộc chế độ báo cáo này.")
            continue
        try:
            result[pk] = (typed_value(value.value), value.note)
        except ValueError:
            errors[f"values.{index}.value"] = _("Giá trị không hợp lệ.")
    if errors:
        raise Invalid(_("Số liệu chưa được lưu: có thông tin chưa hợp lệ."), details=errors)
    return result


def value_marks(report: Report, values: list[ValueIn]) -> tuple[dict[int, bool], dict[int, str]]:
    """Return the estimate marks and confirmation reasons the caller gave, by indicator id."""
    indicators = dict(report.template.indicators.values_list("code", "pk"))
    estimates: dict[int, bool] = {}
    reasons: dict[int, str] = {}
    for value in values:
        pk = indicators.get(value.indicator)
        if pk is None:
            continue
        if value.estimate is not None:
            estimates[pk] = value.estimate
        if value.confirmed_reason is not None:
            reasons[pk] = value.confirmed_reason
    return estimates, reasons


def by_code(report: Report, exc: Invalid) -> Invalid:
    """Return the service's error with ``values.<id>`` keys named by indicator code instead."""
    codes = {str(pk): code for code, pk in report.template.indicators.values_list("code", "pk")}
    details = {}
    for key, message in dict(exc.details or {}).items():
        head, _dot, tail = key.partition(".")
        if head in ("values", "reasons") and tail in codes:
            key = f"{head}.{codes[tail]}"
        details[key] = message
    return Invalid(exc.message, details=details, code=exc.code)
