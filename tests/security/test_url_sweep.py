"""Every URL of unit B's report, for a user of unit A: 404 for every GET and every POST.

And a missing CSRF token: every POST form of the site is refused with 403.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from baocao.reports.services import submit_report
from tests.conftest import PASSWORD, reload

pytestmark = pytest.mark.django_db


def patterns(resolvers=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """Return (route, pattern) for every URL of the site, admin excluded."""
    found = []
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            found += patterns(entry.url_patterns, route)
        else:
            found.append((route, entry))
    return found


def fill(route: str, values: dict[str, object]) -> str:
    """Return the concrete path for a route such as ``bao-cao/<int:report_id>/``."""
    import re

    def value(match: re.Match[str]) -> str:
        # a parameter the sweep does not know (a newer page's) gets an id that exists nowhere
        ghost = {"uuid": "00000000-0000-0000-0000-000000000000", "int": 987654}.get(
            match.group(1) or "", "x"
        )
        return str(values.get(match.group(2), ghost))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route).lstrip("^")


def route_values(report_id: int, item_id: int) -> dict[str, object]:
    """Return a value for each URL parameter of the site: the report and item aimed at, 1 or "x"
    for the others."""
    return {
        "report_id": report_id,
        "item_id": item_id,
        "notice_id": 1,
        "token_id": 1,
        "imported_id": 1,
        "document_id": 1,
        "code": "x",
        "register_id": 1,
        "entry_id": 1,
    }


def report_routes() -> list[str]:
    routes = sorted({route for route, _ in patterns() if "report_id" in route})
    assert len(routes) >= 15  # HTML pages, downloads and API endpoints
    return routes


@pytest.fixture
def b_report(draft):
    """Return unit B's (the Sở TT&TT's) draft, with one item id to aim at."""
    return draft, draft.items.first().pk


def _posts(client: Client, path: str):
    yield client.post(path, {"comment": "x", "version": "1", "title": "chiếm quyền"})
    yield client.post(
        path, json.dumps({"text": "x", "values": {}}), content_type="application/json"
    )
    if path.startswith("/api/"):
        yield client.put(path, "{}", content_type="application/json")
        yield client.patch(path, "{}", content_type="application/json")
        yield client.delete(path)


@pytest.mark.parametrize("submitted", [False, True], ids=["draft", "submitted"])
def test_a_user_of_unit_a_gets_404_on_every_url_of_unit_b(b_report, outsider, reporter, submitted):
    report, item_id = b_report
    if submitted:
        submit_report(report, by=reporter)
    client = Client()
    client.login(username=outsider.username, password=PASSWORD)
    wrong = {}
    for route in report_routes():
        path = fill(route, {"report_id": report.pk, "item_id": item_id})
        codes = [r.status_code for r in [client.get(path), *_posts(client, path)]]
        if path.startswith("/api/"):
            # The API validates a body before looking the report up: an invalid body may get
            # 400/422, but exactly as it would for a report that does not exist.
            ghost = fill(route, {"report_id": 987654, "item_id": 987654})
            ghost_codes = [r.status_code for r in [client.get(ghost), *_posts(client, ghost)]]
            if codes != ghost_codes or any(c < 400 for c in codes):
                wrong[path] = (codes, ghost_codes)
        elif set(codes) - {404, 405}:
            wrong[path] = sorted(set(codes))
    assert wrong == {}
    report = reload(report)
    assert report.title != "chiếm quyền" and report.items.filter(pk=item_id).exists()


def test_the_same_urls_work_for_the_owner(b_report, reporter):
    """Guard the sweep: the URLs do resolve for the unit's own reporter."""
    report, item_id = b_report
    client = Client()
    client.login(username=reporter.username, password=PASSWORD)
    ok = [fill(r, {"report_id": report.pk, "item_id": item_id}) for r in report_routes()]
    codes = [client.get(path).status_code for path in ok]
    assert codes.count(200) >= 8


def test_every_post_form_without_csrf_token_is_refused(b_report, reporter, approver):
    report, item_id = b_report
    client = Client(enforce_csrf_checks=True)
    client.login(username=reporter.username, password=PASSWORD)
    values = route_values(report.pk, item_id)
    accepted = {}
    for route, _ in patterns():
        if route.startswith(("api/openapi", "api/docs")):
            continue
        path = fill(route, values)
        response = client.post(path, {"comment": "x", "version": report.version})
        if response.status_code not in (403, 405):
            accepted[path] = response.status_code
    assert accepted == {}
    assert reload(report).version == report.version


def test_login_itself_needs_the_csrf_token(reporter):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": reporter.username, "password": PASSWORD})
    assert response.status_code == 403


def test_malformed_json_to_the_api_is_a_clean_4xx(b_report, reporter):
    from baocao.api.tokens import create_token

    report, _ = b_report
    _, plain = create_token(by=reporter, name="kiểm thử")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    bodies = [
        "{",
        "[1, 2",
        '{"title": ',
        "null",
        "\x00\xff",
        '{"items": "not-a-list"}',
        '{"title": {"$gt": ""}}',
        "9" * 5000,
    ]
    codes = {}
    for path, method in (
        (f"/api/reports/{report.pk}", "patch"),
        ("/api/reports", "post"),
        (f"/api/reports/{report.pk}/items", "post"),
        (f"/api/reports/{report.pk}/values", "put"),
        ("/api/exchange/import", "post"),
    ):
        for body in bodies:
            response = getattr(client, method)(path, body, content_type="application/json")
            codes[(path, method, body[:10])] = response.status_code
            if response.status_code != 405:
                assert response["Content-Type"].startswith("application/json")
    assert all(400 <= code < 500 for code in codes.values()), codes
