"""Work registers (sổ theo dõi): the figures a report quotes, computed from register entries.

A unit keeps registers of its own work — publications deposited (lưu chiểu), complaints
received, administrative files handled — one entry per event, dated. A report's indicator
bound to a register takes, for the report's data window (Decree 09: the 15th of the previous
month to the 14th), either the number of entries or the sum of their quantities, optionally
only the entries of one category. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from baocao.domain.text import fold


class Measure(StrEnum):
    """What a bound indicator takes from the register's entries in the window."""

    COUNT = "count"  # how many entries
    SUM = "sum"  # the sum of the entries' quantities


@dataclass(frozen=True)
class EntryFacts:
    """What the computation needs of an entry: its date, category and quantity."""

    day: dt.date
    category: str = ""
    quantity: Decimal | None = None
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    """A computed figure: the value, how many entries it used, and how many lacked a quantity."""

    value: Decimal
    entries: int
    missing_quantity: int = 0


def same_category(wanted: str | None, category: str) -> bool:
    """Return whether an entry of ``category`` counts for a binding to ``wanted``.

    An empty ``wanted`` takes every entry; otherwise case, diacritics (đ included) and spaces
    are ignored, so "Không kinh doanh" matches "không  kinh doanh" and "KHONG KINH DOANH".
    """
    return not wanted or fold(wanted) == fold(category)


def _folded_value(value: object) -> str:
    """Return a column value as compared by a binding's filter (yes/no as "co"/"khong")."""
    if value is True:
        return "co"
    if value is False or value is None:
        return "khong" if value is False else ""
    return fold(str(value))


def matches(
    facts: EntryFacts,
    categories: Iterable[str] = (),
    filters: Mapping[str, Iterable[str]] | None = None,
) -> bool:
    """Return whether an entry counts for a binding to any of ``categories`` (none: every
    category) whose column values are each one of ``filters[code]`` (an empty list: any)."""
    wanted = [c for c in categories if c]
    if wanted and not any(same_category(c, facts.category) for c in wanted):
        return False
    for code, allowed in (filters or {}).items():
        folded = {_folded_value(a) for a in allowed if str(a)}
        if folded and _folded_value(facts.values.get(code)) not in folded:
            return False
    return True


def compute(
    entries: Iterable[EntryFacts],
    *,
    start: dt.date,
    end: dt.date,
    measure: Measure,
    category: str | None = None,
    categories: Iterable[str] = (),
    filters: Mapping[str, Iterable[str]] | None = None,
    sum_column: str = "",
) -> Figure:
    """Return the figure of the entries dated from ``start`` to ``end`` inclusive.

    The entries counted are those of ``category`` or any of ``categories`` (none given:
    every entry) whose column values pass ``filters``. A sum adds the quantities, or the
    number column ``sum_column`` when given; it counts the entries without one in
    ``missing_quantity`` (shown to the user, who may have forgotten to fill them in) and adds
    nothing for them.
    """
    if end < start:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    wanted = [*([category] if category else []), *categories]
    used = [e for e in entries if start <= e.day <= end and matches(e, wanted, filters)]
    if measure is Measure.COUNT:
        return Figure(Decimal(len(used)), len(used))
    amounts = [
        (Decimal(str(e.values[sum_column])) if e.values.get(sum_column) not in (None, "") else None)
        if sum_column
        else e.quantity
        for e in used
    ]
    total = sum((a for a in amounts if a is not None), Decimal(0))
    missing = sum(1 for a in amounts if a is None)
    return Figure(total, len(used), missing)


def next_number(existing: Iterable[int]) -> int:
    """Return the next running number of a register's year (1 for the first entry)."""
    return max(existing, default=0) + 1
