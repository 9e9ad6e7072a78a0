"""Find citations of numbered legal documents and later short mentions of them.

Grammar (see docs/parser.md): TYPE ["số"] NUMBER "/" [YEAR "/"] SYMBOL [", ngày" DATE]
["của" ISSUER], with abbreviated types (NĐ, QĐ, TT, CV ...), party numbering ("05-NQ/TU"),
spaces and line breaks inside, a following "và số ..." that shares the type, and a closing
"của ..." that covers every document of the list it ends.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from baocao.parser.model import LegalRef, ShortMention
from baocao.parser.names import name_end

_FULL_TYPES: tuple[str, ...] = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Văn bản hợp nhất", "Thông tư",
    "Nghị định", "Nghị quyết", "Quyết định", "Chỉ thị", "Công văn", "Công điện", "Kế hoạch",
    "Báo cáo", "Thông báo", "Hướng dẫn", "Tờ trình", "Chương trình", "Đề án", "Quy chế",
    "Quy định", "Văn bản", "Bộ luật", "Luật", "Pháp lệnh", "Lệnh", "Kết luận", "Biên bản",
    "Thông tri", "Giấy mời",
)  # fmt: skip
_ABBREVIATIONS: dict[str, str] = {
    "TTLT": "Thông tư liên tịch", "NQLT": "Nghị quyết liên tịch", "NĐ": "Nghị định",
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "TT": "Thông tư",
    "CV": "Công văn", "CĐ": "Công điện", "KH": "Kế hoạch", "BC": "Báo cáo",
    "TB": "Thông báo", "HD": "Hướng dẫn", "TTr": "Tờ trình", "CTr": "Chương trình",
    "ĐA": "Đề án", "QC": "Quy chế", "QyĐ": "Quy định", "KL": "Kết luận", "BB": "Biên bản",
    "VB": "Văn bản", "GM": "Giấy mời",
}  # fmt: skip
_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})
_FOLDED_TYPES = {t.lower(): t for t in _FULL_TYPES}


def _type_pattern(name: str, *, abbreviation: bool) -> str:
    out = re.escape(name).replace(r"\ ", r"[ \t]+")
    if abbreviation:
        return out.replace("Đ", "[ĐđÐð]")
    out = out.replace("Đ", "[ĐÐ]").replace("đ", "[đð]")
    return "(?i:" + out + ")"


_TYPES = "|".join(
    [_type_pattern(t, abbreviation=False) for t in _FULL_TYPES]
    + [_type_pattern(a, abbreviation=True) for a in sorted(_ABBREVIATIONS, key=len, reverse=True)]
)
_SP = r"[ \t\u00a0]"
_WS = rf"{_SP}*(?:\n{_SP}*)?"  # optional spaces, at most one line break
_WS1 = rf"(?:{_SP}+(?:\n{_SP}*)?|\n{_SP}*)"  # at least one space or a line break
_SEG = r"[A-ZĐÐƯƠÂĂÊÔ](?:[^\W_]|&)*"
_SLASH = rf"{_SP}*/{_WS}"
_SYMBOL = rf"{_SEG}(?:(?:-{_WS}|{_SLASH}){_SEG})*"
_NUMBER_SYMBOL = (
    rf"(?P<num>\d{{1,5}})(?:{_SLASH}(?:(?P<year>(?:19|20)\d\d){_SLASH})?(?P<sym>{_SYMBOL})"
    rf"|-(?P<psym>{_SEG}(?:{_SLASH}|-){_SYMBOL}))"
)
_CITATION = re.compile(
    rf"(?<![\w/])(?P<type>{_TYPES}){_WS1}(?:(?P<so>[Ss]ố){_WS1})?{_NUMBER_SYMBOL}"
)
# Citations are found from their number: a number followed by "/" or "-" and a capital.
# (It starts with the digit, not a look-behind, so that the regex engine skips to digits.)
_ANCHOR = re.compile(rf"\d(?<![\w/.,]\d)\d{{0,4}}(?:{_SP}*/|-[A-ZĐÐ])")
_LOOK_BACK = 40
_TYPE_KEYS = frozenset(
    [t.lower() for t in _FULL_TYPES] + [a.translate(_ETH) for a in _ABBREVIATIONS]
    + [a.translate(_ETH).replace("Đ", "đ") for a in _ABBREVIATIONS]
)  # fmt: skip
_MAX_TYPE_WORDS = 4
_LAST_WORDS = frozenset(key.split()[-1].lower() for key in _TYPE_KEYS)
_CONTINUATION = re.compile(rf"(?:,|{_SP}+và|;)?{_WS1}(?P<so>[Ss]ố){_WS1}{_NUMBER_SYMBOL}")
_LAW_TITLED = re.compile(
    r"(?P<type>[BbLlPp](?<![\w/].)"
    r"(?:(?<=[Bb])(?i:ộ[ \t]+luật)|(?<=[Ll])(?i:uật)|(?<=[Pp])(?i:háp[ \t]+lệnh)))"
    rf"(?P<title>(?:,?{_WS1}[^\W\d_][\w-]*){{1,10}}?)"
    rf"{_WS1}[Ss]ố{_WS1}(?P<num>\d{{1,5}}){_SLASH}(?P<year>(?:19|20)\d\d){_SLASH}"
    r"(?P<sym>(?:UBTVQH|QH)\d+)(?!\w)"
)
_DATE = re.compile(
    rf",?{_WS}(?:ban{_SP}+hành{_SP}+)?ngày{_WS1}(?P<d>\d{{1,2}})"
    rf"(?:{_SP}*[/.-]{_SP}*(?P<m>\d{{1,2}}){_SP}*[/.-]{_SP}*(?P<y>(?:19|20)\d\d)"
    rf"|{_SP}+tháng{_SP}+(?P<tm>\d{{1,2}}){_SP}+năm{_SP}+(?P<ty>(?:19|20)\d\d))(?!\d)"
)
_OF = re.compile(rf",?{_SP}+của{_SP}+")
_BETWEEN_GROUP = re.compile(rf"{_WS},?{_WS}(?:và)?{_WS}")
_SHORT = re.compile(
    rf"(?<![\w/])(?P<type>{_TYPES}){_WS1}(?:[Ss]ố{_WS1})?(?P<num>\d{{1,5}})"
    r"(?![\d/]|[.,]\d|-\w|\w)"
)


@lru_cache(maxsize=4096)
def canonical_type(written: str) -> str:
    """Return the full name of a document type as written ("NĐ", "nghị định" → "Nghị định")."""
    key = re.sub(r"\s+", " ", written.translate(_ETH))
    for abbreviation, full in _ABBREVIATIONS.items():
        if key == abbreviation or (key.upper() == abbreviation.upper() and len(key) <= 4):
            return full
    return _FOLDED_TYPES.get(key.lower(), key[:1].upper() + key[1:].lower())


def _symbol(written: str) -> str:
    return "".join(written.split()).translate(_ETH)


def _parse_date(match: re.Match[str]) -> str | None:
    month = match.group("m") or match.group("tm")
    year = match.group("y") or match.group("ty")
    try:
        return date(int(year), int(month), int(match.group("d"))).isoformat()
    except ValueError:
        return None


def _tail(text: str, pos: int) -> tuple[int, str | None, str | None]:
    """Read an optional date and issuer at ``pos``; return the new end, date and issuer."""
    iso: str | None = None
    dated = _DATE.match(text, pos)
    if dated:
        iso = _parse_date(dated)
        if iso is not None:
            pos = dated.end()
    issuer: str | None = None
    of = _OF.match(text, pos)
    if of:
        end = name_end(text, of.end())
        if end > of.end():
            issuer = text[of.end() : end]
            pos = end
    return pos, iso, issuer


def _make(
    text: str, start: int, match: re.Match[str], doc_type: str, end_hint: int
) -> tuple[LegalRef, int]:
    sym = match.group("sym") or ("psym" in match.re.groupindex and match.group("psym")) or ""
    end, iso, issuer = _tail(text, end_hint)
    written_year = match.group("year")
    year = int(written_year) if written_year else (int(iso[:4]) if iso else None)
    ref = LegalRef(
        text=text[start:end],
        doc_type=doc_type,
        number=match.group("num"),
        year=year,
        symbol=_symbol(sym),
        date=iso,
        issuer=issuer,
        span=(start, end),
    )
    return ref, end


def parse_citations(text: str, start: int = 0, end: int | None = None) -> list[LegalRef]:
    """Return every citation of a numbered document in ``text[start:end]``, in order.

    Spans are offsets in ``text``. A closing "của ..." is shared by the documents listed
    before it that have no issuer of their own.
    """
    stop = len(text) if end is None else end
    refs: list[LegalRef] = []
    for law in _law_matches(text, start, stop):
        ref, _ = _make(text, law.start(), law, canonical_type(law.group("type")), law.end())
        refs.append(ref)
    pos = start
    while True:
        match = _next_citation(text, pos, stop)
        if match is None:
            break
        doc_type = canonical_type(match.group("type"))
        ref, pos = _make(text, match.start(), match, doc_type, match.end())
        refs.append(ref)
        while True:
            more = _CONTINUATION.match(text, pos, stop)
            if more is None:
                break
            ref, pos = _make(text, more.start("so"), more, doc_type, more.end())
            refs.append(ref)
    refs.sort(key=lambda ref: ref.span)
    kept: list[LegalRef] = []
    for ref in refs:
        if not kept or ref.span[0] >= kept[-1].span[1]:
            kept.append(ref)
    return _share_issuers(text, kept)


def _law_matches(text: str, start: int, stop: int) -> list[re.Match[str]]:
    """Return what ``_LAW_TITLED.finditer(text, start, stop)`` finds.

    Each such citation has "QH" in its symbol ("45/2019/QH14"): a quick search for it first.
    """
    if text.find("QH", start, stop) < 0:
        return []
    return list(_LAW_TITLED.finditer(text, start, stop))


def _next_citation(text: str, pos: int, stop: int) -> re.Match[str] | None:
    """Return the next citation from ``pos``, looking for a type before each number."""
    for anchor in _ANCHOR.finditer(text, pos, stop):
        begin = _type_start(text, max(pos, anchor.start() - _LOOK_BACK), anchor.start())
        if begin is None:
            continue
        match = _CITATION.match(text, begin, stop)
        if match is not None:
            return match
    return None


def _type_start(text: str, window_start: int, end: int) -> int | None:
    """Return where a document type ends just before ``end`` ("Quyết định số "), or None."""
    head = text[max(window_start, end - 20) : end].split()
    if head and head[-1].lower() == "số":
        head.pop()
    if not head or head[-1].translate(_ETH).lower() not in _LAST_WORDS:
        return None
    window = text[window_start:end]
    words = window.split()
    count = len(words)
    if count and words[-1].lower() == "số":
        count -= 1
    for size in range(1, min(_MAX_TYPE_WORDS, count) + 1):
        candidate = " ".join(words[count - size : count]).translate(_ETH)
        if candidate in _TYPE_KEYS or candidate.lower() in _TYPE_KEYS:
            # Where the first of those words starts: find the words again from the end.
            at = len(window)
            for word in reversed(words[count - size :]):
                at = window.rfind(word, 0, at)
            return window_start + at
    return None


def _share_issuers(text: str, refs: list[LegalRef]) -> list[LegalRef]:
    """Give the issuer of the last document of a list to the earlier ones without one."""
    out = list(refs)
    i = len(out) - 1
    while i > 0:
        issuer = out[i].issuer
        j = i
        while j > 0 and out[j - 1].issuer is None and issuer is not None:
            between = text[out[j - 1].span[1] : out[j].span[0]]
            if _BETWEEN_GROUP.fullmatch(between) is None:
                break
            j -= 1
        for k in range(j, i):
            out[k] = _with_issuer(out[k], issuer)
        i = j - 1 if j < i else i - 1
    return out


def _with_issuer(ref: LegalRef, issuer: str | None) -> LegalRef:
    return LegalRef(
        ref.text, ref.doc_type, ref.number, ref.year, ref.symbol, ref.date, issuer, ref.span
    )


def find_short_mentions(text: str, start: int = 0, end: int | None = None) -> list[ShortMention]:
    """Return mentions by type and number only ("Nghị định 107", "Quyết định số 37")."""
    stop = len(text) if end is None else end
    return [
        ShortMention(
            text=m.group(),
            doc_type=canonical_type(m.group("type")),
            number=m.group("num"),
            span=(m.start(), m.end()),
        )
        for m in _SHORT.finditer(text, start, stop)
    ]


short_mention = find_short_mentions
"""The short-mention matcher under the name the legal-document registry asks for."""
