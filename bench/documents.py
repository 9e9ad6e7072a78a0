"""Time the DOCX and PDF of one report and of a 30-unit consolidated report (figures only).

Run: .venv/bin/python bench/documents.py — builds the intermediate model directly (no database),
so the figures measure the renderers: targets one report's DOCX < 0.3 s, PDF < 1.5 s.
With ``--libreoffice`` it also renders each DOCX with LibreOffice headless (a private profile
in a temporary folder) and prints its page count beside the PDF's, and the conversion time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "documents" / "stttt-thai-binh-2022-01.txt"


def _document(units: int, items_per_unit: int, indicators: int) -> OfficialDocument:
    sentences = [s for s in SAMPLE.read_text(encoding="utf-8").replace("\n", " ").split(". ") if s][
        :items_per_unit
    ]
    body: list = [Heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 01/2022")]
    for section in range(1, 4):
        body.append(Heading(f"{section}. Lĩnh vực thứ {section}", level=2))
        for unit in range(units):
            if units > 1:
                body.append(Heading(f"Đơn vị báo cáo số {unit + 1}", level=3))
            body.extend(Paragraph(f"{s}.") for s in sentences)
    body.append(Heading("II. MỘT SỐ CHỈ TIÊU CHỦ YẾU"))
    body.append(
        IndicatorTable(
            rows=tuple(
                TableRow(
                    str(i), f"Chỉ tiêu số {i}", "lần", f"{i * 7:,}".replace(",", "."), "1", "+1"
                )
                for i in range(1, indicators + 1)
            )
        )
    )
    body.append(Paragraph(end_with_closing("Nhiệm vụ cuối cùng")))
    return OfficialDocument(
        header=Header(
            "UBND TỈNH THÁI BÌNH",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Số: 05/BC-STTTT",
            "Thái Bình, ngày 25 tháng 01 năm 2022",
        ),
        doc_type="BÁO CÁO",
        summary="Kết quả hoạt động tháng 01 năm 2022",
        body=tuple(body),
        signature=Signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Hùng"),
        recipients=recipient_lines("UBND tỉnh;\nLưu: VT, VP."),
    )


def _time(label: str, func, model: OfficialDocument, repeat: int) -> None:  # type: ignore[no-untyped-def]
    func(model)  # warm up: fonts, imports
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(func(model))
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best:7.3f} s  {size / 1024:8.1f} KiB")


def _pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    line = next(x for x in out.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _libreoffice(label: str, model: OfficialDocument) -> None:
    """Print the page counts of the DOCX as LibreOffice renders it and of baocao's PDF."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print(f"{label:<44} LibreOffice (soffice) not installed")
        return
    with tempfile.TemporaryDirectory(prefix="baocao-lo-") as folder:
        docx = Path(folder) / "document.docx"
        docx.write_bytes(render_docx(model))
        start = time.perf_counter()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(docx),
            ],
            capture_output=True,
            check=True,
            timeout=600,
        )
        elapsed = time.perf_counter() - start
        converted = (Path(folder) / "document.pdf").read_bytes()
    print(
        f"{label:<44} LibreOffice {_pages(converted):3} pages ({elapsed:5.1f} s)   "
        f"PDF {_pages(render_pdf(model)):3} pages"
    )


def main() -> None:
    """Print the timings (and, with --libreoffice, the page counts)."""
    one = _document(units=1, items_per_unit=8, indicators=9)
    many = _document(units=30, items_per_unit=6, indicators=200)
    _time("one report, DOCX (target < 0.3 s)", render_docx, one, 5)
    _time("one report, PDF (target < 1.5 s)", render_pdf, one, 3)
    _time("30-unit consolidated, 200 indicators, DOCX", render_docx, many, 1)
    _time("30-unit consolidated, 200 indicators, PDF", render_pdf, many, 1)
    if "--libreoffice" in sys.argv[1:]:
        _libreoffice("one report", one)
        _libreoffice("30-unit consolidated, 200 indicators", many)


if __name__ == "__main__":
    main()
