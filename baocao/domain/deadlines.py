"""Report deadlines (thời hạn gửi báo cáo), set by each regime (Decree 09/2019/NĐ-CP).

A deadline is counted from the end of the period's data cut-off window: either a fixed day of a
month, or a number of working days after the cut-off. Dates are local (Asia/Ho_Chi_Minh): the
caller converts timestamps to local dates before asking whether a report is late.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from baocao.domain.holidays import HolidayCalendar
from baocao.domain.periods import CutoffRule, Period, PeriodKind

Timeliness = Literal["on_time", "late"]

_MAX_WORKING_DAYS = 60
_MAX_MONTH_OFFSET = 12
_FIELDS = frozenset({"kind", "value", "month_offset", "roll_forward_to_working_day"})


class DeadlineError(ValueError):
    """Raise for an impossible deadline rule or a deadline before the cut-off ends."""


class DeadlineKind(StrEnum):
    """How a regime counts its deadline."""

    DAY_OF_MONTH = "day_of_month"
    WORKING_DAYS_AFTER_CUTOFF = "working_days_after_cutoff"


@dataclass(frozen=True)
class DeadlineRule:
    """A regime's deadline rule, stored as JSON on the report template.

    ``DAY_OF_MONTH``: day ``value`` (clamped to the month's length) of the month that comes
    ``month_offset`` months after the month in which the cut-off window ends.
    ``WORKING_DAYS_AFTER_CUTOFF``: ``value`` working days after the cut-off's last day.
    ``roll_forward_to_working_day`` moves a deadline that falls on a day off to the next
    working day.
    """

    kind: DeadlineKind
    value: int
    month_offset: int = 0
    roll_forward_to_working_day: bool = False

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", DeadlineKind(self.kind))
        except ValueError as exc:
            raise DeadlineError(f"unknown deadline kind: {self.kind!r}") from exc
        if self.kind is DeadlineKind.DAY_OF_MONTH:
            if not 1 <= self.value <= 31:
                raise DeadlineError(f"day of month must be 1-31, not {self.value}")
            if not 0 <= self.month_offset <= _MAX_MONTH_OFFSET:
                raise DeadlineError(f"month offset must be 0-12, not {self.month_offset}")
        else:
            if not 1 <= self.value <= _MAX_WORKING_DAYS:
                raise DeadlineError(f"working days must be 1-60, not {self.value}")
            if self.month_offset:
                raise DeadlineError("a working-day deadline takes no month offset")

    @classmethod
    def day_of_month(
        cls, day: int, month_offset: int = 0, roll_forward: bool = False
    ) -> DeadlineRule:
        """Return a rule "day ``day`` of the month ``month_offset`` after the cut-off ends"."""
        return cls(DeadlineKind.DAY_OF_MONTH, day, month_offset, roll_forward)

    @classmethod
    def working_days(cls, days: int) -> DeadlineRule:
        """Return a rule "``days`` working days after the cut-off ends"."""
        return cls(DeadlineKind.WORKING_DAYS_AFTER_CUTOFF, days)

    def deadline(self, period: Period, cutoff_rule: CutoffRule, calendar: HolidayCalendar) -> date:
        """Return the last day on which the report for ``period`` is on time.

        Raise DeadlineError when the rule puts the deadline before the cut-off window ends.
        """
        cutoff_end = cutoff_rule.window(period)[1]
        if self.kind is DeadlineKind.WORKING_DAYS_AFTER_CUTOFF:
            return calendar.add_working_days(cutoff_end, self.value)
        total = cutoff_end.year * 12 + cutoff_end.month - 1 + self.month_offset
        year, month = divmod(total, 12)
        day = min(self.value, monthrange(year, month + 1)[1])
        result = date(year, month + 1, day)
        if result < cutoff_end:
            raise DeadlineError(
                f"deadline {result.isoformat()} falls before the cut-off ends "
                f"({cutoff_end.isoformat()})"
            )
        if self.roll_forward_to_working_day:
            result = calendar.next_working_day(result)
        return result

    def to_dict(self) -> dict[str, object]:
        """Return the rule as a JSON-ready dict."""
        return {
            "kind": self.kind.value,
            "value": self.value,
            "month_offset": self.month_offset,
            "roll_forward_to_working_day": self.roll_forward_to_working_day,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DeadlineRule:
        """Build a rule from :meth:`to_dict` output; raise DeadlineError on anything else."""
        unknown = set(data) - _FIELDS
        if unknown:
            raise DeadlineError(f"unknown deadline fields: {', '.join(sorted(unknown))}")
        try:
            kind = DeadlineKind(str(data["kind"]))
        except (KeyError, ValueError) as exc:
            raise DeadlineError(f"bad or missing deadline kind: {data.get('kind')!r}") from exc
        roll = data.get("roll_forward_to_working_day", False)
        if not isinstance(roll, bool):
            raise DeadlineError(f"roll_forward_to_working_day must be true or false, not {roll!r}")
        return cls(kind, _integer(data, "value", None), _integer(data, "month_offset", 0), roll)

    def describe_vi(self, period_kind: PeriodKind = PeriodKind.MONTH) -> str:
        """Return the rule in Vietnamese, e.g. "Ngày 20 hằng tháng"."""
        if self.kind is DeadlineKind.WORKING_DAYS_AFTER_CUTOFF:
            return f"{self.value:02d} ngày làm việc sau ngày chốt số liệu"
        day = f"Ngày {self.value:02d}"
        if self.month_offset == 0:
            month = "hằng tháng" if period_kind is PeriodKind.MONTH else "của tháng chốt số liệu"
        elif self.month_offset == 1:
            month = "của tháng sau tháng chốt số liệu"
        else:
            month = f"của tháng thứ {self.month_offset} sau tháng chốt số liệu"
        text = f"{day} {month}"
        if self.roll_forward_to_working_day:
            text += " (trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp)"
        return text


def _integer(data: Mapping[str, object], name: str, default: int | None) -> int:
    value = data.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise DeadlineError(f"{name} must be an integer, not {value!r}")
    return value


def is_overdue(deadline: date, today: date, submitted_on: date | None = None) -> bool:
    """Return whether, on ``today``, the deadline has passed with the report not yet submitted.

    A report submitted on or before ``today`` is not overdue (see :func:`timeliness` for late);
    a submission dated after ``today`` did not exist yet on ``today``.
    """
    if submitted_on is not None and submitted_on <= today:
        return False
    return today > deadline


def timeliness(deadline: date, submitted_on: date) -> Timeliness:
    """Return "on_time" for a submission on or before the deadline, else "late"."""
    return "on_time" if submitted_on <= deadline else "late"
