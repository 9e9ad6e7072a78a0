"""Vietnamese public holidays and working-day arithmetic."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.domain.holidays import (
    Correction,
    CorrectionKind,
    Holiday,
    HolidayCalendar,
    HolidayError,
    builtin_day,
    corrected,
    correction_problem,
    parse_holiday_data,
    vietnam_calendar,
    vietnam_holidays,
    vietnam_working_days,
)

D = date.fromisoformat
VN = vietnam_calendar()


def days(first: str, last: str) -> list[date]:
    start, end = D(first), D(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# Tết Nguyên đán blocks as announced for public servants (2027: derived, see the data file).
TET = {
    2021: ("2021-02-10", "2021-02-16"),
    2022: ("2022-01-31", "2022-02-04"),
    2023: ("2023-01-20", "2023-01-26"),
    2024: ("2024-02-08", "2024-02-14"),
    2025: ("2025-01-25", "2025-02-02"),
    2026: ("2026-02-14", "2026-02-22"),
    2027: ("2027-02-05", "2027-02-11"),
}
HUNG_KINGS = ["2021-04-21", "2022-04-10", "2023-04-29", "2024-04-18", "2025-04-07",
              "2026-04-26", "2027-04-16"]  # fmt: skip
NATIONAL_DAY = ["2021-09-03", "2022-09-01", "2023-09-01", "2024-09-03", "2025-09-01",
                "2026-09-01", "2027-09-03"]  # fmt: skip
COMPENSATORY = ["2021-05-03", "2022-01-03", "2022-04-11", "2022-05-02", "2022-05-03",
                "2023-01-02", "2023-05-02", "2023-05-03", "2023-09-04", "2026-04-27",
                "2027-05-03"]  # fmt: skip
SWAPPED = [("2024-04-29", "2024-05-04"), ("2025-05-02", "2025-04-26"), ("2026-01-02", "2026-01-10")]


@pytest.mark.parametrize("year", sorted(TET))
def test_tet_is_off(year: int) -> None:
    assert all(not VN.is_working_day(d) for d in days(*TET[year]))
    first, last = (D(x) for x in TET[year])
    assert VN.is_working_day(VN.next_working_day(last + timedelta(days=1)))
    assert not VN.is_holiday(first - timedelta(days=7))


@pytest.mark.parametrize("year", range(2021, 2028))
def test_fixed_holidays(year: int) -> None:
    for month, day in [(1, 1), (4, 30), (5, 1), (9, 2)]:
        assert VN.is_holiday(date(year, month, day))


@pytest.mark.parametrize("day", HUNG_KINGS + NATIONAL_DAY + COMPENSATORY)
def test_lunar_adjacent_and_compensatory_days(day: str) -> None:
    assert VN.is_holiday(D(day))
    assert not VN.is_working_day(D(day))


@pytest.mark.parametrize(("off", "worked"), SWAPPED)
def test_swapped_days(off: str, worked: str) -> None:
    assert D(off).weekday() < 5 and D(worked).weekday() == 5
    assert not VN.is_working_day(D(off))
    assert VN.is_working_day(D(worked))


@pytest.mark.parametrize("year", range(2021, 2028))
def test_each_year_has_eleven_statutory_days_net_of_swaps(year: int) -> None:
    weekdays_off = sum(1 for d in VN.holidays if d.year == year and d.weekday() < 5)
    worked = sum(1 for d in VN.working_weekends if d.year == year)
    assert weekdays_off - worked == 11


def test_bundled_data_is_ordered_named_and_nfc() -> None:
    holidays = vietnam_holidays()
    assert [h.day for h in holidays] == sorted(h.day for h in holidays)
    assert {h.day.year for h in holidays} == set(range(2021, 2028))
    assert all(h.name and unicodedata.is_normalized("NFC", h.name) for h in holidays)
    assert {h.status for h in holidays} == {"announced", "statutory", "assumed"}
    assert not [d for d, n in Counter(h.day for h in holidays).items() if n > 1]
    assert Holiday(D("2022-02-01"), "Tết Nguyên đán Nhâm Dần") in holidays


def test_vietnam_calendar_is_cached() -> None:
    assert vietnam_calendar() is vietnam_calendar()


# --- working days --------------------------------------------------------------------------


def test_weekends_are_not_working_days() -> None:
    empty = HolidayCalendar()
    assert empty.is_working_day(D("2022-03-18"))  # Friday
    assert not empty.is_working_day(D("2022-03-19"))  # Saturday
    assert not empty.is_working_day(D("2022-03-20"))  # Sunday
    assert VN.is_working_day(D("2022-03-21"))  # Monday


def test_add_working_days_skips_tet() -> None:
    assert VN.add_working_days(D("2022-01-28"), 1) == D("2022-02-07")
    assert VN.add_working_days(D("2022-02-07"), -1) == D("2022-01-28")
    assert VN.add_working_days(D("2022-01-29"), 0) == D("2022-01-29")
    assert VN.working_days_between(D("2022-01-28"), D("2022-02-07")) == 1
    assert VN.working_days_between(D("2022-02-07"), D("2022-01-28")) == -1


def test_add_working_days_counts_a_make_up_saturday() -> None:
    # 26/4/2024 (Fri) + 3: 29/4 swapped off, 30/4 and 1/5 holidays, then Thu 2, Fri 3, Sat 4.
    assert VN.add_working_days(D("2024-04-26"), 3) == D("2024-05-04")


def test_next_working_day() -> None:
    assert VN.next_working_day(D("2022-03-21")) == D("2022-03-21")
    assert VN.next_working_day(D("2023-01-21")) == D("2023-01-27")


def test_working_days_between_same_day_is_zero() -> None:
    assert VN.working_days_between(D("2022-05-05"), D("2022-05-05")) == 0


@given(st.dates(date(2020, 6, 1), date(2028, 6, 30)), st.integers(-40, 40))
def test_working_days_between_inverts_add(day: date, n: int) -> None:
    target = VN.add_working_days(day, n)
    assert VN.working_days_between(day, target) == n
    if n:
        assert VN.is_working_day(target)


# --- building calendars --------------------------------------------------------------------


def test_from_dates_and_extended() -> None:
    cal = HolidayCalendar.from_dates([D("2030-03-04")], working_weekends=[D("2030-03-09")])
    assert not cal.is_working_day(D("2030-03-04"))
    assert cal.is_working_day(D("2030-03-09"))
    wider = cal.extended(holidays=[D("2030-03-05")], cancelled=[D("2030-03-04"), D("2030-03-09")])
    assert wider.is_working_day(D("2030-03-04"))
    assert not wider.is_working_day(D("2030-03-05"))
    assert not wider.is_working_day(D("2030-03-09"))
    assert cal.is_holiday(D("2030-03-04"))  # the original is unchanged


def test_extending_the_bundled_calendar_keeps_it() -> None:
    extra = VN.extended(holidays=[D("2026-11-24")])
    assert extra.is_holiday(D("2026-11-24")) and not VN.is_holiday(D("2026-11-24"))
    assert extra.holidays > VN.holidays


def test_a_holiday_beats_a_make_up_day() -> None:
    cal = HolidayCalendar.from_dates([D("2030-03-09")], working_weekends=[D("2030-03-09")])
    assert not cal.is_working_day(D("2030-03-09"))


def test_make_up_day_must_be_a_weekend() -> None:
    with pytest.raises(HolidayError):
        HolidayCalendar.from_dates([], working_weekends=[D("2030-03-08")])


def test_parse_holiday_data() -> None:
    holidays, working = parse_holiday_data(
        {
            "holidays": [{"start": "2030-01-01", "name": "Tết Dương lịch"}],
            "working_days": [{"date": "2030-01-05"}],
        }
    )
    assert holidays == (Holiday(D("2030-01-01"), "Tết Dương lịch"),)
    assert working == frozenset({D("2030-01-05")})


@pytest.mark.parametrize(
    "entry",
    [
        {"start": "2030-13-01"},
        {"start": 20300101},
        {"start": "2030-01-05", "end": "2030-01-01"},
        {"start": "2030-01-01", "end": "2030-03-01"},
        "2030-01-01",
    ],
)
def test_parse_holiday_data_rejects(entry: object) -> None:
    with pytest.raises(HolidayError):
        parse_holiday_data({"holidays": [entry]})


# --- administrators' corrections -------------------------------------------------------------


def test_bundled_data_reaches_2027_with_unconfirmed_days_marked() -> None:
    assert max(h.day for h in vietnam_holidays()).year == 2027
    by_day = {h.day: h.status for h in vietnam_holidays()}
    assert by_day[D("2027-02-05")] == "assumed"  # Tết 2027: the block is a guess
    assert by_day[D("2026-09-01")] == "assumed"  # the day next to National Day
    assert by_day[D("2027-04-16")] == "statutory"
    assert by_day[D("2025-01-27")] == "announced"
    assert {h.status for h in vietnam_holidays()} == {"announced", "statutory", "assumed"}


def test_bundled_make_up_days_have_names() -> None:
    worked = {h.day: h.name for h in vietnam_working_days()}
    assert "Làm bù" in worked[D("2026-01-10")]
    assert builtin_day(D("2026-01-10")).name == worked[D("2026-01-10")]
    assert builtin_day(D("2026-03-10")) is None


def test_cancelling_an_assumed_day_off_makes_it_a_working_day() -> None:
    calendar = corrected([Correction(D("2027-02-05"), CorrectionKind.CANCELLED)])
    assert calendar.is_working_day(D("2027-02-05"))
    assert not VN.is_working_day(D("2027-02-05"))
    assert not calendar.is_working_day(D("2027-02-08"))  # the rest of Tết stays off


def test_a_make_up_saturday_is_worked_and_an_added_day_is_off() -> None:
    calendar = corrected(
        [Correction(D("2027-01-30"), "working_day"), Correction(D("2027-01-29"), "day_off")]
    )
    assert calendar.is_working_day(D("2027-01-30")) and not VN.is_working_day(D("2027-01-30"))
    assert not calendar.is_working_day(D("2027-01-29"))


def test_cancelling_a_bundled_make_up_day_makes_the_saturday_a_day_off_again() -> None:
    assert VN.is_working_day(D("2026-01-10"))
    calendar = corrected([Correction(D("2026-01-10"), CorrectionKind.CANCELLED)])
    assert not calendar.is_working_day(D("2026-01-10"))


def test_a_weekday_recorded_as_make_up_day_breaks_nothing() -> None:
    assert corrected([Correction(D("2027-01-27"), "working_day")]).is_working_day(D("2027-01-27"))
    assert corrected([]) is VN


def test_an_unknown_correction_is_refused() -> None:
    with pytest.raises(HolidayError):
        Correction(D("2027-01-27"), "holiday")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "kind", "problem"),
    [
        ("2027-02-05", "day_off", "not_working"),
        ("2027-01-27", "day_off", None),
        ("2027-01-27", "working_day", "not_weekend"),
        ("2027-02-06", "working_day", "holiday"),
        ("2026-01-10", "working_day", "already_working"),
        ("2027-01-30", "working_day", None),
        ("2027-02-05", "cancelled", None),
        ("2026-01-10", "cancelled", None),
        ("2027-01-27", "cancelled", "nothing_to_cancel"),
        ("2027-01-30", "cancelled", "nothing_to_cancel"),
    ],
)
def test_correction_problems(day: str, kind: str, problem: str | None) -> None:
    assert correction_problem(VN, Correction(D(day), CorrectionKind(kind))) == problem
