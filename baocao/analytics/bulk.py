"""Bulk loading helpers: build a table's indexes after loading it rather than row by row.

Inserting ten million rows into a table with five indexes updates every index per row (random
writes); loading the bare table and building each index once afterwards (one sort) is several
times faster on SQLite and PostgreSQL alike. Used by ``rebuild_facts`` and by the synthetic
data generator; call inside a transaction (PostgreSQL's DDL is transactional, SQLite's too).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper


def _sqlite_indexes(cursor: CursorWrapper, table: str) -> list[tuple[str, str]]:
    # Indexes declared inline in CREATE TABLE (UNIQUE constraints) have no SQL: they stay.
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL",
        [table],
    )
    return [(name, sql) for name, sql in cursor.fetchall()]


def _postgres_parts(
    cursor: CursorWrapper, table: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
        "AND NOT x.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    )
    indexes = [(name, sql) for name, sql in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
        [table],
    )
    constraints = [(name, sql) for name, sql in cursor.fetchall()]
    return indexes, constraints


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _flush_deferred(cursor: CursorWrapper) -> None:
    """Run PostgreSQL's pending deferred foreign-key checks now: TRUNCATE and ALTER TABLE
    refuse a table with pending trigger events (rows written earlier in the transaction)."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def indexes_deferred(table: str) -> Iterator[None]:
    """Drop ``table``'s secondary indexes (and on PostgreSQL its unique and foreign-key
    constraints), run the block, then create them again as they were.

    SQLite keeps the unique indexes declared inside CREATE TABLE (they cannot be dropped).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _flush_deferred(cursor)
            indexes, constraints = _postgres_parts(cursor, table)
            for name, _sql in constraints:
                cursor.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {_quote(name)}")
        else:
            constraints = []
            indexes = _sqlite_indexes(cursor, table)
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {_quote(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _flush_deferred(cursor)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, sql in indexes:
            cursor.execute(sql)
        for name, sql in constraints:  # unique first, then the foreign keys
            cursor.execute(f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {sql}")


def index_names(table: str) -> set[str]:
    """Return the names of ``table``'s indexes (for tests and checks)."""
    with connection.cursor() as cursor:
        return {
            c
            for c, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"] or info["unique"] or info["foreign_key"]
        }


def empty_table(table: str) -> None:
    """Delete every row of ``table`` the fastest way the database has (inside a transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _flush_deferred(cursor)
            cursor.execute(f"TRUNCATE {_quote(table)}")
        else:
            cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608 - a fixed table name


def analyze(*tables: str) -> None:
    """Refresh the planner's statistics of ``tables``."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {_quote(table)}")
