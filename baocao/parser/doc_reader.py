"""Read the main text of a Word 97–2003 binary document (.doc), following [MS-DOC].

The file is an OLE (Compound File Binary) container, opened with ``olefile``. Its
``WordDocument`` stream starts with the File Information Block (FIB), which says whether the
document is encrypted, which table stream (``0Table`` or ``1Table``) holds the piece table
(the CLX), and how many characters the main text has (``ccpText``). Each piece of the table is
a run of text stored either as 8-bit "compressed" characters (Windows-1252 with Word's own
mapping of 0x80–0x9F) or as UTF-16LE. The paragraph properties (PAPX) tell table cells from
table rows. Headers, footnotes, comments and text boxes follow the main text and are not read.

Every size and offset read from the file is checked against the bytes that are really there,
so a hostile file raises ``CorruptDocumentError`` instead of hanging or allocating gigabytes.
"""

from __future__ import annotations

import io
import struct
import sys
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from baocao.parser.doc_lines import SOFT_HYPHEN, MarkProps, doc_lines
from baocao.parser.encodings import fix_legacy_text
from baocao.parser.errors import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    ParseError,
    UnsupportedFormatError,
)

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_SIGNATURE = 0xA5EC
# Word 97 writes nFib 0xC1 (193); Word 6.0 and 95 files (nFib 0x65–0x69) have another FIB.
MIN_NFIB = 0xC0
FKP_SIZE = 512
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_CCP_TEXT = 3  # index of ccpText in FibRgLw97
_PAIR_PLCF_BTE_PAPX = 13  # index of fcPlcfBtePapx/lcbPlcfBtePapx in FibRgFcLcb97
_PAIR_CLX = 33  # index of fcClx/lcbClx
_SPRM_IN_TABLE = 0x2416
_SPRM_TTP = 0x2417
_SPRM_INNER_TTP = 0x244C
_SPRM_TDEF_TABLE = 0xD608
# Compressed text is Latin-1 but for these bytes ([MS-DOC] 2.4.1); the other bytes of
# 0x80-0x9F (0x80, 0x8E, 0x9E ...) stay as they are, unlike Windows-1252.
_COMPRESSED = str.maketrans({
    0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020",
    0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160", 0x8B: "\u2039",
    0x8C: "\u0152", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d",
    0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122",
    0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153", 0x9F: "\u0178",
})  # fmt: skip
_OTHER_OLE_KINDS = (
    ("EncryptedPackage", None),
    ("Workbook", "an Excel workbook (.xls)"),
    ("Book", "an Excel workbook (.xls)"),
    ("PowerPoint Document", "a PowerPoint presentation (.ppt)"),
    ("VisioDocument", "a Visio drawing"),
)


@dataclass(frozen=True)
class DocText:
    """The main text of a .doc as lines, and its encoding: "utf-16" or "cp1252" as Word stored
    it, or "tcvn3" / "vni" when it was typed in a legacy font and has been converted."""

    text: str
    encoding: str


@dataclass(frozen=True)
class _Piece:
    cp: int  # first character position
    length: int  # characters
    offset: int  # byte offset in the WordDocument stream
    width: int  # bytes per character: 1 (compressed) or 2 (UTF-16LE)


def read_doc(data: bytes, name: str) -> DocText:
    """Return the main text of a Word 97–2003 document, one paragraph or table row a line."""
    word, table = _open_streams(data, name)
    ccp_text, (fc_papx, lcb_papx), (fc_clx, lcb_clx) = _read_fib(word, name)
    if ccp_text == 0:
        raise EmptyFileError(name, "the Word document holds no text")
    clx = _slice(table, fc_clx, lcb_clx, name, "the piece table (CLX)")
    pieces = _pieces(clx, ccp_text, len(word), name)
    raw = "".join(_piece_text(word, piece) for piece in pieces)
    marks = _PapxIndex(word, table, fc_papx, lcb_papx)
    starts = [piece.cp for piece in pieces]
    props = [marks.props(_byte_offset(pieces, starts, cp)) for cp in _mark_positions(raw)]
    text = doc_lines(raw, props)
    if not text.strip():
        raise EmptyFileError(name, "the Word document holds no text")
    fixed, legacy = fix_legacy_text(text)
    if legacy:
        return DocText(fixed, legacy)
    # Word's optional hyphen (and U+00AD) is "ư" in TCVN3 text (LibreOffice writes it so);
    # in Unicode text it is an invisible hyphenation point, dropped.
    text = text.replace(SOFT_HYPHEN, "")
    return DocText(text, "utf-16" if any(p.width == 2 for p in pieces) else "cp1252")


def _open_streams(data: bytes, name: str) -> tuple[bytes, bytes]:
    """Return the WordDocument stream and the table stream its FIB names."""
    if not data.startswith(CFB_SIGNATURE):
        raise CorruptDocumentError(name, "the file is not a Word 97–2003 document (no OLE header)")
    _check_cfb_header(data, name)
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:
        raise CorruptDocumentError(name, f"the .doc is damaged (OLE container: {exc})") from exc
    try:
        root_size = ole.root.size if ole.root is not None else 0
        if root_size > len(data):  # the mini stream, read whole when a small stream is opened
            raise CorruptDocumentError(
                name, f"the .doc is damaged (its OLE mini stream claims {root_size} bytes)"
            )
        if not ole.exists("WordDocument"):
            raise _not_word(ole, name)
        word = _stream(ole, "WordDocument", len(data), name)
        if len(word) < 34 or struct.unpack_from("<H", word, 0)[0] != WORD_SIGNATURE:
            raise CorruptDocumentError(
                name, "the .doc is damaged (its WordDocument stream has no Word signature)"
            )
        n_fib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 10)[0]
        if n_fib < MIN_NFIB:
            raise UnsupportedFormatError(
                name,
                "the file is a Word 6.0/95 document; only Word 97–2003 .doc files are read: "
                "open it in Word and save it as .docx",
            )
        if flags & _F_ENCRYPTED:
            raise EncryptedDocumentError(
                name,
                "the .doc is password-protected (encrypted); remove the password in Word first",
            )
        table_name = "1Table" if flags & _F_WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise CorruptDocumentError(name, f"the .doc is damaged (no {table_name} stream)")
        return word, _stream(ole, table_name, len(data), name)
    except ParseError:
        raise
    except Exception as exc:
        raise CorruptDocumentError(name, f"the .doc is damaged (OLE container: {exc})") from exc
    finally:
        ole.close()


def _check_cfb_header(data: bytes, name: str) -> None:
    """Refuse an OLE header whose sector counts could not fit in the file (a hostile file)."""
    if len(data) < 512:
        raise CorruptDocumentError(name, "the .doc is damaged (cut short inside the OLE header)")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise CorruptDocumentError(name, "the .doc is damaged (its OLE sector size is wrong)")
    sector = 1 << shift
    sectors = len(data) // sector + 1
    (fat,) = struct.unpack_from("<I", data, 0x2C)
    (minifat,) = struct.unpack_from("<I", data, 0x40)
    (difat,) = struct.unpack_from("<I", data, 0x48)
    # One FAT sector maps sector/4 sectors: a file needs no more than that, with some slack.
    if fat > 2 * sectors * 4 // sector + 2 or minifat > sectors or difat > sectors:
        raise CorruptDocumentError(
            name, "the .doc is damaged (its OLE header counts more sectors than the file has)"
        )


def _not_word(ole: Any, name: str) -> ParseError:
    """Return the error for an OLE container without a WordDocument stream."""
    for stream, what in _OTHER_OLE_KINDS:
        if ole.exists(stream):
            if what is None:
                return EncryptedDocumentError(
                    name, "the DOCX is password-protected (encrypted); remove the password first"
                )
            return CorruptDocumentError(name, f"the file is {what}, not a Word document")
    return CorruptDocumentError(
        name, "the file is an OLE container without a WordDocument stream, not a Word document"
    )


def _stream(ole: Any, stream: str, limit: int, name: str) -> bytes:
    """Read one stream, refusing a declared size larger than the whole file."""
    size = ole.get_size(stream)
    if not isinstance(size, int) or size > limit:
        raise CorruptDocumentError(
            name, f"the .doc is damaged (its {stream} stream claims {size} bytes)"
        )
    data = ole.openstream(stream).read()
    if not isinstance(data, bytes):
        raise CorruptDocumentError(name, f"the .doc is damaged ({stream} cannot be read)")
    return data


def _read_fib(word: bytes, name: str) -> tuple[int, tuple[int, int], tuple[int, int]]:
    """Return ccpText and the (offset, length) of the PAPX bin table and of the CLX."""
    try:
        (csw,) = struct.unpack_from("<H", word, 32)
        at = 34 + 2 * csw
        (cslw,) = struct.unpack_from("<H", word, at)
        lw_at = at + 2
        at = lw_at + 4 * cslw
        (pairs,) = struct.unpack_from("<H", word, at)
        pairs_at = at + 2
        if cslw <= _CCP_TEXT or pairs <= _PAIR_CLX or pairs_at + 8 * pairs > len(word):
            raise CorruptDocumentError(name, "the .doc is damaged (its FIB is too short)")
        (ccp_text,) = struct.unpack_from("<I", word, lw_at + 4 * _CCP_TEXT)
        papx = struct.unpack_from("<II", word, pairs_at + 8 * _PAIR_PLCF_BTE_PAPX)
        clx = struct.unpack_from("<II", word, pairs_at + 8 * _PAIR_CLX)
    except struct.error as exc:
        raise CorruptDocumentError(name, "the .doc is damaged (its FIB is cut short)") from exc
    return ccp_text, papx, clx


def _slice(data: bytes, offset: int, length: int, name: str, what: str) -> bytes:
    if length == 0 or offset + length > len(data):
        raise CorruptDocumentError(name, f"the .doc is damaged ({what} lies outside its stream)")
    return data[offset : offset + length]


def _u32s(data: bytes, offset: int, count: int) -> array[int]:
    """Return ``count`` little-endian 32-bit unsigned integers of ``data`` from ``offset``."""
    values = array("I", data[offset : offset + 4 * count])
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _pieces(clx: bytes, ccp_text: int, word_size: int, name: str) -> list[_Piece]:
    """Return the pieces of the main text (clipped to ``ccp_text`` characters), checked."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: property modifiers, skipped
        if at + 3 > len(clx):
            break
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise CorruptDocumentError(name, "the .doc is damaged (no piece table in its CLX)")
    (size,) = struct.unpack_from("<I", clx, at + 1)
    plc = clx[at + 5 : at + 5 + size]
    if size != len(plc) or size < 16 or (size - 4) % 12:
        raise CorruptDocumentError(name, "the .doc is damaged (bad piece table size)")
    count = (size - 4) // 12
    cps = _u32s(plc, 0, count + 1)
    pieces: list[_Piece] = []
    total = 0
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= ccp_text:
            break
        if cps[i + 1] < start:
            raise CorruptDocumentError(
                name, "the .doc is damaged (its piece table is out of order)"
            )
        if end == start:
            continue
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)
        width, offset = (1, (fc & 0x3FFFFFFF) // 2) if fc & 0x40000000 else (2, fc & 0x3FFFFFFF)
        length = end - start
        total += length * width
        if offset + length * width > word_size or total > word_size:
            raise CorruptDocumentError(
                name, "the .doc is damaged (its piece table points beyond the text it holds)"
            )
        pieces.append(_Piece(start, length, offset, width))
    if not pieces:
        raise CorruptDocumentError(name, "the .doc is damaged (its piece table is empty)")
    return pieces


def _piece_text(word: bytes, piece: _Piece) -> str:
    chunk = word[piece.offset : piece.offset + piece.length * piece.width]
    if piece.width == 1:
        return chunk.decode("latin-1").translate(_COMPRESSED)
    return chunk.decode("utf-16-le", errors="replace")


def _mark_positions(raw: str) -> list[int]:
    """Return the character positions of paragraph and cell marks, in order."""
    positions: list[int] = []
    for mark in ("\r", "\x07"):
        at = raw.find(mark)
        while at >= 0:
            positions.append(at)
            at = raw.find(mark, at + 1)
    positions.sort()
    return positions


def _byte_offset(pieces: list[_Piece], starts: list[int], cp: int) -> int:
    """Return the offset in the WordDocument stream of the character at ``cp``."""
    piece = pieces[max(bisect_right(starts, cp) - 1, 0)]
    return piece.offset + (cp - piece.cp) * piece.width


class _PapxIndex:
    """Find the paragraph properties that matter here (in a table, end of a row) by offset."""

    def __init__(self, word: bytes, table: bytes, offset: int, length: int) -> None:
        self._word = word
        self._pages: dict[int, tuple[tuple[int, ...], list[MarkProps]]] = {}
        self._fcs: array[int] = array("I")
        self._pns: array[int] = array("I")
        if length < 12 or (length - 4) % 8 or offset + length > len(table):
            return  # no usable bin table: every mark is read without its properties
        count = (length - 4) // 8
        self._fcs = _u32s(table, offset, count + 1)
        self._pns = _u32s(table, offset + 4 * (count + 1), count)

    def props(self, fc: int) -> MarkProps | None:
        """Return the properties of the paragraph whose mark is at byte ``fc``, if known."""
        index = bisect_right(self._fcs, fc) - 1
        if index < 0 or index >= len(self._pns):
            return None
        pn = self._pns[index] & 0x3FFFFF
        page = self._pages.get(pn)
        if page is None:
            page = self._pages[pn] = self._read_page(pn)
        fcs, runs = page
        run = bisect_right(fcs, fc) - 1
        if run < 0 or run >= len(runs) or fc >= fcs[-1]:
            return None
        return runs[run]

    def _read_page(self, pn: int) -> tuple[tuple[int, ...], list[MarkProps]]:
        start = pn * FKP_SIZE
        fkp = self._word[start : start + FKP_SIZE]
        if len(fkp) < FKP_SIZE:
            return (), []
        crun = fkp[FKP_SIZE - 1]
        if 4 * (crun + 1) + 13 * crun > FKP_SIZE - 1:
            return (), []
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        runs = [_papx_props(fkp, fkp[4 * (crun + 1) + 13 * i]) for i in range(crun)]
        return fcs, runs


def _papx_props(fkp: bytes, b_offset: int) -> MarkProps:
    """Read sprmPFInTable, sprmPFTtp and sprmPFInnerTtp from a PapxInFkp."""
    if b_offset == 0:
        return MarkProps(False, False)
    at = 2 * b_offset
    if at >= len(fkp) - 1:
        return MarkProps(False, False)
    cb = fkp[at]
    if cb:
        start, size = at + 1, 2 * cb - 1
    else:
        start, size = at + 2, 2 * fkp[at + 1]
    grpprl = fkp[start + 2 : min(start + size, len(fkp) - 1)]  # after the istd
    in_table = ttp = inner_ttp = False
    at = 0
    while at + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, at)
        at += 2
        spra = sprm >> 13
        if spra in (0, 1):
            operand = 1
        elif spra in (2, 4, 5):
            operand = 2
        elif spra == 3:
            operand = 4
        elif spra == 7:
            operand = 3
        elif sprm == _SPRM_TDEF_TABLE:
            if at + 2 > len(grpprl):
                break
            operand = 1 + struct.unpack_from("<H", grpprl, at)[0]
        else:
            if at >= len(grpprl) or grpprl[at] == 255:
                break
            operand = 1 + grpprl[at]
        if at < len(grpprl):
            value = grpprl[at]
            if sprm == _SPRM_IN_TABLE:
                in_table = value == 1
            elif sprm == _SPRM_TTP:
                ttp = value == 1
            elif sprm == _SPRM_INNER_TTP:
                inner_ttp = value == 1
        at += operand
    return MarkProps(in_table or ttp, ttp, inner_ttp)
