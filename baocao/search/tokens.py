"""Split text into folded search tokens with their spans in the original text (pure)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from baocao.domain.text import fold, nfc

# A token is a run of letters and digits; everything else (punctuation, FTS syntax) separates.
_TOKEN = re.compile(r"[^\W_]+")
# Bound the indexed text so that one pathological item cannot bloat the index.
MAX_INDEXED_CHARS = 200_000


class Token(NamedTuple):
    """One folded token and where it sits in the original text."""

    folded: str
    start: int
    end: int


@lru_cache(maxsize=65_536)
def _fold_word(word: str) -> tuple[str, ...]:
    """Return the folded parts of one run of letters and digits (memoised: words repeat)."""
    return tuple(_TOKEN.findall(fold(word)))


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text`` (NFC) folded with baocao.domain.text.fold, with spans."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        for part in _fold_word(match.group()):
            tokens.append(Token(part, start, end))
    return tokens


def folded_document(text: str) -> str:
    """Return the folded token stream stored in the shadow column and indexed by both backends.

    Tokens are joined by single spaces so that SQLite's unicode61 tokenizer and PostgreSQL's
    ``simple`` parser see exactly the same words: the two backends then match identically.
    """
    text = nfc(text or "")[:MAX_INDEXED_CHARS]
    return " ".join(part for word in _TOKEN.findall(text) for part in _fold_word(word))
