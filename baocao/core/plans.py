"""Statements that PostgreSQL plans for their own values, where one plan cannot fit them all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


@contextmanager
def custom_plans(connection: BaseDatabaseWrapper) -> Iterator[CursorWrapper]:
    """Yield a cursor, in a transaction, whose statements PostgreSQL plans for their values.

    Repeated statements are prepared on the server (``settings.bind_on_server``), and after
    five runs PostgreSQL may keep one generic plan for any values: right for a page's small
    reads, wrong for a search, whose best plan depends on how many rows a word finds (1 M
    search items: the provincial viewer's p95 went from 22-25 ms to 60-78 ms with generic
    plans). Planning each run costs milliseconds on a long statement: the pivot was measured
    both ways and keeps the generic plans. SQLite plans every statement anyway.
    """
    with (
        transaction.atomic(using=connection.alias, savepoint=False),
        connection.cursor() as cursor,
    ):
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield cursor
