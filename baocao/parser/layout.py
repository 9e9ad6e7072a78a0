"""Find the parts of an official report: header, title, body and the closing signature block.

Decree 30/2020/NĐ-CP lays a report out as: governing and issuing body (upper case), the
national motto, "Số: ..", place and date, "BÁO CÁO", the summary line, the body ending in
"./.", then the signature and "Nơi nhận:". Text without that header is read from its
first line: a title-like first line is the title.
"""

from __future__ import annotations

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
    )


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
    while i < len(lines) and i < 14:
        line = lines[i]
        if _BAO_CAO.match(line.folded):
            break
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
                year = _DATE_YEAR.search(t)
                if year and _PLACE_DATE.match(f):
                    layout.date_year = int(year.group(1))
            layout.header_lines.append(line)
            i += 1
            continue
        break
    i = _read_title(layout, i)
    while i < len(lines) and (_KINH_GUI.match(lines[i].folded) or _RULE.match(lines[i].folded)):
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


def _read_title(layout: Layout, i: int) -> int:
    """Read the title from line ``i`` on; return the index of the line after it."""
    lines = layout.lines
    if i >= len(lines):
        return i
    line = lines[i]
    first = i
    if _BAO_CAO.match(line.folded) and word_count(line.text) <= 2:
        i += 1
        while i < len(lines) and _RULE.match(lines[i].folded):
            i += 1
        if i >= len(lines):
            return i
        first = i
    elif not (_BAO_CAO.match(line.folded) or _title_like(line)):
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
