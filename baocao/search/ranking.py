"""Relevance of a matching entry to a query, computed on the folded text (pure, no database).

Both databases hand back the folded token stream of at most ``COUNT_CAP`` matches, and this
module ranks them, so SQLite and PostgreSQL order the same matches identically. The score is
BM25 (k1 = 1.2, b = 0.75) summed over the query's clauses, a phrase counting as one term that
weighs as many words as it has. Inverse document frequency is left out: every result contains
every clause (AND semantics), so it would only reweigh clauses against each other, and its
exact value needs a scan of every match (what makes FTS5's own bm25() slow on broad queries).
The average length is that of the ranked matches.
"""

from __future__ import annotations

from collections.abc import Sequence

K1 = 1.2
B = 0.75


def occurrences(folded: str, clause: tuple[str, ...]) -> int:
    """Return how many times ``clause`` (a word or a phrase) occurs in a folded text.

    Tokens of a folded text are separated by single spaces. Doubling the spaces lets
    ``str.count`` (non-overlapping) count repeated words ("camera camera") without missing
    one; a phrase that overlaps itself ("a a" in "a a a") counts once per non-overlapping
    occurrence.
    """
    spaced = f" {folded.replace(' ', '  ')} "
    return spaced.count(f" {'  '.join(clause)} ")


def scores(folded_texts: Sequence[str], clauses: Sequence[tuple[str, ...]]) -> list[float]:
    """Return the BM25 score of each folded text (space-separated tokens) for ``clauses``."""
    if not folded_texts:
        return []
    lengths = [text.count(" ") + 1 if text else 0 for text in folded_texts]
    average = max(1.0, sum(lengths) / len(lengths))
    needles = [(f" {'  '.join(clause)} ", len(clause)) for clause in clauses]
    out = []
    for text, length in zip(folded_texts, lengths, strict=True):
        spaced = f" {text.replace(' ', '  ')} "
        norm = K1 * (1 - B + B * length / average)
        total = 0.0
        for needle, weight in needles:
            tf = spaced.count(needle)
            if tf:
                total += weight * tf * (K1 + 1) / (tf + norm)
        out.append(total)
    return out
