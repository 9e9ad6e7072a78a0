"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets a few generated requests with a valid reporter token: no response may be
a 5xx, and every response must match the documented status codes, content type and schema.
Kept small (a handful of examples per operation) so it runs in CI on every push.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from baocao.api.main import api
from baocao.api.tokens import create_token

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}

MAX_EXAMPLES = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.schemathesis
def test_no_operation_gives_a_5xx_or_breaks_its_schema(draft, reporter, approver) -> None:
    _, token = create_token(by=reporter, name="schemathesis")
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    # Like Django's test client: keep the test's connection (and transaction) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        # every operation of the API, none left out: the same count as the OpenAPI document's
        document = api.get_openapi_schema()
        documented = {
            (method.upper(), path)
            for path, methods in document["paths"].items()
            for method in methods
            if method in HTTP_METHODS
        }
        assert {(o.method.upper(), o.path) for o in operations} == {
            (m, p) for m, p in documented
        }, "operations left out"
        assert len(operations) >= 20
        _check_all(operations, headers, failures)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)


def _check_all(operations: list, headers: dict[str, str], failures: list[str]) -> None:
    """Run the generated requests of every operation, collecting failures."""
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # collect every failing operation, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:2000])
