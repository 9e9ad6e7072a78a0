"""Hostile files given to the parser: a zip bomb, a huge DOCX, a PDF without text, a wrong
encoding, random bytes. Each ends in a clear ParseError (or a result), never a crash.

The risky ones run ``baocao parse`` in a subprocess under a memory limit and a time limit, so a
parser that inflates a bomb fails this test instead of the machine.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baocao.parser.errors import ParseError
from baocao.parser.parse import parse_file, parse_text

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space for the parser process


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def parse_in_subprocess(path: Path, timeout: int = 60) -> dict:
    """Run ``baocao parse FILE`` with limits; return its JSON line."""
    done = subprocess.run(
        [sys.executable, "-m", "baocao.cli", "parse", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit,
        env={**os.environ},
        check=False,
    )
    assert done.returncode in (0, 1), f"parser crashed ({done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def minimal_docx(document_xml: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    content_types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="'
        b'application/vnd.openxmlformats-package.relationships+xml"/><Override '
        b'PartName="/word/document.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>"
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_zip_bomb_is_refused_without_exhausting_memory(tmp_path):
    # 300 MiB of spaces inside document.xml (well over the 50 MB file limit), ~300 KB zipped
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document " + W + b"><w:body><w:p><w:r><w:t>")
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    bomb = tmp_path / "bom.docx"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 1024 * 1024
    result = parse_in_subprocess(bomb)
    assert "error" in result and not result["error"].startswith("internal parser error")


def test_a_huge_file_is_refused_by_size(tmp_path):
    huge = tmp_path / "rat-lon.docx"
    with huge.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: 60 MB without writing them
    with pytest.raises(ParseError, match="over the limit"):
        parse_file(huge)


def test_a_huge_but_allowed_docx_is_parsed_or_refused_cleanly(tmp_path):
    paragraph = "<w:p><w:r><w:t>Sở Thông tin và Truyền thông tiếp tục triển khai.</w:t></w:r></w:p>"
    body = paragraph * 15000  # ~1.3 MB of XML, 15 000 paragraphs
    xml = f"<w:document {W.decode()}><w:body>{body}</w:body></w:document>".encode()
    path = tmp_path / "lon.docx"
    path.write_bytes(minimal_docx(xml))
    result = parse_in_subprocess(path, timeout=120)
    assert "error" not in result or not result["error"].startswith("internal parser error")


def test_a_pdf_without_text_says_so(tmp_path):
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    with pytest.raises(ParseError) as caught:
        parse_file(path)
    assert "text" in str(caught.value).lower()


def test_a_wrong_encoding_is_converted_or_refused(tmp_path):
    path = tmp_path / "sai-ma.txt"
    path.write_bytes(
        "BÁO CÁO Kết quả hoạt động tháng 01 năm 2022".encode("utf-16-le")[1:]
        + bytes(range(128, 256)) * 50
    )
    try:
        result = parse_file(path)
    except ParseError as exc:
        assert str(exc)
    else:
        assert isinstance(result.text, str)


def test_a_damaged_docx_is_reported_as_damaged(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(minimal_docx(b"<w:document " + W + b"><w:body><w:p>")[:-40])
    with pytest.raises(ParseError):
        parse_file(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=3000))
def test_fuzz_the_parser_with_any_text(text):
    with contextlib.suppress(ParseError):
        parse_text(text)


LINES = st.sampled_from(
    [
        "UBND TỈNH THÁI BÌNH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Số: 05/BC-STTTT",
        "BÁO CÁO",
        "Kết quả hoạt động tháng 01 năm 2022",
        "I. KẾT QUẢ",
        "1. Về Công nghệ thông tin",
        "- Tiếp nhận 773 tin, bài; 05 tài liệu, 492 trang.",
        "Quyết định số 37/2021/QĐ-TTg",
        "II. NHIỆM VỤ TRỌNG TÂM THÁNG TỚI",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "",
        "./.",
        "|  |  |",
        "Së Th«ng tin vµ TruyÒn th«ng",
        "12,5%",
        "1.074,9 nghìn con",
        "quý I/2022",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=60))
def test_fuzz_the_parser_with_report_like_lines(lines):
    with contextlib.suppress(ParseError):
        parse_text("\n".join(lines))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=4000),
    suffix=st.sampled_from([".txt", ".docx", ".pdf", ".html", ".doc", ".xyz"]),
)
def test_fuzz_parse_file_with_random_bytes(tmp_path, data, suffix):
    path = tmp_path / f"ngau-nhien{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(ParseError):
        parse_file(path)
