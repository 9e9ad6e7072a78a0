"""Period words the regex accepts case-insensitively never crash the parser."""

from baocao.parser.parse import parse_text


def test_a_long_s_in_six_months_is_read_as_a_half_year() -> None:
    result = parse_text("Báo cáo kết quả ſáu tháng đầu năm 2022\nVề CNTT: Triển khai 3 hệ thống.")
    assert result.period is not None
    assert (result.period.kind, result.period.year) == ("half", 2022)
