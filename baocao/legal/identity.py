"""Who a citation names: a stable key for a document, its display code, its subject (pure)."""

from __future__ import annotations

import re

from baocao.domain.text import fold

_SUBJECT = re.compile(
    r"[ \t]*,?[ \t]*(?P<subject>(?:về|quy định|hướng dẫn|ban hành)[ \t]"
    r"[^;.\n()]{3,300})"
)
MAX_TITLE_CHARS = 300


def number_key(number: str) -> str:
    """Return the number without leading zeros ("05" and "5" name the same document)."""
    return number.lstrip("0") or "0"


def type_key(doc_type: str) -> str:
    """Return the folded type name used to compare types ("Nghị định" → "nghi dinh")."""
    return fold(doc_type)


def symbol_key(symbol: str) -> str:
    """Return the symbol without spaces, folded and upper-cased ("NĐ-CP" → "ND-CP")."""
    return fold(re.sub(r"\s+", "", symbol)).upper()


MAX_KEY_CHARS = 255


def document_key(
    doc_type: str, number: str, year: int | None, symbol: str, issuer_key: str = ""
) -> str:
    """Return the identity of a document: type, number, year, symbol and issuer, normalised.

    ``issuer_key`` is :attr:`baocao.domain.issuers.Issuer.key`: "01/CT-UBND" of Thái Bình and
    of Hưng Yên are two documents.
    """
    return "|".join(
        [type_key(doc_type), number_key(number), str(year or ""), symbol_key(symbol), issuer_key]
    )[:MAX_KEY_CHARS]


def written_year(text: str, number: str, year: int | None) -> int | None:
    """Return ``year`` when the citation writes it inside the number ("107/2021/NĐ-CP").

    The parser also takes the year from the date of issue; a symbol such as "01/CT-UBND"
    must then still print without it.
    """
    if year is None:
        return None
    pattern = rf"{re.escape(number)}\s*/\s*{year}\s*/"
    return year if re.search(pattern, text) else None


def display_code(number: str, year: int | None, symbol: str) -> str:
    """Return the number and symbol as printed: "107/2021/NĐ-CP", "01/CT-UBND"."""
    if not symbol:
        return number
    return f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"


def same_document_keys(key: str) -> tuple[str, str]:
    """Return the (prefix, suffix) of keys that differ from ``key`` only by the year."""
    doc_type, number, _year, rest = key.split("|", 3)
    return f"{doc_type}|{number}|", f"|{rest}"


def subject_after(text: str, end: int) -> str:
    """Return the subject that follows a citation ("về ..."), or "" when none is written."""
    match = _SUBJECT.match(text, end)
    if match is None:
        return ""
    subject = match.group("subject").strip(" ,")
    return subject[:MAX_TITLE_CHARS]
