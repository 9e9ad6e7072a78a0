"""The page's header and closing scripts, rendered once per language and menu.

Every page of baocao repeats the same header (brand, menu, language switch, notices, the
signed-in person, sign-out) and the same closing scripts. Through the template language they
cost about a millisecond a page (some 80 nodes, 15 translations, 8 URL reversals). Only a few
values in them change from one request to the next: the CSRF token, the page's own path (the
language switch comes back to it), the person's name and the user's id. So the templates
``web/_topbar.html`` and ``web/_scripts.html`` are rendered once per process for each
language, menu and unread count, with a marker in place of each of those values; a page then
puts its own values, escaped, where the markers were.

What the markers stand in for is rendered exactly as the template would: the CSRF field by
Django's own ``{% csrf_token %}`` node, the path and the name with ``conditional_escape`` (the
template's autoescaping).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from baocao.organizations.people import display_name
from baocao.web.templatetags.baocao import csrf_field

register = template.Library()

# Marker characters never found in a template's own text nor produced by its translations.
_CSRF = "\x02csrf\x03"
_HERE = "\x02here\x03"
_WHO = "\x02who\x03"
_USER = "\x02user\x03"
_SLOT = re.compile("(\x02(?:csrf|here|who|user)\x03)")
_CSRF_FIELD = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_CSRF}">'


class _Person:
    """Stand in for the user while a frame is rendered: only whether they are signed in."""

    def __init__(self, authenticated: bool) -> None:
        self.is_authenticated = authenticated
        self.pk = _USER if authenticated else None


def _split(html: str) -> tuple[str, ...]:
    """Split a rendered frame into text and markers (the markers at the odd places)."""
    return tuple(_SLOT.split(html.replace(_CSRF_FIELD, _CSRF)))


_FRAMES: dict[Hashable, tuple[str, ...]] = {}
_MAX_FRAMES = 1024  # languages × menus × unread counts; emptied when full


def _forget(**kwargs: Any) -> None:
    """Forget every frame when a setting changes (tests change languages and URLconfs)."""
    _FRAMES.clear()


setting_changed.connect(_forget, dispatch_uid="baocao.web.chrome")


def _frame(name: str, key: Hashable, context: dict[str, Any]) -> tuple[str, ...]:
    """Return ``name`` rendered with markers for the per-request values, kept per process.

    ``key`` must name everything the rendering depends on besides the markers: the active
    language, the URLconf's prefix and the ``context`` given (the menu, the unread count)."""
    full_key = (name, translation.get_language(), get_script_prefix(), key)
    frame = _FRAMES.get(full_key)
    if frame is None:
        context = context | {"csrf_token": _CSRF, "here": _HERE, "who": _WHO}
        frame = _split(render_to_string(name, context))
        if len(_FRAMES) >= _MAX_FRAMES:
            _FRAMES.clear()
        _FRAMES[full_key] = frame
    return frame


def _entries_key(entries: Any) -> tuple:
    """Return a hashable description of menu entries (name, address and label as shown)."""
    return tuple((entry["name"], entry["url"], str(entry["label"])) for entry in entries or ())


def _fill(frame: tuple[str, ...], fills: dict[str, Callable[[], str]]) -> SafeString:
    """Put each marker's value in place: the frame's text is already escaped HTML."""
    parts = list(frame)
    for index in range(1, len(parts), 2):
        parts[index] = fills[parts[index]]()
    return mark_safe("".join(parts))  # the frame is template output; the values are escaped


@register.simple_tag(takes_context=True)
def topbar(context: template.Context) -> SafeString:
    """Render the page's header: brand, menu, language switch, notices, person, sign-out."""
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    nav = context.get("nav") or {}
    nav_extra, nav_more = context.get("nav_extra") or (), context.get("nav_more") or ()
    menu = (
        _entries_key(nav_extra),
        _entries_key(nav_more),
        tuple(sorted((k, bool(v)) for k, v in nav.items())),
    )
    unread = int(context.get("unread_notices") or 0)
    frame = _frame(
        "web/_topbar.html",
        (authenticated, menu, unread),
        {
            "user": _Person(authenticated),
            "nav": nav,
            "nav_extra": nav_extra,
            "nav_more": nav_more,
            "unread_notices": unread,
        },
    )
    request = context.get("request")
    return _fill(
        frame,
        {
            _CSRF: lambda: csrf_field(context),
            _HERE: lambda: conditional_escape(request.get_full_path() if request else ""),
            _WHO: lambda: conditional_escape(display_name(user)),
        },
    )


@register.simple_tag(takes_context=True)
def page_scripts(context: template.Context) -> SafeString:
    """Render the scripts every page loads (the offline store is keyed by the user's id)."""
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    frame = _frame("web/_scripts.html", authenticated, {"user": _Person(authenticated)})
    return _fill(frame, {_USER: lambda: conditional_escape(getattr(user, "pk", ""))})
