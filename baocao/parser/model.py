"""Dataclasses of the parser's output contract and their JSON-ready dictionaries.

See ``docs/parser.md`` and ``/work/shared/design/parse-format.md`` for the contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]
Number = int | float

PERIOD_KINDS = ("month", "quarter", "half", "nine_months", "year", "other")
SECTION_KINDS = ("results", "plan", "issues", "proposals", "other")


@dataclass(frozen=True)
class Period:
    """A reporting period; ``half`` (1 or 2) is set only for half-year periods."""

    kind: str
    year: int | None
    month: int | None = None
    quarter: int | None = None
    half: int | None = None

    def first_month_index(self) -> int:
        """Return year * 12 + the period's first month (0-based), for ordering."""
        year = self.year or 0
        if self.kind == "month" and self.month:
            first = self.month
        elif self.kind == "quarter" and self.quarter:
            first = 3 * self.quarter - 2
        elif self.kind == "half" and self.half:
            first = 6 * self.half - 5
        else:
            first = 1
        return year * 12 + first - 1

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's dictionary; ``half`` appears only for half-year periods."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "year": self.year,
            "month": self.month,
            "quarter": self.quarter,
        }
        if self.kind == "half":
            out["half"] = self.half
        return out


@dataclass(frozen=True)
class LegalRef:
    """A citation of a numbered legal document."""

    text: str
    doc_type: str
    number: str
    year: int | None
    symbol: str
    date: str | None
    issuer: str | None
    span: Span

    def __init__(
        self,
        text: str,
        doc_type: str,
        number: str,
        year: int | None,
        symbol: str,
        date: str | None,
        issuer: str | None,
        span: Span,
    ) -> None:
        # Frozen: fill the instance dictionary at once (the parser makes thousands of these;
        # the generated __init__ sets each field through object.__setattr__, twice as slow).
        self.__dict__.update(
            text=text, doc_type=doc_type, number=number, year=year, symbol=symbol, date=date,
            issuer=issuer, span=span,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's dictionary."""
        return {
            "text": self.text,
            "doc_type": self.doc_type,
            "number": self.number,
            "year": self.year,
            "symbol": self.symbol,
            "date": self.date,
            "issuer": self.issuer,
            "span": list(self.span),
        }


@dataclass(frozen=True)
class ShortMention:
    """A later mention of a document by type and number only ("Nghị định 107")."""

    text: str
    doc_type: str
    number: str
    span: Span


@dataclass(frozen=True)
class Quantity:
    """A number with a counting or measuring unit."""

    text: str
    value: Number | None
    unit: str
    span: Span
    value_min: Number | None = None
    value_max: Number | None = None
    denominator: Number | None = None

    def __init__(
        self,
        text: str,
        value: Number | None,
        unit: str,
        span: Span,
        value_min: Number | None = None,
        value_max: Number | None = None,
        denominator: Number | None = None,
    ) -> None:
        # Frozen: filled at once, as LegalRef is.
        self.__dict__.update(
            text=text, value=value, unit=unit, span=span, value_min=value_min,
            value_max=value_max, denominator=denominator,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's dictionary; range and ratio keys only when they apply."""
        out: dict[str, Any] = {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "span": list(self.span),
        }
        if self.value is None:
            out["value_min"] = self.value_min
            out["value_max"] = self.value_max
        if self.denominator is not None:
            out["denominator"] = self.denominator
        return out


@dataclass(frozen=True)
class ZeroFact:
    """A statement that something did not happen: an indicator equal to 0."""

    text: str
    unit: str
    subject: str | None
    span: Span
    value: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the dictionary of the ``zero_facts`` extension."""
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "subject": self.subject,
            "span": list(self.span),
        }


@dataclass
class Item:
    """One sentence or ";"-separated clause of a section."""

    text: str
    span: Span
    action: str | None = None
    continuing: bool = False
    legal_refs: list[int] = field(default_factory=list)
    quantities: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's dictionary (plus the item's span)."""
        return {
            "text": self.text,
            "action": self.action,
            "continuing": self.continuing,
            "legal_refs": list(self.legal_refs),
            "quantities": list(self.quantities),
            "span": list(self.span),
        }


@dataclass
class Section:
    """A heading or lead-in and the items under it."""

    title: str
    span: Span
    kind: str = "results"
    level: int = 0
    items: list[Item] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's dictionary (plus the title's span)."""
        return {
            "title": self.title,
            "kind": self.kind,
            "items": [item.to_dict() for item in self.items],
            "span": list(self.span),
        }


@dataclass
class NextPeriod:
    """The next-period part: its period and its tasks."""

    period: Period | None
    tasks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's dictionary."""
        return {
            "period": self.period.to_dict() if self.period else None,
            "tasks": list(self.tasks),
        }


@dataclass
class DocumentInfo:
    """What the Decree 30 header says about the document itself (extension of the contract)."""

    doc_type: str | None = None  # "Báo cáo", "Quyết định", "Công văn" ...
    number: str | None = None  # "05/BC-STTTT" (the "Số:" line, spaces removed)
    date: str | None = None  # ISO date of the place-and-date line, null when incomplete
    place: str | None = None  # "Thái Bình"
    governing_body: str | None = None  # "UBND TỈNH THÁI BÌNH", as written
    issuing_body: str | None = None  # "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", as written

    def to_dict(self) -> dict[str, Any]:
        """Return the dictionary of the ``document`` extension."""
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "place": self.place,
            "governing_body": self.governing_body,
            "issuing_body": self.issuing_body,
        }


@dataclass
class PeriodSource:
    """Where the period and its year were read (extension of the contract).

    ``period``: "title", "body" or None (no period named); ``year``: "title", "body",
    "number", "date line" or None. ``certain`` is true only when both were written in the
    title or the body's opening: a year taken from the number or the date line is inferred,
    and a caller should ask a person to confirm it.
    """

    period: str | None = None
    year: str | None = None

    @property
    def certain(self) -> bool:
        """Tell whether the period and its year were both written out."""
        return self.period is not None and self.year in ("title", "body")

    def to_dict(self) -> dict[str, Any]:
        """Return the dictionary of the ``period_source`` extension."""
        return {"period": self.period, "year": self.year, "certain": self.certain}


@dataclass
class ParseResult:
    """Everything the parser found in one report."""

    source: str
    encoding: str
    text: str
    title: str | None = None
    agency: str | None = None
    period: Period | None = None
    sections: list[Section] = field(default_factory=list)
    legal_refs: list[LegalRef] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    next_period: NextPeriod = field(default_factory=lambda: NextPeriod(None))
    zero_facts: list[ZeroFact] = field(default_factory=list)
    preamble: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document: DocumentInfo = field(default_factory=DocumentInfo)
    period_source: PeriodSource = field(default_factory=PeriodSource)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dictionary of the output contract."""
        return {
            "source": self.source,
            "encoding": self.encoding,
            "title": self.title,
            "agency": self.agency,
            "period": self.period.to_dict() if self.period else None,
            "sections": [section.to_dict() for section in self.sections],
            "legal_refs": [ref.to_dict() for ref in self.legal_refs],
            "quantities": [q.to_dict() for q in self.quantities],
            "next_period": self.next_period.to_dict(),
            "zero_facts": [z.to_dict() for z in self.zero_facts],
            "preamble": [item.to_dict() for item in self.preamble],
            "document": self.document.to_dict(),
            "period_source": self.period_source.to_dict(),
            "warnings": list(self.warnings),
        }


# Reading a stored result back (``ParseResult.to_dict`` kept as JSON, e.g. an import preview):
# the one place that knows the dictionary's keys, so callers walk typed objects. Keys missing
# from results stored by older versions take their defaults.


def _span(raw: Any) -> Span:
    return (int(raw[0]), int(raw[1])) if raw else (0, 0)


def _period_from(raw: Mapping[str, Any] | None) -> Period | None:
    if not raw:
        return None
    return Period(
        kind=raw.get("kind") or "other",
        year=raw.get("year"),
        month=raw.get("month"),
        quarter=raw.get("quarter"),
        half=raw.get("half"),
    )


def _item_from(raw: Mapping[str, Any]) -> Item:
    return Item(
        text=raw.get("text") or "",
        span=_span(raw.get("span")),
        action=raw.get("action"),
        continuing=bool(raw.get("continuing")),
        legal_refs=list(raw.get("legal_refs") or []),
        quantities=list(raw.get("quantities") or []),
    )


def _quantity_from(raw: Mapping[str, Any]) -> Quantity:
    return Quantity(
        text=raw.get("text") or "",
        value=raw.get("value"),
        unit=raw.get("unit") or "",
        span=_span(raw.get("span")),
        value_min=raw.get("value_min"),
        value_max=raw.get("value_max"),
        denominator=raw.get("denominator"),
    )


def _legal_ref_from(raw: Mapping[str, Any]) -> LegalRef:
    return LegalRef(
        text=raw.get("text") or "",
        doc_type=raw.get("doc_type") or "",
        number=raw.get("number") or "",
        year=raw.get("year"),
        symbol=raw.get("symbol") or "",
        date=raw.get("date"),
        issuer=raw.get("issuer"),
        span=_span(raw.get("span")),
    )


def result_from_dict(data: Mapping[str, Any], text: str = "") -> ParseResult:
    """Return the ``ParseResult`` a stored ``to_dict()`` describes (``text`` is not stored).

    A result stored before the period's source was recorded counts as stating its period
    (as the importer always took it).
    """
    next_period = data.get("next_period") or {}
    document = data.get("document") or {}
    source = data.get("period_source")
    return ParseResult(
        source=data.get("source") or "",
        encoding=data.get("encoding") or "",
        text=text,
        title=data.get("title"),
        agency=data.get("agency"),
        period=_period_from(data.get("period")),
        sections=[
            Section(
                title=s.get("title") or "",
                span=_span(s.get("span")),
                kind=s.get("kind") or "results",
                items=[_item_from(i) for i in s.get("items") or []],
            )
            for s in data.get("sections") or []
        ],
        legal_refs=[_legal_ref_from(r) for r in data.get("legal_refs") or []],
        quantities=[_quantity_from(q) for q in data.get("quantities") or []],
        next_period=NextPeriod(
            _period_from(next_period.get("period")), list(next_period.get("tasks") or [])
        ),
        zero_facts=[
            ZeroFact(
                text=z.get("text") or "",
                unit=z.get("unit") or "",
                subject=z.get("subject"),
                span=_span(z.get("span")),
                value=z.get("value") or 0,
            )
            for z in data.get("zero_facts") or []
        ],
        preamble=[_item_from(i) for i in data.get("preamble") or []],
        warnings=list(data.get("warnings") or []),
        document=DocumentInfo(**{k: document.get(k) for k in DocumentInfo().to_dict()}),
        period_source=(
            PeriodSource("title", "title")
            if source is None
            else PeriodSource(source.get("period"), source.get("year"))
        ),
    )
