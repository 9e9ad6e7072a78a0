"""Plan targets and the same period last year: the two comparisons Vietnamese reports make.

"Đạt 39,6% kế hoạch năm": the value accumulated since the start of the year over the annual
target (kế hoạch năm). "Tăng 5,2% so với cùng kỳ": this period's value against the same period
of the previous year. One pure function (``compare``) serves the report page, the document's
table (DOCX and PDF) and the pivot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from baocao.domain.numbers import format_number

ONE_PLACE = Decimal("0.1")


def accumulate(values: Sequence[Decimal], aggregation: str) -> Decimal | None:
    """Return the year-to-date figure of the year's values, in period order.

    Sums add up ("sum"); the other aggregations keep their meaning over the year: the average,
    the largest, the smallest, or the last value given.
    """
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers:
        return None
    if aggregation == "sum":
        return sum(numbers, Decimal(0))
    if aggregation == "average":
        return sum(numbers, Decimal(0)) / len(numbers)
    if aggregation == "max":
        return max(numbers)
    if aggregation == "min":
        return min(numbers)
    return numbers[-1]


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Return ``part / whole`` in percent with one decimal, or None (no figure, zero whole)."""
    if part is None or whole is None or whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Comparison:
    """The comparisons of one figure: % of the annual plan and change vs the same period."""

    year_to_date: Decimal | None = None
    target: Decimal | None = None
    plan_percent: Decimal | None = None
    last_year: Decimal | None = None
    change_percent: Decimal | None = None

    @property
    def plan_text(self) -> str:
        """Return "39,6%" (of the annual plan) or "" when there is no target."""
        return f"{format_number(self.plan_percent)}%" if self.plan_percent is not None else ""

    @property
    def change_text(self) -> str:
        """Return "tăng 5,2%", "giảm 3%", "bằng" or "" against the same period last year."""
        change = self.change_percent
        if change is None:
            return ""
        if change > 0:
            return f"tăng {format_number(change)}%"
        if change < 0:
            return f"giảm {format_number(-change)}%"
        return "bằng"


def compare(
    *,
    value: Decimal | None,
    year_values: Sequence[Decimal] = (),
    aggregation: str = "sum",
    target: Decimal | None = None,
    last_year: Decimal | None = None,
) -> Comparison:
    """Return the comparisons of ``value``.

    ``year_values`` are the values of the year's earlier periods (this one excluded) in order;
    the year-to-date figure accumulates them with ``value``. ``last_year`` is the value of the
    same period a year before.
    """
    numbers = [*year_values, value] if value is not None else list(year_values)
    ytd = accumulate(numbers, aggregation)
    change = None
    if value is not None and last_year is not None and last_year != 0:
        change = percent(Decimal(value) - Decimal(last_year), last_year)
    return Comparison(
        year_to_date=ytd,
        target=target,
        plan_percent=percent(ytd, target),
        last_year=last_year,
        change_percent=change,
    )
