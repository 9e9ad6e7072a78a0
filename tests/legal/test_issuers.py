"""Who issued a cited document: central symbols, named bodies and provinces (pure)."""

from __future__ import annotations

import pytest

from baocao.domain.issuers import (
    Province,
    central_issuer,
    province_of_name,
    resolve_issuer,
)

THAI_BINH = Province("Thái Bình")


@pytest.mark.parametrize(
    ("symbol", "name"),
    [
        ("NĐ-CP", "Chính phủ"),
        ("QĐ-TTg", "Thủ tướng Chính phủ"),
        ("TT-BTTTT", "Bộ Thông tin và Truyền thông"),
        ("NQ-QH", "Quốc hội"),
        ("QH14", "Quốc hội"),
        ("NQ-UBTVQH15", "Ủy ban Thường vụ Quốc hội"),
        ("TT-BTC", "Bộ Tài chính"),
        ("VPCP-KSTT", "Văn phòng Chính phủ"),
        ("BTTTT-CĐSQG", "Bộ Thông tin và Truyền thông"),
        ("NQ/TW", "Ban Chấp hành Trung ương Đảng"),
        ("TTLT-BTC-BTTTT", "Bộ Tài chính - Bộ Thông tin và Truyền thông"),
        ("QĐ-BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    ],
)
def test_a_central_symbol_names_its_issuer(symbol, name) -> None:
    issuer = central_issuer(symbol)
    assert issuer is not None and issuer.name == name and issuer.is_central


@pytest.mark.parametrize(
    "symbol", ["QĐ-UBND", "CT-UBND", "KH-UBND", "NQ-HĐND", "BC-STTTT", "UBND-VX", "NQ/TU", ""]
)
def test_a_provincial_symbol_does_not_identify_its_issuer(symbol) -> None:
    assert central_issuer(symbol) is None


def test_a_provincial_document_is_the_citing_reports_provinces() -> None:
    issuer = resolve_issuer("CT-UBND", None, THAI_BINH)
    assert (issuer.key, issuer.name) == ("tinh:thai binh", "UBND tỉnh Thái Bình")
    assert resolve_issuer("NQ-HĐND", None, THAI_BINH).name == "HĐND tỉnh Thái Bình"
    assert resolve_issuer("CT-UBND", "UBND tỉnh", THAI_BINH).name == "UBND tỉnh Thái Bình"
    assert resolve_issuer("CT-UBND", None, Province("Hưng Yên")).key == "tinh:hung yen"


def test_a_province_named_in_the_citation_wins_over_the_reports() -> None:
    issuer = resolve_issuer("KH-UBND", "UBND tỉnh Hưng Yên", THAI_BINH)
    assert (issuer.key, issuer.name) == ("tinh:hung yen", "UBND tỉnh Hưng Yên")
    assert resolve_issuer("KH-UBND", "UBND thành phố Hà Nội", THAI_BINH).key == "tinh:ha noi"


def test_a_district_named_in_the_citation_is_its_own_issuer_inside_the_province() -> None:
    district = resolve_issuer("KH-UBND", "UBND huyện Vũ Thư", THAI_BINH)
    assert district.key == "tinh:thai binh/huyen vu thu"
    city = resolve_issuer("KH-UBND", "UBND thành phố Thái Bình", THAI_BINH)
    assert city.key == "tinh:thai binh/thanh pho thai binh"


def test_a_central_body_named_in_the_citation_identifies_a_letter() -> None:
    assert resolve_issuer("STC-NS", "Bộ Tài chính", THAI_BINH).key == "tw:BTC"
    assert resolve_issuer("KH", "Bộ TT&TT", THAI_BINH).name == "Bộ Thông tin và Truyền thông"
    # the symbol wins over the text
    assert resolve_issuer("NĐ-CP", "UBND tỉnh Thái Bình", THAI_BINH).key == "tw:CP"


def test_nothing_known_gives_an_empty_key() -> None:
    assert resolve_issuer("CT-UBND", None, None).key == ""


def test_the_province_of_a_units_name() -> None:
    assert province_of_name("Ủy ban nhân dân tỉnh Thái Bình") == THAI_BINH
    assert province_of_name("UBND thành phố Hà Nội").label == "thành phố Hà Nội"
    assert province_of_name("UBND", "Hưng Yên") == Province("Hưng Yên")
    assert province_of_name("Văn phòng") is None
