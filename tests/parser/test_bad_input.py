"""Files the parser cannot read give a ParseError that names the file and the reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfWriter

from baocao.parser import ParseError, parse_file
from baocao.parser.errors import (
    BinaryFileError,
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    FileMissingError,
    FileTooLargeError,
    NoTextLayerError,
    UndecodableTextError,
)
from baocao.parser.loaders import CFB_SIGNATURE


def _raises(path: Path, error: type[ParseError], words: str, **kwargs: int) -> ParseError:
    with pytest.raises(error) as info:
        parse_file(path, **kwargs)
    message = str(info.value)
    assert str(path) in message
    assert words in message
    assert isinstance(info.value, ParseError)
    return info.value


def test_an_empty_file_is_refused(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _raises(path, EmptyFileError, "empty")


def test_a_file_of_blank_lines_is_refused_as_empty(tmp_path: Path):
    path = tmp_path / "blank.txt"
    path.write_text("\n  \n\t\n", encoding="utf-8")
    _raises(path, EmptyFileError, "no text")


def test_a_missing_file_is_refused(tmp_path: Path):
    _raises(tmp_path / "nowhere.txt", FileMissingError, "no such file")


def test_a_binary_file_renamed_txt_is_refused(tmp_path: Path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _raises(path, BinaryFileError, "PNG image")


def test_random_bytes_with_nul_renamed_txt_are_refused_as_binary(tmp_path: Path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes([0, 1, 2, 0, 0, 0, 255, 7, 0, 13, 0, 0, 200, 0, 0, 9]) * 64)
    _raises(path, BinaryFileError, "binary")


def test_a_docx_renamed_txt_is_refused_as_binary(tmp_path: Path):
    path = tmp_path / "report.txt"
    buffer = io.BytesIO()
    Document().save(buffer)
    path.write_bytes(buffer.getvalue())
    _raises(path, BinaryFileError, "ZIP")


def test_a_corrupt_docx_is_refused(tmp_path: Path):
    path = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    path.write_bytes(buffer.getvalue())
    _raises(path, CorruptDocumentError, "damaged")


def test_a_truncated_docx_is_refused(tmp_path: Path):
    buffer = io.BytesIO()
    Document().save(buffer)
    path = tmp_path / "cut.docx"
    path.write_bytes(buffer.getvalue()[:300])
    _raises(path, CorruptDocumentError, "damaged")


def test_a_password_protected_docx_is_reported_as_encrypted(tmp_path: Path):
    # An encrypted DOCX is an OLE (CFB) container holding EncryptionInfo and EncryptedPackage.
    path = tmp_path / "secret.docx"
    directory = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(CFB_SIGNATURE + b"\x00" * 504 + directory + b"\x00" * 1024)
    _raises(path, EncryptedDocumentError, "password-protected")


def test_a_damaged_ole_container_named_docx_is_refused_as_damaged(tmp_path: Path):
    path = tmp_path / "old.docx"
    path.write_bytes(CFB_SIGNATURE + b"\x00" * 2048)
    _raises(path, CorruptDocumentError, "damaged")


def test_a_pdf_without_a_text_layer_is_refused(tmp_path: Path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _raises(path, NoTextLayerError, "no text layer")


def test_a_corrupt_pdf_is_refused(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n this is not a pdf at all")
    _raises(path, CorruptDocumentError, "PDF")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("Báo cáo tháng 01 năm 2022\n" * 100, encoding="utf-8")
    error = _raises(path, FileTooLargeError, "over the limit", max_bytes=1000)
    assert "1,000 bytes" in str(error)


def test_an_undecodable_encoding_is_refused_not_turned_into_garbage(tmp_path: Path):
    path = tmp_path / "japanese.txt"
    text = "報告書の内容は次のとおりです。会議は東京で開催されました。"
    path.write_bytes(text.encode("shift_jis") * 5)
    _raises(path, UndecodableTextError, "encoding cannot be determined")


def test_latin1_text_that_is_not_vietnamese_is_refused(tmp_path: Path):
    path = tmp_path / "german.txt"
    text = "Größe, Übermäßig schöne Grüße aus Köln; Straße für Bäcker"
    path.write_bytes(text.encode("latin-1") * 5)
    _raises(path, UndecodableTextError, "TCVN3")


def test_a_docx_that_unpacks_too_far_is_refused_as_a_zip_bomb(tmp_path: Path):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        chunk = b" " * (1024 * 1024)
        for _ in range(210):
            member.write(chunk)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    _raises(path, FileTooLargeError, "zip bomb")
