"""Sign-in pages: Django's LoginView and the admin's, both throttled by the same rule.

The throttle itself lives in the authentication backend (``security.ThrottledBackend``), so
no sign-in can go around it; the forms here only word its refusal, and the view (or, for the
admin, ``LoginThrottleMiddleware``) answers it with HTTP 429.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse

from baocao.core import security


def throttled_verdict(request: HttpRequest | None) -> security.Verdict | None:
    """Return the throttle's refusal of this request's sign-in, if it was refused."""
    return getattr(request, "login_throttled", None)


class _ThrottleMessage:
    """Replace "wrong password" by the throttle's message when the attempt was refused."""

    request: HttpRequest | None

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            verdict = throttled_verdict(self.request)
            if verdict is not None:
                raise forms.ValidationError(verdict.message, code="throttled") from None
            raise


class ThrottledAuthenticationForm(_ThrottleMessage, AuthenticationForm):
    """The sign-in form."""


class ThrottledAdminAuthenticationForm(_ThrottleMessage, AdminAuthenticationForm):
    """The admin's sign-in form."""


class ThrottledLoginView(auth_views.LoginView):
    """Sign in; an attempt refused by the throttle is answered 429 with ``Retry-After``."""

    redirect_authenticated_user = True
    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        """Show the throttle's message above an empty form, or the form's errors."""
        verdict = throttled_verdict(self.request)
        if verdict is None:
            return super().form_invalid(form)
        messages.error(self.request, verdict.message)
        empty = self.get_form_class()(self.request)  # the name is not echoed back
        response = self.render_to_response(self.get_context_data(form=empty, throttled=True))
        response.status_code = 429
        response["Retry-After"] = str(verdict.retry_after)
        return response
