"""The reports list's offers ("Báo cáo cần lập", "Lập báo cáo cho kỳ khác") and the period
picker are rendered in Python (``slot_forms``, ``picker_forms``, ``period_select``): they write
what the template language wrote, byte for byte, and escape what users typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from baocao.analytics.selectors import by_year
from baocao.catalog.models import ReportTemplate
from baocao.domain.periods import Period, periods_between
from baocao.organizations.models import OrgUnit
from baocao.web.templatetags.baocao import period_select
from tests.conftest import client_for

# The markup the tags replace, as the templates wrote it (the ids unlocalized: "1,234" is no id).
SLOTS = """{% load i18n l10n baocao %}{% for slot in slots %}
    <li>
      <form method="post" action="{% url 'report-create' %}" class="inline">{% csrf_token %}
        <input type="hidden" name="unit" value="{{ slot.unit.pk|unlocalize }}">
        <input type="hidden" name="template" value="{{ slot.template.pk|unlocalize }}">
        <input type="hidden" name="period" value="{{ slot.period.code }}">
        <span><strong>{{ slot.period|period_name }}</strong> — {{ slot.template.name }} · {{ slot.unit.short_name|default:slot.unit.name }} · {% translate "Hạn nộp" %} <strong>{{ slot.due|date:"d/m/Y" }}</strong>{% if slot.due < today %} <span class="badge badge-overdue">{% translate "Quá hạn" %}</span>{% endif %}</span>
        <label class="check"><input type="checkbox" name="carry" value="1" checked> {% translate "Lấy nhiệm vụ kỳ trước" %}</label>
        <button type="submit" class="btn-primary">{% translate "Lập báo cáo" %}</button>
      </form>
    </li>
  {% endfor %}"""
PICKERS = """{% load i18n l10n baocao %}{% for picker in pickers %}
    <li>
      <form method="post" action="{% url 'report-create' %}" class="inline">{% csrf_token %}
        <input type="hidden" name="unit" value="{{ picker.unit.pk|unlocalize }}">
        <input type="hidden" name="template" value="{{ picker.template.pk|unlocalize }}">
        <label for="{{ picker.id }}">{{ picker.template.name }} · {{ picker.unit.short_name|default:picker.unit.name }}</label>
        {% include "web/_period_select.html" with select_id=picker.id period_groups=picker.groups required=True %}
        <label class="check"><input type="checkbox" name="carry" value="1" checked> {% translate "Lấy nhiệm vụ kỳ trước" %}</label>
        <button type="submit" class="btn">{% translate "Lập báo cáo" %}</button>
      </form>
    </li>
  {% endfor %}"""
SELECT = """{% load i18n baocao %}<select id="{{ select_id }}" name="{{ select_name|default:'period' }}"{% if required %} required{% endif %}{% if described_by %} aria-describedby="{{ described_by }}"{% endif %}>{% if blank %}<option value="">{{ blank }}</option>{% endif %}{% period_options period_groups selected %}</select>"""

HOSTILE = "<b>\"Sở\" & 'Co'</b>"


def _render(source: str, context: dict) -> str:
    """Render ``source``, the form's token (masked anew at each rendering) written as X."""
    request = RequestFactory().get("/bao-cao/")
    html = engines["django"].from_string(source).render(context, request)
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1X", html)


def _groups() -> list[tuple[int, list[Period]]]:
    periods = periods_between(Period.parse("2021-11"), Period.parse("2022-02"))
    return by_year(list(reversed(periods)))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_offers_write_what_the_template_wrote(language):
    unit = OrgUnit(pk=1234, code="X", name=HOSTILE, short_name="")
    template = ReportTemplate(pk=7, code="T", name=HOSTILE)
    today = dt.date(2022, 2, 1)
    slots = [
        {"unit": unit, "template": template, "period": Period.parse("2022-01"), "due": due}
        for due in (dt.date(2022, 1, 20), dt.date(2022, 2, 1), dt.date(2022, 2, 20))
    ]
    pickers = [{"id": "period-1234-7", "unit": unit, "template": template, "groups": _groups()}]
    context = {"slots": slots, "pickers": pickers, "today": today}
    with translation.override(language):
        for old, new in (
            (SLOTS, "{% load baocao %}{% slot_forms slots today %}"),
            (PICKERS, "{% load baocao %}{% picker_forms pickers %}"),
        ):
            expected = _render(old, context)
            assert _render(new, context) == expected
            assert 'name="csrfmiddlewaretoken" value="X"' in expected
            assert (
                "<b>" not in expected and "&lt;b&gt;&quot;Sở&quot; &amp; &#x27;Co&#x27;" in expected
            )


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"select_name": "from", "blank": "Tất cả", "selected": Period.parse("2022-01")},
        {"required": True, "described_by": "period-help", "blank": "— Chọn kỳ —"},
        {"select_id": 'x"><script>', "described_by": "<i>", "blank": "<&>"},
    ],
)
def test_the_period_picker_writes_what_its_template_wrote(extra):
    context = {"select_id": "period", "period_groups": _groups(), **extra}
    expected = _render(SELECT, context)
    include = '{% include "web/_period_select.html" %}'
    assert _render(include, context) == expected + "\n"
    assert "<script>" not in expected
    assert (
        str(
            period_select(
                context.pop("select_id"),
                context.pop("period_groups"),
                **{{"select_name": "name"}.get(k, k): v for k, v in context.items()},
            )
        )
        == expected
    )


def test_the_list_offers_a_slot_and_a_picker_of_the_units_regime(draft, unit, template, reporter):
    html = client_for(reporter).get("/bao-cao/").content.decode()
    assert f'<select id="period-{unit.pk}-{template.pk}" name="period" required>' in html
    assert '<input type="hidden" name="period" value="2022-02">' in html  # after the draft's
