"""A NUL in an API body or query parameter: a 4xx or a clean answer, never a 500.

PostgreSQL refuses NUL in text, so a value that reached SQL unchanged would be a server error.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import api_as

pytestmark = pytest.mark.django_db

NUL = "\u0000"
QUERIES = [
    "/api/search?q=a%00b",
    "/api/legal-documents?q=%00&issuer=%00&type=%00",
    "/api/units?q=%00",
    "/api/pivot?indicators=%00&units=%00&period_from=%00",
    "/api/rates?template=%00&period=%00",
    "/api/reports?period=%00&status=%00&unit=%00",
]


def test_no_endpoint_fails_on_a_nul(draft, reporter, template, unit):
    client = api_as(reporter)
    client.client.raise_request_exception = False
    version = draft.version
    bodies = [
        (
            "POST",
            "/api/reports",
            {"unit": unit.pk, "template": template.pk, "period": f"2022-0{NUL}"},
        ),
        ("PATCH", f"/api/reports/{draft.pk}", {"title": f"a{NUL}b", "version": version}),
        ("POST", f"/api/reports/{draft.pk}/items", {"text": f"x{NUL}y", "version": version}),
        (
            "PUT",
            f"/api/reports/{draft.pk}/values",
            {"values": {"BAO_CHI": f"1{NUL}"}, "version": version},
        ),
    ]
    codes = {path: client.call(method, path, body).status_code for method, path, body in bodies}
    codes.update(
        {path: client.client.get(path, **client._headers()).status_code for path in QUERIES}
    )
    assert not {path: code for path, code in codes.items() if code >= 500}, codes
