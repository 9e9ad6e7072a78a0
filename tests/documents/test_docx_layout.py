"""The DOCX follows Decree 30/2020: page, margins, font, sizes, bold/italic per element."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from baocao.documents.services import render_report
from tests.documents.conftest import docx_open, docx_paragraphs, find_paragraph


@pytest.fixture
def doc(sample_report):
    return docx_open(render_report(sample_report, "docx").content)


def _run_props(par) -> tuple:
    runs = [r for r in par.runs if r.text.strip()]
    assert runs, par.text
    run = runs[0]
    return run.font.size, bool(run.font.bold), bool(run.font.italic), run.font.name


def test_page_is_a4_with_decree_30_margins(doc):
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20


def test_font_is_times_new_roman_for_every_script(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    for par in docx_paragraphs(doc):
        for run in par.runs:
            assert run.font.name in (None, "Times New Roman")


ELEMENTS = [
    ("UBND TỈNH THÁI BÌNH", 12, False, False),
    ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 12, True, False),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
    ("Độc lập - Tự do - Hạnh phúc", 13, True, False),
    ("Số: 05/BC-STTTT", 13, False, False),
    ("Thái Bình, ngày 25 tháng 01 năm 2022", 14, False, True),
    ("BÁO CÁO", 14, True, False),
    ("Kết quả hoạt động Thông tin và Truyền thông tháng 01 năm 2022", 14, True, False),
    ("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 01/2022", 14, True, False),
    ("1. Về Công nghệ thông tin - Viễn thông", 14, True, False),
    ("Trình Ủy ban nhân dân tỉnh phê duyệt", 14, False, False),
    ("KT. GIÁM ĐỐC", 14, True, False),
    ("PHÓ GIÁM ĐỐC", 14, True, False),
    ("Trần Văn Hùng", 14, True, False),
    ("Nơi nhận:", 12, True, True),
    ("- UBND tỉnh;", 11, False, False),
    ("- Lưu: VT, VP.", 11, False, False),
]


def test_each_element_has_its_size_weight_and_slant(doc):
    for start, size, bold, italic in ELEMENTS:
        got = _run_props(find_paragraph(doc, start))
        assert got == (Pt(size), bold, italic, "Times New Roman"), start


def test_title_and_summary_are_centred_and_the_body_justified_with_indent(doc):
    assert find_paragraph(doc, "BÁO CÁO").alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = find_paragraph(doc, "Trình Ủy ban nhân dân tỉnh phê duyệt").paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10 <= round(body.first_line_indent.mm, 1) <= 12.7
    assert body.space_before >= Pt(6)
    assert 1.0 <= body.line_spacing <= 1.5


def test_rules_under_issuing_body_slogan_and_summary(doc):
    rules = [p for p in docx_paragraphs(doc)
             if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(rules) == 3


def test_body_ends_with_closing_mark_and_table_header_repeats(doc):
    assert find_paragraph(doc, "- Chỉ đạo doanh nghiệp").text.endswith("06/12/2021./.")
    numbers = [t for t in doc.tables if t.rows[0].cells[0].text == "TT"]
    assert len(numbers) == 1
    header = numbers[0].rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    texts = [c.text for c in numbers[0].rows[1].cells]
    assert texts[1] == "Tin, bài của báo chí Trung ương về tỉnh" and texts[3] == "773"


def test_page_numbers_in_the_header_from_page_two(doc):
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
