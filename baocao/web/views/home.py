"""The start page: send each person to the page their role starts from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from baocao.core.actors import AuthenticatedRequest
from baocao.domain.workflow import Role
from baocao.organizations.access import units_with_role


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Send leaders to the dashboard, approvers to their queue, reporters to their reports."""
    user = request.user
    if units_with_role(user, Role.VIEWER) and not units_with_role(user, Role.REPORTER):
        return redirect("dashboard")
    if units_with_role(user, Role.APPROVER) and not units_with_role(user, Role.REPORTER):
        return redirect("approval-queue")
    return redirect("report-list")
