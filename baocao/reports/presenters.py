"""Read models of a report for pages and documents: sections with items, the indicator table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator, Section
from baocao.catalog.selectors import template_indicators, template_sections
from baocao.domain.numbers import plain_decimal
from baocao.domain.targets import Comparison
from baocao.reports.models import IndicatorValue, NarrativeItem, Report
from baocao.reports.selectors import ordered_items, previous_values, stored_values


@dataclass
class SectionView:
    """A section of a report with its items, in order."""

    section: Section | None
    title: str
    kind: str
    items: list[NarrativeItem] = field(default_factory=list)


@dataclass
class ValueRow:
    """One row of the indicator table: this period, the previous one and the change."""

    indicator: Indicator
    value: IndicatorValue | None
    previous: IndicatorValue | None
    # % of the annual plan and the change vs the same period last year (domain.targets).
    comparison: Comparison | None = None

    @property
    def is_estimate(self) -> bool:
        """Return whether this period's value is an estimate (ước thực hiện)."""
        return bool(self.value and self.value.is_estimate and self.value.value is not None)

    @property
    def number(self) -> Decimal | None:
        """Return this period's numeric value."""
        return self.value.value if self.value else None

    @property
    def previous_number(self) -> Decimal | None:
        """Return the previous period's numeric value."""
        return self.previous.value if self.previous else None

    @property
    def change(self) -> Decimal | None:
        """Return this period's value minus the previous period's, when both are numbers."""
        if self.number is None or self.previous_number is None:
            return None
        return self.number - self.previous_number

    @property
    def change_percent(self) -> Decimal | None:
        """Return the relative change in percent, when the previous value is not zero."""
        if self.change is None or not self.previous_number:
            return None
        return (self.change * 100 / self.previous_number).quantize(Decimal("0.1"))


def content_by_code(
    items: Iterable[NarrativeItem], values: Iterable[IndicatorValue]
) -> dict[str, list[dict[str, Any]]]:
    """Return a report's ``items`` (with their section) and ``values`` (with their indicator)
    by codes, in reading order: the shape the bulk exchange (``api/exchange.py``) and the
    report package (``issuing/package.py``) share."""
    return {
        "items": [
            {
                "section": i.section.code if i.section else None,
                "kind": i.kind,
                "text": i.text,
                "continuing": i.continuing,
            }
            for i in sorted(
                items, key=lambda i: (i.section.order if i.section else 10_000, i.order, i.pk)
            )
        ],
        "values": [
            {
                "indicator": v.indicator.code,
                "value": plain_decimal(v.value),
                "text_value": v.text_value,
                "note": v.note,
            }
            for v in sorted(values, key=lambda v: (v.indicator.order, v.indicator.pk))
        ],
    }


def report_sections(report: Report, *, include_empty: bool = True) -> list[SectionView]:
    """Return the template's sections with the report's items, plus "Khác" for unmatched ones."""
    items = ordered_items(report, related=True)
    views = [
        SectionView(section=s, title=s.title, kind=s.kind)
        for s in template_sections(report.template)
    ]
    by_id = {v.section.pk: v for v in views if v.section}
    other = SectionView(section=None, title=_("Nội dung khác"), kind=Section.Kind.OTHER)
    for item in items:
        by_id.get(item.section_id or 0, other).items.append(item)
    if other.items:
        views.append(other)
    return [v for v in views if include_empty or v.items]


def value_rows(report: Report, *, compare: bool = True) -> list[ValueRow]:
    """Return every indicator of the template with this and the previous period's value;
    without ``compare``, no comparisons with the plan and last year (the editor shows none)."""
    from baocao.targets.selectors import report_comparisons

    current = {v.indicator_id: v for v in stored_values(report)}
    previous = previous_values(report)  # by code: last period may be of an earlier version
    comparisons = report_comparisons(report) if compare else {}
    return [
        ValueRow(
            indicator=ind,
            value=current.get(ind.pk),
            previous=previous.get(ind.code),
            comparison=comparisons.get(ind.pk),
        )
        for ind in template_indicators(report.template)
    ]


def plan_items(report: Report) -> list[NarrativeItem]:
    """Return the report's next-period tasks in order."""
    return list(report.items.filter(kind=NarrativeItem.Kind.PLAN).order_by("order", "pk"))


def plan_lead(report: Report) -> str:
    """Return the lead sentence of the next-period part, as the sample report writes it."""
    return (
        f"{report.period.next().label}, {report.unit.name} tập trung triển khai "
        "các nhiệm vụ trọng tâm:"
    )


def value_reading(indicator: Indicator, raw: str) -> tuple[str, bool]:
    """Return how a numeric indicator's typed value is read ("đọc là 1250") and whether the
    input was ambiguous ("1.250", "1,250"), for the editor and the Excel preview.

    Empty for a text indicator, an empty input, an input that is no number (the validation
    says why) and a whole number typed as it is read ("250").
    """
    from baocao.domain.numbers import NumberFormatError, read_number, spoken_number

    if indicator.value_type == Indicator.ValueType.TEXT or not (raw or "").strip():
        return "", False
    try:
        reading = read_number(raw)
    except NumberFormatError:
        return "", False
    if reading.ambiguous and reading.other is not None:
        hint = (
            _("dấu chấm ngăn cách hàng nghìn; nếu là số thập phân, hãy gõ %(other)s")
            if "." in raw
            else _("dấu phẩy là dấu thập phân; nếu là hàng nghìn, hãy gõ %(other)s")
        )
        return _("đọc là %(value)s — %(hint)s") % {
            "value": reading.text,
            "hint": hint % {"other": spoken_number(reading.other)},
        }, True
    if reading.text == raw.strip() and "," not in reading.text:
        return "", False
    return _("đọc là %(value)s") % {"value": reading.text}, False
