"""Properties: the parser never crashes, spans quote their text, legacy encodings round-trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baocao.parser import parse_text
from baocao.parser.encodings import (
    fix_legacy_text,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

VIET_LOWER = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
VIET_UPPER = VIET_LOWER.upper()
ASCII = "0123456789 .,;:()/-%\n"
REPORT_WORDS = [
    "Về", "Công tác", "tháng 01 năm 2022", "quý I/2022", "Quyết định số", "37/2021/QĐ-TTg",
    "ngày 18/12/2021", "của", "Thủ tướng Chính phủ", "1.234,5", "ha", "-850", "tin, bài", "23/27",
    "ngành", "I.", "1.", "a)", "-", ":", ";", ".", "./.", "\n", "không có vụ việc", "phát sinh",
    "NQ/ ĐU", "05-NQ/TU", "Tiếp tục", "tham mưu", "BÁO CÁO", "Số: 05/BC-STTTT", "%", "QL10",
    "Covid-19", "từ 10 đến 15", "nghìn con", "Nhiệm vụ tháng 02/2022", "(", ")", "và số",
]  # fmt: skip

report_like = st.lists(st.sampled_from(REPORT_WORDS), max_size=80).map(" ".join)
any_text = st.text(max_size=400)
vietnamese = st.text(alphabet=VIET_LOWER + VIET_UPPER + "ĂÂÊÔƠƯĐ" + ASCII, max_size=200)
tcvn3_text = st.text(alphabet=VIET_LOWER + "ĂÂÊÔƠƯĐ" + ASCII + "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                     max_size=200)  # fmt: skip


def _check_spans(text: str) -> None:
    result = parse_text(text)
    canonical = result.text
    quoted = [*result.legal_refs, *result.quantities, *result.zero_facts, *result.preamble]
    quoted += [item for section in result.sections for item in section.items]
    for obj in quoted:
        start, end = obj.span
        assert 0 <= start <= end <= len(canonical)
        assert canonical[start:end] == obj.text
    for section in result.sections:
        assert canonical[section.span[0] : section.span[1]] == section.title
    result.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_the_parser_never_crashes_on_arbitrary_text_and_spans_quote_it(text: str):
    _check_spans(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like)
def test_report_like_text_gives_spans_that_quote_it(text: str):
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(vietnamese)
def test_vni_round_trips(text: str):
    assert vni_to_unicode(unicode_to_vni(text)) == text


@settings(max_examples=300, deadline=None)
@given(tcvn3_text)
def test_tcvn3_round_trips(text: str):
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


SENTENCES = st.lists(
    st.sampled_from([
        "Sở Thông tin và Truyền thông đã triển khai có hiệu quả các nhiệm vụ chính trị",
        "tiếp tục tham mưu với UBND tỉnh quản lý nhà nước về thông tin",
        "kết quả đạt được trên các lĩnh vực công nghệ thông tin và viễn thông",
        "không có vụ việc khiếu nại tố cáo phát sinh trong tháng",
        "hướng dẫn các doanh nghiệp bưu chính về việc triển khai kế hoạch hỗ trợ",
        "đưa hộ sản xuất nông nghiệp lên sàn thương mại điện tử",
    ]),
    min_size=2, max_size=6,
).map(". ".join)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(SENTENCES)
def test_legacy_text_is_detected_and_decoded_to_the_original(text: str):
    tcvn3 = unicode_to_tcvn3(text, lower_unmapped=True)
    assert fix_legacy_text(tcvn3) == (tcvn3_to_unicode(tcvn3), "tcvn3")
    assert tcvn3_to_unicode(tcvn3) == text
    assert fix_legacy_text(unicode_to_vni(text)) == (text, "vni")
    assert fix_legacy_text(text) == (text, None)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_decode_or_raise_a_parse_error(data: bytes):
    from baocao.parser.encodings import decode_bytes
    from baocao.parser.errors import ParseError

    try:
        decoded = decode_bytes(data, "x.txt")
    except ParseError as exc:
        assert str(exc).startswith("x.txt: ")
    else:
        assert isinstance(decoded.text, str)
