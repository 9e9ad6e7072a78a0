"""Vietnamese text normalisation and diacritic folding."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.domain.text import (
    CONTROL,
    INVISIBLE,
    LINE_CONTROL,
    NUL,
    SEPARATORS,
    UNSTORABLE,
    clean_text,
    fold,
    has_control,
    nfc,
    strip_control,
    strip_diacritics,
    without,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_VOWELS = "aăâeêioôơuưy"
_LOWER = "".join(nfc(v + t) for v in _VOWELS for t in _TONES) + "bcdđghklmnpqrstvx"
VIETNAMESE = _LOWER + _LOWER.upper() + " \t\n-.,:/0123456789"
vietnamese_text = st.text(alphabet=VIETNAMESE, max_size=40)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Độc lập", "doc lap"),
        ("Độc lập - Tự do - Hạnh phúc", "doc lap - tu do - hanh phuc"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cong hoa xa hoi chu nghia viet nam"),
        ("đường", "duong"),
        ("ĐƯỜNG", "duong"),
        ("Sở Thông tin và Truyền thông", "so thong tin va truyen thong"),
        ("  Sở   TT&TT \n Thái  Bình ", "so tt&tt thai binh"),
        ("Quý I/2022", "quy i/2022"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_ignores_normal_form() -> None:
    assert fold(nfd("Độc lập")) == "doc lap"
    assert fold(nfd("Hưng Yên")) == fold("Hưng Yên") == "hung yen"


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("Đà Nẵng", "Da Nang"),
        ("đ Đ", "d D"),
        ("ð Ð", "d D"),  # eth, often typed for đ
        ("Thái Bình", "Thai Binh"),
        ("Ưu tiên", "Uu tien"),
        ("plain ASCII", "plain ASCII"),
    ],
)
def test_strip_diacritics_keeps_case(text: str, stripped: str) -> None:
    assert strip_diacritics(text) == stripped


def test_nfc_composes() -> None:
    decomposed = nfd("Độc lập")
    assert decomposed != "Độc lập"
    assert len(decomposed) > len("Độc lập")
    assert nfc(decomposed) == "Độc lập"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_clean_text() -> None:
    raw = nfd("  Báo cáo\r\ntháng 01\rnăm 2022\x00\x07\tx\x7f  ")
    assert clean_text(raw) == "Báo cáo\ntháng 01\nnăm 2022\tx"
    assert unicodedata.is_normalized("NFC", clean_text(raw))


@given(vietnamese_text)
def test_fold_properties(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(nfd(text)) == folded
    assert folded.isascii()
    assert folded == folded.strip()
    assert "  " not in folded


@given(vietnamese_text)
def test_strip_diacritics_properties(text: str) -> None:
    stripped = strip_diacritics(text)
    assert stripped.isascii()
    assert unicodedata.is_normalized("NFC", stripped)
    assert len(stripped) == len(nfc(text))


@given(vietnamese_text)
def test_nfc_is_idempotent(text: str) -> None:
    assert nfc(nfc(nfd(text))) == nfc(text)


# --- control characters: one home for every layer -----------------------------------------------

C0_KEPT = {"\t", "\n", "\r"}


def test_control_is_c0_but_tab_and_line_ends_and_del() -> None:
    found = {chr(c) for c in range(0x3000) if has_control(chr(c))}
    assert found == {chr(c) for c in range(0x20)} - C0_KEPT | {"\x7f"}


def test_clean_text_drops_controls_keeps_tab_newline_and_c1() -> None:
    assert clean_text("a\x00b\x07c\x1b[31md\x7fe\tf\r\ng\x85h") == "abc[31mde\tf\ng\x85h"


@pytest.mark.parametrize(
    ("chars", "inside", "outside"),
    [
        (LINE_CONTROL, ["\x00", "\t", "\n", "\r", "\x1f", "\x7f"], [" ", "a", "\x80", "\u202e"]),
        (NUL, ["\x00"], ["\x01", "\t"]),
        (UNSTORABLE, ["\x00", "\ud800", "\udfff"], ["\x01", "\ufffd", "😀"]),
        (SEPARATORS, ["\u2028", "\u2029", "\ufeff"], ["\n", "\u200b"]),
        (
            INVISIBLE,
            ["\x80", "\x9f", "\u202a", "\u202e", "\u2066", "\u2069", "\u200b"],
            ["\xa0", "\u2028", "đ"],
        ),
    ],
)
def test_control_classes(chars: str, inside: list[str], outside: list[str]) -> None:
    assert all(has_control(f"x{ch}y", chars) for ch in inside)
    assert not any(has_control(f"x{ch}y", chars) for ch in outside)


def test_strip_control_replaces_with_what_it_is_given() -> None:
    assert strip_control("a\x00b\u2028c", CONTROL + SEPARATORS, " ") == "a b c"
    assert strip_control("a\x00b\u2028c") == "ab\u2028c"


def test_without_is_the_anchored_pattern_the_api_publishes() -> None:
    assert without(LINE_CONTROL, empty=False) == r"^[^\x00-\x1f\x7f]+$"
    assert without(NUL) == r"^[^\x00]*$"
    one_line = re.compile(without(LINE_CONTROL, empty=False))
    assert one_line.match("STTTT") and one_line.match("Sở TT&TT")
    assert not one_line.match("") and not one_line.match("ST\nTT") and not one_line.match("a\x7f")
    assert re.compile(without(NUL)).match("") and not re.compile(without(NUL)).match("a\x00")


@given(st.text())
def test_clean_text_leaves_no_control(text: str) -> None:
    assert not has_control(clean_text(text))
