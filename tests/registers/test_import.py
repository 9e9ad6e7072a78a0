"""Bringing a register kept in Excel into baocao: .xlsx and CSV files, all lines or none,
duplicates, closed windows, limits, hostile cells, rights, and the upload → preview → confirm
pages."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.registers.bulk import import_entries
from baocao.registers.exports import entries_csv
from baocao.registers.models import RegisterEntry, RegisterUpload, RegisterYear, WorkRegister
from baocao.registers.services import EntryInput, add_entry
from baocao.reports.services import submit_report
from tests.conftest import client_for, reload

pytestmark = pytest.mark.django_db

HEADER = ["Số TT", "Ngày", "Nội dung", "Phân loại", "Số người", "Số, ký hiệu", "Ghi chú"]
LINES = [
    ["1", "05/01/2022", "Đơn khiếu nại về cột ăng-ten", "Khiếu nại", "1.234,5", "01/ĐKN", ""],
    ["2", "20/12/2021", "Đơn tố cáo cán bộ địa chính", "Tố cáo", "2", "", "Đã chuyển"],
    ["3", "2022-01-03", "Đơn khiếu nại lần hai", "khieu nai", "", "02/ĐKN", ""],
]


def csv_bytes(rows: list[list[str]], *, sep: str = ",", encoding: str = "utf-8-sig") -> bytes:
    text = "\r\n".join(sep.join(_quoted(cell, sep) for cell in row) for row in rows) + "\r\n"
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def _quoted(cell: str, sep: str) -> str:
    if sep in cell or '"' in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters with circumflex, breve and horn precomposed,
    tone marks as combining characters."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in "\u0302\u0306\u031b" and out:  # onto the base letter, before a dot below
            base = max(i for i, c in enumerate(out) if not unicodedata.combining(c))
            out[base] = unicodedata.normalize("NFC", out[base] + ch)
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")


def xlsx_bytes(
    rows: list[list[object]],
    *,
    text_cells: dict[tuple[int, int], str] | None = None,
) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for (r, c), value in (text_cells or {}).items():
        cell = sheet.cell(r, c)
        cell.value = value
        cell.data_type = "s"  # a text cell, even when it starts with "="
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stored(register: WorkRegister) -> list[tuple]:
    return [
        (e.number, e.year, e.entry_date, e.subject, e.category, e.quantity, e.reference, e.notes)
        for e in register.entries.order_by("year", "number")
    ]


def page_url(register: WorkRegister) -> str:
    return f"/so-theo-doi/{register.pk}/nhap/"


def upload(name: str, data: bytes) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


class TestFiles:
    def test_an_excel_register_with_dates_text_and_numbers_is_taken_whole(self, register, reporter):
        add_entry(register.pk, EntryInput("02/01/2022", "Đơn ghi tay", "Khiếu nại"), by=reporter)
        decomposed = unicodedata.normalize("NFD", "Đơn tố cáo việc xây dựng trái phép")
        data = xlsx_bytes(
            [
                ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"],
                ["SỔ TIẾP NHẬN ĐƠN THƯ NĂM 2022"],
                [],
                [
                    "STT",
                    "Ngày tiếp nhận",
                    "Trích yếu",
                    "Loại",
                    "Số người (người)",
                    "Số hiệu",
                    "Ghi chú",
                ],
                [
                    1,
                    dt.date(2022, 1, 10),
                    "Đơn khiếu nại về giá cước",
                    "Khiếu nại",
                    3,
                    "05/ĐKN",
                    None,
                ],
                [2, dt.datetime(2021, 12, 28), decomposed, "Tố cáo", 1234.5, None, "Ẩn danh"],
                [None, None, None, None, None, None, None],
                [3, "07/01/2022", "Đơn khiếu nại lần ba", "KHIẾU NẠI", "1.234,5", 17, None],
                [4],  # a numbered line left blank in the template
            ]
        )
        result = import_entries(register.pk, data, "so-don-thu.xlsx", by=reporter, dry_run=False)
        assert result.added == 3 and result.header_line == 4
        assert stored(register) == [
            (
                1,
                2021,
                dt.date(2021, 12, 28),
                "Đơn tố cáo việc xây dựng trái phép",
                "Tố cáo",
                Decimal("1234.5"),
                "",
                "Ẩn danh",
            ),
            (1, 2022, dt.date(2022, 1, 2), "Đơn ghi tay", "Khiếu nại", None, "", ""),
            (
                2,
                2022,
                dt.date(2022, 1, 7),
                "Đơn khiếu nại lần ba",
                "Khiếu nại",
                Decimal("1234.5"),
                "17",
                "",
            ),
            (
                3,
                2022,
                dt.date(2022, 1, 10),
                "Đơn khiếu nại về giá cước",
                "Khiếu nại",
                Decimal("3"),
                "05/ĐKN",
                "",
            ),
        ]  # numbered per year in date order, after the line already written
        assert all(e.created_by == reporter for e in register.entries.all())
        imported = register.entries.get(year=2021)
        assert unicodedata.is_normalized("NFC", imported.subject)
        assert [(y.year, y.first, y.last) for y in result.years] == [(2021, 1, 1), (2022, 2, 3)]

    @pytest.mark.parametrize(
        ("sep", "encoding"),
        [
            (";", "cp1258"),
            (",", "utf-8-sig"),
            (";", "utf-8"),
            ("\t", "utf-8-sig"),
        ],
        ids=["cp1258-semicolon", "bom-comma", "utf8-semicolon", "bom-tab"],
    )
    def test_a_csv_is_read_in_its_encoding_and_separator(self, register, reporter, sep, encoding):
        data = csv_bytes([HEADER, *LINES], sep=sep, encoding=encoding)
        result = import_entries(register.pk, data, "don-thu.csv", by=reporter, dry_run=False)
        assert result.added == 3
        assert stored(register) == [
            (
                1,
                2021,
                dt.date(2021, 12, 20),
                "Đơn tố cáo cán bộ địa chính",
                "Tố cáo",
                Decimal("2"),
                "",
                "Đã chuyển",
            ),
            (
                1,
                2022,
                dt.date(2022, 1, 3),
                "Đơn khiếu nại lần hai",
                "Khiếu nại",
                None,
                "02/ĐKN",
                "",
            ),
            (
                2,
                2022,
                dt.date(2022, 1, 5),
                "Đơn khiếu nại về cột ăng-ten",
                "Khiếu nại",
                Decimal("1234.5"),
                "01/ĐKN",
                "",
            ),
        ]
        assert all(
            unicodedata.is_normalized("NFC", e.subject + e.reference + e.notes)
            for e in register.entries.all()
        )

    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_the_csv_baocao_exports_imports_back(self, register, reporter, unit, language):
        for entry in [
            EntryInput(
                "20/12/2021",
                'Đơn khiếu nại, có dấu phẩy; và "ngoặc kép"',
                "Khiếu nại",
                "1,234",
                "01/ĐKN",
                "dòng một\ndòng hai",
            ),
            EntryInput("03/01/2022", "-Đơn bắt đầu bằng dấu trừ", "Tố cáo", "0,5", "", ""),
            EntryInput("05/01/2022", '=HYPERLINK("http://x")', "Khiếu nại", "", "", "@ghi"),
        ]:
            add_entry(register.pk, entry, by=reporter)
        with translation.override(language):
            data = entries_csv(register, register.entries.all())
        copy = WorkRegister.objects.create(
            unit=unit,
            code="DON-THU-2",
            name="Bản sao",
            categories=register.categories,
            quantity_label=register.quantity_label,
        )
        result = import_entries(
            copy.pk, data, "so-theo-doi-DON-THU.csv", by=reporter, dry_run=False
        )
        assert result.added == 3
        assert stored(copy) == stored(register)
        assert stored(copy)[0][5] == Decimal("1.234")  # a dot decimal, not a thousands dot

    def test_a_hostile_cell_is_stored_verbatim_as_text(self, register, reporter):
        link = '=HYPERLINK("http://evil.example/","Bấm vào đây")'
        script = "<script>alert(1)</script>"
        data = csv_bytes([HEADER, ["", "05/01/2022", link, "Khiếu nại", "", "", script]])
        import_entries(register.pk, data, "x.csv", by=reporter, dry_run=False)
        book = xlsx_bytes(
            [HEADER, ["", dt.date(2022, 1, 6), "", "Tố cáo", "", "@SUM(A1)", ""]],
            text_cells={(2, 3): link},
        )
        import_entries(register.pk, book, "x.xlsx", by=reporter, dry_run=False)
        assert [(e.subject, e.reference, e.notes) for e in register.entries.order_by("number")] == [
            (link, "", script),
            (link, "@SUM(A1)", ""),
        ]

    def test_dates_are_read_as_clerks_write_them(self, register, reporter):
        forms = [
            "5/1/2022",
            "05.01.2022",
            "05-01-2022",
            "05/01/2022 08:30",
            "2022-01-05 00:00:00",
            44566,
        ]  # the last: an Excel serial date whose cell lost its date format
        data = xlsx_bytes(
            [HEADER, *[["", day, f"Đơn {n}", "Khiếu nại"] for n, day in enumerate(forms)]]
        )
        result = import_entries(register.pk, data, "x.xlsx", by=reporter, dry_run=True)
        assert {r.entry.entry_date for r in result.rows} == {dt.date(2022, 1, 5)}
        assert result.added == len(forms)

    def test_a_dry_run_stores_nothing_and_reserves_no_number(self, register, reporter):
        result = import_entries(
            register.pk, csv_bytes([HEADER, *LINES]), "x.csv", by=reporter, dry_run=True
        )
        assert result.added == 3 and [r.number for r in result.rows] == [1, 1, 2]
        assert not RegisterEntry.objects.exists() and not RegisterYear.objects.exists()


class TestRefusals:
    def test_one_bad_line_stores_nothing_and_names_its_row(self, register, reporter):
        lines = [
            *LINES,
            ["4", "31/02/2022", "Đơn sai ngày", "Khiếu nại", "", "", ""],
            ["5", "06/01/2022", "", "Ý kiến", "mười", "", ""],
        ]
        with pytest.raises(Invalid) as caught:
            import_entries(
                register.pk, csv_bytes([HEADER, *lines]), "don.csv", by=reporter, dry_run=False
            )
        assert caught.value.code == "invalid_rows" and "don.csv" in caught.value.message
        assert caught.value.details[0].startswith("Dòng 5: Ngày không hợp lệ")
        assert caught.value.details[1].startswith("Dòng 6: Cần ghi nội dung.")
        assert "Chọn một phân loại của sổ" in caught.value.details[1]
        assert "“mười” không phải là số hợp lệ" in caught.value.details[1]
        assert not RegisterEntry.objects.exists() and not RegisterYear.objects.exists()

    def test_at_most_fifty_bad_lines_are_listed(self, register, reporter):
        lines = [["", "31/02/2022", f"Đơn {n}", "Khiếu nại", "", "", ""] for n in range(60)]
        with pytest.raises(Invalid) as caught:
            import_entries(
                register.pk, csv_bytes([HEADER, *lines]), "x.csv", by=reporter, dry_run=True
            )
        details = caught.value.details
        assert len(details) == 51 and details[49].startswith("Dòng 51:")
        assert details[50] == "và 10 dòng khác."

    def test_lines_in_a_window_closed_by_a_report_are_refused(self, register, reporter, draft):
        submit_report(reload(draft), by=reporter)
        report = reload(draft)
        inside = report.period_start + dt.timedelta(days=2)
        lines = [
            ["", inside.strftime("%d/%m/%Y"), "Đơn trong kỳ đã báo cáo", "Khiếu nại", "", "", ""],
            [
                "",
                (report.period_end + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                "Đơn sau kỳ",
                "Khiếu nại",
                "",
                "",
                "",
            ],
        ]
        with pytest.raises(Invalid) as caught:
            import_entries(
                register.pk, csv_bytes([HEADER, *lines]), "x.csv", by=reporter, dry_run=True
            )
        assert caught.value.details == [
            f"Dòng 2: sổ đã khóa cho ngày {inside:%d/%m/%Y} (báo cáo “{report.title}” đã gửi "
            "hoặc đã phê duyệt với số liệu lấy từ sổ)."
        ]
        assert not RegisterEntry.objects.exists()

    def test_the_same_file_twice_is_refused_then_skipped_on_request(self, register, reporter):
        data = csv_bytes([HEADER, *LINES])
        import_entries(register.pk, data, "x.csv", by=reporter, dry_run=False)
        with pytest.raises(Invalid) as caught:
            import_entries(register.pk, data, "x.csv", by=reporter, dry_run=False)
        assert caught.value.code == "duplicates"
        assert caught.value.details == [
            "Dòng 2 đã có trong sổ (mục số 2/2022).",
            "Dòng 3 đã có trong sổ (mục số 1/2021).",
            "Dòng 4 đã có trong sổ (mục số 1/2022).",
        ]
        more = csv_bytes([HEADER, *LINES, ["", "07/01/2022", "Đơn mới", "Tố cáo", "", "", ""]])
        result = import_entries(
            register.pk, more, "x.csv", by=reporter, dry_run=False, skip_existing=True
        )
        assert result.added == 1 and [s.line for s in result.skipped] == [2, 3, 4]
        assert register.entries.count() == 4
        assert register.entries.get(subject="Đơn mới").number == 3

    def test_a_file_without_date_and_subject_columns_says_which_are_expected(
        self, register, reporter
    ):
        data = csv_bytes([["Số TT", "Tên", "Ngày tháng năm"], ["1", "x", "01/01/2022"]])
        with pytest.raises(Invalid) as caught:
            import_entries(register.pk, data, "sai-cot.csv", by=reporter, dry_run=True)
        message = caught.value.message
        assert caught.value.code == "no_header" and "sai-cot.csv" in message
        assert "Ngày (hoặc Ngày ghi sổ" in message and "Nội dung (hoặc Trích yếu" in message
        assert "Số người" in message  # the register's own quantity column

    def test_a_header_with_no_line_below_is_refused(self, register, reporter):
        with pytest.raises(Invalid) as caught:
            import_entries(
                register.pk,
                csv_bytes([HEADER, ["", "", "", "", "", "", ""]]),
                "rong.csv",
                by=reporter,
                dry_run=True,
            )
        assert caught.value.code == "empty"


class TestLimits:
    def test_more_than_5000_lines_are_refused(self, register, reporter):
        lines = [["", "05/01/2022", f"Đơn {n}", "Khiếu nại", "", "", ""] for n in range(5001)]
        with pytest.raises(Invalid) as caught:
            import_entries(
                register.pk, csv_bytes([HEADER, *lines]), "lon.csv", by=reporter, dry_run=True
            )
        assert caught.value.code == "too_many_rows" and "5.000" in caught.value.message

    def test_a_file_over_5_mb_is_refused(self, register, reporter):
        data = csv_bytes([HEADER, *LINES]) + b" " * (5 * 1024 * 1024)
        with pytest.raises(Invalid) as caught:
            import_entries(register.pk, data, "lon.csv", by=reporter, dry_run=True)
        assert caught.value.code == "too_large" and "lon.csv" in caught.value.message

    @pytest.mark.parametrize(
        ("name", "data", "says"),
        [
            ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "không phải tệp CSV"),
            (
                "anh.png",
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                "chỉ nhận tệp Excel (.xlsx) hoặc CSV",
            ),
            ("bang.xlsx", b"PK\x03\x04 not really a zip", "không phải bảng tính Excel (.xlsx)"),
            ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97–2003 (.xls)"),
            ("rong.xlsx", b"", "rỗng"),
        ],
        ids=["png-as-csv", "png", "broken-zip", "xls", "empty"],
    )
    def test_a_file_that_is_not_a_spreadsheet_is_refused_by_name(
        self, register, reporter, name, data, says
    ):
        with pytest.raises(Invalid) as caught:
            import_entries(register.pk, data, name, by=reporter, dry_run=True)
        assert says in caught.value.message and f"“{name}”" in caught.value.message

    def test_a_word_document_named_xlsx_is_refused(self, register, reporter):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        with pytest.raises(Invalid) as caught:
            import_entries(register.pk, out.getvalue(), "van-ban.xlsx", by=reporter, dry_run=True)
        assert "không phải bảng tính Excel" in caught.value.message

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self, register, reporter):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
        data = out.getvalue()
        assert len(data) < 1024 * 1024
        with pytest.raises(Invalid) as caught:
            import_entries(register.pk, data, "bom.xlsx", by=reporter, dry_run=True)
        assert caught.value.code == "too_large" and "giải nén" in caught.value.message


class TestRights:
    def test_a_reader_is_forbidden_and_an_outsider_sees_nothing(self, register, viewer, outsider):
        data = csv_bytes([HEADER, *LINES])
        with pytest.raises(Forbidden):
            import_entries(register.pk, data, "x.csv", by=viewer, dry_run=False)
        with pytest.raises(NotFound):
            import_entries(register.pk, data, "x.csv", by=outsider, dry_run=False)
        for user, status in ((viewer, 403), (outsider, 404)):
            client = client_for(user)
            assert client.get(page_url(register)).status_code == status
            assert (
                client.post(page_url(register), {"file": upload("x.csv", data)}).status_code
                == status
            )
        assert not RegisterEntry.objects.exists() and not RegisterUpload.objects.exists()

    def test_an_upload_is_confirmed_only_by_its_uploader_for_its_register(
        self, register, reporter, approver, unit
    ):
        client = client_for(reporter)
        client.post(page_url(register), {"file": upload("x.csv", csv_bytes([HEADER, *LINES]))})
        token = RegisterUpload.objects.get().token
        colleague = client_for(approver).post(
            page_url(register), {"action": "confirm", "token": token}
        )
        assert colleague.status_code == 422 and "không còn" in colleague.content.decode()
        elsewhere = WorkRegister.objects.create(unit=unit, code="KHAC", name="Sổ khác")
        assert (
            client.post(page_url(elsewhere), {"action": "confirm", "token": token}).status_code
            == 422
        )
        assert not RegisterEntry.objects.exists()

    def test_the_register_page_links_the_import_for_writers_only(self, register, reporter, viewer):
        link = f'href="{page_url(register)}"'
        assert link in client_for(reporter).get(f"/so-theo-doi/{register.pk}/").content.decode()
        assert link not in client_for(viewer).get(f"/so-theo-doi/{register.pk}/").content.decode()


class TestPages:
    def test_upload_preview_then_confirm(self, register, reporter):
        client = client_for(reporter)
        form = client.get(page_url(register)).content.decode()
        assert 'enctype="multipart/form-data"' in form and 'name="skip_existing"' in form
        lines = [*LINES, ["4", "06/01/2022", "<script>alert(1)</script>", "Tố cáo", "", "", ""]]
        preview = client.post(
            page_url(register), {"file": upload("Sổ đơn thư.csv", csv_bytes([HEADER, *lines]))}
        )
        page = preview.content.decode()
        assert preview.status_code == 200
        assert "Sẽ thêm 4 mục vào sổ." in page
        assert "Năm 2021: số thứ tự 1 đến 1 (1 mục)" in page
        assert "Năm 2022: số thứ tự 1 đến 3 (3 mục)" in page
        assert "Đơn tố cáo cán bộ địa chính" in page and "1.234,5" in page
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
        assert not RegisterEntry.objects.exists()  # a preview stores nothing
        token = RegisterUpload.objects.get().token
        assert f'value="{token}"' in page
        done = client.post(page_url(register), {"action": "confirm", "token": token}, follow=True)
        assert done.redirect_chain[-1][0] == f"/so-theo-doi/{register.pk}/"
        assert "Đã nhập 4 mục vào sổ." in done.content.decode()
        assert register.entries.count() == 4 and not RegisterUpload.objects.exists()
        again = client.post(page_url(register), {"action": "confirm", "token": token})
        assert again.status_code == 422 and register.entries.count() == 4

    def test_errors_are_listed_and_the_choice_kept(self, register, reporter):
        client = client_for(reporter)
        bad = [*LINES, ["", "99/99/2022", "Đơn sai ngày", "Khiếu nại", "", "", ""]]
        response = client.post(
            page_url(register),
            {"file": upload("don.csv", csv_bytes([HEADER, *bad])), "skip_existing": "1"},
        )
        page = response.content.decode()
        assert response.status_code == 422
        assert "Dòng 5: Ngày không hợp lệ" in page
        assert 'name="skip_existing" value="1" checked' in page
        assert not RegisterEntry.objects.exists() and not RegisterUpload.objects.exists()
        missing = client.post(page_url(register), {"action": "upload"})
        assert missing.status_code == 422 and "Hãy chọn tệp" in missing.content.decode()

    def test_duplicates_are_skipped_without_uploading_again(self, register, reporter):
        client = client_for(reporter)
        client.post(page_url(register), {"file": upload("x.csv", csv_bytes([HEADER, *LINES]))})
        client.post(
            page_url(register), {"action": "confirm", "token": RegisterUpload.objects.get().token}
        )
        more = csv_bytes([HEADER, *LINES, ["", "07/01/2022", "Đơn mới", "Tố cáo", "", "", ""]])
        refused = client.post(page_url(register), {"file": upload("x.csv", more)})
        page = refused.content.decode()
        assert refused.status_code == 422 and "Dòng 2 đã có trong sổ (mục số 2/2022)." in page
        token = RegisterUpload.objects.get().token  # kept: skipping would let it through
        assert "Bỏ qua các dòng đã có và xem trước lại" in page
        preview = client.post(
            page_url(register), {"action": "preview", "token": token, "skip_existing": "1"}
        ).content.decode()
        assert "Sẽ thêm 1 mục vào sổ." in preview and "Bỏ qua 3 dòng đã có trong sổ" in preview
        done = client.post(page_url(register), {"action": "confirm", "token": token})
        assert done.status_code == 302
        assert register.entries.count() == 4

    def test_an_upload_older_than_a_day_is_gone(self, register, reporter):
        client = client_for(reporter)
        client.post(page_url(register), {"file": upload("x.csv", csv_bytes([HEADER, *LINES]))})
        kept = RegisterUpload.objects.get()
        RegisterUpload.objects.filter(pk=kept.pk).update(
            created_at=kept.created_at - dt.timedelta(days=1, minutes=1)
        )
        response = client.post(page_url(register), {"action": "confirm", "token": kept.token})
        assert response.status_code == 422 and not RegisterEntry.objects.exists()


def test_the_total_line_at_the_foot_of_a_register_is_not_a_line(register, reporter):
    """Excel registers end with "Tổng cộng": no date, a sum — skipped, not refused."""
    data = xlsx_bytes(
        [
            ["STT", "Ngày", "Nội dung", "Phân loại", "Số người"],
            [1, dt.date(2022, 1, 10), "Đơn khiếu nại về giá cước", "Khiếu nại", 3],
            [2, dt.date(2022, 1, 12), "Đơn khiếu nại lần hai", "Khiếu nại", 2],
            ["Tổng cộng", None, "2 đơn", None, 5],
            [None, None, "CỘNG", None, 5],
        ]
    )
    result = import_entries(register.pk, data, "so.xlsx", by=reporter, dry_run=False)
    assert result.added == 2
    with pytest.raises(Invalid) as caught:  # a dateless line that is no total is still refused
        import_entries(
            register.pk,
            xlsx_bytes(
                [["Ngày", "Nội dung", "Phân loại"], [None, "Cộng đồng dân cư gửi đơn", "Khiếu nại"]]
            ),
            "so2.xlsx",
            by=reporter,
            dry_run=False,
        )
    assert "Dòng 2" in str(caught.value.details)


def test_an_import_is_one_event_of_the_registers_log(register, reporter):
    from baocao.registers.models import RegisterEvent

    data = xlsx_bytes(
        [
            ["Ngày", "Nội dung", "Phân loại"],
            [dt.date(2022, 1, 10), "Đơn một", "Khiếu nại"],
            [dt.date(2022, 1, 11), "Đơn hai", "Tố cáo"],
        ]
    )
    import_entries(register.pk, data, "so.xlsx", by=reporter, dry_run=True)
    assert not RegisterEvent.objects.exists()  # a dry run changes nothing
    import_entries(register.pk, data, "so.xlsx", by=reporter, dry_run=False)
    (event,) = RegisterEvent.objects.all()
    assert (
        event.verb,
        event.actor,
        event.data["added"],
        event.data["filename"],
        event.data["numbers"],
    ) == ("import", reporter, 2, "so.xlsx", ["1/2022", "2/2022"])


def test_a_csv_saved_from_an_old_tcvn3_workbook_is_read_in_vietnamese(register, reporter):
    """Old Excel registers typed in .VnTime (TCVN3) export bytes the report importer already
    repairs; the register import reads them the same way."""
    from baocao.parser.encodings import unicode_to_tcvn3

    text = "Ngày;Nội dung;Phân loại\n05/01/2022;Đơn khiếu nại về giá cước;Khiếu nại\n"
    data = unicode_to_tcvn3(text, lower_unmapped=True).encode("latin-1")
    import_entries(register.pk, data, "so-cu.csv", by=reporter, dry_run=False)
    assert register.entries.get().subject == "Đơn khiếu nại về giá cước"


def test_a_number_cell_reaches_the_service_as_the_decimal_it_holds():
    # An Excel number (and a number of baocao's own CSV) is passed typed, never written out
    # in the Vietnamese format for clean_entry to read back.
    from baocao.registers.tabular import read_table

    data = xlsx_bytes([HEADER[:5], [1, dt.date(2022, 1, 10), "Đơn", "Khiếu nại", 1234.5]])
    table = read_table(data, "so.xlsx", quantity_label="Số người")
    assert table.rows[0].entry.quantity == Decimal("1234.5")
    assert isinstance(table.rows[0].entry.quantity, Decimal)
    typed = read_table(
        xlsx_bytes([HEADER[:5], [1, "10/01/2022", "Đơn", "Khiếu nại", "1.234,5"]]),
        "so.xlsx",
        quantity_label="Số người",
    )
    assert typed.rows[0].entry.quantity == "1.234,5"  # text a person typed stays text
