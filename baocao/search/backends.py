"""Full-text backends behind one interface: SQLite FTS5 and PostgreSQL tsvector + GIN.

Both index the same folded token stream (see tokens.folded_document), so a query matches the
same entries on either database. A backend answers one question — the newest ``limit``
entries of a scope that match a query, newest (highest id) first — and never reads more than
it needs for that: a search shows at most COUNT_CAP results, so ``limit`` is COUNT_CAP + 1.
Ranking the (at most COUNT_CAP) matches is done by ranking.py, the same for both databases.

Permission safety: every query applies the scope's exact filter (Scope.where) to the entry
rows. The index tags (schema.py) only let the index skip entries the filter would discard.

A backend reads the database the router gives for reading search entries
(``current_backend()``): the replica in a request that may read it (baocao.core.db_router),
the default database otherwise. Every statement is a plain SELECT, so a hot standby answers it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from django.core.exceptions import EmptyResultSet
from django.db import connection as default_connection
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from baocao.core.plans import custom_plans
from baocao.reports.selectors import PUBLISHED
from baocao.search.models import SearchEntry
from baocao.search.query import ParsedQuery
from baocao.search.schema import BLOCK_LEVELS, PG_TAGS

COUNT_CAP = 1_000
# PostgreSQL's word statistics (PostgresBackend._frequencies) are read again after this long.
FREQUENCIES_SECONDS = 600.0
_FREQUENCIES: dict[str, tuple[float, dict[str, float]]] = {}
# Above this many units, a permission or unit filter is not spelled out as index tags.
MAX_TAG_UNITS = 32
_COLUMNS = ("id", "report_id", "item_id", "field", "month_first", "folded")


class Match(NamedTuple):
    """A matching index entry, with what ranking and loading the hit need."""

    entry_id: int
    report_id: int
    item_id: int | None
    field: str
    month_first: int
    folded: str


@dataclass(frozen=True)
class Scope:
    """The entries a search may return: whose units, in which statuses, and the filters.

    ``any_status`` are the units whose entries the user reads in every status (their own
    units), ``published`` those whose submitted and approved entries they read (the units they
    oversee), both already narrowed by the unit filter — exactly the rule of
    ``baocao.reports.selectors.visible_reports``. ``where()`` turns this into the SQL filter
    that every query applies to the entry rows.
    """

    any_status: frozenset[int] = field(default_factory=frozenset)
    published: frozenset[int] = field(default_factory=frozenset)
    template_id: int | None = None
    section_id: int | None = None
    status: str | None = None
    month_from: int | None = None  # year * 12 + month - 1 of the first month allowed
    month_to: int | None = None  # … of the last month allowed

    @property
    def units(self) -> frozenset[int]:
        """Return every unit with readable entries in the scope."""
        return self.any_status | self.published

    @property
    def year(self) -> int | None:
        """Return the one year the period filter lies within, if it does."""
        if self.month_from is None or self.month_to is None:
            return None
        return self.month_from // 12 if self.month_from // 12 == self.month_to // 12 else None

    def where(self, vendor: str) -> tuple[str, list]:
        """Return the SQL filter of the scope on ``search_searchentry`` and its parameters.

        PostgreSQL gets arrays (one parameter however many units); SQLite lists.
        """
        if not self.units:
            raise EmptyResultSet
        column = "search_searchentry."
        params: list = []

        def among(name: str, values: list) -> str:
            if vendor == "postgresql":
                params.append(values)
                return f"{column}{name} = ANY(%s)"
            params.extend(values)
            return f"{column}{name} IN ({', '.join(['%s'] * len(values))})"

        branches = []
        if self.any_status:
            branches.append(among("unit_id", sorted(self.any_status)))
        if self.published:
            branches.append(
                f"({among('unit_id', sorted(self.published))} AND "
                f"{among('status', list(PUBLISHED))})"
            )
        parts = [f"({' OR '.join(branches)})"]
        for name, op, value in (
            ("template_id", "=", self.template_id),
            ("section_id", "=", self.section_id),
            ("status", "=", self.status),
            ("month_first", ">=", self.month_from),
            ("month_last", "<=", self.month_to),
        ):
            if value is not None:
                parts.append(f"{column}{name} {op} %s")
                params.append(value)
        return " AND ".join(parts), params


class Backend(Protocol):
    """What a full-text backend does."""

    def newest(self, scope: Scope, query: ParsedQuery, *, limit: int) -> list[Match]:
        """Return the ``limit`` newest matching entries of ``scope``, newest first.

        Raise EmptyResultSet when the scope is empty.
        """


def _matches(rows: list[tuple]) -> list[Match]:
    return [Match(*row) for row in rows]


def _tag(value: object) -> str | None:
    """Return ``value`` as a tag suffix if it is one plain word, else None (no tag)."""
    text = str(value)
    return text if text.isascii() and text.isalnum() else None


class SqliteBackend:
    """FTS5 over the folded text and the tags (external-content table ``search_fts``).

    FTS5 walks its index in descending rowid order and stops after ``limit`` rows, so even a
    word found in every other entry costs a few milliseconds; for a user of a few units the
    unit tags make it skip the entries of other units before the join reads their rows.
    """

    def __init__(self, connection: BaseDatabaseWrapper | None = None) -> None:
        self.connection = connection or default_connection

    @staticmethod
    def tags(scope: Scope) -> str | None:
        """Return the FTS5 expression over the tags column that every scope entry matches.

        The units are spelled out when there are few; statuses never are: submitted and
        approved entries are most of the index, and seeking through their lists would cost
        more than the few drafts it skips.
        """
        parts = []
        if scope.units and len(scope.units) <= MAX_TAG_UNITS:
            parts.append(" OR ".join(f"u{unit}" for unit in sorted(scope.units)))
        for prefix, value in (
            ("t", scope.template_id),
            ("c", scope.section_id),
            ("s", scope.status),
            ("y", scope.year),
        ):
            suffix = _tag(value) if value is not None else None
            if suffix is not None:
                parts.append(f"{prefix}{suffix.lower()}")
        return " AND ".join(f"({part})" for part in parts) or None

    def newest(self, scope: Scope, query: ParsedQuery, *, limit: int) -> list[Match]:
        """Return the newest matches: FTS5 in rowid order, joined to the entry rows."""
        where, params = scope.where(self.connection.vendor)
        match = f"{{folded}} : ({query.to_fts5()})"
        tags = self.tags(scope)
        if tags:
            match += f" AND {{tags}} : ({tags})"
        columns = ", ".join(f"search_searchentry.{name}" for name in _COLUMNS)
        # ``where`` is Scope.where(): every value is a parameter. Words and tags are letters
        # and digits only (see query.py).
        sql = (
            f"SELECT {columns} FROM search_fts JOIN search_searchentry "  # noqa: S608
            "ON search_searchentry.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({where}) "
            "ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, limit])
            return _matches(cursor.fetchall())


class PostgresBackend:
    """A generated tsvector column and a GIN index over it and the tag vector.

    A GIN index has no order and no early stop: it builds the set of every entry that holds
    every word before the table rows are read. Vietnamese words are syllables, most of them
    frequent ("so", "cong", "thong" are each in 15–70 % of items), so that set is large for
    most queries, and reading its rows to find the newest ones is what made broad searches
    slow. The search therefore reads the newest rows first and the index only where it helps:

    1. **walk**: the ``probe`` newest entries (for a user of a few units: the
       ``narrow_probe`` newest entries of those units, by the unit index, and up to
       ``narrow_walk`` if at least ``narrow_dense`` of them matched) are read newest first and
       checked row by row; a frequent query stops as soon as ``limit`` rows match.
    2. **index, newest block first**: otherwise the GIN index is asked for the matches in the
       block of ids just below what was read — the block tags ``A{s}x{n}``/``B{s}x{n}`` make
       the index skip everything else — with the block size chosen from the density seen so
       far so that it should hold the missing matches; a larger block follows if it did not,
       and finally the whole rest of the index (a rare query, cheap in GIN).

    What an index scan costs is the words' lists it reads (for frequent words, about 1 ms per
    100 000 ids), so the block tag bounds it — but only as a condition of its own: ANDed in
    one tsquery with the unit tags, the index read the words' lists over every id whatever
    the block (measured: 6 ms instead of 1 for a district's 4 frequent words in a block of
    32 768 ids). Each tag group is therefore one ``@@`` condition. A block tag is a dense list
    too: one that would hold every id below ``low`` is left out when more than half of the
    index is still unread (it would cost more than the ids above ``low`` it excludes).

    The phrases are checked on the rows (``ts_match_vq``), not in the index, so the index
    never needs to recheck rows; conditions written ``id + 0`` keep the planner away from the
    primary key where the index is meant.
    """

    probe = 5_000  # newest ids read row by row first (many units)
    walk_reach = 25_000  # at most this many more ids are read row by row after the probe
    narrow_probe = 3_000  # newest entries of a user's few units read row by row first,
    narrow_walk = 12_000  # and this many if the query is frequent among them:
    narrow_dense = 0.04  # at least this share matched (reading rows is then cheaper)
    narrow_units = 16
    frequent = 0.25  # words in more of the entries are checked on the rows, not in the index
    io_concurrency = 200  # pages PostgreSQL may prefetch at once for a block (solid-state disks)
    levels = BLOCK_LEVELS

    _SELECT = ", ".join(_COLUMNS)
    _TSQUERY = "to_tsquery('simple', baocao_unaccent(%s))"

    def __init__(self, connection: BaseDatabaseWrapper | None = None) -> None:
        self.connection = connection or default_connection

    def tags(self, scope: Scope, *, narrow: bool) -> list[str]:
        """Return the tag lexemes (or OR-groups) that every scope entry carries."""
        tags = []
        if narrow and scope.units:
            units = sorted(scope.units)
            tags.append(
                " | ".join(f"'U{u}'" for u in units) if len(units) > 1 else f"'U{units[0]}'"
            )
        for prefix, value in (
            ("T", scope.template_id),
            ("C", scope.section_id),
            ("S", scope.status),
            ("Y", scope.year),
        ):
            suffix = _tag(value) if value is not None else None
            if suffix is not None:
                tags.append(f"'{prefix}{suffix}'")
        return tags

    def newest(self, scope: Scope, query: ParsedQuery, *, limit: int) -> list[Match]:
        """Return the newest matches: walk the newest rows, then the index block by block."""
        where, params = scope.where(self.connection.vendor)
        narrow = len(scope.units) <= self.narrow_units
        # Each statement planned for its own words and units (how rare a word is decides
        # the plan), in one transaction for the SET LOCAL below.
        with custom_plans(self.connection) as cursor:
            # The rows an index block finds are scattered over the table: let PostgreSQL ask
            # the disk for many at once (Debian's default, 1, reads them one by one; measured
            # from the disk: 83 ms instead of 25-40 for the 1 157 pages of a block of "lgsp").
            cursor.execute(f"SET LOCAL effective_io_concurrency = {self.io_concurrency}")
            units = sorted(scope.units) if narrow else None
            if units:
                top, low = self._units_low(cursor, units, self.narrow_probe)
                if top is None:
                    return []
                found = self._walk(cursor, where, params, query, low, None, limit, units)
                if len(found) < limit and len(found) >= self.narrow_dense * self.narrow_probe:
                    _top, far = self._units_low(cursor, units, self.narrow_walk)
                    if low > far:
                        found += self._walk(
                            cursor, where, params, query, far, low, limit - len(found), units
                        )
                        low = far
            else:
                top, found = self._probe(cursor, where, params, query, limit)
                if top is None:
                    return []
                low = max(1, top - self.probe + 1)
            tags = self.tags(scope, narrow=narrow)
            while len(found) < limit and low > 1:
                # Everything from ``low`` to ``top`` has been searched; go further down by
                # as many ids as should hold the missing matches at the density seen so far.
                need = limit - len(found)
                # A high estimate of the density (one standard deviation up), so that a block
                # is rather too small (one more, better informed step) than too large (all its
                # matching rows are read); while few matches inform it, aim at half the need,
                # and at most 16 times what was read while fewer than 20 do. With no match at
                # all yet, the query is probably rare: one large block, then the rest of the
                # index, which costs little for a rare query.
                covered = top - low + 1
                density = (len(found) + len(found) ** 0.5) / covered
                reach = need / density if density else 64.0 * covered
                if 0 < len(found) < 50:
                    reach /= 2
                if 0 < len(found) < 20:
                    reach = min(reach, 16.0 * covered)
                if density and not narrow and reach <= self.walk_reach:
                    bottom = max(1, low - int(reach))
                    found += self._walk(cursor, where, params, query, bottom, low, need)
                    low = bottom
                    continue
                block = self._block(low - 1, reach)
                if block is None or (block[0] <= 1 and 2 * low > top):
                    # The rest of the index. A block tag costs the index its (dense) list and
                    # saves it the ids it excludes: none, when the block holds every id below
                    # ``low``, but those above, less than half of them. Without it, then.
                    found += self._indexed(cursor, where, params, query, tags, low, need)
                    break
                start, tag = block
                found += self._indexed(cursor, where, params, query, [*tags, tag], low, need)
                low = max(1, start)
            return found

    def _block(self, below: int, reach: float) -> tuple[int, str] | None:
        """Return the first id and the tag of the block holding ``below`` that best reaches
        ``reach`` ids down from it, or None if no block does.

        The smallest block reaching that far — unless a smaller one reaches at least 70 % of
        the way: one more small step costs less than reading the matches of a block up to
        twice too large. Each level has aligned blocks (``A``) and blocks shifted by half a
        block (``B``), so one of the two reaches at least half a block down.
        """
        over: tuple[int, int, str] | None = None
        under: tuple[int, int, str] | None = None
        for level in self.levels:
            half = 1 << (level - 1)
            aligned = (below >> level) << level
            shifted = ((below + half) >> level << level) - half
            for start, tag in (
                (aligned, f"'A{level}x{below >> level}'"),
                (shifted, f"'B{level}x{(below + half) >> level}'"),
            ):
                covers = below - start + 1
                if covers >= reach:
                    if over is None or covers < over[0]:
                        over = (covers, start, tag)
                elif under is None or covers > under[0]:
                    under = (covers, start, tag)
        if under is not None and under[0] >= 0.7 * reach:
            return under[1], under[2]
        if over is not None:
            return over[1], over[2]
        return None

    def _units_low(
        self, cursor: CursorWrapper, units: list[int], size: int
    ) -> tuple[int | None, int]:
        """Return the highest entry id (None if there is none) and an id above which the
        ``units`` hold at most about ``size`` entries.

        Each unit's (size / units)-th newest entry, by the unit index alone; the highest of
        them; 1 if every unit has fewer.
        """
        cursor.execute(
            "SELECT (SELECT max(id) FROM search_searchentry), coalesce(max((SELECT id FROM "
            "search_searchentry WHERE unit_id = u ORDER BY id DESC OFFSET %s LIMIT 1)), 1) "
            "FROM unnest(%s::bigint[]) AS u",
            [max(1, size // len(units)) - 1, units],
        )
        top, low = cursor.fetchone()
        return top, low

    def _probe(
        self,
        cursor: CursorWrapper,
        where: str,
        params: list[Any],
        query: ParsedQuery,
        limit: int,
    ) -> tuple[int | None, list[Match]]:
        """Return the highest entry id and the matches among the ``probe`` newest ids."""
        # The function form of @@ is not an index operator: the planner reads the rows.
        # ``where`` is Scope.where(): every value is a parameter.
        cursor.execute(
            "WITH newest AS (SELECT max(id) AS top FROM search_searchentry) "  # noqa: S608
            f"SELECT newest.top, walk.* FROM newest LEFT JOIN LATERAL (SELECT {self._SELECT} "
            "FROM search_searchentry WHERE id > newest.top - %s "
            f"AND ({where}) AND ts_match_vq(document, {self._TSQUERY}) "
            "ORDER BY id DESC LIMIT %s) AS walk ON true",
            [self.probe, *params, query.to_tsquery(), limit],
        )
        rows = cursor.fetchall()
        top = rows[0][0] if rows else None
        return top, [Match(*row[1:]) for row in rows if row[1] is not None]

    def _walk(
        self,
        cursor: CursorWrapper,
        where: str,
        params: list[Any],
        query: ParsedQuery,
        low: int,
        below: int | None,
        limit: int,
        units: list[int] | None = None,
    ) -> list[Match]:
        """Return the newest matches among scope entries with ``low`` <= id < ``below``,
        reading the rows newest first (for a few ``units``: each by the unit index)."""
        # The function form of @@ is not an index operator: the planner reads the rows. Per
        # unit, the planner reads that unit's entries only; over several units at once it
        # would walk the primary key through every unit's entries.
        bound = "AND id < %s " if below is not None else ""
        args = [low, *([below] if below is not None else []), *params, query.to_tsquery(), limit]
        # ``where`` is Scope.where(): every value is a parameter.
        part = (
            f"SELECT {self._SELECT} FROM search_searchentry WHERE {{unit}}id >= %s "  # noqa: S608
            f"{bound}AND ({where}) AND ts_match_vq(document, {self._TSQUERY}) "
            "ORDER BY id DESC LIMIT %s"
        )
        if not units:
            cursor.execute(part.format(unit=""), args)
        else:
            branches = " UNION ALL ".join(
                f"({part.format(unit='unit_id = %s AND ')})" for _ in units
            )
            cursor.execute(
                f"SELECT * FROM ({branches}) AS walk ORDER BY id DESC LIMIT %s",  # noqa: S608
                [arg for unit in units for arg in (unit, *args)] + [limit],
            )
        return _matches(cursor.fetchall())

    def _indexed(
        self,
        cursor: CursorWrapper,
        where: str,
        params: list[Any],
        query: ParsedQuery,
        tags: list[str],
        below: int,
        limit: int,
    ) -> list[Match]:
        """Return the newest matches among scope entries with id < ``below``, by the index."""
        # ``where`` is Scope.where(): every value is a parameter.
        sql = [
            f"SELECT {self._SELECT} FROM search_searchentry "  # noqa: S608
            f"WHERE document @@ {self._TSQUERY}"
        ]
        words, left_to_rows = self._index_words(cursor, query)
        args: list = [words]
        # One condition per tag (or OR-group of unit tags): ANDed inside one tsquery, the unit
        # tags made the index read the words' lists over every id, block or not (5-10 ms for
        # frequent words); as separate conditions the block tag lets it skip to the block.
        for tag in tags:
            sql.append(f"AND {PG_TAGS} @@ %s::tsquery")
            args.append(tag)
        sql.append(f"AND id + 0 < %s AND ({where})")
        args += [below, *params]
        if query.has_phrase or left_to_rows:
            sql.append(f"AND ts_match_vq(document, {self._TSQUERY})")
            args.append(query.to_tsquery())
        sql.append("ORDER BY id + 0 DESC LIMIT %s")
        args.append(limit)
        cursor.execute(" ".join(sql), args)
        return _matches(cursor.fetchall())

    def _index_words(self, cursor: CursorWrapper, query: ParsedQuery) -> tuple[str, bool]:
        """Return the tsquery of the words the index is asked for (all ANDed, phrases
        loosened), and whether some words are left to the rows.

        A word in more than ``frequent`` of the entries ("so", "xa", "cong" …) costs the index
        its long list and excludes few entries: beyond the two rarest words of the query, the
        rows check it instead (measured on a district's block of 500 000 ids: 2.4 ms instead
        of 3.8 for "chuyen doi so", 2.8 instead of 5.4 for "ho so suc khoe dien tu"). The two
        rarest always stay: "trinh" alone, without "cong", would double the rows to read.
        """
        words = query.loose_words()
        shares = self._frequencies(cursor)
        ranked = sorted(words, key=lambda word: shares.get(word, 0.0))
        kept = ranked[:2] + [word for word in ranked[2:] if shares.get(word, 0.0) <= self.frequent]
        return " & ".join(kept), len(kept) < len(words)

    def _frequencies(self, cursor: CursorWrapper) -> dict[str, float]:
        """Return the share of entries holding each of the commonest words: PostgreSQL's own
        statistics of the ``document`` column (kept by ANALYZE), read again after
        FREQUENCIES_SECONDS."""
        now = time.monotonic()
        cached = _FREQUENCIES.get(self.connection.alias)
        if cached is not None and now - cached[0] < FREQUENCIES_SECONDS:
            return cached[1]
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'search_searchentry' "
            "AND attname = 'document'"
        )
        row = cursor.fetchone()
        # The frequencies end with three more numbers (their minimum, maximum, and nulls).
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _FREQUENCIES[self.connection.alias] = (now, shares)
        return shares


def current_backend() -> Backend:
    """Return the backend of the database that search entries are read from now.

    The router's choice, as for any read of the ORM: the replica inside a replica-readable
    request, the default database otherwise (and always without a router).
    """
    connection = connections[router.db_for_read(SearchEntry)]
    if connection.vendor == "postgresql":
        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        return SqliteBackend(connection)
    raise RuntimeError(f"full-text search is not available on {connection.vendor}")
