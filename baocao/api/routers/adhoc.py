"""Thematic and ad-hoc report requests: create, issue, track, extend, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field, StringConstraints

from baocao.adhoc import selectors, services
from baocao.adhoc.models import ReportRequest
from baocao.api.pagination import PageQuery, paginate
from baocao.api.routers.common import responses
from baocao.api.schemas import Code, InputSchema, ObjectId
from baocao.core.actors import AnyUser, ApiRequest
from baocao.core.errors import Invalid, NotFound
from baocao.organizations.models import OrgUnit

router = Router(tags=["Yêu cầu báo cáo chuyên đề, đột xuất"])

Line = Annotated[str, StringConstraints(max_length=500)]


class IndicatorIn(InputSchema):
    """A figure asked for: its name and unit of measure."""

    name: str = Field(max_length=255)
    unit: str = Field("", max_length=64)


class RequestIn(InputSchema):
    """A new request (saved as a draft; issue it to reach the units)."""

    requesting_unit: Code
    kind: str = Field(pattern="^(thematic|adhoc)$")
    title: str = Field(max_length=500)
    deadline: dt.date
    sections: list[Line] = Field(max_length=services.MAX_SECTIONS)
    indicators: list[IndicatorIn] = Field(default_factory=list, max_length=services.MAX_INDICATORS)
    units: list[Code] = Field(default_factory=list, max_length=services.MAX_UNITS)
    level: str = Field("", max_length=16)
    subtree: str = Field("", max_length=32)
    reply_to: str = Field("", max_length=32)
    document_number: str = Field("", max_length=64)
    legal_basis: str = Field("", max_length=4000)
    instructions: str = Field("", max_length=4000)


class ExtendIn(InputSchema):
    """A later deadline and why."""

    deadline: dt.date
    reason: str = Field("", max_length=4000)


class CancelIn(InputSchema):
    """Why the request is cancelled."""

    reason: str = Field(max_length=4000)


class UnitProgressOut(Schema):
    """One chosen unit's report and where it stands."""

    unit: str
    report: int | None
    status: str
    due_date: dt.date
    sent_on: dt.date | None
    on_time: bool
    overdue: bool


class RateOut(Schema):
    """The request's reporting rate (sent counts; on time by the send date)."""

    expected: int
    received: int
    on_time: int
    late: int
    missing: int
    completeness: float | None
    timeliness: float | None


class RequestOut(Schema):
    """A request; ``progress`` and ``rate`` only for the requesting side."""

    id: int
    kind: str
    state: str
    title: str
    document_number: str
    legal_basis: str
    instructions: str
    requesting_unit: str
    reply_to: str
    deadline: dt.date
    period: str
    template: str | None
    sections: list[str]
    indicators: list[dict[str, str]]
    units: list[str]
    progress: list[UnitProgressOut] | None = None
    rate: RateOut | None = None


class RequestPage(Schema):
    """A page of requests."""

    count: int
    limit: int
    offset: int
    items: list[RequestOut]


class RequestFilter(Schema):
    """List filters."""

    state: str | None = Field(None, pattern="^(draft|issued|cancelled)$")


def request_data(item: ReportRequest, user: Any = None, *, full: bool = False) -> dict[str, Any]:
    """Return a request as API data (with progress for the requesting side when ``full``)."""
    data: dict[str, Any] = {
        "id": item.pk,
        "kind": item.kind,
        "state": item.state,
        "title": item.title,
        "document_number": item.document_number,
        "legal_basis": item.legal_basis,
        "instructions": item.instructions,
        "requesting_unit": item.requesting_unit.code,
        "reply_to": item.reply_to.code,
        "deadline": item.deadline,
        "period": item.period_code,
        "template": item.template.code if item.template_id and item.template else None,
        "sections": [s.title for s in item.sections.all()],
        "indicators": [{"name": i.name, "unit": i.unit} for i in item.indicators.all()],
        "units": [u.code for u in item.units.order_by("path")],
    }
    if full and selectors.can_track(user, item):
        view = selectors.tracking(user, item)
        data["progress"] = [
            {
                "unit": s.unit.code,
                "report": s.report.pk if s.report else None,
                "status": s.state,
                "due_date": s.due,
                "sent_on": s.submitted_on,
                "on_time": s.on_time,
                "overdue": s.overdue,
            }
            for s in view.units
        ]
        rate = view.rate
        data["rate"] = {
            "expected": rate.expected,
            "received": rate.received,
            "on_time": rate.on_time,
            "late": rate.late,
            "missing": rate.missing,
            "completeness": rate.completeness,
            "timeliness": rate.timeliness,
        }
    return data


def _requesting_unit(user: AnyUser, code: str) -> OrgUnit:
    for unit in selectors.requesting_units(user):
        if unit.code == code:
            return unit
    raise NotFound(_("Không tìm thấy đơn vị."))


@router.get("/requests", response=responses(RequestPage), summary="Yêu cầu báo cáo")
def list_requests(request: ApiRequest, filters: Query[RequestFilter], page: PageQuery) -> dict:
    """List the requests the caller's units made or received, newest first."""
    rows = selectors.visible_requests(request.auth).order_by("-created_at", "-pk")
    if filters.state:
        rows = rows.filter(state=filters.state)
    return paginate(rows, page, request_data)


@router.post("/requests", response=responses(RequestOut, 201), summary="Tạo yêu cầu báo cáo")
def create(request: ApiRequest, payload: RequestIn) -> tuple[int, dict]:
    """Create a draft request of one of the caller's units (leader, consolidator, viewer)."""
    user = request.auth
    unit = _requesting_unit(user, payload.requesting_unit)
    candidates = {u.code: u for u in selectors.candidate_units(unit)}
    subtree = None
    if payload.subtree:
        subtree = candidates.get(payload.subtree)
        if subtree is None:
            raise Invalid(
                _("Không có đơn vị với mã: %(codes)s.") % {"codes": payload.subtree},
                details={"subtree": "unknown"},
            )
    units = (
        services.units_by_rule(unit, level=payload.level, subtree=subtree, codes=payload.units)
        if (payload.level or subtree or payload.units)
        else []
    )
    reply_to = None
    if payload.reply_to:
        reply_to = {unit.code: unit, **candidates}.get(payload.reply_to)
        if reply_to is None:
            raise Invalid(
                _("Không có đơn vị với mã: %(codes)s.") % {"codes": payload.reply_to},
                details={"reply_to": "unknown"},
            )
    item = services.create_request(
        requesting_unit=unit,
        by=user,
        data=services.RequestInput(
            kind=payload.kind,
            title=payload.title,
            deadline=payload.deadline,
            sections=list(payload.sections),
            units=units,
            indicators=[services.IndicatorInput(i.name, i.unit) for i in payload.indicators],
            document_number=payload.document_number,
            legal_basis=payload.legal_basis,
            instructions=payload.instructions,
            reply_to=reply_to,
        ),
    )
    return 201, request_data(item, user, full=True)


@router.get("/requests/{request_id}", response=responses(RequestOut), summary="Một yêu cầu")
def detail(request: ApiRequest, request_id: ObjectId) -> dict:
    """Return a request; the requesting side also gets each unit's progress and the rate."""
    user = request.auth
    return request_data(selectors.access_request(user, request_id), user, full=True)


@router.post(
    "/requests/{request_id}/issue", response=responses(RequestOut), summary="Ban hành yêu cầu"
)
def issue(request: ApiRequest, request_id: ObjectId) -> dict:
    """Issue a draft request: a draft report for every chosen unit."""
    user = request.auth
    return request_data(services.issue_request(request_id, by=user), user, full=True)


@router.post(
    "/requests/{request_id}/extend", response=responses(RequestOut), summary="Gia hạn yêu cầu"
)
def extend(request: ApiRequest, request_id: ObjectId, payload: ExtendIn) -> dict:
    """Move the deadline of an issued request later."""
    user = request.auth
    item = services.extend_deadline(
        request_id, by=user, deadline=payload.deadline, reason=payload.reason
    )
    return request_data(item, user, full=True)


@router.post("/requests/{request_id}/cancel", response=responses(RequestOut), summary="Hủy yêu cầu")
def cancel(request: ApiRequest, request_id: ObjectId, payload: CancelIn) -> dict:
    """Cancel a request no unit has sent a report for yet."""
    user = request.auth
    item = services.cancel_request(request_id, by=user, reason=payload.reason)
    return request_data(item, user, full=True)
