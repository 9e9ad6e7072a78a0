"""Vietnamese text normalisation and diacritic folding."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.domain.text import clean_text, fold, nfc, strip_diacritics


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
