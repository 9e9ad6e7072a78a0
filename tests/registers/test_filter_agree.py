"""The register entry filter has one home (registers.selectors.entry_filter): the register page
and the API give the same rows for the same filter — a period's data window narrowed by the
dates, the category matched ignoring case and diacritics, the text folded."""

from __future__ import annotations

import pytest

from baocao.registers.selectors import entry_filter
from baocao.registers.services import EntryInput, add_entry
from tests.api.conftest import api_as
from tests.conftest import client_for

ENTRIES = [
    ("10/12/2021", "Đơn khiếu nại trước kỳ", "Khiếu nại"),
    ("20/12/2021", "Đơn khiếu nại đầu kỳ", "Khiếu nại"),
    ("28/12/2021", "Đơn tố cáo cán bộ địa chính", "Tố cáo"),
    ("03/01/2022", "Đơn khiếu nại lần hai", "Khiếu nại"),
    ("14/01/2022", "Đơn khiếu nại cuối kỳ", "Khiếu nại"),
    ("20/01/2022", "Đơn khiếu nại sau kỳ", "Khiếu nại"),
]

FILTERS = [
    {},
    {"period": "2022-01"},
    {"period": "2022-01", "from": "2022-01-01"},
    {"period": "2022-01", "to": "2021-12-31"},
    {"period": "2022-01", "from": "2021-12-25", "to": "2022-01-05"},
    {"period": "2022-01", "from": "2022-02-01"},  # outside the window: nothing
    {"from": "2021-12-20", "to": "2022-01-10"},
    {"category": "to cao"},
    {"period": "2022-01", "category": "KHIEU NAI", "q": "lan hai"},
    {"q": "đơn khiếu nại"},
]


@pytest.fixture
def entries(register, reporter):  # type: ignore[no-untyped-def]
    return [
        add_entry(
            register.pk,
            EntryInput(entry_date=day, subject=subject, category=category),
            by=reporter,
        )
        for day, subject, category in ENTRIES
    ]


@pytest.mark.parametrize("query", FILTERS, ids=[str(f) for f in FILTERS])
def test_the_page_and_the_api_give_the_same_rows(query, register, entries, reporter) -> None:
    page = client_for(reporter).get(f"/so-theo-doi/{register.pk}/", query)
    assert page.status_code == 200
    assert not page.context["filter"].errors
    shown = [entry.pk for entry in page.context["page"].object_list]
    api = api_as(reporter).get(f"/api/registers/{register.pk}/entries", limit=100, **query)
    assert api.status_code == 200
    given = [item["id"] for item in api.json()["items"]]
    assert shown == given
    assert page.context["count"] == api.json()["count"] == len(shown)


def test_a_period_is_narrowed_by_the_dates_not_replaced(register, entries) -> None:
    chosen, problems = entry_filter(register, period="2022-01", start=None, end=None)
    narrowed, _ = entry_filter(
        register,
        period="2022-01",
        start=chosen.start.replace(day=25),  # type: ignore[union-attr]
    )
    assert not problems
    assert (narrowed.start, narrowed.end) == (chosen.start.replace(day=25), chosen.end)  # type: ignore[union-attr]


def test_a_field_that_cannot_be_used_is_left_out_on_the_page_and_refused_by_the_api(
    register, entries, reporter
) -> None:
    query = {"period": "2022-13", "category": "Tố cáo"}
    page = client_for(reporter).get(f"/so-theo-doi/{register.pk}/", query)
    assert "period" in page.context["filter"].errors
    assert [e.pk for e in page.context["page"].object_list] == [entries[2].pk]
    api = api_as(reporter).get(f"/api/registers/{register.pk}/entries", **query)
    assert api.status_code == 422
    assert api.json()["error"]["code"] == "invalid_period"
    assert api.json()["error"]["message"] == page.context["filter"].errors["period"]
