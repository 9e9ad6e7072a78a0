"""Parse what a user types in the search box into terms and phrases (pure, no database).

Words match anywhere in a text, in any order; words in double quotes match as a phrase.
Case and diacritics never matter (đ included). Everything that is not a letter or a digit
separates words, so FTS syntax ("NEAR(", "*", "-", ":") and SQL fragments are only words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from baocao.domain.text import nfc
from baocao.search.tokens import tokenize

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 12
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]*)[\"“”„«»]?")


class QueryError(ValueError):
    """Raise when a query cannot be searched; the message is shown to the user."""


@dataclass(frozen=True)
class ParsedQuery:
    """A search query: every clause must match; a clause is a word or a phrase of words."""

    clauses: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        """Return whether the query has nothing to search for."""
        return not self.clauses

    def words(self) -> set[str]:
        """Return every folded word of the query."""
        return {word for clause in self.clauses for word in clause}

    def to_fts5(self) -> str:
        """Return an FTS5 MATCH expression: each clause a quoted string, all ANDed.

        Words are letters and digits only, so quoting them is enough to keep FTS5 syntax out.
        """
        return " AND ".join('"' + " ".join(clause) + '"' for clause in self.clauses)

    def to_tsquery(self) -> str:
        """Return a PostgreSQL tsquery: phrases with ``<->``, clauses with ``&``."""
        parts = []
        for clause in self.clauses:
            body = " <-> ".join(clause)
            parts.append(f"({body})" if len(clause) > 1 else body)
        return " & ".join(parts)

    @property
    def has_phrase(self) -> bool:
        """Return whether a clause is a phrase of several words."""
        return any(len(clause) > 1 for clause in self.clauses)

    def loose_words(self) -> list[str]:
        """Return every word once, in order, phrases loosened to their words.

        ANDed, they match a superset of ``to_tsquery()`` and need no word positions, so a GIN
        index answers them exactly (no recheck of the table rows); the phrases are checked
        afterwards.
        """
        return list(dict.fromkeys(word for clause in self.clauses for word in clause))


def parse_query(raw: str) -> ParsedQuery:
    """Return the clauses of ``raw``; raise QueryError when it is too long to be a search."""
    text = nfc(raw or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"Từ khóa quá dài: tối đa {MAX_QUERY_CHARS} ký tự, hãy rút gọn nội dung cần tìm."
        )
    clauses: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()

    def add(clause: tuple[str, ...]) -> None:
        if clause and clause not in seen:
            seen.add(clause)
            clauses.append(clause)

    rest = []
    pos = 0
    for match in _QUOTED.finditer(text):
        rest.append(text[pos : match.start()])
        add(tuple(token.folded for token in tokenize(match.group(1))))
        pos = match.end()
    rest.append(text[pos:])
    for chunk in rest:
        for token in tokenize(chunk):
            add((token.folded,))
    if len(clauses) > MAX_CLAUSES:
        raise QueryError(f"Quá nhiều từ khóa: tối đa {MAX_CLAUSES} từ hoặc cụm từ.")
    return ParsedQuery(tuple(clauses))
