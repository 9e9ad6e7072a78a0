"""Document numbers and the place-and-date line of Decree 30/2020/NĐ-CP.

A document number is ``seq/TYPE-ISSUER`` ("05/BC-STTTT"); an official letter (công văn) has no
type code ("12/UBND-VX"). Numbers below 10 take a leading 0. The sequence restarts each year per
issuing body and is never reused: the database keeps that counter, this module only formats and
parses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

TYPE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "Báo cáo": "BC",
        "Kế hoạch": "KH",
        "Quyết định": "QĐ",
        "Chỉ thị": "CT",
        "Thông báo": "TB",
        "Hướng dẫn": "HD",
        "Tờ trình": "TTr",
        "Chương trình": "CTr",
        "Đề án": "ĐA",
        "Nghị quyết": "NQ",
        "Quy chế": "QC",
        "Quy định": "QyĐ",
        "Biên bản": "BB",
    }
)
"""Document type name → type code (Decree 30/2020, appendix III). Công văn has no code."""

TYPE_NAMES: Mapping[str, str] = MappingProxyType({code: name for name, code in TYPE_CODES.items()})
"""Type code → document type name."""

_SEGMENT = r"[A-Za-z0-9Đđ]+"
_TYPE_CODE = re.compile(rf"^{_SEGMENT}$")
_ISSUER_CODE = re.compile(rf"^{_SEGMENT}(?:-{_SEGMENT})*$")
_NUMBER = re.compile(r"^(?:số\s*:?\s*)?(\d{1,6})\s*/\s*(\S.*?)$", re.IGNORECASE)


class NumberingError(ValueError):
    """Raise for a malformed document number, code or place."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class DocumentNumber:
    """A document's number: sequence, optional type code and issuer code (with unit)."""

    seq: int
    type_code: str | None
    issuer_code: str

    def __post_init__(self) -> None:
        if self.seq < 1:
            raise NumberingError(f"sequence number must be at least 1, not {self.seq}")
        if self.type_code is not None:
            object.__setattr__(self, "type_code", _nfc(self.type_code))
            if not _TYPE_CODE.match(self.type_code):
                raise NumberingError(f"not a document type code: {self.type_code!r}")
        object.__setattr__(self, "issuer_code", _nfc(self.issuer_code))
        if not _ISSUER_CODE.match(self.issuer_code):
            raise NumberingError(f"not an issuer code: {self.issuer_code!r}")

    def __str__(self) -> str:
        prefix = f"{self.type_code}-" if self.type_code else ""
        return f"{self.seq:02d}/{prefix}{self.issuer_code}"

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        """Parse "Số: 05/BC-STTTT", "05/BC-STTTT" or "12/UBND-VX".

        The first code is a type code only when it is one of TYPE_CODES and an issuer follows;
        otherwise the whole symbol is the issuer code (a công văn).
        """
        match = _NUMBER.match(_nfc(text).strip())
        if not match:
            raise NumberingError(f"not a document number: {text!r}")
        symbol = re.sub(r"\s*-\s*", "-", match.group(2))
        first, _, rest = symbol.partition("-")
        if first in TYPE_NAMES and rest:
            return cls(int(match.group(1)), first, rest)
        return cls(int(match.group(1)), None, symbol)

    def format_number_line(self) -> str:
        """Return the number line of the document header, e.g. "Số: 05/BC-STTTT"."""
        return f"Số: {self}"


def place_date_line(place: str, d: date) -> str:
    """Return e.g. "Thái Bình, ngày 25 tháng 01 năm 2022".

    Days below 10 and the months January and February take a leading 0 (Decree 30/2020).
    """
    place = _nfc(place).strip()
    if not place:
        raise NumberingError("the place name is empty")
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"
