"""Find the reporting period a phrase names: month, quarter, half year, nine months, year."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from baocao.parser.model import Period

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
_NUM_WORDS = {"sáu": 6, "chín": 9, "ba": 3}
# Months written as words: "tháng Năm", "tháng Mười Một", "tháng Giêng", "THÁNG TÁM".
MONTH_WORDS: dict[str, int] = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip


def _month_word_pattern() -> str:
    # Case-sensitive: a capital shows a month name ("tháng Năm" is May, "5 tháng năm 2017"
    # is five months of the year); lower case only for words that cannot be misread.
    forms: list[str] = []
    for word in sorted(MONTH_WORDS, key=len, reverse=True):
        forms.append(" ".join(w[:1].upper() + w[1:] for w in word.split()))
        forms.append(word.upper())
        if word in ("tám", "mười một", "mười hai", "chạp", "giêng", "bảy"):
            forms.append(word)
    return "(?-i:" + "|".join(f.replace(" ", r"\s+") for f in forms) + ")"


_MONTH_WORD = _month_word_pattern()

_PERIOD = re.compile(
    r"(?=[0369sScCbBqQtTnN])(?<!\w)(?:"
    # 6 tháng đầu năm 2022, 06 tháng năm 2022, sáu tháng cuối năm, 9 tháng năm 2022
    r"(?P<n>0?6|0?9|sáu|chín)\s+tháng(?:\s+(?P<part>đầu|cuối))?(?:\s+năm)?"
    r"(?:\s+" + _YEAR.format("ny") + r")?"
    r"|(?P<n3>0?3|ba)\s+tháng\s+(?P<part3>đầu|cuối)\s+năm(?:\s+" + _YEAR.format("ty") + r")?"
    # quý I/2022, quý II năm 2022, quý 3-2022
    r"|quý\s+(?P<q>IV|I{1,3}|[1-4])(?!\w)(?:\s*(?:[/-]|năm)\s*" + _YEAR.format("qy") + r")?"
    # tháng 01 năm 2022, tháng 5/2022, tháng 01-2022
    r"|tháng\s+(?P<m>1[0-2]|0?[1-9])(?!\d)(?:\s*(?:[/.-]|năm)\s*" + _YEAR.format("my") + r")?"
    # tháng Năm năm 2023, tháng Mười/2019
    r"|tháng\s+(?P<mw>" + _MONTH_WORD + r")(?!\w)(?:\s*(?:[/-]|năm)\s*" + _YEAR.format("wy") + r")?"
    # năm 2022
    r"|năm\s+" + _YEAR.format("y") + r"(?!\d)"
    r")",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?=[tTqQnNkK6s])(?<!\w)(?P<unit>tháng|quý|năm|kỳ|thời gian|6 tháng|sáu tháng)\s+"
    r"(?P<rel>tới|tiếp theo|sau|kế tiếp|cuối năm)(?!\w)",
    re.IGNORECASE,
)

# A word of each unit of _RELATIVE, made only of letters that IGNORECASE matches to nothing
# but what lower-cases to them ("thờ" of "thời gian": "i" also matches "ı" and "İ").
_RELATIVE_UNIT_WORDS = ("tháng", "quý", "năm", "kỳ", "thờ")
_RELATIVE_NEXT_WORDS = ("tớ", "theo", "au", "kế", "cuố")  # the same for "tới", "tiếp theo" ...


@dataclass(frozen=True)
class FoundPeriod:
    """A period phrase found in text: the period and where the phrase is."""

    period: Period
    start: int
    end: int


def _period_from(match: re.Match[str], default_year: int | None) -> Period | None:
    g = match.groupdict()
    if g["n"]:
        word = g["n"].lower()
        n = _NUM_WORDS.get(word) or (int(word) if word.isascii() and word.isdigit() else 6)
        year = int(g["ny"]) if g["ny"] else default_year
        if n == 6:
            half = 2 if (g["part"] or "").lower() == "cuối" else 1
            return Period("half", year, half=half)
        return Period("nine_months", year)
    if g["n3"]:
        quarter = 4 if g["part3"].lower() == "cuối" else 1
        return Period("quarter", int(g["ty"]) if g["ty"] else default_year, quarter=quarter)
    if g["q"]:
        q = g["q"].upper()
        quarter = _ROMAN[q] if q in _ROMAN else int(q)
        return Period("quarter", int(g["qy"]) if g["qy"] else default_year, quarter=quarter)
    if g["m"]:
        return Period("month", int(g["my"]) if g["my"] else default_year, month=int(g["m"]))
    if g["mw"]:
        month = MONTH_WORDS[" ".join(g["mw"].lower().split())]
        return Period("month", int(g["wy"]) if g["wy"] else default_year, month=month)
    if g["y"]:
        return Period("year", int(g["y"]))
    return None


_DATE_BEFORE = re.compile(r"(?i:ngày)\s+\d{1,2}\s*$")


def _is_date(text: str, match: re.Match[str]) -> bool:
    """Tell whether a month phrase is part of a date ("ngày 19 tháng 6 năm 2015")."""
    return bool(match.group("m") or match.group("mw")) and bool(
        _DATE_BEFORE.search(text, max(0, match.start() - 12), match.start())
    )


def find_periods(text: str, default_year: int | None = None) -> list[FoundPeriod]:
    """Return every period phrase of ``text`` in order (dates are not periods)."""
    found = []
    for match in _PERIOD.finditer(text):
        if _is_date(text, match):
            continue
        period = _period_from(match, default_year)
        if period is not None:
            found.append(FoundPeriod(period, match.start(), match.end()))
    return found


def first_period(text: str, default_year: int | None = None) -> Period | None:
    """Return the first period named in ``text``, or None (dates are not periods)."""
    for match in _PERIOD.finditer(text):
        if _is_date(text, match):
            continue
        period = _period_from(match, default_year)
        if period is not None:
            return period
    return None


def _may_name_period(text: str) -> bool:
    """Tell whether ``text`` holds a word every period phrase has (a quick test before _PERIOD).

    Under IGNORECASE these letters match only the characters that lower-case to them, so a
    phrase _PERIOD matches always shows its word in ``text.lower()``.
    """
    lowered = text.lower()
    return "tháng" in lowered or "năm" in lowered or "quý" in lowered


def later_period_within(text: str, report: Period, within: int) -> bool:
    """Tell whether a period after ``report`` is named in ``text`` before offset ``within``."""
    if report.year is None:
        return False  # nothing is known to come after it
    if not _may_name_period(text):
        return False
    for match in _PERIOD.finditer(text):
        if match.start() >= within:
            return False
        period = _period_from(match, None)
        if period is None:
            continue
        if period.year is None:
            # No year written: the same year, or the next one when that is just after the
            # report ("Nhiệm vụ tháng 01" in a December report, "quý I" after quý IV).
            same = replace(period, year=report.year)
            if is_after(same, report):
                return True
            following = replace(period, year=report.year + 1)
            gap = following.first_month_index() - report.first_month_index()
            if 0 < gap <= 3:
                return True
            continue
        if is_after(period, report):
            return True
    return False


def year_in(text: str) -> int | None:
    """Return the first year written in a period-like way in ``text`` ("năm 2017", "/2020")."""
    match = _ANY_YEAR.search(text)
    return int(match.group(1)) if match else None


_ANY_YEAR = re.compile(r"(?:(?i:năm)|/|-)\s*((?:19|20)\d\d)(?!\d)")


def next_period(period: Period) -> Period:
    """Return the period that follows ``period`` (a nine-month period is followed by Q4)."""
    year = period.year
    if period.kind == "month" and period.month is not None:
        if period.month == 12:
            return Period("month", None if year is None else year + 1, month=1)
        return Period("month", year, month=period.month + 1)
    if period.kind == "quarter" and period.quarter is not None:
        if period.quarter == 4:
            return Period("quarter", None if year is None else year + 1, quarter=1)
        return Period("quarter", year, quarter=period.quarter + 1)
    if period.kind == "half":
        if period.half == 2:
            return Period("half", None if year is None else year + 1, half=1)
        return Period("half", year, half=2)
    if period.kind == "nine_months":
        return Period("quarter", year, quarter=4)
    if period.kind == "year":
        return Period("year", None if year is None else year + 1)
    return Period("other", year)


def mentions_relative_next(text: str) -> bool:
    """Tell whether ``text`` speaks of the coming period ("tháng tới", "thời gian tới")."""
    # A quick test first, as in _may_name_period: every unit word holds one of these.
    lowered = text.lower()
    if not any(word in lowered for word in _RELATIVE_UNIT_WORDS) or not any(
        word in lowered for word in _RELATIVE_NEXT_WORDS
    ):
        return False
    return _RELATIVE.search(text) is not None


def is_after(candidate: Period, report: Period) -> bool:
    """Tell whether ``candidate`` starts after the start of ``report`` (same year known)."""
    if candidate.year is None or report.year is None:
        return False
    return candidate.first_month_index() > report.first_month_index()
