"""Read report files: plain text, DOCX and .doc (paragraphs and tables), PDF (text layer), HTML.

Every failure raises a ParseError subclass whose message names the file and the reason.
"""

from __future__ import annotations

import io
import logging
import os
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from baocao.parser.doc_reader import CFB_SIGNATURE, read_doc
from baocao.parser.encodings import decode_bytes, fix_legacy_text
from baocao.parser.errors import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    FileMissingError,
    FileTooLargeError,
    NoTextLayerError,
    ParseError,
    UnsupportedFormatError,
)
from baocao.parser.normalize import squash

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A DOCX may unpack to more than its size, but not without bound (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".csv", ".tsv", ".log", ""})
_HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
_ENCRYPTED_OOXML = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_HTML_BLOCKS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "title",
)  # fmt: skip
_CELL_SEPARATOR = " | "
_TRAILING_SEPARATOR = re.compile(r"(?:\s*\|)+\s*$")


@dataclass(frozen=True)
class Loaded:
    """The text of a file and the encoding it was stored in."""

    text: str
    encoding: str
    kind: str


def load_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Return the text of a report file; raise a ParseError saying why it cannot be read."""
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise FileMissingError(name, "no such file" if not os.path.exists(name) else "not a file")
    size = os.path.getsize(name)
    if size > max_bytes:
        raise FileTooLargeError(
            name, f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
        )
    if size == 0:
        raise EmptyFileError(name)
    try:
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ParseError(name, f"the file cannot be opened ({exc.strerror})") from exc
    loaded = load_bytes(data, name)
    if not loaded.text.strip():
        raise EmptyFileError(name, "the file holds no text")
    return loaded


def load_bytes(data: bytes, name: str) -> Loaded:
    """Return the text of a file's bytes, choosing the reader by extension and content."""
    ext = os.path.splitext(name)[1].lower()
    if ext not in _TEXT_EXTENSIONS and data.startswith(CFB_SIGNATURE):
        return _load_ole(data, name)
    if ext == ".docx" or (ext not in _TEXT_EXTENSIONS and data.startswith(b"PK\x03\x04")):
        text, capitals = read_docx_capitals(data, name)
        return _repaired(text, "docx", capitals)
    if ext == ".doc":
        _check_doc_lookalike(data, name)
    if ext == ".pdf" or (ext not in _TEXT_EXTENSIONS and data.startswith(b"%PDF")):
        return _repaired(read_pdf(data, name), "pdf")
    decoded = decode_bytes(data, name)
    looks_html = decoded.text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
    if ext in _HTML_EXTENSIONS or (ext not in _TEXT_EXTENSIONS and looks_html):
        return Loaded(read_html(decoded.text, name), decoded.encoding, "html")
    if ext not in _TEXT_EXTENSIONS and ext not in _HTML_EXTENSIONS:
        raise UnsupportedFormatError(name)
    return Loaded(decoded.text, decoded.encoding, "text")


def _repaired(text: str, kind: str, capitals: Sequence[tuple[int, int]] = ()) -> Loaded:
    """Return a document's text in NFC, converted from TCVN3 or VNI when it was typed so.

    ``capitals`` are the spans of runs set in a .VnTimeH-family font: in a TCVN3 text their
    lower-case codes were drawn as capitals, so they come back in capitals.
    """
    fixed, legacy = fix_legacy_text(text)
    if legacy == "tcvn3" and capitals and len(fixed) == len(text):
        chars = list(fixed)
        for start, end in capitals:
            upper = fixed[start:end].upper()
            if len(upper) == end - start:
                chars[start:end] = upper
        fixed = "".join(chars)
    return Loaded(unicodedata.normalize("NFC", fixed), legacy or "utf-8", kind)


def _load_ole(data: bytes, name: str) -> Loaded:
    """Read an OLE container: a Word 97–2003 document, or refuse an encrypted DOCX."""
    try:
        doc = read_doc(data, name)
    except CorruptDocumentError:
        # A damaged container that names the streams of an encrypted DOCX is one.
        if any(marker in data for marker in _ENCRYPTED_OOXML):
            raise EncryptedDocumentError(
                name, "the DOCX is password-protected (encrypted); remove the password first"
            ) from None
        raise
    return Loaded(doc.text, doc.encoding, "doc")


def _check_doc_lookalike(data: bytes, name: str) -> None:
    """Refuse a .doc that is not a Word document; let a web page saved as .doc through."""
    head = data[:512].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormatError(
            name, "the file is an RTF document named .doc; open it in Word and save it as .docx"
        )
    if not head.startswith((b"<!doctype html", b"<html")):
        raise CorruptDocumentError(
            name,
            "the file is not a Word 97–2003 document (no OLE header), nor a DOCX or a web page "
            "saved as .doc",
        )


def read_docx(data: bytes, name: str) -> str:
    """Return the paragraphs and tables of a DOCX in document order, one line each.

    An OLE container is read as the Word 97–2003 document it is, unless it is an encrypted DOCX.
    """
    return read_docx_capitals(data, name)[0]


# Fonts of the TCVN3 capitals family: .VnTimeH, .VnArialH, .VnAvantH, .VnCentury SchoolbookH ...
_CAPITALS_FONT = re.compile(r"^\.?vn.*h$", re.IGNORECASE)


def _run_font(run: Any, paragraph: Any) -> str:
    styles = (getattr(run.style, "font", None), getattr(paragraph.style, "font", None))
    for font in (run.font, *styles):
        name = getattr(font, "name", None) if font is not None else None
        if name:
            return str(name)
    return ""


def _paragraph_text(paragraph: Any, at: int, capitals: list[tuple[int, int]]) -> str:
    """Return a paragraph's text; add the spans of its .VnTimeH-family runs to ``capitals``."""
    runs = paragraph.runs
    if not any(_CAPITALS_FONT.match(_run_font(run, paragraph)) for run in runs):
        return str(paragraph.text)
    parts: list[str] = []
    pos = at
    for run in runs:
        piece = run.text
        if piece and _CAPITALS_FONT.match(_run_font(run, paragraph)):
            capitals.append((pos, pos + len(piece)))
        parts.append(piece)
        pos += len(piece)
    return "".join(parts)


def read_docx_capitals(data: bytes, name: str) -> tuple[str, list[tuple[int, int]]]:
    """Return the text of a DOCX (see ``read_docx``) and the spans of .VnTimeH-family runs."""
    if data.startswith(CFB_SIGNATURE):
        return _load_ole(data, name).text, []
    if not data.startswith(b"PK"):
        raise CorruptDocumentError(name, "the file is not a DOCX (no ZIP signature)")
    _check_unpacked_size(data, name)
    try:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = Document(io.BytesIO(data))
        lines: list[str] = []
        capitals: list[tuple[int, int]] = []
        at = 0
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(_paragraph_text(Paragraph(child, document), at, capitals))
                at += len(lines[-1]) + 1
            elif tag == "tbl":
                for line in _table_lines(Table(child, document)):
                    lines.append(line)
                    at += len(line) + 1
    except ParseError:
        raise
    except Exception as exc:
        raise CorruptDocumentError(name, f"the DOCX is damaged ({exc})") from exc
    return "\n".join(lines), capitals


def _check_unpacked_size(data: bytes, name: str) -> None:
    """Refuse a DOCX whose parts unpack to more than ``MAX_UNPACKED_BYTES``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptDocumentError(name, f"the DOCX is damaged ({exc})") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileTooLargeError(
            name,
            f"the DOCX unpacks to {unpacked:,} bytes, over the limit of "
            f"{MAX_UNPACKED_BYTES:,} bytes (a zip bomb?)",
        )


def _table_lines(table: Any) -> list[str]:
    """Return a layout table cell by cell and a data table row by row (cells joined by "|")."""
    rows: list[list[Any]] = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    lines: list[str] = []
    if width <= 2:
        for row in rows:
            for cell in row:
                lines.extend(p.text for p in cell.paragraphs)
        return lines
    for row in rows:
        lines.append(_CELL_SEPARATOR.join(squash(cell.text) for cell in row))
    return lines


def read_pdf(data: bytes, name: str) -> str:
    """Return the text layer of a PDF, page by page."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError(name, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except Exception as exc:
        raise CorruptDocumentError(name, f"the PDF is damaged ({exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise NoTextLayerError(
            name,
            f"the PDF's {len(pages)} page(s) have no text layer (a scanned image?); run OCR first",
        )
    return text


def read_html(markup: str, name: str) -> str:
    """Return the text of an HTML page, one block (paragraph, row, heading) per line."""
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(markup, "lxml")
        for tag in soup(["script", "style", "head", "noscript", "template"]):
            tag.decompose()
        for br in soup.find_all("br"):
            br.replace_with("\n")
        for cell in soup.find_all(["td", "th"]):
            cell.insert_after(_CELL_SEPARATOR)
        for block in soup.find_all(_HTML_BLOCKS):
            block.insert_before("\n")
            block.insert_after("\n")
        raw = soup.get_text()
    except Exception as exc:
        raise CorruptDocumentError(name, f"the HTML cannot be read ({exc})") from exc
    lines = (_TRAILING_SEPARATOR.sub("", squash(line)) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)
