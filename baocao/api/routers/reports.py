"""Reports: list and filter, create a draft, read, update with a version check, workflow."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from baocao.api.drafts import by_code, to_item_inputs, to_value_inputs, value_marks
from baocao.api.pagination import PageQuery, paginate
from baocao.api.present import report_data, report_detail
from baocao.api.routers.common import responses
from baocao.api.schemas import (
    ApproveIn,
    Code,
    IssueIn,
    ObjectId,
    PeriodCode,
    ReportCreateIn,
    ReportDetailOut,
    ReportOut,
    ReportUpdateIn,
    ReturnIn,
    SendIn,
    SubmitIn,
)
from baocao.api.selectors import access_template, access_unit
from baocao.core.actors import ApiRequest
from baocao.core.errors import Invalid
from baocao.issuing.selectors import receivers_by_code
from baocao.issuing.services import issue_report, send_report
from baocao.reports.selectors import access_report, visible_reports
from baocao.reports.services import (
    approve_report,
    create_report,
    return_report,
    save_draft,
    submit_report,
)

router = Router(tags=["Báo cáo"])


class ReportPage(Schema):
    """A page of reports."""

    count: int
    limit: int
    offset: int
    items: list[ReportOut]


class ReportFilter(Schema):
    """Filters of the report list (all optional, combined with AND)."""

    unit: Code | None = None
    subtree: bool = False
    template: Code | None = None
    period: PeriodCode | None = None
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None
    status: (
        Literal["draft", "submitted", "returned", "approved", "issued", "sent", "received"] | None
    ) = None


@router.get("/reports", response=responses(ReportPage), summary="Danh sách báo cáo")
def list_reports(request: ApiRequest, filters: Query[ReportFilter], page: PageQuery) -> dict:
    """List the reports the caller may read, newest period first."""
    user = request.auth
    reports = visible_reports(user)
    if filters.unit:
        unit = access_unit(user, filters.unit)
        reports = (
            reports.filter(unit__path__startswith=unit.path)
            if filters.subtree
            else reports.filter(unit=unit)
        )
    if filters.template:
        reports = reports.filter(template__code=filters.template)
    if filters.period:
        reports = reports.filter(period_code=filters.period)
    if filters.year:
        reports = reports.filter(period_year=filters.year)
    if filters.status:
        reports = reports.filter(status=filters.status)
    reports = reports.order_by(
        "-period_year", "-period_index", "unit__path", "template__code", "pk"
    )
    return paginate(reports, page, report_data)


@router.post("/reports", response=responses(ReportDetailOut, 201), summary="Tạo báo cáo nháp")
def create(request: ApiRequest, payload: ReportCreateIn) -> Status:
    """Create a draft for a unit the caller reports for."""
    user = request.auth
    unit = access_unit(user, payload.unit)
    template = access_template(user, payload.template)
    report = create_report(
        unit=unit,
        template=template,
        period=payload.period,
        by=user,
        title=payload.title,
        start_from_previous=payload.start_from_previous,
    )
    return Status(201, report_detail(access_report(user, report.pk), user))


@router.get(
    "/reports/{report_id}",
    response=responses(ReportDetailOut),
    summary="Một báo cáo, nội dung và số liệu",
)
def detail(request: ApiRequest, report_id: ObjectId) -> dict:
    """Return a report the caller may read (404 otherwise)."""
    user = request.auth
    return report_detail(access_report(user, report_id), user)


@router.patch(
    "/reports/{report_id}",
    response=responses(ReportDetailOut),
    summary="Sửa báo cáo nháp (kiểm tra phiên bản)",
)
def update(request: ApiRequest, report_id: ObjectId, payload: ReportUpdateIn) -> dict:
    """Save a draft: fields left out stay as they are; ``items`` replaces all items.

    A stale ``version`` gives 409 with ``details.current_version``.
    """
    user = request.auth
    report = access_report(user, report_id, for_write=True)
    items = to_item_inputs(report, payload.items) if payload.items is not None else None
    values = to_value_inputs(report, payload.values) if payload.values is not None else None
    estimates, reasons = value_marks(report, payload.values or [])
    try:
        save_draft(
            report,
            by=user,
            expected_version=payload.version,
            title=payload.title,
            intro=payload.intro,
            items=items,
            values=values,
            estimates=estimates,
            reasons=reasons,
        )
    except Invalid as exc:
        raise by_code(report, exc) from None
    return report_detail(access_report(user, report_id), user)


@router.post(
    "/reports/{report_id}/submit", response=responses(ReportDetailOut), summary="Trình duyệt"
)
def submit(request: ApiRequest, report_id: ObjectId, payload: SubmitIn) -> dict:
    """Send a draft or returned report for approval."""
    user = request.auth
    report = access_report(user, report_id)
    submit_report(report, by=user, expected_version=payload.version)
    return report_detail(access_report(user, report_id), user)


@router.post(
    "/reports/{report_id}/approve", response=responses(ReportDetailOut), summary="Phê duyệt"
)
def approve(request: ApiRequest, report_id: ObjectId, payload: ApproveIn) -> dict:
    """Approve a submitted report (the unit's approver only)."""
    user = request.auth
    report = access_report(user, report_id)
    approve_report(report, by=user, comment=payload.comment)
    return report_detail(access_report(user, report_id), user)


@router.post(
    "/reports/{report_id}/return", response=responses(ReportDetailOut), summary="Trả lại kèm ý kiến"
)
def return_(request: ApiRequest, report_id: ObjectId, payload: ReturnIn) -> dict:
    """Return a submitted report to its unit with a comment."""
    user = request.auth
    report = access_report(user, report_id)
    return_report(report, by=user, comment=payload.comment)
    return report_detail(access_report(user, report_id), user)


@router.post(
    "/reports/{report_id}/issue", response=responses(ReportDetailOut), summary="Ban hành (văn thư)"
)
def issue(request: ApiRequest, report_id: ObjectId, payload: IssueIn) -> dict:
    """Issue an approved report: a number of the unit's outgoing register, the date."""
    user = request.auth
    issue_report(report_id, by=user, number=payload.number, issued_on=payload.issued_on)
    return report_detail(access_report(user, report_id), user)


@router.post(
    "/reports/{report_id}/send",
    response=responses(ReportDetailOut),
    summary="Gửi nơi nhận (văn thư)",
)
def send(request: ApiRequest, report_id: ObjectId, payload: SendIn) -> dict:
    """Send an issued report to its receiving units (the regime's unless ``to`` names others)."""
    user = request.auth
    units = None if payload.to is None else receivers_by_code(payload.to)
    send_report(report_id, by=user, to_units=units)
    return report_detail(access_report(user, report_id), user)
