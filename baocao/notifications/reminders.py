"""Decide which reminders are due on a given day: who should be told what, under which key.

Nothing is written here; :func:`baocao.notifications.services.send_reminders` delivers them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse

from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import ReportTemplate
from baocao.domain.holidays import HolidayCalendar
from baocao.domain.periods import Period
from baocao.domain.workflow import Role, Status
from baocao.notifications.models import Kind
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.models import Report

EDITABLE = (Status.DRAFT.value, Status.RETURNED.value)
DONE = (Status.SUBMITTED.value, Status.APPROVED.value)


@dataclass(frozen=True)
class Slot:
    """A unit that must report for a template and a period, with its deadline."""

    unit: OrgUnit
    template: ReportTemplate
    period: Period
    due: dt.date
    report: Report | None

    @property
    def key(self) -> str:
        """Return the reminder key: the report's id, or the slot when no report exists yet."""
        if self.report is not None:
            return f"report:{self.report.pk}"
        return f"slot:{self.unit.pk}:{self.template.pk}:{self.period.code}"


@dataclass
class Reminder:
    """One reminder for one user; ``key`` is unique per (kind, user)."""

    kind: str
    user: object
    key: str
    subject: str
    body: str
    url: str = ""
    lines: list[str] = field(default_factory=list)


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs=kwargs or None)


def slots(today: dt.date, calendar: HolidayCalendar | None = None) -> Iterator[Slot]:
    """Yield every (unit, template, period) whose deadline is near or past on ``today``.

    The periods considered are the one containing ``today`` and the one before it (a monthly
    report's deadline usually falls in the next cut-off window).
    """
    calendar = calendar or working_calendar()
    templates = ReportTemplate.objects.filter(is_active=True).prefetch_related("assigned_units")
    for template in templates:
        current = Period.from_date(template.kind, today, template.cutoff_rule)
        for period in (current.previous(), current):
            start, end = template.cutoff_rule.window(period)
            due = template.deadline.deadline(period, template.cutoff_rule, calendar)
            reports = {
                r.unit_id: r
                for r in Report.objects.filter(template=template, period_code=period.code)
            }
            for unit in template.assigned_units.all():
                if not unit.is_open_during(start, end):
                    continue
                yield Slot(unit, template, period, due, reports.get(unit.pk))


def _members(unit_ids: set[int], role: Role) -> dict[int, list]:  # type: ignore[type-arg]
    """Return the active users holding ``role`` directly in each unit."""
    found: dict[int, list] = {}  # type: ignore[type-arg]
    for m in Membership.objects.filter(unit_id__in=unit_ids, role=role.value,
                                       user__is_active=True).select_related("user"):
        found.setdefault(m.unit_id, []).append(m.user)
    return found


def _slot_text(slot: Slot) -> str:
    return f"{slot.template.name} — {slot.period.label} — {slot.unit.name}"


def reporter_reminders(today: dt.date, days_before: int, all_slots: list[Slot]) -> list[Reminder]:
    """Remind reporters of reports due within ``days_before`` days, and of overdue ones."""
    pending = [s for s in all_slots if s.report is None or s.report.status in EDITABLE]
    members = _members({s.unit.pk for s in pending}, Role.REPORTER)
    found: list[Reminder] = []
    for slot in pending:
        if today > slot.due:
            kind = Kind.OVERDUE
            subject = f"[baocao] Quá hạn nộp báo cáo {slot.period.label}"
            days = (today - slot.due).days
            lead = (f"Báo cáo sau đã quá hạn nộp {days} ngày (hạn nộp {_fmt(slot.due)}) "
                    "mà chưa được gửi duyệt:")
        elif (slot.due - today).days <= days_before:
            kind = Kind.DUE_SOON
            subject = f"[baocao] Sắp đến hạn nộp báo cáo {slot.period.label}"
            days = (slot.due - today).days
            when = "hôm nay" if days == 0 else f"còn {days} ngày"
            lead = f"Báo cáo sau có hạn nộp ngày {_fmt(slot.due)} ({when}) và chưa được gửi duyệt:"
        else:
            continue
        url = _url("report-edit", report_id=slot.report.pk) if slot.report else _url("report-list")
        action = ("Vui lòng hoàn thiện và gửi duyệt báo cáo." if slot.report
                  else "Đơn vị chưa tạo báo cáo kỳ này; vui lòng tạo và gửi duyệt báo cáo.")
        for user in members.get(slot.unit.pk, []):
            found.append(Reminder(kind.value, user, slot.key, subject,
                                  f"{lead}\n- {_slot_text(slot)}\n{action}", url))
    return found


def approver_reminders(today: dt.date) -> list[Reminder]:
    """Remind approvers of each submitted report waiting for them (once per submission)."""
    waiting = list(Report.objects.filter(status=Status.SUBMITTED.value)
                   .select_related("unit", "template"))
    members = _members({r.unit_id for r in waiting}, Role.APPROVER)
    found: list[Reminder] = []
    for report in waiting:
        submitted = report.submitted_at.strftime("%d/%m/%Y") if report.submitted_at else ""
        body = (f"Báo cáo sau đã được gửi duyệt ngày {submitted} và đang chờ anh/chị phê duyệt:\n"
                f"- {report.template.name} — {report.period.label} — {report.unit.name}\n"
                f"Hạn nộp: {_fmt(report.due_date)}.")
        key = f"report:{report.pk}:v{report.versions.count()}"
        for user in members.get(report.unit_id, []):
            found.append(Reminder(Kind.AWAITING_APPROVAL.value, user, key,
                                  f"[baocao] Báo cáo {report.period.label} chờ phê duyệt", body,
                                  _url("report-detail", report_id=report.pk)))
    return found


def consolidator_reminders(today: dt.date, all_slots: list[Slot]) -> list[Reminder]:
    """Tell consolidators, once per template and period, which units missed the deadline."""
    late = [s for s in all_slots
            if today > s.due and (s.report is None or s.report.status not in DONE)]
    by_group: dict[tuple[int, str], list[Slot]] = {}
    for slot in late:
        by_group.setdefault((slot.template.pk, slot.period.code), []).append(slot)
    memberships = list(Membership.objects.filter(role=Role.CONSOLIDATOR.value,
                                                 user__is_active=True).select_related("user",
                                                                                      "unit"))
    found: list[Reminder] = []
    for group in by_group.values():
        first = group[0]
        for m in memberships:
            mine = sorted((s for s in group if s.unit.path.startswith(m.unit.path)),
                          key=lambda s: s.unit.path)
            if not mine:
                continue
            lines = [f"- {s.unit.name}" for s in mine]
            body = (f"Đến ngày {_fmt(today)}, đã quá hạn nộp ({_fmt(first.due)}) "
                    f"{first.template.name} {first.period.label}; "
                    f"{len(mine)} đơn vị chưa gửi báo cáo:\n" + "\n".join(lines))
            found.append(Reminder(
                Kind.MISSING_UNITS.value, m.user,
                f"missing:{first.template.pk}:{first.period.code}",
                f"[baocao] {len(mine)} đơn vị chưa nộp báo cáo {first.period.label}", body,
                _url("report-list"), lines,
            ))
    return found


def due_reminders(today: dt.date, days_before: int) -> list[Reminder]:
    """Return every reminder due on ``today`` (some may have been sent already)."""
    all_slots = list(slots(today))
    return [*reporter_reminders(today, days_before, all_slots), *approver_reminders(today),
            *consolidator_reminders(today, all_slots)]

