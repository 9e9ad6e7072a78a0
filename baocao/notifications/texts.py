"""The words of reminders, workflow notices and e-mail greetings, in the active language.

A reminder or a workflow notice carries its facts (``params``: period code, template, unit,
people's names in Vietnamese order, dates as ISO strings, counts, the leader's comment). The
e-mail and the stored copy of the notice are worded in Vietnamese when it is sent; the
notices page words the facts again in the reader's language. Every e-mail opens with
:func:`greeting` ("Kính gửi ông/bà Nguyễn Thị Lan,"), the one place greetings are built.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baocao.core.actors import Actor
from baocao.core.locale import period_label
from baocao.domain.periods import Period, PeriodError
from baocao.notifications.models import Address, Kind
from baocao.organizations.people import display_name

# The steps after a submission; a submission tells the approvers with the awaiting-approval
# notice, the same words (and the same register) as ``baocao remind``.
WORKFLOW_KINDS = frozenset(
    {Kind.RETURNED, Kind.APPROVED, Kind.ISSUED, Kind.SENT, Kind.RECEIVED, Kind.REJECTED}
)


def greeting(user: Actor, address: str = Address.ANY) -> str:
    """Return the e-mail's first line: the form of address and the full name, family first."""
    forms: dict[str, str] = {Address.MR: _("ông"), Address.MS: _("bà")}
    form = forms.get(address, _("ông/bà"))
    return _("Kính gửi %(form)s %(name)s,") % {"form": form, "name": display_name(user)}


def _date(iso: str) -> str:
    """Return an ISO date as dd/mm/yyyy (empty stays empty)."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _period(params: dict[str, Any]) -> str:
    return period_label(Period.parse(params["period"]))


def _slot_line(params: dict[str, Any]) -> str:
    return f"- {params['template']} — {_period(params)} — {params['unit']}"


def _workflow_title(kind: str, params: dict[str, Any]) -> str:
    facts = {
        "period": _period(params),
        "unit": params["unit"],
        "number": params.get("number", ""),
        "receiver": params.get("receiver", ""),
    }
    if kind == Kind.RETURNED:
        return _("Báo cáo %(period)s bị trả lại") % facts
    if kind == Kind.APPROVED:
        return _("Báo cáo %(period)s đã được phê duyệt, chờ ban hành") % facts
    if kind == Kind.ISSUED:
        return _("Báo cáo %(period)s đã ban hành, số %(number)s") % facts
    if kind == Kind.SENT:
        return _("%(unit)s đã gửi báo cáo %(period)s, số %(number)s") % facts
    if kind == Kind.RECEIVED:
        return _("%(receiver)s đã nhận báo cáo %(period)s, số %(number)s") % facts
    return _("%(receiver)s đã trả lại báo cáo %(period)s, số %(number)s") % facts


def _workflow_body(kind: str, params: dict[str, Any]) -> str:
    facts = {
        "actor": params["actor"],
        "unit": params["unit"],
        "number": params.get("number", ""),
        "receiver": params.get("receiver", ""),
    }
    slot = _slot_line(params)
    comment = params.get("comment", "")
    if kind == Kind.RETURNED:
        return "\n".join(
            [
                _("%(actor)s đã trả lại báo cáo sau:") % facts,
                slot,
                _("Ý kiến:"),
                comment,
                _("Vui lòng chỉnh sửa và trình duyệt lại báo cáo."),
            ]
        )
    if kind == Kind.APPROVED:
        return _("%(actor)s đã phê duyệt báo cáo sau; báo cáo chờ ban hành:") % facts + f"\n{slot}"
    if kind == Kind.ISSUED:
        return (
            _("%(actor)s đã ban hành báo cáo sau, số %(number)s ngày %(day)s:")
            % {**facts, "day": _date(params.get("issued_on", ""))}
            + f"\n{slot}"
        )
    if kind == Kind.SENT:
        return (
            _("%(unit)s đã gửi đến %(receiver)s báo cáo sau, số %(number)s:") % facts
            + f"\n{slot}\n"
            + _("Vui lòng tiếp nhận báo cáo, hoặc trả lại và ghi rõ lý do.")
        )
    if kind == Kind.RECEIVED:
        return (
            _("%(actor)s (%(receiver)s) đã tiếp nhận báo cáo sau, số %(number)s:") % facts
            + f"\n{slot}"
        )
    return "\n".join(
        [
            _("%(actor)s (%(receiver)s) đã trả lại báo cáo sau, số %(number)s:") % facts,
            slot,
            _("Lý do:"),
            comment,
            _("Báo cáo cần được chỉnh sửa, phê duyệt và ban hành lại."),
        ]
    )


def title(kind: str, params: dict[str, Any]) -> str:
    """Return the reminder's or notice's title (the e-mail subject without "[baocao] ")."""
    if kind in WORKFLOW_KINDS:
        return _workflow_title(kind, params)
    period = _period(params)
    if kind == Kind.OVERDUE:
        return _("Quá hạn nộp báo cáo %(period)s") % {"period": period}
    if kind == Kind.DUE_SOON:
        return _("Sắp đến hạn nộp báo cáo %(period)s") % {"period": period}
    if kind == Kind.AWAITING_APPROVAL:
        if params.get("submission", 1) > 1:
            return _("Báo cáo %(period)s được trình duyệt lại, chờ phê duyệt") % {"period": period}
        return _("Báo cáo %(period)s chờ phê duyệt") % {"period": period}
    count = len(params["units"])
    return ngettext(
        "%(count)s đơn vị chưa gửi báo cáo %(period)s",
        "%(count)s đơn vị chưa gửi báo cáo %(period)s",
        count,
    ) % {"count": count, "period": period}


def body(kind: str, params: dict[str, Any]) -> str:
    """Return the reminder's or notice's text: what happened or is late, and what to do."""
    if kind in WORKFLOW_KINDS:
        return _workflow_body(kind, params)
    due = _date(params["due"])
    if kind in (Kind.OVERDUE, Kind.DUE_SOON):
        days = params["days"]
        if kind == Kind.OVERDUE:
            lead = ngettext(
                "Báo cáo sau đã quá hạn nộp %(days)s ngày (hạn nộp %(due)s) mà chưa được gửi "
                "duyệt:",
                "Báo cáo sau đã quá hạn nộp %(days)s ngày (hạn nộp %(due)s) mà chưa được gửi "
                "duyệt:",
                days,
            ) % {"days": days, "due": due}
        else:
            when = (
                _("hôm nay")
                if days == 0
                else ngettext("còn %(days)s ngày", "còn %(days)s ngày", days) % {"days": days}
            )
            lead = _("Báo cáo sau có hạn nộp ngày %(due)s (%(when)s) và chưa được gửi duyệt:") % {
                "due": due,
                "when": when,
            }
        action = (
            _("Vui lòng hoàn thiện và trình duyệt báo cáo.")
            if params["has_report"]
            else _("Đơn vị chưa tạo báo cáo kỳ này; vui lòng tạo và trình duyệt báo cáo.")
        )
        return f"{lead}\n{_slot_line(params)}\n{action}"
    if kind == Kind.AWAITING_APPROVAL:
        lead = _("Báo cáo sau đã được trình duyệt ngày %(submitted)s và đang chờ phê duyệt:") % {
            "submitted": _date(params["submitted"])
        }
        lines = [lead, _slot_line(params), _("Hạn nộp: %(due)s.") % {"due": due}]
        if params.get("actor"):  # told at once by the submission (not by ``baocao remind``)
            lines.append(_("Người trình duyệt: %(actor)s.") % {"actor": params["actor"]})
        if params.get("submission", 1) > 1:
            lines.append(
                _(
                    "Báo cáo được trình duyệt lại (lần thứ %(n)s) sau khi bị trả lại; "
                    "trang báo cáo cho xem các thay đổi so với lần trình trước."
                )
                % {"n": params["submission"]}
            )
        return "\n".join(lines)
    units = params["units"]
    lead = ngettext(
        "Đến ngày %(today)s, đã quá hạn nộp (%(due)s) %(template)s %(period)s; %(count)s đơn "
        "vị chưa gửi báo cáo:",
        "Đến ngày %(today)s, đã quá hạn nộp (%(due)s) %(template)s %(period)s; %(count)s đơn "
        "vị chưa gửi báo cáo:",
        len(units),
    ) % {
        "today": _date(params["today"]),
        "due": due,
        "template": params["template"],
        "period": _period(params),
        "count": len(units),
    }
    return lead + "\n" + "\n".join(f"- {name}" for name in units)


def worded(kind: str, params: dict[str, Any]) -> tuple[str, str] | None:
    """Return (title, body) in the active language, or None when the facts are unusable."""
    try:
        return title(kind, params), body(kind, params)
    except (KeyError, TypeError, ValueError, PeriodError):
        return None
