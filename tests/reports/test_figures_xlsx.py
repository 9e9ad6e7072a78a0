"""The Excel round trip of a report's figures: download, fill offline, upload, preview, write."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from baocao.catalog.models import Indicator
from baocao.core.errors import Conflict
from baocao.domain.numbers import read_number
from baocao.reports import figures_xlsx
from baocao.reports.models import AuditEvent, IndicatorValue
from baocao.reports.presenters import value_reading
from baocao.reports.services import save_draft, submit_report
from tests.conftest import client_for, reload


def values_of(report) -> dict[str, Decimal | None]:
    return {v.indicator.code: v.value for v in IndicatorValue.objects.filter(report=report)}


def ids(report) -> dict[str, int]:
    return {i.code: i.pk for i in report.template.indicators.all()}


def fill(data: bytes, cells: dict[str, object], notes: dict[str, str] | None = None) -> bytes:
    """Fill the downloaded form like a user in Excel: by the row of each indicator code."""
    book = load_workbook(io.BytesIO(data))
    sheet = book[figures_xlsx.SHEET]
    for row in sheet.iter_rows(min_row=figures_xlsx.HEADER_ROW + 1):
        code = row[1].value
        if code in cells:
            row[figures_xlsx.VALUE_COL - 1].value = cells[code]
        if notes and code in notes:
            row[figures_xlsx.NOTE_COL - 1].value = notes[code]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, report, data: bytes, name: str = "so-lieu.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("report-figures-upload", args=[report.pk]), {"file": file})


def confirm(client, report, plan_response):
    """Post the preview's "Ghi tất cả" form as the browser would."""
    plan = plan_response.context["plan"]
    data: dict[str, object] = {
        "version": plan.version,
        "indicator": [c.indicator.pk for c in plan.changed],
    }
    for c in plan.changed:
        data[f"value-{c.indicator.pk}"] = c.raw
        data[f"note-{c.indicator.pk}"] = c.note
    return client.post(reverse("report-figures-apply", args=[report.pk]), data)


class TestWorkbook:
    def test_the_form_names_unit_period_and_regime_and_locks_all_but_the_entry_cells(
        self, draft, reporter
    ):
        save_draft(
            draft,
            by=reporter,
            expected_version=draft.version,
            values={ids(draft)["BAO_CHI"]: ("1.250", "từ cổng")},
        )
        draft = reload(draft)
        book = load_workbook(io.BytesIO(figures_xlsx.build_workbook(draft)))
        sheet = book[figures_xlsx.SHEET]
        head = " ".join(str(sheet.cell(row=r, column=2).value) for r in range(2, 5))
        assert draft.unit.name in head and "Tháng 01/2022" in head
        assert "Báo cáo tháng Sở TT&TT (phiên bản 1)" in head
        titles = [c.value for c in sheet[figures_xlsx.HEADER_ROW]][:6]
        assert titles == ["Lĩnh vực", "Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Ghi chú"]
        first = sheet[figures_xlsx.HEADER_ROW + 1]
        assert [first[1].value, first[4].value, first[5].value] == ["BAO_CHI", 1250, "từ cổng"]
        assert sheet.protection.sheet
        assert first[2].protection.locked and not first[4].protection.locked
        assert sheet.column_dimensions["G"].hidden
        assert book[figures_xlsx.META_SHEET].sheet_state == "veryHidden"
        assert sheet.data_validations.dataValidation  # numbers checked in Excel too

    def test_a_blank_form_leaves_the_value_cells_empty(self, draft, reporter):
        save_draft(
            draft,
            by=reporter,
            expected_version=draft.version,
            values={ids(draft)["BAO_CHI"]: ("7", "")},
        )
        data = figures_xlsx.build_workbook(reload(draft), mode="blank")
        sheet = load_workbook(io.BytesIO(data))[figures_xlsx.SHEET]
        assert sheet.cell(row=figures_xlsx.HEADER_ROW + 1, column=5).value is None


class TestRoundTrip:
    def test_download_fill_upload_preview_and_write(self, draft, reporter):
        client = client_for(reporter)
        edits = draft.events.filter(verb=AuditEvent.Verb.EDIT).count()
        response = client.get(reverse("report-figures-xlsx", args=[draft.pk]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        filled = fill(
            response.content,
            {"BAO_CHI": "1.250", "KHIEU_NAI": 3, "TY_LE": "12.5"},
            notes={"KHIEU_NAI": "đã giải quyết 2"},
        )
        preview = upload(client, draft, filled)
        assert preview.status_code == 200
        html = preview.content.decode()
        assert "đọc là 1250" in html and "nếu là số thập phân, hãy gõ 1,25" in html
        assert "đọc là 12,5" in html
        assert values_of(draft) == {"BAO_CHI": Decimal("773")}  # the preview writes nothing
        done = confirm(client, draft, preview)
        assert done.status_code == 302 and done.url == reverse("report-edit", args=[draft.pk])
        assert values_of(draft) == {
            "BAO_CHI": Decimal("1250"),
            "KHIEU_NAI": Decimal("3"),
            "TY_LE": Decimal("12.5"),
        }
        assert IndicatorValue.objects.get(report=draft, indicator__code="KHIEU_NAI").note == (
            "đã giải quyết 2"
        )
        assert reload(draft).events.filter(verb=AuditEvent.Verb.EDIT).count() == edits + 1

    def test_an_empty_cell_clears_on_the_current_form_and_keeps_on_the_blank_one(
        self, draft, reporter
    ):
        client = client_for(reporter)
        save_draft(
            draft,
            by=reporter,
            expected_version=draft.version,
            values={ids(draft)["BAO_CHI"]: ("40", ""), ids(draft)["KHIEU_NAI"]: ("2", "")},
        )
        draft = reload(draft)
        blank = fill(figures_xlsx.build_workbook(draft, mode="blank"), {"KHIEU_NAI": 5})
        confirm(client, draft, upload(client, draft, blank))
        assert values_of(draft) == {"BAO_CHI": Decimal("40"), "KHIEU_NAI": Decimal("5")}
        draft = reload(draft)
        current = fill(figures_xlsx.build_workbook(draft), {"BAO_CHI": None})
        confirm(client, draft, upload(client, draft, current))
        assert values_of(draft) == {"KHIEU_NAI": Decimal("5")}


class TestAllOrNothing:
    def test_one_bad_cell_writes_nothing_and_says_which_cell_and_why(self, draft, reporter):
        client = client_for(reporter)
        data = figures_xlsx.build_workbook(draft)
        filled = fill(data, {"BAO_CHI": "120", "KHIEU_NAI": "5000", "TY_LE": "abc"})
        preview = upload(client, draft, filled)
        assert preview.status_code == 422
        html = preview.content.decode()
        assert "Giá trị phải nhỏ hơn hoặc bằng 1.000" in html
        assert "“abc” không phải là số hợp lệ" in html
        assert "Dòng 9 (Vụ việc khiếu nại)" in html
        assert "Ghi tất cả" not in html
        assert values_of(draft) == {"BAO_CHI": Decimal("773")}
        assert reload(draft).version == draft.version  # the trial save was rolled back

    def test_a_forged_confirmation_with_a_bad_value_writes_nothing(self, draft, reporter):
        client = client_for(reporter)
        pks = ids(draft)
        response = client.post(
            reverse("report-figures-apply", args=[draft.pk]),
            {
                "version": draft.version,
                "indicator": [pks["BAO_CHI"], pks["KHIEU_NAI"]],
                f"value-{pks['BAO_CHI']}": "12",
                f"value-{pks['KHIEU_NAI']}": "-1",
            },
        )
        assert response.status_code == 302
        assert values_of(draft) == {"BAO_CHI": Decimal("773")}


class TestRefusals:
    def test_a_file_that_is_not_xlsx_or_is_damaged_or_another_workbook(self, draft, reporter):
        client = client_for(reporter)
        text = upload(client, draft, b"Chi tieu;Gia tri\n", "so-lieu.csv")
        assert text.status_code == 422
        assert "không phải tệp Excel (.xlsx)" in text.content.decode()
        broken = upload(client, draft, b"PK\x03\x04garbage")
        assert "đã bị hỏng" in broken.content.decode()
        other = io.BytesIO()
        Workbook().save(other)
        foreign = upload(client, draft, other.getvalue())
        assert "không phải biểu số liệu tải từ baocao" in foreign.content.decode()
        empty = upload(client, draft, b"")
        assert empty.status_code == 422

    def test_a_file_too_large_is_refused_unread(self, draft, reporter):
        client = client_for(reporter)
        big = upload(client, draft, b"PK\x03\x04" + b"0" * figures_xlsx.MAX_BYTES)
        assert big.status_code == 422
        assert "lớn hơn 2 MB" in big.content.decode()

    def test_a_form_of_another_report_is_refused(self, draft, template, unit, reporter):
        from baocao.reports.services import create_report

        february = create_report(unit=unit, template=template, period="2022-02", by=reporter)
        data = fill(figures_xlsx.build_workbook(february), {"BAO_CHI": 5})
        response = upload(client_for(reporter), draft, data)
        assert response.status_code == 422
        assert "Biểu này của một báo cáo khác" in response.content.decode()
        assert "2022-02" in response.content.decode()

    def test_a_stale_form_is_refused_naming_the_figure_changed_since(
        self, draft, reporter, second_reporter
    ):
        data = figures_xlsx.build_workbook(draft)
        save_draft(
            draft,
            by=second_reporter,
            expected_version=draft.version,
            values={ids(draft)["BAO_CHI"]: ("99", "")},
        )
        draft = reload(draft)
        response = upload(client_for(reporter), draft, fill(data, {"BAO_CHI": 5}))
        assert response.status_code == 422
        html = response.content.decode()
        assert "Số liệu đã được sửa sau khi tải biểu" in html
        assert "Tin, bài báo chí TW: lúc tải “773”, nay “99”" in html
        assert values_of(draft) == {"BAO_CHI": Decimal("99")}

    def test_a_form_downloaded_before_a_text_edit_may_still_be_written(
        self, draft, reporter, second_reporter
    ):
        data = figures_xlsx.build_workbook(draft)
        save_draft(draft, by=second_reporter, expected_version=draft.version, title="Tên mới")
        draft = reload(draft)
        client = client_for(reporter)
        preview = upload(client, draft, fill(data, {"BAO_CHI": 5}))
        assert preview.status_code == 200
        assert "không ở các số liệu trong biểu này" in preview.content.decode()
        confirm(client, draft, preview)
        assert values_of(draft) == {"BAO_CHI": Decimal("5")}

    def test_a_save_between_preview_and_confirmation_writes_nothing(
        self, draft, reporter, second_reporter
    ):
        client = client_for(reporter)
        preview = upload(client, draft, fill(figures_xlsx.build_workbook(draft), {"BAO_CHI": 5}))
        seen = draft.version
        save_draft(draft, by=second_reporter, expected_version=draft.version, title="Tên mới")
        response = confirm(client, draft, preview)
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert "Lê Văn Minh" in page and "Không có số liệu nào được ghi" in page
        assert values_of(draft) == {"BAO_CHI": Decimal("773")}
        with pytest.raises(Conflict):
            figures_xlsx.apply(draft, {ids(draft)["BAO_CHI"]: ("5", "")}, by=reporter, version=seen)

    def test_outsiders_get_404_and_readers_may_not_upload(
        self, draft, reporter, outsider, approver
    ):
        data = figures_xlsx.build_workbook(draft)
        for url in ("report-figures-xlsx", "report-figures-upload"):
            assert client_for(outsider).get(reverse(url, args=[draft.pk])).status_code == 404
        assert upload(client_for(outsider), draft, data).status_code == 404
        assert upload(client_for(approver), draft, data).status_code == 403

    def test_a_submitted_report_takes_no_upload(self, draft, reporter):
        data = fill(figures_xlsx.build_workbook(draft), {"BAO_CHI": 5})
        submit_report(draft, by=reporter)
        assert upload(client_for(reporter), reload(draft), data).status_code == 403
        assert values_of(draft) == {"BAO_CHI": Decimal("773")}


class TestReading:
    @pytest.mark.parametrize(
        ("raw", "shown", "ambiguous"),
        [
            ("1.250", "1250", True),
            ("1,250", "1,25", True),
            ("12.5", "12,5", False),
            ("1,5", "1,5", False),
            ("1.250.000", "1\u00a0250\u00a0000", False),
            ("1.234,5", "1234,5", False),
            ("0.000", "0", False),
        ],
    )
    def test_how_a_number_is_read(self, raw: str, shown: str, ambiguous: bool) -> None:
        reading = read_number(raw)
        assert (reading.text, reading.ambiguous) == (shown, ambiguous)

    def test_the_note_says_nothing_for_text_and_for_a_whole_number_typed_as_read(self, template):
        number = template.indicators.get(code="BAO_CHI")
        text = Indicator(template=template, code="T", name="t", value_type="text")
        assert value_reading(number, "250") == ("", False)
        assert value_reading(text, "1.250") == ("", False)
        assert value_reading(number, "12.5") == ("đọc là 12,5", False)
        assert value_reading(number, "1,5") == ("đọc là 1,5", False)  # the comma is decimal


class TestEditorReading:
    def test_without_javascript_the_editor_says_how_each_number_was_read(self, draft, reporter):
        client = client_for(reporter)
        pks = ids(draft)
        form = {
            "version": draft.version,
            "title": draft.title,
            "intro": "",
            f"value-{pks['BAO_CHI']}": "1.250",
            f"value-{pks['KHIEU_NAI']}": "3",
            f"value-{pks['TY_LE']}": "12.5",
            "save": "1",
        }
        response = client.post(reverse("report-edit", args=[draft.pk]), form, follow=True)
        html = response.content.decode()
        assert "Tin, bài báo chí TW: “1.250” đọc là 1250 — dấu chấm ngăn cách hàng nghìn" in html
        # next to its cell, the stored 1250 shown as "1.250" says how it reads
        assert f'data-reading-for="value-{pks["BAO_CHI"]}" aria-live="polite">đọc là 1250<' in html
        assert values_of(draft)["BAO_CHI"] == Decimal("1250")
