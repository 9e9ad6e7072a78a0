"""The report page's table of figures is rendered in Python (``value_table_rows``): it writes
what the template language wrote, byte for byte, in every case a row can be in, and escapes
what users typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from baocao.catalog.models import Indicator
from baocao.domain.targets import Comparison
from baocao.registers.selectors import RegisterLink
from baocao.reports.models import IndicatorValue
from baocao.reports.presenters import ValueRow

# The markup the tag replaces, as report_detail.html wrote it.
OLD = """{% load i18n baocao %}{% translate "Chỉ tiêu" as v0 %}{% translate "Đơn vị tính" as v1 %}{% translate "Kỳ này" as v2 %}{% translate "Kỳ trước" as v3 %}{% translate "Tăng/giảm" as v4 %}{% translate "% kế hoạch năm" as v5 %}{% translate "So với cùng kỳ" as v6 %}
      {% for row in values %}
        <tr>
          <td data-label="{{ v0 }}">{{ row.indicator.name }}</td>
          <td data-label="{{ v1 }}">{{ row.indicator.unit }}</td>
          <td data-label="{{ v2 }}" class="num">{% if row.value %}{% if row.value.value is not None %}{{ row.value.value|vn_number }}{% if row.is_estimate %} <span class="estimate-mark">{% translate "(ước)" %}</span>{% endif %}{% if row.value.actual_value is not None %} <small>{% blocktranslate with n=row.value.actual_value|vn_number %}số chính thức: {{ n }}{% endblocktranslate %}</small>{% endif %}{% else %}{{ row.value.text_value }}{% endif %}{% if row.value.note %} <small>({{ row.value.note }})</small>{% endif %}{% else %}—{% endif %}{% if row.register_link %} <small class="register-source"><a href="{% url 'register-detail' row.register_link.register_id %}?{{ row.register_link.query }}" title="{% translate 'Các mục trong sổ của kỳ này' %}">{% blocktranslate with name=row.register_link.register %}Xem {{ name }}{% endblocktranslate %}</a></small>{% if row.register_link.differs is not None %} <small class="warn register-differs">{% blocktranslate with n=row.register_link.differs|vn_number %}khác số liệu trong sổ: {{ n }}{% endblocktranslate %}</small>{% endif %}{% endif %}</td>
          <td data-label="{{ v3 }}" class="num">{{ row.previous_number|vn_number|default:"—" }}</td>
          <td data-label="{{ v4 }}" class="num">{{ row.change|signed_vn_number|default:"—" }}{% if row.change_percent is not None %} <small>({{ row.change_percent|signed_vn_number }}%)</small>{% endif %}</td>
          {% if compared %}<td data-label="{{ v5 }}" class="num">{% if row.comparison.plan_text %}{{ row.comparison.plan_text }} <small>({% blocktranslate with ytd=row.comparison.year_to_date|vn_number target=row.comparison.target|vn_number %}lũy kế {{ ytd }} / KH {{ target }}{% endblocktranslate %})</small>{% else %}—{% endif %}</td>
          <td data-label="{{ v6 }}" class="num">{{ row.comparison.change_text|default:"—" }}</td>{% endif %}
        </tr>
      {% endfor %}"""
# The report page after: the translations gone from the <tbody> line, the tag in the loop's place.
NEW = "{% load baocao %}\n      {% value_table_rows values compared %}"

HOSTILE = "<b>\"Sở\" & 'Co'</b>"


def _value(**fields: object) -> IndicatorValue:
    return IndicatorValue(**{"value": None, "text_value": "", "note": "", **fields})


def _rows() -> list[ValueRow]:
    indicator = Indicator(code="A", name=HOSTILE, unit="<tin>")
    link = RegisterLink(
        register=HOSTILE, register_id=12, query="period=2022-01&a=<b>", differs=None
    )
    rows = [
        ValueRow(indicator, _value(value=Decimal("1234.5")), _value(value=Decimal("1000"))),
        ValueRow(
            indicator,
            _value(value=Decimal("7"), is_estimate=True, actual_value=Decimal("8"), note=HOSTILE),
            _value(value=Decimal("0")),
            Comparison(
                year_to_date=Decimal("20"),
                target=Decimal("50.5"),
                plan_percent=Decimal("39.6"),
                change_percent=Decimal("-3"),
            ),
        ),
        ValueRow(indicator, _value(text_value=HOSTILE), None, Comparison()),
        ValueRow(
            indicator, None, _value(value=Decimal("5")), Comparison(change_percent=Decimal(0))
        ),
        ValueRow(indicator, _value(value=Decimal("-2")), _value(value=Decimal("4"))),
    ]
    for row, register_link in zip(
        rows,
        [None, link, RegisterLink(HOSTILE, 3, "", Decimal("1.5")), None, link],
        strict=True,
    ):
        row.register_link = register_link  # type: ignore[attr-defined]
    return rows


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("compared", [True, False])
def test_the_table_of_figures_writes_what_the_template_wrote(language, compared):
    context = {"values": _rows(), "compared": compared}
    django = engines["django"]
    with translation.override(language):
        expected = django.from_string(OLD).render(context)
        assert django.from_string(NEW).render(context) == expected
    assert "<b>" not in expected and "&lt;b&gt;&quot;Sở&quot;" in expected
    assert "register-differs" in expected and "estimate-mark" in expected
