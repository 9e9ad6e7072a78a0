"""Keep the search index and the citations of a report in step with its content (writes).

Called by the report services inside their transaction after every change of items, title,
introduction or status (status decides who may find a report), and by ``baocao reindex``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from baocao.core.prepared import prepared
from baocao.domain.periods import Period
from baocao.legal.services import link_report_citations, remove_orphans
from baocao.reports.models import NarrativeItem, Report
from baocao.reports.selectors import ordered_items, report_by_pk
from baocao.search.models import SearchEntry
from baocao.search.schema import rebuild_fulltext
from baocao.search.tokens import folded_document


def month_range(period_code: str) -> tuple[int, int]:
    """Return year * 12 + month - 1 of the first and last calendar month a period names."""
    period = Period.parse(period_code)
    first, last = period.months
    return period.year * 12 + first - 1, period.year * 12 + last - 1


def entries_for(report: Report, items: list[NarrativeItem]) -> list[SearchEntry]:
    """Return the unsaved index entries of ``report``: title, introduction and ``items`` (the
    report's items)."""
    month_first, month_last = month_range(report.period_code)
    common = {
        "report": report,
        "unit_id": report.unit_id,
        "template_id": report.template_id,
        "status": report.status,
        "month_first": month_first,
        "month_last": month_last,
    }
    entries = [
        SearchEntry(field=SearchEntry.Field.TITLE, folded=folded_document(report.title), **common)
    ]
    if report.intro:
        entries.append(
            SearchEntry(
                field=SearchEntry.Field.INTRO, folded=folded_document(report.intro), **common
            )
        )
    for item in items:
        entries.append(
            SearchEntry(
                field=SearchEntry.Field.ITEM,
                item_id=item.pk,
                section_id=item.section_id,
                folded=folded_document(item.text),
                **common,
            )
        )
    return entries


# The columns that make an entry what it is: one stored with all of them equal is kept.
_ENTRY_COLUMNS = (
    "field",
    "item_id",
    "unit_id",
    "template_id",
    "section_id",
    "status",
    "month_first",
    "month_last",
    "folded",
)


@prepared
def _stored_entries(report: int) -> QuerySet[SearchEntry, tuple[Any, ...]]:
    """Read the report's entries as (id, *``_ENTRY_COLUMNS``) rows."""
    return (
        SearchEntry.objects.filter(report_id=report).order_by().values_list("id", *_ENTRY_COLUMNS)
    )


def index_report(report: Report) -> None:
    """Make ``report``'s search entries and legal citations those of its content in the
    database.

    Only what changed is written: an entry stored exactly as it should be is kept (and with it
    its id and the full-text index's words), an entry no longer wanted or different is deleted
    and the missing ones inserted, so that a save that adds one item writes one entry.
    """
    report = report_by_pk(report.pk)
    # The items are read once, in document order, for the index and the citations; no
    # savepoint: a failure here fails the caller's whole change.
    items = ordered_items(report)
    with transaction.atomic(savepoint=False):
        wanted = entries_for(report, items)
        stored: dict[tuple[Any, ...], int] = {}
        stale: list[int] = []
        for pk, *columns in _stored_entries(report.pk):
            key = tuple(columns)
            if key in stored:
                stale.append(pk)  # a duplicate is never wanted twice
            else:
                stored[key] = pk
        missing = []
        for entry in wanted:
            key = tuple(getattr(entry, name) for name in _ENTRY_COLUMNS)
            if stored.pop(key, None) is None:
                missing.append(entry)
        stale.extend(stored.values())
        if stale:
            SearchEntry.objects.filter(pk__in=stale).delete()
        if missing:
            SearchEntry.objects.bulk_create(missing, batch_size=500)
        link_report_citations(report, items)


def reindex(
    reports: Iterable[Report] | None = None,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Rebuild the index and citations of ``reports`` (default: all); return how many.

    ``progress(done, total, note)`` is told every 50 reports (the background job's bar).
    """
    rebuild_fulltext(connection)
    count = 0
    source = reports if reports is not None else Report.objects.all()
    ids = [report.pk for report in source]
    for report in Report.objects.filter(pk__in=ids).order_by("pk"):
        index_report(report)
        count += 1
        if progress is not None and count % 50 == 0:
            progress(count, len(ids), "")
    remove_orphans()
    return count
