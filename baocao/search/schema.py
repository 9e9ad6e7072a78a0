"""DDL of the full-text index, per database vendor (used by migrations, reindex, bulk loads).

Besides the words, both indexes carry **tags** computed from the entry's own columns (never
from another table, so they cannot go stale): its unit, status, template, section and year —
and, on PostgreSQL, blocks of entry ids. A search adds the tags of the permission filter and
of the user's filters to the full-text condition, so that the index skips the entries of other
units instead of the database reading and discarding them. The tags only narrow the search:
the ORM's permission filter is always applied to the rows as well.

SQLite: an external-content FTS5 table ``search_fts(folded, tags)`` over the view
``search_fts_source`` (the entry table plus the tags computed in SQL), kept in step by
triggers. Tags are lower-case words such as ``u12 sdraft t3 c0 y2024``; the user's query is
confined to the ``folded`` column, so a typed "u12" never matches a tag.

PostgreSQL: the generated ``document`` tsvector and a two-column GIN index over ``document``
and the tag vector ``baocao_search_tags(...)``, an expression (nothing stored in the table).
Tags are upper-case lexemes (``U12``, ``Sdraft``, ``A16x15`` …), which a user's query — folded,
lower case — cannot produce. ``A{s}x{n}`` marks the entries whose id >> s is n and ``B{s}x{n}``
the same blocks shifted by half a block: a search uses one of them to read the newest part of
the index only (see backends.PostgresBackend).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import StateApps

# --- SQLite ---------------------------------------------------------------------------------

SQLITE_TAGS = (
    "'u' || {r}.unit_id || ' s' || {r}.status || ' t' || {r}.template_id || ' c' || "
    "coalesce({r}.section_id, 0) || ' y' || ({r}.month_first / 12)"
)
# Every statement below is fixed DDL: no value comes from outside.
SQLITE_CREATE = [
    "CREATE VIEW IF NOT EXISTS search_fts_source AS SELECT search_searchentry.id, "  # noqa: S608
    "search_searchentry.folded, "
    + SQLITE_TAGS.format(r="search_searchentry")
    + " AS tags FROM search_searchentry",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(folded, tags, "
    "content='search_fts_source', content_rowid='id', columnsize=0, "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchentry BEGIN "  # noqa: S608
    "INSERT INTO search_fts(rowid, folded, tags) VALUES (new.id, new.folded, "
    + SQLITE_TAGS.format(r="new")
    + "); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchentry BEGIN "  # noqa: S608
    "INSERT INTO search_fts(search_fts, rowid, folded, tags) VALUES ('delete', old.id, "
    "old.folded, " + SQLITE_TAGS.format(r="old") + "); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_searchentry BEGIN "  # noqa: S608
    "INSERT INTO search_fts(search_fts, rowid, folded, tags) VALUES ('delete', old.id, "
    "old.folded, " + SQLITE_TAGS.format(r="old") + "); "
    "INSERT INTO search_fts(rowid, folded, tags) VALUES (new.id, new.folded, "
    + SQLITE_TAGS.format(r="new")
    + "); END",
]
SQLITE_TRIGGERS = ["search_fts_ai", "search_fts_ad", "search_fts_au"]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS search_fts",
    "DROP VIEW IF EXISTS search_fts_source",
]

# --- PostgreSQL -----------------------------------------------------------------------------

# Block levels of the id tags: blocks of 2**s entries, 4 096 to 1 048 576. Changing them (or
# anything in baocao_search_tags) needs a migration that rebuilds the index.
BLOCK_LEVELS = tuple(range(12, 21))
PG_INDEX = "search_entry_fulltext"
PG_TAG_ARGS = "id, unit_id, status, template_id, section_id, month_first"
PG_TAGS = f"baocao_search_tags({PG_TAG_ARGS})"
_PG_BLOCKS = ", ".join(
    f"'A{s}x' || (id >> {s}), 'B{s}x' || ((id + {1 << (s - 1)}) >> {s})" for s in BLOCK_LEVELS
)
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is only STABLE; a generated column and its index need an IMMUTABLE function.
    "CREATE OR REPLACE FUNCTION baocao_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS document tsvector GENERATED ALWAYS "
    "AS (to_tsvector('simple'::regconfig, baocao_unaccent(folded))) STORED",
    "CREATE OR REPLACE FUNCTION baocao_search_tags(id bigint, unit_id bigint, status text, "
    "template_id bigint, section_id bigint, month_first integer) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_tsvector(ARRAY['U' || unit_id, "
    "'S' || status, 'T' || template_id, 'C' || coalesce(section_id, 0), "
    f"'Y' || (month_first / 12), {_PG_BLOCKS}]) $$",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_searchentry USING GIN (document, {PG_TAGS})",
]
POSTGRES_DROP = [
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    "DROP INDEX IF EXISTS search_entry_document",  # the single-column index of migration 0002
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    "DROP FUNCTION IF EXISTS baocao_search_tags(bigint, bigint, text, bigint, bigint, integer)",
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


def recreate_fulltext(connection: BaseDatabaseWrapper) -> None:
    """Replace an older full-text index by the current one and fill it (migration 0003).

    PostgreSQL keeps the generated ``document`` column and only swaps the index.
    """
    if connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
        rebuild_fulltext(connection)
    elif connection.vendor == "postgresql":
        _run(connection, ["DROP INDEX IF EXISTS search_entry_document"])
        _run(connection, POSTGRES_CREATE)


def rebuild_fulltext(connection: BaseDatabaseWrapper) -> None:
    """Recreate what is missing; on SQLite also rebuild the FTS5 table from the entry table.

    A generated tsvector column and an expression index never go stale, so PostgreSQL needs
    work only when something is missing (e.g. restored from a dump made without it).
    """
    if connection.vendor == "sqlite":
        create_fulltext(connection)
        _run(
            connection,
            [
                "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
                "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
            ],
        )
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # ALTER TABLE is refused inside a transaction with pending (deferred FK) trigger
            # events, so touch nothing that is already there.
            cursor.execute(
                "SELECT (SELECT count(*) FROM information_schema.columns WHERE table_name = "
                "'search_searchentry' AND column_name = 'document'), "
                "(SELECT count(*) FROM pg_indexes WHERE indexname = %s)",
                [PG_INDEX],
            )
            column, index = cursor.fetchone()
        if not (column and index):
            create_fulltext(connection)


def drop_fulltext_for_load(connection: BaseDatabaseWrapper) -> None:
    """Stop maintaining the full-text index row by row before a bulk load of entries.

    SQLite: drop the triggers (the FTS5 table is rebuilt afterwards); PostgreSQL: drop the GIN
    index (built afterwards in one pass). Call finish_fulltext_load() when the load is done.
    """
    if connection.vendor == "sqlite":
        _run(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS])
    elif connection.vendor == "postgresql":
        _run(connection, [f"DROP INDEX IF EXISTS {PG_INDEX}"])


def finish_fulltext_load(connection: BaseDatabaseWrapper) -> None:
    """Rebuild the full-text index after a bulk load and restore its maintenance."""
    rebuild_fulltext(connection)


def _drop_on_sqlite(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        drop_fulltext(schema_editor.connection)


def _recreate_on_sqlite(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        recreate_fulltext(schema_editor.connection)


def around_table_rebuild(*operations: Operation) -> list[Operation]:
    """Return migration operations that drop the SQLite full-text index, run ``operations``
    and recreate and refill the index.

    Django rebuilds a SQLite table for most field changes (new table, copy, drop, rename).
    The view ``search_fts_source`` refers to ``search_searchentry``, so SQLite refuses that
    rename ("error in view search_fts_source: no such table") — loudly, rather than losing the
    triggers silently. Wrap any operation on SearchEntry's fields in a migration with this::

        operations = around_table_rebuild(migrations.AlterField(...))

    On PostgreSQL the index follows the table and these steps do nothing.
    """
    from django.db import migrations

    return [
        migrations.RunPython(_drop_on_sqlite, _recreate_on_sqlite),
        *operations,
        migrations.RunPython(_recreate_on_sqlite, _drop_on_sqlite),
    ]
