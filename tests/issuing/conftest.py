"""Fixtures of issuing and sending: an approved report, the same report issued, a fast PDF.

The clerks who issue and receive (``clerk``, ``province_clerk``) are personas of tests/conftest.py.
"""

from __future__ import annotations

import io

import pytest

from baocao.issuing.services import issue_report
from baocao.reports.services import approve_report, submit_report
from tests.conftest import reload


def small_pdf() -> bytes:
    """Return a blank one-page A4 PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def fast_pdf(monkeypatch):
    """Render a one-page PDF instead of the full document (the rendering is tested elsewhere)."""
    from baocao.documents.services import ExportedFile

    content = small_pdf()
    monkeypatch.setattr(
        "baocao.issuing.package.render_report",
        lambda report, fmt: ExportedFile(content, "x.pdf", "application/pdf"),
    )
    return content


@pytest.fixture
def approved(draft, reporter, approver):
    """Return the January 2022 draft, submitted and approved."""
    submit_report(reload(draft), by=reporter)
    return approve_report(reload(draft), by=approver)


@pytest.fixture
def issued(approved, clerk):
    """Return the approved report, issued by the Sở TT&TT's clerk (number 01/BC-STTTT)."""
    return issue_report(approved.pk, by=clerk)
