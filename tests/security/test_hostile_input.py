"""Hostile text: HTML and script in every text field stays inert in pages, DOCX and PDF;
SQL-like strings are stored verbatim; over-long input is refused with a message."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from baocao.core.errors import Invalid
from baocao.documents.services import render_report
from baocao.reports.models import Report
from baocao.reports.services import ItemInput, return_report, save_draft, submit_report
from baocao.reports.services.validation import MAX_ITEM_CHARS, MAX_TITLE_CHARS
from tests.conftest import PASSWORD, reload

pytestmark = pytest.mark.django_db

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE reports_report; -- \" OR 1=1 /* Robert'); */"


def hostile_fill(report: Report, by, template, text: str) -> Report:
    """Put ``text`` into the title, intro, an item of each section, a text value and a note."""
    items = [
        ItemInput(text=f"{text} #{section.code}", section_id=section.pk)
        for section in template.sections.all()
    ]
    save_draft(
        report,
        by=by,
        expected_version=report.version,
        title=f"Báo cáo {text}",
        intro=f"Mở đầu {text}",
        items=items,
        values={template.indicators.get(code="BAO_CHI").pk: ("12", f"ghi chú {text}")},
    )
    return reload(report)


@pytest.fixture
def hostile(draft, reporter, approver, template):
    report = hostile_fill(draft, reporter, template, XSS)
    submit_report(report, by=reporter)
    return_report(report, by=approver, comment=f"Ý kiến {XSS}")
    report = reload(report)
    submit_report(report, by=reporter)  # a second version, so the diff page has content
    return reload(report)


def assert_inert(html: str) -> None:
    assert '<script>alert("xss")' not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html


@pytest.mark.parametrize("name", ["report-detail", "report-history", "report-diff"])
def test_script_in_every_field_is_escaped_in_report_pages(client, hostile, reporter, name):
    client.login(username=reporter.username, password=PASSWORD)
    response = client.get(reverse(name, args=[hostile.pk]), {"tu": 1, "den": 2})
    assert response.status_code == 200
    assert_inert(response.content.decode())


def test_script_is_escaped_in_the_editor_and_lists(
    client, draft, reporter, approver, template, viewer
):
    report = hostile_fill(draft, reporter, template, XSS)
    client.login(username=reporter.username, password=PASSWORD)
    for url in (reverse("report-edit", args=[report.pk]), reverse("report-list")):
        assert_inert(client.get(url).content.decode())
    submit_report(report, by=reporter)
    client.login(username=approver.username, password=PASSWORD)
    assert_inert(client.get(reverse("approval-queue")).content.decode())
    assert_inert(client.get(reverse("report-approve", args=[report.pk])).content.decode())
    client.login(username=viewer.username, password=PASSWORD)
    assert_inert(client.get(reverse("report-detail", args=[report.pk])).content.decode())


def test_sql_like_strings_are_stored_verbatim(client, draft, reporter, template):
    report = hostile_fill(draft, reporter, template, SQL)
    assert report.title == f"Báo cáo {SQL}"
    assert report.intro == f"Mở đầu {SQL}"
    texts = sorted(report.items.values_list("text", flat=True))
    assert texts[0].startswith(SQL)
    assert report.values.get().note == f"ghi chú {SQL}"
    assert Report.objects.count() == 1
    client.login(username=reporter.username, password=PASSWORD)
    assert client.get(reverse("report-list"), {"q": SQL}).status_code == 200


def test_over_long_fields_are_refused_with_a_message(client, draft, reporter, approver, template):
    with pytest.raises(Invalid) as caught:
        save_draft(
            draft, by=reporter, expected_version=draft.version, title="x" * (MAX_TITLE_CHARS + 1)
        )
    assert "Trích yếu quá dài" in caught.value.details["title"]
    client.login(username=reporter.username, password=PASSWORD)
    section = template.sections.get(code="CNTT")
    response = client.post(
        reverse("report-edit", args=[draft.pk]),
        {
            "version": draft.version,
            "title": draft.title,
            "row": ["a"],
            "row-a-section": section.pk,
            "row-a-text": "y" * (MAX_ITEM_CHARS + 1),
        },
    )
    assert response.status_code == 422
    assert "Nội dung quá dài" in response.content.decode()
    assert not reload(draft).items.filter(text__startswith="yyyy").exists()
    submit_report(reload(draft), by=reporter)
    client.login(username=approver.username, password=PASSWORD)
    refused = client.post(reverse("report-return", args=[draft.pk]), {"comment": "z" * 4001})
    assert refused.status_code == 422
    assert "Ý kiến quá dài" in refused.content.decode()


def test_script_is_plain_text_in_docx(draft, reporter, template):
    report = hostile_fill(draft, reporter, template, XSS)
    exported = render_report(report, "docx")
    document = Document(io.BytesIO(exported.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert XSS in text  # shown literally, as typed
    xml = zipfile.ZipFile(io.BytesIO(exported.content)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler's pdftotext is not installed: run `make system`"
)
def test_script_is_plain_text_in_pdf(draft, reporter, template, tmp_path):
    report = hostile_fill(draft, reporter, template, XSS)
    pdf = tmp_path / "bc.pdf"
    pdf.write_bytes(render_report(report, "pdf").content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<script>alert(" in " ".join(text.split())  # rendered as text, not swallowed as HTML
