"""The sign-in page: Django's LoginView with throttling of repeated failures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from baocao.core import security


class ThrottledLoginView(auth_views.LoginView):
    """Sign in; refuse attempts while a name is slowed down or locked (HTTP 429)."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Check the throttle before the password, then record the outcome."""
        username = request.POST.get("username", "")
        ip = security.client_ip(request)
        verdict = security.check(username, ip)
        if not verdict.allowed:
            security.refuse(username, ip, verdict)
            messages.error(request, verdict.message)
            form = self.get_form_class()(request)  # unbound: the password is not checked
            response = self.render_to_response(self.get_context_data(form=form, throttled=True))
            response.status_code = 429
            response["Retry-After"] = str(verdict.retry_after)
            return response
        response = super().post(request, *args, **kwargs)
        security.record(username, ip, succeeded=request.user.is_authenticated)
        return response
