"""A report's content as plain data: stored as versions, compared in diffs, exchanged."""

from __future__ import annotations

from typing import Any

from baocao.reports.models import Report


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
        for item in report.items.select_related("section", "source_unit").order_by(
            "section__order", "order", "pk"
        )
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
        for value in report.values.select_related("indicator").order_by("indicator__order")
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
