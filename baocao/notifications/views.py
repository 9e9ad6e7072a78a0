"""The notices page (Thông báo): the user's notices, newest first; the e-mail preference."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.core.actors import AuthenticatedRequest
from baocao.core.refusals import on_refusal
from baocao.notifications.selectors import notices_for
from baocao.notifications.services import mark_all_read, mark_read, set_preferences


@login_required
def notice_list(request: AuthenticatedRequest) -> HttpResponse:
    """List the user's notices."""
    page = Paginator(notices_for(request.user), 30).get_page(request.GET.get("trang"))
    return render(request, "notifications/notice_list.html", {"page": page})


@login_required
@require_POST
def notice_open(request: AuthenticatedRequest, notice_id: int) -> HttpResponse:
    """Mark a notice read and go to what it is about."""
    notice = mark_read(notice_id, by=request.user)
    safe = url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()})
    return redirect(notice.url if notice.url and safe else "notice-list")


@login_required
@require_POST
def notice_read_all(request: AuthenticatedRequest) -> HttpResponse:
    """Mark every notice read."""
    mark_all_read(by=request.user)
    return redirect("notice-list")


@login_required
@require_POST
def notice_preferences(request: AuthenticatedRequest) -> HttpResponse:
    """Save the user's choice (e-mail on or off, form of address) from the account page."""
    back = f"{reverse('account')}#thong-bao"
    on_refusal(request, lambda exc: redirect(back))
    set_preferences(
        by=request.user,
        email=request.POST.get("email") == "1",
        address=request.POST.get("address", ""),
    )
    messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
    return redirect(back)
