"""OpenAPI 3 schema and the interactive docs, served from vendored files with a strict CSP."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_schema_is_openapi_3_and_lists_the_endpoints(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for expected in (
        "/api/reports",
        "/api/reports/{report_id}",
        "/api/reports/{report_id}/submit",
        "/api/reports/{report_id}/items",
        "/api/reports/{report_id}/values",
        "/api/units",
        "/api/templates",
        "/api/templates/{code}/periods",
        "/api/exchange/export",
        "/api/exchange/import",
    ):
        assert expected in paths
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_the_docs_page_uses_only_local_assets_and_no_inline_script(db) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for name in (
        "api/swagger-ui/swagger-ui-bundle.js",
        "api/swagger-ui/swagger-ui.css",
        "api/swagger-init.js",
    ):
        assert finders.find(name), name
