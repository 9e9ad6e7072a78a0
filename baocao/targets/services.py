"""Writes to annual plan targets: the unit's reporters and approvers, or an administrator."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.core.errors import Forbidden, Invalid
from baocao.domain.numbers import NumberFormatError, parse_number
from baocao.domain.text import clean_text
from baocao.organizations.models import OrgUnit
from baocao.reports.services.audit import record
from baocao.targets.models import AnnualTarget
from baocao.targets.selectors import may_set_targets

MIN_YEAR, MAX_YEAR = 2000, 2100


def set_targets(
    unit: OrgUnit,
    template: ReportTemplate,
    year: int,
    values: dict[int, str],
    *,
    by: Actor,
) -> int:
    """Set the annual targets of ``unit`` for ``year`` from raw inputs by indicator id.

    An empty input removes the target. Everything is validated first (Vietnamese number
    format, not negative); on any error Invalid names each field and nothing is written.
    Return how many targets changed.
    """
    if not may_set_targets(by, unit):
        raise Forbidden(
            _("Chỉ chuyên viên, lãnh đạo của đơn vị hoặc quản trị được nhập kế hoạch năm.")
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(_("Năm không hợp lệ."), details={"year": str(year)})
    indicators = {i.pk: i for i in template.indicators.all() if i.value_type != i.ValueType.TEXT}
    errors: dict[str, str] = {}
    cleaned: dict[int, Decimal | None] = {}
    for indicator_id, raw in values.items():
        if indicator_id not in indicators:
            errors[f"targets.{indicator_id}"] = _("Chỉ tiêu không thuộc chế độ báo cáo này.")
            continue
        text = clean_text(raw or "").strip()
        if not text:
            cleaned[indicator_id] = None
            continue
        try:
            number = parse_number(text)
        except NumberFormatError:
            errors[f"targets.{indicator_id}"] = _(
                "“%(raw)s” không phải là số hợp lệ (ví dụ: 1.234,5)."
            ) % {"raw": text[:40]}
            continue
        if number < 0 or abs(number) >= Decimal("1e15"):
            errors[f"targets.{indicator_id}"] = _("Kế hoạch năm phải là số không âm.")
            continue
        cleaned[indicator_id] = number.quantize(Decimal("0.0001"))
    if errors:
        raise Invalid(_("Kế hoạch năm chưa được lưu: có số chưa hợp lệ."), details=errors)
    changed = 0
    with transaction.atomic():
        existing = {
            t.indicator_id: t
            for t in AnnualTarget.objects.filter(unit=unit, year=year, indicator_id__in=cleaned)
        }
        for indicator_id, target_value in cleaned.items():
            current = existing.get(indicator_id)
            if target_value is None:
                if current is not None:
                    current.delete()
                    changed += 1
            elif current is None:
                AnnualTarget.objects.create(
                    unit=unit,
                    indicator_id=indicator_id,
                    year=year,
                    value=target_value,
                    updated_by=by,
                )
                changed += 1
            elif current.value != target_value:
                current.value, current.updated_by = target_value, by
                current.save(update_fields=["value", "updated_by", "updated_at"])
                changed += 1
        if changed:
            record(
                None,
                "edit",
                by=by,
                comment=_("Cập nhật kế hoạch năm"),
                unit=unit.pk,
                template=template.code,
                year=year,
                changed=changed,
            )
    return changed
