"""Working days of Vietnamese state agencies: weekends, public holidays and swapped days.

The holidays of 2021-2027 are data (``data/holidays_vn.json``) because Tết and the swapped days
move each year; each entry records whether it was announced or derived (``statutory``,
``assumed``). An administrator corrects the calendar — a day off added, cancelled or moved, a
Saturday worked in exchange — and every deadline follows: :func:`corrected` applies the
corrections to the bundled calendar, the one path by which working days are counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

_DATA_FILE = "holidays_vn.json"
_ONE_DAY = timedelta(days=1)


class HolidayError(ValueError):
    """Raise for malformed holiday data or an impossible calendar."""


@dataclass(frozen=True)
class Holiday:
    """One day off, with its Vietnamese name and how sure the data is of it."""

    day: date
    name: str
    status: str = "announced"


def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


@dataclass(frozen=True)
class HolidayCalendar:
    """Days off on top of weekends, and weekend days worked in exchange (ngày làm bù).

    Saturday and Sunday are not working days unless listed in ``working_weekends``; a date in
    ``holidays`` is never a working day.
    """

    holidays: frozenset[date] = frozenset()
    working_weekends: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        weekdays = sorted(d for d in self.working_weekends if not _is_weekend(d))
        if weekdays:
            raise HolidayError(f"a make-up working day must be a weekend day: {weekdays[0]}")

    @classmethod
    def from_dates(
        cls, holidays: Iterable[date], working_weekends: Iterable[date] = ()
    ) -> HolidayCalendar:
        """Build a calendar from holiday dates and make-up working weekend days."""
        return cls(frozenset(holidays), frozenset(working_weekends))

    def extended(
        self,
        holidays: Iterable[date] = (),
        working_weekends: Iterable[date] = (),
        cancelled: Iterable[date] = (),
    ) -> HolidayCalendar:
        """Return a copy with extra holidays and make-up days, and ``cancelled`` dates removed.

        A cancelled date stops being a holiday and a make-up working day alike.
        """
        dropped = frozenset(cancelled)
        return HolidayCalendar(
            (self.holidays | frozenset(holidays)) - dropped,
            (self.working_weekends | frozenset(working_weekends)) - dropped,
        )

    def is_holiday(self, d: date) -> bool:
        """Return whether ``d`` is a listed day off (not counting ordinary weekends)."""
        return d in self.holidays

    def is_working_day(self, d: date) -> bool:
        """Return whether state agencies work on ``d``."""
        if d in self.holidays:
            return False
        return d in self.working_weekends or not _is_weekend(d)

    def next_working_day(self, d: date) -> date:
        """Return ``d`` when it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """Return the date ``n`` working days after ``d`` (before it when ``n`` is negative).

        ``d`` itself is not counted, so ``n=1`` gives the first working day after ``d`` and
        ``n=0`` gives ``d`` unchanged.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Return the number of working days after ``start`` up to and including ``end``.

        When ``end`` is before ``start``, return minus the number of working days from ``end``
        up to but excluding ``start``, so ``working_days_between(d, add_working_days(d, n))``
        is ``n`` either way.
        """
        low, high, sign = (start, end, 1) if start <= end else (end, start, -1)
        span = (high - low).days
        offset = 1 if sign == 1 else 0
        days = (low + timedelta(days=i + offset) for i in range(span))
        return sign * sum(1 for d in days if self.is_working_day(d))


def _parse_day(value: Any, what: str) -> date:
    if not isinstance(value, str):
        raise HolidayError(f"{what} must be an ISO date string, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HolidayError(f"{what} is not an ISO date: {value!r}") from exc


def _entry_days(entry: Mapping[str, Any]) -> list[date]:
    start = _parse_day(entry.get("start"), "start")
    end = _parse_day(entry.get("end", entry.get("start")), "end")
    if end < start or (end - start).days > 15:
        raise HolidayError(f"implausible holiday range {start} to {end}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def parse_holiday_data(data: Mapping[str, Any]) -> tuple[tuple[Holiday, ...], frozenset[date]]:
    """Return the days off and the make-up working days described by ``data``.

    ``data`` has the shape of ``data/holidays_vn.json``: ``holidays`` entries with ``start``,
    optional ``end`` (inclusive), ``name`` and ``status``; ``working_days`` entries with ``date``.
    """
    days: list[Holiday] = []
    for entry in data.get("holidays", []):
        if not isinstance(entry, Mapping):
            raise HolidayError(f"a holiday entry must be an object, not {entry!r}")
        name, status = str(entry.get("name", "")), str(entry.get("status", "announced"))
        days.extend(Holiday(day, name, status) for day in _entry_days(entry))
    working = frozenset(_parse_day(e.get("date"), "date") for e in data.get("working_days", []))
    return tuple(sorted(days, key=lambda h: h.day)), working


def parse_working_days(data: Mapping[str, Any]) -> tuple[Holiday, ...]:
    """Return the make-up working days of ``data`` with their names and statuses."""
    days = [
        Holiday(
            _parse_day(e.get("date"), "date"),
            str(e.get("name", "")),
            str(e.get("status", "announced")),
        )
        for e in data.get("working_days", [])
    ]
    return tuple(sorted(days, key=lambda h: h.day))


@cache
def _data() -> Mapping[str, Any]:
    text = (resources.files("baocao.domain") / "data" / _DATA_FILE).read_text(encoding="utf-8")
    data: Mapping[str, Any] = json.loads(text)
    return data


@cache
def _load() -> tuple[tuple[Holiday, ...], frozenset[date]]:
    return parse_holiday_data(_data())


def vietnam_working_days() -> tuple[Holiday, ...]:
    """Return the bundled make-up working days (Saturdays worked), in date order."""
    return parse_working_days(_data())


def vietnam_holidays() -> tuple[Holiday, ...]:
    """Return the bundled Vietnamese days off (2021-2027), in date order."""
    return _load()[0]


@cache
def vietnam_calendar() -> HolidayCalendar:
    """Return the bundled calendar of Vietnamese state agencies (2021-2027), loaded once.

    Outside those years only weekends are known: extend the calendar for later years.
    """
    holidays, working = _load()
    return HolidayCalendar(frozenset(h.day for h in holidays), working)


class CorrectionKind(StrEnum):
    """What an administrator's correction does to a day."""

    DAY_OFF = "day_off"  # a day off (added, or the new date of a moved one)
    WORKING_DAY = "working_day"  # a weekend day worked in exchange (ngày làm bù)
    CANCELLED = "cancelled"  # a day off (or make-up day) that no longer is one


@dataclass(frozen=True)
class Correction:
    """One correction of the calendar in force."""

    day: date
    kind: CorrectionKind

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", CorrectionKind(self.kind))
        except ValueError as exc:
            raise HolidayError(f"unknown correction: {self.kind!r}") from exc


def corrected(
    corrections: Iterable[Correction], base: HolidayCalendar | None = None
) -> HolidayCalendar:
    """Return ``base`` (the bundled calendar) with ``corrections`` applied.

    A make-up working day that is not a weekend day changes nothing (weekdays are worked
    anyway) rather than breaking every deadline.
    """
    calendar = base if base is not None else vietnam_calendar()
    kept = list(corrections)
    if not kept:
        return calendar
    return calendar.extended(
        holidays=[c.day for c in kept if c.kind is CorrectionKind.DAY_OFF],
        working_weekends=[
            c.day for c in kept if c.kind is CorrectionKind.WORKING_DAY and _is_weekend(c.day)
        ],
        cancelled=[c.day for c in kept if c.kind is CorrectionKind.CANCELLED],
    )


def builtin_day(d: date) -> Holiday | None:
    """Return the bundled day off or make-up working day on ``d``, if any."""
    for entry in (*vietnam_holidays(), *vietnam_working_days()):
        if entry.day == d:
            return entry
    return None


def correction_problem(calendar: HolidayCalendar, correction: Correction) -> str | None:
    """Return why ``correction`` cannot be made on ``calendar`` (in force), else None.

    The codes: ``not_working`` (a day off must replace a working day), ``not_weekend`` (a
    make-up day is a Saturday or Sunday), ``already_working`` (the weekend day is already
    worked), ``holiday`` (a make-up day on a day off: cancel that first), ``nothing_to_cancel``.
    """
    d = correction.day
    if correction.kind is CorrectionKind.DAY_OFF:
        return None if calendar.is_working_day(d) else "not_working"
    if correction.kind is CorrectionKind.WORKING_DAY:
        if not _is_weekend(d):
            return "not_weekend"
        if calendar.is_holiday(d):
            return "holiday"
        return "already_working" if calendar.is_working_day(d) else None
    if calendar.is_holiday(d) or d in calendar.working_weekends:
        return None
    return "nothing_to_cancel"
