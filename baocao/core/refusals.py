"""How a service error becomes a page: the one rule the HTML views share.

``ServiceErrorMiddleware`` (``core/middleware.py``) answers every ``ServiceError`` a page lets
through, so views hold no ``except`` block for them:

- ``NotFound`` → the 404 page, ``Forbidden`` → the 403 page (Vietnamese, in the base layout);
- ``Invalid`` (422) and ``Conflict`` (409) refuse a write: the message goes to the page the
  view named with ``on_refusal`` (typically its form, shown again with what was typed and the
  field errors from ``exc.details``), answered with the error's status; without one, a refused
  POST goes back to the same-origin ``next`` field or Referer, and anything else gets the 409
  or 422 page.

A request that wants JSON — the editor's autosave (``X-Autosave``) or an ``Accept`` naming
``application/json`` but not HTML — gets ``{"error": code, "message", "details"}`` with the
error's status instead of any page.

The API answers the same errors in JSON (``api/errors.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from baocao.core.errors import Conflict, Invalid, ServiceError

RefusalPage = Callable[[ServiceError], HttpResponse]
_ATTRIBUTE = "_baocao_refusal_page"


def on_refusal(request: HttpRequest, page: RefusalPage, *, message: bool = True) -> None:
    """Answer an ``Invalid`` or ``Conflict`` raised later in this request with ``page(exc)``.

    The page's status becomes the error's (422 or 409) unless it is a redirect; with
    ``message`` the error's message is also shown as a message above the page.
    """
    setattr(request, _ATTRIBUTE, (page, message))


def field_errors(exc: ServiceError) -> dict[str, str]:
    """Return the field → message map an ``Invalid`` carries, else an empty map."""
    return dict(exc.details) if isinstance(exc.details, dict) else {}


def back_url(request: HttpRequest) -> str | None:
    """Return the same-origin page the user came from (the ``next`` field, else the Referer)."""
    for candidate in (request.POST.get("next"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return None


def wants_json(request: HttpRequest) -> bool:
    """Tell whether the request is a script's that reads JSON (the autosave, a fetch)."""
    if request.headers.get("X-Autosave"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_page(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    """Render the page that answers ``exc`` (see the module's docstring)."""
    if wants_json(request):
        body = {"error": exc.code, "message": exc.message, "details": exc.details}
        return JsonResponse(body, status=exc.status if exc.status >= 400 else 400)
    if isinstance(exc, (Invalid, Conflict)):
        registered = getattr(request, _ATTRIBUTE, None)
        if registered is not None:
            page, message = registered
            if message:
                messages.error(request, exc.message)
            response = page(exc)
            if not 300 <= response.status_code < 400:
                response.status_code = exc.status
            return response
        if request.method == "POST" and (back := back_url(request)):
            messages.error(request, exc.message)
            return HttpResponseRedirect(back)
    status = exc.status if exc.status in (403, 404, 409, 422) else 400
    return render(request, f"{status}.html", {"message": exc.message}, status=status)
