"""Template helpers of the analytics pages: percentages, changes, sparklines, follow-through."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import date, floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import (  # type: ignore[attr-defined]  # not in django-stubs
    template_localtime,
)
from django.utils.translation import gettext as _

from baocao.core.locale import period_label
from baocao.domain.numbers import format_number

if TYPE_CHECKING:
    from baocao.analytics.follow_through import FollowThroughView
    from baocao.analytics.history import PeriodRate
    from baocao.analytics.rates import RatesView, UnitStatus
    from baocao.reports.models import Report

register = template.Library()


@register.filter
def pct(value: float | str | None) -> str:
    """Format a rate as "87,5%", or "—" when undefined."""
    if value is None or value == "":
        return "—"
    return f"{format_number(Decimal(str(value)).quantize(Decimal('0.1')))}%"


@register.filter
def cell(value: Decimal | None) -> str:
    """Format a pivot cell: Vietnamese number rounded to 2 places, "—" when empty."""
    if value is None:
        return "—"
    return format_number(Decimal(value).quantize(Decimal("0.01")).normalize())


@register.simple_tag
def delta(pair: tuple[Decimal | None, float | None]) -> str:
    """Render a change as "+12 (+5,3%)" with an up/down class."""
    diff, percent = pair
    if diff is None:
        return "—"
    css = "up" if diff > 0 else "down" if diff < 0 else ""
    text = cell(diff)
    text = text if text.startswith("-") or diff == 0 else f"+{text}"
    if percent is not None:
        sign = "+" if percent > 0 else ""
        text += f" ({sign}{format_number(Decimal(str(percent)))}%)"
    return format_html('<span class="{}">{}</span>', css, text)


@register.simple_tag
def sparkline(
    values: list[Decimal | None], carried: bool = False, width: int = 120, height: int = 28
) -> str:
    """Render a small SVG line of ``values`` (no script needed); dashed when ``carried``
    (the series includes a predecessor's figures)."""
    numbers = [float(v) for v in values if v is not None]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = width / (len(numbers) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
        for i, v in enumerate(numbers)
    )
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><polyline{} points="{}"/></svg>',
        width,
        height,
        width,
        height,
        _("Xu hướng"),
        mark_safe(' class="carried"') if carried else "",
        points,
    )


@register.simple_tag
def follow_through_for(report: Report) -> FollowThroughView:
    """Return the follow-through of last period's tasks for ``report``."""
    from baocao.analytics.follow_through import follow_through

    return follow_through(report)


def _count(value: int) -> str:
    """Render a count as the template language does (grouped by the active language's
    thousands separator from 1 000 on)."""
    return str(value) if -1000 < value < 1000 else str(localize(value))


@register.simple_tag
def rates_tree_rows(view: RatesView) -> str:
    """Render the rows of the reporting-rates table by unit tree: a unit per row, indented by
    its level, with its counts, its rate as a bar and, when counted, its follow-through.

    One pass in Python: a province's tree has a hundred rows or more of nine cells, and the
    template language spent about 100 µs a row on them.
    """
    labels = [
        escape(_(word))
        for word in (
            "Đơn vị",
            "Phải báo cáo",
            "Đã gửi",
            "Đã phê duyệt",
            "Đúng hạn",
            "Trễ hạn",
            "Chưa gửi",
            "Tỷ lệ đã gửi",
            "Thực hiện nhiệm vụ",
        )
    ]
    if not view.tree:
        empty = escape(_("Không có đơn vị nào phải nộp báo cáo này trong kỳ."))
        return mark_safe(f'<tr><td colspan="9" class="empty">{empty}</td></tr>')
    bars: dict[float | None, str] = {}  # the rate cell by rate: most units share a few rates
    rows = []
    for node in view.tree:
        rate, unit = node.rate, node.unit
        cells = [
            f'<tr>\n      <td data-label="{labels[0]}" style="padding-left: {_count(node.level + 1)}em">'
            f"{escape(unit.short_name or unit.name)}</td>"
        ]
        for label, number in zip(
            labels[1:7],
            (rate.expected, rate.received, rate.approved, rate.on_time, rate.late, rate.missing),
            strict=True,
        ):
            cells.append(f'\n      <td data-label="{label}" class="num">{_count(number)}</td>')
        bar = bars.get(rate.completeness)
        if bar is None:
            width = floatformat(rate.completeness or 0, "0u")
            bar = bars[rate.completeness] = (
                f'\n      <td data-label="{labels[7]}"><span class="bar" aria-hidden="true">'
                f'<span style="width: {width}%"></span></span> {pct(rate.completeness)}</td>'
            )
        cells.append(bar)
        cells.append("\n      ")
        if view.follow_through_counted:
            tasks = (
                f" <small>({_count(node.tasks_done)}/{_count(node.tasks_planned)})</small>"
                if node.tasks_planned
                else ""
            )
            cells.append(
                f'<td data-label="{labels[8]}" class="num follow-through">'
                f"{pct(node.follow_through)}{tasks}</td>"
            )
        cells.append("\n    </tr>")
        rows.append("".join(cells))
    return mark_safe("".join(rows))  # every value above went through escape() or is a number


@register.simple_tag
def drill_rows(panel: dict) -> str:
    """Render the dashboard's rows by unit below the scope: the unit (a link to its own
    dashboard for the panel's period), its reports sent over expected, its timeliness and its
    key figures.

    One pass in Python: forty units of eight figures each cost the template language about
    3 ms.
    """
    url = reverse("dashboard")
    period = escape(panel["period"].code)
    cells: dict[Decimal | None, str] = {}  # a figure's cell by value: many repeat (empty, 0)
    rates: dict[float | None, str] = {}
    rows = []
    for d in panel["drill"]["units"]:
        unit, rate = d["unit"], d["rate"]
        figures = []
        for value in d["figures"]:
            text = cells.get(value)
            if text is None:
                text = cells[value] = f'<td class="num">{escape(cell(value))}</td>'
            figures.append(text)
        timeliness = rates.get(rate.timeliness)
        if timeliness is None:
            timeliness = rates[rate.timeliness] = pct(rate.timeliness)
        rows.append(
            f'<tr>\n      <th scope="row"><a href="{url}?unit={unit.pk}&amp;period={period}">'
            f"{escape(unit.short_name or unit.name)}</a></th>\n"
            f'      <td class="num">{_count(rate.received)}/{_count(rate.expected)}</td>\n'
            f'      <td class="num">{timeliness}</td>\n'
            f"      {''.join(figures)}\n    </tr>"
        )
    return mark_safe("".join(rows))  # every value above went through escape() or is a number


@register.simple_tag
def key_rows(panel: dict) -> str:
    """Render the rows of the dashboard's key indicators: the indicator, its latest figure,
    the changes from the period before and from a year before, and its sparkline.

    One pass in Python, as ``drill_rows``.
    """
    labels = [
        escape(_("Chỉ tiêu")),
        escape(period_label(panel["period"])),
        escape(_("So với kỳ trước")),
        escape(_("So với cùng kỳ")),
        escape(_("12 kỳ gần nhất")),
    ]
    carried = None
    rows = []
    for k in panel["key"]:
        indicator = k["indicator"]
        unit = f" <small>({escape(indicator.unit)})</small>" if indicator.unit else ""
        spark = sparkline(k["series"], k["carried"])
        if k["carried"]:
            carried = carried or escape(_("gồm số liệu của đơn vị tiền thân"))
            spark = f"{spark} <small>{carried}</small>"
        rows.append(
            f'<tr>\n      <td data-label="{labels[0]}">{escape(indicator.name)}{unit}</td>\n'
            f'      <td data-label="{labels[1]}" class="num">{escape(cell(k["latest"]))}</td>\n'
            f'      <td data-label="{labels[2]}" class="num">{delta(k["previous"])}</td>\n'
            f'      <td data-label="{labels[3]}" class="num">{delta(k["last_year"])}</td>\n'
            f'      <td data-label="{labels[4]}">{spark}</td>\n    </tr>'
        )
    return mark_safe("".join(rows))  # every value above went through escape() or a tag


@register.simple_tag
def unit_names(statuses: list[UnitStatus], limit: int) -> str:
    """Render the short names of the first ``limit`` units of ``statuses``, separated by
    commas, with " …" when there are more."""
    names = ", ".join(escape(s.unit.short_name or s.unit.name) for s in statuses[:limit])
    return mark_safe(names + (" …" if len(statuses) > limit else ""))  # escaped above


def _link_of(name: str) -> Callable[[object], str]:
    """Return a function giving the URL ``name`` of an id, reversed once."""
    marker = "987654321"
    pattern = reverse(name, args=[marker])
    return lambda pk: pattern.replace(marker, str(pk))


@register.simple_tag
def approved_items(reports: Iterable[Report]) -> str:
    """Render the dashboard's latest approved reports: a link to each with its unit and
    title, its number when it has one and the day it was approved; one item saying so when
    there is none. One pass in Python, as ``drill_rows``."""
    link = _link_of("report-detail")
    items = []
    for r in reports:
        unit = r.unit
        number = f"{escape(r.number_text)}, " if r.number_text else ""
        day = escape(date(template_localtime(r.approved_at), "d/m/Y"))
        items.append(
            f'<li><a href="{link(r.pk)}">{escape(unit.short_name or unit.name)} — '
            f"{escape(r.title)}</a> <small>({number}{day})</small></li>"
        )
    if not items:
        empty = escape(_("Chưa có báo cáo nào được phê duyệt."))
        return mark_safe(f'<li class="empty">{empty}</li>')
    return mark_safe("".join(items))  # every value above went through escape() or is an id


@register.simple_tag
def history_rows(history: list[PeriodRate]) -> str:
    """Render the rows of the reporting rates of the recent periods: the period (noting a
    predecessor's report counted in it), the units expected, those that sent, those on time
    and the rate. One pass in Python, as ``rates_tree_rows``."""
    labels = [
        escape(_(word))
        for word in ("Kỳ báo cáo", "Phải báo cáo", "Đã gửi", "Đúng hạn", "Tỷ lệ đã gửi")
    ]
    carried = f" <small>({escape(_('gồm đơn vị tiền thân'))})</small>"
    rows = []
    for h in history:
        rate = h.rate
        rows.append(
            f'<tr>\n      <td data-label="{labels[0]}">{escape(period_label(h.period))}'
            f"{carried if h.carried else ''}</td>\n"
            f'      <td data-label="{labels[1]}" class="num">{_count(rate.expected)}</td>\n'
            f'      <td data-label="{labels[2]}" class="num">{_count(rate.received)}</td>\n'
            f'      <td data-label="{labels[3]}" class="num">{_count(rate.on_time)}</td>\n'
            f'      <td data-label="{labels[4]}">{pct(rate.completeness)}</td>\n    </tr>'
        )
    return mark_safe("".join(rows))  # every value above went through escape() or is a number
