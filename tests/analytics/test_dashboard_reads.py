"""The dashboard's and the rates page's reads: one pivot for the trends and the units below,
the prepared reads of a subtree, and the same answers as the plain queries they replace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from baocao.analytics.history import rates_history
from baocao.analytics.rates import reporting_rates
from baocao.analytics.rollup import rebuild_rollups, rollup_status
from baocao.analytics.scope import Scope, under
from baocao.analytics.selectors import (
    key_indicators,
    latest_period_with_data,
    templates_for,
)
from baocao.analytics.views.dashboard import _drill_down, _figures, _key_indicators
from baocao.catalog.models import Indicator, ReportTemplate
from baocao.domain.periods import Period
from baocao.organizations.models import OrgUnit
from tests.analytics.test_pivot import year_of_values  # noqa: F401 - a fixture

TODAY = dt.date(2022, 4, 20)


@pytest.fixture
def key_average(template):
    """Make the averaged indicator a key one too: the dashboard then shows an average."""
    Indicator.objects.filter(template=template, code="TY_LE").update(is_key=True)


@pytest.mark.parametrize("rollup", [False, True])
def test_one_pivot_answers_as_the_trend_and_the_drill_down_apart(
    year_of_values,  # noqa: F811
    key_average,
    template,
    province,
    unit,
    other_unit,
    rollup,
):
    if rollup:
        rebuild_rollups()
        assert rollup_status().built
    scope = Scope(province, True)
    indicators = key_indicators(template)
    assert [i.code for i in indicators] == ["BAO_CHI", "TY_LE"]
    for code in ("2022-01", "2022-02", "2022-03", "2021-03"):
        period = Period.parse(code)
        rates = reporting_rates(template, period, province, TODAY)
        key, drill = _figures(indicators, scope, period, rates, lineage=False)
        assert key == _key_indicators(indicators, scope, period)
        assert drill == _drill_down(indicators, scope, period, rates)
    period = Period.parse("2022-03")
    rates = reporting_rates(template, period, province, TODAY)
    key, drill = _figures(indicators, scope, period, rates, lineage=False)
    assert [k["latest"] for k in key] == [Decimal(33), Decimal("66.5")]  # a sum; an average
    assert [len(k["series"]) for k in key] == [12, 12]
    figures = {d["unit"].pk: d["figures"] for d in drill["units"]}
    assert figures == {unit.pk: [30, 80], other_unit.pk: [3, 53]}


def test_the_trend_and_the_drill_down_without_units_below(
    year_of_values,  # noqa: F811
    template,
    unit,
):
    scope = Scope(unit, True)
    period = Period.parse("2022-02")
    indicators = key_indicators(template)
    rates = reporting_rates(template, period, unit, TODAY)
    key, drill = _figures(indicators, scope, period, rates, lineage=False)
    assert [k["latest"] for k in key] == [20]
    assert drill == {"units": [], "indicators": []}


def test_key_indicators_know_their_template(template, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = key_indicators(template)
        assert [i.template.code for i in found] == ["STTTT-THANG"]


def test_under_matches_the_subtree(template, province, unit, other_unit):
    below = OrgUnit.objects.create(code="PHONG", name="Phòng", level="division", parent=unit)
    for top in (province, unit, other_unit, below):
        assert set(OrgUnit.objects.filter(under(top.path))) == set(top.subtree())
    assert list(OrgUnit.objects.filter(under("/%/"))) == []  # a LIKE wildcard is a character


def test_templates_of_a_scope_with_or_without_the_units_below(template, province, unit):
    other = ReportTemplate.objects.create(code="KHAC", name="Chế độ khác", period_kind="month")
    other.assigned_units.add(province)
    retired = ReportTemplate.objects.create(
        code="CU", name="Chế độ cũ", period_kind="month", is_active=False
    )
    retired.assigned_units.add(unit)
    assert templates_for(Scope(province, True)) == [other, template]
    assert templates_for(Scope(province, False)) == [other]
    assert templates_for(Scope(unit, False)) == [template]
    lone = OrgUnit.objects.create(code="LE", name="Đơn vị lẻ", level="department")
    assert templates_for(Scope(lone, True)) == [other, template]  # none assigned: every one


def test_the_latest_period_with_data_is_the_scopes(
    year_of_values,  # noqa: F811
    template,
    province,
    unit,
    other_unit,
):
    upto = Period.parse("2022-12")
    assert latest_period_with_data(template, Scope(province, True), upto).code == "2022-03"
    assert latest_period_with_data(template, Scope(unit, True), Period.parse("2022-02")).code == (
        "2022-02"
    )
    assert latest_period_with_data(template, Scope(unit, True), Period.parse("2021-12")).code == (
        "2021-03"
    )
    lone = OrgUnit.objects.create(code="LE", name="Đơn vị lẻ", level="department")
    assert latest_period_with_data(template, Scope(lone, True), upto) == upto


def test_the_history_counts_the_units_of_the_subtree(
    year_of_values,  # noqa: F811
    template,
    province,
    unit,
):
    history = rates_history(template, province, Period.parse("2022-03"), count=4, today=TODAY)
    assert [(h.period.code, h.rate.expected, h.rate.received) for h in history] == [
        ("2021-12", 2, 0),
        ("2022-01", 2, 2),
        ("2022-02", 2, 2),
        ("2022-03", 2, 2),
    ]
    assert not any(h.carried for h in history)
    own = rates_history(template, unit, Period.parse("2022-03"), count=1, today=TODAY)
    assert [(h.rate.expected, h.rate.received) for h in own] == [(1, 1)]


@pytest.mark.parametrize("unit_id", ["abc", "99999999999999999999999", "-5", "0"])
def test_a_unit_asked_for_that_does_not_exist_is_a_404(client, viewer, template, unit_id):
    client.force_login(viewer)
    assert client.get(reverse("dashboard"), {"unit": unit_id}).status_code == 404
    assert client.get(reverse("reporting-rates"), {"unit": unit_id}).status_code == 404


def test_the_dashboard_with_lineage_reads_each_table_apart_and_agrees(
    client,
    viewer,
    year_of_values,  # noqa: F811
    key_average,
):
    client.force_login(viewer)

    def tables(**extra: str) -> list[str]:
        html = client.get(reverse("dashboard"), {"period": "2022-03", **extra}).content.decode()
        return [part.split("</table>", 1)[0] for part in html.split("<table")[1:]]

    plain, followed = tables(), tables(lineage="1")
    assert len(plain) == 2 and "Sở KH&amp;ĐT" in plain[1]  # the key indicators, the units
    assert followed == plain  # nothing merged or split: the same figures either way
