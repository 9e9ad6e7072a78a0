"""The sample report exported gives back every sentence and number of the original document."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from baocao.documents.services import render_report
from tests.conftest import sample_text
from tests.documents.conftest import docx_text, normalise, pdf_text


def sample_fragments() -> list[str]:
    """Return the sample's sentences, split on sentence ends (. ; :), lead-ins included."""
    parts = [
        piece
        for line in sample_text().splitlines()
        for piece in re.split(r"(?<=[.;:])\s+", normalise(line))
    ]
    out = []
    for part in parts:
        part = part.strip().removesuffix("./.").rstrip(".;: ")
        if part:
            out.append(part)
    return out


@pytest.fixture
def pdf_bytes(sample_report) -> bytes:
    return render_report(sample_report, "pdf").content


def test_pdf_of_the_sample_contains_every_sentence_of_the_original(pdf_bytes):
    text = normalise(pdf_text(pdf_bytes))
    missing = [f for f in sample_fragments() if f not in text]
    assert not missing, missing
    for header in (
        "UBND TỈNH THÁI BÌNH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Số: 05/BC-STTTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thái Bình, ngày 25 tháng 01 năm 2022",
        "BÁO CÁO",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Văn Hùng",
        "Nơi nhận:",
        "- UBND tỉnh;",
        "- Lưu: VT, VP.",
        "06/12/2021./.",
    ):
        assert header in text
    assert "DỰ THẢO" not in text


def test_docx_of_the_sample_contains_every_sentence_of_the_original(sample_report):
    text = normalise(docx_text(render_report(sample_report, "docx").content))
    missing = [f for f in sample_fragments() if f not in text]
    assert not missing, missing
    assert "773" in text and "492" in text


def test_pdf_embeds_its_fonts_and_its_text_keeps_vietnamese_diacritics(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    descriptors = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    descriptors.append(descriptor.get_object())
    assert descriptors
    assert all("/FontFile2" in d or "/FontFile3" in d for d in descriptors)
    assert any(
        "Serif" in str(d["/FontName"]) or "Times" in str(d["/FontName"]) for d in descriptors
    )
    text = normalise("".join(page.extract_text() for page in reader.pages))
    for word in (
        "Độc lập",
        "Hạnh phúc",
        "Ủy ban nhân dân tỉnh",
        "đồng bộ",
        "Nhâm Dần",
        "số hóa hồ sơ",
        "Quyết định số 37/2021/QĐ-TTg",
    ):
        assert word in text


def test_pdf_renders_to_images_with_page_numbers_from_page_two(pdf_bytes, tmp_path):
    (tmp_path / "r.pdf").write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) >= 2
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True
    ).stdout.decode()
    pages = out.split("\f")
    assert pages[0].strip().splitlines()[0].strip() != "1"
    assert pages[1].strip().splitlines()[0].strip() == "2"
    first = PdfReader(io.BytesIO(pdf_bytes)).pages[0].mediabox
    assert round(float(first.width) * 25.4 / 72) == 210
    assert round(float(first.height) * 25.4 / 72) == 297
