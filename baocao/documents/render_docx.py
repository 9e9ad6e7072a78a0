"""Render an OfficialDocument as DOCX (python-docx), in the Decree 30/2020 layout.

Every table states its layout completely, so Word and LibreOffice lay it out alike: a fixed
layout (``w:tblLayout fixed``), a width in twips (``w:tblW``), a column grid whose ``w:gridCol``
values are exactly the cells' ``w:tcW`` widths (LibreOffice sizes columns from the grid), and
explicit cell margins (``w:tblCellMar``; Word's default is 0.19 cm left and right, which would
wrap the motto).
"""

from __future__ import annotations

import io
import itertools
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, Twips
from docx.table import Table, _Cell, _Row
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


def _fonts(element: Any, size: float | None = None) -> None:
    """Set Times New Roman for every script (incl. w:eastAsia) on a run or style rPr."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FAMILY)


def _run(
    par: DocxParagraph, text: str, *, size: float, bold: bool = False, italic: bool = False
) -> None:
    run = par.add_run(text)
    run.font.name = FAMILY
    _fonts(run._r)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic


def _par(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = L.BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT = CENTER,
    before: float = 0,
    after: float = 0,
    indent_mm: float = 0,
    line: float = 1.0,
    keep: bool = False,
) -> DocxParagraph:
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
    else:  # an empty paragraph is as tall as its mark: give the mark the size asked for
        mark = OxmlElement("w:rPr")
        _set(mark, "w:sz", val=str(round(size * 2)))
        par._p.get_or_add_pPr().append(mark)
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
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _grid(widths_mm: tuple[float, ...]) -> list[int]:
    """Return the column widths in twips, rounded so that they add up to the rounded total."""
    edges, total = [0], 0.0
    for width in widths_mm:
        total += width
        edges.append(_twips(total))
    return [b - a for a, b in itertools.pairwise(edges)]


def _set(parent: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """Return the child ``tag`` of ``parent`` (created, in schema order, if absent) with attrs."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _table(
    container: DocxDocument | _Cell,
    widths_mm: tuple[float, ...],
    *,
    rows: int = 1,
    pad_x_mm: float = L.LAYOUT_CELL_PADDING_MM,
    pad_y_mm: float = 0.0,
    style: str | None = None,
) -> Table:
    """Add a table with a fixed layout, a grid equal to its cell widths and explicit margins."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    if style:
        table.style = style
    table.autofit = False  # w:tblLayout w:type="fixed"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid = _grid(widths_mm)
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", w=str(sum(grid)), type="dxa")
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        look = tbl_pr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(margins)
        else:
            tbl_pr.append(margins)
    for side, mm in (
        ("top", pad_y_mm),
        ("left", pad_x_mm),
        ("bottom", pad_y_mm),
        ("right", pad_x_mm),
    ):
        _set(margins, f"w:{side}", w=str(_twips(mm)), type="dxa")
    for column, width in zip(table.columns, grid, strict=True):
        column.width = Twips(width)
    for row in table.rows:
        _fix_row(row, grid)
        for cell in row.cells:
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def _fix_row(row: _Row, grid: list[int], *, header: bool = False) -> None:
    """Give every cell of ``row`` its grid width and keep the row on one page."""
    for cell, width in zip(row.cells, grid, strict=True):
        cell.width = Twips(width)
    trpr = row._tr.get_or_add_trPr()
    tags = ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",)
    for tag in tags:
        if trpr.find(qn(tag)) is None:
            trpr.append(OxmlElement(tag))


def _page(doc: DocxDocument, draft: bool) -> None:
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
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "8"),
            ("w:space", "0"),
            ("w:color", "000000"),
        ):
            borders.set(qn(key), value)
        first.runs[0]._r.get_or_add_rPr().append(borders)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FAMILY
    normal.font.size = Pt(L.BODY_PT)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)


def _header(doc: DocxDocument, model: OfficialDocument) -> None:
    """Two rows: the bodies beside the motto and slogan, then "Số" beside the place and date.

    "Số" and the date share a row, so they stay level whatever the lines above them take.
    """
    head = model.header
    table = _table(doc, (L.LEFT_COLUMN_MM, L.RIGHT_COLUMN_MM), rows=2)
    (left, right), (number, date) = (row.cells for row in table.rows)
    if head.governing_body:
        _par(left, head.governing_body, size=L.BODIES_PT)
    _par(left, head.issuing_body, size=L.BODIES_PT, bold=True)
    _rule(left, head.issuing_rule_mm, L.LEFT_COLUMN_MM)
    _par(right, head.motto, size=L.MOTTO_PT, bold=True)
    _par(right, head.slogan, size=L.SLOGAN_PT, bold=True)
    _rule(right, head.slogan_rule_mm, L.RIGHT_COLUMN_MM)
    _par(number, head.number_line, size=L.NUMBER_PT, before=6)
    _par(date, head.place_date_line, size=L.DATE_PT, italic=True, before=6)


def _title(doc: DocxDocument, model: OfficialDocument) -> None:
    _par(doc, model.doc_type, size=L.TITLE_PT, bold=True, before=18, keep=True)
    _par(doc, model.summary, size=L.TITLE_PT, bold=True, keep=True)
    holder = _table(doc, (L.TEXT_WIDTH_MM,))
    _rule(holder.rows[0].cells[0], model.summary_rule_mm, L.TEXT_WIDTH_MM)
    _par(doc, "", size=6, after=6)


def _indicator_table(doc: DocxDocument, block: IndicatorTable) -> None:
    """The indicators: columns sized to their content, header repeated, rows never split."""
    values = [r.cells(block.wide) for r in block.rows]
    widths = L.indicator_columns(block.headers, values)
    table = _table(
        doc,
        widths,
        style="Table Grid",
        pad_x_mm=L.TABLE_CELL_PADDING_X_MM,
        pad_y_mm=L.TABLE_CELL_PADDING_Y_MM,
    )
    grid = _grid(widths)
    header = table.rows[0]
    _fix_row(header, grid, header=True)
    for cell, text in zip(header.cells, block.headers, strict=True):
        par = _par(cell, size=L.TABLE_PT, align=CENTER)
        _run(par, text, size=L.TABLE_PT, bold=True)
    aligns = (CENTER, LEFT, CENTER, RIGHT, RIGHT, RIGHT) + ((RIGHT, RIGHT) if block.wide else ())
    for row in values:
        cells = table.add_row()
        _fix_row(cells, grid)
        for cell, text, align in zip(cells.cells, row, aligns, strict=True):
            par = cell.paragraphs[0]
            par.alignment = align
            _run(par, text, size=L.TABLE_PT)
    _par(doc, "", size=6, after=0)


def _body(doc: DocxDocument, model: OfficialDocument) -> None:
    # The PDF's line pitch (1.15 em), which Word and LibreOffice call single spacing; "1.15
    # lines" would be 1.32 em, and a page more in a long report.
    before, pitch = L.PARAGRAPH_SPACING_PT, L.docx_line_multiple()
    for block in model.body:
        if isinstance(block, Heading):
            _par(
                doc,
                block.text,
                bold=block.level < 3,
                italic=block.level == 3,
                align=JUSTIFY,
                indent_mm=L.FIRST_LINE_INDENT_MM,
                keep=True,
                before=before,
                line=pitch,
            )
        elif isinstance(block, Paragraph):
            par = _par(
                doc, align=JUSTIFY, indent_mm=L.FIRST_LINE_INDENT_MM, before=before, line=pitch
            )
            if block.lead:
                _run(par, f"{block.lead} ", size=L.BODY_PT, bold=True)
            _run(par, block.text, size=L.BODY_PT)
        elif isinstance(block, IndicatorTable):
            if block.caption:
                _par(
                    doc,
                    block.caption,
                    italic=True,
                    size=L.TABLE_PT,
                    align=RIGHT,
                    before=L.PARAGRAPH_SPACING_PT,
                    after=3,
                    keep=True,
                )
            _indicator_table(doc, block)


def _closing(doc: DocxDocument, model: OfficialDocument) -> None:
    """ "Nơi nhận" and the signature block: one table row that may not split across pages."""
    _par(doc, "", size=6, after=6, keep=True)
    table = _table(doc, (L.CLOSING_LEFT_MM, L.TEXT_WIDTH_MM - L.CLOSING_LEFT_MM))
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
