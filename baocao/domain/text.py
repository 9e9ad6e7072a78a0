"""Vietnamese text normalisation and diacritic folding (đ/Đ included)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Characters that NFD does not decompose but that a Vietnamese reader treats as plain letters.
_EXTRA_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})

# --- control characters: the one home ---------------------------------------------------------
# Each is the body of a regular-expression character class, written with escapes, so the same
# text serves Python's ``re`` and the patterns the API publishes in its OpenAPI schema.

#: C0 controls other than tab, LF and CR, and DEL: never stored (``clean_text`` removes them).
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
#: Every C0 control and DEL: none belongs in a one-line value (a code, a number, a filter).
LINE_CONTROL = r"\x00-\x1f\x7f"
#: NUL, which PostgreSQL cannot store in text.
NUL = r"\x00"
#: What no text column can store: NUL and lone surrogates (not encodable in UTF-8).
UNSTORABLE = r"\x00\ud800-\udfff"
#: The Unicode line and paragraph separators and the byte-order mark (U+FEFF).
SEPARATORS = r"\u2028\u2029\ufeff"
#: C1 controls, bidirectional embeddings, overrides and isolates, the zero-width space: invisible
#: marks that would garble a printed page.
INVISIBLE = r"\x80-\x9f\u202a-\u202e\u2066-\u2069\u200b"


@lru_cache(maxsize=32)
def control_re(chars: str = CONTROL) -> re.Pattern[str]:
    """Return the compiled class ``[chars]`` (``chars`` being one or more bodies above)."""
    return re.compile(f"[{chars}]")


def strip_control(text: str, chars: str = CONTROL, replacement: str = "") -> str:
    """Return ``text`` with every character of ``chars`` replaced by ``replacement``."""
    return control_re(chars).sub(replacement, text)


def has_control(text: str, chars: str = CONTROL) -> bool:
    """Return whether ``text`` holds a character of ``chars``."""
    return control_re(chars).search(text) is not None


def without(chars: str, *, empty: bool = True) -> str:
    """Return an anchored pattern for a value holding no character of ``chars`` (a validator's
    ``pattern``); ``empty=False`` also refuses the empty string."""
    return f"^[^{chars}]{'*' if empty else '+'}$"


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form baocao stores."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Return NFC text without control characters, CRLF made LF, outer spaces stripped."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    return strip_control(text).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics, folding đ→d and Đ→D, keeping case."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics and with single spaces, for matching."""
    return _SPACES.sub(" ", strip_diacritics(text).casefold()).strip()
