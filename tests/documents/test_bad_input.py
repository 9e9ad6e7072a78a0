"""Bad input still lays out: long items, 200 indicators, missing fields, HTML and control chars."""

from __future__ import annotations

import io
import os
from pathlib import Path

from pypdf import PdfReader

from baocao.catalog.models import Indicator
from baocao.documents.build import build_document
from baocao.documents.model import NO_GOVERNING, NO_SIGNER, clean, recipient_lines
from baocao.documents.render_docx import render_docx
from baocao.documents.render_pdf import render_pdf, to_html
from baocao.reports.models import Report
from baocao.reports.services import ItemInput, save_draft
from tests.documents.conftest import docx_open, docx_text, normalise, pdf_pages, pdf_text

NASTY = (
    '<script>alert("x")</script><img src="file:///etc/passwd"> & <b>đậm</b>'
    "\x00\x07\x1b[31m\u202eđảo chiều\u200b"
)


def _rewrite(report: Report, by, texts: list[str]) -> Report:  # type: ignore[no-untyped-def]
    section = report.template.sections.order_by("order").first()
    save_draft(
        report,
        by=by,
        expected_version=report.version,
        items=[ItemInput(text=t, section_id=section.pk) for t in texts],
    )
    return Report.objects.get(pk=report.pk)


def test_clean_drops_control_characters_and_keeps_nfc():
    assert clean("a\x00b\x1bc\u202ed\u200b e\u0301") == "abcd é"
    assert clean(" x \n y ") == "x y"
    assert recipient_lines("- UBND tỉnh;\n\nSở Nội vụ") == (
        "- UBND tỉnh;",
        "- Sở Nội vụ;",
        "- Lưu: VT.",
    )


def test_html_and_control_characters_print_as_text_and_inject_nothing(draft, reporter):
    report = _rewrite(draft, reporter, [NASTY])
    html = to_html(build_document(report))
    assert "<script>" not in html and "<img" not in html and "<b>đậm" not in html
    assert "&lt;script&gt;" in html
    text = normalise(pdf_text(render_pdf(build_document(report))))
    assert '<script>alert("x")</script>' in text
    for piece in ("<img", 'src="file:///etc/passwd">', "<b>đậm</", "đảo chiều"):
        assert piece in text
    assert "\x1b" not in text and "\x00" not in text
    docx = docx_text(render_docx(build_document(report)))
    assert "<script>" in docx and "\x07" not in docx


def test_a_draft_shows_placeholders_for_a_missing_signer_and_governing_body(draft, unit):
    unit.governing_body = ""
    unit.save()
    parentless = Report.objects.select_related("unit").get(pk=draft.pk)
    parentless.unit.parent = None
    model = build_document(parentless)
    assert model.is_draft
    assert model.signature.name == NO_SIGNER
    assert model.header.governing_body == NO_GOVERNING
    assert "/BC-STTTT" in model.header.number_line and "05" not in model.header.number_line
    text = normalise(pdf_text(render_pdf(model)))
    assert NO_SIGNER in text and NO_GOVERNING in text and "DỰ THẢO" in text
    docx = render_docx(model)
    assert NO_SIGNER in docx_text(docx)
    first_page_header = docx_open(docx).sections[0].first_page_header
    assert [p.text.strip() for p in first_page_header.paragraphs] == ["DỰ THẢO"]


def test_very_long_items_and_200_indicators_split_across_pages(draft, reporter, template):
    unbroken = "Nội dung rất dài không có dấu cách " + "x" * 4900
    report = _rewrite(draft, reporter, [unbroken] + ["Mục rất dài nhiều câu. " * 210] * 3)
    Indicator.objects.bulk_create(
        Indicator(
            template=template,
            code=f"CT{i:03d}",
            name=f"Chỉ tiêu thử số {i} <i>&</i>",
            unit="lần",
            order=10 + i,
        )
        for i in range(200)
    )
    model = build_document(report)
    pdf = render_pdf(model)
    if os.environ.get("BAOCAO_DOCS_OUT"):
        Path(os.environ["BAOCAO_DOCS_OUT"]).write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert len(pages) >= 8
    with_header = [p for p in pages if "Kỳ trước" in p and "Chỉ tiêu" in p]
    assert len(with_header) >= 4, "the table header row repeats on every page of the table"
    assert "Chỉ tiêu thử số 199 <i>&</i>" in normalise(pdf_text(pdf))
    docx = render_docx(model)
    assert "Chỉ tiêu thử số 199" in docx_text(docx)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(pages)
