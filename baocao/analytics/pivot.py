"""The indicator × unit × period pivot over the fact table, with limits and changes."""

from __future__ import annotations

from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from baocao.catalog.models import Indicator
from baocao.core.errors import Invalid
from baocao.domain.consolidation import Partial, Rule, change
from baocao.domain.periods import Period, periods_between
from baocao.organizations.models import OrgUnit

MAX_INDICATORS = 20
MAX_COLUMNS = 120
MAX_YEARS = 30
MAX_ROWS = 5000
MAX_IN_LIST = 20000


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


@dataclass
class Pivot:
    """The result of a pivot query."""

    columns: list[Column]
    rows: list[PivotRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def columns_for(start: Period, end: Period, by_year: bool, extra: int = 0) -> list[Column]:
    """Return the pivot's columns from ``start`` to ``end``; raise Invalid beyond the limits."""
    if end < start:
        raise Invalid("Kỳ kết thúc phải sau kỳ bắt đầu.", details={"to": "before_from"})
    if by_year:
        if end.year - start.year + 1 > MAX_YEARS + extra:
            raise Invalid(f"Khoảng thời gian quá dài: tối đa {MAX_YEARS} năm.",
                          details={"to": "too_long"}, code="range_too_long")
        return [Column(y, 0, f"Năm {y}") for y in range(start.year, end.year + 1)]
    count = (end.year - start.year) * 12 + 12  # an upper bound, checked before listing
    if count > MAX_COLUMNS + 12 + extra * 12:
        raise Invalid(f"Khoảng thời gian quá dài: tối đa {MAX_COLUMNS} kỳ; hãy xem theo năm "
                      "hoặc chọn khoảng ngắn hơn.", details={"to": "too_long"},
                      code="range_too_long")
    periods = periods_between(start, end)
    if len(periods) > MAX_COLUMNS + extra * 12:
        raise Invalid(f"Khoảng thời gian quá dài: tối đa {MAX_COLUMNS} kỳ; hãy xem theo năm "
                      "hoặc chọn khoảng ngắn hơn.", details={"to": "too_long"},
                      code="range_too_long")
    return [Column(p.year, p.index, p.label) for p in periods]


def check_indicators(indicators: list[Indicator]) -> tuple[list[Indicator], list[str]]:
    """Return the numeric indicators to pivot and the names of the text ones left out."""
    if not indicators:
        raise Invalid("Hãy chọn ít nhất một chỉ tiêu.", details={"indicators": "required"})
    if len(indicators) > MAX_INDICATORS:
        raise Invalid(f"Chọn tối đa {MAX_INDICATORS} chỉ tiêu cho một bảng phân tích "
                      f"(đã chọn {len(indicators)}).", details={"indicators": "too_many"},
                      code="too_many_indicators")
    numeric = [i for i in indicators if i.is_numeric]
    skipped = [i.name for i in indicators if not i.is_numeric]
    if not numeric:
        raise Invalid("Các chỉ tiêu đã chọn là dạng văn bản, không tổng hợp thành số được.",
                      details={"indicators": "text_only"}, code="text_indicators")
    return numeric, skipped


def _fact_rows(indicators: list[Indicator], kind: str, first: Column, last: Column,
               scope_path: str | None, unit_ids: list[int], by_year: bool,
               with_index: bool) -> list[tuple]:
    """Return (unit, indicator, year, index, sum, count, max, min) groups in one raw query.

    An indicator's facts all share its template's period kind, so ``kind`` needs no filter
    and the covering index (indicator, year, index, unit, value) answers the query alone.

    Raw SQL: at millions of facts Django's per-row converters cost more than the query.
    """
    group = "f.unit_id, f.indicator_id, f.year" + (
        ', f."index"' if with_index or not by_year else "")
    keys = group + ("" if with_index or not by_year else ", 0")
    params: list[object] = [*(i.pk for i in indicators), first.year, last.year,
                            first.year * 100 + (first.index or 1),
                            last.year * 100 + (last.index or 99)]
    where = ""
    join = ""
    if scope_path is not None:
        join = "JOIN organizations_orgunit u ON u.id = f.unit_id"
        where = "AND u.path LIKE %s"
        params.append(scope_path.replace("%", "").replace("_", "") + "%")
    else:
        where = "AND f.unit_id IN (" + ", ".join(["%s"] * len(unit_ids)) + ")"
        params.extend(unit_ids)
    sql = (
        f"SELECT {keys}, SUM(f.value), COUNT(*), MAX(f.value), MIN(f.value) "  # noqa: S608 - placeholders only
        f"FROM analytics_indicatorfact f {join} "
        f"WHERE f.indicator_id IN ({', '.join(['%s'] * len(indicators))}) "
        f"AND f.year BETWEEN %s AND %s "
        f'AND f.year * 100 + f."index" BETWEEN %s AND %s {where} '
        f"GROUP BY {group}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run_pivot(*, indicators: list[Indicator], rows: list[OrgUnit], start: Period, end: Period,
              by_year: bool = False, subtree: bool = True,
              within: OrgUnit | None = None) -> Pivot:
    """Return the pivot of ``indicators`` for ``rows`` (each with its subtree) over periods.

    ``within`` is the unit whose subtree holds every row (it bounds the fact query).

    Each cell combines the facts below the row unit by the indicator's rule (see
    ``baocao.domain.consolidation``). The changes compare the last column with the column
    before it and with the same period a year earlier.
    """
    numeric, skipped = check_indicators(indicators)
    columns = columns_for(start, end, by_year)
    if len(rows) * len(numeric) > MAX_ROWS:
        raise Invalid(f"Bảng quá lớn ({len(rows)} đơn vị × {len(numeric)} chỉ tiêu); hãy chọn "
                      f"cấp đơn vị cao hơn hoặc ít chỉ tiêu hơn (tối đa {MAX_ROWS} dòng).",
                      code="too_many_rows")
    pivot = Pivot(columns, skipped=skipped)
    if not rows:
        return pivot
    wide = columns_for(start.same_period_last_year(), end, by_year, extra=1)
    row_ids = {u.pk: u for u in rows}
    scope_path: str | None = None
    if subtree:
        base = within.path if within is not None else "/"
        paths = dict(OrgUnit.objects.filter(path__startswith=base).values_list("pk", "path"))
        unit_ids = list(paths)
        if len(unit_ids) > MAX_IN_LIST:
            scope_path, unit_ids = base, []
    else:
        unit_ids = list(row_ids)
        paths = {u.pk: u.path for u in rows}
    rules = {i.pk: Rule(i.aggregation) for i in numeric}
    leaf: dict[tuple[int, int, tuple[int, int]], Partial] = defaultdict(Partial)
    for with_last in (False, True):
        chosen = [i for i in numeric if (rules[i.pk] is Rule.LAST) == with_last]
        if not chosen:
            continue
        facts = _fact_rows(chosen, numeric[0].template.period_kind, wide[0], wide[-1],
                           scope_path, unit_ids, by_year, with_last)
        for unit_id, indicator_id, year, index, total, n, high, low in facts:
            col = (year, 0 if by_year else index)
            leaf[(unit_id, indicator_id, col)].add(total, key=year * 100 + index, count=n,
                                                   high=high, low=low)
    cells: dict[tuple[int, int, tuple[int, int]], Partial] = {}
    for (unit_id, indicator_id, col), part in leaf.items():
        ancestors = [int(p) for p in paths.get(unit_id, "").strip("/").split("/") if p]
        targets = ancestors if subtree else [unit_id]
        for target in targets:
            if target in row_ids:
                key = (target, indicator_id, col)
                if key in cells:
                    cells[key].merge_unit(part)
                else:
                    cells[key] = copy(part)
    wide_keys = [c.key for c in wide]
    position = {key: n for n, key in enumerate(wide_keys)}
    shown = len(columns)
    for indicator in numeric:
        indicator_id, rule = indicator.pk, rules[indicator.pk]
        for unit in rows:
            unit_id = unit.pk
            values = []
            for key in wide_keys:
                part = cells.get((unit_id, indicator_id, key))
                values.append(None if part is None else part.result(rule))
            row = PivotRow(unit, indicator, values[-shown:])
            if len(values) >= 2:
                row.previous = change(values[-1], values[-2])
            year_ago = position.get((wide[-1].year - 1, wide[-1].index))
            if year_ago is not None:
                row.last_year = change(values[-1], values[year_ago])
            pivot.rows.append(row)
    return pivot
