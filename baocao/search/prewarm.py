"""Read the search table and its indexes into PostgreSQL's shared buffers (``pg_prewarm``).

PostgreSQL starts with empty shared buffers: until they fill, every search reads its pages of
the search table from the operating system (≈ 8 µs a page from its cache, 25–65 µs from the
disk; docs/search.md, "The default server, a tuned one and a replica"), and the first searches
after a restart are the slowest. ``baocao prewarm`` runs this after each start of the database
server, on the primary and on each replica, e.g. from the systemd unit of docs/operations.md,
"PostgreSQL settings". It uses PostgreSQL's ``pg_prewarm`` extension (contrib, shipped with
Debian's postgresql-15): the full-text (GIN) index first, then the B-tree indexes, smallest
first, then the table's newest pages (a search reads the newest entries first), as many blocks
as fit in a share of ``shared_buffers``, so that the prewarm never evicts what it has just
read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from baocao.search.models import SearchEntry

INSTALL = "sudo -u postgres psql DATABASE -c 'CREATE EXTENSION IF NOT EXISTS pg_prewarm;'"


class PrewarmError(RuntimeError):
    """The server has no ``pg_prewarm`` extension and it cannot be created here."""


@dataclass(frozen=True)
class Warmed:
    """One relation of the search table: the blocks read into the buffers, of how many."""

    relation: str
    blocks: int
    total: int


def search_relations(connection: BaseDatabaseWrapper) -> list[tuple[str, int]]:
    """Return the search table's relations in prewarm order, each with its size in blocks.

    The GIN index (every full-text search starts there), the other indexes smallest first,
    the TOAST table if it holds anything, the table last.
    """
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text, pg_relation_size(c.oid) "
            "/ current_setting('block_size')::int, "
            "CASE WHEN c.oid = %s::regclass THEN 2 WHEN a.amname = 'gin' THEN 0 ELSE 1 END "
            "FROM pg_class c LEFT JOIN pg_am a ON a.oid = c.relam "
            "WHERE c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass) "
            "OR c.oid = %s::regclass "
            "OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass) "
            "ORDER BY 3, 2, 1",
            [table, table, table, table],
        )
        return [(name, int(blocks)) for name, blocks, _rank in cursor.fetchall() if blocks]


def ensure_extension(connection: BaseDatabaseWrapper) -> None:
    """Create the ``pg_prewarm`` extension on a primary if it is missing (a superuser's right:
    an operator creates it once at install); fail with the command to run if it cannot be."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        standby = cursor.fetchone()[0]
        if not standby:
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            except DatabaseError as error:
                raise PrewarmError(
                    f"Chưa cài tiện ích pg_prewarm và không tạo được ({error}): {INSTALL}"
                ) from error
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_prewarm'")
        if cursor.fetchone() is None:
            raise PrewarmError(
                f"Máy chủ chưa có tiện ích pg_prewarm; trên máy chủ chính: {INSTALL}"
            )


def prewarm(connection: BaseDatabaseWrapper, fraction: float = 0.9) -> list[Warmed]:
    """Read the search table's relations into the shared buffers, within ``fraction`` of them.

    A relation that does not fit in what is left is read from its last block backwards (the
    table's newest entries) as far as the budget goes; the relations after it are skipped.
    """
    ensure_extension(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers'")
        budget = int(cursor.fetchone()[0] * fraction)
        warmed = []
        for name, total in search_relations(connection):
            first = max(0, total - budget)
            if first >= total:
                warmed.append(Warmed(name, 0, total))
                continue
            cursor.execute(
                "SELECT pg_prewarm(%s::regclass, 'buffer', 'main', %s, %s)",
                [name, first, total - 1],
            )
            blocks = int(cursor.fetchone()[0])
            budget -= blocks
            warmed.append(Warmed(name, blocks, total))
    return warmed
