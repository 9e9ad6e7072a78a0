"""Figures without a number are checked without reading the rules or the unit's history: no
rule and no outlier can be found without a number; with one, both are read and applied."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.domain.validation import Severity
from baocao.reports.selectors import forget_values
from baocao.reports.services import create_report, save_draft
from baocao.validation.checks import check_report, check_values, history_for
from baocao.validation.services import create_rule


def _tables_read(call) -> tuple[object, str]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, " ".join(q["sql"] for q in queries.captured_queries)


def test_blank_figures_read_no_rule(draft, parts, admin):
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    blank = {pk: None for pk in (parts["total"].pk, parts["online"].pk)}
    found, sql = _tables_read(lambda: check_values(draft, blank))
    assert found == []
    assert "validation_validationrule" not in sql
    found, sql = _tables_read(lambda: check_values(draft, blank, complete=True))
    assert "validation_validationrule" not in sql  # the required check needs no rule


def test_a_number_reads_and_applies_the_rules(draft, parts, admin):
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    figures = {parts["total"].pk: 5, parts["online"].pk: 9}
    found, sql = _tables_read(lambda: check_values(draft, figures))
    assert "validation_validationrule" in sql
    assert [(f.severity, f.kind, f.codes) for f in found] == [
        (Severity.ERROR, "rule", ("HS_TRUC_TUYEN", "HS_TONG"))
    ]


def test_the_stored_figures_are_checked_with_the_rules(draft, parts, admin, reporter):
    create_rule(draft.template, by=admin, left="HS_TRUC_TUYEN", operator="<=", right="HS_TONG")
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        values={parts["total"].pk: ("5", ""), parts["online"].pk: ("4", "")},
    )
    forget_values(draft)
    found, sql = _tables_read(lambda: check_report(draft))
    assert found == []
    assert "validation_validationrule" in sql


def test_the_history_is_the_units_earlier_values(draft, template, unit, reporter):
    later = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    assert history_for(later) == {"BAO_CHI": [Decimal(773)]}
    assert history_for(draft) == {}
