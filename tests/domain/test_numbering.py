"""Document numbers and the place-and-date line (Decree 30/2020/NĐ-CP)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from baocao.domain.numbering import (
    TYPE_CODES,
    TYPE_NAMES,
    DocumentNumber,
    NumberingError,
    place_date_line,
)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (DocumentNumber(5, "BC", "STTTT"), "05/BC-STTTT"),
        (DocumentNumber(9, "QĐ", "UBND"), "09/QĐ-UBND"),
        (DocumentNumber(10, "KH", "STTTT"), "10/KH-STTTT"),
        (DocumentNumber(1234, "QyĐ", "UBND"), "1234/QyĐ-UBND"),
        (DocumentNumber(12, None, "UBND-VX"), "12/UBND-VX"),
        (DocumentNumber(7722, None, "VPCP-KSTT"), "7722/VPCP-KSTT"),
        (DocumentNumber(3, "NQ", "HĐND"), "03/NQ-HĐND"),
    ],
)
def test_str_and_number_line(number: DocumentNumber, text: str) -> None:
    assert str(number) == text
    assert number.format_number_line() == f"Số: {text}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số: 05/BC-STTTT", DocumentNumber(5, "BC", "STTTT")),
        ("05/BC-STTTT", DocumentNumber(5, "BC", "STTTT")),
        ("  Số:05/BC-STTTT ", DocumentNumber(5, "BC", "STTTT")),
        ("Số 5/BC-STTTT", DocumentNumber(5, "BC", "STTTT")),
        ("số: 01/CT-UBND", DocumentNumber(1, "CT", "UBND")),
        ("SỐ: 12/UBND-VX", DocumentNumber(12, None, "UBND-VX")),
        ("7722/VPCP-KSTT", DocumentNumber(7722, None, "VPCP-KSTT")),
        ("05/BC-STTTT-VP", DocumentNumber(5, "BC", "STTTT-VP")),
        ("15 / QyĐ - UBND", DocumentNumber(15, "QyĐ", "UBND")),
        ("08/TTr-SKHCN", DocumentNumber(8, "TTr", "SKHCN")),
        ("2/UBND", DocumentNumber(2, None, "UBND")),
        ("03/BC", DocumentNumber(3, None, "BC")),  # a type code needs an issuer after it
    ],
)
def test_parse(text: str, expected: DocumentNumber) -> None:
    assert DocumentNumber.parse(text) == expected


def test_parse_decomposed_text() -> None:
    nfd = unicodedata.normalize("NFD", "Số: 05/QĐ-HĐND")
    number = DocumentNumber.parse(nfd)
    assert number == DocumentNumber(5, "QĐ", "HĐND")
    assert unicodedata.is_normalized("NFC", str(number))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Số:",
        "BC-STTTT",
        "Số: /BC-STTTT",
        "Số: 0/BC-STTTT",
        "05/BC-",
        "05/-STTTT",
        "05/BC--STTTT",
        "05/BC STTTT",
        "05/BC-STTTT!",
        "37/2021/QĐ-TTg",
        "Số: five/BC-STTTT",
    ],
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(NumberingError):
        DocumentNumber.parse(text)


@pytest.mark.parametrize("name", sorted(TYPE_CODES))
def test_round_trip_every_type(name: str) -> None:
    number = DocumentNumber(7, TYPE_CODES[name], "STTTT")
    assert DocumentNumber.parse(number.format_number_line()) == number


@pytest.mark.parametrize(
    ("seq", "type_code", "issuer"),
    [
        (0, "BC", "STTTT"),
        (-1, "BC", "STTTT"),
        (1, "", "STTTT"),
        (1, "B C", "STTTT"),
        (1, "BC-X", "STTTT"),
        (1, "BC", ""),
        (1, "BC", "-STTTT"),
        (1, "BC", "STTTT-"),
        (1, "BC", "ST TT"),
        (1, "BC", "Sở"),
        (1, "BC", "STTTT/VP"),
    ],
)
def test_invalid_numbers(seq: int, type_code: str | None, issuer: str) -> None:
    with pytest.raises(NumberingError):
        DocumentNumber(seq, type_code, issuer)


def test_numbering_error_is_value_error() -> None:
    assert issubclass(NumberingError, ValueError)


def test_type_codes_follow_decree_30() -> None:
    assert dict(TYPE_CODES) == {
        "Báo cáo": "BC",
        "Kế hoạch": "KH",
        "Quyết định": "QĐ",
        "Chỉ thị": "CT",
        "Thông báo": "TB",
        "Hướng dẫn": "HD",
        "Tờ trình": "TTr",
        "Chương trình": "CTr",
        "Đề án": "ĐA",
        "Nghị quyết": "NQ",
        "Quy chế": "QC",
        "Quy định": "QyĐ",
        "Biên bản": "BB",
    }
    assert TYPE_NAMES["QyĐ"] == "Quy định"
    assert "Công văn" not in TYPE_CODES
    assert all(unicodedata.is_normalized("NFC", k + v) for k, v in TYPE_CODES.items())


def test_type_codes_are_read_only() -> None:
    with pytest.raises(TypeError):
        TYPE_CODES["Công văn"] = "CV"  # type: ignore[index]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 1, 25), "Thái Bình, ngày 25 tháng 01 năm 2022"),
        (date(2022, 2, 9), "Thái Bình, ngày 09 tháng 02 năm 2022"),
        (date(2022, 3, 5), "Thái Bình, ngày 05 tháng 3 năm 2022"),
        (date(2022, 10, 10), "Thái Bình, ngày 10 tháng 10 năm 2022"),
        (date(2022, 12, 31), "Thái Bình, ngày 31 tháng 12 năm 2022"),
    ],
)
def test_place_date_line(day: date, expected: str) -> None:
    assert place_date_line("Thái Bình", day) == expected


def test_place_date_line_normalises_the_place() -> None:
    place = unicodedata.normalize("NFD", " Hưng Yên ")
    assert place_date_line(place, date(2025, 7, 1)) == "Hưng Yên, ngày 01 tháng 7 năm 2025"


@pytest.mark.parametrize("place", ["", "   "])
def test_place_date_line_needs_a_place(place: str) -> None:
    with pytest.raises(NumberingError):
        place_date_line(place, date(2022, 1, 25))
