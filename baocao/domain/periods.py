"""Reporting periods (kỳ báo cáo) and their data cut-off windows (Decree 09/2019/NĐ-CP).

Codes are stable strings: ``2022-01`` (month), ``2022-Q1`` (quarter), ``2022-H1`` (half year),
``2022-9M`` (nine months), ``2022`` (year).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    """The frequency of a reporting regime."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


# How many sub-periods of each kind a year has.
_PER_YEAR = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_CODE = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])|(9M)))?$")


class PeriodError(ValueError):
    """Raise for a malformed period code or an impossible period."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: a kind, a year and the index within the year (1-based)."""

    year: int
    kind: PeriodKind
    index: int = 1

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2999:
            raise PeriodError(f"year out of range: {self.year}")
        if not 1 <= self.index <= _PER_YEAR[self.kind]:
            raise PeriodError(f"{self.kind.value} index out of range: {self.index}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Return the month period."""
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def parse(cls, code: str) -> Period:
        """Parse a period code such as ``2022-01`` or ``2022-Q1``."""
        match = _CODE.match(code.strip())
        if not match:
            raise PeriodError(f"not a period code: {code!r}")
        year = int(match.group(1))
        if match.group(2):
            return cls(year, PeriodKind.MONTH, int(match.group(2)))
        if match.group(3):
            return cls(year, PeriodKind.QUARTER, int(match.group(3)))
        if match.group(4):
            return cls(year, PeriodKind.HALF, int(match.group(4)))
        if match.group(5):
            return cls(year, PeriodKind.NINE_MONTHS, 1)
        return cls(year, PeriodKind.YEAR, 1)

    @property
    def code(self) -> str:
        """Return the stable code of the period."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{self.year}-9M"
        return f"{self.year}"

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """Return the Vietnamese name of the period, e.g. "Tháng 01/2022", "Quý I/2022"."""
        if self.kind is PeriodKind.MONTH:
            return f"Tháng {self.index:02d}/{self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        if self.kind is PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng năm {self.year}"
        return f"Năm {self.year}"

    @property
    def label_en(self) -> str:
        """Return the English name of the period, e.g. "January 2022", "Q1 2022"."""
        if self.kind is PeriodKind.MONTH:
            return f"{_MONTHS_EN[self.index - 1]} {self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{self.index} {self.year}"
        if self.kind is PeriodKind.HALF:
            return f"H{self.index} {self.year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 months {self.year}"
        return f"Year {self.year}"

    @classmethod
    def from_date(cls, kind: PeriodKind, d: date, rule: CutoffRule | None = None) -> Period:
        """Return the period of ``kind`` whose cut-off window under ``rule`` contains ``d``.

        ``rule`` defaults to Decree 09/2019. Raise PeriodError when no such period exists: a
        nine-month window leaves the last months of the year uncovered.
        """
        start_day = (rule or DECREE_09).start_day
        year, month = d.year, d.month
        if start_day > 1 and d.day >= start_day:
            year, month = _shift_month(year, month, 1)
        if kind is PeriodKind.NINE_MONTHS and month > 9:
            raise PeriodError(f"{d.isoformat()} lies in no nine-month cut-off window")
        return cls(year, kind, (month - 1) // (12 // _PER_YEAR[kind]) + 1)

    def contains(self, other: Period) -> bool:
        """Return whether ``other`` lies within this period (a year contains its months)."""
        first, last = self.months
        other_first, other_last = other.months
        return self.year == other.year and first <= other_first and other_last <= last

    def sub_periods(self, kind: PeriodKind) -> list[Period]:
        """Return the periods of ``kind`` this period contains, in order (maybe none)."""
        candidates = (Period(self.year, kind, i) for i in range(1, _PER_YEAR[kind] + 1))
        return [period for period in candidates if self.contains(period)]

    @property
    def months(self) -> tuple[int, int]:
        """Return the first and last calendar month (1-12) the period names."""
        if self.kind is PeriodKind.MONTH:
            return self.index, self.index
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.index - 2, 3 * self.index
        if self.kind is PeriodKind.HALF:
            return 6 * self.index - 5, 6 * self.index
        if self.kind is PeriodKind.NINE_MONTHS:
            return 1, 9
        return 1, 12

    def next(self) -> Period:
        """Return the following period of the same kind."""
        if self.index < _PER_YEAR[self.kind]:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self) -> Period:
        """Return the preceding period of the same kind."""
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, _PER_YEAR[self.kind])

    def same_period_last_year(self) -> Period:
        """Return the period of the same kind and index one year earlier."""
        return Period(self.year - 1, self.kind, self.index)


def periods_between(start: Period, end: Period) -> list[Period]:
    """Return the periods from ``start`` to ``end`` inclusive; empty when ``end`` is earlier.

    Raise PeriodError when the two periods are of different kinds.
    """
    if start.kind is not end.kind:
        raise PeriodError(f"cannot list periods from a {start.kind.value} to a {end.kind.value}")
    per_year = _PER_YEAR[start.kind]
    first = start.year * per_year + start.index - 1
    last = end.year * per_year + end.index - 1
    return [Period(n // per_year, start.kind, n % per_year + 1) for n in range(first, last + 1)]


def open_period(kind: PeriodKind, d: date, rule: CutoffRule | None = None) -> Period | None:
    """Return the period of ``kind`` whose cut-off window contains ``d``, or None.

    None only for a nine-month regime between its cut-off (14 September under Decree 09/2019)
    and the opening of next year's window: those days lie in no nine-month window.
    """
    try:
        return Period.from_date(kind, d, rule)
    except PeriodError:
        return None


def closed_period(kind: PeriodKind, d: date, rule: CutoffRule | None = None) -> Period:
    """Return the latest period of ``kind`` whose cut-off window ended before ``d``."""
    rule = rule or DECREE_09
    period = open_period(kind, d, rule)
    if period is not None:
        return period.previous()
    period = Period(d.year, kind, _PER_YEAR[kind])
    while rule.window(period)[1] >= d:
        period = period.previous()
    return period


def current_periods(kind: PeriodKind, d: date, rule: CutoffRule | None = None) -> list[Period]:
    """Return the periods a unit reports for on ``d``: the one just closed, then the open one.

    The one rule behind the reports page's offers, the reminders and the rates' "current
    period" (the closed one). The open period is left out on days no window of ``kind`` covers.
    """
    periods = [closed_period(kind, d, rule)]
    current = open_period(kind, d, rule)
    if current is not None:
        periods.append(current)
    return periods


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


@dataclass(frozen=True)
class CutoffRule:
    """The data cut-off window of a regime (thời gian chốt số liệu).

    ``start_day`` is the day of the month *before* the period's first month on which the window
    opens; it closes the day before ``start_day`` in the period's last month. Decree 09/2019 uses
    15 (15th of M-1 to 14th of M); inspection regimes use 16. ``start_day=1`` means calendar
    months (1st of the first month to the last day of the last month).
    """

    start_day: int = 15

    def __post_init__(self) -> None:
        if not 1 <= self.start_day <= 28:
            raise PeriodError(f"cut-off start day must be 1-28, not {self.start_day}")

    def window(self, period: Period) -> tuple[date, date]:
        """Return the first and last day (inclusive) whose data the period's report covers."""
        first, last = period.months
        if self.start_day == 1:
            end_day = calendar.monthrange(period.year, last)[1]
            return date(period.year, first, 1), date(period.year, last, end_day)
        y0, m0 = _shift_month(period.year, first, -1)
        return date(y0, m0, self.start_day), date(period.year, last, self.start_day - 1)


DECREE_09 = CutoffRule(15)
