"""Relevance on the folded text (pure) and how search() pages, ranks and caps the matches."""

from __future__ import annotations

import pytest

from baocao.search.query import parse_query
from baocao.search.ranking import occurrences, scores
from baocao.search.tokens import folded_document


def test_occurrences_count_repeated_words_and_phrases():
    text = folded_document("Camera, camera giám sát camera; giám sát")
    assert occurrences(text, ("camera",)) == 3
    assert occurrences(text, ("giam", "sat")) == 2
    assert occurrences(text, ("sat", "camera")) == 1
    assert occurrences(text, ("came",)) == 0


def test_more_occurrences_and_shorter_texts_rank_higher():
    clauses = parse_query("camera").clauses
    many, once, long_once = scores(
        [
            "camera camera giam sat camera",
            "trien khai camera",
            "trien khai camera tai cac so ban nganh tren dia ban tinh dat ke hoach",
        ],
        clauses,
    )
    assert many > once > long_once > 0


def test_a_phrase_weighs_as_many_words_as_it_has():
    one, two = scores(["giam sat camera", "giam sat camera"], [("camera",), ("giam", "sat")])
    assert one == two
    single, phrase = (scores(["giam sat x"], [c])[0] for c in [("giam",), ("giam", "sat")])
    assert phrase == pytest.approx(2 * single)


def test_words_tsquery_loosens_phrases_to_their_words():
    parsed = parse_query('"giám sát" camera giám')
    assert parsed.has_phrase and " & ".join(parsed.loose_words()) == "giam & sat & camera"
    assert not parse_query("camera").has_phrase


@pytest.mark.django_db
def test_ties_go_to_the_newest_period_then_the_newest_entry(template, unit, reporter):
    from baocao.reports.services import create_report
    from baocao.search.selectors import search
    from tests.search.conftest import write

    older = create_report(unit=unit, template=template, period="2022-01", by=reporter)
    newer = create_report(unit=unit, template=template, period="2022-03", by=reporter)
    write(newer, reporter, "Triển khai camera.")
    write(older, reporter, "Triển khai camera.", "Lắp camera.")
    hits = search(reporter, "trien khai camera").hits
    assert [h.report.pk for h in hits] == [newer.pk, older.pk]
    assert [h.text for h in search(reporter, "camera").hits][:2] == [
        "Lắp camera.",
        "Triển khai camera.",
    ]  # shorter first, then the newer period
