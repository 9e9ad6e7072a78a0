"""Request and response schemas of the API. Inputs refuse unknown fields (422)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints, field_validator

from baocao.domain.text import LINE_CONTROL, UNSTORABLE, has_control, without

# A code or period as used in URLs and bodies: printable, bounded.
Code = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=without(LINE_CONTROL, empty=False))
]
PeriodCode = Annotated[
    str,
    StringConstraints(min_length=4, max_length=16, pattern=r"^\d{4}(-(\d{2}|Q[1-4]|H[12]|9M))?$"),
]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]
ObjectId = Annotated[int, Field(ge=1, le=2**53)]


def _reject_invisible(value: Any) -> Any:
    """Refuse NUL and lone surrogates, which no database column can store."""
    if isinstance(value, str) and has_control(value, UNSTORABLE):
        raise ValueError(_("Chuỗi chứa ký tự không hợp lệ."))
    return value


class InputSchema(Schema):
    """Base of request bodies: unknown fields are an error, strings must be storable."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        return _reject_invisible(value)


class ErrorBody(Schema):
    """What went wrong: a machine code, a sentence for people, field details."""

    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    """The single error shape of the API."""

    error: ErrorBody


class UnitOut(Schema):
    """A unit (đơn vị)."""

    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    opened_on: dt.date | None
    closed_on: dt.date | None


class SectionOut(Schema):
    """A section (lĩnh vực) of a template."""

    id: int
    code: str
    title: str
    kind: str
    order: int
    required: bool


class IndicatorOut(Schema):
    """An indicator (chỉ tiêu) of a template."""

    id: int
    code: str
    name: str
    unit: str
    value_type: str
    aggregation: str
    section: str | None
    required: bool
    min_value: str | None
    max_value: str | None


class TemplateOut(Schema):
    """A reporting regime (chế độ báo cáo) in brief."""

    code: str
    name: str
    period_kind: str
    cutoff_start_day: int
    is_active: bool


class TemplateDetailOut(TemplateOut):
    """A reporting regime with its sections and indicators."""

    description: str
    sections: list[SectionOut]
    indicators: list[IndicatorOut]


class PeriodOut(Schema):
    """A reporting period of a template with its cut-off window and deadline."""

    code: str
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date


class ReportOut(Schema):
    """A report in a list."""

    id: int
    unit: str
    unit_name: str
    template: str
    period: str
    period_label: str
    status: str
    title: str
    version: int
    due_date: dt.date
    number_text: str
    issued_on: dt.date | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    issued_at: dt.datetime | None
    sent_at: dt.datetime | None
    received_at: dt.datetime | None
    updated_at: dt.datetime


class ItemOut(Schema):
    """A narrative item (nội dung)."""

    id: int
    section: str | None
    kind: str
    order: int
    text: str
    continuing: bool


class ValueOut(Schema):
    """An indicator value (số liệu); ``value`` is a plain decimal string like "2297.5"."""

    indicator: str
    value: str | None
    text_value: str
    note: str


class FindingOut(Schema):
    """A finding of the validation rules: an error blocks saving, a warning needs a reason."""

    severity: str
    kind: str
    indicators: list[str]
    message: str
    confirmed: bool


class ReportDetailOut(ReportOut):
    """A report with its content and what the caller may do with it."""

    intro: str
    place: str
    signer_name: str
    signer_title: str
    sign_authority: str
    items: list[ItemOut]
    values: list[ValueOut]
    actions: list[str]
    can_edit: bool


class ItemIn(InputSchema):
    """An item in a full draft update; ``id`` keeps an existing item, none adds one."""

    id: ObjectId | None = None
    section: Code | None = None
    text: str = Field(max_length=5000)
    continuing: bool = False


class ValueIn(InputSchema):
    """A value for an indicator by code: a number, or a string in Vietnamese format."""

    indicator: Code
    value: Annotated[str, Field(max_length=64)] | int | float | None = None
    note: str = Field("", max_length=500)
    estimate: bool | None = Field(None, description="Số ước thực hiện (null: giữ nguyên).")
    confirmed_reason: str | None = Field(
        None, max_length=500, description="Lý do xác nhận số liệu bị cảnh báo (null: giữ nguyên)."
    )


class ReportCreateIn(InputSchema):
    """Create a draft for a unit, a template and a period."""

    unit: Code
    template: Code
    period: PeriodCode
    title: str | None = Field(None, min_length=1, max_length=500)
    start_from_previous: bool = False


class ReportUpdateIn(InputSchema):
    """Update a draft; ``version`` must be the version read (else 409)."""

    version: Version
    title: str | None = Field(None, min_length=1, max_length=500)
    intro: str | None = Field(None, max_length=5000)
    items: list[ItemIn] | None = Field(None, max_length=500)
    values: list[ValueIn] | None = Field(None, max_length=500)


class SubmitIn(InputSchema):
    """Send for approval; ``version`` (optional) guards against a stale read."""

    version: Version | None = None


class ApproveIn(InputSchema):
    """Approve, with an optional comment."""

    comment: str = Field("", max_length=4000)


class ReturnIn(InputSchema):
    """Return to the unit with a required comment."""

    comment: str = Field(min_length=1, max_length=4000)


class IssueIn(InputSchema):
    """Issue an approved report (the clerk): the next number of the year, or one taken elsewhere."""

    number: int | None = Field(
        None,
        ge=1,
        le=999_999,
        description="Số đã lấy trên hệ thống khác; bỏ trống để lấy số tiếp theo của sổ văn bản đi.",
    )
    issued_on: dt.date | None = Field(None, description="Ngày ban hành; mặc định hôm nay.")


class SendIn(InputSchema):
    """Send an issued report; ``to`` (unit codes) defaults to the regime's receiving units."""

    to: list[Code] | None = Field(None, max_length=100)


class RejectIn(InputSchema):
    """Return a received report to its unit, with a required reason."""

    reason: str = Field(min_length=1, max_length=4000)


class ItemCreateIn(InputSchema):
    """Add one item to a section of a draft."""

    version: Version
    section: Code | None = None
    text: str = Field(min_length=1, max_length=5000)
    continuing: bool = False


class ItemUpdateIn(InputSchema):
    """Change one item of a draft."""

    version: Version
    section: Code | None = None
    text: str | None = Field(None, min_length=1, max_length=5000)
    continuing: bool | None = None
    order: Annotated[int, Field(ge=0, le=100_000)] | None = None


class ValuesIn(InputSchema):
    """Set some indicator values of a draft (an empty value clears one)."""

    version: Version
    values: list[ValueIn] = Field(max_length=500)


class MeOut(Schema):
    """Who the caller is and their roles by unit code."""

    username: str
    full_name: str
    roles: dict[str, list[str]]
