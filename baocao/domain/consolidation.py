"""Consolidation arithmetic: aggregation rules over values, reporting rates, changes.

Pure Python: callers pass numbers in, get numbers back. Aggregation follows DHIS2's reading of
the five rules an indicator may carry:

- ``sum``, ``average``, ``max``, ``min`` apply alike over units and over periods;
- ``last`` takes the latest period's value over time (a stock, e.g. systems in operation) and
  adds up over units (each unit's stock counts once): DHIS2's "last value, sum in hierarchy".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from baocao.domain.workflow import DELIVERED, FINAL

Number = Decimal | int | float


class Rule(StrEnum):
    """How an indicator's values combine (mirrors catalog.Indicator.Aggregation)."""

    SUM = "sum"
    AVERAGE = "average"
    MAX = "max"
    MIN = "min"
    LAST = "last"


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(value) if isinstance(value, int) else Decimal(str(value))


def _numbers(values: Iterable[Number | None]) -> list[Decimal]:
    return [Decimal(str(v)) if not isinstance(v, Decimal) else v for v in values if v is not None]


def combine_units(rule: Rule | str, values: Iterable[Number | None]) -> Decimal | None:
    """Combine one period's values of several units; ``None`` values (not reported) are skipped.

    Return ``None`` when no unit gave a value.
    """
    numbers = _numbers(values)
    if not numbers:
        return None
    rule = Rule(rule)
    if rule in (Rule.SUM, Rule.LAST):
        return sum(numbers, Decimal(0))
    return _reduce(rule, numbers)


def combine_periods(rule: Rule | str, values: Sequence[Number | None]) -> Decimal | None:
    """Combine one unit's values of consecutive periods, given oldest first.

    ``last`` returns the latest value given; missing periods are skipped.
    """
    numbers = _numbers(values)
    if not numbers:
        return None
    rule = Rule(rule)
    if rule is Rule.LAST:
        return numbers[-1]
    if rule is Rule.SUM:
        return sum(numbers, Decimal(0))
    return _reduce(rule, numbers)


def _reduce(rule: Rule, numbers: list[Decimal]) -> Decimal:
    if rule is Rule.AVERAGE:
        return sum(numbers, Decimal(0)) / len(numbers)
    if rule is Rule.MAX:
        return max(numbers)
    return min(numbers)


@dataclass
class Partial:
    """A mergeable partial aggregate of one cell: sum, count, max, min, and the latest value.

    ``latest_key`` orders periods (e.g. ``year * 100 + index``); ``latest`` holds the sum of the
    units' values at that key, so merging partials of different units gives "last, summed".
    """

    total: Decimal = Decimal(0)
    count: int = 0
    high: Decimal | None = None
    low: Decimal | None = None
    latest_key: int = -1
    latest: Decimal = Decimal(0)

    def add(
        self,
        value: Number,
        key: int = 0,
        count: int = 1,
        high: Number | None = None,
        low: Number | None = None,
    ) -> None:
        """Fold in a value (or a pre-summed group of ``count`` values with its max and min)."""
        number = _decimal(value)
        self.total += number
        self.count += count
        if count == 1 or high is None:
            high_d = low_d = number
        else:
            high_d, low_d = _decimal(high), _decimal(low if low is not None else high)
        if self.high is None or high_d > self.high:
            self.high = high_d
        if self.low is None or low_d < self.low:
            self.low = low_d
        if key > self.latest_key:
            self.latest_key, self.latest = key, number
        elif key == self.latest_key:
            self.latest += number

    def merge_unit(self, other: Partial) -> None:
        """Merge another unit's partial for the same cell."""
        if not other.count:
            return
        self.total += other.total
        self.count += other.count
        self.high = other.high if self.high is None else max(self.high, other.high or self.high)
        self.low = other.low if self.low is None else min(self.low, other.low or self.low)
        self.latest += other.latest
        self.latest_key = max(self.latest_key, other.latest_key)

    def result(self, rule: Rule | str) -> Decimal | None:
        """Return the cell's value under ``rule``; ``None`` when empty."""
        if not self.count:
            return None
        if not isinstance(rule, Rule):
            rule = Rule(rule)
        if rule is Rule.SUM:
            return self.total
        if rule is Rule.AVERAGE:
            return self.total / self.count
        if rule is Rule.MAX:
            return self.high
        if rule is Rule.MIN:
            return self.low
        return self.latest


@dataclass(frozen=True)
class ReportingRate:
    """Completeness and timeliness of one template and period over a set of expected units.

    ``received`` counts reports sent to the receiving agency (sent or received); ``on_time``
    those of them sent on or before the deadline; ``approved`` those approved or later. A
    report from a unit that was not expected is not counted, so no rate ever exceeds 100%.
    """

    expected: int
    received: int
    approved: int
    on_time: int

    @property
    def late(self) -> int:
        """Return how many received reports came after the deadline."""
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        """Return how many expected units have not sent their report."""
        return self.expected - self.received

    @property
    def completeness(self) -> float | None:
        """Return received / expected in percent (capped at 100), ``None`` when none expected."""
        return percent(self.received, self.expected)

    @property
    def timeliness(self) -> float | None:
        """Return on time / expected in percent (capped at 100), ``None`` when none expected."""
        return percent(self.on_time, self.expected)

    @property
    def approval(self) -> float | None:
        """Return approved / expected in percent (capped at 100)."""
        return percent(self.approved, self.expected)


_DELIVERED = frozenset(s.value for s in DELIVERED)
_FINAL = frozenset(s.value for s in FINAL)


def reporting_rate(statuses: Iterable[tuple[bool, str | None, bool]]) -> ReportingRate:
    """Count a rate from one tuple per unit: (expected, status or None, on time).

    Units not expected are ignored, whatever they sent.
    """
    expected = received = approved = on_time = 0
    for is_expected, status, timely in statuses:
        if not is_expected:
            continue
        expected += 1
        if status in _DELIVERED:
            received += 1
            on_time += 1 if timely else 0
        approved += 1 if status in _FINAL else 0
    return ReportingRate(expected, received, approved, on_time)


def percent(part: int, whole: int) -> float | None:
    """Return ``part / whole`` in percent, rounded to 0.1 and capped to 0-100."""
    if whole <= 0:
        return None
    return round(min(100.0, max(0.0, 100.0 * part / whole)), 1)


def change(current: Number | None, previous: Number | None) -> tuple[Decimal | None, float | None]:
    """Return the difference and the relative change in percent (``None`` where undefined)."""
    if current is None or previous is None:
        return None, None
    cur = current if type(current) is Decimal else Decimal(str(current))
    prev = previous if type(previous) is Decimal else Decimal(str(previous))
    diff = cur - prev
    if prev == 0:
        return diff, None
    return diff, round(float(diff * 100 / abs(prev)), 1)
