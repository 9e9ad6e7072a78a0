"""The measures of Decree 30/2020/NĐ-CP both renderers share: page, margins, columns, sizes."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

from baocao.documents.fonts import font_file, text_width_mm

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
LEFT_COLUMN_MM = 75.0
RIGHT_COLUMN_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM  # 90

# Sizes in points.
BODIES_PT = 12  # governing and issuing bodies (12 keeps "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" on a line)
NUMBER_PT = 13  # "Số: 05/BC-STTTT"
MOTTO_PT = 12  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 keeps it on one line in 90 mm)
SLOGAN_PT = 13  # "Độc lập - Tự do - Hạnh phúc"
DATE_PT = 14
TITLE_PT = 14
BODY_PT = 14
TABLE_PT = 12
SIGNATURE_PT = 14
RECIPIENTS_LABEL_PT = 12
RECIPIENTS_PT = 11
PAGE_NUMBER_PT = 13

FIRST_LINE_INDENT_MM = 12.7  # 1.27 cm
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15  # line pitch in em (CSS line-height); Decree 30 allows 1 to 1.5 lines
SIGNATURE_SPACE_MM = 28.0  # room for the handwritten signature and the seal
CLOSING_LEFT_MM = 80.0  # "Nơi nhận" column; the signature block takes the rest

# Cell padding, as the PDF's CSS has it; the DOCX writes the same values as explicit w:tblCellMar
# (Word's default, 0.19 cm left and right, would leave the motto 86.2 mm of the 90 mm column:
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" is 88.3 mm in 12 pt bold, 95.7 mm in 13 pt).
LAYOUT_CELL_PADDING_MM = 0.0  # header and closing blocks: no padding
TABLE_CELL_PADDING_X_MM = 3 * 25.4 / 72  # indicator table: 3 pt left and right
TABLE_CELL_PADDING_Y_MM = 2 * 25.4 / 72  # and 2 pt top and bottom

# Indicator table: TT, name, unit, this period, previous period, change. The nominal widths;
# ``indicator_columns`` (used by both the PDF and the DOCX) widens a column whose content would
# not fit.
INDICATOR_COLUMNS_MM = (10.0, 62.0, 21.0, 22.0, 22.0, 28.0)
INDICATOR_NAME_MIN_MM = 45.0


def rule_under(text: str, column_mm: float, size: float = BODIES_PT) -> float:
    """Return the rule under the issuing body: 40 % of its first line, kept within 1/3–1/2."""
    width = min(text_width_mm(text, size, "bold"), column_mm)
    return round(max(width * 0.4, 15.0), 1)


def summary_rule(summary: str) -> float:
    """Return the rule under the summary line: a third of its (first) line, at least 25 mm."""
    width = min(text_width_mm(summary, TITLE_PT, "bold"), TEXT_WIDTH_MM)
    return round(max(width / 3, 25.0), 1)


def _longest_word_mm(texts: Iterable[str], size: float, style: str) -> float:
    return max(
        (text_width_mm(word, size, style) for text in texts for word in text.split()), default=0.0
    )


def indicator_columns(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> tuple[float, ...]:
    """Return the indicator table's column widths (mm), summing to the text width.

    Every column but the name (index 1) is at least as wide as its longest word (header in
    bold, cells regular, both TABLE_PT) plus the cell padding, so no number is ever broken;
    the name column takes what is left, at least INDICATOR_NAME_MIN_MM (the other columns
    shrink in proportion if they would leave less).
    """
    columns = list(zip(*rows, strict=False)) or [()] * len(headers)
    widths = list(INDICATOR_COLUMNS_MM) + [16.0] * (len(headers) - len(INDICATOR_COLUMNS_MM))
    for index, (header, cells) in enumerate(zip(headers, columns, strict=True)):
        if index == 1:
            continue
        need = max(
            _longest_word_mm([header], TABLE_PT, "bold"),
            _longest_word_mm(cells, TABLE_PT, "regular"),
        )
        need += 2 * TABLE_CELL_PADDING_X_MM + 0.5
        widths[index] = max(widths[index], math.ceil(need * 2) / 2)
    others = sum(widths) - widths[1]
    room = TEXT_WIDTH_MM - INDICATOR_NAME_MIN_MM
    if others > room:
        widths = [w * room / others for w in widths]
    widths[1] = TEXT_WIDTH_MM - (sum(widths) - widths[1])
    return tuple(round(w, 2) for w in widths)


@functools.cache
def single_line_em() -> float:
    """Return the font's single line pitch in em, as Word and LibreOffice space "single" lines.

    Times New Roman and Liberation Serif: (winAscent 1825 + winDescent 443 + lineGap 87) / 2048
    = 1.15 em, so the PDF's line-height of 1.15 em is, in a word processor's terms, single.
    """
    path = font_file("regular")
    if path is None:
        return 1.15
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fontTools has no types

    font = TTFont(str(path), lazy=True)
    os2, hhea = font["OS/2"], font["hhea"]
    return (os2.usWinAscent + os2.usWinDescent + hhea.lineGap) / font["head"].unitsPerEm


def docx_line_multiple() -> float:
    """Return the DOCX line spacing (multiple of single) that gives the PDF's line pitch."""
    return round(LINE_SPACING / single_line_em(), 3)
