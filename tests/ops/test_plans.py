"""core.plans: statements planned for their own values on PostgreSQL, even once prepared."""

from __future__ import annotations

import pytest
from django.db import connection

from baocao.core.plans import custom_plans

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan cache"),
]


def plans(marker: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
            " FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        generic, custom = cursor.fetchone()
    return int(generic), int(custom)


# psycopg prepares a statement the fifth time a connection runs it (settings.bind_on_server);
# PostgreSQL plans the first five runs of a prepared statement for their values, then may
# keep a generic plan: fifteen runs go past both.
RUNS = 15


def test_a_prepared_statement_gets_a_generic_plan_outside():
    for n in range(RUNS):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) /* plain */ FROM auth_user WHERE id = %s", [n])
    generic, _custom = plans("plain")
    assert generic > 0  # what the server does on its own: the case custom_plans is for


def test_inside_custom_plans_every_run_is_planned_for_its_values():
    for n in range(RUNS):
        with custom_plans(connection) as cursor:
            cursor.execute("SELECT count(*) /* planned */ FROM auth_user WHERE id = %s", [n])
    generic, custom = plans("planned")
    assert (generic, custom) == (0, RUNS - 5)  # every prepared run planned for its value
    with connection.cursor() as cursor:  # SET LOCAL: the connection's setting is untouched
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
