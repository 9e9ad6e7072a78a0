"""Template helpers of the analytics pages: percentages, changes, sparklines, follow-through."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baocao.domain.numbers import format_number

if TYPE_CHECKING:
    from baocao.analytics.follow_through import FollowThroughView
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
