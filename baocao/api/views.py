"""The account page (Tài khoản): who I am, my roles, my API tokens (create, revoke)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.api.models import ApiToken
from baocao.api.tokens import create_token, revoke_token
from baocao.core.actors import AuthenticatedRequest
from baocao.core.refusals import on_refusal
from baocao.organizations.models import Membership


def _page(
    request: AuthenticatedRequest,
    *,
    new_token: str | None = None,
    new_name: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("unit")
        .order_by("unit__path", "role")
    )
    return render(
        request,
        "api/account.html",
        {
            "memberships": memberships,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_token": new_token,
            "new_name": new_name,
            "error": error,
        },
        status=status,
    )


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    """Show the account page; a POST creates a token and shows it once."""
    if request.method == "POST":
        name = request.POST.get("name", "")
        on_refusal(
            request,
            lambda exc: _page(request, error=exc.message, new_name=name[:100]),
            message=False,
        )
        token, plain = create_token(by=request.user, name=name)
        response = _page(request, new_token=plain, new_name=token.name)
        response["Cache-Control"] = "no-store"
        return response
    return _page(request)


@login_required
@require_POST
def revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens (another user's token is 404)."""
    token = revoke_token(token_id, by=request.user)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("account")
