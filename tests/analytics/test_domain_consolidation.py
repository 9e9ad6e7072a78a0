"""Aggregation rules, reporting-rate arithmetic and changes (pure, no database)."""

from decimal import Decimal as D

import pytest

from baocao.domain.consolidation import (
    Partial,
    ReportingRate,
    change,
    combine_periods,
    combine_units,
    percent,
    reporting_rate,
)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("sum", D(60)),
        ("average", D(20)),
        ("max", D(30)),
        ("min", D(10)),
        ("last", D(60)),
    ],
)
def test_each_rule_combines_units(rule, expected):
    assert combine_units(rule, [D(10), D(20), None, D(30)]) == expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("sum", D(60)),
        ("average", D(20)),
        ("max", D(30)),
        ("min", D(10)),
        ("last", D(20)),
    ],
)
def test_each_rule_combines_periods_oldest_first(rule, expected):
    assert combine_periods(rule, [D(10), D(30), None, D(20)]) == expected


def test_no_value_gives_no_result_not_zero():
    assert combine_units("sum", [None, None]) is None
    assert combine_periods("average", []) is None


def test_partials_merge_like_the_rule_over_units_and_periods():
    # Unit A: Jan 5, Feb 7. Unit B: Jan 1, Feb 3.
    a, b = Partial(), Partial()
    a.add(5, key=1)
    a.add(7, key=2)
    b.add(1, key=1)
    b.add(3, key=2)
    total = Partial()
    total.merge_unit(a)
    total.merge_unit(b)
    assert total.result("sum") == 16
    assert total.result("average") == 4
    assert total.result("max") == 7
    assert total.result("min") == 1
    assert total.result("last") == 10  # each unit's February value, summed over the units
    assert Partial().result("sum") is None


def test_rates_never_exceed_100_percent():
    rate = reporting_rate(
        [
            (True, "received", True),
            (True, "sent", False),
            (True, "approved", False),
            (True, "submitted", False),
            (True, None, False),
            (False, "sent", True),
            (False, "received", True),
        ]
    )
    # Received means sent to the receiving agency; approved counts approved or later.
    assert rate == ReportingRate(expected=5, received=2, approved=3, on_time=1)
    assert rate.completeness == 40.0
    assert rate.timeliness == 20.0
    assert rate.late == 1
    assert rate.missing == 3
    assert percent(7, 5) == 100.0
    assert percent(1, 0) is None


def test_returned_report_is_not_received():
    rate = reporting_rate([(True, "returned", False)])
    assert rate.received == 0
    assert rate.missing == 1


def test_change_gives_difference_and_percent():
    assert change(D(120), D(100)) == (D(20), 20.0)
    assert change(D(5), D(0)) == (D(5), None)
    assert change(None, D(3)) == (None, None)
