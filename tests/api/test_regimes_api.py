"""The regimes API: the designer's services and rules for administrators and ministry systems."""

from __future__ import annotations

import pytest

from baocao.catalog.models import RegimeEvent, ReportTemplate
from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from baocao.reports.services import create_report
from tests.api.conftest import api_as, assert_error
from tests.conftest import make_user


@pytest.fixture
def health(province) -> OrgUnit:
    """Return the Sở Y tế with two units."""
    health = OrgUnit.objects.create(code="SYT", name="Sở Y tế", level="department", parent=province)
    for i in (1, 2):
        OrgUnit.objects.create(code=f"TTYT{i}", name=f"TTYT {i}", level="division", parent=health)
    return health


@pytest.fixture
def admin(health):
    """Return the Sở Y tế's administrator."""
    return make_user("quantri.syt", health, Role.ADMINISTRATOR)


DOCUMENT = {
    "code": "SYT-THANG",
    "name": "Báo cáo tháng ngành Y tế",
    "owner_unit": "SYT",
    "legal_basis": ["Nghị định 09/2019/NĐ-CP"],
    "receiving_units": ["UBND-TB"],
    "delivery_methods": ["system"],
    "period_kind": "month",
    "deadline": {"kind": "working_days_after_cutoff", "value": 3},
    "sections": [{"code": "KCB", "title": "Khám chữa bệnh"}],
    "indicators": [
        {
            "code": "LUOT",
            "name": "Lượt khám",
            "unit": "lượt",
            "section": "KCB",
            "disaggregation": "GT",
        },
        {
            "code": "TY_LE",
            "name": "Tỷ lệ",
            "value_type": "percent",
            "min_value": "0",
            "max_value": "100",
        },
    ],
    "disaggregations": [
        {
            "code": "GT",
            "name": "Giới tính",
            "options": [{"code": "NAM", "name": "Nam"}, {"code": "NU", "name": "Nữ"}],
        }
    ],
    "units": ["TTYT1", "TTYT2"],
}


def test_create_get_export_import_version_assign(admin, health, province):
    api = api_as(admin)
    created = api.post("/api/regimes", DOCUMENT)
    assert created.status_code == 201, created.content
    body = created.json()
    regime = ReportTemplate.objects.get(code="SYT-THANG")
    assert body["id"] == regime.pk and body["document"]["units"] == ["TTYT1", "TTYT2"]
    assert list(regime.receiving_units.all()) == [province]
    assert regime.indicators.filter(parent__isnull=False).count() == 2
    assert_error(api.post("/api/regimes", DOCUMENT), 409, "duplicate_code")
    exported = api.get(f"/api/regimes/{regime.pk}/export").json()
    dry = api.call("POST", "/api/regimes/import?dry_run=true", exported).json()
    assert dry["dry_run"] and dry["plan"]["unchanged"] and dry["regime"] is None
    again = api.call("POST", "/api/regimes/import", exported).json()
    assert again["regime"]["id"] == regime.pk and again["plan"]["unchanged"]
    listed = api.get("/api/regimes").json()
    assert [r["code"] for r in listed["items"]] == ["SYT-THANG"]
    unit = OrgUnit.objects.get(code="TTYT1")
    create_report(
        unit=unit, template=regime, period="2026-01", by=make_user("cv", unit, Role.REPORTER)
    )
    moved = api.put(f"/api/regimes/{regime.pk}/assignment", {"mode": "list", "units": ["TTYT1"]})
    assert moved.status_code == 200 and moved.json()["version"] == 2
    new = ReportTemplate.current("SYT-THANG")
    assert list(new.assigned_units.values_list("code", flat=True)) == ["TTYT1"]
    third = api.post(f"/api/regimes/{new.pk}/versions", {"valid_from": "2026-07-01"})
    assert third.status_code == 201 and third.json()["version"] == 3
    assert RegimeEvent.objects.filter(code="SYT-THANG", verb="assign").exists()


def test_outsiders_and_bad_input(admin, health, reporter, unit):
    api_as(admin).post("/api/regimes", DOCUMENT)
    regime = ReportTemplate.objects.get(code="SYT-THANG")
    assert_error(api_as(reporter).get(f"/api/regimes/{regime.pk}"), 404)
    assert_error(api_as(reporter).post("/api/regimes", {**DOCUMENT, "code": "X"}), 403)
    other = make_user("quantri.stttt", unit, Role.ADMINISTRATOR)
    assert_error(api_as(other).get(f"/api/regimes/{regime.pk}"), 404)
    assert api_as(other).get("/api/regimes").json()["count"] == 0
    assert_error(
        api_as(other).post("/api/regimes", {**DOCUMENT, "code": "Y"}), 422
    )  # SYT is not theirs
    bad = {**DOCUMENT, "code": "Z", "indicators": [{"code": "A", "name": "A", "section": "NONE"}]}
    error = assert_error(api_as(admin).post("/api/regimes", bad), 422)
    assert "indicators" in error["details"]
    error = assert_error(
        api_as(admin).put(
            f"/api/regimes/{regime.pk}/assignment", {"mode": "list", "units": ["STTTT"]}
        ),
        422,
    )


def test_the_schema_lists_the_regime_endpoints(db):
    from django.test import Client

    paths = set(Client().get("/api/openapi.json").json()["paths"])
    assert {
        "/api/regimes",
        "/api/regimes/{regime_id}",
        "/api/regimes/{regime_id}/export",
        "/api/regimes/import",
        "/api/regimes/{regime_id}/versions",
        "/api/regimes/{regime_id}/assignment",
    } <= paths
