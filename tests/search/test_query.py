"""The search box's language: words, phrases, folding, and hostile input (no database)."""

from __future__ import annotations

import pytest

from baocao.search.highlight import snippet
from baocao.search.query import MAX_QUERY_CHARS, QueryError, parse_query
from baocao.search.tokens import folded_document


def test_words_are_folded_without_case_or_diacritics_including_d_bar():
    assert parse_query("Camera GIÁM sát Đồng bộ").clauses == (
        ("camera",),
        ("giam",),
        ("sat",),
        ("dong",),
        ("bo",),
    )


def test_quoted_words_form_a_phrase():
    assert parse_query('"chuyển đổi số" camera').clauses == (("chuyen", "doi", "so"), ("camera",))


def test_typographic_quotes_also_form_a_phrase():
    assert parse_query("“đề án”").clauses == (("de", "an"),)


@pytest.mark.parametrize("raw", ["", "   ", "!!! ... ;;; ---", '"', '""', "*", "((", ":-", "()*:^"])
def test_punctuation_only_gives_an_empty_query(raw):
    assert parse_query(raw).is_empty


@pytest.mark.parametrize(
    "raw",
    [
        "NEAR(camera giam, 2)",
        "camera*",
        "-camera",
        "title:camera",
        'camera" OR "x',
        "'; DROP TABLE reports_report; --",
        "camera) OR (1=1",
        "a AND b OR NOT c",
        "^camera",
    ],
)
def test_fts_syntax_and_sql_become_plain_words(raw):
    parsed = parse_query(raw)
    for clause in parsed.clauses:
        for word in clause:
            assert word.isalnum()
    assert '"' not in "".join(w for c in parsed.clauses for w in c)


def test_a_huge_query_is_refused_with_a_clear_message():
    with pytest.raises(QueryError, match="quá dài"):
        parse_query("camera " * 2000)
    assert len("camera " * 2000) > MAX_QUERY_CHARS


def test_too_many_words_are_refused():
    with pytest.raises(QueryError, match="Quá nhiều"):
        parse_query(" ".join(f"tu{i}" for i in range(40)))


def test_fts5_and_tsquery_expressions_quote_every_clause():
    parsed = parse_query('"giám sát" camera')
    assert parsed.to_fts5() == '"giam sat" AND "camera"'
    assert parsed.to_tsquery() == "(giam <-> sat) & camera"


def test_the_folded_document_separates_numbers_and_symbols_into_words():
    assert folded_document("Nghị định 107/2021/NĐ-CP: 1.234,5 ha") == (
        "nghi dinh 107 2021 nd cp 1 234 5 ha"
    )


def test_snippet_marks_the_original_spans_and_keeps_text_unescaped_for_the_template():
    segments = snippet("Lắp <b>Camera giám sát</b> giao thông", parse_query("camera giam sat"))
    marked = [s.text for s in segments if s.match]
    assert marked == ["Camera giám sát"]
    assert "".join(s.text for s in segments) == "Lắp <b>Camera giám sát</b> giao thông"


def test_snippet_of_a_long_text_starts_near_the_first_match():
    text = "mở đầu " * 100 + "đồng bộ dữ liệu" + " kết thúc" * 100
    segments = snippet(text, parse_query("dong bo"))
    assert segments[0].text == "…" and segments[-1].text == "…"
    assert [s.text for s in segments if s.match] == ["đồng bộ"]
    assert sum(len(s.text) for s in segments) < 300
