"""Helpers for API tests: a token per persona and a JSON client that sends it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from baocao.api.tokens import create_token


class ApiClient:
    """Call the API as one user with a Bearer token (or anonymously)."""

    def __init__(self, token: str | None = None, language: str | None = None) -> None:
        self.client = Client()
        self.token = token
        self.language = language

    def _headers(self) -> dict[str, str]:
        headers = {}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        if self.language:
            headers["HTTP_ACCEPT_LANGUAGE"] = self.language
        return headers

    def call(self, method: str, path: str, body: Any = None, raw: str | None = None):  # type: ignore[no-untyped-def]
        """Send a request; ``body`` is encoded as JSON, ``raw`` is sent as is."""
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs: dict[str, Any] = dict(self._headers())
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method.lower())(path, **kwargs)

    def get(self, path: str, **params: Any):  # type: ignore[no-untyped-def]
        """GET with query parameters."""
        return self.client.get(path, params, **self._headers())

    def post(self, path: str, body: Any = None):  # type: ignore[no-untyped-def]
        """POST a JSON body."""
        return self.call("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any):  # type: ignore[no-untyped-def]
        """PATCH a JSON body."""
        return self.call("PATCH", path, body)

    def put(self, path: str, body: Any):  # type: ignore[no-untyped-def]
        """PUT a JSON body."""
        return self.call("PUT", path, body)

    def delete(self, path: str):  # type: ignore[no-untyped-def]
        """DELETE."""
        return self.call("DELETE", path)


def api_as(user) -> ApiClient:  # type: ignore[no-untyped-def]
    """Return a client that authenticates as ``user`` with a fresh token."""
    _, plain = create_token(by=user, name="test")
    return ApiClient(plain)


def assert_error(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """Assert the single error shape and return the error body."""
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    """Return the ``api_as`` factory."""
    return api_as


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker of the schema-driven test (it runs in CI like the others)."""
    config.addinivalue_line("markers", "schemathesis: property-based checks of the OpenAPI schema")
