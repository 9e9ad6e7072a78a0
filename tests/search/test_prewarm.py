"""``baocao prewarm`` reads the search table and its indexes into PostgreSQL's shared buffers.

On PostgreSQL (BAOCAO_TEST_DATABASE_URL) the test database gets the ``pg_prewarm`` extension
(the tests connect as a superuser, as an operator's install step does); on SQLite the command
has nothing to do.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from baocao.search.prewarm import prewarm, search_relations

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_prewarm is PostgreSQL's"
)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_on_sqlite_there_is_nothing_to_prewarm():
    out = StringIO()
    call_command("prewarm", stdout=out)
    assert "Không cần nạp trước" in out.getvalue()


@postgres_only
def test_the_gin_index_comes_first_and_the_table_last(approved):
    names = [name for name, _blocks in search_relations(connection)]
    assert names[0] == "search_entry_fulltext"
    assert names[-1] == "search_searchentry"
    assert {"search_searchentry_pkey", "search_entry_unit_newest"} <= set(names)


@postgres_only
def test_every_search_relation_is_read_when_the_buffers_hold_it(approved):
    warmed = prewarm(connection)
    assert [w.relation for w in warmed] == [name for name, _ in search_relations(connection)]
    assert all(w.blocks == w.total > 0 for w in warmed)
    out = StringIO()
    call_command("prewarm", stdout=out)
    assert "search_entry_fulltext" in out.getvalue()
    assert "search_searchentry " in out.getvalue()


@postgres_only
def test_the_budget_stops_the_prewarm_at_a_share_of_the_shared_buffers(approved):
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers'")
        buffers = cursor.fetchone()[0]
    warmed = prewarm(connection, fraction=1.5 / buffers)  # a budget of one block
    assert [w.blocks for w in warmed] == [1] + [0] * (len(warmed) - 1)
    assert warmed[0].relation == "search_entry_fulltext"


def test_the_fraction_must_be_a_share():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("prewarm", fraction=0)
