"""The analytics tables rendered in Python: escaping, numbers and the empty cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from baocao.analytics.rates import NodeRate, RatesView
from baocao.analytics.templatetags.analytics_tags import drill_rows, rates_tree_rows
from baocao.domain.consolidation import ReportingRate
from baocao.domain.periods import Period

HOSTILE = '<script>alert("x")</script> & Co'


def unit(pk: int, name: str, short: str = "") -> SimpleNamespace:
    return SimpleNamespace(pk=pk, name=name, short_name=short)


def view(tree: list[NodeRate], counted: bool = False) -> RatesView:
    period = Period.parse("2026-11")
    rates = RatesView(None, period, unit(1, "Tỉnh"), dt.date(2026, 11, 20), tree=tree)  # type: ignore[arg-type]
    rates.follow_through_counted = counted
    return rates


def test_a_tree_row_escapes_the_unit_and_shows_its_counts_and_rate():
    row = NodeRate(unit(7, HOSTILE), 2, ReportingRate(8, 6, 5, 4), tasks_planned=3, tasks_done=2)
    html = str(rates_tree_rows(view([row], counted=True)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</td>" in html
    assert 'style="padding-left: 3em"' in html  # one em per level below the scope, plus one
    cells = [c.split("<", 1)[0] for c in html.split('class="num">')[1:]]
    assert cells == ["8", "6", "5", "4", "2", "2"]  # expected, sent, approved, on time, late, …
    assert '<span style="width: 75%"></span></span> 75%' in html
    assert 'class="num follow-through">66,7% <small>(2/3)</small></td>' in html


def test_a_tree_row_without_follow_through_or_expected_units():
    row = NodeRate(unit(7, "Sở A", short="A"), 0, ReportingRate(0, 0, 0, 0))
    html = str(rates_tree_rows(view([row])))
    assert ">A</td>" in html and "follow-through" not in html
    assert '<span style="width: 0%"></span></span> —</td>' in html  # no rate, an empty bar


def test_an_empty_tree_says_no_unit_has_to_report():
    html = str(rates_tree_rows(view([])))
    assert html == (
        '<tr><td colspan="9" class="empty">'
        "Không có đơn vị nào phải nộp báo cáo này trong kỳ.</td></tr>"
    )


def test_counts_from_a_thousand_follow_the_language():
    row = NodeRate(unit(7, "Sở A"), 0, ReportingRate(1234, 1000, 0, 0))
    with translation.override("en"):
        assert '<td data-label="Required to report" class="num">1,234</td>' in str(
            rates_tree_rows(view([row]))
        )


def test_drill_rows_link_each_unit_by_its_id_and_escape_its_name(db):
    panel = {
        "period": Period.parse("2026-11"),
        "drill": {
            "units": [
                {
                    "unit": unit(1234, HOSTILE),
                    "rate": ReportingRate(1, 1, 1, 1),
                    "figures": [Decimal("1234.5"), None],
                }
            ]
        },
    }
    with translation.override("en"):  # an id is never grouped, whatever the language
        html = str(drill_rows(panel))
    assert 'href="/tong-quan/?unit=1234&amp;period=2026-11"' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<td class="num">1/1</td>' in html and '<td class="num">100%</td>' in html
    assert '<td class="num">1.234,5</td><td class="num">—</td>' in html
