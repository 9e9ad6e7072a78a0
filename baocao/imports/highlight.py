"""Render a parsed file's text as HTML with its sections, citations and numbers highlighted.

Linear in the size of the text and the number of spans: the spans are sorted once and swept
left to right, so a span is compared only with the end of the last span kept (an earlier
version compared each span with every earlier one: a 1.6 MB file took 32 s). The output is
bounded: at most ``MAX_SPANS`` highlights and ``MAX_SHOWN_CHARS`` characters of text; the
caller says what was left out. The import computes it once, at upload, and stores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from baocao.parser.model import LegalRef, ParseResult, Quantity, Section, ZeroFact

# Earlier kinds win where spans overlap: (css class, title) of the sections, cited documents,
# numbers and zero facts, in that order (``_candidates``).
KINDS = (
    ("hl-section", "Lĩnh vực"),
    ("hl-cite", "Văn bản"),
    ("hl-qty", "Số liệu"),
    ("hl-qty", "Số liệu bằng 0"),
)
MAX_SPANS = 5_000
MAX_SHOWN_CHARS = 300_000


@dataclass
class Highlighted:
    """The HTML of a highlighted text and what was left out of it."""

    html: SafeString
    shown_chars: int
    total_chars: int
    spans: int
    comparisons: int  # span comparisons made: linear in the number of spans (tests count them)

    @property
    def truncated(self) -> bool:
        """Tell whether the text was cut or some highlights were left out."""
        return self.shown_chars < self.total_chars or self.spans >= MAX_SPANS


def _candidates(parsed: ParseResult, limit: int) -> list[tuple[int, int, int, str, str]]:
    """Return (start, kind rank, -end, css, label) of the spans inside ``[0, limit)``."""
    found: tuple[Sequence[Section | LegalRef | Quantity | ZeroFact], ...] = (
        parsed.sections,
        parsed.legal_refs,
        parsed.quantities,
        parsed.zero_facts,
    )
    out = []
    for rank, (things, (css, label)) in enumerate(zip(found, KINDS, strict=True)):
        for thing in things:
            start, end = thing.span
            if 0 <= start < end <= limit:
                out.append((start, rank, -end, css, label))
    return out


def highlight(
    text: str,
    parsed: ParseResult,
    *,
    max_spans: int = MAX_SPANS,
    max_chars: int = MAX_SHOWN_CHARS,
) -> Highlighted:
    """Return ``text`` (its first ``max_chars`` characters) escaped, with <mark> around spans.

    Where spans overlap, the one starting first wins, then the earlier kind, then the longer.
    """
    shown = text[:max_chars]
    spans = _candidates(parsed, len(shown))
    spans.sort()  # by start, then kind, then longest first
    out: list[str] = []
    pos = 0  # end of the last span kept
    kept = comparisons = 0
    for start, _rank, neg_end, css, label in spans:
        comparisons += 1
        if start < pos:
            continue  # overlaps the last span kept
        if kept >= max_spans:
            break
        end = -neg_end
        out.append(escape(shown[pos:start]))
        out.append(f'<mark class="{css}" title="{label}">{escape(shown[start:end])}</mark>')
        pos = end
        kept += 1
    out.append(escape(shown[pos:]))
    return Highlighted(mark_safe("".join(out)), len(shown), len(text), kept, comparisons)
