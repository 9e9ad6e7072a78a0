"""Write small Word 97–2003 files by hand, to test what LibreOffice never writes.

``make_doc`` builds an OLE container (one FAT sector, one directory sector, streams of at
least 4,096 bytes so that no mini stream is needed) with a ``WordDocument`` stream holding a
FIB and the text, and a table stream holding the piece table (CLX). There are no paragraph
properties, so the reader falls back on how Word usually writes table marks.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

SECTOR = 512
FREE, END, FAT_SECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_SID = 0xFFFFFFFF
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_AT = 0x800  # where the pieces' bytes start in the WordDocument stream
# Word's compressed bytes that differ from Latin-1, and the characters they stand for.
COMPRESSED = {"\u201c": 0x93, "\u201d": 0x94, "\u2013": 0x96, "\u2026": 0x85, "\u0178": 0x9F}


@dataclass(frozen=True)
class Piece:
    """A run of the main text, stored compressed (8-bit) or as UTF-16LE."""

    text: str
    compressed: bool = False

    def encode(self) -> bytes:
        """Return the bytes Word stores for this piece."""
        if not self.compressed:
            return self.text.encode("utf-16-le")
        return bytes(COMPRESSED.get(c, ord(c)) for c in self.text)


def word_stream(
    pieces: list[Piece], *, n_fib: int = 0xC1, flags: int = 0x0200, ccp_text: int | None = None
) -> tuple[bytes, bytes]:
    """Return the WordDocument and 1Table streams of a document made of ``pieces``."""
    body = bytearray()
    pcds = []
    cps = [0]
    for piece in pieces:
        offset = TEXT_AT + len(body)
        data = piece.encode()
        body += data
        fc = (offset * 2) | 0x40000000 if piece.compressed else offset
        pcds.append(struct.pack("<HIH", 0, fc, 0))
        cps.append(cps[-1] + len(piece.text))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(pcds)
    clx = b"\x01" + struct.pack("<H", 3) + b"\x00\x00\x00" + b"\x02" + struct.pack("<I", len(plc))
    clx += plc
    table = _pad(clx, 4096)
    fib = bytearray(TEXT_AT)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, n_fib, 0, 0x0409, 0)  # wIdent nFib unused lid pn
    struct.pack_into("<H", fib, 10, flags)
    struct.pack_into("<H", fib, 32, 14)  # csw
    struct.pack_into("<H", fib, 62, 22)  # cslw
    total = cps[-1] if ccp_text is None else ccp_text
    struct.pack_into("<I", fib, 64 + 4 * 3, total)  # ccpText
    struct.pack_into("<H", fib, 152, 93)  # cbRgFcLcb
    struct.pack_into("<II", fib, 154 + 8 * 33, 0, len(clx))  # fcClx, lcbClx
    return _pad(bytes(fib) + bytes(body), 4096), table


def make_doc(pieces: list[Piece], **fib: int) -> bytes:
    """Return a whole .doc file holding ``pieces`` as its main text."""
    word, table = word_stream(pieces, **fib)  # type: ignore[arg-type]
    return make_ole({"WordDocument": word, "1Table": table})


def make_ole(streams: dict[str, bytes]) -> bytes:
    """Return an OLE container (version 3, 512-byte sectors) holding ``streams``."""
    sectors: list[bytes] = []
    fat = [FAT_SECT, END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    padded = [_pad(data, 4096) for data in streams.values()]
    for data in padded:
        count = len(data) // SECTOR
        first = len(fat)
        starts.append(first)
        fat.extend(range(first + 1, first + count))
        fat.append(END)
        sectors.extend(data[i : i + SECTOR] for i in range(0, len(data), SECTOR))
    if len(fat) > SECTOR // 4:
        raise ValueError("too many sectors for one FAT sector")
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *fat, *[FREE] * (SECTOR // 4 - len(fat)))
    entries = [_entry("Root Entry", 5, child=1, start=END, size=0)]
    for index, name in enumerate(streams):
        right = index + 2 if index + 1 < len(streams) else NO_SID
        entries.append(_entry(name, 2, right=right, start=starts[index], size=len(padded[index])))
    directory = b"".join(entries)
    directory += _entry("", 0, start=0, size=0) * (SECTOR // 128 - len(entries))
    header = bytearray(SECTOR)
    header[:8] = CFB_SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 76, 0, *[FREE] * 108)
    return bytes(header) + fat_sector + directory + b"".join(sectors)


def _entry(
    name: str, kind: int, *, right: int = NO_SID, child: int = NO_SID, start: int, size: int
) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    raw = bytearray(128)
    raw[: len(encoded)] = encoded
    struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
    struct.pack_into("<III", raw, 68, NO_SID, right, child)
    struct.pack_into("<IQ", raw, 116, start, size)
    return bytes(raw)


def _pad(data: bytes, minimum: int) -> bytes:
    size = max(minimum, -(-len(data) // SECTOR) * SECTOR)
    return data + b"\x00" * (size - len(data))
