"""The analytics API: reporting rates and the pivot, by role, with the page's limits."""

from __future__ import annotations

import pytest

from baocao.analytics.pivot import MAX_INDICATORS
from baocao.catalog.models import Indicator
from tests.analytics.conftest import file_report
from tests.api.conftest import ApiClient, assert_error

RATES = "/api/rates"
PIVOT = "/api/pivot"


@pytest.fixture
def filed(template, unit, other_unit, reporter, approver, outsider, outside_approver):
    """January to March 2022 approved for both departments; plans in January."""
    for month, (a, b) in enumerate([(10, 1), (20, 2), (30, 3)], start=1):
        code = f"2022-{month:02d}"
        file_report(
            template,
            unit,
            code,
            reporter=reporter,
            approver=approver,
            values={"BAO_CHI": str(a), "TY_LE": str(50 + a)},
            plans=["Tổ chức hội nghị tập huấn chuyển đổi số."] if month == 1 else (),
            results=["Tổ chức hội nghị tập huấn chuyển đổi số cho cán bộ xã."]
            if month == 2
            else (),
        )
        file_report(
            template,
            other_unit,
            code,
            reporter=outsider,
            approver=outside_approver,
            values={"BAO_CHI": str(b), "TY_LE": str(50 + b)},
        )


def _rates(client: ApiClient, **params):  # type: ignore[no-untyped-def]
    return client.get(RATES, **{"template": "STTTT-THANG", "period": "2022-02", **params})


def _pivot(client: ApiClient, **params):  # type: ignore[no-untyped-def]
    return client.get(
        PIVOT,
        **{
            "indicators": "BAO_CHI,TY_LE",
            "period_from": "2022-01",
            "period_to": "2022-03",
            **params,
        },
    )


@pytest.mark.parametrize("who", ["viewer", "consolidator"])
def test_overseers_get_rates_per_unit_and_up_the_tree(api, filed, who, request):
    response = _rates(api(request.getfixturevalue(who)), unit="UBND-TB")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["unit"], body["period"], body["period_label"]) == (
        "UBND-TB",
        "2022-02",
        "Tháng 02/2022",
    )
    assert body["total"]["expected"] == 2 and body["total"]["received"] == 2
    assert body["total"]["completeness"] == 100.0
    units = {u["unit"]: u for u in body["units"]}
    assert units["STTTT"]["state"] == "sent" and units["STTTT"]["report_id"]
    assert (units["STTTT"]["tasks_done"], units["STTTT"]["tasks_planned"]) == (1, 1)
    assert units["STTTT"]["follow_through"] == 100.0
    assert units["SKHDT"]["follow_through"] is None
    tree = {n["unit"]: n for n in body["tree"]}
    assert tree["UBND-TB"]["level"] == 0 and tree["UBND-TB"]["rate"]["expected"] == 2
    assert tree["UBND-TB"]["rate"]["follow_through"] == 100.0


def test_rates_default_to_the_callers_unit(api, viewer, filed):
    response = api(viewer).get(RATES, template="STTTT-THANG", period="2022-01")
    assert response.status_code == 200
    assert response.json()["unit"] == "UBND-TB"


@pytest.mark.parametrize("who", ["reporter", "approver", "outsider"])
def test_members_and_outsiders_get_404_for_rates(api, filed, who, request):
    client = api(request.getfixturevalue(who))
    assert_error(_rates(client, unit="UBND-TB"), 404, "not_found")
    assert_error(_rates(client, unit="STTTT"), 404, "not_found")
    assert_error(_rates(client), 404, "not_found")


def test_rates_refuse_unknown_template_and_bad_period(api, viewer, filed):
    client = api(viewer)
    assert_error(_rates(client, template="KHONG-CO"), 404, "not_found")
    assert_error(_rates(client, unit="KHONG-CO"), 404, "not_found")
    error = assert_error(_rates(client, period="2022"), 422, "invalid_period")
    assert "tháng" in error["message"].lower()
    client.language = "en"
    error = assert_error(_rates(client, period="2022"), 422, "invalid_period")
    assert error["message"] == "This regime reports by month."  # as on the English page
    assert_error(_rates(client, period="20220"), 422, "validation_error")


def test_anonymous_callers_get_401(filed):
    assert_error(_rates(ApiClient()), 401, "unauthorized")
    assert_error(_pivot(ApiClient()), 401, "unauthorized")


@pytest.mark.parametrize("who", ["viewer", "consolidator"])
def test_overseers_get_the_pivot_rolled_up(api, filed, who, request):
    response = _pivot(api(request.getfixturevalue(who)), unit="UBND-TB")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(c["year"], c["index"]) for c in body["columns"]] == [(2022, 1), (2022, 2), (2022, 3)]
    rows = {(r["unit"], r["indicator"]): r for r in body["rows"]}
    assert set(rows) == {
        (u, i) for u in ("UBND-TB", "STTTT", "SKHDT") for i in ("BAO_CHI", "TY_LE")
    }
    assert rows[("UBND-TB", "BAO_CHI")]["cells"] == ["11", "22", "33"]
    assert rows[("UBND-TB", "TY_LE")]["cells"] == ["55.5", "61", "66.5"]
    assert rows[("STTTT", "BAO_CHI")]["cells"] == ["10", "20", "30"]
    assert rows[("UBND-TB", "BAO_CHI")]["previous"] == {"difference": "11", "percent": 50.0}
    assert body["skipped"] == [] and body["by"] == "period" and body["template"] == "STTTT-THANG"


def test_the_pivot_by_year_and_by_level(api, viewer, filed):
    body = _pivot(api(viewer), unit="UBND-TB", by="year", level="department").json()
    assert [c["label"] for c in body["columns"]] == ["Năm 2022"]
    assert body["level"] == "department"
    cells = {(r["unit"], r["indicator"]): r["cells"] for r in body["rows"]}
    assert cells == {
        ("STTTT", "BAO_CHI"): ["60"],
        ("SKHDT", "BAO_CHI"): ["6"],
        ("STTTT", "TY_LE"): ["70"],
        ("SKHDT", "TY_LE"): ["52"],
    }


def test_an_approver_pivots_their_own_unit_only(api, approver, filed):
    client = api(approver)
    body = _pivot(client, unit="STTTT").json()
    assert {r["unit"] for r in body["rows"]} == {"STTTT"}
    assert_error(_pivot(client, unit="UBND-TB"), 404, "not_found")
    assert_error(_pivot(client, unit="SKHDT"), 404, "not_found")


@pytest.mark.parametrize("who", ["reporter", "outsider"])
def test_reporters_and_outsiders_get_404_for_the_pivot(api, filed, who, request):
    client = api(request.getfixturevalue(who))
    assert_error(_pivot(client, unit="STTTT"), 404, "not_found")
    assert_error(_pivot(client, unit="UBND-TB"), 404, "not_found")


def test_fifty_years_is_refused_in_both_languages(api, viewer, filed):
    client = api(viewer)
    error = assert_error(
        _pivot(client, period_from="1990-01", period_to="2040-12"), 422, "range_too_long"
    )
    assert "Khoảng thời gian quá dài" in error["message"]
    error = assert_error(
        _pivot(client, period_from="1990-01", period_to="2040-12", by="year"), 422, "range_too_long"
    )
    client.language = "en"
    error = assert_error(
        _pivot(client, period_from="1990-01", period_to="2040-12"), 422, "range_too_long"
    )
    assert error["message"].startswith("The range is too long")
    assert_error(_pivot(client, period_from="2022-03", period_to="2022-01"), 422, "period_order")


def test_too_many_unknown_and_text_indicators(api, viewer, template, filed):
    client = api(viewer)
    many = ",".join(f"X{i}" for i in range(MAX_INDICATORS + 1))
    error = assert_error(_pivot(client, indicators=many), 422, "too_many_indicators")
    assert f"tối đa {MAX_INDICATORS}" in error["message"]
    error = assert_error(_pivot(client, indicators="BAO_CHI,KHONG_CO"), 422, "unknown_indicators")
    assert error["details"] == {"indicators": ["KHONG_CO"]}
    Indicator.objects.create(template=template, code="GHI_CHU", name="Ghi chú", value_type="text")
    error = assert_error(_pivot(client, indicators="GHI_CHU"), 422, "text_indicators")
    assert "dạng văn bản" in error["message"]
    body = _pivot(client, indicators="GHI_CHU,BAO_CHI").json()
    assert body["skipped"] == ["Ghi chú"] and {r["indicator"] for r in body["rows"]} == {"BAO_CHI"}
    assert_error(_pivot(client, indicators=" , "), 422, "indicators_required")
    assert_error(_pivot(client, level="galaxy"), 422, "validation_error")
    client.language = "en"
    error = assert_error(_pivot(client, indicators=many), 422, "too_many_indicators")
    assert error["message"] == (
        f"Choose at most {MAX_INDICATORS} indicators for one analysis table "
        f"({MAX_INDICATORS + 1} chosen)."
    )
