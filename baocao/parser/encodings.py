"""Decode report bytes and repair legacy Vietnamese text (TCVN3, VNI, Windows-1258) to NFC.

Detection scores how Vietnamese each candidate decoding reads: the share of its words that are
well-formed Vietnamese syllables. Text that no candidate makes Vietnamese is refused.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from baocao.domain.text import CONTROL
from baocao.parser.encoding_tables import (
    TCVN3_ALIASES,
    TCVN3_TO_UNICODE,
    VNI_ALIASES,
    VNI_TO_UNICODE,
)
from baocao.parser.errors import BinaryFileError, UndecodableTextError

SAMPLE_CHARS = 65_536
DETECT_CHARS = 16_384
# Legacy text shows its odd characters often; a stray "Ð" or "·" does not make text legacy.
MIN_HINT_SHARE = 0.002
MIN_SCORE = 0.5
# A legacy reading must beat the text as it is by this much to be chosen.
MIN_GAIN = 0.15

_TCVN3_TABLE = str.maketrans({**TCVN3_TO_UNICODE, **TCVN3_ALIASES})
_TCVN3_INVERSE = {ord(v): k for k, v in TCVN3_TO_UNICODE.items()}
_VNI_ALL = {**VNI_TO_UNICODE, **VNI_ALIASES}
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI_ALL, key=len, reverse=True)))
_VNI_INVERSE: dict[int, str] = {}
for _key, _value in VNI_TO_UNICODE.items():
    _VNI_INVERSE.setdefault(ord(_value), _key)
for _char in "ìíÌÍ":
    _VNI_INVERSE.pop(ord(_char), None)  # unchanged in VNI

_VIET_LETTERS = frozenset(
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_VIET_ALL = _VIET_LETTERS | frozenset(c.upper() for c in _VIET_LETTERS)
_LEGACY_CHARS = (
    (set(TCVN3_TO_UNICODE) | set(TCVN3_ALIASES) | set("".join(_VNI_ALL)))
    - _VIET_ALL
    - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
)
_LEGACY_HINT = re.compile("[" + re.escape("".join(sorted(_LEGACY_CHARS))) + "]")

_C1_TO_CP1252 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1_TABLE = str.maketrans({chr(b): c for b, c in _C1_TO_CP1252.items()})
_CP1252_EXTRA = frozenset(_C1_TO_CP1252.values())
_WORD = re.compile(r"[^\W\d_]+")
_TONES = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_NUCLEI = (
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu",
    "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ",
    "uê", "ui", "uô", "uơ", "ưa", "ưi", "ươ", "ưu", "uy", "yê", "iêu", "oai", "oay", "oao",
    "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "yêu",
)  # fmt: skip
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
# Control characters a text file should not hold (a form feed it may), and what a wrong decoding
# leaves: those plus C1 controls, stray Latin-1 symbols and the replacement character.
_CONTROL = re.compile(f"(?!\\x0c)[{CONTROL}]")
_GARBAGE = re.compile(f"[{CONTROL}\\x80-\\xbf\\xd7\\xf7\\ufffd]")
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx?)"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE container: an old .doc or an encrypted file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes and the name of the encoding it was found in."""

    text: str
    encoding: str


@lru_cache(maxsize=65_536)
def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare, tones = _TONES.subn("", decomposed)
    if tones > 1:
        return False
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def vietnamese_score(text: str) -> float:
    """Return how Vietnamese ``text`` reads, from 0 to 1.

    The score is the share of letters that sit in well-formed Vietnamese syllables, counting
    control characters and stray Latin-1 symbols (what a wrong decoding leaves) as misses.
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    garbage = len(_GARBAGE.findall(sample))
    total = sum(len(w) for w in words) + garbage
    if not total:
        return 0.0
    return sum(len(w) for w in words if _is_syllable(w)) / total


def tcvn3_to_unicode(text: str) -> str:
    """Convert text typed in TCVN3 (read as Latin-1 characters) to Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))


def vni_to_unicode(text: str) -> str:
    """Convert text typed in VNI Windows (read as Windows-1252 characters) to Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_ALL[m.group()], text))


def _tcvn3_codable(char: str) -> bool:
    return ord(char) < 0x80 or ord(char) in _TCVN3_INVERSE or char in _CP1252_EXTRA


def unicode_to_tcvn3(text: str, *, lower_unmapped: bool = False) -> str:
    """Encode Vietnamese ``text`` as TCVN3 characters; raise ValueError for what has no code.

    TCVN3 has no code for upper-case letters with a tone mark; with ``lower_unmapped`` they
    are written in lower case, as the .VnTimeH fonts stored them.
    """
    source = unicodedata.normalize("NFC", text)
    bad = {c for c in source if not _tcvn3_codable(c)}
    if bad and lower_unmapped:
        source = "".join(c.lower() if c in bad else c for c in source)
        bad = {c for c in source if not _tcvn3_codable(c)}
    if bad:
        raise ValueError(f"no TCVN3 code for {''.join(sorted(bad))!r}")
    return source.translate(_TCVN3_INVERSE)


def unicode_to_vni(text: str) -> str:
    """Encode Vietnamese ``text`` as VNI Windows characters; raise ValueError if impossible."""
    source = unicodedata.normalize("NFC", text)
    bad = {
        c
        for c in source
        if c in _LEGACY_CHARS or (ord(c) > 0x7F and c not in _VIET_ALL and c not in _CP1252_EXTRA)
    }
    if bad:
        raise ValueError(f"no VNI code for {''.join(sorted(bad))!r}")
    return source.translate(_VNI_INVERSE)


def fix_legacy_text(text: str) -> tuple[str, str | None]:
    """Return ``text`` converted from TCVN3 or VNI when it reads so, and that encoding's name.

    Text that already reads as Vietnamese comes back unchanged with ``None``.
    """
    sample = text[:DETECT_CHARS]
    hints = len(_LEGACY_HINT.findall(sample))
    if hints < 2 or hints < len(sample) * MIN_HINT_SHARE:
        return text, None
    base = vietnamese_score(sample)
    best_name: str | None = None
    best_score = base + MIN_GAIN
    for name, convert in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        score = vietnamese_score(convert(sample))
        if score > best_score and score >= MIN_SCORE:
            best_name, best_score = name, score
    if best_name == "tcvn3":
        return restore_capitals(tcvn3_to_unicode(text)), "tcvn3"
    if best_name == "vni":
        return vni_to_unicode(text), "vni"
    return text, None


def _check_not_binary(data: bytes, source: str) -> None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise BinaryFileError(source, f"the file holds binary data ({what}), not text")


def _check_control(text: str, source: str) -> None:
    sample = text[:SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 50):
        raise BinaryFileError(source)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:SAMPLE_CHARS]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > half * 0.3 and even_nul < half * 0.05:
        codec = "utf-16-le"
    elif even_nul > half * 0.3 and odd_nul < half * 0.05:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, source: str = "<bytes>") -> Decoded:
    """Decode the bytes of a text file to NFC, detecting the encoding; raise a ParseError."""
    for bom, codec, name in (
        (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
        (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
        (b"\xff\xfe", "utf-16", "utf-16"),
        (b"\xfe\xff", "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UndecodableTextError(
                    source, f"the file starts with a {name} byte-order mark but is not {name}"
                ) from exc
            return _finish(text, name, source)
    _check_not_binary(data, source)
    if b"\x00" in data[:SAMPLE_CHARS]:
        text16 = _utf16_without_bom(data)
        if text16 is None:
            raise BinaryFileError(source)
        return _finish(text16, "utf-16", source)
    try:
        return _finish(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    sample = data[:SAMPLE_CHARS]
    candidates: list[tuple[float, str]] = []
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append(
            (vietnamese_score(unicodedata.normalize("NFC", sample.decode("cp1258"))), "cp1258")
        )
    latin = _decode_single_byte(sample)
    candidates.append((vietnamese_score(tcvn3_to_unicode(latin)), "tcvn3"))
    candidates.append((vietnamese_score(vni_to_unicode(latin)), "vni"))
    score, name = max(candidates)
    if score < MIN_SCORE:
        raise UndecodableTextError(source)
    if name == "cp1258":
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    elif name == "tcvn3":
        text = restore_capitals(tcvn3_to_unicode(_decode_single_byte(data)))
    else:
        text = vni_to_unicode(_decode_single_byte(data))
    _check_control(text, source)
    return Decoded(text, name)


def _decode_single_byte(data: bytes) -> str:
    """Decode bytes of a legacy 8-bit font encoding: Latin-1, with Windows-1252 punctuation."""
    return data.decode("latin-1").translate(_C1_TABLE)


def _finish(text: str, name: str, source: str) -> Decoded:
    _check_control(text, source)
    fixed, legacy = fix_legacy_text(text)
    return Decoded(unicodedata.normalize("NFC", fixed), legacy or name)


_MAX_CAPITAL_LINE_WORDS = 20


def _no_capital_code(char: str) -> bool:
    """Tell whether a lower-case letter has no TCVN3 capital (a letter with a tone mark)."""
    return char.islower() and not _tcvn3_codable(char.upper())


def _capital_word(line: str) -> bool:
    """Tell whether a word shows capitals around a toned letter ("KếT", "QUả"; not "Số")."""
    for word in _WORD.findall(line):
        if any(_no_capital_code(c) for c in word) and any(c.isupper() for c in word[1:]):
            return True
    return False


def restore_capitals(text: str) -> str:
    """Give back the capitals TCVN3 could not store, line by line (same length, same lines).

    TCVN3 has no codes for capitals with a tone mark: typists wrote them with the lower-case
    codes, which the .VnTimeH fonts draw as capitals. So a line whose every other letter is a
    capital ("KếT QUả ĐạT ĐƯợC") is in capitals; and a short line with no capital at all
    ("i. kết quả sản xuất"), standing on its own after a finished line, was typed in a
    .VnTimeH font — a heading, a header line or a signature title — and is in capitals too.
    Other lines are left as they are.
    """
    lines = text.split("\n")
    out = []
    previous_ends = True  # the line before ended a sentence (or there was none)
    previous_capital = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            previous_ends, previous_capital = True, False
            out.append(line)
            continue
        letters = [c for c in stripped if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        ambiguous = sum(_no_capital_code(c) for c in letters)
        capital = False
        if (upper >= 2 and upper + ambiguous == len(letters) and _capital_word(stripped)) or (
            upper == 0
            and len(letters) >= 2
            and (previous_ends or previous_capital)
            and len(stripped.split()) <= _MAX_CAPITAL_LINE_WORDS
            and not stripped.endswith((",", ";"))
        ):
            capital = True
        out.append(line.upper() if capital and len(line.upper()) == len(line) else line)
        previous_capital = capital
        previous_ends = stripped.endswith((".", ":", ";", "!", "?", ")")) or stripped[-1].isdigit()
    return "\n".join(out)
