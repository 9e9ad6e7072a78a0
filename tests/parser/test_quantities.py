"""Numbers with units, and the numbers that are not quantities."""

from __future__ import annotations

import pytest

from baocao.parser.quantities import find_quantities, find_zero_facts, parse_number


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("diện tích 2.297,5 ha lúa", [("2.297,5 ha", 2297.5, "ha")]),
        ("đàn gia cầm 1.074,9 nghìn con", [("1.074,9 nghìn con", 1074.9, "nghìn con")]),
        ("giảm -850 ha so với", [("-850 ha", -850, "ha")]),
        ("tăng 12,5% so với cùng kỳ", [("12,5%", 12.5, "%")]),
        ("đạt 100 % kế hoạch", [("100 %", 100, "%")]),
        ("có 773 tin, bài về tỉnh", [("773 tin, bài", 773, "tin, bài")]),
        ("lưu chiểu 05 tài liệu không kinh doanh (492 trang)",
         [("05 tài liệu không kinh doanh", 5, "tài liệu"), ("492 trang", 492, "trang")]),
        ("ước đạt 1.512,4 tỷ đồng", [("1.512,4 tỷ đồng", 1512.4, "tỷ đồng")]),
        ("thu nhập 7,8 triệu đồng/người", [("7,8 triệu đồng/người", 7.8, "triệu đồng/người")]),
        ("lắp 100m2 mái", [("100m2", 100, "m2")]),
    ],
)  # fmt: skip
def test_a_quantity_has_value_unit_and_text(text: str, want: list):
    got = find_quantities(text)
    assert [(q.text, q.value, q.unit) for q in got] == want
    for q in got:
        assert text[q.span[0] : q.span[1]] == q.text


def test_a_range_has_no_value_but_a_minimum_and_maximum():
    (q,) = find_quantities("năng suất từ 18 đến 20 tấn/ha")
    assert (q.value, q.value_min, q.value_max, q.unit) == (None, 18, 20, "tấn/ha")
    assert q.to_dict()["value_min"] == 18
    (q,) = find_quantities("giải ngân 15-20% kế hoạch")
    assert (q.value, q.value_min, q.value_max, q.unit) == (None, 15, 20, "%")


def test_a_ratio_gives_the_numerator_and_a_denominator():
    (q,) = find_quantities("có 23/27 ngành đã báo cáo")
    assert (q.text, q.value, q.denominator, q.unit) == ("23/27 ngành", 23, 27, "ngành")
    (q,) = find_quantities("1.145/1.230 hộ gia đình")
    assert (q.value, q.denominator) == (1145, 1230)


@pytest.mark.parametrize(
    "text",
    [
        "Đề án đến năm 2025, định hướng 2030, tầm nhìn 2045.",
        "ngày 12/01/2022 và ngày 25 tháng 01 năm 2022",
        "lúc 8 giờ 30 phút, 14h30",
        "5 tháng năm 2017; quý I/2022; 6 tháng đầu năm; tháng 02/2022",
        "Hội nghị lần thứ 52 Ban Chấp hành; xếp thứ 12/63 tỉnh",
        "Chỉ thị số 01/CT-UBND; Nghị quyết 05-NQ/TU",
        "trên tuyến QL10 và QL39, tỉnh lộ 39",
        "phòng, chống dịch Covid-19 và H5N1, mạng 4G, 5G",
        "1. Công tác tuyên truyền\n2. Kiểm tra\nII. Nhiệm vụ",
        "theo Điều 5 khoản 2 Luật Đất đai, Mục 3",
    ],
)
def test_years_dates_times_periods_ordinals_codes_and_headings_are_not_quantities(text: str):
    assert find_quantities(text) == []


def test_numbers_inside_excluded_spans_are_skipped():
    text = "số 37/2021/QĐ-TTg ngày 18/12/2021 có 05 tài liệu"
    got = find_quantities(text, exclude=[(0, 33)])
    assert [q.text for q in got] == ["05 tài liệu"]


def test_vietnamese_numbers_parse_as_plain_decimals():
    assert parse_number("1.234,5") == 1234.5
    assert parse_number("05") == 5
    assert parse_number("1.234") == 1234


def test_a_zero_statement_is_a_zero_fact():
    (z,) = find_zero_facts("Trong tháng không có vụ việc khiếu nại tố cáo phát sinh.")
    assert (z.text, z.value, z.unit, z.subject) == (
        "không có vụ việc khiếu nại tố cáo phát sinh", 0, "vụ việc", "khiếu nại tố cáo",
    )  # fmt: skip
