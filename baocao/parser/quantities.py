"""Find quantities (a number with a counting or measuring unit) and zero statements.

Numbers are Vietnamese ("1.234,5"). Ranges give ``value=None`` with ``value_min/value_max``;
ratios ("23/27 ngành") give the numerator and ``denominator``. A number is a quantity only
when a unit from the lexicon follows it, so years, dates, times, period phrases, road names,
"Covid-19" and heading numbers are left out; ordinals ("lần thứ 52") and numbers inside
citations are excluded explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from baocao.parser.lexicon import (
    COUNT_UNITS,
    MEASURE_UNITS,
    NEGATED_DESCRIPTIONS,
    PER_UNITS,
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
_SIGNS = "-−+"
# "per" parts after a unit: "triệu đồng/ha/năm", "kg/người/năm".
_PER = "/(?:" + _alternation(PER_UNITS) + r")(?!\w)"
# The match starts at the number's first digit, so that the regex engine can skip to digits
# quickly. The digit follows no word character, ".", "," or "/"; a sign right before it
# ("-850") belongs to the quantity unless a word character, ".", "," or "/" comes before the
# sign. ``_NUM`` with its first digit taken out:
_NUM_REST = r"(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?)"
_QUANTITY = re.compile(
    rf"(?P<num>\d(?<![\w.,/]\d)(?<![\w.,/][{_SIGNS}]\d){_NUM_REST}){_END_NUM}"
    rf"(?:{_SP}*(?:[-–—÷~]|đến|tới){_SP}*(?P<hi>{_NUM}){_END_NUM}|/(?P<den>{_NUM}){_END_NUM}(?!/))?"
    rf"(?P<gap>{_SP}*)"
    rf"(?P<unit>(?:(?:{_SCALES}){_SP}+)?(?:{_UNITS})(?!\w)(?:{_PER})*|(?:{_SCALES})(?!\w))"
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
_BEFORE_LAST = frozenset(word[-1] for word in _BEFORE_WORDS)  # a quick test first
_BEFORE_CHARS = 16
_ZERO = re.compile(
    # "[Kk]hông|[Cc]hưa" at a word start, its first letter matched before being looked behind
    # at (the regex engine then skips quickly to those letters)
    rf"[KkCc](?<!\w[KkCc])(?:(?<=[Kk])hông|(?<=[Cc])hưa){_SP}+"
    rf"(?:(?:có|phát{_SP}+sinh|xảy{_SP}+ra|ghi{_SP}+nhận|tiếp{_SP}+nhận|nhận{_SP}+được){_SP}+)+"
    rf"(?P<unit>{_alternation(ZERO_UNITS)})(?!\w)(?P<rest>[^.;:,\n()!?]*)"
)
_ZERO_TRAIL = re.compile(rf"(?:{_SP}+(?:phát{_SP}+sinh|xảy{_SP}+ra|nào))+{_SP}*$")


def parse_number(written: str) -> Number:
    """Return the value of a Vietnamese number ("1.234,5" → 1234.5, "05" → 5)."""
    if written.isdecimal():
        return int(written)
    plain = written.replace(".", "").replace(",", ".")
    return float(plain) if "." in plain else int(plain)


def _matches(text: str, start: int, stop: int) -> Iterator[tuple[re.Match[str], int, int]]:
    """Yield each quantity match of ``text[start:stop]`` with its start (at its sign) and sign."""
    pos = start
    while True:
        m = _QUANTITY.search(text, pos, stop)
        if m is None:
            return
        begin = m.start()
        sign = 1
        if begin and text[begin - 1] in _SIGNS:
            if begin - 1 < start:  # the sign is outside the range: so is the quantity
                pos = begin + 1
                continue
            if text[begin - 1] != "+":
                sign = -1
            begin -= 1
        yield m, begin, sign
        pos = m.end()


@lru_cache(maxsize=1024)
def _unit(written: str) -> tuple[str, bool]:
    """Return a unit as written with its spaces squashed, and whether it is a measure."""
    unit = " ".join(written.split())
    head = unit.split("/", 1)[0]
    return unit, unit in _MEASURE or unit.split()[-1] in _MEASURE or head.split()[-1] in _MEASURE


def find_quantities(
    text: str, start: int = 0, end: int | None = None, exclude: Sequence[Span] = ()
) -> list[Quantity]:
    """Return the quantities of ``text[start:end]`` outside the ``exclude`` spans (sorted)."""
    stop = len(text) if end is None else end
    # ``exclude`` is sorted: the span to test a position against is the last one starting at
    # or before it, and the positions tested only grow, so two cursors walk the spans.
    starts = [s for s, _ in exclude]
    n_excluded = len(starts)
    first_at = last_at = 0
    out: list[Quantity] = []
    for m, begin, sign in _matches(text, start, stop):
        if n_excluded:
            last = m.end() - 1
            while first_at < n_excluded and starts[first_at] <= begin:
                first_at += 1
            while last_at < n_excluded and starts[last_at] <= last:
                last_at += 1
            if (first_at and begin < exclude[first_at - 1][1]) or (
                last_at and last < exclude[last_at - 1][1]
            ):
                continue
        before = text[max(0, begin - _BEFORE_CHARS) : begin].rstrip(" \t\u00a0")
        if before[-1:].lower()[-1:] in _BEFORE_LAST and (" " + before.lower()).endswith(
            _BEFORE_WORDS
        ):
            continue
        unit, measure = _unit(m.group("unit"))
        if not measure and not m.group("gap"):
            continue
        finish = m.end()
        if not measure:
            tail = _TAIL.match(text, finish, stop)
            if tail:
                finish = tail.end()
        value = parse_number(m.group("num")) * sign
        quantity_text = text[begin:finish]
        hi, den = m.group("hi", "den")
        if hi:
            out.append(
                Quantity(
                    quantity_text,
                    None,
                    unit,
                    (begin, finish),
                    value_min=value,
                    value_max=parse_number(hi),
                )
            )
        elif den:
            out.append(
                Quantity(quantity_text, value, unit, (begin, finish), denominator=parse_number(den))
            )
        else:
            out.append(Quantity(quantity_text, value, unit, (begin, finish)))
    return out


def _zero_matches(text: str, start: int, stop: int) -> list[re.Match[str]]:
    """Return what ``_ZERO.finditer(text, start, stop)`` finds, found faster.

    A match starts one character before "hông" (of "không") or "hưa" (of "chưa"): a plain
    search finds those few places, and the regex is tried there alone.
    """
    starts = []
    for word, firsts in (("hông", "Kk"), ("hưa", "Cc")):
        at = text.find(word, start + 1, stop)
        while at >= 0:
            if text[at - 1] in firsts:
                starts.append(at - 1)
            at = text.find(word, at + 1, stop)
    out: list[re.Match[str]] = []
    pos = start
    for candidate in sorted(starts):
        if candidate >= pos:
            match = _ZERO.match(text, candidate, stop)
            if match is not None:
                out.append(match)
                pos = match.end()
    return out


def find_zero_facts(text: str, start: int = 0, end: int | None = None) -> list[ZeroFact]:
    """Return the statements that something did not happen ("không có vụ việc ... phát sinh")."""
    stop = len(text) if end is None else end
    out: list[ZeroFact] = []
    for m in _zero_matches(text, start, stop):
        rest = m.group("rest")
        finish = m.end("rest") - (len(rest) - len(rest.rstrip()))
        subject = _ZERO_TRAIL.sub("", text[m.end("unit") : finish]).strip() or None
        out.append(ZeroFact(text[m.start() : finish], squash(m.group("unit")), subject,
                            (m.start(), finish)))  # fmt: skip
    return out
