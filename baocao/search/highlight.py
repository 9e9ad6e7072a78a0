"""Cut a snippet around the matches of a query and mark them, on the original text (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from baocao.search.query import ParsedQuery
from baocao.search.tokens import Token, tokenize

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Segment:
    """A piece of the snippet's original text; ``match`` pieces are highlighted."""

    text: str
    match: bool


def match_spans(text: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Return the spans of ``text`` where a word or phrase of ``query`` occurs, merged."""
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    folded = [token.folded for token in tokens]
    for clause in query.clauses:
        first, size = clause[0], len(clause)
        for i, word in enumerate(folded):
            if word == first and tuple(folded[i : i + size]) == clause:
                spans.append((tokens[i].start, tokens[i + size - 1].end))
    return _merge(text, spans)


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping spans and those separated only by spaces ("Camera giám sát")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """Return a window of about ``size`` characters starting a little before the first match."""
    if len(text) <= size:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - size // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 20 else end
    return start, end


def snippet(text: str, query: ParsedQuery, size: int = SNIPPET_CHARS) -> list[Segment]:
    """Return the snippet of ``text`` around the first match as plain and matched segments.

    Segments hold the original (unescaped) text: templates escape it when they render it.
    """
    spans = match_spans(text, query)
    start, end = _window(text, spans, size)
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("…", False))
    pos = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start > pos:
            segments.append(Segment(text[pos:span_start], False))
        segments.append(Segment(text[span_start:span_end], True))
        pos = span_end
    if pos < end:
        segments.append(Segment(text[pos:end], False))
    if end < len(text):
        segments.append(Segment("…", False))
    return segments


__all__ = ["Segment", "Token", "match_spans", "snippet"]
