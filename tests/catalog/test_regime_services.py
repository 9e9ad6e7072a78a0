"""Regime designer services: who may change a regime, versions, outline, data form, parts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baocao.catalog.models import Indicator, RegimeEvent, ReportTemplate
from baocao.catalog.services.disaggregations import parse_options, save_disaggregation
from baocao.catalog.services.regimes import (
    IndicatorInput,
    RegimeInput,
    assign_units,
    copy_regime,
    create_regime,
    delete_indicator,
    delete_regime,
    move_indicator,
    save_indicator,
    save_section,
    update_regime,
)
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.domain.deadlines import DeadlineRule
from baocao.domain.workflow import Role
from baocao.issuing.selectors import default_receivers
from baocao.legal.services import remove_orphans
from baocao.organizations.models import OrgUnit
from baocao.reports.services import create_report
from tests.conftest import make_user


@pytest.fixture
def health(province) -> OrgUnit:
    """Return the Sở Y tế."""
    return OrgUnit.objects.create(
        code="SYT", name="Sở Y tế", level="department", parent=province, doc_code="SYT"
    )


@pytest.fixture
def clinics(health) -> list[OrgUnit]:
    """Return three units under the Sở Y tế."""
    return [
        OrgUnit.objects.create(
            code=f"TTYT{i}", name=f"Trung tâm Y tế {i}", level="division", parent=health
        )
        for i in (1, 2, 3)
    ]


@pytest.fixture
def health_admin(health):
    """Return the Sở Y tế's delegated administrator."""
    return make_user("quantri.syt", health, Role.ADMINISTRATOR)


@pytest.fixture
def province_admin(province):
    """Return the province's administrator."""
    return make_user("quantri.tinh", province, Role.ADMINISTRATOR)


@pytest.fixture
def gender(province_admin):
    """Return the disaggregation by gender."""
    return save_disaggregation(
        by=province_admin, code="GIOI_TINH", name="Giới tính", options=parse_options("Nam\nNữ")
    )


def _regime(health, by, **extra) -> ReportTemplate:
    data = RegimeInput(
        code=extra.pop("code", "SYT-THANG"),
        name="Báo cáo tháng ngành Y tế",
        owner_unit=health,
        deadline=DeadlineRule.working_days(3),
        legal_basis="Nghị định 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ",
        **extra,
    )
    return create_regime(data, by=by)


def test_a_delegated_administrator_builds_a_regime_with_parts_and_audit(
    health, clinics, health_admin, gender, province
):
    regime = _regime(health, health_admin, receiving_units=[province])
    assert regime.legal_basis.get().code == "09/2019/NĐ-CP"
    _v, section = save_section(regime, by=health_admin, code="KCB", title="Khám chữa bệnh")
    _v, total = save_indicator(
        regime,
        IndicatorInput(
            code="LUOT_KHAM",
            name="Lượt khám bệnh",
            unit="lượt",
            section_id=section.pk,
            disaggregation_id=gender.pk,
            min_value=Decimal(0),
        ),
        by=health_admin,
    )
    parts = list(total.parts.order_by("order"))
    assert [(p.code, p.name) for p in parts] == [
        ("LUOT_KHAM.NAM", "Lượt khám bệnh - Nam"),
        ("LUOT_KHAM.NU", "Lượt khám bệnh - Nữ"),
    ]
    assert all(p.section_id == section.pk and p.unit == "lượt" for p in parts)
    save_indicator(regime, IndicatorInput(code="GIUONG", name="Giường bệnh"), by=health_admin)
    assert list(regime.indicators.order_by("order").values_list("code", flat=True)) == [
        "LUOT_KHAM",
        "LUOT_KHAM.NAM",
        "LUOT_KHAM.NU",
        "GIUONG",
    ]
    giuong = regime.indicators.get(code="GIUONG")
    move_indicator(regime, giuong.pk, "up", by=health_admin)
    assert regime.indicators.order_by("order").first().code == "GIUONG"
    assign_units(regime, by=health_admin, mode="subtree", root=health)
    assert set(regime.assigned_units.all()) == set(clinics)
    verbs = set(RegimeEvent.objects.filter(code="SYT-THANG").values_list("verb", flat=True))
    assert {"create", "section", "indicator", "assign"} <= verbs
    # the regime's receivers are the issuing default
    reporter = make_user("cv.ttyt1", clinics[0], Role.REPORTER)
    report = create_report(unit=clinics[0], template=regime, period="2026-01", by=reporter)
    assert default_receivers(report) == [province]
    # the legal basis survives the registry's clean-up of uncited documents
    remove_orphans()
    assert regime.legal_basis.count() == 1


def test_only_administrators_of_the_unit_or_above_change_it(
    health, health_admin, province_admin, unit, province, reporter
):
    regime = _regime(health, province_admin)
    other_admin = make_user("quantri.stttt", unit, Role.ADMINISTRATOR)
    with pytest.raises(Forbidden):
        save_section(regime, by=other_admin, code="A", title="A")
    with pytest.raises(Forbidden):
        save_section(regime, by=reporter, code="A", title="A")
    save_section(regime, by=health_admin, code="A", title="A")
    # the delegated admin cannot give a regime to a unit outside theirs
    with pytest.raises(Invalid):
        assign_units(regime, by=health_admin, mode="list", units=[unit])
    with pytest.raises(Invalid):
        _regime(province, health_admin, code="X")


def test_a_section_of_another_regime_is_refused(health, health_admin, template):
    regime = _regime(health, health_admin)
    foreign = template.sections.first()
    with pytest.raises(Invalid) as error:
        save_indicator(
            regime, IndicatorInput(code="A", name="A", section_id=foreign.pk), by=health_admin
        )
    assert "section_id" in error.value.details
    with pytest.raises(NotFound):
        delete_indicator(regime, template.indicators.first().pk, by=health_admin)


def test_a_change_of_a_regime_with_reports_makes_a_new_version(
    health, clinics, health_admin, gender
):
    regime = _regime(health, health_admin)
    _v, section = save_section(regime, by=health_admin, code="KCB", title="Khám chữa bệnh")
    save_indicator(
        regime,
        IndicatorInput(
            code="LUOT", name="Lượt", section_id=section.pk, disaggregation_id=gender.pk
        ),
        by=health_admin,
    )
    assign_units(regime, by=health_admin, mode="list", units=clinics[:1])
    reporter = make_user("cv.ttyt1", clinics[0], Role.REPORTER)
    create_report(unit=clinics[0], template=regime, period="2026-01", by=reporter)
    data = RegimeInput(code="ignored", name="Báo cáo tháng ngành Y tế (sửa)", owner_unit=health)
    new = update_regime(regime, data, by=health_admin)
    assert (new.code, new.version, new.name) == ("SYT-THANG", 2, "Báo cáo tháng ngành Y tế (sửa)")
    regime.refresh_from_db()
    assert regime.name == "Báo cáo tháng ngành Y tế" and not regime.is_current
    total = new.indicators.get(code="LUOT")
    assert total.section.template_id == new.pk
    assert {p.parent_id for p in new.indicators.filter(parent__isnull=False)} == {total.pk}
    # the old version is read-only; the new one (no reports yet) is edited in place
    with pytest.raises(Conflict):
        save_section(regime, by=health_admin, code="B", title="B")
    again, _s = save_section(new, by=health_admin, code="B", title="B")
    assert again.pk == new.pk
    with pytest.raises(Conflict):
        delete_regime(regime, by=health_admin)
    delete_regime(new, by=health_admin)
    regime.refresh_from_db()
    assert regime.is_current


def test_copy_and_delete(health, health_admin, gender):
    regime = _regime(health, health_admin)
    save_indicator(
        regime,
        IndicatorInput(code="LUOT", name="Lượt", disaggregation_id=gender.pk),
        by=health_admin,
    )
    copy = copy_regime(regime, code="SYT-QUY", name="Báo cáo quý", by=health_admin)
    assert copy.indicators.count() == 3 and copy.owner_unit == health
    assert copy.indicators.get(code="LUOT.NU").parent == copy.indicators.get(code="LUOT")
    delete_regime(copy, by=health_admin)
    assert not ReportTemplate.objects.filter(code="SYT-QUY").exists()
    assert Indicator.objects.filter(template=regime).count() == 3


def test_bad_input_gets_vietnamese_messages(health, health_admin):
    with pytest.raises(Invalid) as error:
        create_regime(
            RegimeInput(
                code="mã sai!",
                name="",
                owner_unit=health,
                deadline=DeadlineRule.day_of_month(5),
                cutoff_start_day=15,
            ),
            by=health_admin,
        )
    assert set(error.value.details) >= {"code", "name", "deadline"}
    regime = _regime(health, health_admin)
    with pytest.raises(Invalid) as error:
        save_indicator(
            regime,
            IndicatorInput(code="A", name="A", min_value=Decimal(5), max_value=Decimal(1)),
            by=health_admin,
        )
    assert "max_value" in error.value.details


def test_assignment_by_level_takes_the_units_the_administrator_administers(
    health, clinics, health_admin, unit
):
    OrgUnit.objects.create(code="PHONG", name="Phòng khác", level="division", parent=unit)
    regime = _regime(health, health_admin)
    assign_units(regime, by=health_admin, mode="level", level="division")
    assert set(regime.assigned_units.all()) == set(clinics)
    assert regime.assignment_rule == {"mode": "level", "level": "division"}


def test_a_new_version_and_a_copy_keep_the_validation_rules(health, clinics, health_admin):
    from baocao.validation.services import create_rule

    regime = _regime(health, health_admin)
    save_indicator(regime, IndicatorInput(code="TONG", name="Tổng hồ sơ"), by=health_admin)
    save_indicator(regime, IndicatorInput(code="TRUC_TUYEN", name="Trực tuyến"), by=health_admin)
    create_rule(regime, by=health_admin, left="TRUC_TUYEN", operator="<=", right="TONG")
    assign_units(regime, by=health_admin, mode="list", units=clinics[:1])
    reporter = make_user("cv.ttyt1", clinics[0], Role.REPORTER)
    create_report(unit=clinics[0], template=regime, period="2026-01", by=reporter)
    _v, section = save_section(regime, by=health_admin, code="MOI", title="Mới")
    assert section.template.version == 2
    assert list(section.template.validation_rules.values_list("left", "right")) == [
        ("TRUC_TUYEN", "TONG")
    ]
    copy = copy_regime(regime, code="SYT-KHAC", name="Khác", by=health_admin)
    assert copy.validation_rules.count() == 1
