"""Split section text into items (sentences and ";" clauses) and read their action verbs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from baocao.parser.lexicon import ACTION_PREFIXES, ACTION_VERBS
from baocao.parser.model import Item, Span
from baocao.parser.patterns import trie_pattern

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
UPPER_CLASS = f"[{_UPPER}]"
_BREAK = re.compile(
    rf";|[.!?…]+(?=[ \t\u00a0]+[\"“‘'(\[]?(?:{UPPER_CLASS}|\d))|\./\.|[()]"
)
_ABBREVIATIONS = frozenset(
    (
        "TP", "Tp", "tp", "TX", "Tx", "TT", "Tt", "ThS", "TS", "PGS", "GS", "BS", "Th.S",
        "v.v", "ông", "bà", "St", "Q", "P", "Ths", "KT", "TM", "TL", "TUQ",
    )
)  # fmt: skip
_LEAD = re.compile(r"^(?:[-–—•+*▪●○◦·]+|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][)])[ \t]+")
_LEAD_FIRST = frozenset("-–—•+*▪●○◦·0123456789abcdefghijklmnopqrstuvwxyzđ")
_ALNUM = re.compile(r"[^\W_]")


# Matched against the lower-cased start of an item.
_ACTION = re.compile(
    rf"(?P<pre>(?:(?:{trie_pattern(ACTION_PREFIXES)})[ \t]+)*)"
    rf"(?P<verb>{trie_pattern(ACTION_VERBS)})(?!\w)"
)
_CONTINUING = re.compile(r"tiếp[ \t]+tục")
_ACTION_WINDOW = 80


def action_match(text: str) -> re.Match[str] | None:
    """Return the match of a leading action verb (after "Đã", "Tiếp tục" ...) or None."""
    return _ACTION.match(text[:_ACTION_WINDOW].lower())


def pieces(text: str, start: int, end: int) -> Iterator[Span]:
    """Yield the spans of the sentences and ";" clauses of ``text[start:end]``, trimmed."""
    depth = 0
    last = start
    for m in _BREAK.finditer(text, start, end):
        mark = m.group()
        if mark == "(":
            depth += 1
            continue
        if mark == ")":
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if mark[0] == "." and mark != "./.":
            before = text[max(last, m.start() - 6) : m.start()].split()
            if before and before[-1] in _ABBREVIATIONS:
                continue
        yield from _trim(text, last, m.end())
        last = m.end()
    yield from _trim(text, last, end)


def _trim(text: str, start: int, end: int) -> Iterator[Span]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    start += lead
    piece = piece.strip()
    marker = _LEAD.match(piece) if piece[:1] in _LEAD_FIRST else None
    if marker:
        start += marker.end()
        piece = piece[marker.end() :]
    piece = _strip_trailing(piece)
    if _ALNUM.search(piece):
        yield start, start + len(piece)


def _strip_trailing(piece: str) -> str:
    """Strip trailing spaces and ".", ";", ":", ",", "/." and "./." from an item."""
    while True:
        stripped = piece.rstrip(" \t\u00a0\n;:,.")
        if stripped.endswith("/") and piece[len(stripped) : len(stripped) + 1] == ".":
            stripped = stripped[:-1]
        if stripped == piece:
            return piece
        piece = stripped


def make_item(text: str, span: Span) -> Item:
    """Return the item for ``text[span]`` with its leading action verb read."""
    written = text[span[0] : span[1]]
    action: str | None = None
    continuing = False
    match = action_match(written)
    if match:
        action = " ".join(match.group("verb").split())
        continuing = _CONTINUING.search(match.group("pre")) is not None
    elif _CONTINUING.match(written[:20].lower()):
        continuing = True
    return Item(text=written, span=span, action=action, continuing=continuing)


def split_items(text: str, start: int, end: int) -> list[Item]:
    """Return the items of ``text[start:end]``."""
    return [make_item(text, span) for span in pieces(text, start, end)]
