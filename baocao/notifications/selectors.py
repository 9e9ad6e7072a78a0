"""Reads of notices: a user sees only their own."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from baocao.core.actors import AnyUser
from baocao.notifications.models import Notice


def notices_for(user: AnyUser) -> QuerySet[Notice]:
    """Return the user's notices, newest first."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return Notice.objects.filter(user=user)


def unread_count(user: AnyUser) -> int:
    """Return how many of the user's notices are unread."""
    return notices_for(user).filter(read_at__isnull=True).count()
