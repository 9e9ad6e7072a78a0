"""Reads of notices: a user sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet

from baocao.notifications.models import Notice


def notices_for(user) -> QuerySet[Notice]:  # type: ignore[no-untyped-def]
    """Return the user's notices, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(user=user)


def unread_count(user) -> int:  # type: ignore[no-untyped-def]
    """Return how many of the user's notices are unread."""
    return notices_for(user).filter(read_at__isnull=True).count()
