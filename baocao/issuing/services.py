"""Issue, send, receive: the only writers of the outgoing register and of dispatches.

The clerk (văn thư) issues an approved report — a number from the agency's one yearly series,
the date, the document captured again with them — then sends it to the receiving units; a
member of a receiving unit acknowledges it or returns it with a reason. Web, API and CLI call
these functions; each checks role and state, runs in one transaction and records an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.documents.records import approved_symbol, capture_issued, latest_capture
from baocao.domain.numbering import DocumentNumber
from baocao.domain.text import clean_text
from baocao.domain.workflow import ACTION_ROLES, Action, Role
from baocao.issuing.models import Dispatch, OutgoingEntry
from baocao.issuing.selectors import access_dispatch, default_receivers
from baocao.notifications import services as notices
from baocao.organizations.access import own_roles_in
from baocao.organizations.models import OrgUnit
from baocao.reports.models import AuditEvent, DocumentCapture, NumberRegister, Report
from baocao.reports.selectors import access_report
from baocao.reports.services.audit import record
from baocao.reports.services.review import transition
from baocao.search.indexing import index_report

MAX_REASON_CHARS = 4000
MAX_SEQ = 999_999

# Called inside the issuing transaction with (report, capture, by); raising rolls the issue back.
# The agency-signature step plugs in here (documents.signing services).
IssueHook = Callable[[Report, DocumentCapture, Actor], None]


def _register(unit: OrgUnit, year: int) -> NumberRegister:
    """Return the unit's number register for ``year``, locked for this transaction."""
    NumberRegister.objects.get_or_create(unit=unit, year=year)
    return NumberRegister.objects.select_for_update().get(unit=unit, year=year)


def _taken(unit: OrgUnit, year: int) -> set[int]:
    return set(OutgoingEntry.objects.filter(unit=unit, year=year).values_list("seq", flat=True))


def next_number(unit: OrgUnit, year: int) -> int:
    """Return the number the unit's next document of ``year`` would get (no reservation)."""
    register = NumberRegister.objects.filter(unit=unit, year=year).first()
    seq = (register.last_seq if register else 0) + 1
    taken = _taken(unit, year)
    while seq in taken:
        seq += 1
    return seq


def _take(unit: OrgUnit, year: int, wanted: int | None) -> int:
    """Take ``wanted`` (a number already given elsewhere) or the next free number, locked."""
    register = _register(unit, year)
    taken = _taken(unit, year)
    if wanted is None:
        seq = register.last_seq + 1
        while seq in taken:
            seq += 1
    else:
        if not 1 <= wanted <= MAX_SEQ:
            raise Invalid(
                _("Số văn bản phải từ 1 đến %(max)s.") % {"max": MAX_SEQ},
                details={"number": "out_of_range"},
            )
        if wanted in taken:
            raise Conflict(
                _("Số %(n)s năm %(year)s đã có trong sổ văn bản đi.")
                % {"n": f"{wanted:02d}", "year": year},
                code="number_taken",
            )
        seq = wanted
    if seq == register.last_seq + 1 or wanted is None:
        # The series moves on, past numbers recorded ahead of it (taken in the e-office); a
        # number recorded further ahead is skipped when the series reaches it, so the register
        # keeps no gap and no duplicate.
        last = seq
        while last + 1 in taken:
            last += 1
        NumberRegister.objects.filter(pk=register.pk).update(last_seq=max(register.last_seq, last))
    return seq


def _issuer_code(unit: OrgUnit) -> str:
    return unit.doc_code or unit.code


def _check_day(day: dt.date, *, not_before: dt.date | None = None) -> None:
    today = timezone.localdate()
    if day > today:
        raise Invalid(_("Ngày ban hành không được sau hôm nay."), details={"issued_on": "future"})
    if not_before and day < not_before:
        raise Invalid(
            _("Ngày ban hành không được trước ngày phê duyệt (%(day)s).")
            % {"day": not_before.strftime("%d/%m/%Y")},
            details={"issued_on": "before_approval"},
        )


def _entry(
    unit: OrgUnit,
    *,
    year: int,
    seq: int,
    type_code: str,
    issued_on: dt.date,
    summary: str,
    by: Actor,
    report: Report | None = None,
    source: str,
    note: str = "",
    issuer_code: str | None = None,
) -> OutgoingEntry:
    text = str(DocumentNumber(seq, type_code or None, issuer_code or _issuer_code(unit)))
    try:
        with transaction.atomic():
            return OutgoingEntry.objects.create(
                unit=unit,
                year=year,
                seq=seq,
                number_text=text,
                doc_type_code=type_code,
                issued_on=issued_on,
                summary=clean_text(summary)[:500],
                report=report,
                source=source,
                note=clean_text(note)[:500],
                recorded_by=by,
            )
    except IntegrityError:
        raise Conflict(
            _("Số %(n)s năm %(year)s đã có trong sổ văn bản đi.")
            % {"n": f"{seq:02d}", "year": year},
            code="number_taken",
        ) from None


def record_external_number(
    unit: OrgUnit,
    *,
    by: Actor,
    seq: int,
    issued_on: dt.date,
    type_code: str,
    summary: str = "",
    note: str = "",
) -> OutgoingEntry:
    """Record in the register a number the agency took in another system (e.g. the e-office).

    Only the unit's clerk may; the number is then never given by baocao.
    """
    if Role.CLERK not in own_roles_in(by, unit):
        if not own_roles_in(by, unit):
            raise NotFound(_("Không tìm thấy đơn vị."))
        raise Forbidden(_("Chỉ văn thư của đơn vị được ghi sổ văn bản đi."))
    _check_day(issued_on)
    type_code = clean_text(type_code or "")[:8]
    with transaction.atomic():
        seq = _take(unit, issued_on.year, seq)
        entry = _entry(
            unit,
            year=issued_on.year,
            seq=seq,
            type_code=type_code,
            issued_on=issued_on,
            summary=summary,
            by=by,
            source="external",
            note=note or _("Số lấy trên hệ thống khác"),
        )
    return entry


def issue_report(
    report_id: int,
    *,
    by: Actor,
    number: int | None = None,
    issued_on: dt.date | None = None,
    hook: IssueHook | None = None,
) -> Report:
    """Issue an approved report: number, date, the document captured with them.

    ``number`` is a number already taken in another system for this report (else the next
    free number of the year is taken). ``hook`` runs inside the transaction after the capture
    (e.g. the agency's digital signature); an error there leaves nothing issued and no number
    taken.
    """
    report = access_report(by, report_id)
    with transaction.atomic():
        target = transition(report, Action.ISSUE, by)
        now = timezone.now()
        day = issued_on or timezone.localdate(now)
        approved_on = timezone.localdate(report.approved_at) if report.approved_at else None
        _check_day(day, not_before=approved_on)
        # The number completes the symbol printed in the approved document ("/BC-STTTT").
        type_code, issuer_code = approved_symbol(report) or (
            report.template.doc_type_code or "BC",
            _issuer_code(report.unit),
        )
        seq = _take(report.unit, day.year, number)
        entry = _entry(
            report.unit,
            year=day.year,
            seq=seq,
            type_code=type_code,
            issued_on=day,
            summary=report.title,
            by=by,
            report=report,
            source="external" if number is not None else "baocao",
            issuer_code=issuer_code,
        )
        fields = {
            "status": target.value,
            "number_seq": seq,
            "number_text": entry.number_text,
            "issued_on": day,
            "issued_at": now,
            "issued_by": by,
            "version": report.version + 1,
        }
        Report.objects.filter(pk=report.pk).update(**fields)
        for name, value in fields.items():
            setattr(report, name, value)
        capture = capture_issued(report, by=by)
        if hook is not None:
            hook(report, capture, by)
        index_report(report)
        record(
            report,
            AuditEvent.Verb.ISSUE,
            by=by,
            number=entry.number_text,
            issued_on=day.isoformat(),
            capture=capture.pk,
        )
        notices.notify(report, notices.Kind.ISSUED, by=by)
    return report


def send_report(
    report_id: int, *, by: Actor, to_units: Iterable[OrgUnit] | None = None
) -> list[Dispatch]:
    """Send an issued report to its receiving units (the regime's, unless others are chosen)."""
    report = access_report(by, report_id)
    units = list(to_units) if to_units is not None else default_receivers(report)
    units = [u for u in {u.pk: u for u in units}.values() if u.pk != report.unit_id]
    if not units:
        raise Invalid(_("Chưa chọn nơi nhận."), details={"to_units": "required"})
    with transaction.atomic():
        target = transition(report, Action.SEND, by)
        capture = latest_capture(report)
        if capture is None or capture.stage != DocumentCapture.Stage.ISSUED:
            raise Conflict(_("Báo cáo chưa được ban hành."), code="not_issued")
        now = timezone.now()
        dispatches = [
            Dispatch.objects.create(
                report=report,
                capture=capture,
                number_text=report.number_text,
                to_unit=unit,
                sent_at=now,
                sent_by=by,
            )
            for unit in units
        ]
        Report.objects.filter(pk=report.pk).update(
            status=target.value, sent_at=now, version=report.version + 1
        )
        report.status, report.sent_at, report.version = target.value, now, report.version + 1
        index_report(report)
        record(
            report,
            AuditEvent.Verb.SEND,
            by=by,
            number=report.number_text,
            to=[u.code for u in units],
        )
        notices.notify(report, notices.Kind.SENT, by=by, units=units)
    return dispatches


def open_dispatch(dispatch: Dispatch, *, by: Actor) -> Dispatch:
    """Record that a member of the receiving unit opened the report (first time only)."""
    if dispatch.opened_at is not None or not own_roles_in(by, dispatch.to_unit):
        return dispatch
    now = timezone.now()
    with transaction.atomic():
        changed = Dispatch.objects.filter(pk=dispatch.pk, opened_at__isnull=True).update(
            opened_at=now,
            opened_by=by,
            state=Dispatch.State.OPENED
            if dispatch.state == Dispatch.State.SENT
            else dispatch.state,
        )
        if changed:
            dispatch.refresh_from_db()
            record(dispatch.report, AuditEvent.Verb.OPEN, by=by, to=dispatch.to_unit.code)
    return dispatch


def receive_dispatch(dispatch_id: int, *, by: Actor) -> Dispatch:
    """Acknowledge receipt; the report is received once every receiving unit acknowledged."""
    dispatch = access_dispatch(by, dispatch_id)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.state in (Dispatch.State.RECEIVED, Dispatch.State.RETURNED):
            raise Conflict(
                _("Báo cáo này đã được xử lý: %(state)s.") % {"state": locked.get_state_display()},
                code="invalid_transition",
            )
        report = dispatch.report
        roles = own_roles_in(by, dispatch.to_unit)
        others_pending = (
            report.dispatches.exclude(pk=dispatch.pk)
            .filter(
                capture_id=dispatch.capture_id,
                state__in=(Dispatch.State.SENT, Dispatch.State.OPENED),
            )
            .exists()
        )
        now = timezone.now()
        if not ACTION_ROLES[Action.RECEIVE] & roles:
            raise Forbidden(
                _("Chỉ văn thư hoặc bộ phận tổng hợp của nơi nhận được tiếp nhận báo cáo.")
            )
        if others_pending:
            Report.objects.select_for_update().get(pk=report.pk)
        else:
            target = transition(report, Action.RECEIVE, by, roles=roles)
            Report.objects.filter(pk=report.pk).update(
                status=target.value, received_at=now, version=report.version + 1
            )
            report.status, report.received_at = target.value, now
        Dispatch.objects.filter(pk=dispatch.pk).update(
            state=Dispatch.State.RECEIVED,
            received_at=now,
            received_by=by,
            opened_at=locked.opened_at or now,
            opened_by=locked.opened_by or by,
        )
        index_report(report)
        record(report, AuditEvent.Verb.RECEIVE, by=by, to=dispatch.to_unit.code)
        notices.notify(report, notices.Kind.RECEIVED, by=by, units=[dispatch.to_unit])
    dispatch.refresh_from_db()
    return dispatch


def reject_dispatch(dispatch_id: int, *, by: Actor, reason: str) -> Dispatch:
    """Return a received report to its unit with a reason; it is corrected and issued again."""
    reason = clean_text(reason or "")
    if not reason:
        raise Invalid(_("Vui lòng ghi lý do trả lại."), details={"reason": "required"})
    if len(reason) > MAX_REASON_CHARS:
        raise Invalid(
            _("Lý do quá dài; tối đa %(n)s ký tự.") % {"n": MAX_REASON_CHARS},
            details={"reason": "too_long"},
        )
    dispatch = access_dispatch(by, dispatch_id)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if locked.state == Dispatch.State.RETURNED:
            raise Conflict(_("Báo cáo này đã bị trả lại."), code="invalid_transition")
        report = dispatch.report
        target = transition(report, Action.REJECT, by, roles=own_roles_in(by, dispatch.to_unit))
        now = timezone.now()
        Dispatch.objects.filter(pk=dispatch.pk).update(
            state=Dispatch.State.RETURNED,
            returned_at=now,
            returned_by=by,
            return_reason=reason,
            opened_at=locked.opened_at or now,
            opened_by=locked.opened_by or by,
        )
        # The issued document stays in the register, its captures and the dispatches; the
        # corrected report will be numbered and dated again when it is issued again.
        cleared = {
            "status": target.value,
            "number_seq": None,
            "number_text": "",
            "issued_on": None,
            "issued_at": None,
            "issued_by": None,
            "sent_at": None,
            "received_at": None,
            "version": report.version + 1,
        }
        Report.objects.filter(pk=report.pk).update(**cleared)
        for name, value in cleared.items():
            setattr(report, name, value)
        index_report(report)
        record(
            report,
            AuditEvent.Verb.REJECT,
            by=by,
            comment=reason,
            to=dispatch.to_unit.code,
            number=dispatch.number_text,
        )
        notices.notify(
            report, notices.Kind.REJECTED, by=by, comment=reason, units=[dispatch.to_unit]
        )
    dispatch.refresh_from_db()
    return dispatch
