"""Split section text into items (sentences and ";" clauses) and read their action verbs."""

from __future__ import annotations

import re

from baocao.parser.lexicon import ACTION_PREFIXES, ACTION_VERBS
from baocao.parser.model import Item, Span
from baocao.parser.patterns import trie_pattern

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
UPPER_CLASS = f"[{_UPPER}]"
# A break: ";", a run of ".!?…" before a space and a capital or a digit, "./.", a bracket.
# Its first character is consumed first (then looked behind at), which lets the regex engine
# skip quickly to the characters a break can start with.
_BREAK = re.compile(
    r"[;.!?…()](?:(?<=[;()])"
    rf"|(?<=[.!?…])[.!?…]*(?=[ \t\u00a0]+[\"“‘'(\[]?(?:{UPPER_CLASS}|\d))|(?<=\.)/\.)"
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
_TRAILING = " \t\u00a0\n;:,."


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


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Return where the sentences and ";" clauses of ``text[start:end]`` end, ``end`` last."""
    cuts: list[int] = []
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
        last = m.end()
        cuts.append(last)
    cuts.append(end)
    return cuts


def _strip_trailing(piece: str) -> str:
    """Strip trailing spaces and ".", ";", ":", ",", "/." and "./." from an item."""
    while piece and piece[-1] in _TRAILING:
        stripped = piece.rstrip(_TRAILING)
        if stripped.endswith("/") and piece[len(stripped) : len(stripped) + 1] == ".":
            stripped = stripped[:-1]
        if stripped == piece:
            break
        piece = stripped
    return piece


def _item(written: str, span: Span) -> Item:
    """Return the item ``written`` at ``span`` with its leading action verb read."""
    match = _ACTION.match(written[:_ACTION_WINDOW].lower())
    if match:
        verb, pre = match.group("verb", "pre")
        action = " ".join(verb.split())
        return Item(written, span, action, bool(pre) and _CONTINUING.search(pre) is not None)
    return Item(written, span, None, _CONTINUING.match(written[:20].lower()) is not None)


def make_item(text: str, span: Span) -> Item:
    """Return the item for ``text[span]`` with its leading action verb read."""
    return _item(text[span[0] : span[1]], span)


def split_items(text: str, start: int, end: int) -> list[Item]:
    """Return the items of ``text[start:end]``: its sentences and ";" clauses, trimmed.

    Bullets and numbers are taken off the front, and ".", ";", ":", ",", "/." and "./." off
    the end; a piece with no letter or digit left is no item.
    """
    items: list[Item] = []
    last = start
    for cut in _cuts(text, start, end):
        piece = text[last:cut]
        begin = last
        last = cut
        stripped = piece.strip()
        if not stripped:
            continue
        begin += piece.find(stripped[0])  # the first character that is not white space
        if stripped[0] in _LEAD_FIRST:
            marker = _LEAD.match(stripped)
            if marker:
                begin += marker.end()
                stripped = stripped[marker.end() :]
        if stripped[-1:] in _TRAILING:
            trimmed = stripped.rstrip(_TRAILING)
            # (a "/" left at the end may belong to a "./." or "/.": strip again from there)
            stripped = _strip_trailing(stripped) if trimmed.endswith("/") else trimmed
        if stripped[:1].isalnum() or _ALNUM.search(stripped):  # [^\W_] is str.isalnum
            items.append(_item(stripped, (begin, begin + len(stripped))))
    return items
