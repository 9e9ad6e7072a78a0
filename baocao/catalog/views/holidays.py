"""The administrators' holidays page (Ngày nghỉ lễ): a year's days off and make-up working
days, bundled and corrected, and the forms that correct them.

Thin: the selector says who may see it (404 otherwise), the services validate and write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baocao.catalog.calendar import holiday_year
from baocao.catalog.holiday_services import (
    add_day_off,
    add_working_day,
    cancel_day,
    move_day_off,
    withdraw_correction,
)
from baocao.core.actors import AuthenticatedRequest
from baocao.core.errors import Invalid
from baocao.core.refusals import on_refusal

ACTIONS = ("day_off", "working_day", "cancel", "move", "withdraw")


def _year(request: HttpRequest) -> int:
    raw = (request.POST.get("year") or request.GET.get("nam") or "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year


def _day(value: str | None, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise Invalid(
            _("%(label)s không hợp lệ (ngày/tháng/năm).") % {"label": label},
            details={"day": "invalid"},
        ) from None


def _apply(request: AuthenticatedRequest) -> str:
    """Run the posted action; return the message to show."""
    data, user = request.POST, request.user
    action, reason = data.get("action", ""), data.get("reason", "")
    if action == "day_off":
        day = _day(data.get("day"), _("Ngày nghỉ"))
        add_day_off(day, data.get("name", ""), reason, by=user)
        return _("Đã thêm ngày nghỉ %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
    if action == "working_day":
        day = _day(data.get("day"), _("Ngày làm bù"))
        add_working_day(day, reason, by=user, name=data.get("name", ""))
        return _("Đã ghi ngày làm bù %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
    if action == "cancel":
        day = _day(data.get("day"), _("Ngày cần hủy"))
        cancel_day(day, reason, by=user)
        return _("Đã hủy ngày nghỉ %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
    if action == "move":
        day, to = _day(data.get("day"), _("Ngày cần chuyển")), _day(data.get("to"), _("Ngày mới"))
        move_day_off(day, to, reason, by=user)
        return _("Đã chuyển ngày nghỉ %(day)s sang %(to)s.") % {
            "day": f"{day:%d/%m/%Y}",
            "to": f"{to:%d/%m/%Y}",
        }
    if action == "withdraw":
        raw = data.get("correction", "")
        row = withdraw_correction(int(raw) if raw.isdigit() else 0, reason, by=user)
        return _("Đã hoàn tác điều chỉnh ngày %(day)s.") % {"day": f"{row.day:%d/%m/%Y}"}
    raise Invalid(_("Thao tác không hợp lệ."), details={"action": "invalid"})


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request: AuthenticatedRequest) -> HttpResponse:
    """List a year's holidays for administrators; POST adds, cancels, moves or withdraws."""
    year = _year(request)
    listing = holiday_year(request.user, year)
    if request.method == "POST":
        on_refusal(
            request,
            lambda exc: _page(request, year, {"error": exc.message, "posted": request.POST}),
            message=False,
        )
        done = _apply(request)
        messages.success(request, done)
        return redirect(f"{reverse('holidays')}?nam={year}")
    return _page(request, year, {"listing": listing})


def _page(request: HttpRequest, year: int, extra: dict[str, Any]) -> HttpResponse:
    """Render the year's page; a refused change shows its message and what was typed."""
    listing = extra.get("listing") or holiday_year(request.user, year)
    context: dict[str, Any] = {"listing": listing, "posted": {}, "error": None} | extra
    context.update(
        {
            "years": list(range(2021, max(2027, timezone.localdate().year + 1) + 1)),
            "previous": year - 1,
            "next": year + 1,
            "days_off": [d for d in listing.days if d.kind == "day_off" and not d.cancelled],
        }
    )
    return render(request, "catalog/holidays.html", context)
