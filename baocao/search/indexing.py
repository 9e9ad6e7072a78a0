"""Keep the search index and the citations of a report in step with its content (writes).

Called by the report services inside their transaction after every change of items, title,
introduction or status (status decides who may find a report), and by ``baocao reindex``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, connections, router, transaction
from django.db.models import QuerySet

from baocao.core.prepared import prepared
from baocao.domain.periods import Period
from baocao.legal.services import link_report_citations, remove_orphans
from baocao.reports.models import NarrativeItem, Report
from baocao.reports.selectors import ordered_items
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
    return [
        SearchEntry(report=report, **dict(zip(_ENTRY_COLUMNS, row, strict=True)))
        for row in _entry_rows(report, items)
    ]


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


def _entry_rows(report: Report, items: list[NarrativeItem]) -> list[tuple[Any, ...]]:
    """Return the ``_ENTRY_COLUMNS`` of ``report``'s entries: title, introduction, ``items``."""
    month_first, month_last = month_range(report.period_code)
    common = (report.unit_id, report.template_id)
    period = (report.status, month_first, month_last)
    rows: list[tuple[Any, ...]] = [
        (SearchEntry.Field.TITLE.value, None, *common, None, *period, folded_document(report.title))
    ]
    if report.intro:
        rows.append(
            (
                SearchEntry.Field.INTRO.value,
                None,
                *common,
                None,
                *period,
                folded_document(report.intro),
            )
        )
    for item in items:
        rows.append(
            (
                SearchEntry.Field.ITEM.value,
                item.pk,
                *common,
                item.section_id,
                *period,
                folded_document(item.text),
            )
        )
    return rows


@prepared
def _stored_entries(report: int) -> QuerySet[SearchEntry, tuple[Any, ...]]:
    """Read the report's entries as (id, *``_ENTRY_COLUMNS``) rows."""
    return (
        SearchEntry.objects.filter(report_id=report).order_by().values_list("id", *_ENTRY_COLUMNS)
    )


@prepared
def _indexed_report(report: int) -> QuerySet[Report]:
    """Read the columns of the report its entries and citations hold (the rest deferred)."""
    return Report.objects.filter(pk=report).only(
        "title", "intro", "status", "unit_id", "template_id", "period_code"
    )


def _current(report: Report) -> Report:
    """Return ``report`` as stored now, with the columns the index reads (a caller's object
    may be older than the database: a status or a title written by a plain update)."""
    rows = _indexed_report(report.pk)
    if not rows:
        raise Report.DoesNotExist(f"report {report.pk}")
    current = rows[0]
    if current.unit_id == report.unit_id and Report.unit.is_cached(report):
        current.unit = report.unit  # the citations' province reads the unit (and its parents)
    return current


# SearchEntry's table, written by plain statements (no ORM compile, no ids read back): the
# entry's report then ``_ENTRY_COLUMNS``. Rows per INSERT and ids per DELETE, within SQLite's
# 999 parameters.
_BATCH = 90


def _delete_entries(cursor: Any, ids: list[int]) -> None:
    meta, quote = SearchEntry._meta, cursor.db.ops.quote_name
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        marks = ", ".join(["%s"] * len(batch))
        cursor.execute(
            f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({marks})",  # noqa: S608
            batch,
        )


def _insert_entries(cursor: Any, report: int, rows: list[tuple[Any, ...]]) -> None:
    meta, quote = SearchEntry._meta, cursor.db.ops.quote_name
    table = quote(meta.db_table)
    names = ("report", *_ENTRY_COLUMNS)
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)  # type: ignore[union-attr]
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}",  # noqa: S608
            [value for row in batch for value in (report, *row)],
        )


def index_report(report: Report) -> None:
    """Make ``report``'s search entries and legal citations those of its content in the
    database.

    Only what changed is written: an entry stored exactly as it should be is kept (and with it
    its id and the full-text index's words), an entry no longer wanted or different is deleted
    and the missing ones inserted, so that a save that adds one item writes one entry.
    """
    report = _current(report)
    # The items are read once, in document order, for the index and the citations; no
    # savepoint: a failure here fails the caller's whole change.
    items = ordered_items(report)
    with transaction.atomic(savepoint=False):
        stored: dict[tuple[Any, ...], int] = {}
        stale: list[int] = []
        for pk, *columns in _stored_entries(report.pk):
            key = tuple(columns)
            if key in stored:
                stale.append(pk)  # a duplicate is never wanted twice
            else:
                stored[key] = pk
        missing = [row for row in _entry_rows(report, items) if stored.pop(row, None) is None]
        stale.extend(stored.values())
        if stale or missing:
            with connections[router.db_for_write(SearchEntry)].cursor() as cursor:
                _delete_entries(cursor, stale)
                _insert_entries(cursor, report.pk, missing)
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
