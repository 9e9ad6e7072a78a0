"""Template filters: Vietnamese numbers, status badges, overdue flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.html import format_html
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


@register.simple_tag
def overdue_badge(report: Report, today: dt.date) -> str:
    """Render "Quá hạn" when the report has not reached the receiving agency by its deadline."""
    if report.status not in DELIVERED_STATUSES and report.due_date < today:
        return format_html('<span class="badge badge-overdue">{}</span>', gettext("Quá hạn"))
    return ""


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
