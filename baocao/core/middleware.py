"""Middleware shared by every page: the Content-Security-Policy header, the sign-in throttle's
429 and the pages of service errors."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from baocao.core.errors import ServiceError
from baocao.core.refusals import error_page

# Every asset is vendored and served by the app itself: nothing from elsewhere is allowed.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Add a strict Content-Security-Policy to every HTML response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response


class LoginThrottleMiddleware:
    """Answer 429 with ``Retry-After`` whenever the sign-in throttle refused an attempt.

    The throttle is in the authentication backend, so this covers every sign-in page (the
    admin's included) without each having to know about it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        verdict = getattr(request, "login_throttled", None)
        if verdict is not None and response.status_code < 400:
            response.status_code = 429
            response["Retry-After"] = str(verdict.retry_after)
        return response


class ServiceErrorMiddleware:
    """Answer a ``ServiceError`` that escaped a page with its page (``core/refusals.py``).

    The API is not concerned: django-ninja answers its errors itself (``api/errors.py``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Render the error page (or the refused form) for a service error; else do nothing."""
        if not isinstance(exception, ServiceError):
            return None
        return error_page(request, exception)
