"""Full-text search as users rely on it, on whichever database runs the suite."""

from __future__ import annotations

import pytest

from baocao.core.errors import Invalid
from baocao.reports.selectors import visible_reports
from baocao.reports.services import return_report, submit_report
from baocao.search.selectors import search
from tests.search.conftest import write

pytestmark = pytest.mark.django_db


def texts(page) -> list[str]:
    return [hit.text for hit in page.hits]


def test_it_finds_an_item_without_diacritics_or_case(draft, reporter):
    page = search(reporter, "camera giam sat")
    assert texts(page) == ["Tiếp tục triển khai Camera giám sát giao thông."]
    assert page.total == 1 and page.pages == 1


def test_it_finds_accented_words_from_plain_letters_including_d_bar(approved, reporter):
    assert texts(search(reporter, "dong bo")) == [
        "Đồng bộ dữ liệu dân cư với hệ thống một cửa điện tử."
    ]
    assert texts(search(reporter, "ĐỒNG BỘ")) == texts(search(reporter, "dong bo"))


def test_accented_queries_find_the_same_as_plain_ones(draft, reporter):
    assert texts(search(reporter, "Chuyển Đổi Số")) == texts(search(reporter, "chuyen doi so"))
    assert len(search(reporter, "chuyen doi so").hits) == 1


def test_quoted_phrases_need_the_words_together(approved, reporter):
    assert len(search(reporter, '"du lieu dan cu"').hits) == 1
    assert search(reporter, '"dan cu du lieu"').hits == []
    assert len(search(reporter, "dan cu du lieu").hits) == 1


def test_every_word_must_match(approved, reporter):
    assert search(reporter, "camera khongcotu").hits == []


def test_the_snippet_highlights_the_original_words(draft, reporter):
    hit = search(reporter, "camera giam sat").hits[0]
    assert [s.text for s in hit.segments if s.match] == ["Camera giám sát"]
    assert hit.report == draft and hit.item is not None and hit.rank != 0


def test_report_titles_are_found_too(draft, reporter):
    page = search(reporter, "ket qua hoat dong thong tin")
    assert any(hit.item is None and hit.field == "title" for hit in page.hits)


def test_the_outsider_never_finds_another_units_draft(draft, outsider):
    assert search(outsider, "camera giam sat").hits == []
    assert search(outsider, "chuyen doi so").total == 0


def test_the_owner_of_a_draft_finds_it_and_nobody_else_does(other_draft, reporter, outsider):
    assert texts(search(outsider, "bi mat")) == ["Bí mật: dự thảo camera giám sát của Sở KH&ĐT."]
    assert search(reporter, "bi mat").hits == []


def test_a_viewer_finds_approved_reports_but_not_drafts(draft, approved, viewer):
    found = {hit.report.pk for hit in search(viewer, "camera").hits}
    assert found == {approved.pk}


def test_submitting_makes_a_draft_visible_to_overseers_and_returning_hides_it(
    draft, reporter, approver, viewer, consolidator
):
    assert search(viewer, "chuyen doi so").hits == []
    submit_report(draft, by=reporter)
    assert len(search(viewer, "chuyen doi so").hits) == 1
    assert len(search(consolidator, "chuyen doi so").hits) == 1
    return_report(draft, by=approver, comment="Bổ sung số liệu.")
    assert search(viewer, "chuyen doi so").hits == []


def test_results_are_always_within_visible_reports(
    draft, approved, other_draft, reporter, outsider, viewer, consolidator, approver
):
    for user in (reporter, outsider, viewer, consolidator, approver):
        allowed = set(visible_reports(user).values_list("pk", flat=True))
        for query in ("camera", "giam sat", "ket qua", "dong bo"):
            assert {hit.report.pk for hit in search(user, query).hits} <= allowed


def test_editing_an_item_updates_the_index(draft, reporter):
    write(draft, reporter, "Triển khai nền tảng LGSP tỉnh.")
    assert search(reporter, "camera").hits == []
    assert len(search(reporter, "lgsp").hits) == 1


def test_filters_by_unit_template_section_status_and_period(
    draft, approved, other_draft, reporter, viewer, unit, other_unit, template
):
    plan = template.sections.get(code="NVTT")
    assert texts(search(reporter, "camera", section=plan.pk)) == [
        "Tiếp tục triển khai Camera giám sát giao thông."
    ]
    assert {h.report.pk for h in search(reporter, "camera", status="approved").hits} == {
        approved.pk
    }
    assert {h.report.pk for h in search(reporter, "camera", period_from="2022-01").hits} == {
        draft.pk
    }
    assert {h.report.pk for h in search(reporter, "camera", period_to="2021-12").hits} == {
        approved.pk
    }
    assert search(reporter, "camera", unit=other_unit).hits == []
    assert search(viewer, "camera", unit=unit.pk, template=template).total == 1
    assert search(reporter, "camera", period_from="2021").total == 2


def test_a_bad_period_filter_is_a_clear_error(draft, reporter):
    with pytest.raises(Invalid, match="Kỳ báo cáo"):
        search(reporter, "camera", period_from="tháng trước")


def test_paging_splits_results_and_ranks_better_matches_first(template, unit, reporter):
    from baocao.reports.services import create_report

    report = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    write(
        report,
        reporter,
        *[f"Mục {i}: triển khai camera." for i in range(25)],
        "Camera, camera giám sát camera an ninh camera.",
    )
    first = search(reporter, "camera", page_size=10)
    assert first.total == 26 and first.pages == 3 and first.has_next
    assert first.hits[0].text.startswith("Camera, camera giám sát")
    third = search(reporter, "camera", page=3, page_size=10)
    assert len(third.hits) == 6 and not third.has_next and third.has_previous
    seen = {
        h.item.pk for p in (1, 2, 3) for h in search(reporter, "camera", page=p, page_size=10).hits
    }
    assert len(seen) == 26


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "?.,;:",
        "*",
        "-",
        ":",
        '"',
        "NEAR(",
        "NEAR(camera giam, 2)",
        'camera" OR "',
        "camera*",
        "-camera",
        "title:camera",
        "camera) OR (1",
        "'; DROP TABLE reports_report; --",
        "1=1 OR unit_id > 0",
        "%",
        "_",
        "\\",
        "\x00camera",
    ],
)
def test_hostile_queries_never_fail_and_never_leak_drafts(query, draft, other_draft, outsider):
    page = search(outsider, query)
    assert all(hit.report.unit_id == other_draft.unit_id for hit in page.hits)


def test_a_query_of_ten_thousand_characters_is_refused_clearly(draft, reporter):
    with pytest.raises(Invalid, match="quá dài"):
        search(reporter, "camera " * 1500)


def test_anonymous_users_find_nothing(draft):
    from django.contrib.auth.models import AnonymousUser

    assert search(AnonymousUser(), "camera").hits == []


def test_a_very_broad_query_says_so_and_shows_the_newest_first(
    template, unit, reporter, monkeypatch
):
    from baocao.reports.services import create_report

    monkeypatch.setattr("baocao.search.selectors.COUNT_CAP", 5)
    report = create_report(unit=unit, template=template, period="2022-02", by=reporter)
    write(report, reporter, *[f"Mục {i}: triển khai camera." for i in range(8)])
    page = search(reporter, "camera", page_size=3)
    assert page.total_capped and page.total == 5
    assert [h.text for h in page.hits] == [f"Mục {i}: triển khai camera." for i in (7, 6, 5)]
