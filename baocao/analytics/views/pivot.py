"""Phân tích số liệu: the indicator × unit × period pivot, charts and exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from baocao.analytics.exports import pivot_csv, pivot_xlsx
from baocao.analytics.pivot import MAX_INDICATORS, Pivot, run_pivot
from baocao.analytics.scope import pivot_rows, scope_choices
from baocao.analytics.selectors import (
    by_year,
    period_choices,
    pick_period,
    pivot_defaults,
    templates_for,
)
from baocao.analytics.views.common import pick_template, scope_or_404
from baocao.core.actors import AuthenticatedRequest
from baocao.core.refusals import on_refusal
from baocao.organizations.models import OrgUnit

MAX_CHART_LINES = 10


def _chart_data(pivot: Pivot) -> dict:
    """Return what the browser draws: a line per row (first ten) and bars of the last column."""
    labels = [c.label for c in pivot.columns]
    lines = [
        {
            "label": f"{row.unit.short_name or row.unit.name} — {row.indicator.name}",
            "data": [None if v is None else float(v) for v in row.cells],
            "carried": row.carried or [False] * len(row.cells),
        }
        for row in pivot.rows[:MAX_CHART_LINES]
    ]
    first = pivot.rows[0].indicator.pk if pivot.rows else None
    bars = [r for r in pivot.rows if r.indicator.pk == first]
    return {
        "labels": labels,
        "lines": lines,
        "bar_title": f"{bars[0].indicator.name} — {labels[-1]}" if bars and labels else "",
        "bar_labels": [r.unit.short_name or r.unit.name for r in bars],
        "bar_data": [None if r.cells[-1] is None else float(r.cells[-1]) for r in bars],
        "carried_label": _("gồm số liệu của đơn vị tiền thân"),
    }


def _as_of(raw: str) -> tuple:
    """Return the day of "the tree as of" (None: today) and an error message."""
    raw = raw.strip()[:10]
    if not raw:
        return None, ""
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        return None, _("Ngày “%(day)s” không hợp lệ; ví dụ: 2022-01-31.") % {"day": raw}
    return day, ""


@login_required
def analytics_view(request: AuthenticatedRequest) -> HttpResponse:
    """Show the pivot form and, once indicators are chosen, the table, charts and exports."""
    scope = scope_or_404(request, approvers=True)
    choices = templates_for(scope)
    template = pick_template(request.GET, choices)
    context: dict = {
        "scope": scope,
        "scopes": scope_choices(request.user) or [scope.unit],
        "templates": choices,
        "template": template,
        "levels": OrgUnit.Level.choices,
        "max_indicators": MAX_INDICATORS,
        "today": timezone.localdate(),
    }
    if template is None:
        return render(request, "analytics/pivot.html", context)
    indicators = list(template.indicators.order_by("order", "pk"))
    default_start, latest = pivot_defaults(template, scope, timezone.localdate())
    start, error_from = pick_period(request.GET.get("from"), template, default_start)
    end, error_to = pick_period(request.GET.get("to"), template, latest)
    wanted = set(request.GET.getlist("indicator"))
    chosen = [i for i in indicators if str(i.pk) in wanted]
    lineage = request.GET.get("lineage") == "1"
    as_of, error_day = _as_of(request.GET.get("as_of", ""))
    rows, level = pivot_rows(scope, request.GET.get("level", ""), lineage=lineage, as_of=as_of)
    by_year_ = request.GET.get("by") == "year"
    periods = sorted({*period_choices(template), start, end}, reverse=True)
    context.update(
        indicators=indicators,
        chosen={i.pk for i in chosen},
        start=start,
        end=end,
        period_groups=by_year(periods),
        level=level,
        by_year=by_year_,
        lineage=lineage,
        as_of=as_of,
        errors=[e for e in (error_from, error_to, error_day) if e],
    )
    if not wanted or context["errors"]:
        return render(request, "analytics/pivot.html", context)
    on_refusal(
        request,
        lambda exc: render(
            request, "analytics/pivot.html", context | {"errors": [*context["errors"], exc.message]}
        ),
        message=False,
    )
    pivot = run_pivot(
        indicators=chosen,
        rows=rows,
        start=start,
        end=end,
        by_year=by_year_,
        subtree=scope.subtree,
        within=scope.unit,
        lineage=lineage,
        as_of=as_of,
    )
    fmt = request.GET.get("format")
    stem = f"phan-tich-{template.code}-{start.code}-{end.code}"
    if fmt == "csv":
        response = HttpResponse(pivot_csv(pivot), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            pivot_xlsx(pivot),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    context.update(pivot=pivot, chart=_chart_data(pivot), query=query.urlencode())
    return render(request, "analytics/pivot.html", context)
