"""Request and response schemas of the work registers (sổ theo dõi) in the API.

Inputs refuse unknown fields (422). An entry's text is checked by the service (limits, NFC,
categories) so that its per-field messages reach the client; the bounds here only keep absurd
input out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, Field, StrictFloat, StrictInt, StringConstraints

from baocao.api.schemas import InputSchema, PeriodCode, Version
from baocao.domain.text import LINE_CONTROL, without

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_only(value: Any) -> Any:
    """Refuse a date that is not written YYYY-MM-DD (pydantic would take a Unix timestamp)."""
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError(_("Ngày phải có dạng YYYY-MM-DD."))
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]
# Filter text of a query string: printable (no NUL, which PostgreSQL refuses), bounded.
FilterText = Annotated[str, StringConstraints(max_length=200, pattern=without(LINE_CONTROL))]


class EntryFilterParams(Schema):
    """Filters of a register's entries (all optional, combined with AND)."""

    period: PeriodCode | None = Field(
        None, description="Kỳ báo cáo (2022-01, 2022-Q1, 2022): cửa sổ số liệu của kỳ"
    )
    date_from: IsoDate | None = Field(None, alias="from", description="Từ ngày (YYYY-MM-DD)")
    date_to: IsoDate | None = Field(None, alias="to", description="Đến ngày (YYYY-MM-DD)")
    category: FilterText | None = Field(None, description="Phân loại của sổ")
    q: FilterText | None = Field(
        None, description="Tìm trong nội dung, số ký hiệu, ghi chú (không phân biệt dấu)"
    )


class UnitRefOut(Schema):
    """The unit a register belongs to."""

    id: int
    code: str
    name: str


class IndicatorRefOut(Schema):
    """An indicator a register feeds, with its template's code."""

    id: int
    code: str
    name: str
    template: str


class BindingOut(Schema):
    """A report indicator that takes its value from the register: the entries of any of
    ``categories`` (none: all) whose column values are each one of ``filters[code]``,
    counted or summed (the quantity, or the number column ``sum_column``). ``category`` is
    the first category, kept for older clients."""

    indicator: IndicatorRefOut
    measure: str
    category: str
    categories: list[str] = []
    filters: dict[str, list[str]] = {}
    sum_column: str = ""


class ColumnOut(Schema):
    """A column of the register's own design."""

    code: str
    label: str
    type: str = Field(description="text, number, date, choice, yesno")
    options: list[str]
    required: bool
    order: int


class ColumnIn(InputSchema):
    """A column to add or to set: ``code`` lower-case ASCII (a-z, 0-9, _), ``options`` for a
    choice column."""

    code: str = Field(max_length=32)
    label: str = Field(max_length=200)
    type: str = Field("text", description="text, number, date, choice, yesno", max_length=16)
    options: list[Annotated[str, Field(max_length=200)]] = Field([], max_length=100)
    required: bool = False
    order: int | None = None


class DesignIn(InputSchema):
    """A register's design; a field left out keeps its value (``columns`` replaces them all)."""

    code: str | None = Field(None, max_length=32)
    name: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=4000)
    categories: list[Annotated[str, Field(max_length=200)]] | None = Field(None, max_length=100)
    quantity_label: str | None = Field(None, max_length=100)
    columns: list[ColumnIn] | None = Field(None, max_length=60)


class RegisterCreateIn(DesignIn):
    """A new register of ``unit``: from a ``preset`` (GET /register-presets) or a design."""

    unit: int
    preset: str | None = Field(None, max_length=32)


class BindingIn(InputSchema):
    """How an indicator takes its value from the register."""

    measure: str = Field("count", description="count hoặc sum", max_length=8)
    categories: list[Annotated[str, Field(max_length=200)]] = Field([], max_length=100)
    filters: dict[str, list[Annotated[str, Field(max_length=200)]]] = {}
    sum_column: str = Field("", max_length=32)


class PresetOut(Schema):
    """A register preset, created in one step."""

    key: str
    name: str
    categories: list[str]
    columns: list[ColumnOut]


class DesignPlanOut(Schema):
    """What importing a design does (``dry_run``) or did."""

    code: str
    action: str = Field(description="create, update, unchanged")
    changed: list[str]
    bindings: list[dict[str, str]]
    register_id: int | None
    dry_run: bool


class RegisterOut(Schema):
    """A work register (sổ theo dõi) and whether the caller may write its entries."""

    id: int
    unit: UnitRefOut
    code: str
    name: str
    description: str
    categories: list[str]
    quantity_label: str
    is_active: bool
    can_write: bool
    can_design: bool = False
    columns: list[ColumnOut] = []
    bindings: list[BindingOut]


class RegisterPage(Schema):
    """A page of registers."""

    count: int
    limit: int
    offset: int
    items: list[RegisterOut]


class EntryOut(Schema):
    """An entry of a register; ``quantity`` is a plain decimal string ("492", "2.5") or null.

    ``closed_by`` is the submitted or approved report whose window holds the entry's date (the
    entry cannot change until that report is returned).
    """

    id: int
    year: int
    number: int
    entry_date: dt.date
    subject: str
    category: str
    quantity: str | None
    reference: str
    notes: str
    values: dict[str, Any] = Field({}, description="the register's own columns, by code")
    created_by: str
    created_at: dt.datetime
    updated_by: str | None
    updated_at: dt.datetime
    closed_by: int | None


class EntryPage(Schema):
    """A page of entries with the count and the quantity total of the whole filter."""

    count: int
    limit: int
    offset: int
    start: dt.date | None
    end: dt.date | None
    total_quantity: str | None
    items: list[EntryOut]


class EntryIn(InputSchema):
    """An entry as typed: the date ISO or dd/mm/yyyy; the quantity a JSON number or a string in
    Vietnamese format ("1.234,5"); an empty string or null leaves it blank."""

    entry_date: str = Field(max_length=32)
    subject: str = Field(max_length=10_000)
    category: str = Field("", max_length=1000)
    quantity: Annotated[str, Field(max_length=64)] | StrictInt | StrictFloat | None = None
    reference: str = Field("", max_length=1000)
    notes: str = Field("", max_length=10_000)
    values: dict[
        Annotated[str, Field(max_length=32)],
        Annotated[str, Field(max_length=10_000)] | StrictInt | StrictFloat | bool | None,
    ] = Field({}, description="the register's own columns, by code")


class RegisterRefOut(Schema):
    """The register a figure comes from."""

    id: int
    code: str
    name: str


class FigureOut(Schema):
    """What a register gives an indicator of a report, beside the value the report holds."""

    indicator: str
    indicator_name: str
    source: RegisterRefOut = Field(alias="register")  # "register" would shadow ABC.register
    measure: str
    category: str
    start: dt.date
    end: dt.date
    entries: int
    value: str
    current: str | None
    changes: bool
    missing_quantity: int


class ReportFiguresOut(Schema):
    """A report's register-bound indicators, its version and whether the caller may fill it."""

    report: int
    version: int
    can_fill: bool
    figures: list[FigureOut]


class FillIn(InputSchema):
    """Fill a draft from the registers; ``version`` must be the version read (else 409)."""

    version: Version


class FilledOut(Schema):
    """A value set from a register, as stored with its note."""

    indicator: str
    value: str | None
    note: str
    entries: int
    source: str = Field(alias="register")  # the register's name


class FillOut(Schema):
    """The values set and the report's new version."""

    version: int
    values: list[FilledOut]


class ImportLineOut(Schema):
    """A line the import adds (or would add): its row in the file and the number it takes."""

    line: int
    year: int
    number: int
    entry_date: dt.date
    subject: str
    category: str
    quantity: str | None
    reference: str
    notes: str


class ImportSkippedOut(Schema):
    """A line of the file the register already holds, as that entry's number ("3/2022")."""

    line: int
    number: str


class ImportYearOut(Schema):
    """The numbers the added lines of one year take."""

    year: int
    first: int
    last: int
    count: int


class ImportOut(Schema):
    """What an import added (or, with dry_run, would add) and what it skipped."""

    filename: str
    dry_run: bool
    header_line: int
    columns: dict[str, str]
    added: int
    years: list[ImportYearOut]
    skipped: list[ImportSkippedOut]
    lines: list[ImportLineOut]
