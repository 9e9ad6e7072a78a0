"""The citation grammar and its variants, and short mentions by type and number."""

from __future__ import annotations

import pytest

from baocao.parser import find_short_mentions, parse_citations


def _one(text: str) -> dict:
    refs = parse_citations(text)
    assert len(refs) == 1, refs
    ref = refs[0]
    assert text[ref.span[0] : ref.span[1]] == ref.text
    return {k: getattr(ref, k) for k in ("text", "doc_type", "number", "year", "symbol", "date",
                                         "issuer")}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("theo Quyết định số 37/2021/QĐ-TTg ngày 18/12/2021 của Thủ tướng Chính phủ về mạng",
         ("Quyết định", "37", 2021, "QĐ-TTg", "2021-12-18", "Thủ tướng Chính phủ")),
        ("theo Nghị định 107/2021/NĐ-CP.", ("Nghị định", "107", 2021, "NĐ-CP", None, None)),
        ("theo NĐ 107/2021/NĐ-CP.", ("Nghị định", "107", 2021, "NĐ-CP", None, None)),
        ("theo QĐ số 215/QĐ-STTTT ngày 3/10/2022", ("Quyết định", "215", 2022, "QĐ-STTTT",
                                                  "2022-10-03", None)),
        ("Thông tư số 08/2021/TT-BTTTT ngày 23 tháng 9 năm 2021 của Bộ Thông tin và Truyền "
         "thông.", ("Thông tư", "08", 2021, "TT-BTTTT", "2021-09-23",
                    "Bộ Thông tin và Truyền thông")),
        ("TT 08/2021/TT-BTTTT", ("Thông tư", "08", 2021, "TT-BTTTT", None, None)),
        ("CV 1578/BTTTT-CVT ngày 20/4/2022", ("Công văn", "1578", 2022, "BTTTT-CVT",
                                              "2022-04-20", None)),
        ("Công văn số 7722/VPCP-KSTT ngày 30/12/2021 của Văn phòng Chính phủ",
         ("Công văn", "7722", 2021, "VPCP-KSTT", "2021-12-30", "Văn phòng Chính phủ")),
        ("Thông tư liên tịch số 13/2015/TTLT-BTC-BTTTT", ("Thông tư liên tịch", "13", 2015,
                                                        "TTLT-BTC-BTTTT", None, None)),
        ("Luật số 45/2019/QH14", ("Luật", "45", 2019, "QH14", None, None)),
        ("Luật An toàn thông tin mạng số 86/2015/QH13", ("Luật", "86", 2015, "QH13", None, None)),
        ("Nghị quyết số 05-NQ/ ĐU ngày 15/4/2022 của Đảng ủy Sở", ("Nghị quyết", "05", 2022,
                                                                  "NQ/ĐU", "2022-04-15",
                                                                  "Đảng ủy Sở")),
        ("Quy định số 11-QyĐ/TW ngày 18/02/2019", ("Quy định", "11", 2019, "QyĐ/TW",
                                                  "2019-02-18", None)),
        ("Chương trình số 09/CTr-STTTT", ("Chương trình", "09", None, "CTr-STTTT", None, None)),
        ("Tờ trình số 128/TTr-STTTT", ("Tờ trình", "128", None, "TTr-STTTT", None, None)),
        ("Nghị quyết số 120/2022/NQ-HĐND của HĐND tỉnh", ("Nghị quyết", "120", 2022, "NQ-HĐND",
                                                       None, "HĐND tỉnh")),
        ("Nghị định số 53/2022/NÐ-CP", ("Nghị định", "53", 2022, "NĐ-CP", None, None)),
        ("quyết định số 12/Qđ-UBND", ("Quyết định", "12", None, "Qđ-UBND", None, None)),
        ("Chỉ thị số 01/CT-UBND ngày 12/01/2022 của Ủy ban nhân dân tỉnh về việc",
         ("Chỉ thị", "01", 2022, "CT-UBND", "2022-01-12", "Ủy ban nhân dân tỉnh")),
    ],
)  # fmt: skip
def test_a_citation_variant_is_read_field_by_field(text: str, want: tuple):
    got = _one(text)
    assert (got["doc_type"], got["number"], got["year"], got["symbol"], got["date"],
            got["issuer"]) == want  # fmt: skip


def test_a_citation_split_across_a_line_break_keeps_its_text_as_written():
    got = _one("theo Quyết định số\n37/2021/QĐ-\nTTg ngày 18/12/2021 về")
    assert got["symbol"] == "QĐ-TTg"
    assert got["text"] == "Quyết định số\n37/2021/QĐ-\nTTg ngày 18/12/2021"


def test_one_closing_issuer_covers_every_document_of_the_list():
    refs = parse_citations(
        "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 và Nghị định số 108/2020/NĐ-CP ngày "
        "14/9/2020 của Chính phủ."
    )
    assert [r.issuer for r in refs] == ["Chính phủ", "Chính phủ"]
    assert refs[0].text == "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020"


def test_a_following_so_shares_the_type_of_the_citation_before_it():
    refs = parse_citations(
        "Công văn số 4256/BTC-NSNN ngày 05/5/2022 và số 4718/BTC-NSNN ngày 18/5/2022 "
        "của Bộ Tài chính"
    )
    assert [(r.doc_type, r.number, r.issuer) for r in refs] == [
        ("Công văn", "4256", "Bộ Tài chính"), ("Công văn", "4718", "Bộ Tài chính"),
    ]  # fmt: skip
    assert refs[1].text == "số 4718/BTC-NSNN ngày 18/5/2022 của Bộ Tài chính"


def test_issuers_separated_by_semicolons_are_not_shared():
    refs = parse_citations("Quy chế số 05-QC/ĐU; Công văn 7722/VPCP-KSTT của Văn phòng Chính phủ")
    assert [r.issuer for r in refs] == [None, "Văn phòng Chính phủ"]


def test_the_issuer_stops_before_the_next_citation():
    refs = parse_citations("Nghị quyết số 05-NQ/ĐU của Đảng ủy Sở và Nghị quyết số 03-NQ/TU")
    assert [r.issuer for r in refs] == ["Đảng ủy Sở", None]


def test_unnumbered_documents_and_the_reports_own_number_are_not_citations():
    text = ("BÁO CÁO\nSố: 05/BC-STTTT\nBan hành Kế hoạch thông tin đối ngoại năm 2022; "
            "Đề án Chuyển đổi số tỉnh đến năm 2025.")  # fmt: skip
    assert parse_citations(text) == []


def test_an_impossible_date_is_left_out_of_the_citation():
    got = _one("Quyết định số 12/QĐ-UBND ngày 31/02/2022")
    assert got["date"] is None and got["text"] == "Quyết định số 12/QĐ-UBND"


def test_short_mentions_give_type_number_and_span():
    text = "triển khai Nghị định 107 và Quyết định số 37; Nghị định số 107/2021/NĐ-CP."
    mentions = find_short_mentions(text)
    assert [(m.doc_type, m.number, m.text) for m in mentions] == [
        ("Nghị định", "107", "Nghị định 107"), ("Quyết định", "37", "Quyết định số 37"),
    ]  # fmt: skip
    for m in mentions:
        assert text[m.span[0] : m.span[1]] == m.text
