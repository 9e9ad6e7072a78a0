"""Finding 5: the bulk exchange import is bounded, reads in bulk, and answers the same message
for "no such unit", "no right" and "someone else's report"."""

from __future__ import annotations

import copy
import json
import time

import pytest
from django.test import Client

from baocao.api.exchange import export_period, import_data
from baocao.api.tokens import create_token
from baocao.reports.models import Report
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(draft, reporter) -> dict:
    return export_period(reporter, unit_code="STTTT", period="2022-01")


def one_report(exported: dict, unit: str, period: str) -> dict:
    report = copy.deepcopy(exported["reports"][0])
    report.update(unit=unit, period=period)
    return report


def test_no_unit_no_right_and_not_yours_get_the_same_answer(exported, draft, outsider):
    data = copy.deepcopy(exported)
    data["reports"] = [
        one_report(exported, "KHONG-CO-DV", "2022-01"),  # no such unit
        one_report(exported, "STTTT", "2022-05"),  # a unit not his, no report there
        one_report(exported, "STTTT", draft.period_code),  # a unit not his, a report there
    ]
    result = import_data(outsider, data)
    messages = {outcome["message"] for outcome in result["reports"]}
    assert result["errors"] == 3
    assert len(messages) == 1, messages
    assert all(o["report_id"] is None for o in result["reports"])
    assert not Report.objects.filter(period_code="2022-05").exists()


def test_a_file_with_too_many_reports_is_413(exported, reporter, settings):
    settings.BAOCAO_EXCHANGE_MAX_REPORTS = 5
    data = copy.deepcopy(exported)
    data["reports"] = [one_report(exported, "STTTT", f"2023-{m:02}") for m in range(1, 7)]
    _, token = create_token(by=reporter, name="x")
    response = Client().post(
        "/api/exchange/import",
        json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    error = assert_error(response, 413, "too_large")
    assert error["details"] == {"reports": 6, "limit": 5}
    assert not Report.objects.filter(period_year=2023).exists()


def test_many_small_reports_for_other_units_cost_a_fixed_number_of_queries(
    exported, outsider, django_assert_max_num_queries
):
    data = copy.deepcopy(exported)
    data["reports"] = [one_report(exported, f"DV-{i:04}", "2022-01") for i in range(900)]
    data["reports"] += [
        one_report(exported, "STTTT", f"20{y}-{m:02}") for y in range(10, 18) for m in range(1, 13)
    ]
    body = json.dumps(data)
    assert len(body) > 600_000
    with django_assert_max_num_queries(10):
        result = import_data(outsider, data)
    assert result["errors"] == len(data["reports"])


def test_a_600_kilobyte_file_is_answered_quickly(exported, reporter):
    data = copy.deepcopy(exported)
    data["reports"] = [one_report(exported, f"DV-{i:04}", "2022-01") for i in range(995)]
    data["reports"] += [one_report(exported, "STTTT", f"2021-{m:02}") for m in range(1, 6)]
    body = json.dumps(data)
    assert len(body) > 600_000
    _, token = create_token(by=reporter, name="x")
    start = time.monotonic()
    response = Client().post(
        "/api/exchange/import",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    elapsed = time.monotonic() - start
    assert response.status_code == 200, response.content[:300]
    assert response.json()["created"] == 5
    assert elapsed < 10, elapsed  # was over 10 s on the dev server
