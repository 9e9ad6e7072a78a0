"""Rules on a report's figures: administrators write them; every save and submission checks them."""

from __future__ import annotations

import pytest

from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.reports.models import AuditEvent
from baocao.reports.services import ItemInput, create_report, save_draft, submit_report
from baocao.validation.models import ValidationRule
from baocao.validation.services import create_rule, delete_rule, update_rule
from tests.conftest import reload


def test_an_administrator_adds_changes_and_removes_a_rule_with_audit(template, parts, admin):
    rule = create_rule(template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right=" HS_TONG ")
    assert str(rule.to_rule()) == "HS_TRUC_TUYEN ≤ HS_TONG"
    update_rule(
        template,
        rule.pk,
        by=admin,
        left="HS_TRUC_TUYEN+HS_BUU_CHINH",
        operator="=",
        right="HS_TONG",
        severity="warning",
        message="Các phần phải cộng đủ tổng số.",
    )
    rule.refresh_from_db()
    assert (rule.left, rule.severity) == ("HS_TRUC_TUYEN + HS_BUU_CHINH", "warning")
    delete_rule(template, rule.pk, by=admin)
    assert not ValidationRule.objects.exists()
    comments = list(
        AuditEvent.objects.filter(report=None, actor=admin).values_list("comment", flat=True)
    )
    assert comments == [
        "Thêm quy tắc kiểm tra số liệu",
        "Sửa quy tắc kiểm tra số liệu",
        "Xóa quy tắc kiểm tra số liệu",
    ]


def test_only_administrators_write_rules(template, parts, reporter):
    with pytest.raises(Forbidden):
        create_rule(template, by=reporter, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")


def test_a_rule_naming_an_unknown_indicator_is_refused_with_a_message(template, parts, admin):
    with pytest.raises(Invalid) as exc:
        create_rule(template, by=admin, left="KHONG_CO", operator="<=", right="HS_TONG + ;")
    assert exc.value.details["left"] == "Chế độ báo cáo không có chỉ tiêu số mã KHONG_CO."
    assert "dấu +" in exc.value.details["right"]
    with pytest.raises(Invalid) as exc:
        create_rule(template, by=admin, left="5", operator="<=", right="HS_TONG")
    assert exc.value.details["left"] == "Vế trái phải có ít nhất một chỉ tiêu."


def test_a_rule_of_another_regime_is_not_found(template, parts, admin):
    rule = create_rule(template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    with pytest.raises(NotFound):
        delete_rule(template, rule.pk + 1000, by=admin)


def test_save_refuses_a_part_larger_than_the_total_with_the_message_on_the_part(
    draft, parts, admin, reporter
):
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    values = {parts["total"].pk: ("10", ""), parts["online"].pk: ("12", "")}
    with pytest.raises(Invalid) as exc:
        save_draft(draft, by=reporter, expected_version=draft.version, values=values)
    assert exc.value.details == {
        f"values.{parts['online'].pk}": (
            "Số liệu không thỏa quy tắc HS_TRUC_TUYEN ≤ HS_TONG (12 ≤ 10 không đúng)."
        )
    }
    assert not reload(draft).values.filter(indicator=parts["online"]).exists()
    values[parts["online"].pk] = ("8", "")
    save_draft(draft, by=reporter, expected_version=draft.version, values=values)
    # The rule also holds against values stored earlier: lowering the total alone is refused.
    with pytest.raises(Invalid):
        save_draft(
            reload(draft),
            by=reporter,
            expected_version=reload(draft).version,
            values={parts["total"].pk: ("5", "")},
        )


def _history(template, unit, reporter, total, figures):
    """Write reports of the months before 2022-01 with ``figures`` for the total."""
    periods = [f"2021-{m:02d}" for m in range(1, 13)][-len(figures) :]
    for period, figure in zip(periods, figures, strict=True):
        report = create_report(unit=unit, template=template, period=period, by=reporter)
        save_draft(
            report, by=reporter, expected_version=report.version, values={total.pk: (figure, "")}
        )


def test_an_outlier_is_saved_with_a_warning_and_blocks_submission_until_confirmed(
    draft, parts, reporter, unit
):
    _history(
        draft.template, unit, reporter, parts["total"], ["100", "104", "98", "101", "99", "103"]
    )
    saved = save_draft(
        draft, by=reporter, expected_version=draft.version, values={parts["total"].pk: ("900", "")}
    )
    assert [f.kind for f in saved.findings] == ["outlier"]
    assert "trung vị 6 kỳ gần nhất: 100,5" in saved.findings[0].message
    with pytest.raises(Invalid) as exc:
        submit_report(reload(draft), by=reporter)
    assert exc.value.details["indicator.HS_TONG"].endswith("(cảnh báo chưa được xác nhận)")
    draft = reload(draft)
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        reasons={parts["total"].pk: "Tháng cao điểm cấp đổi giấy phép"},
    )
    value = reload(draft).values.get(indicator=parts["total"])
    assert value.confirmed_reason == "Tháng cao điểm cấp đổi giấy phép"
    assert submit_report(reload(draft), by=reporter).status == "submitted"


def test_a_changed_value_loses_its_confirmation(draft, parts, reporter):
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        values={parts["total"].pk: ("900", "")},
        reasons={parts["total"].pk: "Có lý do"},
    )
    draft = reload(draft)
    save_draft(
        draft, by=reporter, expected_version=draft.version, values={parts["total"].pk: ("901", "")}
    )
    assert reload(draft).values.get(indicator=parts["total"]).confirmed_reason == ""


def test_submission_is_refused_while_a_rule_fails(draft, parts, admin, reporter):
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        values={parts["total"].pk: ("10", ""), parts["online"].pk: ("12", "")},
    )
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    with pytest.raises(Invalid) as exc:
        submit_report(reload(draft), by=reporter)
    assert "HS_TRUC_TUYEN ≤ HS_TONG" in exc.value.details["indicator.HS_TRUC_TUYEN"]


def test_required_values_still_block_submission(draft, parts, reporter):
    parts["total"].required = True
    parts["total"].save()
    with pytest.raises(Invalid) as exc:
        submit_report(reload(draft), by=reporter)
    assert exc.value.details["indicator.HS_TONG"] == "Chưa nhập số liệu “Tổng số hồ sơ tiếp nhận”."


def test_an_estimate_mark_is_stored(draft, parts, reporter):
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        values={parts["total"].pk: ("10", "")},
        estimates={parts["total"].pk: True},
        items=[ItemInput(text="Nội dung.", section_id=None)],
    )
    assert reload(draft).values.get(indicator=parts["total"]).is_estimate


def test_the_parts_of_a_disaggregated_indicator_add_up_to_its_total(draft, parts, reporter):
    parts["online"].parent = parts["total"]
    parts["online"].save()
    parts["post"].parent = parts["total"]
    parts["post"].save()
    values = {
        parts["total"].pk: ("10", ""),
        parts["online"].pk: ("4", ""),
        parts["post"].pk: ("5", ""),
    }
    with pytest.raises(Invalid) as exc:
        save_draft(draft, by=reporter, expected_version=draft.version, values=values)
    assert exc.value.details == {
        f"values.{parts['online'].pk}": "Tổng các nhóm phân tổ phải bằng “Tổng số hồ sơ tiếp nhận”."
    }
    values[parts["post"].pk] = ("6", "")
    save_draft(draft, by=reporter, expected_version=draft.version, values=values)
