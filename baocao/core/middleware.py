"""Middleware shared by every page: the Content-Security-Policy header."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
