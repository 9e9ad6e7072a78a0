"""Analytics that follow lineage: a successor's series includes its predecessors' figures.

On request (``lineage=True``) a pivot row, a chart line, a dashboard trend or a rates history
of unit R counts, besides R's own subtree, every unit whose work went to R through recorded
merges and splits (``domain.lineage.Graph.attribution``: shares for numbers, indicator codes
for the functions a successor took over, never more than once), and for each indicator the
indicators of earlier regime versions it continues (``Indicator.continues``). A value that
comes, even in part, from a predecessor is marked as carried over. ``as_of`` chooses the tree
(the units open that day, the lineage recorded up to that day); None means today.

The figures are read from the fact table per unit and combined here in Python: lineage rows
are few (a unit and its children), unlike the plain pivot's millions of facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from baocao.analytics.models import IndicatorFact
from baocao.catalog.models import Indicator
from baocao.domain.consolidation import Rule
from baocao.domain.lineage import Graph
from baocao.organizations.models import OrgUnit
from baocao.organizations.selectors import children_as_of, lineage_graph

Key = tuple[int, int]


def indicator_chains(indicators: Iterable[Indicator]) -> dict[int, dict[int, tuple[int, str]]]:
    """Return, per indicator id, the indicators it stands for: itself (generation 0) and those
    it continues, transitively — id → (generation, code)."""
    indicators = list(indicators)
    # The "continues" edges reachable from the indicators, one query per generation for all.
    edges: dict[int, list[tuple[int, str]]] = {}
    frontier = {int(i.pk) for i in indicators}
    while frontier:
        rows = list(
            Indicator.continues.through.objects.filter(from_indicator_id__in=frontier).values_list(
                "from_indicator_id", "to_indicator_id", "to_indicator__code"
            )
        )
        for source in frontier:
            edges.setdefault(source, [])
        for source, pk, code in rows:
            edges[source].append((pk, code))
        frontier = {pk for _source, pk, _code in rows} - edges.keys()
    chains: dict[int, dict[int, tuple[int, str]]] = {}
    for indicator in indicators:
        found = {int(indicator.pk): (0, indicator.code)}
        layer = [int(indicator.pk)]
        generation = 0
        while layer:
            generation += 1
            nxt = []
            for source in layer:
                for pk, code in edges.get(source, ()):
                    if pk not in found:
                        found[pk] = (generation, code)
                        nxt.append(pk)
            layer = nxt
        chains[int(indicator.pk)] = found
    return chains


@dataclass
class _Cell:
    """A cell being combined: the rule's running numbers and whether anything was carried."""

    total: Decimal = Decimal(0)
    total_plain: Decimal = Decimal(0)
    count: int = 0
    high: Decimal | None = None
    low: Decimal | None = None
    latest: dict[int, tuple[int, Decimal, Decimal]] = field(default_factory=dict)
    carried: bool = False

    def add(self, value: Decimal, weight: Decimal, unit: int, index: int) -> None:
        self.total += value * weight
        self.total_plain += value
        self.count += 1
        self.high = value if self.high is None or value > self.high else self.high
        self.low = value if self.low is None or value < self.low else self.low
        seen = self.latest.get(unit)
        if seen is None or index > seen[0]:
            self.latest[unit] = (index, value, weight)

    def value(self, rule: Rule) -> Decimal | None:
        if not self.count:
            return None
        if rule is Rule.MAX:
            return self.high
        if rule is Rule.MIN:
            return self.low
        if rule is Rule.AVERAGE:
            return self.total_plain / self.count
        if rule is Rule.LAST:
            return sum((v * w for _i, v, w in self.latest.values()), Decimal(0))
        return self.total


def own_units(graph: Graph, unit: OrgUnit, subtree: bool) -> set[int]:
    """Return the units a row counts as its own: its subtree, or itself alone."""
    return graph.subtree(int(unit.pk)) if subtree else {int(unit.pk)}


def lineage_series(
    indicators: list[Indicator],
    rows: list[OrgUnit],
    keys: list[Key],
    by_year: bool,
    subtree: bool,
    as_of: dt.date | None,
) -> tuple[dict[Key, list[Decimal | None]], dict[Key, list[bool]]]:
    """Return per (row unit, indicator) the values over ``keys`` (columns) and the carried
    flags, following lineage."""
    graph = lineage_graph(as_of)
    chains = indicator_chains(indicators)
    weights: dict[Key, dict[int, Decimal]] = {}
    owns: dict[int, set[int]] = {}
    for unit in rows:
        own = owns[int(unit.pk)] = own_units(graph, unit, subtree)
        for indicator in indicators:
            codes = {code for _gen, code in chains[int(indicator.pk)].values()}
            weights[(int(unit.pk), int(indicator.pk))] = graph.attribution(own, codes)
    all_units = {u for found in weights.values() for u in found}
    all_indicators = {i for chain in chains.values() for i in chain}
    position = {key: n for n, key in enumerate(keys)}
    first, last = keys[0], keys[-1]
    facts = IndicatorFact.objects.filter(
        unit_id__in=all_units,
        indicator_id__in=all_indicators,
        year__gte=first[0],
        year__lte=last[0],
    ).values_list("unit_id", "indicator_id", "year", "index", "value")
    # One value per unit, indicator (of any version) and period: the newest version's.
    chosen: dict[tuple[int, int, int, int], tuple[int, Decimal]] = {}
    stands_for: dict[int, list[tuple[int, int]]] = {}
    for row_indicator, chain in chains.items():
        for pk, (generation, _code) in chain.items():
            stands_for.setdefault(pk, []).append((row_indicator, generation))
    for unit_id, indicator_id, year, index, value in facts:
        key = (year, 0) if by_year else (year, index)
        if key not in position:
            continue
        for row_indicator, generation in stands_for.get(indicator_id, ()):
            slot = (unit_id, row_indicator, year, index)
            held = chosen.get(slot)
            if held is None or generation < held[0]:
                chosen[slot] = (generation, Decimal(value))
    rules = {int(i.pk): Rule(i.aggregation) for i in indicators}
    series: dict[Key, list[Decimal | None]] = {}
    carried: dict[Key, list[bool]] = {}
    by_indicator: dict[int, list[tuple[int, int, int, Decimal]]] = {}
    for (unit_id, row_indicator, year, index), (_gen, value) in chosen.items():
        by_indicator.setdefault(row_indicator, []).append((unit_id, year, index, value))
    for unit in rows:
        own = owns[int(unit.pk)]
        for indicator in indicators:
            pk = int(indicator.pk)
            found = weights[(int(unit.pk), pk)]
            cells: dict[int, _Cell] = {}
            for unit_id, year, index, value in by_indicator.get(pk, ()):
                weight = found.get(unit_id)
                if weight is None:
                    continue
                column = position[(year, 0) if by_year else (year, index)]
                cell = cells.setdefault(column, _Cell())
                plain_weight = weight if rules[pk] in (Rule.SUM, Rule.LAST) else Decimal(1)
                cell.add(value, plain_weight, unit_id, index)
                cell.carried = cell.carried or unit_id not in own
            if not cells:
                continue
            line: list[Decimal | None] = [None] * len(keys)
            flags = [False] * len(keys)
            for column, cell in cells.items():
                line[column] = cell.value(rules[pk])
                flags[column] = cell.carried
            series[(int(unit.pk), pk)] = line
            carried[(int(unit.pk), pk)] = flags
    return series, carried


def rows_as_of(
    unit: OrgUnit, subtree: bool, level: str | None, day: dt.date | None
) -> list[OrgUnit]:
    """Return the pivot's rows in the tree as of ``day`` (None: today): the unit and its
    children then, or every unit of ``level`` open then below it."""
    day = day or timezone.localdate()
    if not subtree:
        return [unit]
    if level and level in OrgUnit.Level.values:
        below = unit.subtree().filter(level=level).prefetch_related("versions").order_by("path")
        return [u for u in below if u.is_open_on(day) and u.as_of(day).level == level]
    return [unit, *children_as_of(unit, day)]


def lineage_units(root: OrgUnit, as_of: dt.date | None) -> tuple[set[int], set[int]]:
    """Return the units whose reports count for ``root`` with lineage, and its own units."""
    graph = lineage_graph(as_of)
    own = graph.subtree(int(root.pk))
    return set(graph.attribution(own)), own
