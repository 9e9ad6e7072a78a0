"""Writers of report requests: create, issue, extend the deadline, cancel.

Each takes the actor as keyword ``by=``, checks their role in the requesting unit and the
request's state, validates before writing, runs in one transaction and records a
``RequestEvent``. Issuing creates the one-off regime and one draft report per chosen unit.

The one-off regime is a month regime whose cut-off and deadline rule give exactly the
request's deadline: the period is the deadline's month, the cut-off window ends on the deadline
(or the 27th when the deadline is later) and the deadline is "day D of that month". So the
stored due dates are what the regime computes, and stay right when an administrator corrects
the holidays (``catalog.holiday_services.refresh_due_dates`` recomputes from the rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baocao.adhoc.models import ReportRequest, RequestEvent, RequestIndicator, RequestSection
from baocao.adhoc.selectors import access_request, candidate_units, requester_roles
from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid, NotFound
from baocao.domain.deadlines import DeadlineRule
from baocao.domain.periods import CutoffRule, Period
from baocao.domain.text import clean_text
from baocao.domain.workflow import DELIVERED
from baocao.organizations.access import own_roles_in
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report
from baocao.reports.services.authoring import insert_report
from baocao.search.indexing import index_report

MAX_SECTIONS = 30
MAX_INDICATORS = 50
MAX_UNITS = 500
MAX_TITLE = 500
MAX_TEXT = 4000
# The regime's deadline is "day D of the month M + offset"; the catalog allows offsets to 12.
MAX_MONTHS_AHEAD = 12
DELIVERED_STATUSES = tuple(sorted(s.value for s in DELIVERED))


@dataclass
class IndicatorInput:
    """A figure the request asks for."""

    name: str
    unit: str = ""


@dataclass
class RequestInput:
    """What a requester fills in (the web form, the API and the CLI build one)."""

    kind: str
    title: str
    deadline: dt.date
    sections: list[str]
    units: list[OrgUnit]
    indicators: list[IndicatorInput] = field(default_factory=list)
    document_number: str = ""
    legal_basis: str = ""
    instructions: str = ""
    reply_to: OrgUnit | None = None


def _event(
    request: ReportRequest, verb: str, *, by: Actor, comment: str = "", **data: Any
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, actor=by, verb=verb, comment=comment, data=data
    )


def _require_requester(unit: OrgUnit, by: Actor) -> None:
    if not requester_roles(by, unit):
        raise Forbidden(
            _(
                "Chỉ lãnh đạo, bộ phận tổng hợp hoặc người theo dõi của cơ quan được "
                "yêu cầu báo cáo."
            )
        )


def _line(
    raw: str, name: str, limit: int, errors: dict[str, str], *, required: bool = False
) -> str:
    text = " ".join(clean_text(raw or "").split())
    if required and not text:
        errors[name] = _("Không được để trống.")
    elif len(text) > limit:
        errors[name] = _("Quá dài; tối đa %(n)s ký tự.") % {"n": limit}
    return text


def _block(raw: str, name: str, errors: dict[str, str]) -> str:
    text = clean_text(raw or "")
    if len(text) > MAX_TEXT:
        errors[name] = _("Quá dài; tối đa %(n)s ký tự.") % {"n": MAX_TEXT}
    return text


def _check_deadline(
    deadline: dt.date, errors: dict[str, str], *, not_before: dt.date | None = None
) -> None:
    today = timezone.localdate()
    if deadline < today:
        errors["deadline"] = _("Hạn nộp không được trước hôm nay.")
    elif not_before is not None and deadline <= not_before:
        errors["deadline"] = _("Hạn mới phải sau hạn hiện tại (%(day)s).") % {
            "day": not_before.strftime("%d/%m/%Y")
        }
    elif deadline > today + dt.timedelta(days=366):
        errors["deadline"] = _("Hạn nộp không được quá một năm kể từ hôm nay.")


def _clean(requesting_unit: OrgUnit, data: RequestInput) -> dict:
    errors: dict[str, str] = {}
    if data.kind not in ReportRequest.Kind.values:
        errors["kind"] = _("Loại báo cáo phải là chuyên đề hoặc đột xuất.")
    cleaned = {
        "kind": data.kind,
        "title": _line(data.title, "title", MAX_TITLE, errors, required=True),
        "document_number": _line(data.document_number, "document_number", 64, errors),
        "legal_basis": _block(data.legal_basis, "legal_basis", errors),
        "instructions": _block(data.instructions, "instructions", errors),
        "deadline": data.deadline,
    }
    if not isinstance(data.deadline, dt.date):
        errors["deadline"] = _("Hạn nộp không hợp lệ.")
    else:
        _check_deadline(data.deadline, errors)
    sections = []
    for index, raw in enumerate(data.sections):
        title = _line(raw, f"sections.{index}", 255, errors)
        if title:
            sections.append(title)
    if not sections:
        errors["sections"] = _("Đề cương cần ít nhất một mục.")
    elif len(sections) > MAX_SECTIONS:
        errors["sections"] = _("Tối đa %(n)s mục đề cương.") % {"n": MAX_SECTIONS}
    indicators = []
    for index, item in enumerate(data.indicators):
        name = _line(item.name, f"indicators.{index}.name", 255, errors)
        unit = _line(item.unit, f"indicators.{index}.unit", 64, errors)
        if name:
            indicators.append((name, unit))
        elif unit:
            errors[f"indicators.{index}.name"] = _("Chỉ tiêu cần có tên.")
    if len(indicators) > MAX_INDICATORS:
        errors["indicators"] = _("Tối đa %(n)s chỉ tiêu.") % {"n": MAX_INDICATORS}
    allowed = {u.pk: u for u in candidate_units(requesting_unit)}
    units = list({u.pk: u for u in data.units}.values())
    outside = [u for u in units if u.pk not in allowed]
    if not units:
        errors["units"] = _("Chọn ít nhất một đơn vị báo cáo.")
    elif outside:
        errors["units"] = _("Đơn vị không thuộc phạm vi của cơ quan yêu cầu: %(names)s.") % {
            "names": ", ".join(u.name for u in outside)
        }
    elif len(units) > MAX_UNITS:
        errors["units"] = _("Tối đa %(n)s đơn vị.") % {"n": MAX_UNITS}
    reply_to = data.reply_to or requesting_unit
    if reply_to.pk != requesting_unit.pk and not reply_to.path.startswith(requesting_unit.path):
        errors["reply_to"] = _("Nơi nhận báo cáo phải là cơ quan yêu cầu hoặc đơn vị trực thuộc.")
    elif reply_to.pk in {u.pk for u in units}:
        errors["reply_to"] = _("Nơi nhận báo cáo không thể là một đơn vị được yêu cầu báo cáo.")
    if errors:
        raise Invalid(_("Vui lòng kiểm tra lại yêu cầu báo cáo."), details=errors)
    cleaned.update(sections=sections, indicators=indicators, units=units, reply_to=reply_to)
    return cleaned


def create_request(*, requesting_unit: OrgUnit, data: RequestInput, by: Actor) -> ReportRequest:
    """Create a draft request of ``requesting_unit``; nothing reaches the units until issued."""
    if not own_roles_in(by, requesting_unit):
        raise NotFound(_("Không tìm thấy đơn vị."))
    _require_requester(requesting_unit, by)
    cleaned = _clean(requesting_unit, data)
    with transaction.atomic():
        request = ReportRequest.objects.create(
            requesting_unit=requesting_unit,
            kind=cleaned["kind"],
            title=cleaned["title"],
            document_number=cleaned["document_number"],
            legal_basis=cleaned["legal_basis"],
            instructions=cleaned["instructions"],
            deadline=cleaned["deadline"],
            reply_to=cleaned["reply_to"],
            created_by=by,
        )
        request.units.set(cleaned["units"])
        RequestSection.objects.bulk_create(
            [
                RequestSection(request=request, title=title, order=n)
                for n, title in enumerate(cleaned["sections"], start=1)
            ]
        )
        RequestIndicator.objects.bulk_create(
            [
                RequestIndicator(request=request, name=name, unit=unit, order=n)
                for n, (name, unit) in enumerate(cleaned["indicators"], start=1)
            ]
        )
        _event(
            request,
            RequestEvent.Verb.CREATE,
            by=by,
            units=[u.code for u in cleaned["units"]],
            deadline=cleaned["deadline"].isoformat(),
        )
    return request


def regime_for(deadline: dt.date) -> tuple[Period, CutoffRule, DeadlineRule]:
    """Return the period, cut-off and deadline rule whose computed deadline is ``deadline``.

    The period is the deadline's month; the cut-off window ends on the deadline (the 27th at
    the latest, as a cut-off starts on the 28th at the latest); the rule is "day D".
    """
    period = Period.month(deadline.year, deadline.month)
    return (
        period,
        CutoffRule(min(max(deadline.day + 1, 2), 28)),
        DeadlineRule.day_of_month(deadline.day),
    )


def extended_rule(period: Period, deadline: dt.date) -> DeadlineRule:
    """Return the rule "day D, ``offset`` months after ``period``" giving a new deadline."""
    offset = (deadline.year - period.year) * 12 + deadline.month - period.index
    if not 0 <= offset <= MAX_MONTHS_AHEAD:
        raise Invalid(
            _("Hạn mới quá xa so với kỳ của yêu cầu (tối đa %(n)s tháng).")
            % {"n": MAX_MONTHS_AHEAD},
            details={"deadline": "too_far"},
        )
    return DeadlineRule.day_of_month(deadline.day, offset)


def _template_code(request: ReportRequest) -> str:
    return f"YC-{request.pk:06d}"


def _recipients(request: ReportRequest) -> str:
    return f"{request.reply_to.name};\n{_('Lưu: VT.')}"


def issue_request(request_id: int, *, by: Actor) -> ReportRequest:
    """Issue a draft request: the one-off regime and a draft report for each chosen unit."""
    request = access_request(by, request_id)
    _require_requester(request.requesting_unit, by)
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != ReportRequest.State.DRAFT:
            raise Conflict(
                _("Yêu cầu này đã được ban hành hoặc đã hủy."), code="invalid_transition"
            )
        errors: dict[str, str] = {}
        _check_deadline(request.deadline, errors)
        if errors:
            raise Invalid(_("Hạn nộp đã qua; hãy sửa hạn nộp trước khi ban hành."), details=errors)
        units = list(request.units.order_by("path"))
        period, cutoff, rule = regime_for(request.deadline)
        start, end = cutoff.window(period)
        closed = [u for u in units if not u.is_open_during(start, end)]
        if closed:
            raise Invalid(
                _("Đơn vị đã giải thể hoặc sáp nhập: %(names)s.")
                % {"names": ", ".join(u.name for u in closed)},
                details={"units": "closed"},
            )
        template = ReportTemplate.objects.create(
            code=_template_code(request),
            name=f"{request.get_kind_display()}: {request.title}"[:255],
            description=request.instructions,
            period_kind=period.kind.value,
            cutoff_start_day=cutoff.start_day,
            deadline_rule=rule.to_dict(),
            title_format=request.title[:255],
            recipients=_recipients(request),
        )
        sections = Section.objects.bulk_create(
            [
                Section(
                    template=template,
                    code=f"M{s.order:02d}",
                    title=s.title,
                    order=s.order,
                    kind=Section.Kind.RESULTS,
                )
                for s in request.sections.all()
            ]
        )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    template=template,
                    section=sections[0] if len(sections) == 1 else None,
                    code=f"CT{i.order:02d}",
                    name=i.name,
                    unit=i.unit,
                    order=i.order,
                    value_type=Indicator.ValueType.DECIMAL,
                    min_value=None,
                )
                for i in request.indicators.all()
            ]
        )
        due = template.deadline.deadline(period, template.cutoff_rule, working_calendar())
        for unit in units:
            report = insert_report(
                unit=unit,
                template=template,
                period=period,
                by=by,
                title=request.title,
                due=due,
                request=request.pk,
            )
            index_report(report)
        now = timezone.now()
        ReportRequest.objects.filter(pk=request.pk).update(
            state=ReportRequest.State.ISSUED,
            template=template,
            period_code=period.code,
            issued_by=by,
            issued_at=now,
        )
        request.state, request.template, request.period_code = (
            ReportRequest.State.ISSUED,
            template,
            period.code,
        )
        request.issued_by, request.issued_at = by, now
        _event(
            request,
            RequestEvent.Verb.ISSUE,
            by=by,
            template=template.code,
            reports=len(units),
            period=period.code,
        )
    return request


def extend_deadline(
    request_id: int, *, by: Actor, deadline: dt.date, reason: str = ""
) -> ReportRequest:
    """Move an issued request's deadline later; every report's due date follows."""
    request = access_request(by, request_id)
    _require_requester(request.requesting_unit, by)
    errors: dict[str, str] = {}
    reason = _block(reason, "reason", errors)
    with transaction.atomic():
        request = (
            ReportRequest.objects.select_for_update(of=("self",))
            .select_related("template")
            .get(pk=request.pk)
        )
        if request.state != ReportRequest.State.ISSUED or request.template is None:
            raise Conflict(_("Chỉ gia hạn được yêu cầu đã ban hành."), code="invalid_transition")
        if not isinstance(deadline, dt.date):
            errors["deadline"] = _("Hạn nộp không hợp lệ.")
        else:
            _check_deadline(deadline, errors, not_before=request.deadline)
        if errors:
            raise Invalid(_("Vui lòng kiểm tra lại hạn mới."), details=errors)
        template = request.template
        period = Period.parse(request.period_code)
        rule = extended_rule(period, deadline)
        ReportTemplate.objects.filter(pk=template.pk).update(deadline_rule=rule.to_dict())
        template.deadline_rule = rule.to_dict()
        old = request.deadline
        changed = Report.objects.filter(template=template).update(due_date=deadline)
        ReportRequest.objects.filter(pk=request.pk).update(deadline=deadline)
        request.deadline = deadline
        _event(
            request,
            RequestEvent.Verb.EXTEND,
            by=by,
            comment=reason,
            old=old.isoformat(),
            new=deadline.isoformat(),
            reports=changed,
        )
    return request


def cancel_request(request_id: int, *, by: Actor, reason: str) -> ReportRequest:
    """Cancel a request no unit has sent a report for yet; its reports stay, for the record."""
    request = access_request(by, request_id)
    _require_requester(request.requesting_unit, by)
    errors: dict[str, str] = {}
    reason = _block(reason, "reason", errors)
    if not reason and "reason" not in errors:
        errors["reason"] = _("Vui lòng ghi lý do hủy.")
    if errors:
        raise Invalid(_("Vui lòng ghi lý do hủy."), details=errors)
    with transaction.atomic():
        request = ReportRequest.objects.select_for_update().get(pk=request.pk)
        if request.state == ReportRequest.State.CANCELLED:
            raise Conflict(_("Yêu cầu đã bị hủy."), code="invalid_transition")
        reports = (
            Report.objects.filter(template_id=request.template_id)
            if request.template_id
            else Report.objects.none()
        )
        if reports.filter(sent_at__isnull=False).exists():
            raise Conflict(
                _("Đã có đơn vị gửi báo cáo; không thể hủy yêu cầu."), code="already_sent"
            )
        now = timezone.now()
        ReportRequest.objects.filter(pk=request.pk).update(
            state=ReportRequest.State.CANCELLED,
            cancelled_by=by,
            cancelled_at=now,
            cancel_reason=reason,
        )
        if request.template_id:
            ReportTemplate.objects.filter(pk=request.template_id).update(is_active=False)
        previous = request.state
        request.state, request.cancelled_by, request.cancelled_at, request.cancel_reason = (
            ReportRequest.State.CANCELLED,
            by,
            now,
            reason,
        )
        _event(
            request,
            RequestEvent.Verb.CANCEL,
            by=by,
            comment=reason,
            previous=previous,
            reports=reports.count(),
        )
    return request


def units_by_rule(
    requesting_unit: OrgUnit,
    *,
    level: str = "",
    subtree: OrgUnit | None = None,
    codes: Iterable[str] = (),
) -> list[OrgUnit]:
    """Return the requester's units chosen by level, by a subtree and/or by a list of codes.

    Units outside the requesting unit's subtree are not returned (the service refuses them).
    """
    pool = candidate_units(requesting_unit)
    chosen: dict[int, OrgUnit] = {}
    wanted = set(codes)
    for unit in pool:
        if (
            (level and unit.level == level)
            or unit.code in wanted
            or (subtree is not None and unit.path.startswith(subtree.path))
        ):
            chosen[unit.pk] = unit
    unknown = wanted - {u.code for u in chosen.values()}
    if unknown:
        raise Invalid(
            _("Không có đơn vị với mã: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
            details={"units": "unknown"},
        )
    return sorted(chosen.values(), key=lambda u: u.path)
