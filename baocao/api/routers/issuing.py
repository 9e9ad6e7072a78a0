"""The receiving agency's inbox, receipt and return; the clerk's outgoing register."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Query, Router, Schema
from pydantic import Field

from baocao.api.pagination import PageQuery, paginate
from baocao.api.routers.common import responses
from baocao.api.schemas import Code, InputSchema, ObjectId, RejectIn
from baocao.api.selectors import access_unit
from baocao.core.actors import ApiRequest
from baocao.issuing.models import Dispatch, OutgoingEntry
from baocao.issuing.selectors import inbox, outgoing_entries
from baocao.issuing.services import receive_dispatch, record_external_number, reject_dispatch

router = Router(tags=["Gửi, nhận báo cáo"])


class DispatchOut(Schema):
    """A report sent to one receiving unit, and what the receiver did."""

    id: int
    report: int
    number_text: str
    from_unit: str
    to_unit: str
    title: str
    period: str
    state: str
    sent_at: dt.datetime
    opened_at: dt.datetime | None
    received_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_reason: str


class DispatchPage(Schema):
    """A page of the inbox."""

    count: int
    limit: int
    offset: int
    items: list[DispatchOut]


class InboxFilter(Schema):
    """Inbox filters."""

    state: str | None = Field(None, pattern="^(sent|opened|received|returned)$")


class OutgoingOut(Schema):
    """One number of the outgoing register."""

    seq: int
    number_text: str
    doc_type_code: str
    issued_on: dt.date
    summary: str
    source: str
    report: int | None


class OutgoingIn(InputSchema):
    """A number taken in another system (the e-office), recorded so it is never given again."""

    number: int = Field(ge=1, le=999_999)
    issued_on: dt.date
    type_code: str = Field("", max_length=8)
    summary: str = Field("", max_length=500)
    note: str = Field("", max_length=500)


def dispatch_data(d: Dispatch) -> dict[str, Any]:
    """Return a dispatch as API data."""
    return {
        "id": d.pk,
        "report": d.report_id,
        "number_text": d.number_text,
        "from_unit": d.report.unit.code,
        "to_unit": d.to_unit.code,
        "title": d.report.title,
        "period": d.report.period_code,
        "state": d.state,
        "sent_at": d.sent_at,
        "opened_at": d.opened_at,
        "received_at": d.received_at,
        "returned_at": d.returned_at,
        "return_reason": d.return_reason,
    }


def outgoing_data(e: OutgoingEntry) -> dict[str, Any]:
    """Return a register line as API data."""
    return {
        "seq": e.seq,
        "number_text": e.number_text,
        "doc_type_code": e.doc_type_code,
        "issued_on": e.issued_on,
        "summary": e.summary,
        "source": e.source,
        "report": e.report_id,
    }


@router.get("/inbox", response=responses(DispatchPage), summary="Báo cáo đến")
def list_inbox(request: ApiRequest, filters: Query[InboxFilter], page: PageQuery) -> dict:
    """List the reports sent to the caller's units, newest first."""
    rows = inbox(request.auth)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return paginate(rows, page, dispatch_data)


@router.post(
    "/inbox/{dispatch_id}/receive", response=responses(DispatchOut), summary="Tiếp nhận báo cáo"
)
def receive(request: ApiRequest, dispatch_id: ObjectId) -> dict:
    """Acknowledge receipt of a report sent to the caller's unit."""
    return dispatch_data(receive_dispatch(dispatch_id, by=request.auth))


@router.post(
    "/inbox/{dispatch_id}/return",
    response=responses(DispatchOut),
    summary="Trả lại báo cáo cho đơn vị gửi",
)
def return_(request: ApiRequest, dispatch_id: ObjectId, payload: RejectIn) -> dict:
    """Return a received report to its unit with a reason."""
    return dispatch_data(
        reject_dispatch(
            dispatch_id,
            by=request.auth,
            reason=payload.reason,
        )
    )


@router.get(
    "/units/{code}/outgoing/{year}",
    response=responses(list[OutgoingOut]),
    summary="Sổ đăng ký văn bản đi",
)
def outgoing(
    request: ApiRequest, code: Code, year: Annotated[int, Field(ge=1900, le=2999)]
) -> list[dict]:
    """Return a unit's outgoing register for a year (members of the unit)."""
    unit = access_unit(request.auth, code)
    return [outgoing_data(e) for e in outgoing_entries(request.auth, unit, year)]


@router.post(
    "/units/{code}/outgoing",
    response=responses(OutgoingOut, 201),
    summary="Ghi số đã lấy trên hệ thống khác",
)
def record_outgoing(request: ApiRequest, code: Code, payload: OutgoingIn) -> tuple[int, dict]:
    """Record a number taken in another system (the unit's clerk only)."""
    unit = access_unit(request.auth, code)
    entry = record_external_number(
        unit,
        by=request.auth,
        seq=payload.number,
        issued_on=payload.issued_on,
        type_code=payload.type_code,
        summary=payload.summary,
        note=payload.note,
    )
    return 201, outgoing_data(entry)
