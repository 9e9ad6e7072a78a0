"""The indicator × unit × period pivot over the fact table, with limits and changes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator
from baocao.core.errors import Invalid
from baocao.core.locale import period_label
from baocao.core.prepared import prepared
from baocao.domain.consolidation import Rule, change
from baocao.domain.periods import Period, periods_between
from baocao.domain.targets import Comparison, compare
from baocao.organizations.models import OrgUnit
from baocao.targets.models import AnnualTarget

if TYPE_CHECKING:
    from baocao.analytics.rollup import RollupStatus

MAX_INDICATORS = 20
MAX_COLUMNS = 120
MAX_YEARS = 30
MAX_ROWS = 5000


@dataclass(frozen=True)
class Column:
    """A column of the pivot: a period, or a whole year (``index`` 0)."""

    year: int
    index: int
    label: str

    @property
    def key(self) -> tuple[int, int]:
        """Return the (year, index) key of the column."""
        return self.year, self.index


@dataclass
class PivotRow:
    """One (unit, indicator) row with a value per column and the latest changes."""

    unit: OrgUnit
    indicator: Indicator
    cells: list[Decimal | None]
    previous: tuple[Decimal | None, float | None] = (None, None)
    last_year: tuple[Decimal | None, float | None] = (None, None)
    # With lineage: per column, whether the value includes a predecessor's figures.
    carried: list[bool] = field(default_factory=list)
    # The last column against the row unit's annual target (domain.targets.compare).
    plan: Comparison | None = None

    @property
    def cells_marked(self) -> list[tuple[Decimal | None, bool]]:
        """Return each cell with its carried-over flag."""
        flags = self.carried or [False] * len(self.cells)
        return list(zip(self.cells, flags, strict=True))

    @property
    def any_carried(self) -> bool:
        """Return whether any cell includes a predecessor's figures."""
        return any(self.carried)


@dataclass
class Pivot:
    """The result of a pivot query."""

    columns: list[Column]
    rows: list[PivotRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    lineage: bool = False
    as_of: dt.date | None = None
    from_rollup: bool = False
    # The subtree rollup's lag (analytics.rollup.RollupStatus), when it was consulted.
    rollup_status: RollupStatus | None = None

    @property
    def has_plan(self) -> bool:
        """Return whether any row has an annual target for the last column's year."""
        return any(row.plan is not None for row in self.rows)


def _too_many_periods() -> Invalid:
    """Return the error for a range of more than ``MAX_COLUMNS`` periods."""
    return Invalid(
        _(
            "Khoảng thời gian quá dài: tối đa %(count)s kỳ; hãy xem theo năm hoặc chọn "
            "khoảng ngắn hơn."
        )
        % {"count": MAX_COLUMNS},
        details={"to": "too_long"},
        code="range_too_long",
    )


def columns_for(
    start: Period, end: Period, by_year: bool, extra: int = 0, *, labelled: bool = True
) -> list[Column]:
    """Return the pivot's columns from ``start`` to ``end``; raise Invalid beyond the limits.

    Without ``labelled`` the columns' labels are empty (columns only read, never shown)."""
    if end < start:
        raise Invalid(
            _("Kỳ kết thúc phải sau kỳ bắt đầu."),
            details={"to": "before_from"},
            code="period_order",
        )
    if by_year:
        if end.year - start.year + 1 > MAX_YEARS + extra:
            raise Invalid(
                _("Khoảng thời gian quá dài: tối đa %(count)s năm.") % {"count": MAX_YEARS},
                details={"to": "too_long"},
                code="range_too_long",
            )
        return [
            Column(y, 0, _("Năm %(year)s") % {"year": y} if labelled else "")
            for y in range(start.year, end.year + 1)
        ]
    count = (end.year - start.year) * 12 + 12  # an upper bound, checked before listing
    if count > MAX_COLUMNS + 12 + extra * 12:
        raise _too_many_periods()
    periods = periods_between(start, end)
    if len(periods) > MAX_COLUMNS + extra * 12:
        raise _too_many_periods()
    return [Column(p.year, p.index, period_label(p) if labelled else "") for p in periods]


def check_indicator_count(count: int) -> None:
    """Raise Invalid when no indicator or more than ``MAX_INDICATORS`` are chosen."""
    if not count:
        raise Invalid(
            _("Hãy chọn ít nhất một chỉ tiêu."),
            details={"indicators": "required"},
            code="indicators_required",
        )
    if count > MAX_INDICATORS:
        raise Invalid(
            _("Chọn tối đa %(max)s chỉ tiêu cho một bảng phân tích (đã chọn %(count)s).")
            % {"max": MAX_INDICATORS, "count": count},
            details={"indicators": "too_many"},
            code="too_many_indicators",
        )


def check_indicators(indicators: list[Indicator]) -> tuple[list[Indicator], list[str]]:
    """Return the numeric indicators to pivot and the names of the text ones left out."""
    check_indicator_count(len(indicators))
    numeric = [i for i in indicators if i.is_numeric]
    skipped = [i.name for i in indicators if not i.is_numeric]
    if not numeric:
        raise Invalid(
            _("Các chỉ tiêu đã chọn là dạng văn bản, không tổng hợp thành số được."),
            details={"indicators": "text_only"},
            code="text_indicators",
        )
    return numeric, skipped


def _row_pairs(rows: list[OrgUnit], subtree: bool, within: OrgUnit | None) -> list[tuple]:
    """Return (row_id, unit_id): each row unit with every unit whose facts it counts.

    With ``subtree`` a unit counts for every row unit whose materialised path is a prefix of
    its own. The join is done by the database: for each length of the rows' paths,
    ``a.path = SUBSTR(u.path, 1, length)`` is an equality the path index answers, so the
    roll-up to the ancestors costs one lookup per unit, however deep or wide the tree
    (``CROSS JOIN`` keeps SQLite from looping over the row units outside and scanning every
    unit for each: 2,000 rows × 2,000 units took a second; the unary ``+`` keeps it from
    probing the id list inside the path lookup).
    Ids are integers from the database, inlined.
    """
    if not subtree:
        return [(int(u.pk), int(u.pk)) for u in rows]
    base = within.path if within is not None else "/"
    by_length: dict[int, list[int]] = defaultdict(list)
    for unit in rows:
        by_length[len(unit.path)].append(int(unit.pk))
    scope = ""
    if base != "/":
        scope = f"AND SUBSTR(u.path, 1, {len(base)}) = '{_path_literal(base)}'"
    sql = " UNION ALL ".join(
        f"SELECT a.id, u.id FROM organizations_orgunit u "  # noqa: S608 - integers only
        f"CROSS JOIN organizations_orgunit a WHERE a.path = SUBSTR(u.path, 1, {length}) "
        f"AND +a.id IN ({', '.join(map(str, ids))}) {scope}"
        for length, ids in sorted(by_length.items())
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _path_literal(path: str) -> str:
    """Return a materialised path ("/1/23/") safe to inline: digits and slashes only."""
    if not all(ch.isdigit() or ch == "/" for ch in path):
        raise ValueError(f"unexpected unit path {path!r}")
    return path


def _ids(indicators: list[Indicator], *rules: Rule) -> str:
    """Return the ids of the indicators with one of ``rules``, inlined ("0" when none)."""
    return ", ".join(str(int(i.pk)) for i in indicators if Rule(i.aggregation) in rules) or "0"


def _number_sql(expression: str) -> str:
    """Return ``expression`` as text, as ``_cells_to_series`` reads a number.

    SQLite gives integers and floats, each needing a type test and a ``str`` before becoming a
    Decimal, and psycopg's Decimals cost more than ``Decimal(text)``; as text (SQLite prints up
    to 15 significant digits, PostgreSQL every digit) they convert in one step.
    """
    return f"CAST({expression} AS TEXT)"


def _collect(expression: str) -> str:
    """Return the aggregate joining ``expression``'s texts with commas, in the rows' order."""
    if connection.vendor == "sqlite":
        return f"group_concat({expression})"
    return f"string_agg(CAST({expression} AS TEXT), ',')"


def _by_series(cells: str) -> str:
    """Return the query of one row per (row unit, indicator) over the ``cells`` query.

    ``cells`` gives (row_id, indicator_id, col, value, n) per cell; each series row carries its
    columns' keys, values and counts as three comma-separated texts in the same order. Fifty
    thousand cells are then a few hundred rows: the per-row cost of fetching and unpacking,
    twice the query's own at that size, is paid once per series.
    """
    return (
        f"SELECT c.row_id, c.indicator_id, {_collect('c.col')}, {_collect('c.value')}, "  # noqa: S608 - a query of this module
        f"{_collect('c.n')} FROM ({cells}) c GROUP BY c.row_id, c.indicator_id"
    )


def _series_of(
    table: str, units: list[int], indicators: list[int], columns: tuple[str, str, str], where: str
) -> str:
    """Return the query of the series of ``units`` × ``indicators`` read from ``table`` (``t``).

    ``columns`` are the key, value and count expressions of a cell, ``where`` the span. Each
    database gets the shape its planner runs best. SQLite: one GROUP BY over the unit and
    indicator lists, which it reads in the index's order (unit, indicator, year, index), with
    no sort. PostgreSQL cannot know that order from ``= ANY`` lists, and sorts or (with too
    little ``work_mem``) spills to disk: it gets a nested loop over the units and the
    indicators (two unnested arrays, so the text grows with their sum, not their product),
    each (unit, indicator) pair an index range aggregated in order. Ids are integers from the
    database, inlined.
    """
    key, value, count = columns
    unit_list = ", ".join(str(int(u)) for u in units)
    indicator_list = ", ".join(str(int(i)) for i in indicators)
    keys, values, counts = _collect(key), _collect(_number_sql(value)), _collect(count)
    if connection.vendor == "sqlite":
        return (
            f"SELECT t.unit_id, t.indicator_id, {keys}, {values}, {counts} FROM {table} t "  # noqa: S608 - integers and this module's expressions
            f"WHERE t.unit_id IN ({unit_list}) AND t.indicator_id IN ({indicator_list}) "
            f"AND {where} GROUP BY t.unit_id, t.indicator_id"
        )
    return (
        f"SELECT m.row_id, n.indicator_id, s.keys, s.vals, s.counts "  # noqa: S608 - integers and this module's expressions
        f"FROM unnest('{{{unit_list}}}'::bigint[]) m(row_id) "
        f"CROSS JOIN unnest('{{{indicator_list}}}'::bigint[]) n(indicator_id) CROSS JOIN LATERAL ("
        f"SELECT {keys} AS keys, {values} AS vals, {counts} AS counts FROM {table} t "
        f"WHERE t.unit_id = m.row_id AND t.indicator_id = n.indicator_id AND {where}) s "
        f"WHERE s.keys IS NOT NULL"
    )


def _cell_rows(
    indicators: list[Indicator], first: Column, last: Column, pairs: list[tuple], by_year: bool
) -> list[tuple]:
    """Return (row, indicator, column keys, values, counts) per series in one query.

    Each cell is (column key, value, count): the key is ``year * 100 + index`` (``_key``),
    the value as ``_number_sql`` gives it, grouped by series (``_by_series``).

    ``value`` is the aggregate the indicator's rule needs: the maximum, the minimum, the sum
    (``average`` divides it by ``count``), or for "last" the sum over units of each unit's
    latest value in the column (by month a unit has one value: the sum). One number per cell
    rather than five: converting them was a third of the time at fifty thousand cells.

    By month the facts are read through the covering index (unit, indicator, year, index,
    value), a nested loop from the (row, unit) pairs, given as a VALUES list: SQLite plans a
    constant list as few rows and reads the covering index (a subquery there gets a Bloom filter
    and table reads); ``CROSS JOIN`` keeps that order in SQLite, PostgreSQL reads it as a plain
    join. By year the pre-aggregated year rows are read instead (twelve times fewer).

    Raw SQL: at millions of facts Django's per-row converters cost more than the query.
    """
    if not pairs:
        return []
    row_map = (
        "WITH m(row_id, unit_id) AS (VALUES "
        + ", ".join(f"({int(row)}, {int(unit)})" for row, unit in pairs)
        + ") "
    )
    marks = ", ".join(["%s"] * len(indicators))
    params: list[int] = [*(i.pk for i in indicators), first.year, last.year]
    highest, lowest = _ids(indicators, Rule.MAX), _ids(indicators, Rule.MIN)
    if by_year:
        value = (
            f"CASE WHEN y.indicator_id IN ({highest}) THEN MAX(y.high) "
            f"WHEN y.indicator_id IN ({lowest}) THEN MIN(y.low) "
            f"WHEN y.indicator_id IN ({_ids(indicators, Rule.LAST)}) "
            f"THEN SUM(y.last_value) ELSE SUM(y.total) END"
        )
        cells = (
            f"SELECT m.row_id, y.indicator_id, y.year * 100 AS col, {_number_sql(value)} AS value, "  # noqa: S608 - placeholders and integers only
            f"SUM(y.count) AS n "
            f"FROM m CROSS JOIN analytics_indicatoryearfact y "
            f"WHERE y.unit_id = m.unit_id AND y.indicator_id IN ({marks}) "
            f"AND y.year BETWEEN %s AND %s "
            f"GROUP BY m.row_id, y.indicator_id, y.year"
        )
    else:
        params += [first.year, first.index, last.year, last.index]
        value = (
            f"CASE WHEN f.indicator_id IN ({highest}) THEN MAX(f.value) "
            f"WHEN f.indicator_id IN ({lowest}) THEN MIN(f.value) ELSE SUM(f.value) END"
        )
        cells = (
            f'SELECT m.row_id, f.indicator_id, f.year * 100 + f."index" AS col, '  # noqa: S608 - placeholders and integers only
            f"{_number_sql(value)} AS value, COUNT(*) AS n "
            f"FROM m CROSS JOIN analytics_indicatorfact f "
            f"WHERE f.unit_id = m.unit_id AND f.indicator_id IN ({marks}) "
            f"AND f.year BETWEEN %s AND %s "
            f'AND (f.year, f."index") >= (%s, %s) AND (f.year, f."index") <= (%s, %s) '
            f'GROUP BY m.row_id, f.indicator_id, f.year, f."index"'
        )
    with connection.cursor() as cursor:
        cursor.execute(row_map + _by_series(cells), params)
        return cursor.fetchall()


def _rollup_cells(
    indicators: list[Indicator],
    first: Column,
    last: Column,
    rows: list[OrgUnit],
    by_year: bool,
    status: RollupStatus,
) -> list[tuple] | None:
    """Return the series as ``_cell_rows`` does, from the subtree rollup; None when not fresh.

    A row unit with units below it reads its rollup rows (``analytics.rollup``); one without
    reads its own facts (by year its year rows). Each (row, indicator, column) is one row
    already: no roll-up join and no grouping at query time.
    """
    from baocao.analytics.rollup import fresh_for, parents_among

    if not fresh_for(status, first.year, last.year):
        return None
    ids = [int(u.pk) for u in rows]
    holders = parents_among(ids)
    own = [i for i in ids if i not in holders]
    indicator_ids = [int(i.pk) for i in indicators]
    highest, lowest, latest = (
        _ids(indicators, Rule.MAX),
        _ids(indicators, Rule.MIN),
        _ids(indicators, Rule.LAST),
    )
    parts: list[str] = []
    params: list[int] = []
    if by_year:
        span, span_params = "t.year BETWEEN %s AND %s", [first.year, last.year]
    else:
        span = (
            't.year BETWEEN %s AND %s AND (t.year, t."index") >= (%s, %s) '
            'AND (t.year, t."index") <= (%s, %s)'
        )
        span_params = [first.year, last.year, first.year, first.index, last.year, last.index]
    if holders:
        value = (
            f"CASE WHEN t.indicator_id IN ({highest}) THEN t.high "
            f"WHEN t.indicator_id IN ({lowest}) THEN t.low "
            f"WHEN t.indicator_id IN ({latest}) THEN t.last_total ELSE t.total END"
        )
        parts.append(
            _series_of(
                "analytics_indicatorrollup",
                sorted(holders),
                indicator_ids,
                ('t.year * 100 + t."index"', value, "t.count"),
                f't."index" {"=" if by_year else ">"} 0 AND {span}',
            )
        )
        params += span_params
    if own and by_year:
        value = (
            f"CASE WHEN t.indicator_id IN ({highest}) THEN t.high "
            f"WHEN t.indicator_id IN ({lowest}) THEN t.low "
            f"WHEN t.indicator_id IN ({latest}) THEN t.last_value ELSE t.total END"
        )
        parts.append(
            _series_of(
                "analytics_indicatoryearfact",
                own,
                indicator_ids,
                ("t.year * 100", value, "t.count"),
                span,
            )
        )
        params += span_params
    elif own:
        parts.append(
            _series_of(
                "analytics_indicatorfact",
                own,
                indicator_ids,
                ('t.year * 100 + t."index"', "t.value", "1"),
                span,
            )
        )
        params += span_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def _key(column: Column) -> int:
    """Return the column's key as the cell queries give it: ``year * 100 + index``."""
    return column.year * 100 + column.index


class _Numbers(dict[str, Decimal]):
    """Decimals by their text, each converted on first use."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = Decimal(text)
        return value


def _cells_to_series(
    found: list[tuple], columns: list[Column], averaged: set[int]
) -> dict[tuple[int, int], list[Decimal | None]]:
    """Return each (row, indicator)'s values per column from the series queries' rows.

    The hot loop of a large pivot (fifty thousand cells): per cell one conversion; a series
    without gaps, its keys in order, is one slice (keys of six digits sort as numbers), any
    other places each cell by its key. An average divides the sum by the count. The lists are
    comma-separated texts (``_collect``), numbers as ``_number_sql`` prints them.
    """
    width = len(columns)
    position = {str(_key(c)): n for n, c in enumerate(columns)}
    series: dict[tuple[int, int], list[Decimal | None]] = {}
    number = _Numbers().__getitem__  # figures repeat (counts, rates): each text converted once
    for row_id, indicator_id, key_text, value_text, count_text in found:
        line: list[Decimal | None] = [None] * width
        keys = key_text.split(",")
        values = list(map(number, value_text.split(",")))
        if indicator_id in averaged:
            counts = count_text.split(",")
            values = [value / int(count) for value, count in zip(values, counts, strict=True)]
        start = position[keys[0]]
        if position[keys[-1]] - start == len(keys) - 1 and keys == sorted(keys):
            line[start : start + len(keys)] = values  # every column in turn: the usual case
        else:
            for key, value in zip(keys, values, strict=True):
                line[position[key]] = value
        series[(row_id, indicator_id)] = line
    return series


def run_pivot(
    *,
    indicators: list[Indicator],
    rows: list[OrgUnit],
    start: Period,
    end: Period,
    by_year: bool = False,
    subtree: bool = True,
    within: OrgUnit | None = None,
    lineage: bool = False,
    as_of: dt.date | None = None,
    rollup: bool = True,
    plans: bool = True,
) -> Pivot:
    """Return the pivot of ``indicators`` for ``rows`` (each with its subtree) over periods.

    ``within`` is the unit whose subtree holds every row (it bounds the fact query).
    ``lineage`` follows merges, splits and regime versions (``analytics.lineage``): a row
    includes its predecessors' figures, flagged as carried over, with the lineage recorded up
    to ``as_of`` (None: today). ``rollup`` reads the subtree rollup when it is fresh for the
    asked years (``analytics.rollup``; not with lineage); False reads the fact tables.
    ``plans`` compares the last column with the row units' annual targets (``PivotRow.plan``);
    False leaves every ``plan`` None.

    Each cell combines the facts below the row unit by the indicator's rule (see
    ``baocao.domain.consolidation``). The changes compare the last column with the column
    before it and with the same period a year earlier.
    """
    numeric, skipped = check_indicators(indicators)
    columns = columns_for(start, end, by_year)
    if len(rows) * len(numeric) > MAX_ROWS:
        raise Invalid(
            _(
                "Bảng quá lớn (%(units)s đơn vị × %(indicators)s chỉ tiêu); hãy chọn "
                "cấp đơn vị cao hơn hoặc ít chỉ tiêu hơn (tối đa %(max)s dòng)."
            )
            % {"units": len(rows), "indicators": len(numeric), "max": MAX_ROWS},
            code="too_many_rows",
        )
    pivot = Pivot(columns, skipped=skipped, lineage=lineage, as_of=as_of)
    if not rows:
        return pivot
    wide = columns_for(start.same_period_last_year(), end, by_year, extra=1, labelled=False)
    width = len(wide)
    series: dict[tuple[int, int], list[Decimal | None]] = {}
    carried: dict[tuple[int, int], list[bool]] = {}
    if lineage:
        from baocao.analytics.lineage import lineage_series

        series, carried = lineage_series(
            numeric, rows, [c.key for c in wide], by_year, subtree, as_of
        )
    else:
        cells = None
        if rollup and subtree:
            from baocao.analytics.rollup import rollup_status

            pivot.rollup_status = rollup_status()  # read once: shown, and says if it is fresh
            cells = _rollup_cells(numeric, wide[0], wide[-1], rows, by_year, pivot.rollup_status)
        pivot.from_rollup = cells is not None
        if cells is None:
            cells = _cell_rows(
                numeric, wide[0], wide[-1], _row_pairs(rows, subtree, within), by_year
            )
        series = _cells_to_series(
            cells, wide, {i.pk for i in numeric if Rule(i.aggregation) is Rule.AVERAGE}
        )
    shown = len(columns)
    year_ago = next(
        (n for n, c in enumerate(wide) if c.key == (wide[-1].year - 1, wide[-1].index)), None
    )
    empty: list[Decimal | None] = [None] * width
    targets = _targets(rows, numeric, wide[-1].year) if plans else {}
    in_year = [n for n, c in enumerate(wide) if c.year == wide[-1].year]
    for indicator in numeric:
        indicator_id = indicator.pk
        for unit in rows:
            values = series.get((unit.pk, indicator_id), empty)
            row = PivotRow(unit, indicator, values[-shown:])
            if lineage:
                row.carried = carried.get((unit.pk, indicator_id), [False] * width)[-shown:]
            if width >= 2:
                row.previous = change(values[-1], values[-2])
            if year_ago is not None:
                row.last_year = change(values[-1], values[year_ago])
            target = targets.get((unit.pk, indicator_id))
            if target is not None:
                row.plan = compare(
                    value=values[-1],
                    year_values=[v for n in in_year[:-1] if (v := values[n]) is not None],
                    aggregation="last" if by_year else indicator.aggregation,
                    target=target,
                )
            pivot.rows.append(row)
    return pivot


def _targets(
    rows: list[OrgUnit], indicators: list[Indicator], year: int
) -> dict[tuple[int, int], Decimal]:
    """Return the row units' annual targets of ``year`` by (unit id, indicator id)."""
    by_code = {(i.template.code, i.code): i.pk for i in indicators}
    found: dict[tuple[int, int], Decimal] = {}
    codes = [i.code for i in indicators]
    if not _any_target(year, codes):  # no targets at all: skip the lookup by the row units
        return found
    for unit_id, template_code, code, value in _targets_of(year, codes, [u.pk for u in rows]):
        indicator_id = by_code.get((template_code, code))
        if indicator_id is not None:
            found[(unit_id, indicator_id)] = value
    return found


def _of_year(year: int, codes: list[str]) -> QuerySet[AnnualTarget]:
    """Return the annual targets of ``year`` for the indicators coded ``codes``."""
    return AnnualTarget.objects.filter(year=year, indicator__code__in=codes)


@prepared
def _any_target(year: int, codes: list[str]) -> QuerySet[AnnualTarget, int]:
    return _of_year(year, codes).values_list("pk", flat=True)[:1]


@prepared
def _targets_of(
    year: int, codes: list[str], units: list[int]
) -> QuerySet[AnnualTarget, tuple[int, str, str, Decimal]]:
    return (
        _of_year(year, codes)
        .filter(unit__in=units)
        .values_list("unit_id", "indicator__template__code", "indicator__code", "value")
    )
