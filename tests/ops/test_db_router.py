"""The replica router: read-only pages read the replica, writes and recent writers the primary.

The ``replica`` alias of the test settings is a TEST MIRROR of ``default`` (the same test
database), so these run in the normal suite without a replica; the router is installed here
only (override_settings).
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from baocao.core import db_router
from baocao.core.db_router import (
    ROUTER,
    WRITE_COOKIE,
    PrimaryReplicaRouter,
    ReplicaReadMiddleware,
    reading_replica,
)
from baocao.reports.models import Report

with_router = override_settings(DATABASE_ROUTERS=[ROUTER], BAOCAO_READ_YOUR_WRITES_SECONDS=30)


def serve(request: HttpRequest) -> tuple[bool, HttpResponse]:
    """Pass the request through the middleware; return whether the view could read the replica."""
    seen: dict[str, bool] = {}

    def view(req: HttpRequest) -> HttpResponse:
        seen["replica"] = reading_replica()
        return HttpResponse("ok")

    response = ReplicaReadMiddleware(view)(request)
    return seen["replica"], response


def with_session(request: HttpRequest, user_id: int | None = None) -> HttpRequest:
    """Give the request a session (signed in as ``user_id`` when given)."""
    request.session = {"_auth_user_id": str(user_id)} if user_id else {}  # type: ignore[assignment]
    return request


@with_router
def test_reads_in_a_replica_request_go_to_the_replica_writes_to_the_primary() -> None:
    router = PrimaryReplicaRouter()
    token = db_router._read_replica.set(True)
    try:
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_write(Report) == "default"
        assert router.db_for_read(Session) == "default"  # sessions: always current
    finally:
        db_router._read_replica.reset(token)
    assert router.db_for_read(Report) == "default"  # outside a replica request
    assert router.allow_migrate("default", "reports") is True
    assert router.allow_migrate("replica", "reports") is False


@with_router
def test_list_and_analytics_pages_read_the_replica_other_pages_and_writes_do_not() -> None:
    factory = RequestFactory()
    for path in ["/bao-cao/", "/bao-cao/12/", "/tong-quan/", "/phan-tich/", "/api/reports"]:
        assert serve(with_session(factory.get(path)))[0] is True, path
    assert serve(with_session(factory.get("/bao-cao/12/soan/")))[0] is False  # the editor
    assert serve(with_session(factory.get("/cong-viec/")))[0] is False
    assert serve(with_session(factory.post("/bao-cao/tao/")))[0] is False


@with_router
def test_a_write_sends_the_same_browser_to_the_primary_for_the_window() -> None:
    factory = RequestFactory()
    _, response = serve(with_session(factory.post("/bao-cao/12/soan/"), user_id=None))
    cookie = response.cookies[WRITE_COOKIE]
    request = with_session(factory.get("/bao-cao/"))
    request.COOKIES[WRITE_COOKIE] = cookie.value
    assert serve(request)[0] is False
    assert db_router.wrote_recently(request) is True
    stamp = float(request.get_signed_cookie(WRITE_COOKIE, salt=db_router._COOKIE_SALT))
    assert db_router.wrote_recently(request, now=stamp + 31) is False  # the window has passed


@with_router
def test_a_write_sends_the_same_user_on_another_browser_to_the_primary() -> None:
    factory = RequestFactory()
    serve(with_session(factory.put("/api/reports/12"), user_id=7))
    assert serve(with_session(factory.get("/bao-cao/"), user_id=7))[0] is False
    assert serve(with_session(factory.get("/bao-cao/"), user_id=8))[0] is True


def test_without_the_router_nothing_reads_the_replica() -> None:
    assert serve(with_session(RequestFactory().get("/bao-cao/")))[0] is False


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_report_list_is_read_on_the_replica_until_its_user_writes(
    client, reporter, draft
) -> None:
    report = draft
    client.force_login(reporter)
    with with_router, CaptureQueriesContext(connections["replica"]) as replica:
        page = client.get("/bao-cao/")
        assert page.status_code == 200
        assert page.headers.get("X-Baocao-Read") == "replica"
        assert f"/bao-cao/{report.pk}/" in page.content.decode()
        assert any("reports_report" in q["sql"] for q in replica.captured_queries)

        client.post("/i18n/setlang/", {"language": "vi"})  # any write by this user
        with CaptureQueriesContext(connections["replica"]) as after_write:
            page = client.get("/bao-cao/")
        assert page.status_code == 200
        assert "X-Baocao-Read" not in page.headers
        assert after_write.captured_queries == []
