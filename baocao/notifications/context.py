"""Template context: the number of unread notices, shown in the header."""

from __future__ import annotations

from django.http import HttpRequest

from baocao.notifications.selectors import unread_count


def notices(request: HttpRequest) -> dict:
    """Return ``unread_notices`` for the signed-in user (0 otherwise)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    return {"unread_notices": unread_count(user)}
