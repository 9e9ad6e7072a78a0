"""The working calendar: Vietnamese public holidays (data) plus those an administrator adds."""

from __future__ import annotations

from baocao.catalog.models import Holiday
from baocao.domain.holidays import HolidayCalendar, vietnam_calendar


def working_calendar() -> HolidayCalendar:
    """Return the national holiday calendar extended with the holidays stored in the database."""
    extra = list(Holiday.objects.values_list("day", flat=True))
    base = vietnam_calendar()
    return base.extended(holidays=extra) if extra else base
