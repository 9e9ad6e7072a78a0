"""Writes to validation rules: administrators only, validated, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.domain.text import clean_text
from baocao.domain.validation import Expression, ExpressionError, Operator, Severity
from baocao.organizations.access import is_administrator
from baocao.reports.services.audit import record
from baocao.validation.models import ValidationRule

MAX_MESSAGE_CHARS = 300


def _require_administrator(by: Actor) -> None:
    if not is_administrator(by):
        raise Forbidden(_("Chỉ quản trị mới được sửa quy tắc kiểm tra số liệu."))


def _clean(
    template: ReportTemplate, left: str, operator: str, right: str, severity: str, message: str
) -> dict[str, str]:
    """Return the rule's fields cleaned, or raise Invalid with a message per field."""
    errors: dict[str, str] = {}
    fields: dict[str, str] = {}
    numeric = {
        code
        for code, kind in template.indicators.values_list("code", "value_type")
        if kind != "text"
    }
    for name, raw in (("left", left), ("right", right)):
        text = " ".join(clean_text(raw or "").split())
        try:
            expression = Expression.parse(text)
        except ExpressionError:
            errors[name] = _(
                "Nhập mã chỉ tiêu, tổng các mã nối bằng dấu + (ví dụ: HS_TRUC_TUYEN + HS_BUU_CHINH) "
                "hoặc một số."
            )
            continue
        unknown = [code for code in expression.codes if code not in numeric]
        if unknown:
            errors[name] = _("Chế độ báo cáo không có chỉ tiêu số mã %(codes)s.") % {
                "codes": ", ".join(unknown)
            }
            continue
        fields[name] = str(expression) if expression.codes else text
    if "left" in fields and not Expression.parse(fields["left"]).codes:
        errors["left"] = _("Vế trái phải có ít nhất một chỉ tiêu.")
    if operator not in {o.value for o in Operator}:
        errors["operator"] = _("Phép so sánh không hợp lệ.")
    if severity not in {s.value for s in Severity}:
        errors["severity"] = _("Mức độ không hợp lệ.")
    text = " ".join(clean_text(message or "").split())
    if len(text) > MAX_MESSAGE_CHARS:
        errors["message"] = _("Thông báo quá dài; tối đa %(n)s ký tự.") % {"n": MAX_MESSAGE_CHARS}
    if errors:
        raise Invalid(_("Quy tắc chưa được lưu: có thông tin chưa hợp lệ."), details=errors)
    return fields | {"operator": operator, "severity": severity, "message": text}


def create_rule(
    template: ReportTemplate,
    *,
    by: Actor,
    left: str,
    operator: str,
    right: str,
    severity: str = Severity.ERROR.value,
    message: str = "",
) -> ValidationRule:
    """Add a rule to a regime, e.g. ``HS_TRUC_TUYEN <= HS_TONG``."""
    _require_administrator(by)
    fields = _clean(template, left, operator, right, severity, message)
    with transaction.atomic():
        rule = ValidationRule.objects.create(template=template, created_by=by, **fields)
        record(
            None,
            "edit",
            by=by,
            comment=_("Thêm quy tắc kiểm tra số liệu"),
            template=template.code,
            rule=str(rule),
            rule_id=rule.pk,
        )
    return rule


def _own_rule(template: ReportTemplate, rule_id: int) -> ValidationRule:
    try:
        return ValidationRule.objects.get(pk=rule_id, template=template)
    except (ValidationRule.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Không tìm thấy quy tắc.")) from None


def update_rule(
    template: ReportTemplate,
    rule_id: int,
    *,
    by: Actor,
    left: str,
    operator: str,
    right: str,
    severity: str,
    message: str = "",
) -> ValidationRule:
    """Change a rule of a regime."""
    _require_administrator(by)
    rule = _own_rule(template, rule_id)
    fields = _clean(template, left, operator, right, severity, message)
    with transaction.atomic():
        before = str(rule)
        for name, value in fields.items():
            setattr(rule, name, value)
        rule.save()
        record(
            None,
            "edit",
            by=by,
            comment=_("Sửa quy tắc kiểm tra số liệu"),
            template=template.code,
            rule_id=rule.pk,
            before=before,
            after=str(rule),
        )
    return rule


def delete_rule(template: ReportTemplate, rule_id: int, *, by: Actor) -> None:
    """Remove a rule from a regime."""
    _require_administrator(by)
    rule = _own_rule(template, rule_id)
    with transaction.atomic():
        record(
            None,
            "edit",
            by=by,
            comment=_("Xóa quy tắc kiểm tra số liệu"),
            template=template.code,
            rule_id=rule.pk,
            rule=str(rule),
        )
        rule.delete()
