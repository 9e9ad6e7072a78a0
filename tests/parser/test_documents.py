"""The Decree 30 header is metadata; periods are read, never guessed; task lists are tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baocao.parser import parse_file
from baocao.parser.gold import Score
from baocao.parser.parse import parse_text

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"

DECISION = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1021/QĐ-UBND
Quảng Trị, ngày 09 tháng 5 năm 2024
QUYẾT ĐỊNH
Về việc phê duyệt Kế hoạch tuyển sinh năm 2024
ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 24/2021/NĐ-CP ngày 23/3/2021 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Kế hoạch tuyển sinh năm 2024 với 3.200 chỉ tiêu.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
"""


def test_the_header_block_is_metadata_never_sections():
    result = parse_text(DECISION)
    assert [s.title for s in result.sections] == ["Điều 1", "Điều 2"]
    assert result.document.to_dict() == {
        "doc_type": "Quyết định",
        "number": "1021/QĐ-UBND",
        "date": "2024-05-09",
        "place": "Quảng Trị",
        "governing_body": "ỦY BAN NHÂN DÂN",
        "issuing_body": "TỈNH QUẢNG TRỊ",
    }
    assert result.agency == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert result.title == "Về việc phê duyệt Kế hoạch tuyển sinh năm 2024"


def test_a_decision_covers_no_period_even_with_a_year_in_its_title():
    result = parse_text(DECISION)
    assert result.period is not None
    assert (result.period.kind, result.period.year, result.period.month) == ("other", None, None)
    assert result.period_source.to_dict() == {"period": None, "year": None, "certain": False}
    assert any("covers no reporting period" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("title", "header_date", "expected", "year_from"),
    [
        ("Tình hình kinh tế - xã hội tháng Năm năm 2023", "", ("month", 2023, 5), "title"),
        ("Tình hình kinh tế - xã hội tháng 5 và 5 tháng năm 2017", "", ("month", 2017, 5), "title"),
        ("Kết quả 03 tháng đầu năm 2024", "", ("quarter", 2024, 1), "title"),
        (
            "Báo cáo kết quả công tác tháng Mười Một",
            "ngày 25 tháng 11 năm 2020",
            ("month", 2020, 11),
            "date line",
        ),
        (
            "Kết quả thực hiện nhiệm vụ tháng 12",
            "ngày 05 tháng 01 năm 2021",
            ("month", 2020, 12),
            "date line",
        ),
        ("Kế hoạch phát triển kinh tế - xã hội năm 2023", "", ("year", 2023, None), "title"),
    ],
)
def test_periods_and_where_their_year_was_read(title, header_date, expected, year_from):
    header = (
        f"UBND HUYỆN KIM BẢNG\nPHÒNG KINH TẾ\nSố: 12/BC-KT\nKim Bảng, {header_date}\n"
        if header_date
        else ""
    )
    result = parse_text(f"{header}BÁO CÁO\n{title}\n1. Kinh tế\nThu hoạch 20 ha lúa.\n")
    period = result.period
    assert period is not None
    month = period.month if period.kind == "month" else period.quarter
    assert (period.kind, period.year, month) == expected
    assert result.period_source.year == year_from
    assert result.period_source.certain == (year_from == "title")


def test_a_title_without_year_and_nothing_else_gives_no_year():
    result = parse_text("BÁO CÁO\nKết quả công tác quý III\n1. Kinh tế\nThu hoạch 20 ha lúa.\n")
    assert result.period is not None
    assert (result.period.kind, result.period.year) == ("quarter", None)
    assert "the year of the reporting period could not be read" in result.warnings


def test_a_document_that_is_the_task_list_gives_its_tasks():
    result = parse_text(
        "KẾ HOẠCH\nThực hiện nhiệm vụ trọng tâm quý III năm 2024\n"
        "1. Công tác quy hoạch\n- Hoàn thành thẩm định đồ án quy hoạch;\n"
        "- Tham mưu phê duyệt 03 đồ án.\n2. Tổ chức thực hiện\nCác phòng triển khai./.\n"
    )
    assert result.next_period.tasks == [
        "Hoàn thành thẩm định đồ án quy hoạch",
        "Tham mưu phê duyệt 03 đồ án",
    ]


def test_a_results_report_is_not_a_task_list():
    result = parse_text(
        "BÁO CÁO\nKết quả thực hiện nhiệm vụ tháng 5 năm 2024\n1. Kinh tế\n- Thu hoạch 20 ha lúa;\n"
    )
    assert result.next_period.tasks == []


def test_the_held_out_set_meets_the_accuracy_the_issue_asks():
    score = Score.empty()
    for gold in sorted(HELDOUT.glob("h*.json")):
        report = next(p for p in HELDOUT.glob(f"{gold.stem}.*") if p.suffix != ".json")
        score.add(parse_file(report).to_dict(), json.loads(gold.read_text(encoding="utf-8")))
    assert score.documents >= 30
    assert score.period_accuracy >= 0.95, score.period_misses
    assert score.sections.f1 >= 0.85
    assert score.tasks.f1 >= 0.9
    assert score.citations.f1 >= 0.98
    assert score.quantities.f1 >= 0.95
