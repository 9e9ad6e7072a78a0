"""The words of a reminder, built from its facts in the active language.

A reminder carries its facts (``params``: period code, template, unit, dates as ISO strings,
counts). The e-mail and the stored copy of the notice are worded in Vietnamese when it is
sent; the notices page words the facts again in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baocao.core.locale import period_label
from baocao.domain.periods import Period, PeriodError
from baocao.notifications.models import Kind


def _date(iso: str) -> str:
    """Return an ISO date as dd/mm/yyyy (empty stays empty)."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _period(params: dict[str, Any]) -> str:
    return period_label(Period.parse(params["period"]))


def _slot_line(params: dict[str, Any]) -> str:
    return f"- {params['template']} — {_period(params)} — {params['unit']}"


def title(kind: str, params: dict[str, Any]) -> str:
    """Return the reminder's title (the e-mail subject without "[baocao] ")."""
    period = _period(params)
    if kind == Kind.OVERDUE:
        return _("Quá hạn nộp báo cáo %(period)s") % {"period": period}
    if kind == Kind.DUE_SOON:
        return _("Sắp đến hạn nộp báo cáo %(period)s") % {"period": period}
    if kind == Kind.AWAITING_APPROVAL:
        return _("Báo cáo %(period)s chờ phê duyệt") % {"period": period}
    count = len(params["units"])
    return ngettext("%(count)s đơn vị chưa gửi báo cáo %(period)s",
                    "%(count)s đơn vị chưa gửi báo cáo %(period)s",
                    count) % {"count": count, "period": period}


def body(kind: str, params: dict[str, Any]) -> str:
    """Return the reminder's text: what is late or waiting, and what to do."""
    due = _date(params["due"])
    if kind in (Kind.OVERDUE, Kind.DUE_SOON):
        days = params["days"]
        if kind == Kind.OVERDUE:
            lead = ngettext(
                "Báo cáo sau đã quá hạn nộp %(days)s ngày (hạn nộp %(due)s) mà chưa được gửi "
                "duyệt:",
                "Báo cáo sau đã quá hạn nộp %(days)s ngày (hạn nộp %(due)s) mà chưa được gửi "
                "duyệt:", days) % {"days": days, "due": due}
        else:
            when = _("hôm nay") if days == 0 else ngettext(
                "còn %(days)s ngày", "còn %(days)s ngày", days) % {"days": days}
            lead = _("Báo cáo sau có hạn nộp ngày %(due)s (%(when)s) và chưa được gửi "
                     "duyệt:") % {"due": due, "when": when}
        action = (_("Vui lòng hoàn thiện và trình duyệt báo cáo.") if params["has_report"]
                  else _("Đơn vị chưa tạo báo cáo kỳ này; vui lòng tạo và trình duyệt báo cáo."))
        return f"{lead}\n{_slot_line(params)}\n{action}"
    if kind == Kind.AWAITING_APPROVAL:
        lead = _("Báo cáo sau đã được trình duyệt ngày %(submitted)s và đang chờ anh/chị phê "
                 "duyệt:") % {"submitted": _date(params["submitted"])}
        return f"{lead}\n{_slot_line(params)}\n" + _("Hạn nộp: %(due)s.") % {"due": due}
    units = params["units"]
    lead = ngettext(
        "Đến ngày %(today)s, đã quá hạn nộp (%(due)s) %(template)s %(period)s; %(count)s đơn "
        "vị chưa gửi báo cáo:",
        "Đến ngày %(today)s, đã quá hạn nộp (%(due)s) %(template)s %(period)s; %(count)s đơn "
        "vị chưa gửi báo cáo:", len(units)) % {
            "today": _date(params["today"]), "due": due, "template": params["template"],
            "period": _period(params), "count": len(units)}
    return lead + "\n" + "\n".join(f"- {name}" for name in units)


def worded(kind: str, params: dict[str, Any]) -> tuple[str, str] | None:
    """Return (title, body) in the active language, or None when the facts are unusable."""
    try:
        return title(kind, params), body(kind, params)
    except (KeyError, TypeError, ValueError, PeriodError):
        return None
