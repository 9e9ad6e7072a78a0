"""Pieces shared by the routers: the error responses every operation documents."""

from __future__ import annotations

from typing import Any

from baocao.api.schemas import ErrorOut

ERROR_CODES = frozenset({400, 401, 403, 404, 409, 422, 500})


def responses(ok: Any, status: int = 200) -> dict[Any, Any]:
    """Return the responses of an operation: ``ok`` on success, the error shape otherwise."""
    return {status: ok, ERROR_CODES: ErrorOut}
