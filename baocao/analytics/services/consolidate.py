"""Consolidate the approved reports of the units below a parent into one draft (tổng hợp)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator, ReportTemplate
from baocao.core.actors import Actor
from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.core.locale import period_label
from baocao.domain.consolidation import combine_units
from baocao.domain.periods import Period
from baocao.domain.workflow import Role
from baocao.organizations.access import roles_in
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, IndicatorValue, NarrativeItem, Report
from baocao.reports.selectors import FINAL_STATUSES
from baocao.reports.services.authoring import check_new_report, open_report, period_title


def consolidation_sources(
    parent: OrgUnit, template: ReportTemplate, period: Period
) -> list[Report]:
    """Return the approved reports a consolidation of ``parent`` draws on, in tree order.

    Every unit below ``parent`` counts once: when a unit below has an approved consolidated
    report, that report stands for its whole subtree and the reports under it are skipped.
    """
    reports = list(
        Report.objects.filter(
            template=template,
            period_code=period.code,
            status__in=FINAL_STATUSES,
            unit__path__startswith=parent.path,
        )
        .exclude(unit=parent)
        .select_related("unit")
        .order_by("unit__path", "-is_consolidated")
    )
    covered: list[str] = []
    chosen: list[Report] = []
    for report in reports:
        if any(report.unit.path.startswith(path) for path in covered):
            continue
        if report.is_consolidated:
            covered.append(report.unit.path)
        chosen.append(report)
    return chosen


def _require_consolidator(parent: OrgUnit, by: Actor) -> None:
    roles = roles_in(by, parent)
    if not roles:
        raise NotFound(_("Không tìm thấy đơn vị."))
    if Role.CONSOLIDATOR not in roles:
        raise Forbidden(_("Chỉ cán bộ tổng hợp của đơn vị được lập báo cáo tổng hợp."))


def consolidate_report(
    *,
    parent: OrgUnit,
    template: ReportTemplate,
    period: Period | str,
    by: Actor,
) -> Report:
    """Create the consolidated draft of ``parent`` from its units' approved reports.

    Items are copied section by section, grouped by unit and attributed (``source_unit``);
    each numeric indicator is combined by its aggregation rule. The source reports are kept in
    the audit event, for the drill-down page. Refuse, as for any new report
    (``reports.services.authoring.check_new_report``), a wrong period, a closed parent or one
    that already has a report for the period; and refuse when there is nothing to consolidate.
    """
    _require_consolidator(parent, by)
    period = check_new_report(parent, template, period)
    sources = consolidation_sources(parent, template, period)
    if not sources:
        raise Invalid(
            _("Chưa có báo cáo nào được phê duyệt trong %(period)s để tổng hợp.")
            % {"period": period_label(period, in_sentence=True)},
            code="no_sources",
        )

    def fill(report: Report) -> None:
        _copy_items(report, sources)
        _combine_values(report, sources)

    return open_report(
        unit=parent,
        template=template,
        period=period,
        by=by,
        title=period_title(template, period),
        fill=fill,
        verb=AuditEvent.Verb.CONSOLIDATE,
        is_consolidated=True,
        is_demo=all(s.is_demo for s in sources),
        sources=[s.pk for s in sources],
    )


def _copy_items(report: Report, sources: list[Report]) -> None:
    order = {s.pk: i for i, s in enumerate(sources)}
    items = sorted(
        NarrativeItem.objects.filter(report__in=sources).select_related("section"),
        key=lambda it: (
            it.section.order if it.section else 9999,
            order[it.report_id],
            it.order,
            it.pk,
        ),
    )
    unit_of = {s.pk: s.unit_id for s in sources}
    NarrativeItem.objects.bulk_create(
        [
            NarrativeItem(
                report=report,
                section=it.section,
                order=n,
                kind=it.kind,
                text=it.text,
                continuing=it.continuing,
                source_unit_id=it.source_unit_id or unit_of[it.report_id],
            )
            for n, it in enumerate(items, start=1)
        ]
    )


def _combine_values(report: Report, sources: list[Report]) -> None:
    by_indicator: dict[int, list[Decimal]] = {}
    for value in IndicatorValue.objects.filter(report__in=sources).exclude(value=None):
        if value.value is None:
            continue
        by_indicator.setdefault(value.indicator_id, []).append(value.value)
    rows = []
    for indicator in report.template.indicators.exclude(value_type=Indicator.ValueType.TEXT):
        values = by_indicator.get(indicator.pk, [])
        total = combine_units(indicator.aggregation, values)
        if total is None:
            continue
        rows.append(
            IndicatorValue(
                report=report,
                indicator=indicator,
                value=total.quantize(Decimal("0.0001")),
                note=f"Tổng hợp từ {len(values)} đơn vị",
            )
        )
    IndicatorValue.objects.bulk_create(rows)


def consolidated_sources(report: Report) -> list[Report]:
    """Return the source reports a consolidated report was built from (from its audit event)."""
    event = report.events.filter(verb=AuditEvent.Verb.CONSOLIDATE).order_by("-created_at").first()
    ids = (event.data or {}).get("sources", []) if event else []
    return list(Report.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path"))
