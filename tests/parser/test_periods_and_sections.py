"""Report periods, section shapes, action verbs and layout."""

from __future__ import annotations

import pytest

from baocao.parser import parse_text
from baocao.parser.model import Period
from baocao.parser.periods import first_period, next_period


@pytest.mark.parametrize(
    ("phrase", "want"),
    [
        ("tháng 01 năm 2022", Period("month", 2022, month=1)),
        ("tháng 5/2022", Period("month", 2022, month=5)),
        ("quý I/2022", Period("quarter", 2022, quarter=1)),
        ("Quý II năm 2022", Period("quarter", 2022, quarter=2)),
        ("quý 3-2022", Period("quarter", 2022, quarter=3)),
        ("6 tháng đầu năm 2022", Period("half", 2022, half=1)),
        ("sáu tháng cuối năm 2022", Period("half", 2022, half=2)),
        ("9 tháng năm 2022", Period("nine_months", 2022)),
        ("năm 2022", Period("year", 2022)),
    ],
)
def test_a_period_phrase_names_its_period(phrase: str, want: Period):
    assert first_period(f"Báo cáo kết quả {phrase} và phương hướng") == want


def test_the_next_period_follows_the_report_period():
    assert next_period(Period("month", 2022, month=12)) == Period("month", 2023, month=1)
    assert next_period(Period("quarter", 2022, quarter=4)) == Period("quarter", 2023, quarter=1)
    assert next_period(Period("half", 2022, half=1)) == Period("half", 2022, half=2)
    assert next_period(Period("nine_months", 2022)) == Period("quarter", 2022, quarter=4)
    assert next_period(Period("year", 2022)).year == 2023


def test_a_half_year_period_carries_its_half_and_others_keep_the_four_keys():
    assert Period("half", 2022, half=2).to_dict()["half"] == 2
    assert set(Period("month", 2022, month=1).to_dict()) == {"kind", "year", "month", "quarter"}


REPORT = """UBND TỈNH THÁI BÌNH
SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: 05/BC-STTTT
Thái Bình, ngày 25 tháng 01 năm 2022
BÁO CÁO
Kết quả công tác tháng 01 năm 2022
I. KẾT QUẢ ĐẠT ĐƯỢC
1. Công tác tuyên truyền
a) Báo chí
- Cây lúa: Gieo cấy 120 ha.
- Đã tổ chức 02 lớp tập huấn; Tiếp tục kiểm tra 05 doanh nghiệp.
Về bưu chính: Tham mưu ban hành Quy chế.
II. KHÓ KHĂN, VƯỚNG MẮC
Kinh phí còn hạn chế.
III. KIẾN NGHỊ
Đề nghị UBND tỉnh bố trí kinh phí.
IV. PHƯƠNG HƯỚNG NHIỆM VỤ THÁNG TỚI
1. Tiếp tục triển khai chuyển đổi số;
2. Tổng kết năm 2022./.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
"""


@pytest.fixture(scope="module")
def report():
    return parse_text(REPORT)


def test_headings_of_every_shape_are_sections_in_order(report):
    assert [(s.title, s.kind) for s in report.sections] == [
        ("KẾT QUẢ ĐẠT ĐƯỢC", "results"),
        ("Công tác tuyên truyền", "results"),
        ("Báo chí", "results"),
        ("Cây lúa", "results"),
        ("Về bưu chính", "results"),
        ("KHÓ KHĂN, VƯỚNG MẮC", "issues"),
        ("KIẾN NGHỊ", "proposals"),
        ("PHƯƠNG HƯỚNG NHIỆM VỤ THÁNG TỚI", "plan"),
    ]


def test_items_keep_their_wording_and_read_the_leading_verb(report):
    items = report.sections[3].items
    assert [(i.text, i.action, i.continuing) for i in items] == [
        ("Gieo cấy 120 ha", "gieo cấy", False),
        ("Đã tổ chức 02 lớp tập huấn", "tổ chức", False),
        ("Tiếp tục kiểm tra 05 doanh nghiệp", "kiểm tra", True),
    ]
    assert [report.quantities[i].text for i in items[2].quantities] == ["05 doanh nghiệp"]


def test_the_header_and_the_recipients_are_not_sections(report):
    titles = [s.title for s in report.sections]
    assert not any("Nơi nhận" in t or t == "UBND tỉnh" or "CỘNG HÒA" in t for t in titles)
    assert report.agency == "Sở Thông tin và Truyền thông"
    assert report.title == "Kết quả công tác tháng 01 năm 2022"


def test_a_relative_next_period_is_the_period_after_the_report(report):
    assert report.next_period.period == Period("month", 2022, month=2)
    assert report.next_period.tasks == ["Tiếp tục triển khai chuyển đổi số", "Tổng kết năm 2022"]


def test_text_without_structure_still_parses_with_warnings():
    result = parse_text("một dòng chữ không có gì")
    assert result.sections == [] and result.title is None
    assert "no sections were found" in result.warnings
