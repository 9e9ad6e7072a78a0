"""Import legacy reports: parse a file, preview it, and turn it into a draft report.

A file becomes a draft in one transaction: the report, its items, the values whose indicator
mapping is confident (or confirmed by a person), and the link to the source file. Anything
that fails rolls the whole file back; the same file imported again changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from baocao.catalog.models import ReportTemplate
from baocao.core.actors import Actor
from baocao.core.errors import Conflict, Forbidden, Invalid
from baocao.domain.periods import Period, PeriodError, PeriodKind
from baocao.domain.text import clean_text
from baocao.domain.workflow import Role
from baocao.imports.highlight import highlight
from baocao.imports.matching import (
    IndicatorSpec,
    SectionSpec,
    Suggestion,
    match_section,
    suggest_indicator,
)
from baocao.imports.messages import describe
from baocao.imports.models import ImportedFile
from baocao.organizations.access import own_roles_in
from baocao.organizations.models import OrgUnit
from baocao.parser.errors import ParseError
from baocao.parser.loaders import load_bytes
from baocao.parser.model import Item, ParseResult, result_from_dict
from baocao.parser.parse import parse_text
from baocao.reports.models import AuditEvent, Report
from baocao.reports.services import ItemInput, create_report, save_draft
from baocao.reports.services.audit import record
from baocao.reports.services.validation import MAX_ITEM_CHARS, RawValue


@dataclass
class QuantityRow:
    """One number found in the file, with the indicator suggested for it."""

    index: int
    text: str
    value: Any
    unit: str
    context: str
    suggestion: Suggestion
    zero_fact: bool = False


# At most this many numbers are offered for mapping to indicators (a hostile or huge file
# would otherwise make every preview page score hundreds of thousands of them).
MAX_QUANTITY_ROWS = 500


@dataclass
class Plan:
    """What a parsed file would become: items per section, values, and what needs review.

    ``period`` is set only when the file states it (kind and year written out); a period the
    parser inferred (a year taken from the number or the date line) is only ``suggested``:
    the person is asked to confirm it.
    """

    period: Period | None
    intro: str
    items: list[ItemInput] = field(default_factory=list)
    quantities: list[QuantityRow] = field(default_factory=list)
    suggested: Period | None = None
    quantities_left_out: int = 0


def _indicator_specs(template: ReportTemplate) -> list[IndicatorSpec]:
    return [
        IndicatorSpec(
            id=i.pk,
            name=i.name,
            unit=i.unit,
            synonyms=tuple(i.synonyms.splitlines()),
            numeric=i.is_numeric,
        )
        for i in template.indicators.all()
    ]


def _period(parsed: ParseResult, template: ReportTemplate) -> Period | None:
    found = parsed.period
    if found is None or not found.year:
        return None
    kind, year = found.kind, found.year
    try:
        if kind == "month" and found.month:
            period = Period(year, PeriodKind.MONTH, found.month)
        elif kind == "quarter" and found.quarter:
            period = Period(year, PeriodKind.QUARTER, found.quarter)
        elif kind == "half":
            period = Period(year, PeriodKind.HALF, found.half or 1)
        elif kind == "nine_months":
            period = Period(year, PeriodKind.NINE_MONTHS, 1)
        elif kind == "year":
            period = Period(year, PeriodKind.YEAR, 1)
        else:
            return None
    except PeriodError:
        return None
    return period if period.kind == template.kind else None


def parse_result(imported: ImportedFile) -> ParseResult:
    """Return the stored parse of a previewed file as the parser's typed result."""
    return result_from_dict(imported.parsed, imported.text)


def sentences(items: list[Item], text: str) -> list[Item]:
    """Join the ";" clauses of one sentence back into one item.

    The parser's contract splits a section at ";" as well as at sentence ends; a report item,
    though, is a sentence: "Tham mưu Quy chế A; Quy chế B; kiện toàn Đội C." is one piece of
    work, and its clauses read wrongly on their own. Two items are joined when the source text
    between them is a ";" on the same line. Without the source text nothing is joined.
    """
    joined: list[Item] = []
    for item in items:
        if joined and text:
            previous = joined[-1]
            gap = text[previous.span[1] : item.span[0]]
            if gap.strip(" \t\u00a0") == ";" or (
                gap.strip(" \t\u00a0") == ""
                and text[previous.span[1] - 1 : previous.span[1]] == ";"
            ):
                joined[-1] = Item(
                    text=f"{previous.text}; {item.text}",
                    span=(previous.span[0], item.span[1]),
                    action=previous.action,
                    continuing=previous.continuing,
                    legal_refs=[*previous.legal_refs, *item.legal_refs],
                    quantities=[*previous.quantities, *item.quantities],
                )
                continue
        joined.append(item)
    return joined


def plan_import(parsed: ParseResult, template: ReportTemplate) -> Plan:
    """Return how a parse result maps onto ``template`` (pure apart from reading the template)."""
    sections = [SectionSpec(s.pk, s.title, s.kind) for s in template.sections.all()]
    indicators = _indicator_specs(template)
    intro = " ".join(item.text for item in parsed.preamble)[:MAX_ITEM_CHARS]
    found = _period(parsed, template)
    certain = parsed.period_source.certain
    plan = Plan(
        period=found if certain else None, intro=intro, suggested=None if certain else found
    )
    contexts: dict[int, str] = {}
    plan_section = match_section("", "plan", sections)
    for section in parsed.sections:
        if section.kind == "plan":
            continue
        target = match_section(section.title, section.kind, sections)
        for sentence in sentences(section.items, parsed.text):
            text = sentence.text
            if target is None and section.title:
                text = f"{section.title}: {text}"
            plan.items.append(
                ItemInput(
                    text=text[:MAX_ITEM_CHARS], section_id=target, continuing=sentence.continuing
                )
            )
            for q in sentence.quantities:
                contexts[q] = sentence.text
    for task in parsed.next_period.tasks:
        plan.items.append(
            ItemInput(
                text=task[:MAX_ITEM_CHARS],
                section_id=plan_section,
                continuing=task.lower().startswith("tiếp tục"),
            )
        )
    for index, quantity in enumerate(parsed.quantities):
        if quantity.value is None:
            continue
        if len(plan.quantities) >= MAX_QUANTITY_ROWS:
            plan.quantities_left_out += 1
            continue
        context = contexts.get(index, quantity.text)
        plan.quantities.append(
            QuantityRow(
                index=index,
                text=quantity.text,
                value=quantity.value,
                unit=quantity.unit,
                context=context,
                suggestion=suggest_indicator(quantity.unit, context, indicators),
            )
        )
    for offset, fact in enumerate(parsed.zero_facts):
        context = " ".join(filter(None, [fact.subject, fact.text]))
        plan.quantities.append(
            QuantityRow(
                index=10_000 + offset,
                text=fact.text,
                value=0,
                unit=fact.unit,
                context=context,
                suggestion=suggest_indicator(fact.unit, context, indicators),
                zero_fact=True,
            )
        )
    return plan


def default_mapping(plan: Plan) -> dict[int, int | None]:
    """Return the confident suggestions only, one quantity per indicator (the most confident)."""
    best: dict[int, QuantityRow] = {}
    for row in plan.quantities:
        if row.suggestion.needs_review:
            continue
        current = best.get(row.suggestion.indicator_id)  # type: ignore[arg-type]
        if current is None or row.suggestion.confidence > current.suggestion.confidence:
            best[row.suggestion.indicator_id] = row  # type: ignore[index]
    return {row.index: indicator for indicator, row in best.items()}


def _check_reporter(unit: OrgUnit, by: Actor) -> None:
    if Role.REPORTER not in own_roles_in(by, unit):
        raise Forbidden(_("Chỉ chuyên viên của đơn vị được nhập báo cáo."))


def read_upload(data: bytes, name: str) -> ParseResult:
    """Decode and parse an uploaded file; return the parser's result or raise Invalid."""
    if len(data) > settings.BAOCAO_MAX_UPLOAD_BYTES:
        raise Invalid(
            _("Tệp “%(name)s”: vượt quá dung lượng cho phép (%(mb)s MB).")
            % {"name": name, "mb": settings.BAOCAO_MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if not data:
        raise Invalid(
            _("Tệp “%(name)s”: tệp rỗng, không có nội dung.") % {"name": name}, code="empty"
        )
    try:
        loaded = load_bytes(data, name)
        if not loaded.text.strip():
            raise Invalid(
                _("Tệp “%(name)s”: tệp không có nội dung văn bản.") % {"name": name}, code="empty"
            )
        result = parse_text(loaded.text, source=name, encoding=loaded.encoding)
    except ParseError as exc:
        raise Invalid(describe(exc), code="unreadable") from None
    return result


def preview_file(
    data: bytes,
    name: str,
    *,
    unit: OrgUnit,
    template: ReportTemplate,
    by: Actor,
) -> ImportedFile:
    """Parse an uploaded file and keep it for preview; the same file gives the same preview."""
    _check_reporter(unit, by)
    digest = hashlib.sha256(data).hexdigest()
    existing = ImportedFile.objects.filter(unit=unit, template=template, sha256=digest).first()
    if existing:
        return existing
    result = read_upload(data, name)
    document = result.document
    shown = highlight(result.text, result)
    return ImportedFile.objects.create(
        unit=unit,
        template=template,
        name=name[:255],
        sha256=digest,
        size=len(data),
        encoding=result.encoding,
        content=data,
        parsed=result.to_dict(),
        text=result.text,
        uploaded_by=by,
        agency=(result.agency or "")[:255],
        doc_type=(document.doc_type or "")[:64],
        doc_number=(document.number or "")[:64],
        doc_date=_iso_date(document.date),
        preview_html=str(shown.html),
        preview_truncated=shown.truncated,
    )


def _iso_date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _line(raw: str, limit: int) -> str:
    """Return a one-line value cleaned as stored text (``domain.text``), cut to ``limit``."""
    return " ".join(clean_text(raw or "").split())[:limit]


def correct_document_fields(
    imported: ImportedFile,
    *,
    by: Actor,
    agency: str | None = None,
    doc_type: str | None = None,
    doc_number: str | None = None,
    doc_date: str | None = None,
) -> ImportedFile:
    """Store the header's agency, type, number and date as the person corrected them.

    A field left None keeps its value; an empty or unreadable date clears the date.
    """
    _check_reporter(imported.unit, by)
    if agency is not None:
        imported.agency = _line(agency, 255)
    if doc_type is not None:
        imported.doc_type = _line(doc_type, 64)
    if doc_number is not None:
        imported.doc_number = _line(doc_number, 64)
    if doc_date is not None:
        imported.doc_date = _iso_date(doc_date.strip())
    ImportedFile.objects.filter(pk=imported.pk).update(
        agency=imported.agency,
        doc_type=imported.doc_type,
        doc_number=imported.doc_number,
        doc_date=imported.doc_date,
    )
    return imported


def stored_preview(imported: ImportedFile) -> str:
    """Return the highlighted text of a previewed file, computing and storing it only once."""
    if not imported.preview_html:
        shown = highlight(imported.text, parse_result(imported))
        imported.preview_html, imported.preview_truncated = str(shown.html), shown.truncated
        ImportedFile.objects.filter(pk=imported.pk).update(
            preview_html=imported.preview_html, preview_truncated=imported.preview_truncated
        )
    return imported.preview_html


def confirm_import(
    imported: ImportedFile,
    *,
    by: Actor,
    period: Period | str | None = None,
    mapping: dict[int, int | None] | None = None,
    plan: Plan | None = None,
) -> Report:
    """Turn a previewed file into a draft report: items, mapped values, link to the file.

    ``mapping`` maps quantity indexes to indicator ids (None: not stored); without it the
    confident suggestions are used. Quantities left unmapped are not stored. ``plan`` is
    ``plan_import`` of this file when the caller already made it (the preview page).
    """
    _check_reporter(imported.unit, by)
    if imported.report_id:
        raise Conflict(
            _("Tệp “%(name)s” đã được nhập thành báo cáo.") % {"name": imported.name},
            code="already_imported",
        )
    template = imported.template
    plan = plan or plan_import(parse_result(imported), template)
    if isinstance(period, str) and period:
        try:
            period = Period.parse(period)
        except PeriodError:
            raise Invalid(_("Kỳ báo cáo không hợp lệ."), details={"period": period}) from None
    chosen = period or plan.period
    if chosen is None:
        raise Invalid(
            _("Không xác định được kỳ báo cáo trong tệp; hãy chọn kỳ báo cáo."),
            code="no_period",
            details={"period": "required"},
        )
    mapping = default_mapping(plan) if mapping is None else mapping
    by_index = {row.index: row for row in plan.quantities}
    values: dict[int, tuple[RawValue, str]] = {}
    for index, indicator_id in mapping.items():
        row = by_index.get(index)
        if row is None or indicator_id is None:
            continue
        if indicator_id in values:
            raise Invalid(
                _("Một chỉ tiêu chỉ nhận một số liệu; hãy bỏ bớt một ánh xạ."),
                details={f"quantity.{index}": "duplicate"},
            )
        # The parser's number as the service takes it, typed: never written out and read back.
        values[indicator_id] = (Decimal(str(row.value)), f"Từ tệp: {row.text}"[:500])
    with transaction.atomic():
        report = create_report(unit=imported.unit, template=template, period=chosen, by=by)
        save_draft(
            report,
            by=by,
            expected_version=report.version,
            items=plan.items,
            values=values,
            intro=plan.intro or None,
        )
        ImportedFile.objects.filter(pk=imported.pk).update(
            report=report, status=ImportedFile.Status.IMPORTED
        )
        imported.report, imported.status = report, ImportedFile.Status.IMPORTED
        record(
            report,
            AuditEvent.Verb.IMPORT,
            by=by,
            file=imported.name,
            sha256=imported.sha256,
            values=len(values),
            review=[row.text for row in plan.quantities if row.index not in mapping],
        )
    report.refresh_from_db()
    return report


@dataclass
class Outcome:
    """What happened to one file of a batch import."""

    name: str
    status: str  # imported | skipped | failed
    message: str
    report: Report | None = None
    review: list[str] = field(default_factory=list)


def import_bytes(
    data: bytes,
    name: str,
    *,
    unit: OrgUnit,
    template: ReportTemplate,
    by: Actor,
    period: str | None = None,
) -> Outcome:
    """Import one file as a draft (CLI and batch use): imported, skipped or failed, never half."""
    digest = hashlib.sha256(data).hexdigest()
    done = ImportedFile.objects.filter(
        unit=unit, template=template, sha256=digest, report__isnull=False
    ).first()
    if done:
        return Outcome(name, "skipped", f"đã nhập trước đó (báo cáo {done.report})", done.report)
    try:
        with transaction.atomic():
            imported = preview_file(data, name, unit=unit, template=template, by=by)
            plan = plan_import(parse_result(imported), template)  # once: draft and review
            report = confirm_import(imported, by=by, period=period, plan=plan)
    except (Invalid, Conflict, Forbidden) as exc:
        return Outcome(name, "failed", exc.message)
    mapped = default_mapping(plan)
    review = [
        f"{row.text} (gợi ý độ tin cậy {row.suggestion.confidence:.2f})"
        for row in plan.quantities
        if row.index not in mapped
    ]
    return Outcome(name, "imported", f"đã tạo báo cáo nháp {report.period.label}", report, review)
