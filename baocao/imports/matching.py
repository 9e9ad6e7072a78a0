"""Match a parsed report onto a template: sections by title, quantities onto indicators.

Pure functions over plain data (no database), so the CLI, the browser preview and the tests
share one rule. Similarity is computed on diacritic-folded Vietnamese (đ folded too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from baocao.domain.text import fold

# Confidence at or above which a quantity is stored without review.
AUTO_CONFIDENCE = 0.75
SECTION_THRESHOLD = 60.0

_LEAD = re.compile(
    r"^(?:[ivxlc]+[.)]|\d+(?:\.\d+)*[.)]?|[a-zđ][.)]|[-–•+*])?\s*"
    r"(?:ve|cong tac|linh vuc|ket qua)?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SectionSpec:
    """A template section, as the matcher needs it."""

    id: int
    title: str
    kind: str


@dataclass(frozen=True)
class IndicatorSpec:
    """A template indicator, as the matcher needs it."""

    id: int
    name: str
    unit: str
    synonyms: tuple[str, ...] = ()
    numeric: bool = True


@dataclass(frozen=True)
class Suggestion:
    """The indicator suggested for one quantity, with a confidence in [0, 1]."""

    indicator_id: int | None
    confidence: float

    @property
    def needs_review(self) -> bool:
        """Return whether a person must confirm the mapping before it is stored."""
        return self.indicator_id is None or self.confidence < AUTO_CONFIDENCE


def _core(title: str) -> str:
    return _LEAD.sub("", fold(title)).strip(" :.-")


def match_section(title: str, kind: str, sections: list[SectionSpec]) -> int | None:
    """Return the id of the template section a parsed heading belongs to, or None."""
    if kind == "plan":
        plan = [s for s in sections if s.kind == "plan"]
        return plan[0].id if plan else None
    best, best_score = None, SECTION_THRESHOLD
    core = _core(title)
    for section in sections:
        if section.kind == "plan":
            continue
        score = fuzz.token_set_ratio(core, _core(section.title))
        if score > best_score:
            best, best_score = section.id, score
    return best


def suggest_indicator(unit: str, context: str, indicators: list[IndicatorSpec]) -> Suggestion:
    """Suggest the indicator a quantity with ``unit``, said in ``context``, measures."""
    unit_f, context_f = fold(unit), fold(context)
    best = Suggestion(None, 0.0)
    for indicator in indicators:
        if not indicator.numeric:
            continue
        ind_unit = fold(indicator.unit)
        if not ind_unit:
            continue
        if unit_f == ind_unit:
            score = 0.6
        elif unit_f.startswith(ind_unit + " ") or ind_unit.startswith(unit_f + " "):
            score = 0.45
        else:
            continue
        synonyms = [fold(s) for s in indicator.synonyms if s.strip()]
        if any(s and (s == unit_f or s in context_f) for s in synonyms):
            score += 0.25
        score += 0.15 * fuzz.token_set_ratio(fold(indicator.name), context_f) / 100
        confidence = round(min(score, 1.0), 2)
        if confidence > best.confidence:
            best = Suggestion(indicator.id, confidence)
        elif confidence == best.confidence and best.indicator_id is not None:
            best = Suggestion(best.indicator_id, round(confidence - 0.2, 2))  # ambiguous
    return best
