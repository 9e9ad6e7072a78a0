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
    rules = [
        p
        for p in docx_paragraphs(doc)
        if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    ]
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


# Tables: Word and LibreOffice lay out the same grid (issue 12, point 6).

MM_PER_TWIP = 25.4 / 1440


def _twips(element, tag: str) -> int:
    return int(element.find(qn(tag)).get(qn("w:w")))


def _cell_margins_mm(table) -> tuple[float, float]:
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins is not None, "cell margins must be explicit (Word's default is 0.19 cm)"
    left, right = (_twips(margins, f"w:{side}") for side in ("left", "right"))
    return left * MM_PER_TWIP, right * MM_PER_TWIP


def _column_mm(table) -> list[float]:
    return [
        int(col.get(qn("w:w"))) * MM_PER_TWIP for col in table._tbl.tblGrid.findall(qn("w:gridCol"))
    ]


def _table_with(doc, text: str):
    for table in doc.tables:
        if any(text in cell.text for row in table.rows for cell in row.cells):
            return table
    raise AssertionError(f"no table holds {text!r}")


def test_every_table_has_a_fixed_grid_equal_to_its_cell_widths_and_explicit_margins(doc):
    assert len(doc.tables) == 4  # header, rule under the summary, indicators, closing
    for table in doc.tables:
        pr = table._tbl.tblPr
        assert pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        width = pr.find(qn("w:tblW"))
        assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) == sum(grid)
        assert abs(sum(grid) * MM_PER_TWIP - 165) < 0.1  # the text width, 210 - 30 - 15 mm
        for row in table.rows:
            widths = [_twips(tc.tcPr, "w:tcW") for tc in row._tr.tc_lst]
            assert widths == grid, table.rows[0].cells[0].text
        margins = pr.find(qn("w:tblCellMar"))
        for side in ("top", "left", "bottom", "right"):
            assert margins.find(qn(f"w:{side}")).get(qn("w:type")) == "dxa"


def test_motto_and_bodies_fit_their_columns_and_number_sits_beside_the_date(doc):
    from baocao.documents.fonts import text_width_mm

    table = _table_with(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    left_mm, right_mm = _column_mm(table)
    pad_left, pad_right = _cell_margins_mm(table)
    for column_mm, start in (
        (right_mm, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (right_mm, "Độc lập - Tự do - Hạnh phúc"),
        (left_mm, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
        (left_mm, "UBND TỈNH THÁI BÌNH"),
    ):
        par = find_paragraph(doc, start)
        size, bold, italic, _ = _run_props(par)
        style = "bold" if bold else "italic" if italic else "regular"
        assert text_width_mm(par.text, size.pt, style) <= column_mm - pad_left - pad_right, start
    (bodies, motto), (number, date) = ([c.text for c in row.cells] for row in table.rows)
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in bodies and "Độc lập - Tự do - Hạnh phúc" in motto
    assert number.startswith("Số:") and date.startswith("Thái Bình, ngày")


def test_indicator_columns_are_sized_to_their_content(doc):
    from baocao.documents.fonts import text_width_mm

    table = _table_with(doc, "Tin, bài của báo chí Trung ương về tỉnh")
    widths = _column_mm(table)
    pad_left, pad_right = _cell_margins_mm(table)
    assert pad_left > 0 and pad_right > 0  # the numbers never touch the rules
    assert max(widths) == widths[1]  # the indicator's name takes the room
    assert widths[0] < 12  # "TT" is narrow
    for index in (0, 2, 3, 4, 5):
        for row in table.rows[1:]:
            for word in row.cells[index].text.split():
                assert text_width_mm(word, 12) <= widths[index] - pad_left - pad_right, word


def test_indicator_columns_widen_for_long_numbers_and_keep_the_text_width():
    from baocao.documents.layout import INDICATOR_COLUMNS_MM, indicator_columns

    headers = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tăng (+)/giảm (-)")
    assert (
        indicator_columns(headers, [("1", "Tin", "tin, bài", "773", "–", "–")])
        == INDICATOR_COLUMNS_MM
    )
    wide = indicator_columns(headers, [("1", "Tin", "lượt", "1.234.567.890", "12", "+1")])
    assert wide[3] > INDICATOR_COLUMNS_MM[3] and wide[1] < INDICATOR_COLUMNS_MM[1]
    assert abs(sum(wide) - 165) < 0.05


def test_signature_block_and_recipients_are_one_row_that_never_splits(doc):
    table = _table_with(doc, "Nơi nhận:")
    assert len(table.rows) == 1
    left, right = table.rows[0].cells
    assert left.text.startswith("Nơi nhận:") and "- Lưu: VT, VP." in left.text
    assert right.text.startswith("KT. GIÁM ĐỐC") and right.text.endswith("Trần Văn Hùng")
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    spacer = table._tbl.getprevious()
    assert spacer.tag == qn("w:p") and spacer.pPr.find(qn("w:keepNext")) is not None
