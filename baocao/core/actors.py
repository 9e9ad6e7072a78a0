"""The types of the people who act and ask: one name for each, used in every signature.

- ``Actor`` — the signed-in person a write acts for: every service's ``by=`` keyword.
- ``AnyUser`` — whoever asks a permission-checked read or a role question: ``request.user``
  as it comes, which may be the anonymous user (who holds no role and sees nothing).
- ``AuthenticatedRequest`` — the request of a view behind ``login_required``, whose ``user``
  is an ``Actor``; an annotation only, Django builds the request as usual.
- ``ApiRequest`` — the request of an API operation behind the token or session auth
  (``baocao.api.auth``), which puts the signed-in ``Actor`` on ``request.auth``.

The project uses Django's own ``User`` (``AUTH_USER_MODEL`` is not swapped).
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

Actor: TypeAlias = User
AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """Annotate the request of a view that only a signed-in user reaches."""

    user: User


class ApiRequest(HttpRequest):
    """Annotate the request of an API operation that only an authenticated caller reaches."""

    auth: User
