"""Word 97–2003 .doc files read like their DOCX originals; bad ones give a clear ParseError."""

from __future__ import annotations

import struct
import time
import unicodedata
from pathlib import Path

import pytest

from baocao.parser import ParseError, parse_file
from baocao.parser.errors import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    FileTooLargeError,
    UnsupportedFormatError,
)
from baocao.parser.loaders import load_bytes, load_file
from tests.conftest import sample_text
from tests.parser.doc_factory import Piece, make_doc, make_ole, word_stream

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parser"
DOC = FIXTURES / "doc"
PAIRS = [
    (DOC / "008.doc", FIXTURES / "008.docx"),
    (DOC / "009.doc", DOC / "009.docx"),
    (DOC / "019.doc", DOC / "019.docx"),
]


def _raises(data: bytes, error: type[ParseError], words: str, name: str = "bad.doc") -> str:
    with pytest.raises(error) as info:
        load_bytes(data, name)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert words in message
    return message


@pytest.mark.parametrize(("doc", "docx"), PAIRS, ids=lambda p: p.name)
def test_the_doc_reads_as_the_same_lines_and_parse_as_its_docx(doc: Path, docx: Path):
    from_doc, from_docx = load_file(doc), load_file(docx)
    assert from_doc.kind == "doc"
    assert from_doc.text == from_docx.text
    got, want = parse_file(doc).to_dict(), parse_file(docx).to_dict()
    assert got["source"] == str(doc)
    for key in set(want) - {"source", "encoding"}:
        assert got[key] == want[key], key


def test_a_unicode_doc_reports_the_utf16_that_word_stored():
    assert parse_file(DOC / "008.doc").encoding == "utf-16"


@pytest.mark.parametrize("name", ["009.doc", "009.docx"])
def test_a_doc_or_docx_typed_in_tcvn3_gives_nfc_vietnamese(name: str):
    result = parse_file(DOC / name)
    source = (FIXTURES / "sources" / "009.txt").read_text(encoding="utf-8").rstrip("\n")
    # TCVN3 has no codes for capitals with a tone mark (.VnTimeH drew lower-case codes): a
    # line in capitals gets them back, so the text is the source's.
    assert result.encoding == "tcvn3"
    assert result.text == source
    assert unicodedata.is_normalized("NFC", result.text)
    assert "the text was typed in TCVN3 and was converted" in result.warnings
    assert load_file(DOC / name).text == source


def test_only_the_main_text_is_read_and_fields_keep_their_result():
    text = load_file(DOC / "019.doc").text
    for absent in ("Đầu trang", "Chân trang", "Chú thích", "HYPERLINK", "DATE", "kienxuong"):
        assert absent not in text
    assert "trên Cổng thông tin điện tử huyện (Cổng thông tin huyện);\nphát 48" in text
    assert "báo cáo xong trước ngày 25/08/2023./." in text
    assert "-\tTổ chức 3 lớp" in text


def test_tables_of_the_doc_come_out_as_the_docx_reader_writes_them():
    lines = load_file(DOC / "019.doc").text.splitlines()
    assert lines[:6] == [
        "UBND HUYỆN KIẾN XƯƠNG", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "Số: 88/BC-VHTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Kiến Xương, ngày 20 tháng 6 năm 2023",
    ]  # fmt: skip
    assert "STT | Chỉ tiêu | ĐVT | Kết quả" in lines
    assert "1 | Gia đình được công nhận gia đình văn hóa | hộ | 1.250" in lines
    assert "2 | Làng văn hóa giữ vững danh hiệu | làng | " in lines


def test_the_citations_of_the_doc_are_those_of_its_body_not_its_footnotes():
    result = parse_file(DOC / "019.doc")
    assert [(r.number, r.symbol) for r in result.legal_refs] == [("12", "KH-UBND"), ("06", "NQ/HU")]
    assert result.agency == "Phòng Văn hóa và Thông tin"
    assert (result.period.kind, result.period.quarter, result.period.year) == ("quarter", 2, 2023)


def test_compressed_and_unicode_pieces_are_joined_in_order():
    data = make_doc([
        Piece("Báo cáo “tháng 5” – so…\r", compressed=True),
        Piece("Tiếng Việt có dấu\r"),
        Piece("Ÿ\x80\r", compressed=True),
    ])  # fmt: skip
    loaded = load_bytes(data, "x.doc")
    assert loaded.text == "Báo cáo “tháng 5” – so…\nTiếng Việt có dấu\nŸ\x80"
    assert (loaded.kind, loaded.encoding) == ("doc", "utf-16")
    assert load_bytes(make_doc([Piece("Hello\r", compressed=True)]), "x.doc").encoding == "cp1252"


def test_word_control_characters_become_plain_lines():
    text = (
        "Một\x0bhai\x0cba\rbốn\x1enăm\x1fsáu\x01\x08\x02\x05\r"
        "Trang \x13 PAGE \\* MERGEFORMAT \x142\x15 / \x13 IF \x13 NUMPAGES \x144\x15 > 1 \x14"
        "nhiều\x15\x13 TOC \x15 hết\r"
    )
    loaded = load_bytes(make_doc([Piece(text)]), "x.doc")
    assert loaded.text == "Một\nhai\nba\nbốn-nămsáu\nTrang 2 / nhiều hết"


def test_without_paragraph_properties_a_lone_cell_mark_ends_the_row():
    text = "Trước\rA\x07B\x07C\x07\x071\x072\x07\x07Sau\rX\x07Y\x07\x07Cuối\r"
    loaded = load_bytes(make_doc([Piece(text)]), "x.doc")
    assert loaded.text.splitlines() == ["Trước", "A | B | C", "1 | 2", "Sau", "X", "Y", "Cuối"]


def test_text_past_ccptext_is_not_read():
    data = make_doc([Piece("Nội dung\r"), Piece("Đầu trang\r")], ccp_text=9)
    assert load_bytes(data, "x.doc").text == "Nội dung"


def test_tcvn3_in_compressed_pieces_with_optional_hyphens_for_u_horn_is_converted():
    from baocao.parser.encodings import unicode_to_tcvn3

    tcvn3 = unicode_to_tcvn3("Báo cáo kết quả tháng 10 năm 2021 của huyện Đông Hưng\r")
    loaded = load_bytes(make_doc([Piece(tcvn3.replace("\xad", "\x1f"), compressed=True)]), "x.doc")
    assert loaded.text == "Báo cáo kết quả tháng 10 năm 2021 của huyện Đông Hưng"
    assert loaded.encoding == "tcvn3"


def test_a_doc_named_docx_is_read_as_a_doc():
    data = (DOC / "008.doc").read_bytes()
    assert load_bytes(data, "report.docx") == load_bytes(data, "report.doc")
    assert load_bytes(data, "report.bin").kind == "doc"


def test_a_docx_or_a_web_page_named_doc_is_read_as_what_it_is():
    assert load_bytes((FIXTURES / "008.docx").read_bytes(), "x.doc").kind == "docx"
    page = b"<html><body><p>B\xc3\xa1o c\xc3\xa1o th\xc3\xa1ng 5</p></body></html>"
    assert load_bytes(page, "x.doc") == load_bytes(page, "x.html")


def test_an_encrypted_doc_is_refused_as_password_protected():
    data = make_doc([Piece("Bí mật\r")], flags=0x0200 | 0x0100)
    _raises(data, EncryptedDocumentError, "the .doc is password-protected (encrypted)")


def test_an_encrypted_docx_container_is_refused_as_password_protected():
    data = make_ole({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64})
    _raises(data, EncryptedDocumentError, "the DOCX is password-protected (encrypted)", "x.docx")


def test_a_word_95_document_is_refused_as_unsupported():
    data = make_doc([Piece("Cũ\r")], n_fib=0x68)
    _raises(data, UnsupportedFormatError, "Word 6.0/95 document")


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 100,
        (DOC / "008.doc").read_bytes()[:6000],
    ],
    ids=["zeros", "short", "truncated"],
)
def test_a_damaged_ole_file_is_refused_as_damaged(data: bytes):
    _raises(data, CorruptDocumentError, "damaged")


@pytest.mark.parametrize(
    ("streams", "words"),
    [
        ({"Workbook": b"\x09\x08" * 100}, "an Excel workbook (.xls), not a Word document"),
        ({"PowerPoint Document": b"\x00" * 100}, "a PowerPoint presentation"),
        ({"Contents": b"\x00" * 100}, "without a WordDocument stream"),
    ],
    ids=["xls", "ppt", "other"],
)
def test_an_ole_file_that_is_not_word_is_refused_saying_what_it_is(streams, words):
    _raises(make_ole(streams), CorruptDocumentError, words)


@pytest.mark.parametrize("text", ["", "\r\r\x01\x08\r\x13 PAGE \x15\r"], ids=["no-text", "marks"])
def test_a_doc_without_text_is_refused_as_empty(text: str):
    data = make_doc([Piece(text)] if text else [Piece("x")], ccp_text=len(text))
    _raises(data, EmptyFileError, "the Word document holds no text")


def test_an_rtf_or_text_file_named_doc_is_refused_saying_why():
    _raises(b"{\\rtf1\\ansi B\\'e1o c\\'e1o}", UnsupportedFormatError, "RTF document named .doc")
    _raises("Báo cáo tháng 5".encode(), CorruptDocumentError, "not a Word 97–2003 document")


def test_a_doc_over_the_size_limit_is_refused(tmp_path: Path):
    with pytest.raises(FileTooLargeError, match="over the limit of 10,000 bytes"):
        load_file(DOC / "008.doc", max_bytes=10_000)


def _clx(cps: list[int], fcs: list[int]) -> bytes:
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, f, 0) for f in fcs)
    return b"\x02" + struct.pack("<I", len(plc)) + plc


def _doc_with_clx(clx: bytes, ccp_text: int = 0x7FFFFFFF) -> bytes:
    """Return a .doc whose FIB claims ``ccp_text`` characters and whose CLX is ``clx``."""
    word, _ = word_stream([Piece("Báo cáo tháng 5\r")], ccp_text=ccp_text)
    fib = bytearray(word)
    struct.pack_into("<II", fib, 154 + 8 * 33, 0, len(clx))  # fcClx, lcbClx
    return make_ole({"WordDocument": bytes(fib), "1Table": clx + b"\x00" * (4096 - len(clx))})


@pytest.mark.parametrize(
    ("clx", "words"),
    [
        (_clx([0, 16], [0x7FFF0000]), "points beyond the text it holds"),
        (_clx([0, 0x7FFFFFFF], [0x800]), "points beyond the text it holds"),
        (_clx([0, *range(8, 8 * 300, 8)], [0x800] * 299), "points beyond the text it holds"),
        (_clx([0, 10, 5], [0x800, 0x800]), "out of order"),
        (b"\x02" + struct.pack("<I", 0x7FFFFFF0) + b"\x00" * 40, "bad piece table size"),
        (b"\x07" + b"\x00" * 40, "no piece table"),
        (b"\x01\xff\xff" + b"\x00" * 40, "no piece table"),
    ],
    ids=["far-offset", "huge-length", "overlapping", "disorder", "huge-count", "clxt", "prc"],
)
def test_a_hostile_piece_table_is_refused_as_damaged_at_once(clx: bytes, words: str):
    start = time.perf_counter()
    _raises(_doc_with_clx(clx), CorruptDocumentError, words)
    assert time.perf_counter() - start < 1


def test_a_clx_beyond_its_stream_is_refused_as_damaged():
    word, table = word_stream([Piece("Báo cáo\r")])
    word = bytearray(word)
    struct.pack_into("<II", word, 154 + 8 * 33, 4000, 0x10000)
    data = make_ole({"WordDocument": bytes(word), "1Table": table})
    _raises(data, CorruptDocumentError, "the piece table (CLX) lies outside its stream")


def test_an_ole_header_counting_absurd_sectors_is_refused_at_once():
    data = bytearray((DOC / "008.doc").read_bytes())
    struct.pack_into("<I", data, 0x2C, 0x7FFFFFFF)  # number of FAT sectors
    start = time.perf_counter()
    _raises(bytes(data), CorruptDocumentError, "counts more sectors than the file has")
    assert time.perf_counter() - start < 1


def test_a_stream_claiming_more_bytes_than_the_file_is_refused():
    data = bytearray(make_doc([Piece("Báo cáo\r")]))
    entry = 512 * 2 + 128  # the WordDocument entry in the directory sector
    struct.pack_into("<I", data, entry + 120, 0x7FFFFFFF)
    _raises(bytes(data), CorruptDocumentError, "damaged")


def test_a_doc_typed_in_vni_gives_the_sample_in_nfc():
    """The sample's first 60 lines typed in VNI-Times (capitals with tones included), saved by
    Word's format as .doc (made with LibreOffice from a DOCX in VNI mojibake)."""
    source = "\n".join(sample_text().splitlines()[:60])
    result = parse_file(DOC / "sample-vni.doc")
    assert result.encoding == "vni"
    assert result.text == source
    assert result.period is not None and (result.period.year, result.period.month) == (2022, 1)
