"""Review services inside the unit: submit (trình duyệt), approve, return with a comment."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.models import Section
from baocao.catalog.selectors import template_sections
from baocao.core.actors import Actor
from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.core.prepared import prepared
from baocao.domain.workflow import Action, Role, Status, WorkflowError, next_status
from baocao.notifications import services as notices
from baocao.organizations.access import memberships, own_roles_in
from baocao.organizations.people import display_name
from baocao.reports.models import AuditEvent, DocumentCapture, NarrativeItem, Report, ReportVersion
from baocao.reports.services.audit import record
from baocao.reports.snapshot import snapshot
from baocao.search.indexing import index_report

MAX_COMMENT_CHARS = 4000

# Report's own table and columns (baocao.reports.models.Report): the state a step checks, read
# with the row locked (``_locked_state``); ReportVersion's, for the count of submissions.
LOCKED_STATE = f"SELECT status, version FROM {Report._meta.db_table} WHERE id = %s"  # noqa: S608
COUNT_VERSIONS = f"SELECT COUNT(*) FROM {ReportVersion._meta.db_table} WHERE report_id = %s"  # noqa: S608


def _forbidden_message(action: Action) -> str:
    return {
        Action.SUBMIT: _("Chỉ chuyên viên của đơn vị được trình duyệt báo cáo."),
        Action.APPROVE: _("Chỉ lãnh đạo đơn vị được phê duyệt báo cáo."),
        Action.RETURN: _("Chỉ lãnh đạo đơn vị được trả lại báo cáo."),
        Action.ISSUE: _("Chỉ văn thư của đơn vị được ban hành báo cáo."),
        Action.SEND: _("Chỉ văn thư của đơn vị được gửi báo cáo đến nơi nhận."),
        Action.RECEIVE: _("Chỉ văn thư hoặc bộ phận tổng hợp của nơi nhận được tiếp nhận báo cáo."),
        Action.REJECT: _("Chỉ văn thư hoặc bộ phận tổng hợp của nơi nhận được trả lại báo cáo."),
    }[action]


def transition(
    report: Report, action: Action, by: Actor, *, roles: Iterable[Role] | None = None
) -> Status:
    """Lock the report and return its next status, or raise a clear error.

    ``roles`` default to the actor's own roles in the report's unit; the receiving agency's
    actions pass the actor's roles in the receiving unit. No role at all → NotFound.
    """
    roles = own_roles_in(by, report.unit) if roles is None else roles
    if not roles:
        raise NotFound(_("Không tìm thấy báo cáo."))
    report.status, report.version = _locked_state(report.pk)
    try:
        return next_status(Status(report.status), action, roles)
    except WorkflowError as exc:
        if exc.code == "forbidden":
            raise Forbidden(_forbidden_message(action)) from None
        raise Forbidden(
            _("Không thể thực hiện: báo cáo đang ở trạng thái “%(status)s”.")
            % {"status": report.get_status_display()},
            code="invalid_transition",
        ) from None


def _locked_state(pk: int) -> tuple[str, int]:
    """Lock the report's row for the step's transaction and return its status and version.

    One plain statement: the ORM's ``select_for_update().get()`` compiled the whole row's
    read at every step, for two columns. SQLite has no row locks (its writes are serialized).
    """
    connection = connections[router.db_for_write(Report)]
    sql = LOCKED_STATE + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise Report.DoesNotExist(f"report {pk}")
    return str(row[0]), int(row[1])


def _count_versions(report: Report) -> int:
    """Return how many versions the report stored (one per submission)."""
    connection = connections[router.db_for_write(Report)]
    with connection.cursor() as cursor:
        cursor.execute(COUNT_VERSIONS, [report.pk])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@prepared
def _item_sections(report: int) -> QuerySet[NarrativeItem, tuple[int | None, str | None]]:
    return (
        NarrativeItem.objects.filter(report_id=report)
        .order_by()
        .values_list("section_id", "section__kind")
    )


def missing_required(report: Report) -> dict[str, str]:
    """Return the required sections and indicators a report leaves empty."""
    errors: dict[str, str] = {}
    items = _item_sections(report.pk)  # one read
    filled = {section_id for section_id, _kind in items}
    for section in template_sections(report.template):
        if section.required and section.pk not in filled:
            errors[f"section.{section.code}"] = _("Lĩnh vực “%(title)s” chưa có nội dung.") % {
                "title": section.title
            }
    errors.update(figure_problems(report))
    if all(kind == Section.Kind.PLAN for _section, kind in items):  # an item without a
        errors["items"] = _("Báo cáo chưa có nội dung kết quả nào.")  # section is a result
    return errors


def figure_problems(report: Report) -> dict[str, str]:
    """Return what stops the report's figures from being submitted, by ``indicator.<code>``.

    Missing required values, errors of the regime's rules and warnings (outliers, warning
    rules) the reporter has not confirmed with a reason — all from ``check_report``.
    """
    from baocao.validation.checks import check_report

    problems: dict[str, str] = {}
    for finding in check_report(report, complete=True):
        if not finding.blocking:
            continue
        message = finding.message
        if finding.severity != "error":
            message = _("%(message)s (cảnh báo chưa được xác nhận)") % {"message": message}
        problems.setdefault(f"indicator.{finding.code}", message)
    return problems


def submit_report(report: Report, *, by: Actor, expected_version: int | None = None) -> Report:
    """Submit a draft or returned report for approval (trình duyệt), storing a version."""
    with transaction.atomic():
        target = transition(report, Action.SUBMIT, by)
        if expected_version is not None and expected_version != report.version:
            from baocao.reports.services.authoring import _stale

            raise _stale(report)
        errors = missing_required(report)
        if errors:
            raise Invalid(_("Báo cáo chưa đủ nội dung để trình duyệt."), details=errors)
        now = timezone.now()
        number = _count_versions(report) + 1
        Report.objects.filter(pk=report.pk).update(
            status=target.value, submitted_at=now, submitted_by=by, version=report.version + 1
        )
        report.status, report.submitted_at, report.submitted_by = target.value, now, by
        report.version += 1
        ReportVersion.objects.create(
            report=report, number=number, snapshot=snapshot(report), created_by=by
        )
        index_report(report)
        record(report, AuditEvent.Verb.SUBMIT, by=by, version=number)
        notices.notify(report, notices.Kind.AWAITING_APPROVAL, by=by, submission=number)
    return report


def approve_report(report: Report, *, by: Actor, comment: str = "") -> Report:
    """Approve a submitted report, record the signer and capture its document.

    The number and date are given later by the clerk when the report is issued
    (``baocao.issuing.services.issue_report``).
    """
    from baocao.documents.records import capture_document

    comment = (comment or "").strip()[:MAX_COMMENT_CHARS]
    with transaction.atomic():
        target = transition(report, Action.APPROVE, by)
        now = timezone.now()
        membership = next(  # one at most (unique per user, unit and role)
            (m for m in memberships(by) if m.unit_id == report.unit_id and m.role == Role.APPROVER),
            None,
        )
        fields = {
            "status": target.value,
            "approved_at": now,
            "approved_by": by,
            "signer_name": display_name(by),
            "signer_title": (membership.title if membership else "") or "",
            "sign_authority": (membership.sign_authority if membership else "") or "",
            "version": report.version + 1,
        }
        Report.objects.filter(pk=report.pk).update(**fields)
        for name, value in fields.items():
            setattr(report, name, value)
        from baocao.analytics.services import refresh_report_facts

        refresh_report_facts(report)
        from baocao.reports.services.estimates import apply_previous_actuals

        apply_previous_actuals(report)
        index_report(report)
        capture_document(report, DocumentCapture.Stage.APPROVED, by=by)
        record(report, AuditEvent.Verb.APPROVE, by=by, comment=comment)
        notices.notify(report, notices.Kind.APPROVED, by=by)
    return report


def return_report(report: Report, *, by: Actor, comment: str) -> Report:
    """Return a submitted report to its unit with the approver's comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise Invalid(
            _("Vui lòng ghi ý kiến khi trả lại báo cáo."), details={"comment": "required"}
        )
    if len(comment) > MAX_COMMENT_CHARS:
        raise Invalid(
            _("Ý kiến quá dài; tối đa %(n)s ký tự.") % {"n": MAX_COMMENT_CHARS},
            details={"comment": "too_long"},
        )
    with transaction.atomic():
        target = transition(report, Action.RETURN, by)
        Report.objects.filter(pk=report.pk).update(status=target.value, version=report.version + 1)
        report.status = target.value
        report.version += 1
        index_report(report)
        record(report, AuditEvent.Verb.RETURN, by=by, comment=comment)
        notices.notify(report, notices.Kind.RETURNED, by=by, comment=comment)
    return report
