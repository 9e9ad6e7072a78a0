"""Helpers shared by the analytics views: the scope and the template from the query string.

The reads of regimes and periods are in ``analytics/selectors.py``.
"""

from __future__ import annotations

from django.http import HttpRequest, QueryDict

from baocao.analytics.scope import Scope, resolve_scope
from baocao.catalog.models import ReportTemplate


def scope_or_404(request: HttpRequest, *, approvers: bool = False) -> Scope:
    """Return the unit scope asked for in ``?unit=`` (NotFound, a 404, when the user may not
    see it)."""
    return resolve_scope(request.user, request.GET.get("unit"), approvers=approvers)


def pick_template(data: QueryDict, choices: list[ReportTemplate]) -> ReportTemplate | None:
    """Return the template chosen in ``template=`` among ``choices`` (default the first)."""
    wanted = data.get("template", "")
    for template in choices:
        if str(template.pk) == wanted:
            return template
    return choices[0] if choices else None
