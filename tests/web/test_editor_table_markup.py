"""The editor's indicator rows and item rows (rendered in Python, ``editor_value_rows`` and
``item_rows``) are the markup the template's loops wrote, byte for byte, in every state of a
row; what users typed is escaped."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from baocao.web.templatetags.editor_tags import editor_value_rows, item_rows
from baocao.web.views.editor import Row

# The loop the tag replaced (report_edit.html before the tag), kept as the reference.
REFERENCE = (
    '{% load i18n baocao %}{% translate "Chỉ tiêu" as l_indicator %}{% translate "Đơn vị tính" as l_unit %}{% translate "Giá trị" as l_value %}{% translate "Ghi chú" as l_note %}{% translate "Ước thực hiện" as l_estimate %}{% translate "Lý do xác nhận số liệu" as l_reason %}'
    "{% for entry in table %}\n"
    '        <tr{% if entry.row.indicator.parent_id %} class="part"{% endif %}>\n'
    '          <td data-label="{{ l_indicator }}"><label for="value-{{ entry.row.indicator.pk }}">{{ entry.row.indicator.name }}</label>{% if entry.row.indicator.required %} <span class="req">*</span>{% endif %}</td>\n'
    '          <td data-label="{{ l_unit }}">{{ entry.row.indicator.unit }}</td>\n'
    '          <td data-label="{{ l_value }}">\n'
    '            <input id="value-{{ entry.row.indicator.pk }}" name="value-{{ entry.row.indicator.pk }}" value="{{ entry.raw }}" {% if entry.row.indicator.is_numeric %}inputmode="decimal"{% endif %}{% if entry.error %} class="invalid" aria-invalid="true" aria-describedby="err-{{ entry.row.indicator.pk }}"{% endif %}>\n'
    '            {% if entry.error %}<p class="error" id="err-{{ entry.row.indicator.pk }}">{{ entry.error }}</p>{% endif %}\n'
    '            {% if entry.row.indicator.is_numeric %}<p class="reading{% if entry.ambiguous %} ambiguous{% endif %}" id="read-{{ entry.row.indicator.pk }}" data-reading-for="value-{{ entry.row.indicator.pk }}" aria-live="polite">{% if entry.ambiguous %}⚠ {% endif %}{{ entry.reading }}</p>{% endif %}\n'
    '            {% for warning in entry.warnings %}<p class="warning" id="warn-{{ entry.row.indicator.pk }}">{% if warning.confirmed %}{% translate "Đã xác nhận:" %} {% endif %}{{ warning.message }}</p>{% endfor %}\n'
    "          </td>\n"
    '          <td data-label="{{ l_note }}"><input name="note-{{ entry.row.indicator.pk }}" value="{{ entry.note }}" maxlength="500" aria-label="{{ l_note }}">\n'
    '            {% if entry.row.indicator.is_numeric %}<label class="estimate"><input type="checkbox" name="estimate-{{ entry.row.indicator.pk }}" value="1"{% if entry.estimate %} checked{% endif %}> {{ l_estimate }}</label>{% endif %}\n'
    '            {% if entry.warnings or entry.reason %}<label class="reason" for="reason-{{ entry.row.indicator.pk }}">{{ l_reason }}</label>\n'
    '            <input id="reason-{{ entry.row.indicator.pk }}" name="reason-{{ entry.row.indicator.pk }}" value="{{ entry.reason }}" maxlength="500"{% if entry.warnings %} aria-describedby="warn-{{ entry.row.indicator.pk }}"{% endif %}>{% endif %}\n'
    '            {% if entry.estimated %}<label class="reason" for="actual-{{ entry.row.indicator.pk }}">{% blocktranslate with n=entry.estimated.value|vn_number %}Số chính thức kỳ trước (đã báo cáo ước {{ n }}){% endblocktranslate %}</label>\n'
    '            <input id="actual-{{ entry.row.indicator.pk }}" name="actual-{{ entry.row.indicator.pk }}" value="{{ entry.actual }}" inputmode="decimal"{% if entry.actual_error %} class="invalid" aria-invalid="true" aria-describedby="err-actual-{{ entry.row.indicator.pk }}"{% endif %}>\n'
    '            {% if entry.actual_error %}<p class="error" id="err-actual-{{ entry.row.indicator.pk }}">{{ entry.actual_error }}</p>{% endif %}{% endif %}\n'
    "          </td>\n"
    "        </tr>\n"
    "      {% endfor %}"
)


def _entry(pk: int, **changes: object) -> dict:
    indicator = SimpleNamespace(
        pk=pk,
        name=changes.pop("name", "Tin, bài <b> & \"đăng\" 'x'"),
        unit=changes.pop("unit", "tin, bài"),
        parent_id=changes.pop("parent_id", None),
        required=changes.pop("required", False),
        is_numeric=changes.pop("is_numeric", True),
    )
    entry = {
        "row": SimpleNamespace(indicator=indicator),
        "raw": "",
        "note": "",
        "error": "",
        "warnings": [],
        "estimate": False,
        "reason": "",
        "estimated": None,
        "actual": "",
        "actual_error": "",
        "reading": "",
        "ambiguous": False,
    }
    entry.update(changes)
    return entry


def _warning(message: str, confirmed: bool) -> SimpleNamespace:
    return SimpleNamespace(message=message, confirmed=confirmed)


TABLE = [
    _entry(1),
    _entry(2, parent_id=1, required=True, raw="1.250", reading="đọc là 1250", ambiguous=True),
    _entry(3, is_numeric=False, raw="<i>chữ</i>", note='ghi "chú" & <x>'),
    _entry(
        4,
        error="Giá trị <không> hợp lệ",
        warnings=[_warning("Tăng <bất thường>", False), _warning("Giảm & lạ", True)],
        reason="vì <lý do>",
        estimate=True,
    ),
    _entry(5, reason="đã xác nhận", estimate=True, raw="12", reading="đọc là 12"),
    _entry(
        6,
        estimated=SimpleNamespace(value=Decimal("1234.5")),
        actual="<1.300>",
        actual_error="Số <không> hợp lệ",
    ),
    _entry(7, estimated=SimpleNamespace(value=Decimal("10")), actual="12"),
    _entry(8, estimated=SimpleNamespace(value=None)),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_the_template_loops_markup(language):
    reference = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        expected = reference.render({"table": TABLE})
        assert str(editor_value_rows(TABLE)) == expected


def test_a_hostile_name_is_escaped():
    html = str(editor_value_rows([_entry(9, name='<script>alert("x")</script> & Co')]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert '<input id="value-9" name="value-9" value="" inputmode="decimal">' in html


# The loop of a section's item rows that ``item_rows`` replaced, kept as the reference.
REFERENCE_ROWS = (
    '{% load i18n l10n baocao %}{% translate "Nội dung" as t_content %}{% translate "Nhập nội dung…" as t_placeholder %}{% translate "Tiếp tục" as t_continuing %}{% translate "Chuyển sang lĩnh vực" as t_move_to %}{% translate "Chuyển lên" as t_up %}{% translate "Chuyển xuống" as t_down %}{% translate "Xóa mục này" as t_remove_item %}{% translate "Xóa" as t_remove %}'
    "{% for row in block.rows %}\n"
    '      <li class="row" id="row-{{ row.key }}">\n'
    '        <input type="hidden" name="row" value="{{ row.key }}">\n'
    '        <input type="hidden" name="row-{{ row.key }}-id" value="{% if row.id %}{{ row.id|unlocalize }}{% endif %}">\n'
    '        {% if not row.id and not row.text %}<input type="hidden" name="row-{{ row.key }}-section" value="{% if row.section_id %}{{ row.section_id|unlocalize }}{% endif %}">{% endif %}\n'
    '        <label for="text-{{ row.key }}" class="visually-hidden">{{ t_content }} {{ forloop.counter }}</label>\n'
    '        <textarea id="text-{{ row.key }}" name="row-{{ row.key }}-text" rows="2" maxlength="5000" placeholder="{{ t_placeholder }}"{% if focus == row.key %} autofocus{% endif %}{% if row.error %} aria-invalid="true" aria-describedby="err-text-{{ row.key }}"{% endif %}>{{ row.text }}</textarea>\n'
    '        {% if row.error %}<p class="error" id="err-text-{{ row.key }}">{{ row.error }}</p>{% endif %}\n'
    '        <div class="row-tools">\n'
    '          <label class="check"><input type="checkbox" name="row-{{ row.key }}-continuing" value="1"{% if row.continuing %} checked{% endif %}> {{ t_continuing }}</label>\n'
    "          {% if row.id or row.text %}\n"
    '          <label class="move-to"><span>{{ t_move_to }}</span>\n'
    '            <select name="row-{{ row.key }}-section">{% section_options section_choices row.section_id %}</select></label>\n'
    "          {% endif %}\n"
    "          {% if row.id %}\n"
    '          <button type="submit" name="move" value="{{ row.key }}:up" class="btn-small" aria-label="{{ t_up }}">↑</button>\n'
    '          <button type="submit" name="move" value="{{ row.key }}:down" class="btn-small" aria-label="{{ t_down }}">↓</button>\n'
    '          <button type="submit" name="remove" value="{{ row.key }}" class="btn-small btn-danger" aria-label="{{ t_remove_item }}">{{ t_remove }}</button>\n'
    "          {% endif %}\n"
    "        </div>\n"
    "      </li>\n"
    "    {% endfor %}"
)

CHOICES = [("1", "Công nghệ <thông tin>"), ("2", "Báo chí & xuất bản"), ("", "Nội dung khác")]
ROWS = [
    Row(key="1470", id=1470, section_id=1, text='Đã <làm> & "xong"', continuing=True),
    Row(key="12", id=12, section_id=2, text="", continuing=False, error="Quá <dài>"),
    Row(key="n1", id=None, section_id=1, text="Mới gõ 'x'", continuing=False),
    Row(key="new-2", id=None, section_id=2, text="", continuing=False),
    Row(key="new-None", id=None, section_id=None, text="", continuing=False),
    Row(key="new-1500", id=None, section_id=1500, text="", continuing=False),
    Row(key="7", id=7, section_id=None, text="Khác", continuing=False, error="Lỗi"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("focus", ["", "new-2", "1470"])
def test_the_item_rows_are_the_template_loops_markup(language, focus):
    reference = engines["django"].from_string(REFERENCE_ROWS)
    with translation.override(language):
        context = {"block": {"rows": ROWS}, "section_choices": CHOICES, "focus": focus}
        assert str(item_rows(ROWS, CHOICES, focus)) == reference.render(context)


def test_a_hostile_item_text_and_key_are_escaped():
    row = Row(
        key='"><b>',
        id=None,
        section_id=None,
        text="</textarea><script>x</script>",
        continuing=False,
    )
    html = str(item_rows([row], CHOICES, ""))
    assert "<script>" not in html and "</textarea><" not in html.split("<textarea", 1)[1][:80]
    assert "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;" in html
    assert 'id="row-&quot;&gt;&lt;b&gt;"' in html


def test_an_indicator_id_is_written_as_it_is_in_english_too():
    # The template localized it ("value-1,234" in English), so the save never found the value.
    with translation.override("en"):
        html = str(editor_value_rows([_entry(1234)]))
    assert 'name="value-1234"' in html and 'name="note-1234"' in html
    assert "1,234" not in html


def test_an_item_id_is_written_as_it_is_in_english_too():
    # The template localized ids ("1,470" in English): the save read no id, replaced the item.
    with translation.override("en"):
        html = str(item_rows(ROWS, CHOICES, ""))
    assert '<input type="hidden" name="row-1470-id" value="1470">' in html
    assert '<input type="hidden" name="row-new-1500-section" value="1500">' in html
    assert "1,470" not in html and "1,500" not in html
