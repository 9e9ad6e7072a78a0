"""Put decoded text in the canonical form that spans count in, and fold text for matching.

The canonical text is NFC, with a leading byte-order mark removed, CRLF and CR made LF, and
control characters other than tab and newline replaced by a space (the length is kept).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from baocao.domain.text import CONTROL, SEPARATORS, strip_control

_SPACES = re.compile(r"\s+")
_MARKS = re.compile("[\u0300-\u036f]")

_FOLD_SOURCE = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵđð"
_FOLD_TARGET = "a" * 17 + "e" * 11 + "i" * 5 + "o" * 17 + "u" * 11 + "y" * 5 + "dd"
_FOLD_TABLE = str.maketrans(_FOLD_SOURCE, _FOLD_TARGET)


def canonical_text(text: str) -> str:
    """Return ``text`` in the canonical form the parser's spans refer to."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return strip_control(text, CONTROL + SEPARATORS, " ")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Return ``text`` lower-cased and without Vietnamese diacritics, of the same length.

    Only precomposed (NFC) Vietnamese letters are folded, so offsets stay valid.
    """
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    bare = _MARKS.sub("", unicodedata.normalize("NFD", lowered)).replace("đ", "d")
    if len(bare) == len(text):
        return bare.replace("ð", "d")
    return _slow_fold(text)


def _slow_fold(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ" lower-cases to two characters
        lowered = "".join(c.lower()[:1] for c in text)
    return lowered.translate(_FOLD_TABLE)


def squash(text: str) -> str:
    """Return ``text`` with runs of white space made one space, stripped."""
    return _SPACES.sub(" ", text).strip()


def word_count(text: str) -> int:
    """Return the number of white-space separated words."""
    return len(text.split())
