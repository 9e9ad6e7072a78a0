"""Tình hình nộp báo cáo: who has reported, on time or late, who is missing or overdue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baocao.analytics.history import rates_history
from baocao.analytics.rates import current_period, reporting_rates
from baocao.analytics.scope import scope_choices
from baocao.analytics.selectors import period_groups, pick_period, templates_for
from baocao.analytics.views.common import pick_template, scope_or_404
from baocao.core.actors import AuthenticatedRequest


@login_required
def reporting_rates_view(request: AuthenticatedRequest) -> HttpResponse:
    """Show the reporting rate of a template and period over the units of the user's scope."""
    scope = scope_or_404(request)
    choices = templates_for(scope)
    template = pick_template(request.GET, choices)
    context: dict = {
        "scope": scope,
        "scopes": scope_choices(request.user),
        "templates": choices,
        "template": template,
    }
    if template is not None:
        today = timezone.localdate()
        period, error = pick_period(
            request.GET.get("period"), template, current_period(template, today)
        )
        view = reporting_rates(template, period, scope.unit, today, with_follow_through=True)
        lineage = request.GET.get("lineage") == "1"
        context.update(
            view=view,
            period=period,
            error=error,
            today=today,
            period_groups=period_groups(template, period),
            lineage=lineage,
            history=rates_history(template, scope.unit, period, lineage=lineage, today=today),
        )
    return render(request, "analytics/rates.html", context)
