"""Workflow pages: the approval queue and the confirmations of trình duyệt, approve, return."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.reports.models import Report
from baocao.reports.selectors import approval_queue
from baocao.reports.services import approve_report, return_report, submit_report
from baocao.reports.services.review import missing_required
from baocao.web.views.common import report_or_404

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ActionSpec(TypedDict):
    """A review action: the service that performs it and the words of its page."""

    service: Callable[..., object]
    title: StrOrPromise
    explain: StrOrPromise
    button: StrOrPromise
    done: StrOrPromise


ACTIONS: dict[str, ActionSpec] = {
    "submit": {
        "service": submit_report,
        "title": _("Trình duyệt báo cáo"),
        "explain": _(
            "Báo cáo sẽ được trình lãnh đạo đơn vị phê duyệt. "
            "Sau khi trình, bạn không thể sửa cho đến khi báo cáo bị trả lại."
        ),
        "button": _("Trình duyệt"),
        "done": _("Đã trình duyệt báo cáo."),
    },
    "approve": {
        "service": approve_report,
        "title": _("Phê duyệt báo cáo"),
        "explain": _(
            "Báo cáo sẽ được phê duyệt và không thể sửa đổi nữa; nội dung văn bản "
            "được chốt. Văn thư sẽ cấp số, ghi ngày và ban hành."
        ),
        "button": _("Phê duyệt"),
        "done": _("Đã phê duyệt báo cáo."),
    },
    "return": {
        "service": return_report,
        "title": _("Trả lại báo cáo"),
        "explain": _("Báo cáo sẽ được trả lại cho chuyên viên kèm ý kiến của bạn để chỉnh sửa."),
        "button": _("Trả lại"),
        "done": _("Đã trả lại báo cáo."),
    },
}


@login_required
def approval_queue_view(request: AuthenticatedRequest) -> HttpResponse:
    """List the reports waiting for the user's approval."""
    return render(
        request,
        "web/approval_queue.html",
        {
            "reports": approval_queue(request.user),
            "today": timezone.localdate(),
        },
    )


def _missing(report: Report) -> list[str]:
    """Return what the report lacks to be submitted, as messages: a dict with the key "items"
    (no result yet) would hide dict.items from the template's "missing.items"."""
    return list(missing_required(report).values())


def _refused(request: HttpRequest, context: dict[str, Any], exc: ServiceError) -> HttpResponse:
    """Show the confirmation again for an Invalid (with its field errors); else go back to the
    report, the message shown there."""
    if isinstance(exc, Invalid):
        if context["action"] == "submit":  # what the submission lacks, read after the refusal
            context["missing"] = _missing(context["report"])
        return render(request, "web/report_action.html", context | {"errors": field_errors(exc)})
    return redirect("report-detail", report_id=context["report"].pk)


@login_required
def report_action(request: AuthenticatedRequest, report_id: int, action: str) -> HttpResponse:
    """Ask to confirm a workflow action (GET), then take it (POST)."""
    report = report_or_404(request, report_id)
    spec = ACTIONS[action]
    context = {
        "report": report,
        "action": action,
        "spec": spec,
        # Read for the confirmation (GET); a submission checks it in submit_report, and a
        # refusal reads it again (_refused).
        "missing": _missing(report) if action == "submit" and request.method != "POST" else [],
    }
    if request.method != "POST":
        return render(request, "web/report_action.html", context)
    comment = request.POST.get("comment", "")
    context["comment"] = comment
    on_refusal(request, lambda exc: _refused(request, context, exc))
    if action == "submit":
        submit_report(report, by=request.user)
    else:
        spec["service"](report, by=request.user, comment=comment)
    messages.success(request, spec["done"])
    if action == "submit":
        return redirect("report-detail", report_id=report.pk)
    return redirect("approval-queue")
