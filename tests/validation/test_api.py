"""The API checks the same rules: errors in the 422 body by indicator code, warnings returned."""

from __future__ import annotations

from baocao.validation.services import create_rule
from tests.api.conftest import api_as, assert_error
from tests.conftest import reload


def test_a_part_larger_than_its_total_is_a_422_naming_the_indicator(draft, parts, admin, reporter):
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    response = api_as(reporter).put(
        f"/api/reports/{draft.pk}/values",
        {
            "version": draft.version,
            "values": [
                {"indicator": "HS_TONG", "value": 10},
                {"indicator": "HS_TRUC_TUYEN", "value": 12},
            ],
        },
    )
    error = assert_error(response, 422, "invalid")
    assert error["details"] == {
        "values.HS_TRUC_TUYEN": (
            "Số liệu không thỏa quy tắc HS_TRUC_TUYEN ≤ HS_TONG (12 ≤ 10 không đúng)."
        )
    }


def test_an_outlier_is_returned_as_a_warning_and_confirmed_with_a_reason(
    draft, parts, reporter, unit
):
    from tests.validation.test_rules import _history

    _history(draft.template, unit, reporter, parts["total"], ["10"] * 8)
    client = api_as(reporter)
    body = client.put(
        f"/api/reports/{draft.pk}/values",
        {"version": draft.version, "values": [{"indicator": "HS_TONG", "value": 95}]},
    ).json()
    assert [
        (f["severity"], f["kind"], f["indicators"], f["confirmed"]) for f in body["findings"]
    ] == [("warning", "outlier", ["HS_TONG"], False)]
    body = client.put(
        f"/api/reports/{draft.pk}/values",
        {
            "version": body["version"],
            "values": [
                {
                    "indicator": "HS_TONG",
                    "value": 95,
                    "estimate": True,
                    "confirmed_reason": "Đợt cao điểm",
                }
            ],
        },
    ).json()
    assert body["findings"][0]["confirmed"] is True
    value = reload(draft).values.get(indicator=parts["total"])
    assert (value.is_estimate, value.confirmed_reason) == (True, "Đợt cao điểm")
