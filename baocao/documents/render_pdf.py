"""Render an OfficialDocument as PDF: escaped HTML + print CSS laid out by WeasyPrint.

Every text goes through ``html.escape``; no markup from the model is ever trusted. The fonts
are pinned to the files of ``baocao.documents.fonts`` and embedded (subset) by WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from baocao.documents import layout as L
from baocao.documents.fonts import FAMILY, font_file
from baocao.documents.model import DRAFT_MARK, Heading, IndicatorTable, OfficialDocument, Paragraph

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF user space is in pt (1/72 in)


@dataclass(frozen=True)
class SignatureAnchor:
    """Where the signature space lies: page index and rectangle in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[float, float, float, float]


def e(text: str) -> str:
    """Return ``text`` escaped for HTML text and attribute values."""
    return escape(text, quote=True)


def _font_faces() -> str:
    faces = []
    for style, weight, slant in (
        ("regular", 400, "normal"),
        ("bold", 700, "normal"),
        ("italic", 400, "italic"),
        ("bolditalic", 700, "italic"),
    ):
        path = font_file(style)
        if path:
            faces.append(
                f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); '
                f"font-weight: {weight}; font-style: {slant}; }}"
            )
    return "\n".join(faces)


def stylesheet(draft: bool) -> str:
    """Return the print CSS of the Decree 30 layout."""
    draft_css = ""
    if draft:
        draft_css = (
            ".draft-mark { position: absolute; top: -12mm; right: 0; border: 1pt solid "
            "#000; padding: 1pt 6pt; font-weight: bold; font-size: 13pt; }"
        )
    return f"""{_font_faces()}
@page {{
  size: A4;
  margin: {L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm;
  @top-center {{ content: counter(page); font-family: "{FAMILY}"; font-size: {L.PAGE_NUMBER_PT}pt;
                 vertical-align: middle; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: "{FAMILY}", serif; font-size: {L.BODY_PT}pt; color: #000; }}
body {{ margin: 0; position: relative; }}
p {{ margin: 0; }}
.head {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
.head td {{ vertical-align: top; text-align: center; padding: 0; }}
.head .left {{ width: {L.LEFT_COLUMN_MM}mm; }}
.governing {{ font-size: {L.BODIES_PT}pt; }}
.issuing {{ font-size: {L.BODIES_PT}pt; font-weight: bold; }}
.motto {{ font-size: {L.MOTTO_PT}pt; font-weight: bold; white-space: nowrap; }}
.slogan {{ font-size: {L.SLOGAN_PT}pt; font-weight: bold; }}
.rule {{ border-top: 0.6pt solid #000; margin: 1pt auto 0 auto; height: 0; }}
.summary-rule {{ margin-top: 4pt; margin-bottom: 6pt; }}
.number {{ font-size: {L.NUMBER_PT}pt; margin-top: 6pt; white-space: pre; }}
.date {{ font-size: {L.DATE_PT}pt; font-style: italic; margin-top: 6pt; white-space: pre-wrap; }}
.doc-type {{ text-align: center; font-weight: bold; font-size: {L.TITLE_PT}pt; margin-top: 18pt; }}
.summary {{ text-align: center; font-weight: bold; font-size: {L.TITLE_PT}pt; }}
.body p, .body h2, .body h3, .body h4 {{
  text-align: justify; text-indent: {L.FIRST_LINE_INDENT_MM}mm;
  margin: {L.PARAGRAPH_SPACING_PT}pt 0 0 0;
  line-height: {L.LINE_SPACING}; font-size: {L.BODY_PT}pt; overflow-wrap: anywhere;
}}
.body h2, .body h3 {{ font-weight: bold; break-after: avoid; }}
.body h4 {{ font-weight: bold; font-style: italic; break-after: avoid; }}
.body .caption {{ text-align: right; text-indent: 0; font-style: italic;
  font-size: {L.TABLE_PT}pt; }}
table.numbers {{ width: 100%; border-collapse: collapse; font-size: {L.TABLE_PT}pt;
  margin-top: 3pt; }}
table.numbers th, table.numbers td {{ border: 0.6pt solid #000; padding: 2pt 3pt;
  vertical-align: top; overflow-wrap: anywhere; }}
table.numbers th {{ font-weight: bold; text-align: center; }}
table.numbers tr {{ break-inside: avoid; }}
table.numbers td.c {{ text-align: center; }}
table.numbers td.r {{ text-align: right; }}
.closing {{ width: 100%; border-collapse: collapse; margin-top: 12pt; break-inside: avoid; }}
.closing td {{ vertical-align: top; padding: 0; }}
.closing .left {{ width: {L.CLOSING_LEFT_MM}mm; }}
.recipients-label {{ font-size: {L.RECIPIENTS_LABEL_PT}pt; font-weight: bold; font-style: italic; }}
.recipient {{ font-size: {L.RECIPIENTS_PT}pt; }}
.sign {{ text-align: center; font-size: {L.SIGNATURE_PT}pt; font-weight: bold; }}
#sig-space {{ height: {L.SIGNATURE_SPACE_MM}mm; }}
{draft_css}
"""


def _table(block: IndicatorTable) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in block.headers)
    values = [r.cells(block.wide) for r in block.rows]
    rows = "".join(
        f'<tr><td class="c">{e(cells[0])}</td><td>{e(cells[1])}</td>'
        f'<td class="c">{e(cells[2])}</td>'
        + "".join(f'<td class="r">{e(cell)}</td>' for cell in cells[3:])
        + "</tr>"
        for cells in values
    )
    caption = f'<p class="caption">{e(block.caption)}</p>' if block.caption else ""
    widths = "".join(
        f'<col style="width:{w}mm">' for w in L.indicator_columns(block.headers, values)
    )
    return (
        f'{caption}<table class="numbers"><colgroup>{widths}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _body(model: OfficialDocument) -> str:
    parts = []
    for block in model.body:
        if isinstance(block, Heading):
            tag = {1: "h2", 2: "h3"}.get(block.level, "h4")
            parts.append(f"<{tag}>{e(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            lead = f"<strong>{e(block.lead)}</strong> " if block.lead else ""
            parts.append(f"<p>{lead}{e(block.text)}</p>")
        elif isinstance(block, IndicatorTable):
            parts.append(_table(block))
    return "\n".join(parts)


def to_html(model: OfficialDocument) -> str:
    """Return the complete, escaped HTML of ``model``."""
    h, sig = model.header, model.signature
    governing = f'<p class="governing">{e(h.governing_body)}</p>' if h.governing_body else ""
    mark = f'<div class="draft-mark">{e(DRAFT_MARK)}</div>' if model.is_draft else ""
    recipients = "".join(f'<p class="recipient">{e(r)}</p>' for r in model.recipients)
    authority = f'<p class="sign">{e(sig.authority)}</p>' if sig.authority else ""
    title = f'<p class="sign">{e(sig.title)}</p>' if sig.title else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(model.metadata.get("title", ""))}</title>
<meta name="author" content="{e(model.metadata.get("author", ""))}">
<style>{stylesheet(model.is_draft)}</style></head>
<body>{mark}
<table class="head"><tr>
<td class="left">{governing}<p class="issuing">{e(h.issuing_body)}</p>
<div class="rule" style="width:{h.issuing_rule_mm}mm"></div>
<p class="number">{e(h.number_line)}</p></td>
<td class="right"><p class="motto">{e(h.motto)}</p><p class="slogan">{e(h.slogan)}</p>
<div class="rule" style="width:{h.slogan_rule_mm}mm"></div>
<p class="date">{e(h.place_date_line)}</p></td>
</tr></table>
<p class="doc-type">{e(model.doc_type)}</p>
<p class="summary">{e(model.summary)}</p>
<div class="rule summary-rule" style="width:{model.summary_rule_mm}mm"></div>
<div class="body">
{_body(model)}
</div>
<table class="closing"><tr>
<td class="left"><p class="recipients-label">Nơi nhận:</p>{recipients}</td>
<td class="right">{authority}{title}<div id="sig-space"></div><p class="sign">{e(sig.name)}</p></td>
</tr></table>
</body></html>"""


def _find_anchor(document: Any) -> SignatureAnchor | None:
    """Return where WeasyPrint placed the signature space, in PDF coordinates."""
    for index in range(len(document.pages) - 1, -1, -1):
        page = document.pages[index]
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == "sig-space":
                x, y = box.border_box_x(), box.border_box_y()
                w, h = box.border_width(), box.border_height()
                height_pt = page.height * PX_TO_PT
                return SignatureAnchor(
                    index,
                    (
                        x * PX_TO_PT,
                        height_pt - (y + h) * PX_TO_PT,
                        (x + w) * PX_TO_PT,
                        height_pt - y * PX_TO_PT,
                    ),
                )
    return None


def fonts_only_fetcher() -> Any:
    """Return a URL fetcher that fetches only the pinned font files (no file or network access)."""
    from weasyprint.urls import URLFetcher

    allowed = {
        path.as_uri()
        for style in ("regular", "bold", "italic", "bolditalic")
        if (path := font_file(style))
    }

    class FontsOnlyFetcher(URLFetcher):
        """Refuse every URL but the document font files."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"refused URL in an official document: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnlyFetcher(allowed_protocols=("file",))


def render_pdf_with_anchor(model: OfficialDocument) -> tuple[bytes, SignatureAnchor | None]:
    """Return the PDF bytes of ``model`` and where its signature space lies."""
    from weasyprint import HTML

    document = HTML(string=to_html(model), base_url=None, url_fetcher=fonts_only_fetcher()).render()
    return document.write_pdf(), _find_anchor(document)


def render_pdf(model: OfficialDocument) -> bytes:
    """Return the PDF bytes of ``model``."""
    return render_pdf_with_anchor(model)[0]
