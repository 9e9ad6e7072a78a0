"""Reporting periods and Decree 09/2019 cut-off windows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.domain.periods import (
    DECREE_09,
    CutoffRule,
    Period,
    PeriodError,
    PeriodKind,
    closed_period,
    current_periods,
    open_period,
    periods_between,
)

P = Period.parse
PER_YEAR = {
    PeriodKind.MONTH: 12,
    PeriodKind.QUARTER: 4,
    PeriodKind.HALF: 2,
    PeriodKind.NINE_MONTHS: 1,
    PeriodKind.YEAR: 1,
}


@st.composite
def periods(draw: st.DrawFn, kind: PeriodKind | None = None) -> Period:
    kind = kind or draw(st.sampled_from(PeriodKind))
    year = draw(st.integers(1901, 2998))
    return Period(year, kind, draw(st.integers(1, PER_YEAR[kind])))


# --- windows -------------------------------------------------------------------------------

WINDOWS = [
    # Decree 09/2019: 15th of the month before to the 14th.
    (DECREE_09, "2022-01", "2021-12-15", "2022-01-14"),
    (DECREE_09, "2022-02", "2022-01-15", "2022-02-14"),
    (DECREE_09, "2022-03", "2022-02-15", "2022-03-14"),
    (DECREE_09, "2022-12", "2022-11-15", "2022-12-14"),
    (DECREE_09, "2022-Q1", "2021-12-15", "2022-03-14"),
    (DECREE_09, "2022-Q2", "2022-03-15", "2022-06-14"),
    (DECREE_09, "2022-Q4", "2022-09-15", "2022-12-14"),
    (DECREE_09, "2022-H1", "2021-12-15", "2022-06-14"),
    (DECREE_09, "2022-H2", "2022-06-15", "2022-12-14"),
    (DECREE_09, "2022-9M", "2021-12-15", "2022-09-14"),
    (DECREE_09, "2022", "2021-12-15", "2022-12-14"),
    # Inspection regimes: 16th to 15th.
    (CutoffRule(16), "2022-01", "2021-12-16", "2022-01-15"),
    (CutoffRule(16), "2022-12", "2022-11-16", "2022-12-15"),
    (CutoffRule(16), "2022-Q1", "2021-12-16", "2022-03-15"),
    (CutoffRule(16), "2022", "2021-12-16", "2022-12-15"),
    # start_day=1: calendar months.
    (CutoffRule(1), "2022-01", "2022-01-01", "2022-01-31"),
    (CutoffRule(1), "2022-02", "2022-02-01", "2022-02-28"),
    (CutoffRule(1), "2024-02", "2024-02-01", "2024-02-29"),
    (CutoffRule(1), "2022-12", "2022-12-01", "2022-12-31"),
    (CutoffRule(1), "2022-Q1", "2022-01-01", "2022-03-31"),
    (CutoffRule(1), "2022-H2", "2022-07-01", "2022-12-31"),
    (CutoffRule(1), "2022-9M", "2022-01-01", "2022-09-30"),
    (CutoffRule(1), "2022", "2022-01-01", "2022-12-31"),
]


@pytest.mark.parametrize(("rule", "code", "first", "last"), WINDOWS)
def test_cutoff_window(rule: CutoffRule, code: str, first: str, last: str) -> None:
    assert rule.window(P(code)) == (date.fromisoformat(first), date.fromisoformat(last))


def test_decree_09_is_the_15th() -> None:
    assert DECREE_09 == CutoffRule() == CutoffRule(15)


@pytest.mark.parametrize("day", [0, 29, 31, -1])
def test_cutoff_start_day_out_of_range(day: int) -> None:
    with pytest.raises(PeriodError):
        CutoffRule(day)


# --- codes and labels ----------------------------------------------------------------------

LABELS = [
    ("2022-01", "Tháng 01/2022", "January 2022"),
    ("2022-12", "Tháng 12/2022", "December 2022"),
    ("2022-Q1", "Quý I/2022", "Q1 2022"),
    ("2022-Q4", "Quý IV/2022", "Q4 2022"),
    ("2022-H1", "6 tháng đầu năm 2022", "H1 2022"),
    ("2022-H2", "6 tháng cuối năm 2022", "H2 2022"),
    ("2022-9M", "9 tháng năm 2022", "9 months 2022"),
    ("2022", "Năm 2022", "Year 2022"),
]


@pytest.mark.parametrize(("code", "label", "label_en"), LABELS)
def test_labels(code: str, label: str, label_en: str) -> None:
    period = P(code)
    assert (period.code, str(period), period.label, period.label_en) == (
        code,
        code,
        label,
        label_en,
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2022-01", Period(2022, PeriodKind.MONTH, 1)),
        (" 2022-Q3 ", Period(2022, PeriodKind.QUARTER, 3)),
        ("2022-H2", Period(2022, PeriodKind.HALF, 2)),
        ("2022-9M", Period(2022, PeriodKind.NINE_MONTHS)),
        ("2022", Period(2022, PeriodKind.YEAR)),
    ],
)
def test_parse(code: str, expected: Period) -> None:
    assert P(code) == expected


@pytest.mark.parametrize(
    "code", ["", "abc", "22-01", "2022-1", "2022-13", "2022-00", "2022-Q5", "2022-H3", "1800"]
)
def test_parse_rejects(code: str) -> None:
    with pytest.raises(PeriodError):
        P(code)


def test_period_error_is_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


def test_month_constructor_and_months() -> None:
    assert Period.month(2022, 3) == P("2022-03")
    assert P("2022-03").months == (3, 3)
    assert P("2022-Q2").months == (4, 6)
    assert P("2022-H2").months == (7, 12)
    assert P("2022-9M").months == (1, 9)
    assert P("2022").months == (1, 12)


@pytest.mark.parametrize(
    ("code", "following", "preceding", "last_year"),
    [
        ("2022-01", "2022-02", "2021-12", "2021-01"),
        ("2022-12", "2023-01", "2022-11", "2021-12"),
        ("2022-Q1", "2022-Q2", "2021-Q4", "2021-Q1"),
        ("2022-H2", "2023-H1", "2022-H1", "2021-H2"),
        ("2022-9M", "2023-9M", "2021-9M", "2021-9M"),
        ("2022", "2023", "2021", "2021"),
    ],
)
def test_next_previous_last_year(code: str, following: str, preceding: str, last_year: str) -> None:
    period = P(code)
    assert period.next() == P(following)
    assert period.previous() == P(preceding)
    assert period.same_period_last_year() == P(last_year)


# --- from_date -----------------------------------------------------------------------------

FROM_DATE = [
    (PeriodKind.MONTH, "2021-12-14", DECREE_09, "2021-12"),
    (PeriodKind.MONTH, "2021-12-15", DECREE_09, "2022-01"),
    (PeriodKind.MONTH, "2022-01-14", DECREE_09, "2022-01"),
    (PeriodKind.MONTH, "2022-01-15", DECREE_09, "2022-02"),
    (PeriodKind.QUARTER, "2021-12-15", DECREE_09, "2022-Q1"),
    (PeriodKind.QUARTER, "2022-03-14", DECREE_09, "2022-Q1"),
    (PeriodKind.QUARTER, "2022-03-15", DECREE_09, "2022-Q2"),
    (PeriodKind.HALF, "2022-06-14", DECREE_09, "2022-H1"),
    (PeriodKind.HALF, "2022-06-15", DECREE_09, "2022-H2"),
    (PeriodKind.NINE_MONTHS, "2021-12-15", DECREE_09, "2022-9M"),
    (PeriodKind.NINE_MONTHS, "2022-09-14", DECREE_09, "2022-9M"),
    (PeriodKind.YEAR, "2021-12-14", DECREE_09, "2021"),
    (PeriodKind.YEAR, "2021-12-15", DECREE_09, "2022"),
    (PeriodKind.YEAR, "2022-12-14", DECREE_09, "2022"),
    (PeriodKind.MONTH, "2022-01-15", CutoffRule(16), "2022-01"),
    (PeriodKind.MONTH, "2022-01-16", CutoffRule(16), "2022-02"),
    (PeriodKind.YEAR, "2022-12-16", CutoffRule(16), "2023"),
    (PeriodKind.MONTH, "2022-01-31", CutoffRule(1), "2022-01"),
    (PeriodKind.MONTH, "2022-02-01", CutoffRule(1), "2022-02"),
    (PeriodKind.YEAR, "2022-12-31", CutoffRule(1), "2022"),
    (PeriodKind.NINE_MONTHS, "2022-09-30", CutoffRule(1), "2022-9M"),
]


@pytest.mark.parametrize(("kind", "day", "rule", "code"), FROM_DATE)
def test_from_date(kind: PeriodKind, day: str, rule: CutoffRule, code: str) -> None:
    assert Period.from_date(kind, date.fromisoformat(day), rule) == P(code)


def test_from_date_defaults_to_decree_09() -> None:
    assert Period.from_date(PeriodKind.MONTH, date(2021, 12, 20)) == P("2022-01")


@pytest.mark.parametrize(
    ("day", "rule"),
    [("2022-09-15", DECREE_09), ("2022-12-14", DECREE_09), ("2022-10-01", CutoffRule(1))],
)
def test_from_date_outside_any_nine_month_window(day: str, rule: CutoffRule) -> None:
    with pytest.raises(PeriodError):
        Period.from_date(PeriodKind.NINE_MONTHS, date.fromisoformat(day), rule)


# --- the periods of a day: just closed, open ------------------------------------------------

CURRENT = [
    # kind, day, rule, [just closed, open]; the nine-month autumn has no open period
    (PeriodKind.MONTH, "2022-01-14", DECREE_09, ["2021-12", "2022-01"]),
    (PeriodKind.MONTH, "2022-12-20", DECREE_09, ["2022-12", "2023-01"]),
    (PeriodKind.QUARTER, "2022-12-20", DECREE_09, ["2022-Q4", "2023-Q1"]),
    (PeriodKind.HALF, "2022-12-20", DECREE_09, ["2022-H2", "2023-H1"]),
    (PeriodKind.YEAR, "2022-12-20", DECREE_09, ["2022", "2023"]),
    (PeriodKind.YEAR, "2022-12-14", DECREE_09, ["2021", "2022"]),
    (PeriodKind.NINE_MONTHS, "2022-09-14", DECREE_09, ["2021-9M", "2022-9M"]),
    (PeriodKind.NINE_MONTHS, "2022-09-15", DECREE_09, ["2022-9M"]),
    (PeriodKind.NINE_MONTHS, "2022-09-20", DECREE_09, ["2022-9M"]),
    (PeriodKind.NINE_MONTHS, "2022-12-14", DECREE_09, ["2022-9M"]),
    (PeriodKind.NINE_MONTHS, "2022-12-15", DECREE_09, ["2022-9M", "2023-9M"]),
    (PeriodKind.NINE_MONTHS, "2022-10-01", CutoffRule(1), ["2022-9M"]),
    (PeriodKind.NINE_MONTHS, "2022-12-31", CutoffRule(1), ["2022-9M"]),
    (PeriodKind.NINE_MONTHS, "2023-01-01", CutoffRule(1), ["2022-9M", "2023-9M"]),
    (PeriodKind.YEAR, "2022-12-31", CutoffRule(1), ["2021", "2022"]),
]


@pytest.mark.parametrize(("kind", "day", "rule", "codes"), CURRENT)
def test_current_periods(kind: PeriodKind, day: str, rule: CutoffRule, codes: list[str]) -> None:
    d = date.fromisoformat(day)
    assert current_periods(kind, d, rule) == [P(code) for code in codes]
    assert closed_period(kind, d, rule) == P(codes[0])
    assert open_period(kind, d, rule) == (P(codes[1]) if len(codes) == 2 else None)


def test_current_periods_default_to_decree_09() -> None:
    assert current_periods(PeriodKind.NINE_MONTHS, date(2022, 9, 20)) == [P("2022-9M")]


@given(
    st.sampled_from(PeriodKind),
    st.dates(date(1902, 1, 1), date(2997, 12, 31)),
    st.integers(1, 28),
)
def test_closed_period_is_the_latest_whose_window_ended(
    kind: PeriodKind, day: date, start_day: int
) -> None:
    rule = CutoffRule(start_day)
    closed = closed_period(kind, day, rule)
    assert rule.window(closed)[1] < day
    assert rule.window(closed.next())[1] >= day
    current = open_period(kind, day, rule)
    if current is not None:
        first, last = rule.window(current)
        assert first <= day <= last


# --- between, contains, sub-periods ----------------------------------------------------------


def test_periods_between_months_across_a_year() -> None:
    codes = [p.code for p in periods_between(P("2021-11"), P("2022-02"))]
    assert codes == ["2021-11", "2021-12", "2022-01", "2022-02"]


def test_periods_between_quarters_and_years() -> None:
    assert [p.code for p in periods_between(P("2021-Q4"), P("2022-Q2"))] == [
        "2021-Q4",
        "2022-Q1",
        "2022-Q2",
    ]
    assert [p.code for p in periods_between(P("2020"), P("2022"))] == ["2020", "2021", "2022"]
    assert [p.code for p in periods_between(P("2021-9M"), P("2022-9M"))] == ["2021-9M", "2022-9M"]


def test_periods_between_single_and_empty() -> None:
    assert periods_between(P("2022-05"), P("2022-05")) == [P("2022-05")]
    assert periods_between(P("2022-05"), P("2022-04")) == []


def test_periods_between_at_the_end_of_the_range() -> None:
    assert periods_between(P("2999-11"), P("2999-12")) == [P("2999-11"), P("2999-12")]


def test_periods_between_rejects_mixed_kinds() -> None:
    with pytest.raises(PeriodError):
        periods_between(P("2022-01"), P("2022-Q1"))


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2022", "2022-01", True),
        ("2022", "2022-12", True),
        ("2022", "2022-Q4", True),
        ("2022", "2022-9M", True),
        ("2022", "2022", True),
        ("2022", "2023-01", False),
        ("2022-Q1", "2022-03", True),
        ("2022-Q1", "2022-04", False),
        ("2022-H1", "2022-Q2", True),
        ("2022-H1", "2022-Q3", False),
        ("2022-9M", "2022-H1", True),
        ("2022-9M", "2022-Q3", True),
        ("2022-9M", "2022-Q4", False),
        ("2022-9M", "2022-H2", False),
        ("2022-H1", "2022-9M", False),
        ("2022-01", "2022", False),
        ("2022-01", "2022-01", True),
        ("2022-01", "2021-01", False),
    ],
)
def test_contains(outer: str, inner: str, expected: bool) -> None:
    assert P(outer).contains(P(inner)) is expected


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("2022", PeriodKind.MONTH, [f"2022-{m:02d}" for m in range(1, 13)]),
        ("2022", PeriodKind.QUARTER, ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]),
        ("2022", PeriodKind.NINE_MONTHS, ["2022-9M"]),
        ("2022-Q2", PeriodKind.MONTH, ["2022-04", "2022-05", "2022-06"]),
        ("2022-H2", PeriodKind.QUARTER, ["2022-Q3", "2022-Q4"]),
        ("2022-9M", PeriodKind.HALF, ["2022-H1"]),
        ("2022-9M", PeriodKind.QUARTER, ["2022-Q1", "2022-Q2", "2022-Q3"]),
        ("2022-Q1", PeriodKind.YEAR, []),
        ("2022-03", PeriodKind.MONTH, ["2022-03"]),
    ],
)
def test_sub_periods(code: str, kind: PeriodKind, expected: list[str]) -> None:
    assert [p.code for p in P(code).sub_periods(kind)] == expected


# --- properties ----------------------------------------------------------------------------


@given(periods())
def test_next_undoes_previous(period: Period) -> None:
    assert period.previous().next() == period
    assert period.next().previous() == period


@given(periods())
def test_code_round_trip(period: Period) -> None:
    assert Period.parse(period.code) == period


@given(periods(PeriodKind.MONTH), st.integers(1, 28))
def test_month_windows_tile_the_calendar(month: Period, start_day: int) -> None:
    rule = CutoffRule(start_day)
    first, last = rule.window(month)
    next_first, _ = rule.window(month.next())
    assert first <= last
    assert next_first == last + timedelta(days=1)


@given(periods(), st.integers(1, 28))
def test_window_spans_its_months_windows(period: Period, start_day: int) -> None:
    rule = CutoffRule(start_day)
    months = period.sub_periods(PeriodKind.MONTH)
    assert rule.window(period) == (rule.window(months[0])[0], rule.window(months[-1])[1])


@given(
    st.sampled_from(PeriodKind),
    st.dates(date(1901, 1, 1), date(2998, 12, 31)),
    st.integers(1, 28),
)
def test_from_date_window_contains_the_date(kind: PeriodKind, day: date, start_day: int) -> None:
    rule = CutoffRule(start_day)
    try:
        period = Period.from_date(kind, day, rule)
    except PeriodError:
        assert kind is PeriodKind.NINE_MONTHS
        for year in (day.year, day.year + 1):
            first, last = rule.window(Period(year, kind))
            assert not first <= day <= last
        return
    first, last = rule.window(period)
    assert first <= day <= last
