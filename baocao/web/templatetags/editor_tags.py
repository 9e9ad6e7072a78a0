"""Template tags of the report editor: the indicator table's rows, built in Python.

The editor repeats a row of about 25 template nodes for every indicator of the regime, and the
template language spent about 3 ms a page on them; the tag builds the same markup in one pass,
every value that is not a number through ``html.escape`` (see "Long tables rendered in Python"
in docs/architecture.md).
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from baocao.domain.numbers import format_number
from baocao.web.templatetags.baocao import section_options

register = template.Library()


@register.simple_tag
def editor_value_rows(table: list[dict[str, Any]]) -> str:
    """Render the editor's indicator rows (``web.views.editor._context``'s ``table``).

    Each row: the indicator's name and unit, the value typed or stored with its error, how it
    is read and its warnings, the note, the estimate mark, the confirmation reason and the
    official figure of last period's estimate.
    """
    l_indicator = escape(gettext("Chỉ tiêu"))
    l_unit = escape(gettext("Đơn vị tính"))
    l_value = escape(gettext("Giá trị"))
    l_note = escape(gettext("Ghi chú"))
    l_estimate = escape(gettext("Ước thực hiện"))
    l_reason = escape(gettext("Lý do xác nhận số liệu"))
    confirmed_label = escape(gettext("Đã xác nhận:"))
    official = gettext("Số chính thức kỳ trước (đã báo cáo ước %(n)s)")
    parts: list[str] = []
    for entry in table:
        indicator = entry["row"].indicator
        pk = indicator.pk  # an id is written as it is, never localized
        numeric = indicator.is_numeric
        error = entry["error"]
        warnings = entry["warnings"]
        estimated = entry["estimated"]
        actual_error = entry["actual_error"]
        part = "" if not indicator.parent_id else ' class="part"'
        required = ' <span class="req">*</span>' if indicator.required else ""
        invalid = (
            f' class="invalid" aria-invalid="true" aria-describedby="err-{pk}"' if error else ""
        )
        parts.append(
            f"\n        <tr{part}>\n"
            f'          <td data-label="{l_indicator}"><label for="value-{pk}">'
            f"{conditional_escape(indicator.name)}</label>{required}</td>\n"
            f'          <td data-label="{l_unit}">{conditional_escape(indicator.unit)}</td>\n'
            f'          <td data-label="{l_value}">\n'
            f'            <input id="value-{pk}" name="value-{pk}" value="{conditional_escape(entry["raw"])}" '
            f"{'inputmode=' + chr(34) + 'decimal' + chr(34) if numeric else ''}{invalid}>\n"
            "            "
        )
        if error:
            parts.append(f'<p class="error" id="err-{pk}">{conditional_escape(error)}</p>')
        parts.append("\n            ")
        if numeric:
            ambiguous = entry["ambiguous"]
            parts.append(
                f'<p class="reading{" ambiguous" if ambiguous else ""}" id="read-{pk}" '
                f'data-reading-for="value-{pk}" aria-live="polite">'
                f"{'⚠ ' if ambiguous else ''}{conditional_escape(entry['reading'])}</p>"
            )
        parts.append("\n            ")
        for warning in warnings:
            parts.append(
                f'<p class="warning" id="warn-{pk}">'
                f"{confirmed_label + ' ' if warning.confirmed else ''}"
                f"{conditional_escape(warning.message)}</p>"
            )
        parts.append(
            "\n          </td>\n"
            f'          <td data-label="{l_note}"><input name="note-{pk}" '
            f'value="{conditional_escape(entry["note"])}" maxlength="500" aria-label="{l_note}">\n'
            "            "
        )
        if numeric:
            checked = " checked" if entry["estimate"] else ""
            parts.append(
                f'<label class="estimate"><input type="checkbox" name="estimate-{pk}" '
                f'value="1"{checked}> {l_estimate}</label>'
            )
        parts.append("\n            ")
        if warnings or entry["reason"]:
            described = f' aria-describedby="warn-{pk}"' if warnings else ""
            parts.append(
                f'<label class="reason" for="reason-{pk}">{l_reason}</label>\n'
                f'            <input id="reason-{pk}" name="reason-{pk}" '
                f'value="{conditional_escape(entry["reason"])}" maxlength="500"{described}>'
            )
        parts.append("\n            ")
        if estimated:
            number = estimated.value
            shown = "" if number is None or number == "" else format_number(number)
            actual_invalid = (
                f' class="invalid" aria-invalid="true" aria-describedby="err-actual-{pk}"'
                if actual_error
                else ""
            )
            parts.append(
                f'<label class="reason" for="actual-{pk}">'
                f"{official % {'n': escape(shown)}}</label>\n"
                f'            <input id="actual-{pk}" name="actual-{pk}" '
                f'value="{conditional_escape(entry["actual"])}" inputmode="decimal"{actual_invalid}>\n'
                "            "
            )
            if actual_error:
                parts.append(
                    f'<p class="error" id="err-actual-{pk}">{conditional_escape(actual_error)}</p>'
                )
        parts.append("\n          </td>\n        </tr>\n      ")
    return mark_safe("".join(parts))  # every value went through escape()


@functools.cache
def _row_labels(language: str | None) -> tuple[str, ...]:
    """Return the labels of an item row, translated into ``language`` (the active one) and
    escaped: once per language, as a page has several sections of rows."""
    del language  # the cache's key: the translations are those of the active language
    return tuple(
        escape(gettext(text))
        for text in (
            "Nội dung",
            "Nhập nội dung…",
            "Tiếp tục",
            "Chuyển sang lĩnh vực",
            "Chuyển lên",
            "Chuyển xuống",
            "Xóa mục này",
            "Xóa",
        )
    )


@register.simple_tag
def item_rows(rows: list[Any], section_choices: list[tuple[str, str]], focus: str) -> str:
    """Render a section's item rows of the editor (``web.views.editor.Row``).

    Each row: its key and id, its section when it is an empty new row, the text with its
    error, the "continuing" mark, the field picker and the move and remove buttons of a
    stored item. Ids are written as they are, never localized (an English "1,470" was read back
    as no id, and the save replaced the item); the row's number is localized, as shown.
    """
    labels = _row_labels(get_language())
    t_content, t_placeholder, t_continuing, t_move_to, t_up, t_down, t_remove_item, t_remove = (
        labels
    )
    parts: list[str] = []
    for number, row in enumerate(rows, start=1):
        key = conditional_escape(row.key)
        error = row.error
        parts.append(
            f'\n      <li class="row" id="row-{key}">\n'
            f'        <input type="hidden" name="row" value="{key}">\n'
            f'        <input type="hidden" name="row-{key}-id" '
            f'value="{row.id if row.id else ""}">\n'
            "        "
        )
        if not row.id and not row.text:
            section = str(row.section_id) if row.section_id else ""
            parts.append(f'<input type="hidden" name="row-{key}-section" value="{section}">')
        described = f' aria-invalid="true" aria-describedby="err-text-{key}"' if error else ""
        parts.append(
            f'\n        <label for="text-{key}" class="visually-hidden">{t_content} '
            f"{conditional_escape(localize(number))}</label>\n"
            f'        <textarea id="text-{key}" name="row-{key}-text" rows="2" maxlength="5000" '
            f'placeholder="{t_placeholder}"{" autofocus" if focus == row.key else ""}'
            f"{described}>{conditional_escape(row.text)}</textarea>\n"
            "        "
        )
        if error:
            parts.append(f'<p class="error" id="err-text-{key}">{conditional_escape(error)}</p>')
        parts.append(
            '\n        <div class="row-tools">\n'
            f'          <label class="check"><input type="checkbox" name="row-{key}-continuing" '
            f'value="1"{" checked" if row.continuing else ""}> {t_continuing}</label>\n'
            "          "
        )
        if row.id or row.text:
            parts.append(
                f'\n          <label class="move-to"><span>{t_move_to}</span>\n'
                f'            <select name="row-{key}-section">'
                f"{section_options(section_choices, row.section_id)}</select></label>\n"
                "          "
            )
        parts.append("\n          ")
        if row.id:
            parts.append(
                f'\n          <button type="submit" name="move" value="{key}:up" '
                f'class="btn-small" aria-label="{t_up}">↑</button>\n'
                f'          <button type="submit" name="move" value="{key}:down" '
                f'class="btn-small" aria-label="{t_down}">↓</button>\n'
                f'          <button type="submit" name="remove" value="{key}" '
                f'class="btn-small btn-danger" aria-label="{t_remove_item}">{t_remove}</button>\n'
                "          "
            )
        parts.append("\n        </div>\n      </li>\n    ")
    return mark_safe("".join(parts))  # every value went through escape()
