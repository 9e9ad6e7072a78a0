"""The DOCX holds the Decree 30 layout when LibreOffice renders it (issue 12, point 6).

LibreOffice (``soffice --headless --convert-to pdf``, a private profile per run so parallel runs
never share one) turns the DOCX into a PDF; its text (pdftotext) must show the motto on one line,
"Số" and the date on one line, as many pages as the PDF baocao renders itself (WeasyPrint), and
the signature block and "Nơi nhận" on one page however the body falls. Without soffice the tests
are skipped, unless BAOCAO_REQUIRE_BROWSER is set (CI), where a missing soffice is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from baocao.documents.build import build_document
from baocao.documents.model import (
    Header,
    Heading,
    IndicatorTable,
    OfficialDocument,
    Paragraph,
    Signature,
    TableRow,
    end_with_closing,
    recipient_lines,
)
from baocao.documents.render_docx import render_docx
from baocao.documents.render_pdf import render_pdf
from tests.conftest import sample_text
from tests.documents.conftest import pdf_pages

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("BAOCAO_REQUIRE_BROWSER"):
            pytest.fail(
                "LibreOffice (soffice) is required (BAOCAO_REQUIRE_BROWSER is set) "
                "but not installed; scripts/setup-system.sh installs it"
            )
        pytest.skip(
            "LibreOffice (soffice) is not installed; scripts/setup-system.sh installs "
            "libreoffice-writer-nogui"
        )
    return path


def libreoffice_pdfs(tmp_path: Path, docx: dict[str, bytes]) -> dict[str, bytes]:
    """Return each DOCX of ``docx`` (name → bytes) rendered to PDF by LibreOffice, in one run."""
    soffice = _soffice()
    folder = tmp_path / "libreoffice"
    folder.mkdir()
    for name, data in docx.items():
        (folder / f"{name}.docx").write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()  # private: parallel runs never share a profile
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(folder / f"{name}.docx") for name in docx),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = {}
    for name in docx:
        pdf = folder / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {name}: {run.stdout} {run.stderr}"
        out[name] = pdf.read_bytes()
    return out


def layout_text(pdf: bytes, page: int = 1) -> list[str]:
    """Return the lines of one page as pdftotext -layout places them."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return text.splitlines()


def test_libreoffice_renders_the_sample_in_the_pdf_s_layout(sample_report, tmp_path):
    model = build_document(sample_report)
    assert model.header.number_line == "Số: 05/BC-STTTT"
    converted = libreoffice_pdfs(tmp_path, {"sample": render_docx(model)})["sample"]
    lines = layout_text(converted)
    assert any(MOTTO in line for line in lines), "\n".join(lines[:8])
    assert any("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in line for line in lines)
    assert any(
        "Số: 05/BC-STTTT" in line and "Thái Bình, ngày 25 tháng 01 năm 2022" in line
        for line in lines
    ), "\n".join(lines[:8])
    # As many pages as the PDF baocao renders itself (3), not one more.
    assert len(pdf_pages(converted)) == len(pdf_pages(render_pdf(model))) == 3
    last = pdf_pages(converted)[-1]
    for text in ("Nơi nhận:", "- Lưu: VT, VP.", "KT. GIÁM ĐỐC", "Trần Văn Hùng"):
        assert text in last, text


def consolidated(extra: int) -> OfficialDocument:
    """Return a consolidated-style report (units' items, 40 indicators, 7 recipients) whose
    body ends with ``extra`` one-line tasks, so the closing lands at a different height."""
    sentences = [s for s in sample_text().replace("\n", " ").split(". ") if s][:4]
    body: list = [Heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 01/2022")]
    for section in (1, 2):
        body.append(Heading(f"{section}. Lĩnh vực thứ {section}", level=2))
        for unit in range(1, 4):
            body.append(Heading(f"Đơn vị báo cáo số {unit}", level=3))
            body.extend(Paragraph(f"{s}.") for s in sentences)
    body.append(Heading("II. MỘT SỐ CHỈ TIÊU CHỦ YẾU"))
    body.append(
        IndicatorTable(
            rows=tuple(
                TableRow(
                    str(i),
                    f"Chỉ tiêu tổng hợp số {i} của các đơn vị",
                    "lần",
                    f"{i * 7:,}".replace(",", "."),
                    "1",
                    "+1",
                )
                for i in range(1, 41)
            )
        )
    )
    body.append(Heading("III. NHIỆM VỤ TRỌNG TÂM THÁNG 02/2022"))
    body.extend(
        Paragraph(f"- Nhiệm vụ số {i} của kỳ tới, triển khai theo kế hoạch;")
        for i in range(1, extra + 1)
    )
    body.append(Paragraph(end_with_closing("- Nhiệm vụ cuối cùng")))
    return OfficialDocument(
        header=Header(
            "UBND TỈNH THÁI BÌNH",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số: 05/BC-STTTT",
            "Thái Bình, ngày 25 tháng 01 năm 2022",
        ),
        doc_type="BÁO CÁO",
        summary="Tổng hợp kết quả hoạt động tháng 01 năm 2022",
        body=tuple(body),
        signature=Signature("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Hùng"),
        recipients=recipient_lines(
            "Bộ Thông tin và Truyền thông;\nThường trực Tỉnh ủy;\nThường trực HĐND tỉnh;\n"
            "Chủ tịch, các PCT UBND tỉnh;\nCác sở, ban, ngành;\nUBND các huyện, thành phố;\n"
            "Lưu: VT, VP."
        ),
    )


def test_signature_block_and_recipients_never_split_across_pages(tmp_path):
    # Four more one-line tasks (~35 mm) a step; nine steps move the closing through more than
    # a page (257 mm of text), so in some variant it reaches the foot of a page.
    extras = range(0, 36, 4)
    converted = libreoffice_pdfs(
        tmp_path, {f"extra-{n}": render_docx(consolidated(n)) for n in extras}
    )
    page_counts = []
    for name, pdf in converted.items():
        pages = pdf_pages(pdf)
        page_counts.append(len(pages))
        lines = layout_text(pdf)
        assert any(
            "Số: 05/BC-STTTT" in line and "ngày 25 tháng 01 năm 2022" in line for line in lines
        ), name
        assert any(MOTTO in line for line in lines), name
        where = {
            text: [i for i, page in enumerate(pages) if text in page]
            for text in (
                "Nơi nhận:",
                "- Thường trực Tỉnh ủy;",
                "- Lưu: VT, VP.",
                "KT. CHỦ TỊCH",
                "PHÓ CHỦ TỊCH",
                "Trần Văn Hùng",
            )
        }
        assert all(found == [len(pages) - 1] for found in where.values()), (name, where)
    # The variants did cross a page end: the closing moved to a new page, whole.
    assert len(set(page_counts)) > 1, page_counts
