"""The register pages per persona: the list, a register with its filter, totals, CSV and entry
forms, entries closed by a report, and a report filled from the registers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baocao.domain.workflow import Role
from baocao.organizations.models import OrgUnit
from baocao.registers.models import RegisterBinding, RegisterEntry
from baocao.registers.services import EntryInput, add_entry
from baocao.reports.services import submit_report
from tests.conftest import client_for, make_user, reload

pytestmark = pytest.mark.django_db


def complaint(
    day: str,
    subject: str = "Đơn khiếu nại về cột ăng-ten",
    category: str = "Khiếu nại",
    quantity: str = "",
    **extra: str,
) -> EntryInput:
    return EntryInput(
        entry_date=day, subject=subject, category=category, quantity=quantity, **extra
    )


def form(
    day: str = "05/01/2022",
    subject: str = "Đơn khiếu nại của ông Nguyễn Văn A",
    category: str = "Khiếu nại",
    **extra: str,
) -> dict:
    return {
        "entry_date": day,
        "subject": subject,
        "category": category,
        "quantity": "",
        "reference": "",
        "notes": "",
    } | extra


def url(register, *rest: object) -> str:
    tail = "".join(f"{part}/" for part in rest)
    return f"/so-theo-doi/{register.pk}/{tail}"


@pytest.fixture
def entries(register, reporter) -> list[RegisterEntry]:
    """Three complaints: two in the January 2022 window (one a denunciation), one after it."""
    return [
        add_entry(
            register.pk, complaint("20/12/2021", quantity="2", reference="01/ĐKN"), by=reporter
        ),
        add_entry(
            register.pk,
            complaint("03/01/2022", "Đơn tố cáo cán bộ địa chính", "Tố cáo", "1"),
            by=reporter,
        ),
        add_entry(register.pk, complaint("20/01/2022", "ĐƠN khiếu nại lần hai"), by=reporter),
    ]


class TestList:
    def test_each_user_sees_the_registers_they_may_read_grouped_by_unit(
        self, register, other_register, reporter, viewer, outsider, unit, other_unit
    ):
        today = timezone.localdate()
        add_entry(register.pk, complaint(today.strftime("%d/%m/%Y")), by=reporter)
        add_entry(register.pk, complaint("03/01/2022"), by=reporter)
        page = client_for(reporter).get("/so-theo-doi/").content.decode()
        assert register.name in page and other_register.name not in page
        assert unit.name in page
        assert f'href="/so-theo-doi/{register.pk}/"' in page
        assert today.strftime("%d/%m/%Y") in page  # the latest entry
        row = page.split(register.name, 1)[1].split("</tr>", 1)[0]
        assert '<td data-label="Số mục năm' in row and ">1</td>" in row  # one entry this year
        leader = client_for(viewer).get("/so-theo-doi/").content.decode()
        assert register.name in leader and other_register.name in leader
        assert leader.index(unit.name) < leader.index(other_unit.name)  # by unit, in order
        assert register.name not in client_for(outsider).get("/so-theo-doi/").content.decode()

    def test_a_user_without_registers_is_told_so_and_the_nav_shows_the_page(
        self, register, reporter, province
    ):
        third = OrgUnit.objects.create(
            code="SNV", name="Sở Nội vụ", level="department", parent=province
        )
        lonely = make_user("chuyenvien.snv", third, Role.REPORTER)
        page = client_for(lonely).get("/so-theo-doi/").content.decode()
        assert "Chưa có sổ theo dõi nào" in page
        assert '<a href="/so-theo-doi/">Sổ theo dõi</a>' in page
        assert (
            '<a href="/so-theo-doi/">Sổ theo dõi</a>'
            in client_for(reporter).get("/bao-cao/").content.decode()
        )

    def test_anonymous_is_sent_to_sign_in(self, register):
        for path in ("/so-theo-doi/", url(register)):
            response = Client().get(path)
            assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


class TestDetail:
    def test_the_register_shows_its_indicators_entries_and_totals(
        self, register, entries, reporter
    ):
        page = client_for(reporter).get(url(register)).content.decode()
        assert "Sổ tiếp nhận đơn thư" in page
        assert "Vụ việc khiếu nại" in page and "đếm mục" in page
        assert "phân loại “Khiếu nại”" in page
        assert '<th scope="col" class="num">Số người</th>' in page
        assert "1/2021" in page and "1/2022" in page and "2/2022" in page
        assert "20/12/2021" in page and "01/ĐKN" in page
        assert "Nguyễn Thị Lan" in page  # who wrote it, family name first
        totals = page.split('id="totals"', 1)[1].split("</p>", 1)[0]
        assert "Toàn bộ sổ" in totals and "3 mục" in totals
        assert '<strong class="total-sum">3</strong>' in totals
        assert "1 mục chưa ghi số người" in totals

    def test_the_quantity_column_is_hidden_when_the_register_has_none(
        self, other_register, outsider
    ):
        add_entry(
            other_register.pk,
            EntryInput(entry_date="03/01/2022", subject="Hồ sơ cấp phép"),
            by=outsider,
        )
        page = client_for(outsider).get(url(other_register)).content.decode()
        assert "Hồ sơ cấp phép" in page
        assert 'class="num"' not in page.split("<thead>", 1)[1].split("</thead>", 1)[0]
        assert 'id="id_quantity"' not in page

    def test_a_period_selects_its_data_window(self, register, entries, reporter):
        page = client_for(reporter).get(url(register), {"period": "2022-01"}).content.decode()
        totals = page.split('id="totals"', 1)[1].split("</p>", 1)[0]
        assert "Tháng 01/2022 (15/12/2021–14/01/2022)" in totals
        assert "2 mục" in totals and '<strong class="total-sum">3</strong>' in totals
        assert "20/12/2021" in page and "03/01/2022" in page and "20/01/2022" not in page

    def test_dates_category_and_unaccented_text_filter(self, register, entries, reporter):
        client = client_for(reporter)
        page = client.get(
            url(register), {"from": "01/01/2022", "to": "31/01/2022"}
        ).content.decode()
        assert "Từ 01/01/2022 đến 31/01/2022" in page
        assert "20/12/2021" not in page and "20/01/2022" in page
        page = client.get(url(register), {"category": "to cao"}).content.decode()
        assert "Đơn tố cáo cán bộ địa chính" in page and "lần hai" not in page
        page = client.get(url(register), {"q": "don khieu nai lan hai"}).content.decode()
        assert "ĐƠN khiếu nại lần hai" in page and "tố cáo cán bộ" not in page
        assert "1 mục" in page.split('id="totals"', 1)[1].split("</p>", 1)[0]
        page = client.get(url(register), {"q": "không có đâu"}).content.decode()
        assert "Không có mục nào khớp bộ lọc." in page

    def test_a_bad_filter_is_explained_next_to_its_field(self, register, entries, reporter):
        response = client_for(reporter).get(
            url(register), {"period": "2022-13", "from": "32/01/2022"}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Kỳ báo cáo không hợp lệ (ví dụ: 2022-01)." in page
        response = client_for(reporter).get(url(register), {"from": "32/01/2022"})
        assert "Ngày không hợp lệ (ví dụ: 14/01/2022)." in response.content.decode()
        assert 'value="32/01/2022"' in response.content.decode()

    def test_fifty_entries_a_page_and_the_register_opens_at_its_latest_page(
        self, register, reporter
    ):
        start = dt.date(2022, 1, 1)
        RegisterEntry.objects.bulk_create(
            [
                RegisterEntry(
                    register=register,
                    year=2022,
                    number=n,
                    entry_date=start + dt.timedelta(days=n),
                    subject=f"Đơn số {n:03d}",
                    category="Khiếu nại",
                    created_by=reporter,
                )
                for n in range(1, 56)
            ]
        )
        client = client_for(reporter)
        page = client.get(url(register)).content.decode()
        assert "Trang 2/2" in page and "Đơn số 055" in page and "Đơn số 050" not in page
        assert "55 mục" in page  # the totals count the whole filter, not the page
        first = client.get(url(register), {"page": "1"}).content.decode()
        assert "Đơn số 001" in first and "Đơn số 050" in first and "Đơn số 051" not in first
        assert first.count('<tr id="entry-') == 50

    def test_closed_windows_are_read_once_per_page_not_per_row(self, register, draft, reporter):
        def queries() -> int:
            client = client_for(reporter)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url(register)).status_code == 200
            return len(captured)

        add_entry(register.pk, complaint("05/01/2022"), by=reporter)
        submit_report(reload(draft), by=reporter)
        few = queries()
        RegisterEntry.objects.bulk_create(
            [
                RegisterEntry(
                    register=register,
                    year=2022,
                    number=n,
                    entry_date=dt.date(2022, 1, 6),
                    subject=f"Đơn {n}",
                    created_by=reporter,
                )
                for n in range(2, 40)
            ]
        )
        assert queries() == few


class TestWriting:
    @pytest.mark.parametrize("persona", ["reporter", "approver"])
    def test_the_units_reporter_and_approver_write_the_register(self, persona, register, request):
        user = request.getfixturevalue(persona)
        client = client_for(user)
        page = client.get(url(register)).content.decode()
        assert 'id="ghi-so"' in page
        assert f'value="{timezone.localdate():%d/%m/%Y}"' in page  # dated today by default
        assert '<option value="Tố cáo">Tố cáo</option>' in page  # the register's categories
        response = client.post(url(register), form(quantity="1.234,5"), follow=True)
        entry = RegisterEntry.objects.get()
        assert (entry.number, entry.year, entry.quantity) == (1, 2022, Decimal("1234.5"))
        assert entry.created_by == user
        page = response.content.decode()
        assert "Đã ghi mục số 1/2022 vào sổ." in page
        assert f'id="entry-{entry.pk}"' in page and "1.234,5" in page
        assert '<strong class="total-sum">1.234,5</strong>' in page

    def test_bad_input_comes_back_with_each_fields_message_and_the_input_kept(
        self, register, reporter
    ):
        response = client_for(reporter).post(
            url(register),
            form(
                day="31/02/2022",
                subject="  ",
                category="Ý kiến",
                quantity="mười",
                reference="Số 12/ĐKN",
                notes="Ghi chú <b>giữ lại</b>",
            ),
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert "Mục sổ chưa hợp lệ, hãy sửa các ô được đánh dấu." in page
        assert 'id="err-entry_date">Ngày không hợp lệ (ví dụ: 14/01/2022).' in page
        assert 'id="err-subject">Cần ghi nội dung.' in page
        assert 'id="err-category">Chọn một phân loại của sổ: Khiếu nại, Tố cáo.' in page
        assert 'id="err-quantity">“mười” không phải là số hợp lệ' in page
        assert 'value="31/02/2022"' in page and 'value="mười"' in page
        assert 'value="Số 12/ĐKN"' in page
        assert "Ghi chú &lt;b&gt;giữ lại&lt;/b&gt;</textarea>" in page
        assert not RegisterEntry.objects.exists()

    def test_an_entry_is_edited_then_deleted(self, register, entries, reporter):
        client = client_for(reporter)
        first = entries[0]
        page = client.get(url(register, "muc", first.pk, "sua")).content.decode()
        assert 'value="20/12/2021"' in page and 'value="2"' in page and 'value="01/ĐKN"' in page
        response = client.post(
            url(register, "muc", first.pk, "sua"),
            form(day="21/12/2021", subject="Đơn khiếu nại (đã bổ sung)", quantity="4"),
            follow=True,
        )
        assert "Đã sửa mục số 1/2021." in response.content.decode()
        first.refresh_from_db()
        assert (first.entry_date, first.subject, first.quantity, first.updated_by) == (
            dt.date(2021, 12, 21),
            "Đơn khiếu nại (đã bổ sung)",
            Decimal(4),
            reporter,
        )
        bad = client.post(url(register, "muc", first.pk, "sua"), form(subject=""))
        assert bad.status_code == 422 and "Cần ghi nội dung." in bad.content.decode()
        page = client.get(url(register, "muc", first.pk, "xoa")).content.decode()
        assert "Xóa mục số 1/2021" in page and "Đơn khiếu nại (đã bổ sung)" in page
        assert RegisterEntry.objects.filter(pk=first.pk).exists()  # a GET deletes nothing
        response = client.post(url(register, "muc", first.pk, "xoa"), follow=True)
        assert "Đã xóa mục số 1/2021." in response.content.decode()
        assert not RegisterEntry.objects.filter(pk=first.pk).exists()

    @pytest.mark.parametrize("persona", ["viewer", "consolidator"])
    def test_readers_see_no_forms_and_a_post_is_refused(
        self, persona, register, entries, draft, request
    ):
        client = client_for(request.getfixturevalue(persona))
        entry = entries[0]
        page = client.get(url(register)).content.decode()
        assert "Đơn tố cáo cán bộ địa chính" in page and "3 mục" in page
        assert 'id="ghi-so"' not in page and 'name="subject"' not in page
        assert "/sua/" not in page and "/xoa/" not in page
        assert client.get(url(register), {"format": "csv"}).status_code == 200
        assert client.post(url(register), form()).status_code == 403
        for action in ("sua", "xoa"):
            assert client.get(url(register, "muc", entry.pk, action)).status_code == 403
            assert (
                client.post(
                    url(register, "muc", entry.pk, action), form(subject="Đã sửa")
                ).status_code
                == 403
            )
        editor = client.get(f"/bao-cao/{draft.pk}/soan/").status_code  # 404: drafts unseen
        assert editor in (403, 404)
        assert client.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").status_code == editor
        assert (
            client.post(
                f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/", {"version": draft.version}
            ).status_code
            == editor
        )
        assert RegisterEntry.objects.count() == 3
        entry.refresh_from_db()
        assert entry.subject == "Đơn khiếu nại về cột ăng-ten"
        assert not reload(draft).values.filter(indicator__code="KHIEU_NAI").exists()

    def test_a_register_no_longer_in_use_takes_no_entries(self, register, reporter):
        register.is_active = False
        register.save()
        client = client_for(reporter)
        page = client.get(url(register)).content.decode()
        assert "Ngừng sử dụng" in page and 'id="ghi-so"' not in page
        assert client.post(url(register), form()).status_code == 403

    def test_the_outsider_gets_404_everywhere(
        self, register, other_register, entries, draft, outsider
    ):
        client = client_for(outsider)
        entry = entries[0]
        own = add_entry(
            other_register.pk, EntryInput(entry_date="03/01/2022", subject="Hồ sơ"), by=outsider
        )
        for path in (
            url(register),
            f"{url(register)}?format=csv",
            url(register, "muc", entry.pk, "sua"),
            url(register, "muc", entry.pk, "xoa"),
            url(register, "muc", own.pk, "sua"),
            # their own register, another register's entry
            url(other_register, "muc", entry.pk, "sua"),
            url(other_register, "muc", entry.pk, "xoa"),
            f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/",
            "/so-theo-doi/999999/",
        ):
            assert client.get(path).status_code == 404, path
            assert (
                client.post(path, form(subject="Sửa trộm") | {"version": draft.version}).status_code
                == 404
            ), path
        assert RegisterEntry.objects.filter(register=register).count() == 3
        assert not RegisterEntry.objects.filter(subject="Sửa trộm").exists()
        entry.refresh_from_db()
        assert entry.subject == "Đơn khiếu nại về cột ăng-ten"


class TestClosedEntries:
    def test_an_entry_closed_by_a_submitted_report_is_marked_and_kept(
        self, register, draft, reporter
    ):
        inside = add_entry(register.pk, complaint("05/01/2022"), by=reporter)
        after = add_entry(register.pk, complaint("20/01/2022", "Đơn sau kỳ"), by=reporter)
        submit_report(reload(draft), by=reporter)
        client = client_for(reporter)
        page = client.get(url(register)).content.decode()
        closed = page.split(f'id="entry-{inside.pk}"', 1)[1].split("</tr>", 1)[0]
        assert "Đã khóa" in closed and f'href="/bao-cao/{draft.pk}/"' in closed
        assert "Báo cáo Tháng 01/2022" in closed and "/sua/" not in closed
        open_row = page.split(f'id="entry-{after.pk}"', 1)[1].split("</tr>", 1)[0]
        assert "Đã khóa" not in open_row and f"/muc/{after.pk}/sua/" in open_row

        page = client.get(url(register, "muc", inside.pk, "sua")).content.decode()
        assert "Sổ đã khóa cho ngày 05/01/2022" in page and 'name="subject"' not in page
        response = client.post(
            url(register, "muc", inside.pk, "sua"), form(subject="Sửa sau khi gửi")
        )
        assert response.status_code == 409
        assert "Sổ đã khóa cho ngày 05/01/2022" in response.content.decode()
        assert client.post(url(register, "muc", inside.pk, "xoa")).status_code == 409
        inside.refresh_from_db()
        assert inside.subject == "Đơn khiếu nại về cột ăng-ten"

        response = client.post(url(register), form(day="06/01/2022", subject="Đơn mới vào kỳ cũ"))
        assert response.status_code == 409
        page = response.content.decode()
        assert "Sổ đã khóa cho ngày 06/01/2022" in page
        assert "Đơn mới vào kỳ cũ</textarea>" in page  # the input is kept
        assert not RegisterEntry.objects.filter(subject="Đơn mới vào kỳ cũ").exists()


class TestCsv:
    def test_the_filtered_entries_are_exported_for_excel(self, register, entries, reporter):
        add_entry(
            register.pk,
            complaint("10/01/2022", '=HYPERLINK("http://x")', "Khiếu nại", "2,5", notes="-1+1"),
            by=reporter,
        )
        response = client_for(reporter).get(url(register), {"period": "2022-01", "format": "csv"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="so-theo-doi-DON-THU-2022-01.csv"'
        )
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == [
            "Số thứ tự",
            "Năm",
            "Ngày",
            "Nội dung",
            "Phân loại",
            "Số người",
            "Số, ký hiệu",
            "Ghi chú",
            "Người ghi",
        ]
        assert rows[1] == [
            "1",
            "2021",
            "20/12/2021",
            "Đơn khiếu nại về cột ăng-ten",
            "Khiếu nại",
            "2",
            "01/ĐKN",
            "",
            "Nguyễn Thị Lan",
        ]
        assert [r[2] for r in rows[1:]] == ["20/12/2021", "03/01/2022", "10/01/2022"]
        assert rows[3][3] == '\'=HYPERLINK("http://x")'  # not a formula in a spreadsheet
        assert (rows[3][5], rows[3][7]) == ("2.5", "'-1+1")

    def test_the_whole_register_is_exported_without_a_filter(self, register, entries, reporter):
        response = client_for(reporter).get(url(register), {"format": "csv"})
        assert response["Content-Disposition"] == 'attachment; filename="so-theo-doi-DON-THU.csv"'
        assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 4


class TestFillReport:
    def test_the_figures_are_shown_then_taken_into_the_report(
        self, register, entries, draft, template, reporter
    ):
        client = client_for(reporter)
        editor = client.get(f"/bao-cao/{draft.pk}/soan/").content.decode()
        # The editor's button saves what is typed first, then opens the register figures.
        assert 'name="then" value="registers"' in editor
        assert "Lấy số liệu từ sổ theo dõi" in editor
        page = client.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").content.decode()
        row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
        assert "Vụ việc khiếu nại" in row and register.name in row
        assert "15/12/2021–14/01/2022" in row
        assert '<td data-label="Số mục tính" class="num">1</td>' in row  # one complaint
        assert "<strong>1</strong>" in row and "Có thay đổi" in row
        assert f'name="version" value="{draft.version}"' in page
        response = client.post(
            f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/", {"version": draft.version}
        )
        assert response.status_code == 302 and response["Location"] == f"/bao-cao/{draft.pk}/soan/"
        editor = client.get(response["Location"]).content.decode()
        assert "Đã lấy 1 số liệu từ sổ theo dõi." in editor
        value = reload(draft).values.get(indicator__code="KHIEU_NAI")
        assert value.value == 1
        detail = client.get(f"/bao-cao/{draft.pk}/").content.decode()
        assert "Theo Sổ tiếp nhận đơn thư: 1 mục, 15/12/2021–14/01/2022" in detail
        again = client.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").content.decode()
        assert "Không đổi" in again

    def test_a_stale_version_shows_the_conflict_and_fills_nothing(
        self, register, entries, draft, reporter
    ):
        response = client_for(reporter).post(
            f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/", {"version": draft.version - 1}
        )
        assert response.status_code == 409
        assert "hãy tải lại trang để xem bản mới nhất" in response.content.decode()
        assert not reload(draft).values.filter(indicator__code="KHIEU_NAI").exists()

    def test_a_sum_warns_of_entries_without_a_quantity(
        self, register, entries, draft, template, reporter
    ):
        RegisterBinding.objects.create(
            register=register, indicator=template.indicators.get(code="BAO_CHI"), measure="sum"
        )
        page = client_for(reporter).get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").content.decode()
        row = page.split("Tin, bài báo chí TW", 1)[1].split("</tr>", 1)[0]
        assert "cộng cột Số người" in row and "<strong>3</strong>" in row  # 2 + 1
        assert "773" in row  # the value in the report now
        assert "chưa ghi" not in row
        add_entry(register.pk, complaint("06/01/2022"), by=reporter)
        page = client_for(reporter).get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").content.decode()
        assert "1 mục chưa ghi số người: số liệu có thể thiếu." in page

    def test_a_report_that_cannot_change_is_not_filled(
        self, register, entries, draft, reporter, approver
    ):
        leader = client_for(approver)  # reads the draft, may not edit it
        assert leader.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").status_code == 403
        assert (
            leader.post(
                f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/", {"version": draft.version}
            ).status_code
            == 403
        )
        submit_report(reload(draft), by=reporter)
        client = client_for(reporter)
        response = client.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/")
        assert response.status_code == 302 and response["Location"] == f"/bao-cao/{draft.pk}/"
        response = client.post(
            f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/", {"version": reload(draft).version}
        )
        assert response.status_code == 302
        assert not reload(draft).values.filter(indicator__code="KHIEU_NAI").exists()

    def test_without_bound_indicators_the_editor_offers_no_link(self, register, draft, reporter):
        RegisterBinding.objects.all().delete()
        client = client_for(reporter)
        assert "lay-so-lieu-tu-so" not in client.get(f"/bao-cao/{draft.pk}/soan/").content.decode()
        page = client.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").content.decode()
        assert "không có chỉ tiêu nào lấy số liệu từ sổ theo dõi" in page
        response = client.post(
            f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/", {"version": draft.version}
        )
        assert response.status_code == 422


def test_the_pages_render_in_english(register, entries, draft, reporter):
    client = client_for(reporter, "en")
    entry = entries[0]
    for path in (
        "/so-theo-doi/",
        url(register),
        f"{url(register)}?period=2022-01",
        url(register, "muc", entry.pk, "sua"),
        url(register, "muc", entry.pk, "xoa"),
        f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Language"] == "en"
    register_page = client.get(f"{url(register)}?period=2022-01").content.decode()
    assert "Lines of the register" in register_page
    assert "Period January 2022 (15/12/2021–14/01/2022)" in register_page
    assert "Các mục trong sổ" not in register_page
    fill_page = client.get(f"/bao-cao/{draft.pk}/lay-so-lieu-tu-so/").content.decode()
    assert "Take the figures into the report" in fill_page


def test_a_report_links_each_figure_to_the_register_behind_it(
    register, draft, reporter, viewer, outsider
):
    """Whoever reads the report may open the lines behind a figure; others see no link."""
    from baocao.reports.services import submit_report
    from tests.conftest import reload

    link = (
        f'href="/so-theo-doi/{register.pk}/?period=2022-01&amp;category=Khi%E1%BA%BFu+n%E1%BA%A1i"'
    )
    page = client_for(reporter).get(f"/bao-cao/{draft.pk}/").content.decode()
    assert link in page and "Xem Sổ tiếp nhận đơn thư" in page
    submit_report(reload(draft), by=reporter)
    assert link in client_for(viewer).get(f"/bao-cao/{draft.pk}/").content.decode()
    target = client_for(viewer).get(f"/so-theo-doi/{register.pk}/?period=2022-01")
    assert target.status_code == 200
    assert client_for(outsider).get(f"/bao-cao/{draft.pk}/").status_code == 404


def test_the_register_page_shows_its_log_with_a_deleted_lines_text(register, reporter, viewer):
    from baocao.registers.services import EntryInput, add_entry, delete_entry

    entry = add_entry(
        register.pk,
        EntryInput("03/01/2022", "Đơn <b>khiếu nại</b> sẽ xóa", "Khiếu nại"),
        by=reporter,
    )
    delete_entry(register.pk, entry.pk, by=reporter)
    page = client_for(viewer).get(url(register)).content.decode()
    assert "Nhật ký sổ" in page
    assert "Xóa</strong> mục số 1/2022" in page
    assert "<q>Đơn &lt;b&gt;khiếu nại&lt;/b&gt; sẽ xóa</q>" in page  # escaped
    english = client_for(reporter, "en").get(url(register)).content.decode()
    assert "Register log" in english and "Deleted</strong> line 1/2022" in english


def test_the_edit_and_delete_links_say_so_in_english(register, entries, reporter):
    english = client_for(reporter, "en").get(url(register)).content.decode()
    assert ">Edit</a>" in english and ">Delete</a>" in english
    assert ">Changed</a>" not in english


def test_a_figure_the_register_does_not_give_is_flagged(register, draft, reporter):
    """Typed by hand (or the register changed since): the report page says what the sổ holds."""
    from baocao.registers.services import EntryInput, add_entry, fill_from_registers
    from baocao.reports.services.authoring import set_indicator_values
    from tests.conftest import reload

    for day in ("03/01/2022", "04/01/2022"):
        add_entry(register.pk, EntryInput(day, "Đơn khiếu nại", "Khiếu nại"), by=reporter)
    fill_from_registers(draft.pk, by=reporter, expected_version=reload(draft).version)
    page = client_for(reporter).get(f"/bao-cao/{draft.pk}/").content.decode()
    assert "khác số liệu trong sổ" not in page  # filled from the register: they agree
    indicator = draft.template.indicators.get(code="KHIEU_NAI")
    set_indicator_values(
        reload(draft),
        by=reporter,
        expected_version=reload(draft).version,
        values={indicator.pk: ("5", "")},
    )
    page = client_for(reporter).get(f"/bao-cao/{draft.pk}/").content.decode()
    assert 'class="warn register-differs">khác số liệu trong sổ: 2</small>' in page


def test_control_characters_in_the_filter_are_harmless(register, entries, reporter):
    """A NUL in a query string never reaches the database (PostgreSQL would refuse it)."""
    client = client_for(reporter)
    for query in ("q=%00", "category=%00", "q=ab%00cd&category=Khi%00%E1%BA%BFu"):
        assert client.get(f"{url(register)}?{query}").status_code == 200, query
