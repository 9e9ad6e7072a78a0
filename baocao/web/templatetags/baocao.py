"""Template filters: Vietnamese numbers, status badges, overdue flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from baocao.core.actors import Actor
from baocao.domain.numbers import format_number
from baocao.domain.periods import Period
from baocao.reports.models import STATUS_CHOICES, Report
from baocao.reports.selectors import DELIVERED_STATUSES

register = template.Library()

# The words are the status labels of reports.models (one word per state); only colours here.
BADGES = {value: (f"badge-{value}", label) for value, label in STATUS_CHOICES}


@register.filter
def vn_number(value: Decimal | int | float | None) -> str:
    """Format a number the Vietnamese way (1.234,5)."""
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def signed_vn_number(value: Decimal | int | None) -> str:
    """Format a change with its sign (+12, -3)."""
    if value is None:
        return ""
    text = format_number(value)
    return text if text.startswith("-") or value == 0 else f"+{text}"


@register.simple_tag
def status_badge(report: Report) -> str:
    """Render the report's status as a coloured badge with text."""
    css, label = BADGES.get(report.status, ("badge-draft", report.status))
    return format_html('<span class="badge {}">{}</span>', css, str(label))


def _is_overdue(report: Report, today: dt.date) -> bool:
    """Say whether the report has not reached the receiving agency by its deadline."""
    return report.status not in DELIVERED_STATUSES and report.due_date < today


def _overdue_mark() -> str:
    return format_html('<span class="badge badge-overdue">{}</span>', gettext("Quá hạn"))


@register.simple_tag
def overdue_badge(report: Report, today: dt.date) -> str:
    """Render "Quá hạn" when the report has not reached the receiving agency by its deadline."""
    return _overdue_mark() if _is_overdue(report, today) else ""


@register.filter
def person(user: Actor | None) -> str:
    """Render a person's name in Vietnamese order (family name first)."""
    from baocao.organizations.people import display_name

    return display_name(user)


@register.filter
def period_name(period: Period | None) -> str:
    """Name a period in the active language ("Tháng 01/2022", "January 2022")."""
    from baocao.core.locale import period_label

    return period_label(period) if period is not None else ""


def _url_of(name: str) -> Callable[[int], str]:
    """Return a function giving the URL ``name`` of an id: ``reverse`` once per call site
    rather than once per row (a list of 300 reports reversed 300 times)."""
    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


@register.simple_tag
def report_groups(groups: list[dict], today: dt.date) -> str:
    """Render the reports list's cards: one per period, a table of its reports (unit, title,
    due date, status). A report is a row of ``pk``, ``title``, ``status``, ``due_date``,
    ``is_consolidated``, ``unit__name`` and ``unit__short_name``.

    One pass in Python with the standard library's ``html.escape``: the template language spent
    about 100 µs a row on the same markup, ``format_html`` about 30.
    """
    url = _url_of("report-detail")
    unit_l, title_l, due_l, status_l = (
        escape(gettext(word)) for word in ("Đơn vị", "Báo cáo", "Hạn nộp", "Trạng thái")
    )
    consolidated = f' <span class="tag">{escape(gettext("Tổng hợp"))}</span>'
    overdue = _overdue_mark()
    badges: dict[str, str] = {}
    dates: dict[dt.date, str] = {}  # a due date as written (a period's reports share theirs)
    language = translation.get_language()
    head = "".join(f'<th scope="col">{label}</th>' for label in (unit_l, title_l, due_l, status_l))
    cards = []
    for group in groups:
        rows = []
        for report in group["reports"]:
            badge = badges.get(report.status)
            if badge is None:
                badge = badges[report.status] = str(status_badge(report))
            late = " " + overdue if _is_overdue(report, today) else " "
            unit = report.unit__short_name or report.unit__name
            due = dates.get(report.due_date)
            if due is None:
                day = report.due_date  # as strftime("%d/%m/%Y") writes it, at half the cost
                due = dates[day] = f"{day.day:02d}/{day.month:02d}/{day.year}"
            rows.append(
                f'<tr><td data-label="{unit_l}">{escape(unit)}</td>'
                f'<td data-label="{title_l}"><a href="{url(report.pk)}">{escape(report.title)}</a>'
                f"{consolidated if report.is_consolidated else ''}</td>"
                f'<td data-label="{due_l}">{due}</td>'
                f'<td data-label="{status_l}">{badge}{late}</td></tr>'
            )
        cards.append(
            f'<section class="card">\n<h2>{escape(_period_name_in(language, group["period"]))}</h2>\n'
            f'<table class="table responsive">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n</section>"
        )
    return mark_safe("\n".join(cards))  # every value above went through escape()


@register.simple_tag
def section_options(choices: list[tuple[str, str]], selected: int | None) -> str:
    """Render the options of an editor row's "move to field" picker, its field selected.

    In Python: the picker repeats on every row, and the template language spent about 15 µs
    an option.
    """
    chosen = str(selected) if selected else ""
    return mark_safe(  # every value went through escape()
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
            f"{escape(name)}</option>"
            for value, name in choices
        )
    )


@lru_cache(maxsize=4096)
def _period_name_in(language: str | None, period: Period) -> str:
    """Return ``period_name(period)`` with ``language`` active, remembered: a picker names the
    same periods on every page."""
    return period_name(period)


@register.simple_tag
def period_options(groups: list[tuple[int, list[Period]]], selected: Period | None) -> str:
    """Render a period picker's options, grouped by year, ``selected`` marked.

    In Python: a picker of every month since 2020 has about 80 options, and the template
    language spent about 20 µs an option.
    """
    language = translation.get_language()  # once: asking costs more than the name
    parts = []
    for year, group in groups:
        options = "".join(
            f'<option value="{escape(p.code)}"{" selected" if p == selected else ""}>'
            f"{escape(_period_name_in(language, p))}</option>"
            for p in group
        )
        parts.append(f'<optgroup label="{escape(str(year))}">{options}</optgroup>')
    return mark_safe("".join(parts))  # every value above went through escape()


def _shown(value: object) -> str:
    """Return ``value`` as ``{{ value }}`` shows it to a person: localized (a number of 1000 or
    more gets the language's thousands separator), escaped. Never for an id or any value a form
    or link sends back: write those as they are (``str()``)."""
    # Django's stubs type conditional_escape's argument as text; it takes any value (str()).
    return conditional_escape(localize(value))  # type: ignore[arg-type]


def _template_word(msgid: str) -> str:
    """Return what ``{% translate msgid %}`` writes: the translation, unescaped (a literal of
    the template is safe), its ``%`` doubled for gettext and restored."""
    return gettext(msgid.replace("%", "%%")).replace("%%", "%")


def csrf_field(context: Context) -> str:
    """Return what ``{% csrf_token %}`` renders in ``context`` (Django's own node): the form's
    hidden token, or nothing without one."""
    return str(CsrfTokenNode().render(context))


@register.simple_tag(takes_context=True)
def slot_forms(context: Context, slots: list[dict], today: dt.date) -> str:
    """Render the reports list's "Báo cáo cần lập" forms, a list item per slot (a ``unit``,
    ``template``, ``period`` and ``due`` date: ``web.views.reports._open_slots``).

    In Python: the template language spent about 0.1 ms a form.
    """
    action = escape(reverse("report-create"))
    csrf = csrf_field(context)
    due_l, carry_l, create_l = (
        _template_word(w) for w in ("Hạn nộp", "Lấy nhiệm vụ kỳ trước", "Lập báo cáo")
    )
    overdue = f'<span class="badge badge-overdue">{_template_word("Quá hạn")}</span>'
    items = []
    for slot in slots:
        unit, template, due = slot["unit"], slot["template"], slot["due"]
        late = f" {overdue}" if due < today else ""
        # The ids as they are (an int needs no escaping), never localized: English writes 1234
        # "1,234", which report_create cannot read.
        items.append(
            "\n    <li>\n"
            f'      <form method="post" action="{action}" class="inline">{csrf}\n'
            f'        <input type="hidden" name="unit" value="{unit.pk}">\n'
            f'        <input type="hidden" name="template" value="{template.pk}">\n'
            f'        <input type="hidden" name="period" value="{escape(slot["period"].code)}">\n'
            f"        <span><strong>{escape(period_name(slot['period']))}</strong> — "
            f"{escape(template.name)} · {escape(unit.short_name or unit.name)} · {due_l} "
            f"<strong>{due.day:02d}/{due.month:02d}/{due.year:04d}</strong>{late}</span>\n"
            '        <label class="check"><input type="checkbox" name="carry" value="1" checked> '
            f"{carry_l}</label>\n"
            f'        <button type="submit" class="btn-primary">{create_l}</button>\n'
            "      </form>\n"
            "    </li>\n  "
        )
    return mark_safe("".join(items))  # every value but the template's words went through escape()


@register.simple_tag(takes_context=True)
def picker_forms(context: Context, pickers: list[dict]) -> str:
    """Render the reports list's "Lập báo cáo cho kỳ khác" forms, a list item per picker (an
    ``id``, ``unit``, ``template`` and period ``groups``: ``web.views.reports._other_periods``),
    each with its ``period_select``."""
    action = escape(reverse("report-create"))
    csrf = csrf_field(context)
    carry_l, create_l = (_template_word(w) for w in ("Lấy nhiệm vụ kỳ trước", "Lập báo cáo"))
    items = []
    for picker in pickers:
        unit, template = picker["unit"], picker["template"]
        select = period_select(picker["id"], picker["groups"], required=True)
        # The ids as they are (an int needs no escaping), never localized: English writes 1234
        # "1,234", which report_create cannot read.
        items.append(
            "\n    <li>\n"
            f'      <form method="post" action="{action}" class="inline">{csrf}\n'
            f'        <input type="hidden" name="unit" value="{unit.pk}">\n'
            f'        <input type="hidden" name="template" value="{template.pk}">\n'
            f'        <label for="{escape(picker["id"])}">{escape(template.name)} · '
            f"{escape(unit.short_name or unit.name)}</label>\n"
            f"        {select}\n\n"
            '        <label class="check"><input type="checkbox" name="carry" value="1" checked> '
            f"{carry_l}</label>\n"
            f'        <button type="submit" class="btn">{create_l}</button>\n'
            "      </form>\n"
            "    </li>\n  "
        )
    return mark_safe("".join(items))  # every value but the template's words went through escape()


@register.simple_tag
def period_select(
    select_id: str,
    groups: list[tuple[int, list[Period]]],
    name: str = "",
    *,
    required: object = False,
    described_by: object = "",
    blank: object = "",
    selected: Period | None = None,
) -> str:
    """Render a period picker: a ``<select>`` named ``name`` (``period`` when empty), with a
    first option ``blank`` (if any) and ``period_options``; the one markup of
    ``web/_period_select.html`` and the reports list's pickers."""
    parts = [f'<select id="{_shown(select_id)}" name="{_shown(name or "period")}"']
    if required:
        parts.append(" required")
    if described_by:
        parts.append(f' aria-describedby="{_shown(described_by)}"')
    parts.append(">")
    if blank:
        parts.append(f'<option value="">{_shown(blank)}</option>')
    parts.append(period_options(groups, selected))
    parts.append("</select>")
    return mark_safe("".join(parts))  # every value above went through _shown()


@register.simple_tag
def value_table_rows(rows: list[Any], compared: bool) -> str:
    """Render the report page's table of figures, a row per ``reports.presenters.ValueRow``
    (with its ``register_link``, ``registers.selectors.RegisterLink`` or None): this period's
    value with its marks, the previous period's, the change and, when ``compared``, the % of
    the annual plan and the change vs the same period last year.

    In Python: the template language spent about 45 µs a row.
    """
    labels = [
        _template_word(word)
        for word in (
            "Chỉ tiêu",
            "Đơn vị tính",
            "Kỳ này",
            "Kỳ trước",
            "Tăng/giảm",
            "% kế hoạch năm",
            "So với cùng kỳ",
        )
    ]
    cells = [f'<td data-label="{label}"' for label in labels]
    estimate = f' <span class="estimate-mark">{_template_word("(ước)")}</span>'
    out = []
    for row in rows:
        value = row.value
        if value:
            if value.value is not None:
                shown = escape(vn_number(value.value))
                if row.is_estimate:
                    shown += estimate
                if value.actual_value is not None:
                    official = gettext("số chính thức: %(n)s") % {
                        "n": escape(vn_number(value.actual_value))
                    }
                    shown += f" <small>{official}</small>"
            else:
                shown = _shown(value.text_value)
            if value.note:
                shown += f" <small>({_shown(value.note)})</small>"
        else:
            shown = "—"
        link = getattr(row, "register_link", None)
        if link:
            url = escape(reverse("register-detail", args=[link.register_id]))
            see = gettext("Xem %(name)s") % {"name": _shown(link.register)}
            shown += (
                f' <small class="register-source"><a href="{url}?{_shown(link.query)}" '
                f'title="{_template_word("Các mục trong sổ của kỳ này")}">{see}</a></small>'
            )
            if link.differs is not None:
                differs = gettext("khác số liệu trong sổ: %(n)s") % {
                    "n": escape(vn_number(link.differs))
                }
                shown += f' <small class="warn register-differs">{differs}</small>'
        change = escape(signed_vn_number(row.change) or "—")
        if row.change_percent is not None:
            change += f" <small>({escape(signed_vn_number(row.change_percent))}%)</small>"
        comparisons = ""
        if compared:
            comparison = row.comparison
            plan = comparison.plan_text if comparison is not None else ""
            if plan:
                so_far = gettext("lũy kế %(ytd)s / KH %(target)s") % {
                    "ytd": escape(vn_number(comparison.year_to_date)),
                    "target": escape(vn_number(comparison.target)),
                }
                plan = f"{escape(plan)} <small>({so_far})</small>"
            same = comparison.change_text if comparison is not None else ""
            comparisons = (
                f'{cells[5]} class="num">{plan or "—"}</td>\n'
                f'          {cells[6]} class="num">{escape(same or "—")}</td>'
            )
        out.append(
            "\n        <tr>\n"
            f"          {cells[0]}>{_shown(row.indicator.name)}</td>\n"
            f"          {cells[1]}>{_shown(row.indicator.unit)}</td>\n"
            f'          {cells[2]} class="num">{shown}</td>\n'
            f'          {cells[3]} class="num">{escape(vn_number(row.previous_number) or "—")}</td>\n'
            f'          {cells[4]} class="num">{change}</td>\n'
            f"          {comparisons}\n"
            "        </tr>\n      "
        )
    return mark_safe("".join(out))  # every value above went through escape() or _shown()
