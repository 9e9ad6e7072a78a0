"""Báo cáo tổng hợp: consolidate the units' approved reports, then drill down to each unit."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.analytics.rates import current_period, reporting_rates
from baocao.analytics.scope import Scope
from baocao.analytics.selectors import (
    consolidation_parents,
    period_groups,
    pick_period,
    templates_for,
)
from baocao.analytics.services import consolidate_report
from baocao.analytics.services.consolidate import consolidated_sources, consolidation_sources
from baocao.analytics.views.common import pick_template
from baocao.catalog.models import ReportTemplate
from baocao.core.actors import AuthenticatedRequest
from baocao.core.locale import period_label
from baocao.core.refusals import on_refusal
from baocao.domain.consolidation import combine_units
from baocao.reports.models import IndicatorValue
from baocao.reports.selectors import access_report, period_report, visible_reports


@login_required
def consolidate_view(request: AuthenticatedRequest) -> HttpResponse:
    """Show the sources of a consolidation and create the consolidated draft on POST."""
    parents = consolidation_parents(request.user)
    if not parents:
        raise Http404(_("Không tìm thấy trang."))
    data = request.POST if request.method == "POST" else request.GET
    parent = next((u for u in parents if str(u.pk) == data.get("unit")), parents[0])
    choices = templates_for(Scope(parent, True))
    template = pick_template(data, choices)
    context: dict = {
        "parents": parents,
        "parent": parent,
        "templates": choices,
        "template": template,
    }
    if template is None:
        return render(request, "analytics/consolidate.html", context)
    period, error = pick_period(
        data.get("period"), template, current_period(template, timezone.localdate())
    )

    def page(_refused: object = None) -> HttpResponse:
        # Any version of the regime, as consolidate_report's duplicate check counts it.
        existing = period_report(request.user, parent.pk, template, period.code)
        context.update(
            period=period,
            error=error,
            period_groups=period_groups(template, period),
            sources=consolidation_sources(parent, template, period),
            rates=reporting_rates(template, period, parent),
            existing=existing,
            recent=visible_reports(request.user).filter(
                is_consolidated=True, unit__path__startswith=parent.path
            )[:10],
        )
        return render(request, "analytics/consolidate.html", context)

    if request.method == "POST" and not error:
        on_refusal(request, page)
        report = consolidate_report(
            parent=parent, template=template, period=period, by=request.user
        )
        messages.success(
            request, _("Đã lập báo cáo tổng hợp %(period)s.") % {"period": period_label(period)}
        )
        return redirect("report-detail", report_id=report.pk)
    return page()


def _quantized(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001"))


@login_required
def consolidate_drilldown(request: HttpRequest, report_id: int) -> HttpResponse:
    """Show, for each indicator of a consolidated report, the value each unit gave."""
    report = access_report(request.user, report_id)
    if not report.is_consolidated:
        raise Http404(_("Không tìm thấy báo cáo tổng hợp."))
    sources = consolidated_sources(report)
    values: dict[tuple[int, int], IndicatorValue] = {
        (v.report_id, v.indicator_id): v for v in IndicatorValue.objects.filter(report__in=sources)
    }
    totals = {v.indicator_id: v for v in report.values.all()}
    template: ReportTemplate = report.template
    rows = []
    for indicator in template.indicators.order_by("order", "pk"):
        cells = [values.get((s.pk, indicator.pk)) for s in sources]
        numbers = [c.value for c in cells if c is not None]
        rows.append(
            {
                "indicator": indicator,
                "cells": cells,
                "stored": totals.get(indicator.pk),
                "recomputed": _quantized(combine_units(indicator.aggregation, numbers))
                if indicator.is_numeric
                else None,
            }
        )
    return render(
        request,
        "analytics/drilldown.html",
        {
            "report": report,
            "sources": sources,
            "rows": rows,
        },
    )
