"""Decide which reminders are due on a given day: who should be told what, under which key.

Nothing is written here; :func:`baocao.notifications.services.send_reminders` delivers them.
A reminder holds its facts; ``baocao.notifications.texts`` words them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.domain.holidays import HolidayCalendar
from baocao.domain.periods import Period, current_periods
from baocao.domain.workflow import Role, Status
from baocao.notifications import texts
from baocao.notifications.models import Kind
from baocao.organizations.models import Membership, OrgUnit
from baocao.reports.models import Report
from baocao.reports.selectors import DELIVERED_STATUSES

EDITABLE = (Status.DRAFT.value, Status.RETURNED.value)
DONE = DELIVERED_STATUSES  # sent to the receiving agency (Decree 09)


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
    """One reminder for one user; ``key`` is unique per (kind, user).

    ``params`` are the facts the texts are built from (see ``baocao.notifications.texts``).
    """

    kind: str
    user: Actor
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""

    @property
    def title(self) -> str:
        """Return the title in the active language."""
        return texts.title(self.kind, self.params)

    @property
    def subject(self) -> str:
        """Return the e-mail subject in the active language."""
        return f"[baocao] {self.title}"

    @property
    def body(self) -> str:
        """Return the text in the active language."""
        return texts.body(self.kind, self.params)


def _slot_params(slot: Slot, days: int) -> dict[str, Any]:
    return {
        "period": slot.period.code,
        "template": slot.template.name,
        "unit": slot.unit.name,
        "due": slot.due.isoformat(),
        "days": days,
        "has_report": slot.report is not None,
    }


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs=kwargs or None)


def slots(today: dt.date, calendar: HolidayCalendar | None = None) -> Iterator[Slot]:
    """Yield every (unit, template, period) whose deadline is near or past on ``today``.

    The periods considered are ``domain.periods.current_periods``: the one just closed (a
    monthly report's deadline usually falls in the next cut-off window) and the open one.
    """
    calendar = calendar or working_calendar()
    templates = ReportTemplate.objects.filter(is_active=True).prefetch_related("assigned_units")
    for template in templates:
        for period in current_periods(template.kind, today, template.cutoff_rule):
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


def _members(unit_ids: set[int], role: Role) -> dict[int, list]:
    """Return the active users holding ``role`` directly in each unit."""
    found: dict[int, list] = {}
    for m in Membership.objects.filter(
        unit_id__in=unit_ids, role=role.value, user__is_active=True
    ).select_related("user"):
        found.setdefault(m.unit_id, []).append(m.user)
    return found


def reporter_reminders(today: dt.date, days_before: int, all_slots: list[Slot]) -> list[Reminder]:
    """Remind reporters of reports due within ``days_before`` days, and of overdue ones."""
    pending = [s for s in all_slots if s.report is None or s.report.status in EDITABLE]
    members = _members({s.unit.pk for s in pending}, Role.REPORTER)
    found: list[Reminder] = []
    for slot in pending:
        if today > slot.due:
            kind, days = Kind.OVERDUE, (today - slot.due).days
        elif (slot.due - today).days <= days_before:
            kind, days = Kind.DUE_SOON, (slot.due - today).days
        else:
            continue
        url = _url("report-edit", report_id=slot.report.pk) if slot.report else _url("report-list")
        for user in members.get(slot.unit.pk, []):
            found.append(Reminder(kind.value, user, slot.key, _slot_params(slot, days), url))
    return found


def approver_reminders(today: dt.date) -> list[Reminder]:
    """Remind approvers of each submitted report waiting for them (once per submission)."""
    waiting = list(
        Report.objects.filter(status=Status.SUBMITTED.value).select_related("unit", "template")
    )
    members = _members({r.unit_id for r in waiting}, Role.APPROVER)
    found: list[Reminder] = []
    for report in waiting:
        submitted = (
            timezone.localtime(report.submitted_at).date().isoformat()
            if report.submitted_at
            else ""
        )
        params = {
            "period": report.period.code,
            "template": report.template.name,
            "unit": report.unit.name,
            "due": report.due_date.isoformat(),
            "submitted": submitted,
        }
        key = f"report:{report.pk}:v{report.versions.count()}"
        for user in members.get(report.unit_id, []):
            found.append(
                Reminder(
                    Kind.AWAITING_APPROVAL.value,
                    user,
                    key,
                    params,
                    _url("report-detail", report_id=report.pk),
                )
            )
    return found


def consolidator_reminders(today: dt.date, all_slots: list[Slot]) -> list[Reminder]:
    """Tell consolidators, once per template and period, which units missed the deadline."""
    late = [
        s for s in all_slots if today > s.due and (s.report is None or s.report.status not in DONE)
    ]
    by_group: dict[tuple[int, str], list[Slot]] = {}
    for slot in late:
        by_group.setdefault((slot.template.pk, slot.period.code), []).append(slot)
    memberships = list(
        Membership.objects.filter(
            role=Role.CONSOLIDATOR.value, user__is_active=True
        ).select_related("user", "unit")
    )
    found: list[Reminder] = []
    for group in by_group.values():
        first = group[0]
        for m in memberships:
            mine = sorted(
                (s for s in group if s.unit.path.startswith(m.unit.path)), key=lambda s: s.unit.path
            )
            if not mine:
                continue
            params = {
                "period": first.period.code,
                "template": first.template.name,
                "due": first.due.isoformat(),
                "today": today.isoformat(),
                "units": [s.unit.name for s in mine],
            }
            found.append(
                Reminder(
                    Kind.MISSING_UNITS.value,
                    m.user,
                    f"missing:{first.template.pk}:{first.period.code}",
                    params,
                    _url("report-list"),
                )
            )
    return found


def due_reminders(today: dt.date, days_before: int) -> list[Reminder]:
    """Return every reminder due on ``today`` (some may have been sent already)."""
    all_slots = list(slots(today))
    return [
        *reporter_reminders(today, days_before, all_slots),
        *approver_reminders(today),
        *consolidator_reminders(today, all_slots),
    ]
