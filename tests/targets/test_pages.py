"""The annual targets grid and the rules page, in the browser's place: the web client."""

from __future__ import annotations

from decimal import Decimal as D

from baocao.targets.models import AnnualTarget
from baocao.validation.models import ValidationRule
from tests.conftest import client_for


def test_a_reporter_enters_the_years_targets_in_the_grid(template, unit, reporter):
    indicator = template.indicators.get(code="BAO_CHI")
    client = client_for(reporter)
    url = f"/ke-hoach-nam/?unit={unit.pk}&regime={template.pk}&year=2022"
    assert "Tin, bài báo chí TW" in client.get(url).content.decode()
    data = {"unit": unit.pk, "regime": template.pk, "year": 2022, f"target-{indicator.pk}": "x"}
    response = client.post("/ke-hoach-nam/", data)
    assert response.status_code == 422
    assert "“x” không phải là số hợp lệ" in response.content.decode()
    data[f"target-{indicator.pk}"] = "9.000"
    client.post("/ke-hoach-nam/", data)
    assert AnnualTarget.objects.get(unit=unit, year=2022).value == D(9000)
    assert 'value="9.000"' in client.get(url).content.decode()


def test_a_unit_without_role_sees_no_grid(template, viewer):
    assert client_for(viewer).get("/ke-hoach-nam/").status_code == 404


def test_an_administrator_adds_a_rule_on_the_rules_page(template, admin):
    from baocao.catalog.models import Indicator

    Indicator.objects.create(template=template, code="HS_TONG", name="Tổng hồ sơ", order=9)
    client = client_for(admin)
    url = f"/che-do/{template.pk}/quy-tac/"
    response = client.post(
        url, {"action": "add", "left": "BAO_CHI", "operator": "<=", "right": "KHONG_CO"}
    )
    assert response.status_code == 422
    assert "Chế độ báo cáo không có chỉ tiêu số mã KHONG_CO." in response.content.decode()
    client.post(url, {"action": "add", "left": "KHIEU_NAI", "operator": "<=", "right": "HS_TONG"})
    rule = ValidationRule.objects.get()
    assert "KHIEU_NAI ≤ HS_TONG" in client.get(url).content.decode()
    client.post(url, {"action": "delete", "rule": rule.pk})
    assert not ValidationRule.objects.exists()


def test_a_reporter_cannot_open_the_rules_page(template, reporter):
    assert client_for(reporter).get(f"/che-do/{template.pk}/quy-tac/").status_code == 404


def test_the_grid_offers_only_the_units_an_administrator_may_enter(template, unit, province):
    # An administrator of the Sở who is only a viewer of the province: the province's targets
    # are not theirs to enter (set_targets would refuse them), so the grid does not offer it.
    from baocao.domain.workflow import Role
    from baocao.organizations.models import Membership
    from baocao.targets.selectors import target_units
    from tests.conftest import make_user

    user = make_user("quantri.so", unit, Role.ADMINISTRATOR)
    Membership.objects.create(user=user, unit=province, role=Role.VIEWER.value)
    assert target_units(user) == [unit]
    page = client_for(user).get(f"/ke-hoach-nam/?unit={province.pk}").content.decode()
    choices = page.split('name="unit">', 1)[1].split("</select>", 1)[0]
    assert f'value="{province.pk}"' not in choices and f'value="{unit.pk}"' in choices
