"""Find quantities (a number with a counting or measuring unit) and zero statements.

Numbers are Vietnamese ("1.234,5"). Ranges give ``value=None`` with ``value_min/value_max``;
ratios ("23/27 ngành") give the numerator and ``denominator``. A number is a quantity only
when a unit from the lexicon follows it, so years, dates, times, period phrases, road names,
"Covid-19" and heading numbers are left out; ordinals ("lần thứ 52") and numbers inside
citations are excluded explicitly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from baocao.parser.lexicon import (
    COUNT_UNITS,
    MEASURE_UNITS,
    NEGATED_DESCRIPTIONS,
    SCALE_WORDS,
    UNIT_TAIL_STOPS,
    ZERO_UNITS,
)
from baocao.parser.model import Number, Quantity, Span, ZeroFact
from baocao.parser.normalize import squash
from baocao.parser.patterns import trie_pattern

_SP = r"[ \t\u00a0]"
_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


def _alternation(words: Sequence[str]) -> str:
    return trie_pattern(words, f"{_SP}+")


_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_END_NUM = r"(?!\d|[.,]\d)"
_UNITS = _alternation(COUNT_UNITS + MEASURE_UNITS)
_SCALES = _alternation(SCALE_WORDS)
_QUANTITY = re.compile(
    rf"(?=[-−+\d])(?:(?<![\w.,/])(?P<sign>[-−+])|(?<![\w.,/\-−+]))"
    rf"(?P<num>{_NUM}){_END_NUM}"
    rf"(?:{_SP}*(?:[-–—÷~]|đến|tới){_SP}*(?P<hi>{_NUM}){_END_NUM}|/(?P<den>{_NUM}){_END_NUM}(?!/))?"
    rf"(?P<gap>{_SP}*)"
    rf"(?P<unit>(?:{_UNITS})(?!\w)|(?:{_SCALES}){_SP}+(?:{_UNITS})(?!\w)|(?:{_SCALES})(?!\w))"
)
_MEASURE = frozenset(squash(u) for u in MEASURE_UNITS)
_TAIL = re.compile(
    rf"(?:{_SP}+(?:(?:{_alternation(NEGATED_DESCRIPTIONS)})(?!\w)"
    rf"|(?!(?:{_alternation(UNIT_TAIL_STOPS)})(?!\w))[{_LOWER}]+(?!\w))){{0,4}}"
)
# Words right before a number that make it an ordinal, a reference or a date part.
_BEFORE_WORDS = tuple(
    " " + w
    for w in (
        "thứ", "điều", "khoản", "điểm", "mục", "chương", "phần", "khóa", "khoá", "quốc lộ",
        "tỉnh lộ", "số nhà", "số:", "phụ lục", "biểu", "biểu mẫu", "mẫu", "tổ", "ngày",
        "tháng", "năm", "quý",
    )
)  # fmt: skip
_BEFORE_CHARS = 16
_ZERO = re.compile(
    rf"(?=[KkCc])(?<!\w)(?:[Kk]hông|[Cc]hưa){_SP}+(?:(?:có|phát{_SP}+sinh|xảy{_SP}+ra|ghi{_SP}+nhận"
    rf"|tiếp{_SP}+nhận|nhận{_SP}+được){_SP}+)+"
    rf"(?P<unit>{_alternation(ZERO_UNITS)})(?!\w)(?P<rest>[^.;:,\n()!?]*)"
)
_ZERO_TRAIL = re.compile(rf"(?:{_SP}+(?:phát{_SP}+sinh|xảy{_SP}+ra|nào))+{_SP}*$")


def parse_number(written: str) -> Number:
    """Return the value of a Vietnamese number ("1.234,5" → 1234.5, "05" → 5)."""
    plain = written.replace(".", "").replace(",", ".")
    return float(plain) if "." in plain else int(plain)


def _inside(spans: Sequence[Span], starts: Sequence[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def find_quantities(
    text: str, start: int = 0, end: int | None = None, exclude: Sequence[Span] = ()
) -> list[Quantity]:
    """Return the quantities of ``text[start:end]`` outside the ``exclude`` spans (sorted)."""
    stop = len(text) if end is None else end
    starts = [s for s, _ in exclude]
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text, start, stop):
        begin = m.start()
        if exclude and (_inside(exclude, starts, begin) or _inside(exclude, starts, m.end() - 1)):
            continue
        before = " " + text[max(0, begin - _BEFORE_CHARS) : begin].rstrip(" \t\u00a0").lower()
        if before.endswith(_BEFORE_WORDS):
            continue
        unit = " ".join(m.group("unit").split())
        measure = unit in _MEASURE or unit.split()[-1] in _MEASURE
        if not m.group("gap") and not measure:
            continue
        finish = m.end()
        if not measure:
            tail = _TAIL.match(text, finish, stop)
            if tail:
                finish = tail.end()
        sign = -1 if m.group("sign") in ("-", "−") else 1
        value = parse_number(m.group("num")) * sign
        quantity_text = text[begin:finish]
        if m.group("hi"):
            out.append(
                Quantity(
                    quantity_text,
                    None,
                    unit,
                    (begin, finish),
                    value_min=value,
                    value_max=parse_number(m.group("hi")),
                )
            )
        elif m.group("den"):
            out.append(
                Quantity(
                    quantity_text,
                    value,
                    unit,
                    (begin, finish),
                    denominator=parse_number(m.group("den")),
                )
            )
        else:
            out.append(Quantity(quantity_text, value, unit, (begin, finish)))
    return out


def find_zero_facts(text: str, start: int = 0, end: int | None = None) -> list[ZeroFact]:
    """Return the statements that something did not happen ("không có vụ việc ... phát sinh")."""
    stop = len(text) if end is None else end
    out: list[ZeroFact] = []
    for m in _ZERO.finditer(text, start, stop):
        rest = m.group("rest")
        finish = m.end("rest") - (len(rest) - len(rest.rstrip()))
        subject = _ZERO_TRAIL.sub("", text[m.end("unit") : finish]).strip() or None
        out.append(ZeroFact(text[m.start() : finish], squash(m.group("unit")), subject,
                            (m.start(), finish)))  # fmt: skip
    return out
