"""The analytics tables rendered in Python: escaping, numbers and the empty cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from baocao.analytics.history import PeriodRate
from baocao.analytics.rates import NodeRate, RatesView
from baocao.analytics.templatetags.analytics_tags import (
    approved_items,
    drill_rows,
    history_rows,
    key_rows,
    rates_tree_rows,
    unit_names,
)
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


def test_key_rows_escape_the_indicator_and_show_figures_changes_and_the_trend():
    indicator = SimpleNamespace(name=HOSTILE, unit="<b>")
    key = {
        "indicator": indicator,
        "series": [Decimal(1), None, Decimal("2.5")],
        "latest": Decimal("2.5"),
        "previous": (None, None),
        "last_year": (Decimal("1.5"), 150.0),
        "carried": True,
    }
    plain = {**key, "indicator": SimpleNamespace(name="B", unit=""), "carried": False}
    html = str(key_rows({"period": Period.parse("2026-11"), "key": [key, plain]}))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co <small>(&lt;b&gt;)" in html
    assert '<td data-label="Tháng 11/2026" class="num">2,5</td>' in html
    assert '<td data-label="So với kỳ trước" class="num">—</td>' in html
    assert '<span class="up">+1,5 (+150%)</span>' in html
    assert html.count("<svg") == 2 and html.count('class="carried"') == 1
    assert html.count("gồm số liệu của đơn vị tiền thân") == 1
    assert '<td data-label="Chỉ tiêu">B</td>' in html


def test_unit_names_are_escaped_and_cut_after_the_limit():
    statuses = [SimpleNamespace(unit=unit(i, f"<{i}>", "A" if i == 1 else "")) for i in range(4)]
    assert str(unit_names(statuses, 3)) == "&lt;0&gt;, A, &lt;2&gt; …"  # type: ignore[arg-type]
    assert str(unit_names(statuses, 4)) == "&lt;0&gt;, A, &lt;2&gt;, &lt;3&gt;"  # type: ignore[arg-type]
    assert str(unit_names([], 15)) == ""


def test_approved_items_link_each_report_and_escape_it(db):
    approved = dt.datetime(2022, 1, 31, 20, tzinfo=dt.UTC)  # 1 February in Hanoi
    report = SimpleNamespace(
        pk=1234,
        unit=unit(5, "Sở", short=HOSTILE),
        title="<i>x</i>",
        number_text="05/BC-<STTTT>",
        approved_at=approved,
    )
    with translation.override("en"):
        html = str(approved_items([report, SimpleNamespace(**{**vars(report), "number_text": ""})]))
        assert (
            str(approved_items([])) == '<li class="empty">No reports have been approved yet.</li>'
        )
    assert '<li><a href="/bao-cao/1234/">&lt;script&gt;' in html
    assert (
        "— &lt;i&gt;x&lt;/i&gt;</a> <small>(05/BC-&lt;STTTT&gt;, 01/02/2022)</small></li>" in html
    )
    assert "</a> <small>(01/02/2022)</small></li>" in html


def test_history_rows_name_the_period_and_count():
    history = [
        PeriodRate(Period.parse("2026-10"), ReportingRate(1234, 617, 0, 600), carried=True),
        PeriodRate(Period.parse("2026-11"), ReportingRate(0, 0, 0, 0), carried=False),
    ]
    html = str(history_rows(history))
    assert (
        '<td data-label="Kỳ báo cáo">Tháng 10/2026 <small>(gồm đơn vị tiền thân)</small></td>'
        in html
    )
    assert '<td data-label="Phải báo cáo" class="num">1234</td>' in html
    with translation.override("en"):  # grouped as the template language groups it
        assert '<td data-label="Required to report" class="num">1,234</td>' in str(
            history_rows(history)
        )
    assert '<td data-label="Đúng hạn" class="num">600</td>' in html
    assert '<td data-label="Tỷ lệ đã gửi">50%</td>' in html
    assert '<td data-label="Kỳ báo cáo">Tháng 11/2026</td>' in html
    assert '<td data-label="Tỷ lệ đã gửi">—</td>' in html
