"""Limit/offset pagination: ``limit`` 1–100 (default 50); a larger limit is refused with 422."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Query, Schema
from pydantic import Field

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_OFFSET = 10_000_000

Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


class PageParams(Schema):
    """The page asked for."""

    limit: Limit = DEFAULT_LIMIT
    offset: Offset = 0


PageQuery = Query[PageParams]


def paginate(queryset: QuerySet, page: PageParams, render: Callable[[Any], dict]) -> dict:
    """Return one page of ``queryset`` as ``{count, limit, offset, items}``."""
    rows = queryset[page.offset : page.offset + page.limit]
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [render(row) for row in rows],
    }
