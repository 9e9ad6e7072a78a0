"""Regimes as data: JSON and XLSX round trips, idempotent imports, versions on change."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from baocao.catalog.interchange import read_json, read_xlsx, regime_document, to_json, to_xlsx
from baocao.catalog.models import ReportTemplate
from baocao.catalog.services.disaggregations import parse_options, save_disaggregation
from baocao.catalog.services.interchange import apply_import, plan_import
from baocao.catalog.services.regimes import (
    IndicatorInput,
    RegimeInput,
    assign_units,
    create_regime,
    save_indicator,
    save_section,
)
from baocao.core.errors import Invalid
from baocao.domain.deadlines import DeadlineRule
from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from baocao.reports.services import create_report
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


@pytest.fixture
def regime(health, admin, province) -> ReportTemplate:
    """Return a regime with two sections, a disaggregated indicator and one with bounds."""
    gender = save_disaggregation(
        by=admin, code="GT", name="Giới tính", options=parse_options("NAM: Nam\nNU: Nữ")
    )
    regime = create_regime(
        RegimeInput(
            code="SYT-THANG",
            name="Báo cáo tháng ngành Y tế",
            owner_unit=health,
            deadline=DeadlineRule.working_days(3),
            receiving_units=[province],
            delivery_methods=["system"],
            legal_basis="Nghị định 09/2019/NĐ-CP",
        ),
        by=admin,
    )
    _v, s1 = save_section(regime, by=admin, code="KCB", title="Khám chữa bệnh")
    save_section(regime, by=admin, code="NV", title="Nhiệm vụ tháng tới", kind="plan")
    save_indicator(
        regime,
        IndicatorInput(
            code="LUOT",
            name="Lượt khám",
            unit="lượt",
            section_id=s1.pk,
            disaggregation_id=gender.pk,
        ),
        by=admin,
    )
    save_indicator(
        regime,
        IndicatorInput(
            code="TY_LE",
            name="Tỷ lệ tiêm chủng",
            unit="%",
            value_type="percent",
            min_value=Decimal("0"),
            max_value=Decimal("100.5"),
        ),
        by=admin,
    )
    assign_units(regime, by=admin, mode="subtree", root=health)
    return regime


def test_json_round_trip_is_idempotent(regime, admin):
    data = read_json(to_json(regime))
    plan = plan_import(data, by=admin)
    assert plan.unchanged, plan.as_dict()
    same, _plan = apply_import(data, by=admin)
    assert same.pk == regime.pk and ReportTemplate.objects.filter(code="SYT-THANG").count() == 1


def test_xlsx_round_trip_is_idempotent_and_creates_elsewhere(regime, admin):
    content = to_xlsx(regime)
    data = read_xlsx(content)
    assert plan_import(data, by=admin).unchanged, plan_import(data, by=admin).as_dict()
    data["code"] = "SYT-MOI"
    plan = plan_import(data, by=admin)
    assert plan.creates and plan.indicators_added == ["LUOT", "TY_LE"]
    new, _plan = apply_import(data, by=admin)
    assert regime_document(new) | {"code": "SYT-THANG"} == regime_document(regime)
    assert new.indicators.get(code="LUOT.NU").parent.code == "LUOT"
    assert apply_import(read_xlsx(to_xlsx(new)), by=admin)[0].pk == new.pk


def test_a_changed_file_with_reports_makes_a_new_version(regime, admin, health):
    unit = health.children.first()
    reporter = make_user("cv", unit, Role.REPORTER)
    create_report(unit=unit, template=regime, period="2026-01", by=reporter)
    doc = json.loads(to_json(regime))
    doc["indicators"][1]["max_value"] = "100"
    doc["sections"].append(
        {"code": "KN", "title": "Kiến nghị", "kind": "proposals", "required": False}
    )
    data = read_json(json.dumps(doc).encode())
    plan = plan_import(data, by=admin)
    assert plan.new_version and plan.sections_added == ["KN"]
    assert plan.indicators_changed == ["TY_LE"]
    new, _plan = apply_import(data, by=admin)
    assert new.version == 2 and new.sections.count() == 3
    assert new.indicators.get(code="TY_LE").max_value == 100
    regime.refresh_from_db()
    assert regime.indicators.get(code="TY_LE").max_value == Decimal("100.5")
    assert plan_import(data, by=admin).unchanged


def test_bad_files_get_precise_messages(regime, admin):
    with pytest.raises(Invalid):
        read_json(b"not json")
    with pytest.raises(Invalid):
        read_xlsx(b"PK not a workbook")
    doc = json.loads(to_json(regime))
    doc["indicators"][0]["section"] = "KHONG_CO"
    doc["units"].append("KHONG-CO")
    with pytest.raises(Invalid) as error:
        plan_import(read_json(json.dumps(doc).encode()), by=admin)
    assert {"indicators", "units"} <= set(error.value.details)


def test_a_file_for_a_regime_of_another_unit_is_not_found(regime, unit):
    """The import's preview of a regime someone else manages was shown (only the apply
    refused it): the plan is NotFound, on the page and in the service, as the regime is."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from baocao.core.errors import NotFound
    from tests.conftest import client_for

    other = make_user("quantri.stttt", unit, Role.ADMINISTRATOR)
    data = read_json(to_json(regime))
    with pytest.raises(NotFound):
        plan_import(data, by=other)
    with pytest.raises(NotFound):
        apply_import({**data, "name": "Đổi tên"}, by=other)
    upload = SimpleUploadedFile("che-do.json", to_json(regime), content_type="application/json")
    page = client_for(other).post("/che-do/nhap/", {"file": upload})
    assert page.status_code == 404 and "plan" not in page.context
    assert ReportTemplate.current("SYT-THANG").name == "Báo cáo tháng ngành Y tế"
