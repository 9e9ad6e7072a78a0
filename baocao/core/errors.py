"""Errors raised by services and selectors, mapped to 404/403/409/422 by the web and the API."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of the errors a service or selector raises; ``code`` is machine-readable."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, details: Any = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code:
            self.code = code


class NotFound(ServiceError):
    """Raise when an object does not exist or the user may not know that it exists."""

    code = "not_found"
    status = 404


class Forbidden(ServiceError):
    """Raise when the user may see the object but not take this action."""

    code = "forbidden"
    status = 403


class Conflict(ServiceError):
    """Raise when a write is based on a stale version, or would duplicate an object."""

    code = "conflict"
    status = 409


class Invalid(ServiceError):
    """Raise when input fails validation; ``details`` maps field names to messages."""

    code = "invalid"
    status = 422
