"""Theo dõi thực hiện nhiệm vụ: confirm or correct how last period's tasks were reported."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from baocao.analytics.follow_through import follow_through
from baocao.analytics.models import FollowThrough
from baocao.analytics.services import confirm_follow_through
from baocao.core.actors import AuthenticatedRequest
from baocao.core.refusals import on_refusal
from baocao.reports.models import NarrativeItem
from baocao.reports.selectors import access_report


@login_required
def follow_through_view(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Show each task planned last period with its suggested result; save the answers."""
    report = access_report(request.user, report_id)
    view = follow_through(report)

    def page() -> HttpResponse:
        results = list(report.items.filter(kind=NarrativeItem.Kind.RESULT).order_by("order", "pk"))
        return render(
            request,
            "analytics/follow_through.html",
            {"report": report, "ft": view, "results": results},
        )

    if request.method == "POST":
        answers: dict[int, tuple[str, int | None]] = {}
        for row in view.rows:
            choice = request.POST.get(f"task-{row.plan.pk}", "")
            if choice == "":
                answers[row.plan.pk] = (FollowThrough.Outcome.NOT_REPORTED, None)
                continue
            outcome, _colon, item = choice.partition(":")
            answers[row.plan.pk] = (outcome, int(item) if item.isdigit() else None)
        on_refusal(request, lambda exc: page())
        confirm_follow_through(report, answers, by=request.user)
        messages.success(request, _("Đã lưu kết quả theo dõi thực hiện nhiệm vụ."))
        return redirect("report-detail", report_id=report.pk)
    return page()
