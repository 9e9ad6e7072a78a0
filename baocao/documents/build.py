"""Build the intermediate document model from a stored Report (reads only, no permission check).

Callers pass a report they obtained through ``access_report``; this module only reads it.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation

from baocao.catalog.models import Section
from baocao.documents import layout
from baocao.documents.fonts import text_width_mm
from baocao.documents.model import (
    DRAFT_MARK,
    NO_GOVERNING,
    NO_PLACE,
    NO_SIGNER,
    NO_SIGNER_TITLE,
    NO_TITLE,
    SLOGAN,
    Block,
    Header,
    Heading,
    IndicatorTable,
    OfficialDocument,
    Paragraph,
    Signature,
    TableRow,
    clean,
    end_with_closing,
    recipient_lines,
    upper,
)
from baocao.domain.numbering import TYPE_NAMES, place_date_line
from baocao.domain.numbers import format_number
from baocao.domain.workflow import Status, is_final
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report
from baocao.reports.presenters import SectionView, ValueRow, plan_lead, report_sections, value_rows

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
PART_TITLES = {
    Section.Kind.ISSUES: "TỒN TẠI, HẠN CHẾ",
    Section.Kind.PROPOSALS: "KIẾN NGHỊ, ĐỀ XUẤT",
}
TOP_LEVELS = {OrgUnit.Level.NATIONAL, OrgUnit.Level.PROVINCE}


def _roman(n: int) -> str:
    return ROMAN[n - 1] if n <= len(ROMAN) else str(n)


def _number(value: Decimal | None) -> str:
    return format_number(value) if value is not None else ""


def _signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format_number(value)
    return text if text.startswith("-") or value == 0 else f"+{text}"


def table_row(index: int, row: ValueRow) -> TableRow:
    """Return one formatted row of the indicator table."""
    if row.value is None:
        value = "–"
    elif row.value.value is not None:
        value = _number(row.value.value)
        if row.is_estimate:
            value = f"{value} (ước)"
    else:
        value = clean(row.value.text_value) or "–"
    change = _signed(row.change) or "–"
    if row.change_percent is not None:
        change = f"{change} ({_signed(row.change_percent)}%)"
    return TableRow(
        number=str(index),
        name=clean(row.indicator.name),
        unit=clean(row.indicator.unit),
        value=value,
        previous=_number(row.previous_number) or "–",
        change=change,
        plan=row.comparison.plan_text if row.comparison else "",
        same_period=row.comparison.change_text if row.comparison else "",
    )


def _section_blocks(view: SectionView, *, lead: str = "", dash: bool = False) -> list[Block]:
    """Return a section's paragraphs, each unit's name before its items when consolidated."""
    blocks: list[Block] = [Paragraph(lead)] if lead else []
    current_unit: int | None = None
    texts = [clean(item.text) for item in view.items]
    for position, (item, text) in enumerate(zip(view.items, texts, strict=True)):
        if not text:
            continue
        unit_changed = item.source_unit_id and item.source_unit_id != current_unit
        if unit_changed and item.source_unit is not None:
            current_unit = item.source_unit_id
            blocks.append(Heading(clean(item.source_unit.name), level=3))
        if dash:
            text = text.rstrip(";,. ")
            text = f"- {text}{'.' if position == len(texts) - 1 else ';'}"
        blocks.append(Paragraph(text))
    return blocks


def body_blocks(report: Report, views: list[SectionView], rows: list[ValueRow]) -> list[Block]:
    """Return the body: results, indicators, issues and proposals, then next-period tasks."""
    blocks: list[Block] = []
    part = 0
    results = [v for v in views if v.kind in (Section.Kind.RESULTS, Section.Kind.OTHER)]
    intro = clean(report.intro)
    if results or intro:
        part += 1
        blocks.append(
            Heading(f"{_roman(part)}. KẾT QUẢ THỰC HIỆN NHIỆM VỤ {upper(report.period.label)}")
        )
        if intro:
            blocks.append(Paragraph(intro))
        for number, view in enumerate(results, start=1):
            blocks.append(Heading(f"{number}. {clean(view.title)}", level=2))
            blocks.extend(_section_blocks(view))
    if rows:
        part += 1
        blocks.append(Heading(f"{_roman(part)}. MỘT SỐ CHỈ TIÊU CHỦ YẾU"))
        table = tuple(table_row(i, row) for i, row in enumerate(rows, start=1))
        wide = any(r.plan or r.same_period for r in table)
        blocks.append(
            IndicatorTable(
                rows=table,
                caption=f"Số liệu {report.period.label.lower()} so với kỳ trước",
                headers=IndicatorTable.headers + (("% KH năm", "So cùng kỳ") if wide else ()),
            )
        )
    for kind in (Section.Kind.ISSUES, Section.Kind.PROPOSALS):
        chosen = [v for v in views if v.kind == kind]
        if chosen:
            part += 1
            blocks.append(Heading(f"{_roman(part)}. {PART_TITLES[kind]}"))
            for view in chosen:
                blocks.extend(_section_blocks(view))
    for view in (v for v in views if v.kind == Section.Kind.PLAN):
        part += 1
        title = upper(clean(view.title)).replace("THÁNG TỚI", upper(report.period.next().label))
        blocks.append(Heading(f"{_roman(part)}. {title}"))
        blocks.extend(_section_blocks(view, lead=clean(plan_lead(report)), dash=True))
    return _close(blocks)


def _close(blocks: list[Block]) -> list[Block]:
    """End the body with "./." on its last paragraph."""
    if blocks and isinstance(blocks[-1], Paragraph):
        last = blocks[-1]
        blocks[-1] = Paragraph(end_with_closing(last.text), lead=last.lead)
    else:
        blocks.append(Paragraph("./."))
    return blocks


def _header(report: Report, draft: bool) -> Header:
    unit = report.unit
    governing = clean(unit.header_governing)
    if not governing and draft and unit.level not in TOP_LEVELS:
        governing = NO_GOVERNING
    issuing = upper(clean(unit.name))
    type_code = clean(report.template.doc_type_code) or "BC"
    issuer = clean(unit.doc_code or unit.code)
    place = clean(report.place or unit.place_name)
    if draft or not report.number_text:
        number_line = f"Số:      /{type_code}-{issuer}"
    else:
        number_line = f"Số: {clean(report.number_text)}"
    if report.issued_on and place and not draft:
        date_line = place_date_line(place, report.issued_on)
    else:
        year = (report.issued_on or timezone.localdate()).year
        date_line = f"{place or NO_PLACE}, ngày      tháng      năm {year}"
    return Header(
        governing_body=governing,
        issuing_body=issuing,
        number_line=number_line,
        place_date_line=date_line,
        issuing_rule_mm=layout.rule_under(issuing, layout.LEFT_COLUMN_MM),
        slogan_rule_mm=text_width_mm(SLOGAN, layout.SLOGAN_PT, "bold"),
    )


def _signature(report: Report, draft: bool) -> Signature:
    authority = upper(clean(report.sign_authority))
    title = upper(clean(report.signer_title))
    name = clean(report.signer_name)
    if not title and not authority:
        title = NO_SIGNER_TITLE if draft else ""
    return Signature(authority=authority, title=title, name=name or NO_SIGNER)


def build_document(report: Report) -> OfficialDocument:
    """Return the official document of ``report`` (a draft carries the DỰ THẢO mark).

    A report approved or later prints exactly what was captured when it was approved or
    issued (``documents.records``); only drafts follow live data. An official document is in
    Vietnamese whatever language the person exporting it uses.
    """
    from baocao.documents.records import captured_document

    if is_final(Status(report.status)):
        frozen = captured_document(report)
        if frozen is not None:
            return frozen
    return build_live_document(report)


def build_live_document(report: Report) -> OfficialDocument:
    """Return the document of ``report`` built from live data (drafts, and captures)."""
    with translation.override("vi"):
        return _build_document(report)


def _build_document(report: Report) -> OfficialDocument:
    """Return the official document of ``report``, with Vietnamese active."""
    draft = not is_final(Status(report.status))
    summary = clean(report.title) or NO_TITLE
    doc_type = upper(TYPE_NAMES.get(report.template.doc_type_code, "Báo cáo"))
    recipients = recipient_lines(report.recipients or report.template.recipients)
    return OfficialDocument(
        header=_header(report, draft),
        doc_type=doc_type,
        summary=summary,
        body=tuple(
            body_blocks(report, report_sections(report, include_empty=False), value_rows(report))
        ),
        signature=_signature(report, draft),
        recipients=recipients,
        is_draft=draft,
        summary_rule_mm=layout.summary_rule(summary),
        file_stem=clean(report.file_stem).replace("/", "-") or f"bao-cao-{report.pk}",
        metadata={
            "title": f"{doc_type.title()} {summary}",
            "author": upper(clean(report.unit.name)),
            "mark": DRAFT_MARK if draft else "",
        },
    )
