"""Every Vietnamese letter with a diacritic round-trips through TCVN3 and VNI, capitals too."""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document

from baocao.parser.encodings import (
    restore_capitals,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from baocao.parser.loaders import load_bytes
from baocao.parser.parse import parse_text

_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LOWER = sorted(
    {unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES} - set("aeiouy") | {"đ"}
)
UPPER = [c.upper() for c in LOWER]


def test_there_are_134_letters_with_diacritics():
    assert len(LOWER) == 67 and len(set(LOWER + UPPER)) == 134


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_each_letter_round_trips_through_vni(letter: str):
    assert vni_to_unicode(unicode_to_vni(f"X{letter}Y {letter}")) == f"X{letter}Y {letter}"


@pytest.mark.parametrize("letter", LOWER)
def test_each_lower_case_letter_round_trips_through_tcvn3(letter: str):
    assert tcvn3_to_unicode(unicode_to_tcvn3(f"x{letter}y")) == f"x{letter}y"


@pytest.mark.parametrize("letter", UPPER)
def test_each_capital_round_trips_through_tcvn3_in_a_line_of_capitals(letter: str):
    # TCVN3 has no code for most capitals with a tone mark: they were typed with the
    # lower-case code; a line written in capitals gives them back.
    line = f"TRƯỜNG T{letter}N VÀ KẾT QUẢ"
    encoded = unicode_to_tcvn3(line, lower_unmapped=True)
    assert restore_capitals(tcvn3_to_unicode(encoded)) == line


def _vntimeh_docx(lines: list[tuple[str, str]]) -> bytes:
    doc = Document()
    for font, text in lines:
        run = doc.add_paragraph().add_run(text)
        run.font.name = font
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_runs_in_a_vntimeh_font_come_back_in_capitals():
    every = " ".join(UPPER)
    body = "Trong tháng, Sở Nội vụ đã thẩm định hồ sơ và tổ chức tập huấn cho cán bộ, công chức."
    data = _vntimeh_docx(
        [
            (".VnTimeH", unicode_to_tcvn3("ủy ban nhân dân tỉnh hưng yên")),
            (".VnTime", unicode_to_tcvn3(body)),
            (".VnTimeH", unicode_to_tcvn3(every.lower())),
            (".VnArialH", unicode_to_tcvn3("phương hướng nhiệm vụ")),
        ]
    )
    loaded = load_bytes(data, "cu.docx")
    assert loaded.encoding == "tcvn3"
    assert loaded.text.splitlines() == [
        "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
        body,
        every,
        "PHƯƠNG HƯỚNG NHIỆM VỤ",
    ]


def test_plain_text_tcvn3_headings_typed_in_lower_case_are_headings():
    source = (
        "b¸o c¸o\nT×nh h×nh s¶n xuÊt th¸ng 4 n¨m 2009\ni. kÕt qu¶ s¶n xuÊt\n"
        "Toµn huyÖn gieo cÊy 6.850 ha lóa xu©n.\nii. ph­¬ng h­íng nhiÖm vô th¸ng 5\n"
        "- KiÓm tra 12 c¬ së kinh doanh;\n"
    )
    result = parse_text(source)
    assert result.encoding == "tcvn3"
    titles = [s.title for s in result.sections]
    assert titles == ["KẾT QUẢ SẢN XUẤT", "PHƯƠNG HƯỚNG NHIỆM VỤ THÁNG 5"]
    assert result.next_period.tasks == ["Kiểm tra 12 cơ sở kinh doanh"]
    # a sentence stays as it was typed
    assert "Toàn huyện gieo cấy 6.850 ha lúa xuân." in result.text
