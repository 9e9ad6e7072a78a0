"""The figures a register gives: counts and sums in a data window, by category."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from baocao.domain.registers import EntryFacts, Measure, compute, next_number, same_category

D = dt.date
ENTRIES = [
    EntryFacts(D(2021, 12, 14), "Không kinh doanh", Decimal(10)),  # before the window
    EntryFacts(D(2021, 12, 15), "Không kinh doanh", Decimal(48)),  # first day
    EntryFacts(D(2022, 1, 5), "KHONG KINH DOANH", Decimal(64)),
    EntryFacts(D(2022, 1, 10), "Kinh doanh", Decimal(200)),
    EntryFacts(D(2022, 1, 14), "không  kinh doanh", None),  # last day, no quantity
    EntryFacts(D(2022, 1, 15), "Không kinh doanh", Decimal(7)),  # after the window
]
WINDOW = {"start": D(2021, 12, 15), "end": D(2022, 1, 14)}


def test_a_count_takes_the_entries_of_the_window_both_ends_included():
    figure = compute(ENTRIES, measure=Measure.COUNT, **WINDOW)
    assert (figure.value, figure.entries) == (Decimal(4), 4)


def test_a_category_ignores_case_diacritics_and_spaces():
    figure = compute(ENTRIES, measure=Measure.COUNT, category="Không kinh doanh", **WINDOW)
    assert figure.entries == 3
    assert same_category("Phản ánh, kiến nghị", "phan anh,  kien nghi")
    assert not same_category("Tố cáo", "Khiếu nại")
    assert same_category("", "anything") and same_category(None, "")


def test_a_sum_adds_quantities_and_counts_the_entries_without_one():
    figure = compute(ENTRIES, measure=Measure.SUM, category="khong kinh doanh", **WINDOW)
    assert (figure.value, figure.entries, figure.missing_quantity) == (Decimal(112), 3, 1)
    assert compute(ENTRIES, measure=Measure.SUM, **WINDOW).value == Decimal(312)


def test_an_empty_window_is_zero_and_a_reversed_one_is_refused():
    assert compute([], measure=Measure.SUM, **WINDOW).value == 0
    with pytest.raises(ValueError):
        compute(ENTRIES, measure=Measure.COUNT, start=D(2022, 2, 1), end=D(2022, 1, 1))


def test_numbers_run_from_one():
    assert next_number([]) == 1
    assert next_number([1, 2, 5]) == 6
