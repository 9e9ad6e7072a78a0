"""A save writes only the search entries and citations that changed, and what is stored is
exactly what a rebuild from nothing stores."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baocao.legal.models import Citation
from baocao.reports.selectors import ordered_items
from baocao.reports.services import ItemInput, save_draft, submit_report
from baocao.search.indexing import entries_for, index_report
from baocao.search.models import SearchEntry
from tests.search.conftest import write

pytestmark = pytest.mark.django_db

DECREE = "Triển khai Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 của Chính phủ về dịch vụ công."
MENTION = "Báo cáo kết quả thực hiện Nghị định 107 trước ngày 20."

COLUMNS = (
    "report_id",
    "item_id",
    "field",
    "unit_id",
    "template_id",
    "section_id",
    "status",
    "month_first",
    "month_last",
    "folded",
)


def _entries(report) -> list[tuple]:
    return sorted(
        SearchEntry.objects.filter(report=report).values_list(*COLUMNS),
        key=lambda row: (row[2], row[1] or 0),
    )


def _rebuilt(report) -> list[tuple]:
    """Return the entries a rebuild from nothing would store."""
    report.refresh_from_db()
    wanted = entries_for(report, ordered_items(report))
    return sorted(
        (tuple(getattr(e, c) for c in COLUMNS) for e in wanted),
        key=lambda row: (row[2], row[1] or 0),
    )


def _citations(report) -> list[tuple]:
    return sorted(
        Citation.objects.filter(report=report).values_list(
            "document_id", "item_id", "text", "start", "end", "is_short"
        ),
        key=lambda row: (row[1] or 0, row[3]),
    )


def _writes(queries, table: str) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if table in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "DELETE", "UPDATE"))
    ]


def test_adding_an_item_writes_its_entry_only_and_keeps_the_others(draft, reporter):
    before = dict(SearchEntry.objects.filter(report=draft).values_list("folded", "id"))
    items = [ItemInput(text=i.text, section_id=i.section_id, id=i.pk) for i in draft.items.all()]
    first = draft.template.sections.get(code="CNTT")
    with CaptureQueriesContext(connection) as queries:
        save_draft(
            draft,
            by=reporter,
            expected_version=draft.version,
            items=[*items, ItemInput(text="Nâng cấp Cổng dịch vụ công.", section_id=first.pk)],
        )
    assert len(_writes(queries.captured_queries, "search_searchentry")) == 1  # one INSERT
    after = dict(SearchEntry.objects.filter(report=draft).values_list("folded", "id"))
    assert all(after[folded] == pk for folded, pk in before.items())
    assert _entries(draft) == _rebuilt(draft)


def test_a_changed_title_status_or_item_is_rewritten_and_a_removed_item_goes(draft, reporter):
    write(draft, reporter, "Một nội dung mới.", "Nội dung thứ hai.")
    assert _entries(draft) == _rebuilt(draft)
    save_draft(draft, by=reporter, expected_version=draft.version, title="Trích yếu khác")
    assert _entries(draft) == _rebuilt(draft)
    write(draft, reporter, "Nội dung thứ hai.")
    assert _entries(draft) == _rebuilt(draft)
    assert SearchEntry.objects.filter(report=draft, field="item").count() == 1
    submit_report(draft, by=reporter)
    assert {row[6] for row in _entries(draft)} == {"submitted"}
    assert _entries(draft) == _rebuilt(draft)


def test_indexing_again_without_a_change_writes_nothing(draft):
    index_report(draft)
    ids = sorted(SearchEntry.objects.filter(report=draft).values_list("id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        index_report(draft)
    assert _writes(queries.captured_queries, "search_searchentry") == []
    assert _writes(queries.captured_queries, "legal_citation") == []
    assert sorted(SearchEntry.objects.filter(report=draft).values_list("id", flat=True)) == ids


def test_duplicated_entries_are_removed(draft):
    entry = SearchEntry.objects.filter(report=draft, field="item").first()
    entry.pk = None
    entry.save()
    index_report(draft)
    assert _entries(draft) == _rebuilt(draft)


def test_citations_follow_the_text_and_unchanged_ones_are_kept(draft, reporter):
    write(draft, reporter, DECREE, MENTION)
    cited = _citations(draft)
    assert len(cited) == 2 and cited[1][5] is True  # the full citation, then the mention
    kept = set(Citation.objects.filter(report=draft).values_list("id", flat=True))
    items = [ItemInput(text=i.text, section_id=i.section_id, id=i.pk) for i in ordered_items(draft)]
    save_draft(
        draft,
        by=reporter,
        expected_version=draft.version,
        items=[*items, ItemInput(text="Không trích dẫn gì.", section_id=items[0].section_id)],
    )
    assert set(Citation.objects.filter(report=draft).values_list("id", flat=True)) == kept
    assert _citations(draft) == cited
    write(draft, reporter, MENTION)  # the decree is gone: the mention matches the registry's
    (only,) = _citations(draft)
    assert only[5] is True and only[0] == cited[0][0]
    write(draft, reporter, "Không trích dẫn gì.")
    assert _citations(draft) == []
