"""Review services: submit, approve (with a document number), return with a comment."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.catalog.models import Section
from baocao.core.errors import Forbidden, Invalid, NotFound
from baocao.domain.numbering import DocumentNumber
from baocao.domain.workflow import Action, Status, WorkflowError, next_status
from baocao.organizations.access import own_roles_in
from baocao.organizations.people import display_name
from baocao.reports.models import AuditEvent, NumberRegister, Report, ReportVersion
from baocao.reports.services.audit import record
from baocao.reports.snapshot import snapshot
from baocao.search.indexing import index_report

MAX_COMMENT_CHARS = 4000


def _transition(report: Report, action: Action, by) -> Status:  # type: ignore[no-untyped-def]
    """Lock the report and return its next status, or raise a clear error."""
    roles = own_roles_in(by, report.unit)
    if not roles:
        raise NotFound(_("Không tìm thấy báo cáo."))
    locked = Report.objects.select_for_update().get(pk=report.pk)
    report.status, report.version = locked.status, locked.version
    try:
        return next_status(Status(locked.status), action, roles)
    except WorkflowError as exc:
        if exc.code == "forbidden":
            raise Forbidden(
                {
                    Action.SUBMIT: _("Chỉ chuyên viên của đơn vị được gửi duyệt báo cáo."),
                    Action.APPROVE: _("Chỉ lãnh đạo đơn vị được phê duyệt báo cáo."),
                    Action.RETURN: _("Chỉ lãnh đạo đơn vị được trả lại báo cáo."),
                }[action]
            ) from None
        raise Forbidden(
            _("Không thể thực hiện: báo cáo đang ở trạng thái “%(status)s”.")
            % {"status": report.get_status_display()},
            code="invalid_transition",
        ) from None


def missing_required(report: Report) -> dict[str, str]:
    """Return the required sections and indicators a report leaves empty."""
    errors: dict[str, str] = {}
    filled = set(report.items.values_list("section_id", flat=True))
    for section in report.template.sections.filter(required=True):
        if section.pk not in filled:
            errors[f"section.{section.code}"] = (
                _("Lĩnh vực “%(title)s” chưa có nội dung.") % {"title": section.title})
    given = set(report.values.values_list("indicator_id", flat=True))
    for indicator in report.template.indicators.filter(required=True):
        if indicator.pk not in given:
            errors[f"indicator.{indicator.code}"] = (
                _("Chưa nhập số liệu “%(name)s”.") % {"name": indicator.name})
    if not report.items.exclude(section__kind=Section.Kind.PLAN).exists():
        errors["items"] = _("Báo cáo chưa có nội dung kết quả nào.")
    return errors


def submit_report(report: Report, *, by, expected_version: int | None = None) -> Report:  # type: ignore[no-untyped-def]
    """Send a draft or returned report for approval, storing an immutable version."""
    with transaction.atomic():
        target = _transition(report, Action.SUBMIT, by)
        if expected_version is not None and expected_version != report.version:
            from baocao.reports.services.authoring import _stale

            raise _stale(report)
        errors = missing_required(report)
        if errors:
            raise Invalid(_("Báo cáo chưa đủ nội dung để gửi duyệt."), details=errors)
        now = timezone.now()
        number = report.versions.count() + 1
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
    return report


def _allocate_number(report: Report, year: int) -> tuple[int, str]:
    """Take the next number of the issuing unit's register for ``year`` (never reused)."""
    register, _ = NumberRegister.objects.select_for_update().get_or_create(
        unit=report.unit, year=year
    )
    NumberRegister.objects.filter(pk=register.pk).update(last_seq=register.last_seq + 1)
    seq = register.last_seq + 1
    issuer = report.unit.doc_code or report.unit.code
    return seq, str(DocumentNumber(seq, report.template.doc_type_code, issuer))


def approve_report(report: Report, *, by, comment: str = "") -> Report:  # type: ignore[no-untyped-def]
    """Approve a submitted report: number it from the unit's register and record the signer."""
    comment = (comment or "").strip()[:MAX_COMMENT_CHARS]
    with transaction.atomic():
        target = _transition(report, Action.APPROVE, by)
        now = timezone.now()
        today = timezone.localdate(now)
        seq, text = _allocate_number(report, today.year)
        membership = by.memberships.filter(unit=report.unit, role="approver").first()
        fields = {
            "status": target.value, "approved_at": now, "approved_by": by,
            "number_seq": seq, "number_text": text, "issued_on": today,
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
        index_report(report)
        record(report, AuditEvent.Verb.APPROVE, by=by, comment=comment, number=text)
    return report


def return_report(report: Report, *, by, comment: str) -> Report:  # type: ignore[no-untyped-def]
    """Return a submitted report to its unit with the approver's comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise Invalid(_("Vui lòng ghi ý kiến khi trả lại báo cáo."),
                      details={"comment": "required"})
    if len(comment) > MAX_COMMENT_CHARS:
        raise Invalid(_("Ý kiến quá dài; tối đa %(n)s ký tự.") % {"n": MAX_COMMENT_CHARS},
                      details={"comment": "too_long"})
    with transaction.atomic():
        target = _transition(report, Action.RETURN, by)
        Report.objects.filter(pk=report.pk).update(
            status=target.value, version=report.version + 1
        )
        report.status = target.value
        report.version += 1
        index_report(report)
        record(report, AuditEvent.Verb.RETURN, by=by, comment=comment)
    return report
