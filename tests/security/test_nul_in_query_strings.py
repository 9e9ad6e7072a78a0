"""A NUL or another control character in any query parameter of any page: never a 500.

PostgreSQL refuses strings holding NUL, so a parameter that reaches a query unchanged would
turn a hostile URL into a server error.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.security.test_url_sweep import fill, patterns, route_values

pytestmark = pytest.mark.django_db

PARAMS = [
    "q",
    "unit",
    "template",
    "period",
    "period_from",
    "period_to",
    "from",
    "to",
    "status",
    "section",
    "type",
    "doc_type",
    "issuer",
    "year",
    "page",
    "indicator",
    "indicators",
    "level",
    "category",
    "format",
    "root",
    "by",
    "next",
    "code",
    "units",
]


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\x07\x1b[2J", "2022-01\x00"])
def test_no_page_fails_on_a_control_character(draft, reporter, viewer, value):
    values = route_values(draft.pk, draft.items.first().pk)
    failures = {}
    for user in (reporter, viewer):
        client = Client(raise_request_exception=False)
        client.login(username=user.username, password=PASSWORD)
        for route, _ in patterns():
            if route.startswith(("api/openapi", "api/docs", "i18n/", "dang-xuat")):
                continue
            path = fill(route, values)
            query = {name: value for name in PARAMS}
            response = client.get(path, query)
            if response.status_code >= 500:
                failures[(user.username, path)] = response.status_code
    assert failures == {}


FIELDS = [
    "username",
    "password",
    "title",
    "intro",
    "text",
    "comment",
    "version",
    "subject",
    "entry_date",
    "category",
    "quantity",
    "reference",
    "notes",
    "name",
    "q",
    "unit",
    "template",
    "period",
    "section",
    "passphrase",
    "language",
    "next",
    "token",
    "skip_existing",
    "status",
    "value",
    "note",
]


@pytest.mark.parametrize("value", ["\x00", "chuyen\x00vien"])
def test_no_form_fails_on_a_control_character(draft, reporter, value):
    """Every POST of the site, signed out and as the unit's reporter: never a 500."""
    values = route_values(draft.pk, draft.items.first().pk)
    failures = {}
    anonymous = Client(raise_request_exception=False)
    signed_in = Client(raise_request_exception=False)
    signed_in.login(username=reporter.username, password=PASSWORD)
    for route, _ in patterns():
        if route.startswith(("api/", "i18n/", "dang-xuat")):
            continue
        path = fill(route, values)
        for client in (anonymous, signed_in):
            response = client.post(path, {name: value for name in FIELDS})
            if response.status_code >= 500:
                failures[path] = response.status_code
    assert failures == {}
    assert reporter.username.casefold() == "chuyenvien"  # the throttle kept no hostile name
