"""A search on a page the replica serves reads the replica only, full-text statements included.

The ``replica`` alias of the test settings is a TEST MIRROR of ``default`` (the same test
database, another connection); the router is installed here only, as in tests/ops.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from baocao.core import db_router
from baocao.search.selectors import search

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def test_a_search_the_replica_may_serve_sends_nothing_to_the_primary(draft, reporter):
    token = db_router._read_replica.set(True)  # what ReplicaReadMiddleware does for /tra-cuu/
    try:
        with (
            override_settings(DATABASE_ROUTERS=[db_router.ROUTER]),
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            page = search(reporter, "camera giam sat")
    finally:
        db_router._read_replica.reset(token)
    assert [hit.text for hit in page.hits] == ["Tiếp tục triển khai Camera giám sát giao thông."]
    assert any("search_" in query["sql"] for query in replica.captured_queries)
    assert primary.captured_queries == []


def test_without_a_replica_request_the_search_reads_the_primary(draft, reporter):
    with (
        override_settings(DATABASE_ROUTERS=[db_router.ROUTER]),
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = search(reporter, "camera giam sat")
    assert page.total == 1
    assert replica.captured_queries == []
