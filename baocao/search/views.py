"""The search page (Tra cứu): one box, filters, highlighted results, pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from baocao.catalog.models import ReportTemplate, Section
from baocao.core.actors import AnyUser, AuthenticatedRequest
from baocao.core.refusals import on_refusal
from baocao.organizations.access import member_units, overseen_units
from baocao.reports.models import STATUS_CHOICES
from baocao.search.selectors import month_picker, search


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _choices(user: AnyUser) -> dict:
    """Return the units, templates and sections the filter lists offer to ``user``."""
    units = {u.pk: u for u in member_units(user)}
    units.update({u.pk: u for u in overseen_units(user)})
    templates = ReportTemplate.objects.filter(is_active=True).order_by("name")
    sections = Section.objects.filter(template__is_active=True).select_related("template")
    return {
        "units": sorted(units.values(), key=lambda u: u.path),
        "templates": list(templates),
        "sections": list(sections.order_by("template__name", "order")),
        "statuses": STATUS_CHOICES,
    }


@login_required
def search_page(request: AuthenticatedRequest) -> HttpResponse:
    """Search items and reports the user may read; show a clear message for a bad query."""
    params = request.GET
    query = params.get("q", "")[:20_000]
    filters: dict[str, Any] = {
        "unit": _int(params.get("unit")),
        "template": _int(params.get("template")),
        "section": _int(params.get("section")),
        "status": params.get("status", "").strip()[:16] or None,
        "period_from": params.get("from", "").strip()[:16] or None,
        "period_to": params.get("to", "").strip()[:16] or None,
    }
    period_groups, (period_from, period_to) = month_picker(
        filters["period_from"], filters["period_to"]
    )
    context = {
        "q": query[:500],
        "filters": filters,
        "period_groups": period_groups,
        "period_from": period_from,
        "period_to": period_to,
        "result": None,
        "error": "",
        "querystring": _querystring(params),
        **_choices(request.user),
    }
    if query.strip():
        on_refusal(
            request,
            lambda exc: render(request, "search/search.html", context | {"error": exc.message}),
            message=False,
        )
        context["result"] = search(
            request.user, query, page=_int(params.get("page")) or 1, **filters
        )
    return render(request, "search/search.html", context)


def _querystring(params: QueryDict) -> str:
    """Return the current query string without ``page``, for the pager links."""
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()
