"""Offline editing: the service worker script, and a sign-out that empties the browser's stores.

The service worker (``/sw.js``, template ``web/sw.js``) is served from the site root so its
scope covers the editor pages (``/bao-cao/<id>/soan/``). It keeps the app shell (the vendored
static files) and the editor pages a user opened, so the editor reloads without a network;
``web/offline.js`` keeps what is typed meanwhile in IndexedDB and synchronises it with the
editor's version check once the server answers again (docs/offline.md).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

# The app shell: what every page needs, cached when the service worker is installed.
SHELL = (
    "web/baocao.css",
    "web/baocao.js",
    "web/nav.js",
    "web/editor.js",
    "web/offline.js",
    "web/offline.css",
    "web/favicon.svg",
)


@lru_cache(maxsize=1)
def _shell_version() -> str:
    """Return a digest of the shell files and the worker: a new one replaces the cached shell."""
    digest = hashlib.sha256()
    for name in SHELL:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Serve the service worker from the site root, never cached by the browser's HTTP cache."""
    response = render(
        request,
        "web/sw.js",
        {
            "version": _shell_version(),
            "shell": [static(name) for name in SHELL],
            "static_prefix": static(""),
            "page_max_age": int(settings.SESSION_COOKIE_AGE),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


class LogoutView(auth_views.LogoutView):
    """Sign out and tell the browser to drop this site's caches and stores.

    The cached editor pages and the drafts kept offline belong to the user signing out:
    ``Clear-Site-Data`` makes sure the next person on this browser is never shown them
    (offline.js also clears them when a different user signs in).
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
