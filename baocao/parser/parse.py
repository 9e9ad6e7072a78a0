"""Parse a report's text or file into the output contract (see docs/parser.md)."""

from __future__ import annotations

import gc
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from baocao.parser.encodings import fix_legacy_text
from baocao.parser.layout import Layout, find_layout
from baocao.parser.legal_refs import parse_citations
from baocao.parser.loaders import DEFAULT_MAX_BYTES, load_file
from baocao.parser.model import (
    DocumentInfo,
    Item,
    NextPeriod,
    ParseResult,
    Period,
    PeriodSource,
)
from baocao.parser.names import name_end, title_case_name
from baocao.parser.normalize import canonical_text, fold
from baocao.parser.periods import find_periods, first_period, is_after, next_period, year_in
from baocao.parser.quantities import find_quantities, find_zero_facts
from baocao.parser.segment import segment
from baocao.parser.tables import find_table_quantities

_ORG_START = re.compile(
    r"(?<!\w)(?i:Sở|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Phòng|Ban|Chi cục|Trung tâm|"
    r"Văn phòng|Thanh tra|Công an|Đảng ủy|Đảng uỷ|Hội đồng nhân dân|HĐND|Cục|Bộ)[ \t]"
)
_NOT_SUBJECT = re.compile(
    r"(?:của|với|cho|theo|tới|gửi|đề nghị|và|các|tại|thuộc|trình|tham mưu|phối hợp)[ \t]*$",
    re.IGNORECASE,
)
_LEVEL_START = re.compile(r"(?:tinh|huyen|xa|thanh pho|thi xa|quan|phuong|thi tran)\s")
_TITLE_OF = re.compile(r"(?<!\w)của[ \t]+")
_AGENCY_SCAN_CHARS = 1500
# An issuing body named without its parent ("VĂN PHÒNG" under "UBND TỈNH KHÁNH HÒA").
_BARE_BODIES = frozenset({"van phong"})
_ABBREVIATED_HEADS = ((re.compile(r"^BCH\b"), "BAN CHẤP HÀNH"),)


def _expand(upper: str) -> str:
    for pattern, full in _ABBREVIATED_HEADS:
        upper = pattern.sub(full, upper)
    return upper


# Encodings a loader converts from; the result warns that the text was converted.
_LEGACY_ENCODINGS = frozenset({"tcvn3", "vni"})


def parse_text(text: str, source: str = "", encoding: str = "utf-8") -> ParseResult:
    """Parse the text of one report; spans refer to ``result.text`` (canonical NFC text)."""
    with _collector_paused():
        return _parse_text(text, source, encoding)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a report is parsed, if it runs.

    The parser makes tens of thousands of small objects (lines, items, quantities) and no
    reference cycles; every few hundred new objects the collector would walk all the live
    ones again, for nothing (some 7 % of the time on a big report). It is turned back on
    afterwards, and left alone when it is already off (a parse running in another thread).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _parse_text(text: str, source: str, encoding: str) -> ParseResult:
    text = canonical_text(text)
    fixed, legacy = fix_legacy_text(text)
    legacy = legacy or (encoding if encoding in _LEGACY_ENCODINGS else None)
    result = ParseResult(source=source, encoding=legacy or encoding, text=fixed)
    if legacy:
        result.warnings.append(f"the text was typed in {legacy.upper()} and was converted")
    text = fixed
    layout = find_layout(text)
    result.title = layout.title
    body_lines = layout.lines[layout.body_first : layout.body_last]
    result.period, result.period_source = _report_period(layout)
    result.document = _document(layout)
    region_start = layout.title_span[0] if layout.title_span else (
        body_lines[0].start if body_lines else len(text))  # fmt: skip
    region_end = body_lines[-1].end if body_lines else region_start
    result.legal_refs = parse_citations(text, region_start, region_end)
    ref_spans = [ref.span for ref in result.legal_refs]
    result.quantities = sorted(
        find_quantities(text, region_start, region_end, exclude=ref_spans)
        + find_table_quantities(text, body_lines),
        key=lambda q: q.span,
    )
    result.zero_facts = find_zero_facts(text, region_start, region_end)
    body = segment(text, body_lines, result.period)
    result.sections = body.sections
    result.preamble = body.preamble
    _link(result)
    result.agency = _agency(layout, text, region_start, region_end)
    result.next_period = _next_period(result)
    if result.title is None:
        result.warnings.append("no title line was found")
    if result.period is None or result.period.kind == "other":
        if result.period_source.period is None and layout.doc_type in _NO_PERIOD_TYPES:
            result.warnings.append(
                f"a {layout.doc_type.lower()} covers no reporting period; none was read"
            )
        else:
            result.warnings.append("no reporting period was found in the title")
    elif result.period.year is None:
        result.warnings.append("the year of the reporting period could not be read")
    elif not result.period_source.certain:
        result.warnings.append(
            f"the year of the reporting period was taken from the {result.period_source.year}; "
            "check it"
        )
    if not result.sections:
        result.warnings.append("no sections were found")
    return result


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Read and parse one report file (.txt, .docx, .doc, .pdf, .html); raise a ParseError."""
    loaded = load_file(path, max_bytes=max_bytes)
    return parse_text(loaded.text, source=os.fspath(path), encoding=loaded.encoding)


# Documents that cover no reporting period: decisions, letters, notices ... A date in them
# is not a period; only a title that speaks of reporting or of work to do names one
# ("V/v đăng ký nhiệm vụ trọng tâm tháng 10 năm 2023").
_NO_PERIOD_TYPES = frozenset({
    "Quyết định", "Chỉ thị", "Công văn", "Thông báo", "Tờ trình", "Quy chế", "Quy định",
    "Nghị quyết", "Hướng dẫn", "Đề án", "Biên bản", "Giấy mời", "Công điện", "Thông tư",
    "Nghị định",
})  # fmt: skip
_REPORTING_WORDS = re.compile(
    r"\b(?:bao cao|ket qua|tinh hinh|nhiem vu|phuong huong|so ket|tong ket|"
    r"(?:ke hoach|chuong trinh|lich) cong tac)\b"
)
_REPORT_TITLE = re.compile(
    r"^(?:bao cao|ket qua|tinh hinh|tong ket|so ket|danh gia|thuc hien|hoat dong|cong tac)\b"
)
_NUMBER_YEAR = re.compile(r"/((?:19|20)\d\d)/")
_BODY_PERIOD_LINES = 3


def _report_period(layout: Layout) -> tuple[Period, PeriodSource]:
    """Return the report's period and where it and its year were read; never guessed."""
    if layout.doc_type in _NO_PERIOD_TYPES and not (
        layout.title and _REPORTING_WORDS.search(fold(layout.title))
    ):
        return Period("other", None), PeriodSource()
    found: Period | None = None
    source = PeriodSource()
    if layout.title:
        found = first_period(layout.title)
        if found is not None:
            source.period = "title"
            if found.year is not None:
                source.year = "title"
            else:
                year = year_in(layout.title)
                if year is not None:
                    found, source.year = replace(found, year=year), "title"
    body = layout.lines[layout.body_first : layout.body_first + _BODY_PERIOD_LINES]
    if found is None and layout.doc_type not in _NO_PERIOD_TYPES:
        for line in body:
            candidate = first_period(line.text[:400])
            if candidate is not None and candidate.year is not None:
                found, source = candidate, PeriodSource("body", "body")
                break
    if found is None:
        return Period("other", None), PeriodSource()
    if found.year is None:
        year, where = _year_elsewhere(layout, found, body)
        found, source.year = replace(found, year=year), where
    return found, source


def _year_elsewhere(
    layout: Layout, period: Period, body: Sequence[object]
) -> tuple[int | None, str | None]:
    """Return the year of a period whose phrase has none: number, date line, body."""
    if layout.number:
        match = _NUMBER_YEAR.search("/" + layout.number)
        if match:
            return int(match.group(1)), "number"
    if layout.date_year is not None:
        year = layout.date_year
        # A report is written during or after its period: a December report dated in
        # January belongs to the year before.
        if layout.date_month is not None:
            dated = Period("month", year, month=layout.date_month)
            if replace(period, year=year).first_month_index() > dated.first_month_index():
                year -= 1
        return year, "date line"
    for line in body:
        for found in find_periods(getattr(line, "text", "")[:400]):
            if found.period.year is not None:
                return found.period.year, "body"
    return None, None


def _document(layout: Layout) -> DocumentInfo:
    issuers = _issuers(layout)
    return DocumentInfo(
        doc_type=layout.doc_type,
        number=layout.number,
        date=layout.date,
        place=layout.place,
        governing_body=issuers[-2] if len(issuers) > 1 else None,
        issuing_body=issuers[-1] if issuers else None,
    )


def _issuers(layout: Layout) -> list[str]:
    """Return the header's body lines, without the national and the organisations' mottos."""
    return [
        line for line in layout.issuer_lines
        if not fold(line).startswith("cong hoa") and not fold(line).rstrip().endswith("viet nam")
    ]  # fmt: skip


def _link(result: ParseResult) -> None:
    """Point each item at the citations and quantities inside it (those starting in its span)."""
    ref_starts = [ref.span[0] for ref in result.legal_refs]
    q_starts = [q.span[0] for q in result.quantities]
    items: list[Item] = list(result.preamble)
    for section in result.sections:
        items.extend(section.items)
    for item in items:
        first, end = item.span
        last = end - 1
        lo, hi = bisect_left(ref_starts, first), bisect_right(ref_starts, last)
        if lo < hi:  # (else the item keeps its empty list)
            item.legal_refs = list(range(lo, hi))
        lo, hi = bisect_left(q_starts, first), bisect_right(q_starts, last)
        if lo < hi:
            item.quantities = list(range(lo, hi))


_TASK_LIST_TITLE = re.compile(
    r"\b(?:nhiem vu|(?:ke hoach|chuong trinh|lich) cong tac|cong viec trong tam)\b"
)
_RESULTS_TITLE = re.compile(r"\b(?:ket qua|tinh hinh|bao cao|tong ket|so ket|danh gia)\b")
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•+*]|\d{1,2}[.)]|[a-zđ]\))\s*$")


def _is_task_list(result: ParseResult) -> bool:
    """Tell whether the document itself is a list of tasks for a period ahead."""
    title = fold(result.title or "")
    return bool(
        result.period is not None
        and result.period.kind != "other"
        and _TASK_LIST_TITLE.search(title)
        and not _RESULTS_TITLE.search(title)
    )


def _listed(text: str, item: Item) -> bool:
    """Tell whether an item is an entry of a list (after a bullet or a number on its line)."""
    line_start = text.rfind("\n", 0, item.span[0]) + 1
    return bool(_LIST_MARKER.match(text[line_start : item.span[0]]))


def _next_period(result: ParseResult) -> NextPeriod:
    plan = [s for s in result.sections if s.kind == "plan"]
    if not plan and _is_task_list(result):
        items = [i for i in result.preamble if _listed(result.text, i)]
        for section in result.sections:
            if section.kind in ("results", "plan"):
                items.extend(i for i in section.items if _listed(result.text, i))
        return NextPeriod(result.period, [item.text for item in items])
    if not plan:
        return NextPeriod(None, [])
    tasks = [item.text for section in plan for item in section.items]
    report = result.period
    period: Period | None = None
    for section in plan:
        for found in find_periods(section.title, report.year if report else None):
            if report is None or report.kind == "other" or is_after(found.period, report):
                period = found.period
                break
        if period is not None:
            break
    if period is None and report is not None and report.kind != "other":
        period = next_period(report)
    return NextPeriod(period, tasks)


def _agency(layout: Layout, text: str, start: int, end: int) -> str | None:
    """Return the reporting body as the text states it, else None."""
    issuers = _issuers(layout)
    if issuers:
        upper = _expand(issuers[-1])
        if len(issuers) > 1 and (
            _LEVEL_START.match(fold(upper)) or fold(upper).strip() in _BARE_BODIES
        ):
            upper = f"{upper} {issuers[-2]}" if fold(upper).strip() in _BARE_BODIES else (
                f"{issuers[-2]} {upper}")  # fmt: skip
        wanted = fold(upper)
        folded = fold(text[start:end])
        at = folded.find(wanted)
        while at >= 0:
            first = start + at
            written = text[first : first + len(upper)]
            if (
                text[first].isupper()
                and (first == 0 or not text[first - 1].isalnum())
                and not written.isupper()
            ):
                return text[first : first + len(upper)]
            at = folded.find(wanted, at + 1)
        return title_case_name(upper)
    if (
        layout.doc_type is None
        and not layout.header_lines
        and not (layout.title and _REPORT_TITLE.match(fold(layout.title)))
    ):
        return None  # a news item or a note: no body issued it
    if layout.title:
        of = _TITLE_OF.search(layout.title)
        if of:
            stop = name_end(layout.title, of.end())
            if stop > of.end():
                return layout.title[of.end() : stop]
    for match in _ORG_START.finditer(text, start, min(end, start + _AGENCY_SCAN_CHARS)):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 20) : match.start()]
        if _NOT_SUBJECT.search(before):
            continue
        stop = name_end(text, match.start())
        if stop > match.end():
            name = text[match.start() : stop]
            return title_case_name(name) if name.isupper() else name
    return None
