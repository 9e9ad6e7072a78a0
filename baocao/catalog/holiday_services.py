"""Administrators' corrections of the holiday calendar (writes).

Each service takes the actor as ``by=``, allows only administrators (others get NotFound, as
the page does), validates against the calendar in force, writes in one transaction and never
edits a correction: a change is a new row, an undo withdraws a row (who and when on both).
Deadlines follow: every deadline is computed with ``working_calendar()``, and the due dates
stored on reports near a changed day are recomputed in the same transaction
(:func:`refresh_due_dates`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.calendar import is_calendar_administrator, working_calendar
from baocao.catalog.models import Holiday
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Invalid, NotFound
from baocao.domain.deadlines import DeadlineError
from baocao.domain.holidays import Correction, CorrectionKind, builtin_day, correction_problem
from baocao.domain.periods import Period, PeriodError
from baocao.domain.text import clean_text

_MAX_REASON = 1000
# A deadline lies at most 12 months after its cut-off ends (DeadlineRule): a changed day can
# move the due date of reports whose period ended up to that long before it.
_REACH = dt.timedelta(days=400)


def _check_actor(by: Actor) -> None:
    if not is_calendar_administrator(by):
        raise NotFound(_("Không tìm thấy trang."))


def _reason(reason: str) -> str:
    text = clean_text(reason or "").strip()
    if not text:
        raise Invalid(_("Hãy ghi lý do điều chỉnh."), details={"reason": _("Bắt buộc.")})
    if len(text) > _MAX_REASON:
        raise Invalid(
            _("Lý do quá dài (tối đa 1000 ký tự)."), details={"reason": _("Tối đa 1000 ký tự.")}
        )
    return text


def _name(name: str) -> str:
    return clean_text(name or "").strip()[:128]


def _problem_message(code: str, day: dt.date) -> str:
    shown = f"{day:%d/%m/%Y}"
    messages = {
        "not_working": _("Ngày %(day)s đã là ngày nghỉ."),
        "not_weekend": _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật; %(day)s không phải."),
        "already_working": _("Ngày %(day)s đã là ngày làm việc."),
        "holiday": _("Ngày %(day)s là ngày nghỉ lễ: hãy hủy ngày nghỉ đó trước."),
        "nothing_to_cancel": _("Ngày %(day)s không phải ngày nghỉ hay ngày làm bù để hủy."),
    }
    return messages[code] % {"day": shown}


def _validate(kind: CorrectionKind, day: dt.date) -> None:
    if Holiday.objects.filter(day=day, withdrawn_at__isnull=True).exists():
        raise Conflict(
            _("Ngày %(day)s đã có một điều chỉnh: hãy hủy điều chỉnh đó trước.")
            % {"day": f"{day:%d/%m/%Y}"}
        )
    problem = correction_problem(working_calendar(), Correction(day, kind))
    if problem is not None:
        raise Invalid(_problem_message(problem, day), details={"day": problem})


def _create(**fields: Any) -> Holiday:
    try:
        with transaction.atomic():
            return Holiday.objects.create(**fields)
    except IntegrityError:
        raise Conflict(
            _("Ngày %(day)s vừa được người khác điều chỉnh.") % {"day": f"{fields['day']:%d/%m/%Y}"}
        ) from None


def add_day_off(day: dt.date, name: str, reason: str, *, by: Actor) -> Holiday:
    """Make the working day ``day`` a day off."""
    _check_actor(by)
    reason, name = _reason(reason), _name(name)
    if not name:
        raise Invalid(_("Hãy ghi tên ngày nghỉ."), details={"name": _("Bắt buộc.")})
    with transaction.atomic():
        _validate(CorrectionKind.DAY_OFF, day)
        row = _create(day=day, kind=Holiday.Kind.DAY_OFF, name=name, reason=reason, created_by=by)
        refresh_due_dates(day)
        return row


def add_working_day(day: dt.date, reason: str, *, by: Actor, name: str = "") -> Holiday:
    """Record the weekend day ``day`` as worked in exchange (ngày làm bù)."""
    _check_actor(by)
    reason = _reason(reason)
    with transaction.atomic():
        _validate(CorrectionKind.WORKING_DAY, day)
        row = _create(
            day=day,
            kind=Holiday.Kind.WORKING_DAY,
            name=_name(name) or _("Ngày làm bù"),
            reason=reason,
            created_by=by,
        )
        refresh_due_dates(day)
        return row


def cancel_day(day: dt.date, reason: str, *, by: Actor) -> Holiday | None:
    """Cancel the day off (or make-up day) on ``day``.

    A bundled day gets a cancellation; a day an administrator added is withdrawn (returns
    None then).
    """
    _check_actor(by)
    reason = _reason(reason)
    with transaction.atomic():
        own = _in_force(day)
        if own is not None and own.kind != Holiday.Kind.CANCELLED:
            _withdraw(own, reason, by)
            refresh_due_dates(day)
            return None
        _validate(CorrectionKind.CANCELLED, day)
        row = _create(
            day=day,
            kind=Holiday.Kind.CANCELLED,
            name=_builtin_name(day),
            reason=reason,
            created_by=by,
        )
        refresh_due_dates(day)
        return row


def move_day_off(day: dt.date, to: dt.date, reason: str, *, by: Actor) -> Holiday:
    """Move the day off on ``day`` to the working day ``to``; return the new day off."""
    _check_actor(by)
    reason = _reason(reason)
    if day == to:
        raise Invalid(_("Ngày mới phải khác ngày cũ."), details={"to": "same"})
    with transaction.atomic():
        calendar = working_calendar()
        if not calendar.is_holiday(day):
            raise Invalid(_problem_message("nothing_to_cancel", day), details={"day": "none"})
        own = _in_force(day)
        name = own.name if own is not None else _builtin_name(day)
        if own is not None:
            _withdraw(own, reason, by, moved_to=to)
        else:
            _create(
                day=day,
                kind=Holiday.Kind.CANCELLED,
                reason=reason,
                moved_to=to,
                name=name,
                created_by=by,
            )
        _validate(CorrectionKind.DAY_OFF, to)
        moved = _("%(name)s (chuyển từ %(day)s)") % {"name": name, "day": f"{day:%d/%m/%Y}"}
        row = _create(
            day=to, kind=Holiday.Kind.DAY_OFF, name=moved[:128], reason=reason, created_by=by
        )
        refresh_due_dates(day, to)
        return row


def withdraw_correction(correction_id: int, reason: str, *, by: Actor) -> Holiday:
    """Withdraw a correction in force (undo it), recording who, when and why."""
    _check_actor(by)
    reason = _reason(reason)
    with transaction.atomic():
        row = (
            Holiday.objects.select_for_update()
            .filter(pk=correction_id, withdrawn_at__isnull=True)
            .first()
        )
        if row is None:
            raise NotFound(_("Không tìm thấy điều chỉnh."))
        _withdraw(row, reason, by)
        refresh_due_dates(row.day)
        return row


def _in_force(day: dt.date) -> Holiday | None:
    return Holiday.objects.select_for_update().filter(day=day, withdrawn_at__isnull=True).first()


def _withdraw(row: Holiday, reason: str, by: Actor, moved_to: dt.date | None = None) -> None:
    row.withdrawn_at, row.withdrawn_by, row.withdrawal_reason = timezone.now(), by, reason
    fields = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]
    if moved_to is not None:
        row.moved_to = moved_to
        fields.append("moved_to")
    row.save(update_fields=fields)


def _builtin_name(day: dt.date) -> str:
    entry = builtin_day(day)
    return entry.name if entry is not None else _("Ngày nghỉ")


def refresh_due_dates(*days: dt.date) -> int:
    """Recompute the stored due dates of reports a change of ``days`` can move; return how
    many changed. Called by the services above inside their transaction."""
    from baocao.reports.models import Report  # reports build on the catalog, not the reverse

    if not days:
        return 0
    calendar = working_calendar()
    reports = (
        Report.objects.filter(
            period_end__gte=min(days) - _REACH, period_start__lte=max(days) + dt.timedelta(days=31)
        )
        .select_related("template")
        .only("pk", "period_code", "due_date", "template")
    )
    changed = []
    dues: dict[tuple[int, str], dt.date | None] = {}  # the units of a period share a due date
    for report in reports:
        key = (report.template_id, report.period_code)
        if key not in dues:
            template = report.template
            try:
                dues[key] = template.deadline.deadline(
                    Period.parse(report.period_code), template.cutoff_rule, calendar
                )
            except (DeadlineError, PeriodError, ValueError):
                dues[key] = None
        due = dues[key]
        if due is not None and due != report.due_date:
            report.due_date = due
            changed.append(report)
    Report.objects.bulk_update(changed, ["due_date"], batch_size=500)
    return len(changed)
