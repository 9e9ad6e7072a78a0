"""Pages of report requests: the list, the request form, a request's page (tracking, actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.adhoc import selectors, services
from baocao.adhoc.models import ReportRequest
from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid, ServiceError
from baocao.core.refusals import field_errors, on_refusal
from baocao.domain.dates import parse_day
from baocao.organizations.models import OrgUnit

MAX_FORM_LINES = 200


def _request_or_404(request: HttpRequest, request_id: int) -> ReportRequest:
    return selectors.access_request(request.user, request_id)


def _refused(request: HttpRequest, request_id: int, exc: ServiceError) -> HttpResponse:
    """Go back to the request with the refusal and each field's message."""
    details = field_errors(exc)
    messages.error(request, " ".join([exc.message, *map(str, details.values())]))
    return redirect("adhoc-detail", request_id=request_id)


def _day(raw: str | None) -> dt.date | None:
    try:
        return parse_day(raw or "")
    except ValueError:
        return None


def _lines(raw: str | None) -> list[str]:
    return [line for line in (raw or "").splitlines() if line.strip()][: MAX_FORM_LINES + 1]


def _indicators(raw: str | None) -> list[services.IndicatorInput]:
    rows = []
    for line in _lines(raw):
        name, _sep, unit = line.partition("|")
        rows.append(services.IndicatorInput(name.strip(), unit.strip()))
    return rows


def _ids(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit() and len(v) < 19}


@login_required
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the requests the user's units made, and those asking the user's units to report."""
    managed = list(selectors.managed_requests(request.user)[:200])
    incoming = list(selectors.incoming_requests(request.user).order_by("-issued_at")[:200])
    own = selectors.units_reports(request.user, incoming)
    return render(
        request,
        "adhoc/request_list.html",
        {
            "managed": managed,
            "incoming": [(item, own.get(item.pk, [])) for item in incoming],
            "can_request": bool(selectors.requesting_units(request.user)),
            "today": timezone.localdate(),
        },
    )


def _form_context(
    request: HttpRequest, unit: OrgUnit, units: list[OrgUnit], form: dict, errors: dict
) -> dict:
    candidates = selectors.candidate_units(unit)
    levels = sorted({(u.level, u.get_level_display()) for u in candidates})
    return {
        "unit": unit,
        "units": units,
        "candidates": candidates,
        "levels": levels,
        "parents": [u for u in candidates if any(c.parent_id == u.pk for c in candidates)],
        "reply_choices": [unit, *candidates],
        "form": form,
        "errors": errors,
        "chosen": {u.pk for u in candidates if str(u.pk) in form.get("units", [])},
        "kinds": ReportRequest.Kind.choices,
        "today": timezone.localdate(),
    }


@login_required
def request_create(request: AuthenticatedRequest) -> HttpResponse:
    """Show the request form (GET) or create a draft request (POST), then open it."""
    units = selectors.requesting_units(request.user)
    if not units:
        raise Http404(_("Không tìm thấy trang."))
    wanted = request.POST.get("requesting_unit") or request.GET.get("don_vi")
    unit = next((u for u in units if str(u.pk) == wanted), units[0])
    if request.method != "POST":
        blank = {"kind": ReportRequest.Kind.THEMATIC, "reply_to": str(unit.pk), "units": []}
        return render(
            request, "adhoc/request_form.html", _form_context(request, unit, units, blank, {})
        )
    post = request.POST
    form: dict[str, Any] = {
        key: post.get(key, "")
        for key in (
            "kind",
            "title",
            "document_number",
            "legal_basis",
            "instructions",
            "deadline",
            "sections",
            "indicators",
            "reply_to",
            "level",
            "subtree",
        )
    }
    form["units"] = post.getlist("units")
    candidates = {u.pk: u for u in selectors.candidate_units(unit)}

    def refused(exc: ServiceError) -> HttpResponse:
        errors: dict[str, str] = {}
        for key, value in field_errors(exc).items():  # "sections.2" → "sections": one per field
            errors.setdefault(str(key).split(".")[0], str(value))
        context = _form_context(request, unit, units, form, errors)
        return render(request, "adhoc/request_form.html", context)

    on_refusal(request, refused)
    chosen = [candidates[pk] for pk in _ids(form["units"]) if pk in candidates]
    subtree = candidates.get(next(iter(_ids([form["subtree"]])), 0))
    chosen += services.units_by_rule(unit, level=form["level"], subtree=subtree)
    reply_to = {unit.pk: unit, **candidates}.get(next(iter(_ids([form["reply_to"]])), 0))
    deadline = _day(form["deadline"])
    if deadline is None:
        raise Invalid(
            _("Vui lòng kiểm tra lại yêu cầu báo cáo."),
            details={"deadline": _("Hạn nộp không hợp lệ (dd/mm/yyyy).")},
        )
    created = services.create_request(
        requesting_unit=unit,
        by=request.user,
        data=services.RequestInput(
            kind=form["kind"],
            title=form["title"],
            deadline=deadline,
            sections=_lines(form["sections"]),
            indicators=_indicators(form["indicators"]),
            units=chosen,
            document_number=form["document_number"],
            legal_basis=form["legal_basis"],
            instructions=form["instructions"],
            reply_to=reply_to,
        ),
    )
    messages.success(request, _("Đã lưu dự thảo yêu cầu báo cáo. Kiểm tra lại rồi ban hành."))
    return redirect("adhoc-detail", request_id=created.pk)


@login_required
def request_detail(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """Show a request: its outline; to the requester, every unit's progress and the actions."""
    item = _request_or_404(request, request_id)
    tracking = None
    if item.state != ReportRequest.State.DRAFT and selectors.can_track(request.user, item):
        tracking = selectors.tracking(request.user, item)
    return render(
        request,
        "adhoc/request_detail.html",
        {
            "item": item,
            "tracking": tracking,
            "sections": list(item.sections.all()),
            "indicators": list(item.indicators.all()),
            "units": list(item.units.order_by("path")),
            "own_reports": selectors.unit_reports(request.user, item),
            "can_manage": selectors.can_manage(request.user, item),
            "events": list(item.events.select_related("actor"))
            if selectors.can_track(request.user, item)
            else [],
            "today": timezone.localdate(),
        },
    )


def _act(
    request: HttpRequest, request_id: int, action: Callable[[], object], success: str
) -> HttpResponse:
    _request_or_404(request, request_id)
    on_refusal(request, lambda exc: _refused(request, request_id, exc), message=False)
    action()
    messages.success(request, success)
    return redirect("adhoc-detail", request_id=request_id)


@login_required
@require_POST
def request_issue(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """Issue the request: a draft report is created for every chosen unit."""
    return _act(
        request,
        request_id,
        lambda: services.issue_request(request_id, by=request.user),
        _("Đã ban hành yêu cầu; các đơn vị đã có báo cáo nháp để soạn."),
    )


@login_required
@require_POST
def request_extend(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """Move the deadline later (every unit's due date follows)."""
    day = _day(request.POST.get("deadline"))

    def extend() -> None:
        if day is None:
            raise Invalid(_("Hạn mới không hợp lệ (dd/mm/yyyy)."), details={})
        services.extend_deadline(
            request_id, by=request.user, deadline=day, reason=request.POST.get("reason", "")
        )

    return _act(
        request,
        request_id,
        extend,
        _("Đã gia hạn đến ngày %(day)s.") % {"day": day.strftime("%d/%m/%Y") if day else ""},
    )


@login_required
@require_POST
def request_cancel(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """Cancel the request (refused once a unit has sent its report)."""
    return _act(
        request,
        request_id,
        lambda: services.cancel_request(
            request_id, by=request.user, reason=request.POST.get("reason", "")
        ),
        _("Đã hủy yêu cầu báo cáo."),
    )
