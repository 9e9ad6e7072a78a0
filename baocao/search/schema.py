"""DDL of the full-text index, per database vendor (used by migration 0002 and reindex)."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(folded, "
    "content='search_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE OF folded ON search_searchentry "
    "BEGIN INSERT INTO search_fts(search_fts, rowid, folded) VALUES "
    "('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE; a generated column and its index need an IMMUTABLE function.
    "CREATE OR REPLACE FUNCTION baocao_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS document tsvector GENERATED ALWAYS "
    "AS (to_tsvector('simple'::regconfig, baocao_unaccent(folded))) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_document ON search_searchentry USING GIN (document)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    "DROP FUNCTION IF EXISTS baocao_unaccent(text)",
]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_fulltext(connection: BaseDatabaseWrapper) -> None:
    """Create the full-text index for ``connection``'s vendor (idempotent)."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_CREATE)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_CREATE)


def drop_fulltext(connection: BaseDatabaseWrapper) -> None:
    """Drop the full-text index for ``connection``'s vendor."""
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
    elif connection.vendor == "postgresql":
        _run(connection, POSTGRES_DROP)


def rebuild_fulltext(connection: BaseDatabaseWrapper) -> None:
    """Recreate what is missing; on SQLite also rebuild the FTS5 table from the shadow column.

    A generated tsvector column never goes stale, so PostgreSQL needs work only when the
    column is missing (e.g. restored from a dump made without it).
    """
    if connection.vendor == "sqlite":
        create_fulltext(connection)
        _run(connection, ["INSERT INTO search_fts(search_fts) VALUES ('rebuild')"])
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = "
                "'search_searchentry' AND column_name = 'document'"
            )
            present = cursor.fetchone() is not None
        if not present:
            create_fulltext(connection)
