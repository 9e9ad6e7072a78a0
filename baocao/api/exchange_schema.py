"""The bulk exchange file (version 1): a period's data for a unit or a subtree, by codes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from baocao.api.schemas import Code, InputSchema, PeriodCode

FORMAT = "baocao-exchange"
VERSION = 1
Text = Annotated[str, Field(max_length=5000)]
Short = Annotated[str, Field(max_length=500)]


class ExUnit(InputSchema):
    """A unit, identified by its code; ``parent`` is the parent's code."""

    code: Code
    name: Short
    short_name: Short = ""
    level: Annotated[str, Field(max_length=16)] = ""
    parent: Code | None = None


class ExSection(InputSchema):
    """A section of a template."""

    code: Code
    title: Short
    kind: Annotated[str, Field(max_length=16)] = "results"


class ExIndicator(InputSchema):
    """An indicator of a template."""

    code: Code
    name: Short
    unit: Short = ""
    value_type: Annotated[str, Field(max_length=16)] = "integer"
    aggregation: Annotated[str, Field(max_length=16)] = "sum"


class ExTemplate(InputSchema):
    """A template with its sections and indicators."""

    code: Code
    name: Short
    period_kind: Annotated[str, Field(max_length=16)]
    sections: list[ExSection] = Field(default_factory=list, max_length=500)
    indicators: list[ExIndicator] = Field(default_factory=list, max_length=2000)


class ExItem(InputSchema):
    """A narrative item; ``section`` is the section code or null."""

    section: Code | None = None
    kind: Annotated[str, Field(max_length=16)] = "result"
    text: Text
    continuing: bool = False


class ExValue(InputSchema):
    """A value: ``value`` a plain decimal string ("2297.5", dot as decimal point) or null."""

    indicator: Code
    value: Annotated[str, Field(max_length=40, pattern=r"^-?\d+(\.\d+)?$")] | None = None
    text_value: Short = ""
    note: Short = ""


class ExReport(InputSchema):
    """A report by unit, template and period codes, with items and values."""

    unit: Code
    template: Code
    period: PeriodCode
    status: Literal["draft", "submitted", "returned", "approved"] = "draft"
    title: Short
    intro: Text = ""
    number_text: Annotated[str, Field(max_length=64)] = ""
    issued_on: dt.date | None = None
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    items: list[ExItem] = Field(default_factory=list, max_length=500)
    values: list[ExValue] = Field(default_factory=list, max_length=2000)


class ExchangeFile(InputSchema):
    """A whole exchange file."""

    format: Literal["baocao-exchange"]
    version: Literal[1]
    exported_at: dt.datetime | None = None
    period: PeriodCode
    root_unit: Code
    subtree: bool = False
    units: list[ExUnit] = Field(default_factory=list, max_length=10_000)
    templates: list[ExTemplate] = Field(default_factory=list, max_length=1000)
    reports: list[ExReport] = Field(default_factory=list, max_length=10_000)


class ImportOutcome(InputSchema):
    """What happened to one report of an imported file."""

    unit: str
    template: str
    period: str
    outcome: Literal["created", "updated", "unchanged", "skipped", "error"]
    report_id: int | None = None
    message: str = ""


class ImportResult(InputSchema):
    """The outcome of an import, counted and per report."""

    dry_run: bool
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: int
    reports: list[ImportOutcome]
