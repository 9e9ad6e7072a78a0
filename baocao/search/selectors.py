"""Permission-checked full-text search over reports and their items (reads).

``search()`` is the one entry point for the web page, the REST API and scripts. A user finds
what ``baocao.reports.selectors.visible_reports`` lets them read: every report of a unit they
belong to, drafts included, and the submitted or approved reports of units they oversee.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db.models import Q, QuerySet

from baocao.core.errors import Invalid
from baocao.domain.periods import Period, PeriodError
from baocao.organizations.access import member_units, overseen_units
from baocao.reports.models import NarrativeItem, Report
from baocao.reports.selectors import PUBLISHED
from baocao.search.backends import COUNT_CAP, current_backend
from baocao.search.highlight import Segment, snippet
from baocao.search.models import SearchEntry
from baocao.search.query import ParsedQuery, QueryError, parse_query

MAX_PAGE_SIZE = 100
MAX_PAGE = 500


@dataclass(frozen=True)
class SearchHit:
    """One result: the report, the item (None for a title or introduction), a snippet."""

    report: Report
    item: NarrativeItem | None
    field: str
    segments: list[Segment]
    rank: float

    @property
    def text(self) -> str:
        """Return the whole original text the hit is in."""
        if self.item is not None:
            return self.item.text
        return self.report.intro if self.field == SearchEntry.Field.INTRO else self.report.title


@dataclass(frozen=True)
class SearchPage:
    """A page of results; ``total`` is capped at COUNT_CAP (``total_capped`` then True).

    Results are ordered by relevance, except when ``total_capped``: then newest first.
    """

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = 20
    total_capped: bool = False

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, math.ceil(self.total / self.page_size)) if self.total else 0

    @property
    def offset(self) -> int:
        """Return how many results precede this page."""
        return (self.page - 1) * self.page_size

    @property
    def has_next(self) -> bool:
        """Return whether another page follows."""
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        """Return whether a page precedes this one."""
        return self.page > 1


def readable_entries(user) -> QuerySet[SearchEntry]:  # type: ignore[no-untyped-def]
    """Return the index entries of the reports ``user`` may read (see visible_reports)."""
    if not getattr(user, "is_authenticated", False):
        return SearchEntry.objects.none()
    own = [unit.pk for unit in member_units(user)]
    overseen = list(overseen_units(user).values_list("pk", flat=True))
    parts = []
    if own:
        parts.append(Q(unit_id__in=own))
    if overseen:
        parts.append(Q(unit_id__in=overseen, status__in=PUBLISHED))
    if not parts:
        return SearchEntry.objects.none()
    allowed = parts[0]
    for part in parts[1:]:
        allowed |= part
    return SearchEntry.objects.filter(allowed)


def _period_months(value: Period | str | dt.date | None, *, last: bool) -> int | None:
    """Return year * 12 + month - 1 of the first (or last) month of a period, code or date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.year * 12 + value.month - 1
    try:
        period = value if isinstance(value, Period) else Period.parse(str(value))
    except PeriodError:
        raise Invalid("Kỳ báo cáo không hợp lệ (ví dụ: 2022-01, 2022-Q1, 2022).",
                      code="invalid_period", details={"period": str(value)}) from None
    first, final = period.months
    return period.year * 12 + (final if last else first) - 1


def _filtered(
    entries: QuerySet[SearchEntry], *, unit, template, period_from, period_to, section, status,  # type: ignore[no-untyped-def]
) -> QuerySet[SearchEntry]:
    if unit:
        unit_ids = list(_subtree_ids(unit))
        entries = entries.filter(unit_id__in=unit_ids)
    if template:
        entries = entries.filter(template_id=getattr(template, "pk", template))
    if section:
        entries = entries.filter(section_id=getattr(section, "pk", section))
    if status:
        entries = entries.filter(status=str(status))
    start = _period_months(period_from, last=False)
    end = _period_months(period_to, last=True)
    if start is not None:
        entries = entries.filter(month_first__gte=start)
    if end is not None:
        entries = entries.filter(month_last__lte=end)
    return entries


def _subtree_ids(unit) -> list[int]:  # type: ignore[no-untyped-def]
    from baocao.organizations.models import OrgUnit

    if not isinstance(unit, OrgUnit):
        unit = OrgUnit.objects.filter(pk=unit).first()
        if unit is None:
            return []
    return list(unit.subtree().values_list("pk", flat=True))


def _hits(ranked: list, parsed: ParsedQuery) -> list[SearchHit]:
    entries = SearchEntry.objects.in_bulk([r.entry_id for r in ranked])
    reports = Report.objects.select_related("unit", "template").in_bulk(
        {e.report_id for e in entries.values()}
    )
    items = NarrativeItem.objects.select_related("section").in_bulk(
        {e.item_id for e in entries.values() if e.item_id}
    )
    hits = []
    for row in ranked:
        entry = entries.get(row.entry_id)
        if entry is None or entry.report_id not in reports:
            continue
        report = reports[entry.report_id]
        item = items.get(entry.item_id) if entry.item_id else None
        if entry.item_id and item is None:
            continue
        text = item.text if item else (
            report.intro if entry.field == SearchEntry.Field.INTRO else report.title
        )
        hits.append(SearchHit(report=report, item=item, field=entry.field,
                              segments=snippet(text, parsed), rank=row.rank))
    return hits


def search(
    user, query: str, *, unit=None, template=None, period_from=None, period_to=None,  # type: ignore[no-untyped-def]
    section=None, status=None, page: int = 1, page_size: int = 20,
) -> SearchPage:
    """Return one page of the items and reports ``user`` may read that match ``query``.

    Case and diacritics are ignored (đ folds to d), quoted words match as a phrase, every
    word or phrase must match. Filters: ``unit`` (with the units below it), ``template``,
    ``section``, ``status``, and a period range given as period codes ("2022-01", "2022-Q1",
    "2022") or dates. A query that cannot be searched raises Invalid with a clear message;
    an empty query gives an empty page.
    """
    try:
        parsed = parse_query(query)
    except QueryError as exc:
        raise Invalid(str(exc), code="invalid_query", details={"q": "too_long"}) from None
    page_size = min(max(int(page_size), 1), MAX_PAGE_SIZE)
    page = min(max(int(page), 1), MAX_PAGE)
    if parsed.is_empty:
        return SearchPage(query=query, page=page, page_size=page_size)
    entries = _filtered(readable_entries(user), unit=unit, template=template,
                        period_from=period_from, period_to=period_to, section=section,
                        status=status)
    backend = current_backend()
    try:
        total = backend.count(entries, parsed, cap=COUNT_CAP)
        # Scoring every match of a very broad query is slow and tells little: show the
        # newest first and invite the user to narrow the search.
        ranked = backend.ranked(entries, parsed, limit=page_size, offset=(page - 1) * page_size,
                                by_rank=total <= COUNT_CAP)
    except EmptyResultSet:
        return SearchPage(query=query, page=page, page_size=page_size)
    return SearchPage(query=query, hits=_hits(ranked, parsed), total=min(total, COUNT_CAP),
                      page=page, page_size=page_size, total_capped=total > COUNT_CAP)

