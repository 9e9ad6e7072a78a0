"""Compare parse results with hand-made gold answers and score them (tests and benchmarks).

A gold answer has the keys of the shared sample's gold file: ``period``, ``agency``,
``sections`` (titles), ``legal_refs``, ``quantities`` and ``next_period_tasks``; keys named
``note`` are comments. A parse result's dictionary is brought to the same shape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

REF_FIELDS = ("text", "doc_type", "number", "year", "symbol", "date", "issuer")
PERIOD_FIELDS = ("kind", "year", "month", "quarter", "half")
DOCUMENT_FIELDS = ("doc_type", "number", "date")
QUANTITY_FIELDS = ("text", "value", "unit", "value_min", "value_max", "denominator")


def _drop_notes(obj: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: obj[k] for k in fields if k in obj and not (k != "value" and obj[k] is None
            and k in ("value_min", "value_max", "denominator"))}  # fmt: skip


def comparable(answer: dict[str, Any]) -> dict[str, Any]:
    """Return a gold answer or a parse result's dictionary in the shape of gold answers."""
    if "next_period_tasks" in answer:
        tasks = list(answer["next_period_tasks"])
        titles = list(answer["sections"])
    else:
        tasks = list((answer.get("next_period") or {}).get("tasks") or [])
        titles = [section["title"] for section in answer["sections"]]
    period = answer.get("period")
    document = answer.get("document") or {}
    return {
        "period": {k: period.get(k) for k in PERIOD_FIELDS if k in period} if period else None,
        "agency": answer.get("agency"),
        "document": {k: document.get(k) for k in DOCUMENT_FIELDS},
        "sections": titles,
        "legal_refs": [_drop_notes(ref, REF_FIELDS) for ref in answer["legal_refs"]],
        "quantities": [_drop_notes(q, QUANTITY_FIELDS) for q in answer["quantities"]],
        "next_period_tasks": tasks,
    }


@dataclass
class Tally:
    """True positives, false positives and false negatives of one kind of finding."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: Iterable[Hashable], want: Iterable[Hashable]) -> None:
        """Count matches between two multisets of keys."""
        g, w = Counter(got), Counter(want)
        common = sum((g & w).values())
        self.tp += common
        self.fp += sum(g.values()) - common
        self.fn += sum(w.values()) - common

    @property
    def precision(self) -> float:
        """Return tp / (tp + fp), 1.0 when nothing was found or expected."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return tp / (tp + fn), 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Scores over a set of documents."""

    citations: Tally
    quantities: Tally
    sections: Tally
    tasks: Tally
    periods_right: int = 0
    documents: int = 0
    metadata_right: int = 0  # agency, type, number and date, counted field by field
    metadata_fields: int = 0
    period_misses: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls) -> Score:
        """Return a score with nothing counted."""
        return cls(Tally(), Tally(), Tally(), Tally())

    def add(self, got: dict[str, Any], want: dict[str, Any], name: str = "") -> None:
        """Score one parse result against its gold answer."""
        g, w = comparable(got), comparable(want)
        if "document" in want:  # answers written with the document's metadata
            pairs = [(g["agency"], w["agency"])]
            pairs += [(g["document"][k], w["document"][k]) for k in DOCUMENT_FIELDS]
            self.metadata_fields += len(pairs)
            self.metadata_right += sum(a == b for a, b in pairs)
        self.citations.add(map(_ref_key, g["legal_refs"]), map(_ref_key, w["legal_refs"]))
        self.quantities.add(
            map(_quantity_key, g["quantities"]), map(_quantity_key, w["quantities"])
        )
        self.sections.add(g["sections"], w["sections"])
        self.tasks.add(g["next_period_tasks"], w["next_period_tasks"])
        right = g["period"] == w["period"]
        self.periods_right += int(right)
        if not right:
            self.period_misses.append(f"{name}: got {g['period']}, want {w['period']}")
        self.documents += 1

    @property
    def period_accuracy(self) -> float:
        """Return the share of documents whose period is right."""
        return self.periods_right / self.documents if self.documents else 1.0


def _ref_key(ref: dict[str, Any]) -> Hashable:
    return (ref.get("doc_type"), ref.get("number"), ref.get("year"), ref.get("symbol"))


def _quantity_key(q: dict[str, Any]) -> Hashable:
    return (q.get("value"), q.get("value_min"), q.get("value_max"), q.get("unit"))
