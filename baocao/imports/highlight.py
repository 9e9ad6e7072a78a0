"""Render a parsed file's text as HTML with its sections, citations and numbers highlighted."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Earlier kinds win where spans overlap.
KINDS = (("sections", "hl-section", "Lĩnh vực"), ("legal_refs", "hl-cite", "Văn bản"),
         ("quantities", "hl-qty", "Số liệu"), ("zero_facts", "hl-qty", "Số liệu bằng 0"))


def highlighted(text: str, parsed: dict[str, Any]) -> SafeString:
    """Return ``text`` escaped, with <mark> around every found span (no overlaps)."""
    spans: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for key, css, label in KINDS:
        for entry in parsed.get(key, []):
            span = entry.get("span")
            if not span or len(span) != 2:
                continue
            start, end = int(span[0]), int(span[1])
            if not 0 <= start < end <= len(text):
                continue
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            spans.append((start, end, css, label))
    spans.sort()
    out, pos = [], 0
    for start, end, css, label in spans:
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{css}" title="{label}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))
