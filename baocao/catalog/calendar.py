"""The working calendar: Vietnamese public holidays (data) corrected by administrators.

:func:`working_calendar` is the one calendar every deadline, reminder and reporting rate is
computed with: the bundled data with the corrections in force (``Holiday`` rows not withdrawn)
applied by :func:`baocao.domain.holidays.corrected`. The administrators' holidays page reads
through :func:`holiday_year` (permission-checked).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baocao.catalog.models import Holiday
from baocao.core.actors import AnyUser
from baocao.core.errors import NotFound
from baocao.core.prepared import prepared
from baocao.domain.holidays import (
    Correction,
    CorrectionKind,
    HolidayCalendar,
    corrected,
    vietnam_holidays,
    vietnam_working_days,
)
from baocao.organizations.access import is_administrator

FIRST_YEAR, LAST_YEAR = 2000, 2100


def corrections_in_force() -> list[Correction]:
    """Return the administrators' corrections that are not withdrawn."""
    return [Correction(day, CorrectionKind(kind)) for day, kind in _corrections()]


@prepared
def _corrections() -> QuerySet[Holiday, tuple[dt.date, str]]:
    return Holiday.objects.filter(withdrawn_at__isnull=True).values_list("day", "kind")


def working_calendar() -> HolidayCalendar:
    """Return the national holiday calendar with the administrators' corrections applied."""
    return corrected(corrections_in_force())


def is_calendar_administrator(user: AnyUser) -> bool:
    """Return whether ``user`` may correct the holiday calendar (an administrator)."""
    return is_administrator(user)


@dataclass(frozen=True)
class CalendarDay:
    """A day of the year's list: a day off or a make-up working day, as in force."""

    day: dt.date
    name: str
    kind: str  # Holiday.Kind.DAY_OFF or WORKING_DAY: what the day is (or was, if cancelled)
    status: str  # announced / statutory / assumed for bundled days; "corrected" otherwise
    builtin: bool
    correction: Holiday | None  # the correction in force on that day, if any

    @property
    def cancelled(self) -> bool:
        """Return whether the day is cancelled (or moved) by a correction in force."""
        return self.correction is not None and self.correction.kind == Holiday.Kind.CANCELLED

    @property
    def assumed(self) -> bool:
        """Return whether the bundled date is a guess or unconfirmed (not announced)."""
        return self.builtin and self.status in {"assumed", "statutory"}


@dataclass(frozen=True)
class HolidayYear:
    """What the holidays page shows for a year."""

    year: int
    days: list[CalendarDay]
    history: list[Holiday]  # every correction touching the year, withdrawn ones included


def holiday_year(user: AnyUser, year: int) -> HolidayYear:
    """Return the bundled days and the corrections of ``year``; NotFound unless administrator."""
    if not is_calendar_administrator(user):
        raise NotFound(_("Không tìm thấy trang."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(_("Không tìm thấy trang."))
    history = list(
        Holiday.objects.filter(day__year=year)
        .select_related("created_by", "withdrawn_by")
        .order_by("-created_at", "-pk")
    )
    in_force = {h.day: h for h in history if h.withdrawn_at is None}
    days: list[CalendarDay] = []
    for entry in vietnam_holidays():
        if entry.day.year == year:
            days.append(
                CalendarDay(
                    entry.day,
                    entry.name,
                    Holiday.Kind.DAY_OFF,
                    entry.status,
                    True,
                    in_force.pop(entry.day, None),
                )
            )
    for entry in vietnam_working_days():
        if entry.day.year == year:
            days.append(
                CalendarDay(
                    entry.day,
                    entry.name,
                    Holiday.Kind.WORKING_DAY,
                    entry.status,
                    True,
                    in_force.pop(entry.day, None),
                )
            )
    for day, row in in_force.items():
        kind = (
            Holiday.Kind.WORKING_DAY
            if row.kind == Holiday.Kind.WORKING_DAY
            else Holiday.Kind.DAY_OFF
        )
        days.append(CalendarDay(day, row.name, kind, "corrected", False, row))
    days.sort(key=lambda d: d.day)
    return HolidayYear(year, days, history)
