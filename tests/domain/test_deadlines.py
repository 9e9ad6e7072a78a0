"""Report deadlines: day of month or working days after the cut-off."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.domain.deadlines import (
    DeadlineError,
    DeadlineKind,
    DeadlineRule,
    is_overdue,
    timeliness,
)
from baocao.domain.holidays import Correction, HolidayCalendar, corrected, vietnam_calendar
from baocao.domain.periods import DECREE_09, CutoffRule, Period, PeriodKind

D = date.fromisoformat
P = Period.parse
VN = vietnam_calendar()
DAY = DeadlineRule.day_of_month
WORKING = DeadlineRule.working_days

CASES = [
    # rule, period, cut-off rule, deadline
    (DAY(20), "2022-01", DECREE_09, "2022-01-20"),
    (DAY(14), "2022-01", DECREE_09, "2022-01-14"),  # the cut-off's last day itself
    (DAY(31), "2022-02", DECREE_09, "2022-02-28"),  # clamped
    (DAY(31), "2024-02", DECREE_09, "2024-02-29"),  # clamped, leap year
    (DAY(5, month_offset=1), "2022-12", DECREE_09, "2023-01-05"),  # across the year
    (DAY(20), "2022-Q1", DECREE_09, "2022-03-20"),  # a Sunday, not rolled
    (DAY(20, roll_forward=True), "2022-Q1", DECREE_09, "2022-03-21"),
    (DAY(20), "2022", DECREE_09, "2022-12-20"),
    (DAY(15, month_offset=1), "2022", DECREE_09, "2023-01-15"),
    (DAY(20), "2022-H1", DECREE_09, "2022-06-20"),
    (DAY(20), "2022-9M", DECREE_09, "2022-09-20"),
    (DAY(5, month_offset=1), "2022-01", CutoffRule(1), "2022-02-05"),  # Saturday in Tết
    (DAY(5, month_offset=1, roll_forward=True), "2022-01", CutoffRule(1), "2022-02-07"),
    (DAY(5, month_offset=2), "2022-11", CutoffRule(1), "2023-01-05"),
    (DAY(18), "2022-01", CutoffRule(16), "2022-01-18"),
    (WORKING(5), "2022-01", DECREE_09, "2022-01-21"),
    (WORKING(3), "2024-02", DECREE_09, "2024-02-19"),  # cut-off ends in Tết Giáp Thìn
    (WORKING(5), "2023-01", DECREE_09, "2023-01-27"),  # cut-off on a Saturday, then Tết
    (WORKING(5), "2021-02", DECREE_09, "2021-02-23"),
    (WORKING(1), "2022", DECREE_09, "2022-12-15"),
]


@pytest.mark.parametrize(("rule", "code", "cutoff", "expected"), CASES)
def test_deadline(rule: DeadlineRule, code: str, cutoff: CutoffRule, expected: str) -> None:
    assert rule.deadline(P(code), cutoff, VN) == D(expected)


def test_deadline_uses_the_given_calendar() -> None:
    cal = HolidayCalendar.from_dates([D("2022-01-17")])
    assert WORKING(1).deadline(P("2022-01"), DECREE_09, cal) == D("2022-01-18")
    assert WORKING(1).deadline(P("2022-01"), DECREE_09, HolidayCalendar()) == D("2022-01-17")
    rolled = DAY(17, roll_forward=True)
    assert rolled.deadline(P("2022-01"), DECREE_09, calendar=cal) == D("2022-01-18")


def test_deadline_before_the_cutoff_end_is_an_error() -> None:
    with pytest.raises(DeadlineError):
        DAY(10).deadline(P("2022-01"), DECREE_09, VN)
    with pytest.raises(DeadlineError):
        DAY(20).deadline(P("2022-01"), CutoffRule(1), VN)


@given(
    st.integers(2021, 2027),
    st.integers(1, 12),
    st.integers(1, 20),
    st.sampled_from([DECREE_09, CutoffRule(1), CutoffRule(16)]),
)
def test_working_day_deadline_is_n_working_days_after_cutoff(
    year: int, month: int, n: int, cutoff: CutoffRule
) -> None:
    period = Period.month(year, month)
    end = cutoff.window(period)[1]
    deadline = WORKING(n).deadline(period, cutoff, VN)
    assert VN.is_working_day(deadline)
    assert VN.working_days_between(end, deadline) == n


@given(st.integers(2021, 2027), st.integers(1, 12), st.integers(1, 31), st.integers(1, 3))
def test_rolled_deadline_is_the_next_working_day(
    year: int, month: int, day: int, offset: int
) -> None:
    period = Period.month(year, month)
    plain = DAY(day, offset).deadline(period, DECREE_09, VN)
    rolled = DAY(day, offset, roll_forward=True).deadline(period, DECREE_09, VN)
    assert VN.is_working_day(rolled)
    assert plain <= rolled
    assert VN.working_days_between(plain, rolled) == (0 if plain == rolled else 1)


# --- rule validation and storage -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "offset"),
    [
        (DeadlineKind.DAY_OF_MONTH, 0, 0),
        (DeadlineKind.DAY_OF_MONTH, 32, 0),
        (DeadlineKind.DAY_OF_MONTH, 5, -1),
        (DeadlineKind.DAY_OF_MONTH, 5, 13),
        (DeadlineKind.WORKING_DAYS_AFTER_CUTOFF, 0, 0),
        (DeadlineKind.WORKING_DAYS_AFTER_CUTOFF, 61, 0),
        (DeadlineKind.WORKING_DAYS_AFTER_CUTOFF, 5, 1),
    ],
)
def test_invalid_rules(kind: DeadlineKind, value: int, offset: int) -> None:
    with pytest.raises(DeadlineError):
        DeadlineRule(kind, value, offset)


def test_kind_given_as_text_is_coerced() -> None:
    rule = DeadlineRule("day_of_month", 20)  # type: ignore[arg-type]
    assert rule.kind is DeadlineKind.DAY_OF_MONTH
    with pytest.raises(DeadlineError):
        DeadlineRule("weekly", 20)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "rule", [DAY(20), DAY(5, month_offset=1, roll_forward=True), WORKING(5), WORKING(60)]
)
def test_dict_round_trip(rule: DeadlineRule) -> None:
    stored = json.loads(json.dumps(rule.to_dict()))
    assert DeadlineRule.from_dict(stored) == rule


def test_to_dict_shape() -> None:
    assert DAY(20).to_dict() == {
        "kind": "day_of_month",
        "value": 20,
        "month_offset": 0,
        "roll_forward_to_working_day": False,
    }


def test_from_dict_defaults() -> None:
    assert DeadlineRule.from_dict({"kind": "working_days_after_cutoff", "value": 5}) == WORKING(5)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"value": 5},
        {"kind": "weekly", "value": 5},
        {"kind": None, "value": 5},
        {"kind": "day_of_month"},
        {"kind": "day_of_month", "value": "20"},
        {"kind": "day_of_month", "value": 20.0},
        {"kind": "day_of_month", "value": True},
        {"kind": "day_of_month", "value": 20, "month_offset": "1"},
        {"kind": "day_of_month", "value": 20, "roll_forward_to_working_day": "yes"},
        {"kind": "day_of_month", "value": 20, "day": 3},
        {"kind": "day_of_month", "value": 40},
    ],
)
def test_from_dict_rejects(data: dict[str, object]) -> None:
    with pytest.raises(DeadlineError):
        DeadlineRule.from_dict(data)


def test_deadline_error_is_value_error() -> None:
    assert issubclass(DeadlineError, ValueError)


@pytest.mark.parametrize(
    ("rule", "kind", "text"),
    [
        (DAY(20), PeriodKind.MONTH, "Ngày 20 hằng tháng"),
        (DAY(5), PeriodKind.MONTH, "Ngày 05 hằng tháng"),
        (DAY(20), PeriodKind.QUARTER, "Ngày 20 của tháng chốt số liệu"),
        (DAY(5, 1), PeriodKind.MONTH, "Ngày 05 của tháng sau tháng chốt số liệu"),
        (DAY(15, 2), PeriodKind.YEAR, "Ngày 15 của tháng thứ 2 sau tháng chốt số liệu"),
        (
            DAY(20, roll_forward=True),
            PeriodKind.MONTH,
            "Ngày 20 hằng tháng (trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp)",
        ),
        (WORKING(5), PeriodKind.MONTH, "05 ngày làm việc sau ngày chốt số liệu"),
        (WORKING(15), PeriodKind.YEAR, "15 ngày làm việc sau ngày chốt số liệu"),
    ],
)
def test_describe_vi(rule: DeadlineRule, kind: PeriodKind, text: str) -> None:
    assert rule.describe_vi(kind) == text


def test_describe_vi_defaults_to_monthly() -> None:
    assert DAY(20).describe_vi() == "Ngày 20 hằng tháng"


# --- overdue and timeliness ----------------------------------------------------------------

DEADLINE = D("2022-01-20")


@pytest.mark.parametrize(
    ("today", "submitted_on", "expected"),
    [
        ("2022-01-19", None, False),
        ("2022-01-20", None, False),  # the deadline day itself is still on time
        ("2022-01-21", None, True),
        ("2022-01-25", "2022-01-18", False),
        ("2022-01-25", "2022-01-23", False),  # submitted late: late, but no longer overdue
        ("2022-01-22", "2022-01-23", True),  # as of the 22nd it had not been submitted
        ("2022-01-19", "2022-01-23", False),
    ],
)
def test_is_overdue(today: str, submitted_on: str | None, expected: bool) -> None:
    submitted = D(submitted_on) if submitted_on else None
    assert is_overdue(DEADLINE, D(today), submitted) is expected


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [("2022-01-03", "on_time"), ("2022-01-20", "on_time"), ("2022-01-21", "late")],
)
def test_timeliness(submitted_on: str, expected: str) -> None:
    assert timeliness(DEADLINE, D(submitted_on)) == expected


# --- deadlines follow the administrators' corrections ---------------------------------------

TWENTY_DAYS = WORKING(20)  # from 14/01/2027, across the assumed Tết block of 05-11/02/2027


def test_deadline_moves_earlier_when_an_assumed_day_off_is_cancelled() -> None:
    assert TWENTY_DAYS.deadline(P("2027-01"), DECREE_09, VN) == D("2027-02-18")
    calendar = corrected([Correction(D("2027-02-05"), "cancelled")])
    assert TWENTY_DAYS.deadline(P("2027-01"), DECREE_09, calendar) == D("2027-02-17")


def test_deadline_moves_earlier_when_a_make_up_saturday_is_added() -> None:
    calendar = corrected([Correction(D("2027-01-30"), "working_day")])
    assert TWENTY_DAYS.deadline(P("2027-01"), DECREE_09, calendar) == D("2027-02-17")


def test_deadline_moves_later_when_a_day_off_is_added_or_moved_into_the_window() -> None:
    moved = corrected(
        [Correction(D("2027-02-05"), "cancelled"), Correction(D("2027-02-12"), "day_off")]
    )
    assert TWENTY_DAYS.deadline(P("2027-01"), DECREE_09, moved) == D("2027-02-18")
    added = corrected([Correction(D("2027-01-20"), "day_off")])
    assert TWENTY_DAYS.deadline(P("2027-01"), DECREE_09, added) == D("2027-02-19")


def test_a_rolled_deadline_follows_a_cancelled_day_off() -> None:
    rule = DAY(2, month_offset=1, roll_forward=True)  # 2 September 2026, National Day
    assert rule.deadline(P("2026-08"), DECREE_09, VN) == D("2026-09-03")
    calendar = corrected([Correction(D("2026-09-01"), "cancelled")])
    assert rule.deadline(P("2026-08"), DECREE_09, calendar) == D("2026-09-03")
    calendar = corrected([Correction(D("2026-09-02"), "cancelled")])
    assert rule.deadline(P("2026-08"), DECREE_09, calendar) == D("2026-09-02")
