"""A report's content as plain data: stored as versions, compared in diffs, exchanged."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from baocao.core.prepared import prepared
from baocao.reports.models import IndicatorValue, Report
from baocao.reports.selectors import ordered_items


def snapshot(report: Report) -> dict[str, Any]:
    """Return the report's content (title, items by section, indicator values) as JSON data."""
    items = [
        {
            "id": item.pk,
            "section": item.section.code if item.section else None,
            "section_title": item.section.title if item.section else "Khác",
            "kind": item.kind,
            "text": item.text,
            "continuing": item.continuing,
            "source_unit": item.source_unit.code if item.source_unit else None,
        }
        for item in ordered_items(report, related=True)  # by section, order and id
    ]
    values = [
        {
            "indicator": value.indicator.code,
            "name": value.indicator.name,
            "unit": value.indicator.unit,
            "value": None if value.value is None else format(value.value.normalize(), "f"),
            "text_value": value.text_value,
            "note": value.note,
        }
        for value in _values_by_indicator_order(report.pk)
    ]
    return {
        "unit": report.unit.code,
        "template": report.template.code,
        "period": report.period_code,
        "title": report.title,
        "status": report.status,
        "items": items,
        "values": values,
    }


@prepared
def _values_by_indicator_order(report: int) -> QuerySet[IndicatorValue]:
    """Return the report's values with their indicators, in the regime's order."""
    return (
        IndicatorValue.objects.filter(report_id=report)
        .select_related("indicator")
        .order_by("indicator__order")
    )
