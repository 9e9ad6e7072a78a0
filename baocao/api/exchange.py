"""Bulk exchange: export a period's data for a unit or subtree, import it idempotently.

The rule on import (documented in docs/api.md): reports are matched by unit + template +
period codes. A missing report is created as a draft through the services. An existing report
whose content (title, intro, items, values) already equals the file's is left untouched
("unchanged"), so importing the same file twice changes nothing. An existing draft or returned
report with different content is overwritten through ``save_draft`` ("updated"). A submitted or
approved report is never overwritten ("skipped"). The status in the file is informational:
imported reports are always drafts, to be submitted and approved locally.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.api.exchange_schema import FORMAT, VERSION, ExchangeFile, ExReport
from baocao.api.present import section_data
from baocao.api.selectors import access_unit
from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor, AnyUser
from baocao.core.errors import Invalid, ServiceError
from baocao.domain.periods import Period, PeriodError
from baocao.domain.workflow import Role
from baocao.organizations.access import units_with_role
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, Report
from baocao.reports.presenters import content_by_code
from baocao.reports.selectors import PUBLISHED, visible_reports
from baocao.reports.services import ItemInput, create_report, save_draft
from baocao.reports.services.audit import record
from baocao.reports.services.validation import (
    RawValue,
    clean_indicator_value,
    clean_item_text,
    clean_title,
)


def export_period(
    user: Actor,
    *,
    unit_code: str,
    period: str,
    subtree: bool = False,
    template_code: str | None = None,
    published_only: bool = False,
) -> dict[str, Any]:
    """Return the exchange data of ``period`` for a unit (and its subtree) the user may see."""
    try:
        period_code = Period.parse(period).code
    except PeriodError:
        raise Invalid(_("Kỳ báo cáo không hợp lệ."), details={"period": period}) from None
    root = access_unit(user, unit_code)
    visible = visible_reports(user).filter(period_code=period_code)
    visible = (
        visible.filter(unit__path__startswith=root.path) if subtree else visible.filter(unit=root)
    )
    if template_code:
        visible = visible.filter(template__code=template_code)
    if published_only:
        visible = visible.filter(status__in=PUBLISHED)
    reports = list(
        visible.order_by("unit__path", "template__code").prefetch_related(
            "items__section", "values__indicator"
        )
    )
    units = {r.unit_id: r.unit for r in reports}
    units.setdefault(root.pk, root)
    parents = dict(
        OrgUnit.objects.filter(
            pk__in={u.parent_id for u in units.values() if u.parent_id}
        ).values_list("pk", "code")
    )
    templates = {r.template_id: r.template for r in reports}
    record(
        None,
        AuditEvent.Verb.EXPORT,
        by=user,
        unit=root.code,
        period=period_code,
        subtree=subtree,
        reports=len(reports),
        channel="exchange",
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "period": period_code,
        "root_unit": root.code,
        "subtree": subtree,
        "units": [_unit(u, parents) for u in sorted(units.values(), key=lambda u: u.path)],
        "templates": [_template(t) for t in sorted(templates.values(), key=lambda t: t.code)],
        "reports": [_report(r) for r in reports],
    }


def _unit(unit: OrgUnit, parents: dict[int, str]) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level,
        "parent": parents.get(unit.parent_id or 0),
    }


def _template(template: ReportTemplate) -> dict[str, Any]:
    return {
        "code": template.code,
        "name": template.name,
        "period_kind": template.period_kind,
        "sections": [
            {k: v for k, v in section_data(s).items() if k in ("code", "title", "kind")}
            for s in template.sections.order_by("order", "pk")
        ],
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "value_type": i.value_type,
                "aggregation": i.aggregation,
            }
            for i in template.indicators.order_by("order", "pk")
        ],
    }


def _report(report: Report) -> dict[str, Any]:
    return {
        "unit": report.unit.code,
        "template": report.template.code,
        "period": report.period_code,
        "status": report.status,
        "title": report.title,
        "intro": report.intro,
        "number_text": report.number_text,
        "issued_on": report.issued_on.isoformat() if report.issued_on else None,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "approved_at": report.approved_at.isoformat() if report.approved_at else None,
        **content_by_code(report.items.all(), report.values.all()),
    }


def _wanted(report: Report, data: ExReport) -> dict[str, Any]:
    """Return the file's content for ``report`` cleaned as the services would store it."""
    sections = {s.code: s for s in report.template.sections.all()}
    indicators = {i.code: i for i in report.template.indicators.all()}
    errors: dict[str, str] = {}
    items = []
    for index, item in enumerate(data.items):
        if item.section is not None and item.section not in sections:
            errors[f"items.{index}.section"] = _("Không có lĩnh vực mã “%(code)s”.") % {
                "code": item.section
            }
            continue
        text = clean_item_text(item.text)
        if text:
            order = sections[item.section].order if item.section else 10_000
            items.append((order, index, item.section, text, item.continuing))
    values: dict[str, tuple[Decimal | None, str, str]] = {}
    raw: dict[int, tuple[RawValue, str]] = {}
    for index, value in enumerate(data.values):
        indicator = indicators.get(value.indicator)
        if indicator is None:
            errors[f"values.{index}.indicator"] = _("Không có chỉ tiêu mã “%(code)s”.") % {
                "code": value.indicator
            }
            continue
        given = (
            value.text_value
            if not indicator.is_numeric
            else (Decimal(value.value) if value.value else "")  # typed, not written out
        )
        try:
            number, text = clean_indicator_value(indicator, given)
        except ValueError as exc:
            errors[f"values.{index}.value"] = str(exc)
            continue
        note = clean_item_text(value.note)[:500]
        raw[indicator.pk] = (given, value.note)
        if number is not None or text or note:
            values[indicator.code] = (number, text, note)
    if errors:
        raise Invalid(_("Dữ liệu của báo cáo không khớp chế độ báo cáo."), details=errors)
    items.sort()
    return {
        "title": clean_title(data.title),
        "intro": clean_item_text(data.intro),
        "items": [(code, text, cont) for _order, _index, code, text, cont in items],
        "values": values,
        "raw_values": raw,
        "inputs": [
            ItemInput(text=text, section_id=sections[code].pk if code else None, continuing=cont)
            for _order, _index, code, text, cont in items
        ],
    }


def _current(report: Report) -> dict[str, Any]:
    """Return a stored report's content in the form ``_wanted`` produces."""
    items = sorted(
        report.items.select_related("section"),
        key=lambda i: (i.section.order if i.section else 10_000, i.order, i.pk),
    )
    return {
        "title": report.title,
        "intro": report.intro,
        "items": [(i.section.code if i.section else None, i.text, i.continuing) for i in items],
        "values": {
            v.indicator.code: (v.value, v.text_value, v.note)
            for v in report.values.select_related("indicator")
        },
    }


def _same(wanted: dict[str, Any], current: dict[str, Any]) -> bool:
    return all(wanted[key] == current[key] for key in ("title", "intro", "items", "values"))


class TooLarge(ServiceError):
    """A file with more reports than ``BAOCAO_EXCHANGE_MAX_REPORTS`` (HTTP 413)."""

    code = "too_large"
    status = 413


def max_reports() -> int:
    """Return the largest number of reports one exchange file may hold (settings)."""
    return int(getattr(settings, "BAOCAO_EXCHANGE_MAX_REPORTS", 1000))


@dataclass
class _Lookups:
    """What every report of a file needs, read once for the whole file."""

    units: dict[str, OrgUnit]  # the units the user reports for, by code
    templates: dict[str, ReportTemplate]  # their templates, sections and indicators
    existing: dict[tuple[int, int, str], Report]  # their reports in the file's periods

    @classmethod
    def read(cls, user: AnyUser, bundle: ExchangeFile) -> _Lookups:
        wanted_units = {r.unit for r in bundle.reports}
        units = {u.code: u for u in units_with_role(user, Role.REPORTER) if u.code in wanted_units}
        templates = {
            t.code: t
            for t in ReportTemplate.objects.filter(
                code__in={r.template for r in bundle.reports},
                assigned_units__in=[u.pk for u in units.values()],
            )
            .distinct()
            .prefetch_related("sections", "indicators")
        }
        periods = set()
        for data in bundle.reports:
            with contextlib.suppress(PeriodError):
                periods.add(Period.parse(data.period).code)
        existing = {
            (r.unit_id, r.template_id, r.period_code): r
            for r in Report.objects.filter(
                unit__in=list(units.values()),
                template__in=list(templates.values()),
                period_code__in=periods,
            )
        }
        return cls(units, templates, existing)


def _outcome(data: ExReport) -> dict[str, Any]:
    return {
        "unit": data.unit,
        "template": data.template,
        "period": data.period,
        "report_id": None,
        "message": "",
    }


def _refusal(data: ExReport, lookups: _Lookups) -> dict[str, Any] | None:
    """Return the error outcome of a report refused without touching the database, or None.

    One answer for "no such unit", "not your unit" and "someone else's report": a file must
    not tell its sender what other units hold.
    """
    if data.unit not in lookups.units:
        return {
            **_outcome(data),
            "outcome": "error",
            "message": _(
                "Không có đơn vị với mã này, hoặc bạn không có quyền nhập báo cáo cho đơn vị này."
            ),
        }
    if data.template not in lookups.templates:
        return {
            **_outcome(data),
            "outcome": "error",
            "message": _("Không có chế độ báo cáo với mã này cho đơn vị."),
        }
    return None


def _import_report(user: Actor, data: ExReport, lookups: _Lookups) -> dict[str, Any]:
    outcome = _outcome(data)
    unit, template = lookups.units[data.unit], lookups.templates[data.template]
    period = Period.parse(data.period).code
    existing = lookups.existing.get((unit.pk, template.pk, period))
    with transaction.atomic():
        report = existing or create_report(
            unit=unit, template=template, period=period, by=user, title=data.title
        )
        report.unit, report.template = unit, template  # prefetched sections and indicators
        outcome["report_id"] = report.pk
        wanted = _wanted(report, data)
        if existing is not None and _same(wanted, _current(report)):
            return {**outcome, "outcome": "unchanged"}
        if existing is not None and not existing.is_editable:
            return {
                **outcome,
                "outcome": "skipped",
                "message": _("Báo cáo đã gửi hoặc đã phê duyệt: không ghi đè."),
            }
        clear = {pk: ("", "") for pk in report.values.values_list("indicator_id", flat=True)}
        save_draft(
            report,
            by=user,
            expected_version=report.version,
            title=wanted["title"],
            intro=wanted["intro"],
            items=wanted["inputs"],
            values={**clear, **wanted["raw_values"]},
        )
        record(
            report, AuditEvent.Verb.IMPORT, by=user, channel="exchange", source_status=data.status
        )
    return {**outcome, "outcome": "updated" if existing else "created"}


class _DryRun(Exception):
    """Raise to roll back a dry run."""


def import_data(
    user: Actor, data: dict[str, Any] | ExchangeFile, *, dry_run: bool = False
) -> dict[str, Any]:
    """Import an exchange file as the given user; return counts and per-report outcomes.

    Each report is imported in its own transaction; one failing report does not stop the
    others. With ``dry_run`` everything is rolled back and only the outcomes are returned.
    A file may hold at most ``BAOCAO_EXCHANGE_MAX_REPORTS`` reports (413 beyond). Units,
    templates and existing reports are read once for the whole file; a report for a unit the
    user does not report for costs no query and gets the same answer as an unknown unit.
    """
    bundle = data if isinstance(data, ExchangeFile) else ExchangeFile.model_validate(data)
    limit = max_reports()
    if len(bundle.reports) > limit:
        raise TooLarge(
            _("Tệp có %(count)s báo cáo; tối đa %(limit)s báo cáo một lần nhập.")
            % {"count": len(bundle.reports), "limit": limit},
            details={"reports": len(bundle.reports), "limit": limit},
        )
    lookups = _Lookups.read(user, bundle)
    outcomes: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            for report in bundle.reports:
                refused = _refusal(report, lookups)
                if refused is not None:
                    outcomes.append(refused)
                    continue
                try:
                    with transaction.atomic():
                        outcomes.append(_import_report(user, report, lookups))
                except (ServiceError, ValueError) as exc:
                    message = exc.message if isinstance(exc, ServiceError) else str(exc)
                    outcomes.append(
                        {
                            "unit": report.unit,
                            "template": report.template,
                            "period": report.period,
                            "report_id": None,
                            "outcome": "error",
                            "message": message,
                        }
                    )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    counts = {
        key: sum(1 for o in outcomes if o["outcome"] == key)
        for key in ("created", "updated", "unchanged", "skipped")
    }
    return {
        "dry_run": dry_run,
        **counts,
        "errors": sum(1 for o in outcomes if o["outcome"] == "error"),
        "reports": outcomes,
    }
