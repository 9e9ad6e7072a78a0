"""The pure-Python parser of legacy report files (no Django here; see docs/parser.md)."""

from __future__ import annotations

from baocao.parser.errors import ParseError
from baocao.parser.legal_refs import find_short_mentions, parse_citations, short_mention
from baocao.parser.model import LegalRef, ParseResult, Quantity, ShortMention
from baocao.parser.parse import parse_file, parse_text

__all__ = [
    "LegalRef",
    "ParseError",
    "ParseResult",
    "Quantity",
    "ShortMention",
    "find_short_mentions",
    "parse_citations",
    "parse_file",
    "parse_text",
    "short_mention",
]
