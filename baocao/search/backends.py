"""Full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector.

Both index the same folded token stream (see tokens.folded_document), so a query matches the
same entries on either database; only the ranking function differs (bm25 / ts_rank_cd).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import QuerySet

from baocao.search.query import ParsedQuery

COUNT_CAP = 10_000


@dataclass(frozen=True)
class RankedId:
    """An entry id with its relevance (higher is better on every backend)."""

    entry_id: int
    rank: float


class Backend(Protocol):
    """What a full-text backend does."""

    def ranked(
        self, entries: QuerySet, query: ParsedQuery, *, limit: int, offset: int,
        by_rank: bool = True,
    ) -> list[RankedId]:
        """Return the best matching entries of ``entries``, best first (else newest first)."""

    def count(self, entries: QuerySet, query: ParsedQuery, *, cap: int = COUNT_CAP) -> int:
        """Return how many entries of ``entries`` match, counting at most ``cap`` + 1."""


def _where(entries: QuerySet) -> tuple[str, list]:
    """Compile the filters of ``entries`` (columns of the entry table only) to SQL.

    Raise EmptyResultSet when the filters can match nothing.
    """
    query = entries.query
    compiler = query.get_compiler(connection=connection)
    if query.is_empty():
        raise EmptyResultSet
    try:
        sql, params = compiler.compile(query.where)
    except FullResultSet:
        return "1=1", []
    return (sql or "1=1"), list(params)


class SqliteBackend:
    """FTS5 over the folded shadow column (external-content table ``search_fts``)."""

    def ranked(
        self, entries: QuerySet, query: ParsedQuery, *, limit: int, offset: int,
        by_rank: bool = True,
    ) -> list[RankedId]:
        """Return the best matches by bm25 (FTS5 gives lower scores to better matches).

        Without ``by_rank`` return the newest entries first: FTS5 then walks its index in
        rowid order and stops after ``limit`` rows instead of scoring every match.
        """
        where, params = _where(entries)
        order = ("score, search_searchentry.month_first DESC, search_searchentry.id DESC"
                 if by_rank else "search_fts.rowid DESC")
        # ``where`` is compiled by the ORM; every value is a parameter.
        sql = (
            "SELECT search_searchentry.id, bm25(search_fts) AS score FROM search_fts "  # noqa: S608
            "JOIN search_searchentry ON search_searchentry.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({where}) "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.to_fts5(), *params, limit, offset])
            return [RankedId(row[0], -float(row[1])) for row in cursor.fetchall()]

    def count(self, entries: QuerySet, query: ParsedQuery, *, cap: int = COUNT_CAP) -> int:
        """Count matches up to ``cap`` + 1."""
        where, params = _where(entries)
        # ``where`` is compiled by the ORM; every value is a parameter.
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM search_fts "  # noqa: S608
            "JOIN search_searchentry ON search_searchentry.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({where}) LIMIT %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.to_fts5(), *params, cap + 1])
            return int(cursor.fetchone()[0])


class PostgresBackend:
    """A generated tsvector column (``document``) with a GIN index, ranked by ts_rank_cd."""

    _MATCH = "search_searchentry.document @@ to_tsquery('simple', baocao_unaccent(%s))"

    def ranked(
        self, entries: QuerySet, query: ParsedQuery, *, limit: int, offset: int,
        by_rank: bool = True,
    ) -> list[RankedId]:
        """Return the best matches by cover density (without ``by_rank``: newest first)."""
        where, params = _where(entries)
        order = ("score DESC, search_searchentry.month_first DESC, search_searchentry.id DESC"
                 if by_rank else "search_searchentry.id DESC")
        tsquery = query.to_tsquery()
        # ``where`` is compiled by the ORM; every value is a parameter.
        sql = (
            "SELECT search_searchentry.id, ts_rank_cd(search_searchentry.document, "  # noqa: S608
            "to_tsquery('simple', baocao_unaccent(%s))) AS score FROM search_searchentry "
            f"WHERE {self._MATCH} AND ({where}) "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, tsquery, *params, limit, offset])
            return [RankedId(row[0], float(row[1])) for row in cursor.fetchall()]

    def count(self, entries: QuerySet, query: ParsedQuery, *, cap: int = COUNT_CAP) -> int:
        """Count matches up to ``cap`` + 1."""
        where, params = _where(entries)
        # ``where`` is compiled by the ORM; every value is a parameter.
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM search_searchentry "  # noqa: S608
            f"WHERE {self._MATCH} AND ({where}) LIMIT %s) AS hits"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.to_tsquery(), *params, cap + 1])
            return int(cursor.fetchone()[0])


def current_backend() -> Backend:
    """Return the backend of the default database."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise RuntimeError(f"full-text search is not available on {connection.vendor}")
