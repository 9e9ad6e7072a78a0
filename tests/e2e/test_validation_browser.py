"""Validation, estimates and targets in Chromium: a reporter meets the rules in the editor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from baocao.catalog.models import Indicator
from baocao.domain.workflow import Role
from baocao.reports.services import create_report, save_draft
from baocao.targets.services import set_targets
from baocao.validation.services import create_rule
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import login

SHOTS = Path(os.environ.get("BAOCAO_VALIDATION_SHOTS", "var/screenshots/validation"))


def shot(page, name: str) -> None:
    """Save a full-page screenshot for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def setup(draft, unit, province, reporter):
    """Add a total with a "trong đó" part, a rule, eight months of history and a target."""
    template = draft.template
    total = Indicator.objects.create(
        template=template, code="HS_TONG", name="Tổng số hồ sơ tiếp nhận", unit="hồ sơ", order=10
    )
    online = Indicator.objects.create(
        template=template,
        code="HS_TRUC_TUYEN",
        name="Trong đó: hồ sơ trực tuyến",
        unit="hồ sơ",
        order=11,
    )
    admin = make_user("quantri", province, Role.ADMINISTRATOR)
    create_rule(template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    for month in range(5, 13):
        report = create_report(
            unit=unit, template=template, period=f"2021-{month:02d}", by=reporter
        )
        save_draft(
            report, by=reporter, expected_version=report.version, values={total.pk: ("10", "")}
        )
    set_targets(unit, template, 2022, {total.pk: "200"}, by=reporter)
    return {"total": total, "online": online, "admin": admin}


def save(page) -> None:
    with page.expect_navigation():
        page.click(".actions.sticky button[name=save]")


def test_a_reporter_meets_a_rule_an_outlier_an_estimate_and_the_plan(page, draft, setup):
    total, online = setup["total"].pk, setup["online"].pk
    login(page, "chuyenvien", PASSWORD)
    page.goto(f"/bao-cao/{draft.pk}/soan/")
    page.fill(f"#value-{total}", "10")
    page.fill(f"#value-{online}", "12")
    save(page)
    message = "Số liệu không thỏa quy tắc HS_TRUC_TUYEN ≤ HS_TONG (12 ≤ 10 không đúng)."
    assert page.inner_text(f"#err-{online}") == message
    assert page.get_attribute(f"#value-{online}", "aria-invalid") == "true"
    assert message in page.inner_text("#error-summary")
    assert page.input_value(f"#value-{online}") == "12"  # what was typed is kept
    shot(page, "editor-rule-error-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "editor-rule-error-375")
    page.set_viewport_size({"width": 1366, "height": 768})

    # A far larger total than the unit's history: saved, but warned until confirmed.
    page.fill(f"#value-{online}", "8")
    page.fill(f"#value-{total}", "90")
    page.check(f"input[name=estimate-{total}]")
    save(page)
    assert "Số liệu cần kiểm tra lại" in page.inner_text("#warning-summary")
    assert "trung vị 8 kỳ gần nhất: 10" in page.inner_text(f"#warn-{total}")
    shot(page, "editor-outlier-warning-1366")
    page.fill(f"#reason-{total}", "Tháng cao điểm cấp đổi giấy phép")
    save(page)
    assert page.locator("#warning-summary").count() == 0
    assert page.inner_text(f"#warn-{total}").startswith("Đã xác nhận:")
    assert page.is_checked(f"input[name=estimate-{total}]")

    page.goto(f"/bao-cao/{draft.pk}/")
    figures = page.inner_text("table.numbers")
    assert "90 (ước)" in figures
    assert "% kế hoạch năm" in figures and "45%" in figures
    shot(page, "report-plan-estimate-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "report-plan-estimate-375")


def test_the_rules_page_and_the_targets_grid(page, draft, setup):
    login(page, "quantri", PASSWORD)
    page.goto(f"/che-do/{draft.template.pk}/quy-tac/")
    assert "HS_TRUC_TUYEN ≤ HS_TONG" in page.inner_text("main")
    page.fill("#id_left", "KHIEU_NAI")
    page.select_option("#id_operator", "<=")
    page.fill("#id_right", "KHONG_CO")
    with page.expect_navigation():
        page.click("#add-rule button[type=submit]")
    assert page.inner_text("#err-right") == "Chế độ báo cáo không có chỉ tiêu số mã KHONG_CO."
    page.fill("#id_right", "1000")
    page.select_option("#id_severity", "warning")
    with page.expect_navigation():
        page.click("#add-rule button[type=submit]")
    assert "KHIEU_NAI ≤ 1000" in page.inner_text("main")
    shot(page, "rules-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "rules-375")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.context.clear_cookies()
    login(page, "chuyenvien", PASSWORD)
    page.goto("/ke-hoach-nam/?year=2022")
    assert page.input_value(f"#target-{setup['total'].pk}") == "200"
    shot(page, "targets-1366")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "targets-375")
