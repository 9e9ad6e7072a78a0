"""Each fixture report parses into its hand-checked answer (NNN.json beside NNN.txt/docx/html).

The Word 97–2003 fixtures ``doc/NNN.doc`` share the answer ``NNN.json`` of the report they were
converted from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baocao.parser import parse_file
from baocao.parser.gold import comparable

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parser"
CASES = sorted(
    p for p in [*FIXTURES.iterdir(), *(FIXTURES / "doc").iterdir()]
    if p.suffix in {".txt", ".docx", ".doc", ".html", ".pdf"}
    and (FIXTURES / f"{p.stem}.json").exists()
)  # fmt: skip
ENCODINGS = {"009": "tcvn3", "010": "vni", "011": "utf-16", "012": "cp1258", "017": "tcvn3"}


def test_there_are_at_least_fifteen_fixture_reports():
    assert len(CASES) >= 15


def _name(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@pytest.mark.parametrize("path", CASES, ids=_name)
def test_the_fixture_parses_into_its_answer(path: Path):
    want = json.loads((FIXTURES / f"{path.stem}.json").read_text(encoding="utf-8"))
    got = comparable(parse_file(path).to_dict())
    want.pop("note", None)
    for key in ("period", "agency", "sections", "legal_refs", "quantities", "next_period_tasks"):
        assert got[key] == want[key], key


@pytest.mark.parametrize("path", CASES, ids=_name)
def test_every_span_of_the_fixture_quotes_its_text(path: Path):
    result = parse_file(path)
    quoted = [*result.legal_refs, *result.quantities, *result.zero_facts, *result.preamble]
    quoted += [item for section in result.sections for item in section.items]
    for obj in quoted:
        assert result.text[obj.span[0] : obj.span[1]] == obj.text
    for section in result.sections:
        assert result.text[section.span[0] : section.span[1]] == section.title


@pytest.mark.parametrize(("stem", "encoding"), sorted(ENCODINGS.items()))
def test_the_legacy_fixture_is_detected_and_matches_its_unicode_source(stem: str, encoding: str):
    result = parse_file(FIXTURES / f"{stem}.txt")
    source = (FIXTURES / "sources" / f"{stem}.txt").read_text(encoding="utf-8")
    assert result.encoding == encoding
    converted = f"the text was typed in {encoding.upper()} and was converted"
    assert (converted in result.warnings) == (encoding in ("tcvn3", "vni"))
    # TCVN3 cannot write capitals with tone marks; lines in capitals get them back.
    assert result.text == source
