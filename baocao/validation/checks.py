"""Check a report's figures: the one call site of the pure evaluator (domain.validation).

``save_draft`` (which the editor, the importer, the API, the exchange and the Excel upload all
call) and ``submit_report`` call ``check_values``/``check_report``; the editor and the report
page show ``check_report``'s findings of the stored values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baocao.catalog.models import Indicator, ReportTemplate
from baocao.catalog.selectors import template_indicators
from baocao.core.prepared import prepared
from baocao.domain.validation import (
    HISTORY_PERIODS,
    Expression,
    ExpressionError,
    Finding,
    IndicatorSpec,
    Operator,
    Rule,
    evaluate,
)
from baocao.reports.models import IndicatorValue, Report
from baocao.reports.selectors import stored_values
from baocao.validation.models import ValidationRule


def messages() -> dict[str, str]:
    """Return the evaluator's message templates in the active language."""
    return {
        "required": _("Chưa nhập số liệu “{name}”."),
        "low": _("Giá trị phải lớn hơn hoặc bằng {bound}."),
        "high": _("Giá trị phải nhỏ hơn hoặc bằng {bound}."),
        "rule": _("Số liệu không thỏa quy tắc {rule} ({left} {symbol} {right} không đúng)."),
        "outlier": _(
            "Giá trị {value} khác xa số liệu thường gặp của đơn vị (trung vị {count} kỳ gần "
            "nhất: {median}); hãy kiểm tra lại hoặc xác nhận kèm lý do."
        ),
    }


def spec_of(indicator: Indicator) -> IndicatorSpec:
    """Return what the evaluator needs of an indicator."""
    low, high = indicator.bounds()
    return IndicatorSpec(
        code=indicator.code,
        name=indicator.name,
        required=indicator.required,
        low=low,
        high=high,
        numeric=indicator.is_numeric,
    )


@prepared
def _rules_of_regime(code: str) -> QuerySet[ValidationRule]:
    return ValidationRule.objects.filter(template__code=code).order_by("pk")


def regime_rules(template: ReportTemplate) -> list[ValidationRule]:
    """Return the stored rules of ``template``'s regime, any version (rules name indicators by
    code), in the order they were made: what the rules page lists and the checks apply."""
    return _rules_of_regime(template.code)


def rules_for(report: Report) -> list[Rule]:
    """Return the rules of the report's regime as the checks apply them."""
    found = []
    for row in regime_rules(report.template):
        try:
            found.append(row.to_rule())
        except (ExpressionError, ValueError):
            continue  # a rule the service refused to store cannot be here; skip, never crash
    return found


def history_for(report: Report) -> dict[str, list[Decimal]]:
    """Return the unit's values of the last 12 earlier periods of the regime, oldest first."""
    history: dict[str, list[tuple]] = defaultdict(list)
    rows = _history_rows(
        report.unit_id, report.template.code, report.period_kind, report.period_start
    )
    for code, start, value in rows:
        history[code].append((start, value))
    return {code: [v for _s, v in sorted(pairs)] for code, pairs in history.items()}


@prepared
def _history_rows(
    unit: int, regime: str, kind: str, before: date
) -> QuerySet[IndicatorValue, tuple[str, date, Decimal | None]]:
    earlier = (  # a subquery: the values are read in one query
        Report.objects.filter(
            unit_id=unit, template__code=regime, period_kind=kind, period_start__lt=before
        )
        .order_by("-period_start")
        .values("pk")[:HISTORY_PERIODS]
    )
    return (
        IndicatorValue.objects.filter(report_id__in=earlier)
        .exclude(value=None)
        .values_list("indicator__code", "report__period_start", "value")
    )


def disaggregation_rules(indicators: list[Indicator]) -> list[Rule]:
    """Return the implicit rules of disaggregated indicators: their parts add up to the total."""
    by_pk = {i.pk: i for i in indicators}
    parts: dict[int, list[str]] = defaultdict(list)
    for indicator in indicators:
        parent_id = getattr(indicator, "parent_id", None)
        if parent_id in by_pk:
            parts[parent_id].append(indicator.code)
    return [
        Rule(
            left=Expression(codes=tuple(codes)),
            operator=Operator.EQ,
            right=Expression(codes=(by_pk[total].code,)),
            message=_("Tổng các nhóm phân tổ phải bằng “%(name)s”.") % {"name": by_pk[total].name},
        )
        for total, codes in parts.items()
    ]


def check_values(
    report: Report,
    values: Mapping[int, Decimal | None],
    *,
    given: set[int] | None = None,
    confirmed: Mapping[int, str] | None = None,
    complete: bool = False,
    indicators: list[Indicator] | None = None,
) -> list[Finding]:
    """Return the findings of ``values`` (numbers by indicator id) for ``report``."""
    indicators = indicators or template_indicators(report.template)
    code_of = {i.pk: i.code for i in indicators}
    filled = set(values) if given is None else given
    # Without a number no rule and no outlier can be found: a rule is checked once every
    # indicator it names has a number, and a stored rule names one at least (its left side,
    # ``services._clean``); the outliers are the only check of the history. A draft's empty
    # figures are checked without reading either.
    numbers = any(v is not None for v in values.values())
    return evaluate(
        {code_of[pk]: v for pk, v in values.items() if pk in code_of},
        indicators=[spec_of(i) for i in indicators],
        rules=disaggregation_rules(indicators) + (rules_for(report) if numbers else []),
        history=history_for(report) if numbers else {},
        confirmed={code_of[pk]: r for pk, r in (confirmed or {}).items() if pk in code_of},
        given=[code_of[pk] for pk in filled if pk in code_of],
        complete=complete,
        messages=messages(),
    )


def check_report(report: Report, *, complete: bool = False) -> list[Finding]:
    """Return the findings of the report's stored values."""
    stored = stored_values(report)
    return check_values(
        report,
        {v.indicator_id: v.value for v in stored},
        given={v.indicator_id for v in stored if v.value is not None or v.text_value},
        confirmed={v.indicator_id: v.confirmed_reason for v in stored if v.confirmed_reason},
        complete=complete,
    )


def findings_by_indicator(report: Report, findings: list[Finding]) -> dict[int, list[Finding]]:
    """Group findings by the id of the indicator each is shown next to."""
    ids = {i.code: i.pk for i in template_indicators(report.template)}
    grouped: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.code in ids:
            grouped[ids[finding.code]].append(finding)
    return dict(grouped)
