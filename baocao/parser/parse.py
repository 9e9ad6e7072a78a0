"""Parse a report's text or file into the output contract (see docs/parser.md)."""

from __future__ import annotations

import gc
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from baocao.parser.encodings import fix_legacy_text
from baocao.parser.layout import Layout, find_layout
from baocao.parser.legal_refs import parse_citations
from baocao.parser.loaders import DEFAULT_MAX_BYTES, load_file
from baocao.parser.model import Item, NextPeriod, ParseResult, Period
from baocao.parser.names import name_end, title_case_name
from baocao.parser.normalize import canonical_text, fold
from baocao.parser.periods import find_periods, first_period, is_after, next_period
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
    result.period = _report_period(layout, body_lines, text)
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
        result.warnings.append("no reporting period was found in the title")
    if not result.sections:
        result.warnings.append("no sections were found")
    return result


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Read and parse one report file (.txt, .docx, .doc, .pdf, .html); raise a ParseError."""
    loaded = load_file(path, max_bytes=max_bytes)
    return parse_text(loaded.text, source=os.fspath(path), encoding=loaded.encoding)


def _report_period(layout: Layout, body_lines: Sequence[object], text: str) -> Period:
    if layout.title:
        found = first_period(layout.title, layout.date_year)
        if found is not None:
            return found
    lines = layout.lines[layout.body_first : layout.body_first + 3]
    for line in lines:
        found = first_period(line.text[:400], layout.date_year)
        if found is not None and found.year is not None:
            return found
    return Period("other", layout.date_year)


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


def _next_period(result: ParseResult) -> NextPeriod:
    plan = [s for s in result.sections if s.kind == "plan"]
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
    issuers = [line for line in layout.issuer_lines if not fold(line).startswith("cong hoa")]
    if issuers:
        upper = issuers[-1]
        if len(issuers) > 1 and _LEVEL_START.match(fold(upper)):
            upper = f"{issuers[-2]} {upper}"
        wanted = fold(upper)
        folded = fold(text[start:end])
        at = folded.find(wanted)
        while at >= 0:
            first = start + at
            if text[first].isupper() and (first == 0 or not text[first - 1].isalnum()):
                return text[first : first + len(upper)]
            at = folded.find(wanted, at + 1)
        return title_case_name(upper)
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
