"""A number reaches the report service typed (Decimal), from the API, the importer and the
registers alike: it is never written out as Vietnamese text for the service to read back, and
it passes the same checks as a number a person typed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baocao.demo.load import load_demo
from baocao.domain.numbers import NumberFormatError
from baocao.imports import services as import_services
from baocao.reports.services import validation
from baocao.reports.services.validation import clean_indicator_value
from tests.api.conftest import api_as
from tests.imports.test_import import sample_bytes


def _refuse_reading(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Make reading Vietnamese number text fail: only typed numbers get through."""

    def refuse(raw: str) -> Decimal:
        raise NumberFormatError(raw)

    monkeypatch.setattr(validation, "parse_number", refuse)


@pytest.fixture
def no_reading_back(monkeypatch):  # type: ignore[no-untyped-def]
    _refuse_reading(monkeypatch)


def test_a_typed_number_and_the_same_number_typed_by_a_person_agree(template) -> None:
    indicator = template.indicators.get(code="BAO_CHI")
    assert clean_indicator_value(indicator, Decimal("2297")) == clean_indicator_value(
        indicator, "2.297"
    )
    assert clean_indicator_value(indicator, 12) == (Decimal("12.0000"), "")
    assert clean_indicator_value(indicator, None) == (None, "")
    indicator.max_value = Decimal("100")
    for given in (Decimal("101"), "101"):
        with pytest.raises(ValueError, match="nhỏ hơn hoặc bằng 100"):
            clean_indicator_value(indicator, given)
    for bad in (Decimal("NaN"), Decimal("Infinity"), True):
        with pytest.raises(ValueError):
            clean_indicator_value(indicator, bad)


def test_the_api_passes_json_numbers_typed(draft, reporter, no_reading_back) -> None:
    response = api_as(reporter).put(
        f"/api/reports/{draft.pk}/values",
        {"version": draft.version, "values": [{"indicator": "BAO_CHI", "value": 2297}]},
    )
    assert response.status_code == 200, response.content
    assert draft.values.get(indicator__code="BAO_CHI").value == Decimal("2297")
    refused = api_as(reporter).put(
        f"/api/reports/{draft.pk}/values",
        {"version": response.json()["version"], "values": [{"indicator": "BAO_CHI", "value": "5"}]},
    )
    assert refused.status_code == 422  # text is read, and reading is what the fixture refuses


def test_the_importer_passes_the_parsers_numbers_typed(db, monkeypatch) -> None:
    demo = load_demo()  # the demo's own report is typed by hand, as text
    _refuse_reading(monkeypatch)
    outcome = import_services.import_bytes(
        sample_bytes("02"),
        "bc-02-2022.txt",
        unit=demo["units"]["STTTT"],
        template=demo["template"],
        by=demo["users"]["chuyenvien"],
    )
    assert outcome.status == "imported", outcome.message
    values = {v.indicator.code: v.value for v in outcome.report.values.select_related("indicator")}
    assert values["LUU_CHIEU_TRANG"] == Decimal("492")


def test_the_importer_plans_each_file_once(db, monkeypatch) -> None:
    demo = load_demo()
    calls: list[str] = []
    plan = import_services.plan_import

    def counted(parsed, template):  # type: ignore[no-untyped-def]
        calls.append(parsed.source)
        return plan(parsed, template)

    monkeypatch.setattr(import_services, "plan_import", counted)
    outcome = import_services.import_bytes(
        sample_bytes("03"),
        "bc-03-2022.txt",
        unit=demo["units"]["STTTT"],
        template=demo["template"],
        by=demo["users"]["chuyenvien"],
    )
    assert outcome.status == "imported", outcome.message
    assert calls == ["bc-03-2022.txt"]
