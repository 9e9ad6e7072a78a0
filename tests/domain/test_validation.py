"""The pure rules of a report's figures: required, bounds, cross-indicator rules, outliers."""

from decimal import Decimal as D

import pytest

from baocao.domain.targets import accumulate, compare
from baocao.domain.validation import (
    Expression,
    ExpressionError,
    IndicatorSpec,
    Operator,
    Rule,
    Severity,
    evaluate,
    outlier,
)

SPECS = [
    IndicatorSpec("TOTAL", "Tổng số hồ sơ", required=True, low=D(0)),
    IndicatorSpec("ONLINE", "Trong đó: trực tuyến", low=D(0)),
    IndicatorSpec("POST", "Qua bưu chính", low=D(0)),
]
PART = Rule(Expression.parse("ONLINE"), Operator.LE, Expression.parse("TOTAL"), id=1)
SUM = Rule(Expression.parse("ONLINE + POST"), Operator.EQ, Expression.parse("TOTAL"), id=2)


def test_a_part_larger_than_its_total_is_an_error_naming_both() -> None:
    findings = evaluate({"TOTAL": D(10), "ONLINE": D(12)}, indicators=SPECS, rules=[PART])
    assert len(findings) == 1
    assert findings[0].severity == Severity.ERROR
    assert findings[0].codes == ("ONLINE", "TOTAL")
    assert "ONLINE ≤ TOTAL" in findings[0].message
    assert "12 ≤ 10" in findings[0].message


def test_a_rule_waits_until_all_its_indicators_have_values() -> None:
    assert evaluate({"TOTAL": D(10), "ONLINE": D(4)}, indicators=SPECS, rules=[SUM]) == []
    findings = evaluate(
        {"TOTAL": D(10), "ONLINE": D(4), "POST": D(5)}, indicators=SPECS, rules=[SUM]
    )
    assert [f.rule_id for f in findings] == [2]
    assert evaluate({"TOTAL": D(9), "ONLINE": D(4), "POST": D(5)}, rules=[SUM]) == []


def test_the_rule_message_written_by_the_administrator_is_used() -> None:
    rule = Rule(
        Expression.parse("ONLINE"), Operator.LE, Expression.parse("TOTAL"), message="Sai tổng"
    )
    assert evaluate({"TOTAL": D(1), "ONLINE": D(2)}, rules=[rule])[0].message == "Sai tổng"


def test_required_is_checked_only_when_complete() -> None:
    assert evaluate({}, indicators=SPECS) == []
    findings = evaluate({}, indicators=SPECS, complete=True)
    assert [(f.kind, f.code) for f in findings] == [("required", "TOTAL")]
    assert findings[0].message == "Chưa nhập số liệu “Tổng số hồ sơ”."
    assert evaluate({}, indicators=SPECS, complete=True, given=["TOTAL"]) == []


def test_bounds() -> None:
    findings = evaluate({"TOTAL": D(-1)}, indicators=SPECS)
    assert findings[0].kind == "bounds"
    assert findings[0].message == "Giá trị phải lớn hơn hoặc bằng 0."


def test_an_outlier_against_the_units_history_is_a_warning_until_confirmed() -> None:
    history = {"TOTAL": [D(x) for x in (100, 104, 98, 101, 99, 103, 97, 102)]}
    assert evaluate({"TOTAL": D(105)}, indicators=SPECS, history=history) == []
    findings = evaluate({"TOTAL": D(1000)}, indicators=SPECS, history=history)
    assert [(f.severity, f.kind, f.blocking) for f in findings] == [
        (Severity.WARNING, "outlier", True)
    ]
    assert "trung vị 8 kỳ gần nhất: 100,5" in findings[0].message
    confirmed = evaluate(
        {"TOTAL": D(1000)},
        indicators=SPECS,
        history=history,
        confirmed={"TOTAL": "Có đợt cao điểm"},
    )
    assert confirmed[0].confirmed and not confirmed[0].blocking
    assert confirmed[0].reason == "Có đợt cao điểm"


def test_outliers_need_enough_history_and_tolerate_flat_series() -> None:
    assert outlier(D(1000), [D(1)] * 5) is None
    assert outlier(D(11), [D(10)] * 12) is None
    assert outlier(D(20), [D(10)] * 12) == D(10)


def test_errors_come_before_warnings() -> None:
    history = {"POST": [D(5)] * 12}
    rule = Rule(Expression.parse("ONLINE"), Operator.LE, Expression.parse("TOTAL"))
    findings = evaluate(
        {"TOTAL": D(1), "ONLINE": D(2), "POST": D(500)},
        indicators=SPECS,
        rules=[rule],
        history=history,
    )
    assert [f.severity for f in findings] == [Severity.ERROR, Severity.WARNING]


@pytest.mark.parametrize("text", ["", "A +", "A + B;", "x" * 40])
def test_bad_expressions_are_refused(text: str) -> None:
    with pytest.raises(ExpressionError):
        Expression.parse(text)


def test_expressions_read_numbers_and_sums() -> None:
    assert Expression.parse("1.234,5").constant == D("1234.5")
    assert Expression.parse(" A +B ").codes == ("A", "B")
    assert str(Expression.parse("A+B")) == "A + B"


def test_plan_percent_and_same_period_change() -> None:
    result = compare(value=D(30), year_values=[D(20), D(29)], target=D(200), last_year=D(25))
    assert result.year_to_date == D(79)
    assert result.plan_percent == D("39.5")
    assert result.plan_text == "39,5%"
    assert result.change_text == "tăng 20%"
    assert compare(value=D(20), last_year=D(25)).change_text == "giảm 20%"
    assert compare(value=D(20), target=D(0)).plan_percent is None
    assert accumulate([D(3), D(5)], "last") == D(5)
    assert accumulate([D(3), D(5)], "average") == D(4)
