"""Interactive API docs served from vendored swagger-ui files (no CDN, no inline script)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    """Render swagger-ui from ``static/api/``; the init script reads the schema URL from data-*."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        """Render the docs page."""
        return render(
            request,
            "api/docs.html",
            {
                "openapi_url": self.get_openapi_url(api, kwargs),
                "api": api,
            },
        )
