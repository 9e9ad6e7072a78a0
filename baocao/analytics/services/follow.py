"""Record a person's confirmation or correction of a follow-through match."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from baocao.analytics.models import FollowThrough
from baocao.core.actors import Actor
from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.domain.workflow import Role
from baocao.organizations.access import roles_in
from baocao.reports.models import AuditEvent, NarrativeItem, Report
from baocao.reports.selectors import previous_report
from baocao.reports.services.audit import record

CONFIRM_ROLES = frozenset({Role.REPORTER, Role.APPROVER, Role.CONSOLIDATOR})


def confirm_follow_through(
    report: Report,
    answers: dict[int, tuple[str, int | None]],
    *,
    by: Actor,
) -> int:
    """Store, for each planned task id, its outcome and answering result item id.

    ``answers`` maps a task (plan item of the previous report) to (outcome, result item id or
    None). Members of the unit (reporter, approver) and its consolidators may confirm.
    """
    roles = roles_in(by, report.unit)
    if not roles:
        raise NotFound(_("Không tìm thấy báo cáo."))
    if not roles & CONFIRM_ROLES:
        raise Forbidden(_("Chỉ cán bộ của đơn vị được xác nhận việc thực hiện nhiệm vụ."))
    previous = previous_report(report)
    if previous is None:
        raise Invalid(_("Kỳ trước không có báo cáo nên không có nhiệm vụ để đối chiếu."))
    plans = {p.pk: p for p in previous.items.filter(kind=NarrativeItem.Kind.PLAN)}
    results = set(report.items.filter(kind=NarrativeItem.Kind.RESULT).values_list("pk", flat=True))
    errors: dict[str, str] = {}
    clean: dict[int, tuple[str, int | None]] = {}
    for plan_id, (outcome, result_id) in answers.items():
        if plan_id not in plans:
            errors[f"task.{plan_id}"] = _("Nhiệm vụ không thuộc báo cáo kỳ trước.")
        elif outcome not in FollowThrough.Outcome.values:
            errors[f"task.{plan_id}"] = _("Kết quả không hợp lệ.")
        elif result_id is not None and result_id not in results:
            errors[f"task.{plan_id}"] = _("Nội dung kết quả không thuộc báo cáo này.")
        elif outcome != FollowThrough.Outcome.NOT_REPORTED and result_id is None:
            errors[f"task.{plan_id}"] = _("Hãy chọn nội dung kết quả tương ứng.")
        else:
            clean[plan_id] = (outcome, None if outcome == "not_reported" else result_id)
    if errors:
        raise Invalid(_("Có lựa chọn không hợp lệ."), details=errors)
    with transaction.atomic():
        for plan_id, (outcome, result_id) in clean.items():
            FollowThrough.objects.update_or_create(
                plan_item_id=plan_id,
                defaults={
                    "report": report,
                    "outcome": outcome,
                    "result_item_id": result_id,
                    "score": 100.0 if result_id else 0.0,
                    "confirmed_by": by,
                },
            )
        record(report, AuditEvent.Verb.EDIT, by=by, follow_through=len(clean))
    return len(clean)
