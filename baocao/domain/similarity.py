"""Similarity of Vietnamese task texts, for plan follow-through (theo dõi thực hiện nhiệm vụ).

A next-period task ("Tiếp tục triển khai Camera giám sát giao thông") is matched against the
next period's result items ("Đã lắp đặt 20 camera giám sát giao thông tại TP Thái Bình").
Texts are folded (lower case, no diacritics, đ→d) and stripped of the verbs and fillers every
task starts with, then compared by rapidfuzz's token-set ratio blended with word overlap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from baocao.domain.text import fold

# Folded words and phrases that say nothing about which task is meant.
_STOPWORDS_TEXT = """
    tiep tuc trien khai thuc hien hoan to chuc tham muu xay dung day manh tang cuong
    cac cua va cho voi trong tai theo de ve nham tren duoc da dang se la mot nhung nay do
    viec cong tac nhiem vu ke hoach hoat dong tinh so ubnd don vi thang quy nam ky toi
    dam phoi hop huong dan ban hanh trinh
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")

DONE_THRESHOLD = 60.0
"""Scores at or above this are suggested as a match; below, the task is "not reported"."""


def tokens(text: str) -> list[str]:
    """Return the content words of ``text``, folded, stopwords and 1-letter words removed."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1]


def score(plan: str, result: str) -> float:
    """Return how likely ``result`` reports on the task ``plan``, from 0 to 100."""
    a, b = tokens(plan), tokens(result)
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    overlap = 100.0 * len(set_a & set_b) / len(set_a)
    ratio = fuzz.token_set_ratio(" ".join(a), " ".join(b))
    return round(0.5 * overlap + 0.5 * ratio, 1)


@dataclass(frozen=True)
class Suggestion:
    """The best result item for one planned task: its index in the results and the score."""

    plan_index: int
    result_index: int | None
    score: float


def suggest(
    plans: Sequence[str], results: Sequence[str], threshold: float = DONE_THRESHOLD
) -> list[Suggestion]:
    """Return, for each planned task, the best-scoring result item above ``threshold``.

    Pairs are assigned greedily, best score first, so one result item answers one task.
    """
    folded_results = [tokens(r) for r in results]
    pairs = []
    for i, plan in enumerate(plans):
        for j, result in enumerate(results):
            if folded_results[j]:
                value = score(plan, result)
                if value >= threshold:
                    pairs.append((value, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    chosen: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for value, i, j in pairs:
        if i in chosen or j in used:
            continue
        chosen[i] = (j, value)
        used.add(j)
    return [
        Suggestion(i, chosen[i][0], chosen[i][1]) if i in chosen else Suggestion(i, None, 0.0)
        for i in range(len(plans))
    ]
