"""Render an OfficialDocument as DOCX (python-docx), in the Decree 30/2020 layout."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from baocao.documents import layout as L
from baocao.documents.fonts import FAMILY
from baocao.documents.model import (
    DRAFT_MARK,
    Heading,
    IndicatorTable,
    OfficialDocument,
    Paragraph,
)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def _fonts(element, size: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Set Times New Roman for every script (incl. w:eastAsia) on a run or style rPr."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FAMILY)


def _run(par: DocxParagraph, text: str, *, size: float, bold: bool = False,
         italic: bool = False) -> None:
    run = par.add_run(text)
    run.font.name = FAMILY
    _fonts(run._r)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic


def _par(container, text: str = "", *, size: float = L.BODY_PT, bold: bool = False,  # type: ignore[no-untyped-def]
         italic: bool = False, align=CENTER, before: float = 0, after: float = 0,  # type: ignore[no-untyped-def]
         indent_mm: float = 0, line: float = 1.0, keep: bool = False) -> DocxParagraph:
    par = container.add_paragraph()
    fmt = par.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if indent_mm:
        fmt.first_line_indent = Mm(indent_mm)
    if keep:
        fmt.keep_with_next = True
    if text:
        _run(par, text, size=size, bold=bold, italic=italic)
    return par


def _rule(cell: _Cell, width_mm: float, column_mm: float) -> None:
    """Add a centred horizontal rule ``width_mm`` long (a bordered empty paragraph)."""
    par = cell.add_paragraph()
    side = max((column_mm - width_mm) / 2, 0)
    fmt = par.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    ppr = par._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _layout_table(doc, widths_mm: tuple[float, ...]) -> Table:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def _page(doc, draft: bool) -> None:  # type: ignore[no-untyped-def]
    """Set A4, the margins, and page numbers centred in the top margin from page 2."""
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = CENTER
    run = par.add_run()
    run.font.size = Pt(L.PAGE_NUMBER_PT)
    _fonts(run._r)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), tag)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)
    first = section.first_page_header.paragraphs[0]
    if draft:
        first.alignment = RIGHT
        _run(first, f" {DRAFT_MARK} ", size=L.NUMBER_PT, bold=True)
        borders = OxmlElement("w:bdr")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "0"),
                           ("w:color", "000000")):
            borders.set(qn(key), value)
        first.runs[0]._r.get_or_add_rPr().append(borders)


def _styles(doc) -> None:  # type: ignore[no-untyped-def]
    normal = doc.styles["Normal"]
    normal.font.name = FAMILY
    normal.font.size = Pt(L.BODY_PT)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)


def _header(doc, model: OfficialDocument) -> None:  # type: ignore[no-untyped-def]
    head = model.header
    table = _layout_table(doc, (L.LEFT_COLUMN_MM, L.RIGHT_COLUMN_MM))
    left, right = table.rows[0].cells
    if head.governing_body:
        _par(left, head.governing_body, size=L.BODIES_PT)
    _par(left, head.issuing_body, size=L.BODIES_PT, bold=True)
    _rule(left, head.issuing_rule_mm, L.LEFT_COLUMN_MM)
    _par(left, head.number_line, size=L.NUMBER_PT, before=6)
    _par(right, head.motto, size=L.MOTTO_PT, bold=True)
    _par(right, head.slogan, size=L.SLOGAN_PT, bold=True)
    _rule(right, head.slogan_rule_mm, L.RIGHT_COLUMN_MM)
    _par(right, head.place_date_line, size=L.DATE_PT, italic=True, before=6)


def _title(doc, model: OfficialDocument) -> None:  # type: ignore[no-untyped-def]
    _par(doc, model.doc_type, size=L.TITLE_PT, bold=True, before=18, keep=True)
    _par(doc, model.summary, size=L.TITLE_PT, bold=True, keep=True)
    holder = _layout_table(doc, (L.TEXT_WIDTH_MM,))
    _rule(holder.rows[0].cells[0], model.summary_rule_mm, L.TEXT_WIDTH_MM)
    _par(doc, "", size=6, after=6)


def _indicator_table(doc, block: IndicatorTable) -> None:  # type: ignore[no-untyped-def]
    widths = (10.0, 62.0, 21.0, 22.0, 22.0, 28.0)
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        trpr.append(OxmlElement(tag))
    for cell, text, width in zip(header.cells, block.headers, widths, strict=True):
        cell.width = Mm(width)
        par = cell.paragraphs[0]
        par.alignment = CENTER
        _run(par, text, size=L.TABLE_PT, bold=True)
    for row in block.rows:
        cells = table.add_row()
        cells._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        values = (row.number, row.name, row.unit, row.value, row.previous, row.change)
        aligns = (CENTER, LEFT, CENTER, RIGHT, RIGHT, RIGHT)
        for cell, text, width, align in zip(cells.cells, values, widths, aligns, strict=True):
            cell.width = Mm(width)
            par = cell.paragraphs[0]
            par.alignment = align
            _run(par, text, size=L.TABLE_PT)
    _par(doc, "", size=6, after=0)


def _body(doc, model: OfficialDocument) -> None:  # type: ignore[no-untyped-def]
    spacing = {"before": L.PARAGRAPH_SPACING_PT, "line": L.LINE_SPACING}
    for block in model.body:
        if isinstance(block, Heading):
            _par(doc, block.text, bold=block.level < 3, italic=block.level == 3, align=JUSTIFY,
                 indent_mm=L.FIRST_LINE_INDENT_MM, keep=True, **spacing)
        elif isinstance(block, Paragraph):
            par = _par(doc, align=JUSTIFY, indent_mm=L.FIRST_LINE_INDENT_MM, **spacing)
            if block.lead:
                _run(par, f"{block.lead} ", size=L.BODY_PT, bold=True)
            _run(par, block.text, size=L.BODY_PT)
        elif isinstance(block, IndicatorTable):
            if block.caption:
                _par(doc, block.caption, italic=True, size=L.TABLE_PT, align=RIGHT,
                     before=L.PARAGRAPH_SPACING_PT, after=3, keep=True)
            _indicator_table(doc, block)


def _closing(doc, model: OfficialDocument) -> None:  # type: ignore[no-untyped-def]
    _par(doc, "", size=6, after=6)
    table = _layout_table(doc, (80.0, L.TEXT_WIDTH_MM - 80.0))
    left, right = table.rows[0].cells
    _par(left, "Nơi nhận:", size=L.RECIPIENTS_LABEL_PT, bold=True, italic=True, align=LEFT)
    for line in model.recipients:
        _par(left, line, size=L.RECIPIENTS_PT, align=LEFT)
    sig = model.signature
    if sig.authority:
        _par(right, sig.authority, size=L.SIGNATURE_PT, bold=True)
    if sig.title:
        _par(right, sig.title, size=L.SIGNATURE_PT, bold=True)
    space = _par(right, "", size=L.SIGNATURE_PT)
    space.paragraph_format.space_after = Mm(L.SIGNATURE_SPACE_MM)
    _par(right, sig.name, size=L.SIGNATURE_PT, bold=True)


def render_docx(model: OfficialDocument) -> bytes:
    """Return the DOCX bytes of ``model``."""
    doc = Document()
    _styles(doc)
    _page(doc, model.is_draft)
    _header(doc, model)
    _title(doc, model)
    _body(doc, model)
    _closing(doc, model)
    props = doc.core_properties
    props.title = model.metadata.get("title", model.summary)[:250]
    props.author = model.metadata.get("author", "")[:250]
    props.keywords = model.metadata.get("mark", "")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
