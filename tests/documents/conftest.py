"""Fixtures and helpers of the documents tests: the demo report, text extraction of DOCX/PDF."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import pytest
from docx import Document

from baocao.reports.models import Report
from baocao.reports.services import approve_report, submit_report


def normalise(text: str) -> str:
    """Return ``text`` in NFC with every run of whitespace as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(data: bytes) -> str:
    """Return the text of a PDF (pdftotext), without the page numbers of the top margin."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = []
    for number, page in enumerate(out.split("\f"), start=1):
        lines = [line for line in page.splitlines() if line.strip() != str(number)]
        pages.append("\n".join(lines))
    return "\n".join(pages)


def pdf_pages(data: bytes) -> list[str]:
    """Return the text of each page of a PDF."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [page for page in out.split("\f") if page.strip()]


def docx_open(data: bytes):  # type: ignore[no-untyped-def]
    """Return the python-docx Document of ``data``."""
    return Document(io.BytesIO(data))


def docx_paragraphs(doc) -> list:  # type: ignore[no-untyped-def]
    """Return every paragraph of the body, table cells included, in order."""
    body = doc.element.body
    out = []
    from docx.text.paragraph import Paragraph

    for element in body.iter():
        if element.tag.endswith("}p"):
            out.append(Paragraph(element, doc))
    return out


def docx_text(data: bytes) -> str:
    """Return the whole text of a DOCX, one paragraph a line."""
    return "\n".join(p.text for p in docx_paragraphs(docx_open(data)))


def find_paragraph(doc, text: str):  # type: ignore[no-untyped-def]
    """Return the first paragraph whose text starts with ``text``."""
    for par in docx_paragraphs(doc):
        if par.text.startswith(text):
            return par
    raise AssertionError(f"no paragraph starts with {text!r}")


@pytest.fixture
def demo(db) -> dict:
    """Load the demo province and its approved sample report (Số: 05/BC-STTTT)."""
    from baocao.demo.load import load_demo

    return load_demo()


@pytest.fixture
def sample_report(demo) -> Report:
    """Return the demo's approved January 2022 report."""
    return demo["report"]


@pytest.fixture
def approved(draft, reporter, approver) -> Report:
    """Return the personas' draft, submitted and approved."""
    submit_report(draft, by=reporter)
    approve_report(draft, by=approver)
    return Report.objects.get(pk=draft.pk)
