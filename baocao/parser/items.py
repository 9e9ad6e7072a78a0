"""Split section text into items (sentences and ";" clauses) and read their action verbs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from baocao.parser.lexicon import ACTION_PREFIXES, ACTION_VERBS
from baocao.parser.model import Item, Span

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
_TRAIL = re.compile(r"(?:[ \t\u00a0]*(?:\./\.|/\.|[.;:,]))+[ \t\u00a0]*$")


def _words(options: tuple[str, ...]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(options, key=len, reverse=True)
    )


_ACTION = re.compile(
    rf"(?i:(?P<pre>(?:(?:{_words(ACTION_PREFIXES)})[ \t]+)*)(?P<verb>{_words(ACTION_VERBS)}))"
    r"(?!\w)"
)
_CONTINUING = re.compile(r"(?i:tiếp[ \t]+tục)")


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
    marker = _LEAD.match(piece)
    if marker:
        start += marker.end()
        piece = piece[marker.end() :]
    trail = _TRAIL.search(piece)
    if trail:
        piece = piece[: trail.start()]
    piece = piece.rstrip()
    if any(c.isalnum() for c in piece):
        yield start, start + len(piece)


def make_item(text: str, span: Span) -> Item:
    """Return the item for ``text[span]`` with its leading action verb read."""
    written = text[span[0] : span[1]]
    action: str | None = None
    continuing = False
    match = _ACTION.match(written)
    if match:
        action = " ".join(match.group("verb").lower().split())
        continuing = _CONTINUING.search(match.group("pre")) is not None
    elif _CONTINUING.match(written):
        continuing = True
    return Item(text=written, span=span, action=action, continuing=continuing)


def split_items(text: str, start: int, end: int) -> list[Item]:
    """Return the items of ``text[start:end]``."""
    return [make_item(text, span) for span in pieces(text, start, end)]
