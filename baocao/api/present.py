"""Turn models into the API's response data (plain dicts matching schemas.py)."""

from __future__ import annotations

from typing import Any

from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.core.actors import AnyUser
from baocao.domain.numbers import plain_decimal
from baocao.domain.validation import Finding
from baocao.organizations.models import OrgUnit
from baocao.reports.models import IndicatorValue, NarrativeItem, Report
from baocao.reports.selectors import report_permissions


def unit_data(unit: OrgUnit, parents: dict[int, str] | None = None) -> dict[str, Any]:
    """Return a unit as API data."""
    parent = None
    if unit.parent_id:
        parent = (parents or {}).get(unit.parent_id)
        if not parent and unit.parent is not None:
            parent = unit.parent.code
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level,
        "parent": parent,
        "opened_on": unit.opened_on,
        "closed_on": unit.closed_on,
    }


def section_data(section: Section) -> dict[str, Any]:
    """Return a section as API data."""
    return {
        "id": section.pk,
        "code": section.code,
        "title": section.title,
        "kind": section.kind,
        "order": section.order,
        "required": section.required,
    }


def indicator_data(indicator: Indicator, sections: dict[int, str]) -> dict[str, Any]:
    """Return an indicator as API data."""
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "aggregation": indicator.aggregation,
        "section": sections.get(indicator.section_id) if indicator.section_id else None,
        "required": indicator.required,
        "min_value": plain_decimal(indicator.min_value),
        "max_value": plain_decimal(indicator.max_value),
    }


def template_data(template: ReportTemplate, *, detail: bool = False) -> dict[str, Any]:
    """Return a template as API data, with sections and indicators when ``detail``."""
    data: dict[str, Any] = {
        "code": template.code,
        "name": template.name,
        "period_kind": template.period_kind,
        "cutoff_start_day": template.cutoff_start_day,
        "is_active": template.is_active,
    }
    if detail:
        sections = list(template.sections.order_by("order", "pk"))
        codes = {s.pk: s.code for s in sections}
        data["description"] = template.description
        data["sections"] = [section_data(s) for s in sections]
        data["indicators"] = [
            indicator_data(i, codes) for i in template.indicators.order_by("order", "pk")
        ]
    return data


def report_data(report: Report) -> dict[str, Any]:
    """Return a report's list entry."""
    return {
        "id": report.pk,
        "unit": report.unit.code,
        "unit_name": report.unit.name,
        "template": report.template.code,
        "period": report.period_code,
        "period_label": report.period.label,
        "status": report.status,
        "title": report.title,
        "version": report.version,
        "due_date": report.due_date,
        "number_text": report.number_text,
        "issued_on": report.issued_on,
        "submitted_at": report.submitted_at,
        "approved_at": report.approved_at,
        "issued_at": report.issued_at,
        "sent_at": report.sent_at,
        "received_at": report.received_at,
        "updated_at": report.updated_at,
    }


def item_data(item: NarrativeItem) -> dict[str, Any]:
    """Return a narrative item as API data."""
    return {
        "id": item.pk,
        "section": item.section.code if item.section else None,
        "kind": item.kind,
        "order": item.order,
        "text": item.text,
        "continuing": item.continuing,
    }


def value_data(value: IndicatorValue) -> dict[str, Any]:
    """Return an indicator value as API data."""
    return {
        "indicator": value.indicator.code,
        "value": plain_decimal(value.value),
        "text_value": value.text_value,
        "note": value.note,
    }


def finding_data(finding: Finding) -> dict[str, Any]:
    """Return a validation finding as API data."""
    return {
        "severity": str(finding.severity),
        "kind": finding.kind,
        "indicators": list(finding.codes),
        "message": finding.message,
        "confirmed": finding.confirmed,
    }


def report_items(report: Report) -> list[dict[str, Any]]:
    """Return the report's items in reading order."""
    items = report.items.select_related("section").order_by("section__order", "order", "pk")
    return [item_data(item) for item in items]


def report_values(report: Report) -> list[dict[str, Any]]:
    """Return the report's indicator values in the template's order."""
    values = report.values.select_related("indicator").order_by("indicator__order", "pk")
    return [value_data(value) for value in values]


def report_detail(report: Report, user: AnyUser) -> dict[str, Any]:
    """Return a report with content and the caller's allowed actions."""
    permissions = report_permissions(user, report)
    data = report_data(report)
    data.update(
        {
            "intro": report.intro,
            "place": report.place,
            "signer_name": report.signer_name,
            "signer_title": report.signer_title,
            "sign_authority": report.sign_authority,
            "items": report_items(report),
            "values": report_values(report),
            "actions": [a.value for a in permissions.actions],
            "can_edit": permissions.can_edit,
        }
    )
    return data
