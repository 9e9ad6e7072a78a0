"""Find the sections of a report body (headings and lead-ins) and the items under them.

Headings: "I.", "1.", "1.1.", "a)" numbered lines that read as titles, lines in capitals,
and lead-ins ending in ":" that name a field ("Về Công nghệ thông tin:", "- Cây lúa:").
Each section's kind (results, plan, issues, proposals, other) comes from its title's words or
from the part it sits in; the next-period part is the first "plan" section and those under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from baocao.parser.items import action_match, split_items
from baocao.parser.layout import Line, is_upper_line
from baocao.parser.model import Item, Period, Section
from baocao.parser.normalize import fold, word_count
from baocao.parser.periods import later_period_within, mentions_relative_next

_MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]{1,4})[.)/]|(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})(?P<adot>[.)/])?"
    r"|(?P<letter>[a-zđ])[.)]|(?P<bullet>[-–—•+*▪●○◦·]))[ \t]+(?=\S)"
)
_MAX_LEAD_WORDS = 25
# The enacting word of a legal instrument on its own line, and the label of a part.
_ENACTING = re.compile(r"^(?:quyet dinh|quyet nghi|chi thi|ket luan)\s*:\s*$")
_PART_LABEL = re.compile(r"^phan\s+(?:thu\s+)?(?:nhat|hai|ba|tu|nam|[ivx]+|\d+)\s*[.:]?\s*$")
# An article of a legal instrument: "Điều 1." followed by its title or its text.
_ARTICLE = re.compile(r"^(?P<label>(?:Điều|ĐIỀU)\s+\d{1,3})\s*[.:]\s*")
_SHORT_HEADING_WORDS = 10
_GENERIC_END = tuple(
    f" {phrase}"
    for phrase in (
        "nhu sau", "sau day", "cu the", "sau", "gom", "bao gom", "trong do", "nhu", "la",
        "cac linh vuc", "cac noi dung", "cac mat", "duoi day", "the hien", "theo do", "voi",
    )
)  # fmt: skip
_NOT_LEAD_START = re.compile(
    r"^(?:kinh gui|noi nhan|so\b|luu\b|can cu|thuc hien|ghi chu|dien thoai|email|fax|"
    r"website|dia chi|trong do|cu the|vi du|tuy nhien|ngoai ra|mot so|sau day|duoi day)"
)
_SENTENCE_INSIDE = re.compile(r"[.!?;]\s")
_FIELD_START = re.compile(r"^(?:cong tac|linh vuc|hoat dong|tinh hinh|ve)\s")
_PREDICATE = re.compile(r" (?:được|đã|đang|tiếp tục|cơ bản|luôn|đạt|vẫn) ")
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("plan", r"phuong huong|nhiem vu trong tam|nhiem vu,? giai phap|du kien|"
             r"(?:nhiem vu|ke hoach|chuong trinh)[^.:]*(?:toi|tiep theo|sap toi)"),
    ("issues", r"ton tai|han che|kho khan|vuong mac|bat cap|yeu kem|nguyen nhan"),
    ("proposals", r"kien nghi|de xuat|de nghi"),
    ("other", r"danh gia chung|dac diem tinh hinh|tinh hinh chung|nhan xet|"
              r"to chuc thuc hien|ket luan|phu luc"),
    ("results", r"ket qua"),
)  # fmt: skip
# Kind words start a word: at the start of the folded title, or after a character that is not
# a word character (matched, not looked behind at, so that the regex engine skips to those).
# The earliest wins; there, the first kind of _KIND_WORDS that matches.
_ANY_KIND = "(?:" + "|".join(words for _, words in _KIND_WORDS) + ")"
_KIND_AT_START = re.compile(_ANY_KIND)
_KIND_AFTER = re.compile(r"\W" + _ANY_KIND)
_EACH_KIND = tuple((kind, re.compile(words)) for kind, words in _KIND_WORDS)
_PLAN_PERIOD_WITHIN = 40  # a later period named this near the start makes a plan
_LEVEL_ROMAN, _LEVEL_UPPER, _LEVEL_STANDALONE, _LEVEL_INLINE = 1, 1, 8, 9


@dataclass
class Body:
    """The sections of a body and the items before the first of them."""

    sections: list[Section] = field(default_factory=list)
    preamble: list[Item] = field(default_factory=list)


def _lead_end(text: str, start: int, end: int) -> int | None:
    """Return the offset of the colon ending a lead-in at ``start``, or None."""
    colon = text.find(":", start, end)
    if colon < 0 or (colon + 1 < end and not text[colon + 1].isspace()):
        return None
    lead = text[start:colon].strip()
    if not lead or word_count(lead) > _MAX_LEAD_WORDS or _SENTENCE_INSIDE.search(lead):
        return None
    folded = fold(lead)
    if (" " + folded).endswith(_GENERIC_END) or _NOT_LEAD_START.match(folded):
        return None
    return colon


def _title_from_lead(lead: str) -> str:
    """Cut the predicate off a field lead-in ("Công tác X được thực hiện ..." → "Công tác X")."""
    if _FIELD_START.match(fold(lead)):
        cut = _PREDICATE.search(lead)
        if cut:
            return lead[: cut.start()].rstrip(" ,")
    return lead


def _title_kind(folded: str) -> str | None:
    """Return the kind the earliest kind word of a folded title names, or None."""
    match = _KIND_AT_START.match(folded)
    if match is None:
        match = _KIND_AFTER.search(folded)
        if match is None:
            return None
    at = match.start() if match.re is _KIND_AT_START else match.start() + 1
    return next(kind for kind, words in _EACH_KIND if words.match(folded, at))


@lru_cache(maxsize=4096)
def section_kind(title: str, report: Period | None) -> str | None:
    """Return the kind a title names, or None when it names none.

    Cached: the same headings and lead-ins come back from report to report ("Kết quả đạt
    được", "Phương hướng, nhiệm vụ ..."), as ``fold`` caches the folded text.
    """
    kind = _title_kind(fold(title))
    if kind == "plan":
        return "plan"
    if report is not None and later_period_within(title, report, _PLAN_PERIOD_WITHIN):
        return "plan"
    if kind in (None, "results") and mentions_relative_next(title):
        return "plan"
    return kind


class _Builder:
    def __init__(self, text: str, report: Period | None) -> None:
        self.text = text
        self.report = report
        self.body = Body()
        self.stack: list[tuple[int, str]] = []
        self.seen_non_results = False
        self.current: Section | None = None
        self.paragraph_follows = False  # the next line is a paragraph (no marker, a capital)

    def open_section(self, title_start: int, title_end: int, level: int) -> None:
        title = self.text[title_start:title_end].rstrip().rstrip(":").rstrip()
        shown = _title_from_lead(title)
        title_end = title_start + len(shown)
        own = section_kind(shown, self.report)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if own is None:
            own = self.stack[-1][1] if self.stack else None
            if own is None:
                own = "other" if self.seen_non_results else "results"
            self.stack.append((level, own))
        else:
            self.stack.append((level, own))
        if own != "results":
            self.seen_non_results = True
        self.current = Section(shown, (title_start, title_end), own, level)
        self.body.sections.append(self.current)

    def add_items(self, start: int, end: int) -> None:
        if start >= end:
            return
        found = split_items(self.text, start, end)
        if self.current is None:
            self.body.preamble.extend(found)
        else:
            self.current.items.extend(found)

    def line(self, line: Line) -> None:
        folded_head = line.folded_head
        if _ENACTING.match(folded_head) or _PART_LABEL.match(folded_head):
            return  # "QUYẾT ĐỊNH:" before the articles, "Phần thứ nhất" before a part's title
        article = _ARTICLE.match(line.text)
        if article is not None:
            self._article(line, article)
            return
        marker = _MARKER.match(line.text)
        if marker is not None:
            roman, arabic, adot, bullet = marker.group("roman", "arabic", "adot", "bullet")
            if not (arabic and not (adot or "." in arabic)):  # "2022 ..." is no marker
                start = line.start + marker.end()
                rest = line.text[marker.end() :]
                if bullet:
                    self._bullet_line(line, start, rest, bullet)
                else:
                    self._numbered_line(line, start, rest, _numbered_level(marker), roman)
                return
        text = self.text
        if is_upper_line(line.text) and word_count(line.text) <= _MAX_LEAD_WORDS:
            self.open_section(line.start, line.end, _LEVEL_UPPER)
            return
        colon = _lead_end(text, line.start, line.end)
        if colon is not None:
            lead = text[line.start : colon]
            plan = section_kind(lead, self.report) == "plan"
            if plan or (not _starts_with_action(lead) and _short_field(text, line.start, colon)):
                standalone = not text[colon + 1 : line.end].strip()
                self.open_section(
                    line.start, colon, _LEVEL_STANDALONE if standalone else _LEVEL_INLINE
                )
                self.add_items(colon + 1, line.end)
                return
        self.add_items(line.start, line.end)

    def _article(self, line: Line, article: re.Match[str]) -> None:
        """Open an article: "Điều 1. Phạm vi điều chỉnh" is its title; a sentence is its item."""
        rest_start = line.start + article.end()
        rest = self.text[rest_start : line.end]
        if rest.strip() and _heading_like(rest, roman=False) and not rest.rstrip().endswith("."):
            self.open_section(line.start, line.end, _LEVEL_ROMAN)
            return
        self.open_section(line.start, line.start + len(article.group("label")), _LEVEL_ROMAN)
        self.add_items(rest_start, line.end)

    def _numbered_line(
        self, line: Line, start: int, rest: str, level: int, roman: str | None
    ) -> None:
        colon = _lead_end(self.text, start, line.end)
        if colon is not None and not _starts_with_action(rest):
            self.open_section(start, colon, level)
            self.add_items(colon + 1, line.end)
        elif _heading_like(rest, roman=bool(roman), paragraph_follows=self.paragraph_follows):
            self.open_section(start, line.end, level)
        else:
            self.add_items(start, line.end)

    def _bullet_line(self, line: Line, start: int, rest: str, bullet: str) -> None:
        text = self.text
        colon = _lead_end(text, start, line.end)
        if (
            colon is not None
            and (word_count(text[start:colon]) <= 6 or not _starts_with_action(rest))
            and _short_field(text, start, colon)
        ):
            self.open_section(start, colon, 6 if bullet != "+" else 7)
            self.add_items(colon + 1, line.end)
        else:
            self.add_items(start, line.end)


def _numbered_level(marker: re.Match[str]) -> int:
    if marker.group("roman"):
        return _LEVEL_ROMAN
    if marker.group("arabic"):
        return 2 + marker.group("arabic").count(".")
    return 5


def _starts_with_action(text: str) -> bool:
    return action_match(text) is not None


def _short_field(text: str, start: int, colon: int) -> bool:
    """Tell whether a lead-in reads as the name of a field rather than a sentence."""
    lead = text[start:colon]
    if _FIELD_START.match(fold(lead)) or section_kind(lead, None) is not None:
        return True
    return not any(ch.isdigit() for ch in lead)


def _heading_like(rest: str, *, roman: bool, paragraph_follows: bool = False) -> bool:
    stripped = rest.rstrip()
    if roman or is_upper_line(stripped):
        return True
    if stripped.endswith((".", ";", ",")) and not stripped.endswith(":"):
        return False
    words = word_count(stripped)
    if words > _MAX_LEAD_WORDS:
        return False
    if words <= 4 or not _starts_with_action(stripped):
        return True
    # "2. Xây dựng nông thôn mới" names a field by an activity when a paragraph follows it
    # (a list entry without a final stop is followed by the next entry instead).
    return (
        paragraph_follows
        and words <= _SHORT_HEADING_WORDS
        and not any(ch.isdigit() for ch in stripped)
    )


def _join_broken_lines(text: str, lines: list[Line]) -> list[Line]:
    """Join a line to the one before it when it carries on a broken sentence."""
    out: list[Line] = []
    for line in lines:
        if (
            out
            and not out[-1].text.endswith((".", ";", ":", "!", "?"))
            and (line.text[:1].islower() or line.text[:1].isdigit())
            and _MARKER.match(line.text) is None
            and not is_upper_line(out[-1].text)
        ):
            prev = out[-1]
            joined = text[prev.start : line.end]
            out[-1] = Line(prev.start, line.end, joined)
        else:
            out.append(line)
    return out


def segment(text: str, lines: list[Line], report: Period | None) -> Body:
    """Return the sections and preamble of the body ``lines`` of ``text``."""
    builder = _Builder(text, report)
    joined = _join_broken_lines(text, lines)
    for k, line in enumerate(joined):
        after = joined[k + 1].text if k + 1 < len(joined) else ""
        builder.paragraph_follows = bool(
            after[:1].isupper() and _MARKER.match(after) is None and not is_upper_line(after)
        )
        builder.line(line)
    return builder.body
