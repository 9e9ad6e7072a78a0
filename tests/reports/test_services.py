"""The rules of report authoring and review, enforced once in the services."""

from __future__ import annotations

import pytest

from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.reports.models import AuditEvent, NarrativeItem, NumberRegister, ReportVersion
from baocao.reports.services import (
    ItemInput,
    add_item,
    approve_report,
    create_report,
    delete_item,
    return_report,
    save_draft,
    start_from_previous,
    submit_report,
    update_item,
)
from tests.conftest import reload


def items_of(report):
    return list(report.items.order_by("section__order", "order").values_list("text", flat=True))


class TestCreate:
    def test_it_creates_a_draft_with_the_decree_09_window_and_due_date(
        self, template, unit, reporter
    ):
        report = create_report(unit=unit, template=template, period="2022-01", by=reporter)
        assert report.status == "draft"
        assert (report.period_start.isoformat(), report.period_end.isoformat()) == (
            "2021-12-15",
            "2022-01-14",
        )
        assert report.due_date.isoformat() == "2022-01-20"
        assert report.title == "Kết quả hoạt động Thông tin và Truyền thông tháng 01 năm 2022"
        assert report.events.get().verb == AuditEvent.Verb.CREATE

    def test_it_refuses_a_second_report_for_the_same_unit_and_period(
        self, draft, template, unit, reporter
    ):
        with pytest.raises(Conflict, match="đã có báo cáo Tháng 01/2022"):
            create_report(unit=unit, template=template, period="2022-01", by=reporter)

    def test_it_refuses_a_period_of_the_wrong_kind_or_a_bad_code(self, template, unit, reporter):
        with pytest.raises(Invalid, match="kỳ tháng"):
            create_report(unit=unit, template=template, period="2022-Q1", by=reporter)
        with pytest.raises(Invalid, match="không hợp lệ"):
            create_report(unit=unit, template=template, period="2022-13", by=reporter)

    def test_it_refuses_someone_who_is_not_a_reporter_of_the_unit(
        self, template, unit, approver, outsider
    ):
        for person in (approver, outsider):
            with pytest.raises(Forbidden):
                create_report(unit=unit, template=template, period="2022-01", by=person)

    def test_it_refuses_a_period_when_the_unit_was_closed(self, template, unit, reporter):
        import datetime as dt

        unit.closed_on = dt.date(2025, 3, 1)
        unit.save()
        with pytest.raises(Invalid, match="không hoạt động"):
            create_report(unit=unit, template=template, period="2025-06", by=reporter)
        assert create_report(unit=unit, template=template, period="2025-02", by=reporter)


class TestSaveDraft:
    def test_it_replaces_items_in_order_and_stores_values(self, draft, template, reporter):
        section = template.sections.get(code="TTBC")
        first = draft.items.get(section__code="CNTT")
        save_draft(
            draft,
            by=reporter,
            expected_version=draft.version,
            items=[
                ItemInput(text="Mục mới đứng đầu.", section_id=section.pk),
                ItemInput(text="Sửa: " + first.text, section_id=first.section_id, id=first.pk),
            ],
            values={template.indicators.get(code="KHIEU_NAI").pk: ("0", "Không phát sinh")},
        )
        assert items_of(reload(draft)) == ["Sửa: " + first.text, "Mục mới đứng đầu."]
        assert reload(draft).items.get(pk=first.pk).text.startswith("Sửa: ")  # same row kept
        value = draft.values.get(indicator__code="KHIEU_NAI")
        assert (value.value, value.note) == (0, "Không phát sinh")
        assert not draft.items.filter(kind=NarrativeItem.Kind.PLAN).exists()  # removed

    def test_vietnamese_numbers_are_read_with_dot_thousands_and_comma_decimals(
        self, draft, template, reporter
    ):
        percent = template.indicators.get(code="TY_LE")
        save_draft(
            draft, by=reporter, expected_version=draft.version, values={percent.pk: ("95,5", "")}
        )
        assert str(draft.values.get(indicator=percent).value.normalize()) == "95.5"

    @pytest.mark.parametrize(
        ("code", "raw", "message"),
        [
            ("BAO_CHI", "abc", "không phải là số hợp lệ"),
            ("BAO_CHI", "-3", "lớn hơn hoặc bằng 0"),
            ("BAO_CHI", "12,5", "số nguyên"),
            ("KHIEU_NAI", "1.001", "nhỏ hơn hoặc bằng 1.000"),
            ("TY_LE", "150", "nhỏ hơn hoặc bằng 100"),
        ],
    )
    def test_invalid_values_are_refused_and_nothing_is_saved(
        self, draft, template, reporter, code, raw, message
    ):
        before = (draft.version, items_of(draft), list(draft.values.values_list("value")))
        indicator = template.indicators.get(code=code)
        with pytest.raises(Invalid) as caught:
            save_draft(
                draft,
                by=reporter,
                expected_version=draft.version,
                items=[ItemInput(text="Mục sẽ không được lưu.")],
                values={indicator.pk: (raw, "")},
            )
        assert message in caught.value.details[f"values.{indicator.pk}"]
        fresh = reload(draft)
        assert (fresh.version, items_of(fresh), list(fresh.values.values_list("value"))) == before

    def test_over_long_text_is_refused(self, draft, reporter):
        with pytest.raises(Invalid) as caught:
            save_draft(
                draft,
                by=reporter,
                expected_version=draft.version,
                items=[ItemInput(text="x" * 5001)],
            )
        assert "quá dài" in caught.value.details["items.0.text"]

    def test_text_is_stored_nfc_without_control_characters(self, draft, reporter):
        decomposed = "Tie\u0302\u0301p tu\u0323c\x00\x07 <script>alert(1)</script>"
        save_draft(
            draft, by=reporter, expected_version=draft.version, items=[ItemInput(text=decomposed)]
        )
        assert items_of(reload(draft)) == ["Tiếp tục <script>alert(1)</script>"]

    def test_a_stale_version_is_refused_naming_who_saved_and_when(
        self, draft, reporter, second_reporter
    ):
        loaded_version = draft.version
        save_draft(
            draft,
            by=second_reporter,
            expected_version=loaded_version,
            items=[ItemInput(text="Bản của người thứ hai.")],
        )
        with pytest.raises(Conflict) as caught:
            save_draft(
                reload(draft),
                by=reporter,
                expected_version=loaded_version,
                items=[ItemInput(text="Bản của người thứ nhất.")],
            )
        assert "đã được Lê Văn Minh sửa lúc" in caught.value.message
        assert "hãy tải lại" in caught.value.message
        assert items_of(reload(draft)) == ["Bản của người thứ hai."]

    def test_only_reporters_of_the_unit_may_edit(self, draft, approver, outsider, viewer):
        with pytest.raises(Forbidden):
            save_draft(draft, by=approver, expected_version=draft.version, title="X")
        for person in (outsider, viewer):
            with pytest.raises(NotFound):
                save_draft(draft, by=person, expected_version=draft.version, title="X")

    def test_single_item_operations_check_the_version(self, draft, template, reporter):
        section = template.sections.get(code="TTRA")
        item = add_item(
            draft,
            by=reporter,
            expected_version=draft.version,
            text="Kiểm tra cáp.",
            section_id=section.pk,
        )
        update_item(
            draft,
            item.pk,
            by=reporter,
            expected_version=draft.version,
            text="Kiểm tra, xử lý cáp ngoại vi.",
        )
        assert reload(draft).items.get(pk=item.pk).text == "Kiểm tra, xử lý cáp ngoại vi."
        with pytest.raises(Conflict):
            delete_item(draft, item.pk, by=reporter, expected_version=draft.version - 1)
        delete_item(draft, item.pk, by=reporter, expected_version=draft.version)
        assert not reload(draft).items.filter(pk=item.pk).exists()


class TestWorkflow:
    def test_submit_stores_an_immutable_version(self, draft, reporter):
        submit_report(draft, by=reporter)
        assert reload(draft).status == "submitted"
        version = ReportVersion.objects.get(report=draft)
        assert version.snapshot["items"][0]["text"].startswith("Trình UBND tỉnh")
        with pytest.raises(PermissionError):
            version.save()
        with pytest.raises(PermissionError):
            version.delete()

    def test_submit_requires_the_required_sections(self, template, unit, reporter):
        report = create_report(unit=unit, template=template, period="2022-02", by=reporter)
        save_draft(
            report,
            by=reporter,
            expected_version=report.version,
            items=[
                ItemInput(
                    text="Chỉ có nội dung thanh tra.",
                    section_id=template.sections.get(code="TTRA").pk,
                )
            ],
        )
        with pytest.raises(Invalid) as caught:
            submit_report(report, by=reporter)
        assert "Về Công nghệ thông tin - Viễn thông" in caught.value.details["section.CNTT"]
        assert reload(report).status == "draft"

    def test_submitted_and_approved_reports_cannot_be_edited(self, draft, reporter, approver):
        submit_report(draft, by=reporter)
        with pytest.raises(Forbidden):
            save_draft(
                reload(draft), by=reporter, expected_version=reload(draft).version, title="Sửa lén"
            )
        approve_report(reload(draft), by=approver)
        with pytest.raises(Forbidden):
            save_draft(
                reload(draft), by=reporter, expected_version=reload(draft).version, title="Sửa lén"
            )
        with pytest.raises(Forbidden):
            return_report(reload(draft), by=approver, comment="Trả lại sau khi duyệt?")
        assert reload(draft).title != "Sửa lén"

    def test_return_needs_a_comment_and_lets_the_reporter_edit_and_resubmit(
        self, draft, reporter, approver
    ):
        submit_report(draft, by=reporter)
        with pytest.raises(Invalid, match="ý kiến"):
            return_report(reload(draft), by=approver, comment="  ")
        return_report(reload(draft), by=approver, comment="Bổ sung số liệu.")
        report = reload(draft)
        assert report.status == "returned"
        assert report.events.get(verb="return").comment == "Bổ sung số liệu."
        save_draft(report, by=reporter, expected_version=report.version, title="Đã bổ sung")
        submit_report(reload(draft), by=reporter)
        assert reload(draft).versions.count() == 2

    def test_only_the_units_approver_approves(self, draft, reporter, approver, outside_approver):
        submit_report(draft, by=reporter)
        with pytest.raises(Forbidden):
            approve_report(reload(draft), by=reporter)
        with pytest.raises(NotFound):
            approve_report(reload(draft), by=outside_approver)
        approve_report(reload(draft), by=approver)
        report = reload(draft)
        assert report.status == "approved"
        assert report.signer_name == "Trần Văn Hùng"
        assert (report.sign_authority, report.signer_title) == ("KT. GIÁM ĐỐC", "Phó Giám đốc")

    def test_approval_leaves_the_number_and_date_to_the_clerk(
        self, template, unit, reporter, approver
    ):
        report = create_report(unit=unit, template=template, period="2022-03", by=reporter)
        add_item(
            report,
            by=reporter,
            expected_version=report.version,
            text="Nội dung.",
            section_id=template.sections.get(code="CNTT").pk,
        )
        submit_report(reload(report), by=reporter)
        approved = approve_report(reload(report), by=approver)
        assert (approved.status, approved.number_text, approved.issued_on) == ("approved", "", None)
        assert not NumberRegister.objects.filter(unit=unit).exists()
        assert approved.captures.get().stage == "approved"

    def test_an_approver_cannot_approve_a_draft(self, draft, approver):
        with pytest.raises(Forbidden, match="trạng thái"):
            approve_report(draft, by=approver)


def test_start_from_previous_carries_last_periods_tasks_as_continuing_items(
    draft, template, unit, reporter
):
    february = create_report(
        unit=unit, template=template, period="2022-02", by=reporter, start_from_previous=True
    )
    carried = february.items.get()
    assert carried.text == "Tiếp tục triển khai Camera giám sát giao thông."
    assert carried.continuing and carried.kind == "result"
    assert carried.section.code == "CNTT"
    assert carried.carried_from.report_id == draft.pk
    march = create_report(unit=unit, template=template, period="2022-03", by=reporter)
    assert start_from_previous(march, by=reporter, expected_version=march.version) == 0


def test_versions_store_numbers_in_plain_decimal(draft, template, reporter):
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        values={template.indicators.get(code="BAO_CHI").pk: ("780", "")},
    )
    submit_report(reload(draft), by=reporter)
    values = ReportVersion.objects.get(report=draft).snapshot["values"]
    assert [v["value"] for v in values] == ["780"]
