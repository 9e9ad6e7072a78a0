"""Reads of notices: a user sees only their own."""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser, User
from django.db import connections, router
from django.db.models import QuerySet

from baocao.core.actors import AnyUser
from baocao.notifications.models import Notice

# Notice's own table and columns (baocao.notifications.models.Notice).
COUNT_UNREAD = "SELECT COUNT(*) FROM notifications_notice WHERE user_id = %s AND read_at IS NULL"


def _signed_in(user: AnyUser) -> TypeGuard[User]:
    return not isinstance(user, AnonymousUser) and bool(getattr(user, "is_authenticated", False))


def notices_for(user: AnyUser) -> QuerySet[Notice]:
    """Return the user's notices, newest first."""
    if not _signed_in(user):
        return Notice.objects.none()
    return Notice.objects.filter(user=user)


def unread_count(user: AnyUser) -> int:
    """Return how many of the user's notices are unread.

    Asked on every page (the header's count): one plain statement, the ORM's compilation of
    the same count cost five times its execution.
    """
    if not _signed_in(user):
        return 0
    connection = connections[router.db_for_read(Notice)]
    with connection.cursor() as cursor:
        cursor.execute(COUNT_UNREAD, [user.pk])
        row = cursor.fetchone()
    return int(row[0]) if row else 0
