"""Vietnamese text normalisation and diacritic folding (đ/Đ included)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters that NFD does not decompose but that a Vietnamese reader treats as plain letters.
_EXTRA_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Control characters other than tab and newline never belong in stored text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form baocao stores."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Return NFC text without control characters, CRLF made LF, outer spaces stripped."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, folding đ→d and Đ→D, keeping case."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics and with single spaces, for matching."""
    return _SPACES.sub(" ", strip_diacritics(text).casefold()).strip()
