"""The measures of Decree 30/2020/NĐ-CP both renderers share: page, margins, columns, sizes."""

from __future__ import annotations

from baocao.documents.fonts import text_width_mm

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
LINE_SPACING = 1.15  # multiple of single spacing; Decree 30 allows 1 to 1.5
SIGNATURE_SPACE_MM = 28.0  # room for the handwritten signature and the seal


def rule_under(text: str, column_mm: float, size: float = BODIES_PT) -> float:
    """Return the rule under the issuing body: 40 % of its first line, kept within 1/3–1/2."""
    width = min(text_width_mm(text, size, "bold"), column_mm)
    return round(max(width * 0.4, 15.0), 1)


def summary_rule(summary: str) -> float:
    """Return the rule under the summary line: a third of its (first) line, at least 25 mm."""
    width = min(text_width_mm(summary, TITLE_PT, "bold"), TEXT_WIDTH_MM)
    return round(max(width / 3, 25.0), 1)
