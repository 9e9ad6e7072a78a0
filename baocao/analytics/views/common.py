"""Helpers shared by the analytics views: scope, template and period from the query string."""

from __future__ import annotations

from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.analytics.rates import current_period
from baocao.analytics.scope import Scope, resolve_scope
from baocao.catalog.models import ReportTemplate
from baocao.core.errors import NotFound
from baocao.domain.periods import Period, PeriodError


def scope_or_404(request: HttpRequest, *, approvers: bool = False) -> Scope:
    """Return the unit scope asked for in ``?unit=``, or 404 when the user may not see it."""
    try:
        return resolve_scope(request.user, request.GET.get("unit"), approvers=approvers)
    except NotFound:
        raise Http404(_("Không tìm thấy trang.")) from None


def templates_for(scope: Scope) -> list[ReportTemplate]:
    """Return the active templates with units to report in the scope (or all active ones)."""
    units = scope.units()
    found = list(ReportTemplate.objects.filter(is_active=True, assigned_units__in=units)
                 .distinct().order_by("code"))
    return found or list(ReportTemplate.objects.filter(is_active=True).order_by("code"))


def pick_template(data: QueryDict, choices: list[ReportTemplate]) -> ReportTemplate | None:
    """Return the template chosen in ``template=`` among ``choices`` (default the first)."""
    wanted = data.get("template", "")
    for template in choices:
        if str(template.pk) == wanted:
            return template
    return choices[0] if choices else None


def pick_period(raw: str | None, template: ReportTemplate, default: Period) -> tuple[Period, str]:
    """Return the period coded ``raw`` for the template, or ``default`` and an error message."""
    if not raw:
        return default, ""
    try:
        period = Period.parse(raw)
    except PeriodError:
        return default, _("Kỳ “%(period)s” không hợp lệ; ví dụ: %(example)s.") % {
            "period": raw[:20], "example": default.code}
    if period.kind != template.kind:
        return default, _("Chế độ báo cáo này lập theo kỳ %(kind)s.") % {
            "kind": str(template.get_period_kind_display()).lower()}
    return period, ""


def recent_periods(template: ReportTemplate, chosen: Period | None = None,
                   count: int = 24) -> list[Period]:
    """Return the latest ``count`` periods of the template, newest first, and ``chosen``."""
    period = current_period(template, timezone.localdate())
    periods = []
    for _step in range(count):
        periods.append(period)
        period = period.previous()
    if chosen is not None and chosen not in periods:
        periods = sorted([*periods, chosen], reverse=True)
    return periods
