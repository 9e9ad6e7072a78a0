"""A .doc with bytes changed or cut off gives its text or a ParseError, quickly, never a crash.

The changes aim mostly at the bytes the reader trusts: the OLE header, FAT and directory, the
FIB, the piece table (CLX) and the paragraph properties (the PAPX bin table and its pages).
"""

from __future__ import annotations

import struct
import time
from datetime import timedelta
from pathlib import Path

import olefile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baocao.parser import ParseError, parse_text
from baocao.parser.loaders import load_bytes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "parser" / "doc" / "019.doc"
DATA = FIXTURE.read_bytes()


def _stream_offsets(ole: olefile.OleFileIO, name: str) -> list[int]:
    """Return the file offset of each byte of a stream kept in the main FAT."""
    entry = next(e for e in ole.direntries if e is not None and e.name == name)
    chain, sect = [], entry.isectStart
    while sect < 0xFFFFFFFA and len(chain) < 10_000:
        chain.append(sect)
        sect = ole.fat[sect]
    size = ole.sectorsize
    return [(chain[i // size] + 1) * size + i % size for i in range(entry.size)]


def _hot_offsets() -> list[int]:
    ole = olefile.OleFileIO(str(FIXTURE))
    word = _stream_offsets(ole, "WordDocument")
    table = _stream_offsets(ole, "1Table")
    fib = ole.openstream("WordDocument").read()
    pairs = 154
    fc_papx, lcb_papx = struct.unpack_from("<II", fib, pairs + 8 * 13)
    fc_clx, lcb_clx = struct.unpack_from("<II", fib, pairs + 8 * 33)
    pages = struct.unpack_from("<I", ole.openstream("1Table").read(), fc_papx + lcb_papx - 4)
    ole.close()
    hot = list(range(0, 80))  # the OLE header's counts and sector numbers
    hot += list(range(512, 1024))  # the first FAT sector
    directory = (struct.unpack_from("<I", DATA, 48)[0] + 1) * 512
    hot += list(range(directory, directory + 512))  # the first directory sector
    hot += word[:0x200]  # the FIB
    hot += table[fc_clx : fc_clx + lcb_clx] + table[fc_papx : fc_papx + lcb_papx]
    page = (pages[0] & 0x3FFFFF) * 512
    hot += word[page : page + 512]  # a page of paragraph properties
    return hot


HOT = _hot_offsets()
mutation = st.tuples(
    st.one_of(st.sampled_from(HOT), st.integers(0, len(DATA) - 1)),
    st.one_of(st.sampled_from([0x00, 0x01, 0x07, 0x0D, 0x13, 0x7F, 0x80, 0xFF]),
              st.integers(0, 255)),
)  # fmt: skip


@settings(
    max_examples=400,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(mutation, min_size=1, max_size=12), st.one_of(st.none(), st.integers(0, len(DATA))))
def test_a_mutated_doc_reads_or_raises_a_parse_error_quickly(
    changes: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(DATA)
    for offset, value in changes:
        data[offset] = value
    if cut is not None:
        del data[cut:]
    start = time.perf_counter()
    try:
        loaded = load_bytes(bytes(data), "mutated.doc")
    except ParseError as exc:
        assert str(exc).startswith("mutated.doc: ")
    else:
        parse_text(loaded.text, source="mutated.doc", encoding=loaded.encoding).to_dict()
    assert time.perf_counter() - start < 2
