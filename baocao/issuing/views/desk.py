"""Pages of the clerk (văn thư) and of the receiving agency: issue, send, inbox, register."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.documents.seal_jobs import enqueue_seal, server_seal
from baocao.documents.signing_services import agency_signature_hook, agency_token_of
from baocao.domain.dates import parse_day
from baocao.domain.workflow import Role, Status
from baocao.issuing import selectors, services
from baocao.organizations.access import own_roles_in
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report
from baocao.reports.selectors import access_report


def _refused_form(
    request: AuthenticatedRequest,
    template: str,
    context: dict[str, object],
    exc: ServiceError,
    elsewhere: str = "report-detail",
) -> HttpResponse:
    """Show the form again for an Invalid (with its field errors); for a Conflict go back to
    the report (or to ``elsewhere``), the message shown there."""
    if isinstance(exc, Invalid):
        return render(
            request, template, context | {"errors": field_errors(exc), "form": request.POST}
        )
    report = context.get("report")
    if elsewhere == "report-detail" and isinstance(report, Report):
        return redirect("report-detail", report_id=report.pk)
    return redirect(elsewhere)


def _day(raw: str | None) -> dt.date | None:
    """Return a date typed as dd/mm/yyyy or yyyy-mm-dd, None when empty; Invalid otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return parse_day(raw)
    except ValueError:
        raise Invalid(
            _("Ngày không hợp lệ (dd/mm/yyyy)."), details={"issued_on": "invalid"}
        ) from None


def _number(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        raise Invalid(_("Số văn bản phải là số nguyên dương."), details={"number": "invalid"})
    return int(raw)


@login_required
def clerk_desk(request: AuthenticatedRequest) -> HttpResponse:
    """Show the clerk's work: reports to issue, to send, and the year's outgoing register."""
    units = {str(u.pk): u for u in selectors.clerk_units(request.user)}
    if not units:
        raise Http404(_("Không tìm thấy trang."))
    unit = units.get(request.GET.get("unit") or next(iter(units)))
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    reports = Report.objects.filter(unit=unit).select_related("template")
    return render(
        request,
        "issuing/clerk_desk.html",
        {
            "unit": unit,
            "units": list(units.values()),
            "year": year,
            "today": today,
            "to_issue": reports.filter(status=Status.APPROVED.value).order_by("approved_at"),
            "to_send": reports.filter(status=Status.ISSUED.value).order_by("issued_at"),
            "entries": selectors.outgoing_entries(request.user, unit, year),
            "next_number": services.next_number(unit, year),
            "years": list(range(today.year, 2018, -1)),
            "server_seal": server_seal() is not None,
        },
    )


@login_required
@require_POST
def record_number(request: AuthenticatedRequest) -> HttpResponse:
    """Record in the outgoing register a number taken in another system."""
    units = {str(u.pk): u for u in selectors.clerk_units(request.user)}
    unit = units.get(request.POST.get("unit", ""))
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    back = f"{reverse('clerk-desk')}?unit={unit.pk}"
    on_refusal(request, lambda exc: redirect(back))
    seq = _number(request.POST.get("number"))
    day = _day(request.POST.get("issued_on"))
    if seq is None or day is None:
        raise Invalid(_("Vui lòng nhập số và ngày văn bản."), details={"number": "required"})
    entry = services.record_external_number(
        unit,
        by=request.user,
        seq=seq,
        issued_on=day,
        type_code=request.POST.get("type_code", ""),
        summary=request.POST.get("summary", ""),
        note=request.POST.get("note", ""),
    )
    messages.success(
        request, _("Đã ghi số %(number)s vào sổ văn bản đi.") % {"number": entry.number_text}
    )
    return redirect(back)


@login_required
def issue(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Confirm issuing (number, date) of an approved report, then issue it."""
    report = access_report(request.user, report_id)
    if Role.CLERK not in own_roles_in(request.user, report.unit):
        raise Http404(_("Không tìm thấy báo cáo."))
    today = timezone.localdate()
    token = agency_token_of(report.unit)
    context = {
        "report": report,
        "today": today,
        "token": token if token and token.has_token else None,
        "next_number": services.next_number(report.unit, today.year),
        "server_seal": server_seal() is not None,
    }
    if request.method != "POST":
        return render(request, "issuing/issue.html", context)
    pin = request.POST.get("pin", "")
    on_refusal(request, lambda exc: _refused_form(request, "issuing/issue.html", context, exc))
    number = (
        _number(request.POST.get("number")) if request.POST.get("source") == "external" else None
    )
    services.issue_report(
        report.pk,
        by=request.user,
        number=number,
        issued_on=_day(request.POST.get("issued_on")),
        hook=agency_signature_hook(pin) if pin and context["token"] else None,
    )
    report.refresh_from_db()
    messages.success(
        request, _("Đã ban hành báo cáo: Số %(number)s.") % {"number": report.number_text}
    )
    if not pin and context["server_seal"] and request.POST.get("seal"):
        # The seal's PIN is held by the server: sealing runs as a job (baocao.documents.seal_jobs).
        job = enqueue_seal([report.pk], by=request.user)
        return redirect("job-detail", job_id=job.pk)
    return redirect("report-detail", report_id=report.pk)


@login_required
@require_POST
def seal_issued(request: AuthenticatedRequest) -> HttpResponse:
    """Seal the chosen issued reports with the server's seal, as one job with its progress."""
    ids = [int(value) for value in request.POST.getlist("report") if value.isdigit()]
    on_refusal(request, lambda exc: redirect("clerk-desk"))
    job = enqueue_seal(ids, by=request.user)
    return redirect("job-detail", job_id=job.pk)


@login_required
def send(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Choose the receiving units (the regime's by default) and send an issued report."""
    report = access_report(request.user, report_id)
    if Role.CLERK not in own_roles_in(request.user, report.unit):
        raise Http404(_("Không tìm thấy báo cáo."))
    defaults = selectors.default_receivers(report)
    choices = list(
        OrgUnit.objects.filter(closed_on__isnull=True).exclude(pk=report.unit_id).order_by("path")
    )
    context = {"report": report, "choices": choices, "chosen": {u.pk for u in defaults}}
    if request.method != "POST":
        return render(request, "issuing/send.html", context)
    wanted = {value for value in request.POST.getlist("to") if value.isdigit()}
    units = [u for u in choices if str(u.pk) in wanted]
    context["chosen"] = {u.pk for u in units}
    on_refusal(request, lambda exc: _refused_form(request, "issuing/send.html", context, exc))
    dispatches = services.send_report(report.pk, by=request.user, to_units=units)
    messages.success(
        request,
        _("Đã gửi báo cáo đến: %(units)s.")
        % {"units": ", ".join(d.to_unit.name for d in dispatches)},
    )
    return redirect("report-detail", report_id=report.pk)


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    """List the reports sent to the user's units, waiting ones first."""
    dispatches = selectors.inbox(request.user)
    state = request.GET.get("state", "")
    if state in {"sent", "opened", "received", "returned"}:
        dispatches = dispatches.filter(state=state)
    return render(
        request,
        "issuing/inbox.html",
        {
            "dispatches": dispatches[:200],
            "state": state,
        },
    )


@login_required
@require_POST
def receive(request: AuthenticatedRequest, dispatch_id: int) -> HttpResponse:
    """Acknowledge receipt of a report sent to the user's unit."""
    on_refusal(request, lambda exc: redirect("inbox"))
    dispatch = services.receive_dispatch(dispatch_id, by=request.user)
    messages.success(
        request, _("Đã tiếp nhận báo cáo số %(number)s.") % {"number": dispatch.number_text}
    )
    return redirect("report-detail", report_id=dispatch.report_id)


@login_required
def reject(request: AuthenticatedRequest, dispatch_id: int) -> HttpResponse:
    """Return a received report to its unit with a reason (GET: the form)."""
    dispatch = selectors.access_dispatch(request.user, dispatch_id)
    context: dict[str, object] = {"dispatch": dispatch, "report": dispatch.report}
    if request.method != "POST":
        return render(request, "issuing/reject.html", context)
    context["reason"] = request.POST.get("reason", "")
    on_refusal(
        request, lambda exc: _refused_form(request, "issuing/reject.html", context, exc, "inbox")
    )
    services.reject_dispatch(dispatch.pk, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("Đã trả lại báo cáo cho đơn vị gửi."))
    return redirect("inbox")
