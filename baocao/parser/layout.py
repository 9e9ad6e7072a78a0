"""Find the parts of an official report: header, title, body and the closing signature block.

Decree 30/2020/NĐ-CP lays a report out as: governing and issuing body (upper case), the
national motto, "Số: ..", place and date, "BÁO CÁO", the summary line, the body ending in
"./.", then the signature and "Nơi nhận:". Text without that header is read from its
first line: a title-like first line is the title.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from baocao.parser.normalize import fold, word_count
from baocao.parser.periods import first_period

_MAX_UPPER_LINE = 300
_COLUMNS = re.compile(r"[ \t\u00a0]{3,}|\t| \| ")
_RULE = re.compile(r"^[-_=*.~…·•\s]+$")
_NATIONAL = re.compile(r"^cong hoa xa hoi chu nghia viet nam")
_MOTTO = re.compile(r"^doc lap\s*[-–—]\s*tu do")
_NUMBER_LINE = re.compile(r"^so\s*:|^so\s+\d+\s*/")
_PLACE_DATE = re.compile(r"^[^,]{2,40},\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")
# A place-and-date line, possibly a draft's with blanks ("Hải Phòng, ngày    tháng 7 năm").
_PLACE_DATE_ANY = re.compile(
    r"^(?P<place>(?:(?!\s{3})[^,:]){2,40}),\s*ngay(?P<d>[\s\d.…_]*)thang(?P<m>[\s\d.…_]*)nam(?P<y>[\s\d.…_]*)$"
)
# Words of a document type on a line of its own ("QUYẾT ĐỊNH"), folded, and their names.
DOC_TYPES: dict[str, str] = {
    "bao cao": "Báo cáo", "quyet dinh": "Quyết định", "ke hoach": "Kế hoạch",
    "thong bao": "Thông báo", "to trinh": "Tờ trình", "chi thi": "Chỉ thị",
    "cong van": "Công văn", "chuong trinh": "Chương trình", "nghi quyet": "Nghị quyết",
    "quy che": "Quy chế", "quy dinh": "Quy định", "huong dan": "Hướng dẫn", "de an": "Đề án",
    "bien ban": "Biên bản", "cong dien": "Công điện", "giay moi": "Giấy mời",
    "thong tu": "Thông tư", "nghi dinh": "Nghị định", "ke hoach cong tac": "Kế hoạch",
    "chuong trinh cong tac": "Chương trình", "bao cao tom tat": "Báo cáo",
}  # fmt: skip
# Type codes of a document number ("05/BC-STTTT"), Decree 30's list.
TYPE_CODES: dict[str, str] = {
    "BC": "Báo cáo", "KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "TB": "Thông báo",
    "HD": "Hướng dẫn", "TTr": "Tờ trình", "CTr": "Chương trình", "ĐA": "Đề án",
    "NQ": "Nghị quyết", "QC": "Quy chế", "QyĐ": "Quy định", "BB": "Biên bản", "CĐ": "Công điện",
    "GM": "Giấy mời",
}  # fmt: skip
_NUMBER_TEXT = re.compile(r"^\s*(?i:số)\s*:?\s*(?P<number>[^\s].*?)\s*$")
_SUMMARY = re.compile(r"^(?:v/v|ve viec)\b")
_DATE_YEAR = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(\d{4})", re.IGNORECASE)
_BAO_CAO = re.compile(r"^bao cao\b")
_KINH_GUI = re.compile(r"^(?:kinh gui|v/v|ve viec)\b")
_TITLE_START = re.compile(
    r"^(?:bao cao|ket qua|tinh hinh|tong ket|so ket|danh gia|thuc hien|hoat dong|cong tac)\b"
)
_TRAILER = re.compile(
    r"^(?:noi nhan\b|(?:tm|kt|tl|tuq|q)\.\s*\S|(?:pho )?(?:giam doc|chu tich|truong phong|"
    r"chanh van phong|truong ban|bi thu|thu truong)\s*$|tren day la\b)"
)
_BODY_END = re.compile(r"\./\.\s*$")
# A line that ends the body: "Nơi nhận", a signature line, "Trên đây là ...".
_TRAILER_LINE = (
    r"[ \t]*(?i:nơi[ \t]+nhận\b|(?:tm|kt|tl|tuq|q)\.[ \t]*\S|trên[ \t]+đây[ \t]+là\b"
    r"|(?:phó[ \t]+)?(?:giám[ \t]+đốc|chủ[ \t]+tịch|trưởng[ \t]+phòng|chánh[ \t]+văn[ \t]+phòng"
    r"|trưởng[ \t]+ban|bí[ \t]+thư|thủ[ \t]+trưởng)[ \t]*$)"
)
_TRAILER_HERE = re.compile(_TRAILER_LINE, re.MULTILINE)
# Such a line after a line break, or a line ending in "./.". Both start with a fixed
# character, which lets the regex engine skip ahead quickly.
_TRAILER_RAW = re.compile(rf"\n{_TRAILER_LINE}|\./\.[ \t]*$", re.MULTILINE)


@dataclass(eq=False, slots=True)
class Line:
    """A non-empty line of the text, trimmed, with its span (``text`` is ``text[start:end]``)."""

    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        """Return the line folded for matching (see ``normalize.fold``, which caches)."""
        return fold(self.text)

    @property
    def folded_head(self) -> str:
        """Return the first 60 characters of the line, folded."""
        return fold(self.text[:60])


@dataclass
class Layout:
    """Where the header, title and body of a report are."""

    lines: list[Line]
    header_lines: list[Line] = field(default_factory=list)
    issuer_lines: list[str] = field(default_factory=list)
    date_year: int | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    body_first: int = 0  # index of the first body line
    body_last: int = 0  # index after the last body line
    doc_type: str | None = None  # from the type line ("QUYẾT ĐỊNH"), "V/v" or the number
    number: str | None = None  # "05/BC-STTTT", spaces removed
    date: str | None = None  # ISO date of the place-and-date line, when complete
    date_month: int | None = None
    place: str | None = None
    governing_lines: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Return the non-blank lines of ``text``, trimmed, with their spans."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.find(stripped[0])
            out.append(Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def is_upper_line(text: str) -> bool:
    """Tell whether a line is written in capitals (two words at least)."""
    if len(text) > _MAX_UPPER_LINE or text[:2].islower() or " " not in text.strip():
        return False
    if sum(map(str.islower, text[:20])) > 3:
        return False
    letters = sum(map(str.isalpha, text))
    if letters < 4:
        return False
    if text.upper() == text:
        return True
    return sum(map(str.islower, text)) <= 0.15 * letters


def _is_header_fragment(folded: str) -> bool:
    return bool(
        _RULE.match(folded)
        or _NATIONAL.match(folded)
        or _MOTTO.match(folded)
        or _NUMBER_LINE.match(folded)
        or _PLACE_DATE.match(folded)
        or _PLACE_DATE_ANY.match(folded)
    )


def doc_type_of_line(folded: str) -> str | None:
    """Return the document type a line names on its own ("QUYẾT ĐỊNH"), or None."""
    return DOC_TYPES.get(folded.strip().rstrip(":").strip())


def _read_date(layout: Layout, text: str, folded: str) -> None:
    match = _PLACE_DATE_ANY.match(folded)
    if match is None:
        return
    layout.place = text[: match.end("place")].strip()
    day, month, year = (re.sub(r"\D", "", match.group(k)) for k in ("d", "m", "y"))
    if year and len(year) == 4:
        layout.date_year = int(year)
    if month and 1 <= int(month) <= 12:
        layout.date_month = int(month)
    if day and month and year and len(year) == 4:
        try:
            layout.date = datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            layout.date = None


def _read_number(layout: Layout, text: str) -> None:
    match = _NUMBER_TEXT.match(text)
    if match is None:
        return
    number = re.sub(r"\s+", "", match.group("number")).replace("Ð", "Đ").replace("ð", "đ")
    if any(ch.isdigit() for ch in number):
        layout.number = number


def _title_like(line: Line) -> bool:
    if line.text.endswith((":", ";")) or word_count(line.text) > 40:
        return False
    if line.text.endswith(".") and not line.text.endswith("./."):
        return False
    return bool(_TITLE_START.match(line.folded) or first_period(line.text) is not None)


def find_layout(text: str) -> Layout:
    """Return the layout of a report's canonical text."""
    lines = split_lines(text)
    layout = Layout(lines)
    i = 0
    while i < len(lines) and i < 16:
        line = lines[i]
        if doc_type_of_line(line.folded) or _SUMMARY.match(line.folded):
            break
        if _PLACE_DATE_ANY.match(line.folded):  # a draft's date line has runs of blanks
            fragments = [line.text]
        else:
            fragments = [f.strip() for f in _COLUMNS.split(line.text) if f.strip()]
        # each fragment: (text, folded, a header fragment?, in capitals?)
        read = []
        for t in fragments:
            f = fold(t)
            header = _is_header_fragment(f)
            upper = is_upper_line(t)
            if not (header or (upper and first_period(t) is None)):
                break
            read.append((t, f, header, upper))
        else:
            for t, f, header, upper in read:
                if upper and not header:
                    layout.issuer_lines.append(t)
                if _NUMBER_LINE.match(f):
                    _read_number(layout, t)
                elif _PLACE_DATE_ANY.match(f):
                    _read_date(layout, t, f)
            layout.header_lines.append(line)
            i += 1
            continue
        break
    if i < len(lines) and layout.header_lines:
        named = doc_type_of_line(lines[i].folded)
        if named:
            layout.doc_type = named
    i = _read_title(layout, i)
    if layout.doc_type is None and layout.title and _SUMMARY.match(fold(layout.title[:10])):
        layout.doc_type = "Công văn"
    if layout.doc_type is None and layout.number:
        code = re.search(r"[/-]([A-Za-zĐđ]{2,4})(?:-|$)", layout.number)
        layout.doc_type = TYPE_CODES.get(code.group(1)) if code else None
    if layout.doc_type is None and i > 0 and _BAO_CAO.match(lines[0].folded):
        layout.doc_type = "Báo cáo"
    while i < len(lines) and (_KINH_GUI.match(lines[i].folded) or _RULE.match(lines[i].folded)):
        i += 1
    # The authority line of a legal instrument ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
    # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ...") is metadata, not a heading.
    if (
        i < len(lines)
        and layout.doc_type in _INSTRUMENTS
        and is_upper_line(lines[i].text)
        and not lines[i].text.rstrip().endswith(":")
        and not re.match(r"^[IVX\d]+[.)]", lines[i].text)
    ):
        i += 1
    layout.body_first = i
    layout.body_last = len(lines)
    if i < len(lines):
        at = lines[i].start
        found = _TRAILER_HERE.match(text, at) if text[at - 1 : at] in ("", "\n") else None
        if found is None:
            found = _TRAILER_RAW.search(text, at)
        if found is not None:
            j = max(i, bisect_right([line.start for line in lines], found.end() - 1) - 1)
            layout.body_last = j + 1 if "./." in found.group() else j
    return layout


_INSTRUMENTS = frozenset({"Quyết định", "Nghị quyết", "Chỉ thị", "Quy chế", "Quy định"})


def _read_title(layout: Layout, i: int) -> int:
    """Read the title from line ``i`` on; return the index of the line after it."""
    lines = layout.lines
    if i >= len(lines):
        return i
    line = lines[i]
    first = i
    if doc_type_of_line(line.folded) and not line.text.rstrip().endswith(":"):
        if layout.doc_type is None and _BAO_CAO.match(line.folded):
            layout.doc_type = "Báo cáo"
        i += 1
        while i < len(lines) and _RULE.match(lines[i].folded):
            i += 1
        if i >= len(lines):
            return i
        first = i
    elif not (
        _BAO_CAO.match(line.folded)
        or _title_like(line)
        or (layout.header_lines and _SUMMARY.match(line.folded))
    ):
        return i
    last = first
    while (
        last + 1 < len(lines)
        and last - first < 2
        and lines[last + 1].text[:1].islower()
        and not lines[last].text.endswith((".", ":", ";"))
    ):
        last += 1
    start, end = lines[first].start, lines[last].end
    layout.title_span = (start, end)
    layout.title = " ".join(line.text for line in lines[first : last + 1])
    i = last + 1
    while i < len(lines) and _RULE.match(lines[i].folded):
        i += 1
    return i
