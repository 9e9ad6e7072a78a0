"""Read quantities from table rows ("cell | cell | cell") whose header has a unit column.

The DOCX and HTML loaders write a data table one row per line with cells joined by " | ".
When the header row names a unit column ("ĐVT", "Đơn vị tính"), every plain number in the
other columns of the rows below is a quantity in that row's unit.
"""

from __future__ import annotations

import re

from baocao.parser.layout import Line
from baocao.parser.model import Quantity
from baocao.parser.normalize import fold, squash
from baocao.parser.quantities import parse_number

_SEPARATOR = " | "
_UNIT_HEADERS = frozenset({"dvt", "don vi tinh", "don vi", "dv tinh", "d.v.t"})
_SKIP_HEADERS = re.compile(r"^(?:stt|tt|so tt|chi tieu|noi dung|ten chi tieu|ghi chu)$")
_CELL_NUMBER = re.compile(r"[-−+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)")


def _separator(text: str) -> str | None:
    """Return the cell separator of a table row: " | " (DOCX, HTML), or tabs (plain text)."""
    if _SEPARATOR in text:
        return _SEPARATOR
    if text.count("\t") >= 2:
        return "\t"
    return None


def _cells(line: Line) -> list[tuple[int, int]]:
    spans = []
    pos = line.start
    separator = _separator(line.text) or _SEPARATOR
    for part in line.text.split(separator):
        lead = len(part) - len(part.lstrip())
        spans.append((pos + lead, pos + lead + len(part.strip())))
        pos += len(part) + len(separator)
    return spans


_PERCENT_HEADER = re.compile(r"\(\s*%\s*\)\s*$|^(?:ty le|tl)\s*%$")


def find_table_quantities(text: str, lines: list[Line]) -> list[Quantity]:
    """Return the quantities of the data tables among ``lines`` of ``text``."""
    out: list[Quantity] = []
    i = 0
    while i < len(lines):
        if _separator(lines[i].text) is None:
            i += 1
            continue
        header = [fold(text[s:e]).strip(" .:") for s, e in _cells(lines[i])]
        unit_col = next((k for k, h in enumerate(header) if h in _UNIT_HEADERS), None)
        i += 1
        while i < len(lines) and _separator(lines[i].text) is not None:
            cells = _cells(lines[i])
            i += 1
            if unit_col is None or len(cells) != len(header):
                continue
            unit = squash(text[cells[unit_col][0] : cells[unit_col][1]])
            if not unit:
                continue
            for k, (start, end) in enumerate(cells):
                if k == unit_col or _SKIP_HEADERS.match(header[k]):
                    continue
                written = text[start:end]
                if _CELL_NUMBER.fullmatch(written):
                    sign = -1 if written[0] in "-−" else 1
                    value = parse_number(written.lstrip("-−+")) * sign
                    # a column headed "(%)" ("So cùng kỳ (%)", "Tỷ lệ (%)") is in per cent
                    own = "%" if _PERCENT_HEADER.search(header[k]) else unit
                    out.append(Quantity(written, value, own, (start, end)))
    return out
