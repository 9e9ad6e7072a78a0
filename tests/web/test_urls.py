"""Every page's path reaches its own view: no app's pattern takes another's path (the root
URLconf lists the reports' pages first, the busiest, and resolution stops at the first match)."""

from __future__ import annotations

import re

from django.urls import URLResolver, get_resolver, resolve

SAMPLES = {
    "int": "12",
    "str": "abc",
    "slug": "a-b",
    "path": "a/b",
    "uuid": "12345678-1234-5678-1234-567812345678",
}


def routes(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif not route.startswith("^") and "(?P" not in route:  # the admin's regexes
            yield route


def test_each_path_resolves_to_its_own_pattern():
    checked = 0
    for route in routes(get_resolver()):
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
        found = resolve(path)
        assert found.route == route, f"{path} reaches {found.route!r}, not {route!r}"
        checked += 1
    assert checked > 200  # the whole site, not one app
