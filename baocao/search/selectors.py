"""Permission-checked full-text search over reports and their items (reads).

``search()`` is the one entry point for the web page, the REST API and scripts. A user finds
what ``baocao.reports.selectors.visible_reports`` lets them read: every report of a unit they
belong to, drafts included, and the submitted or approved reports of units they oversee.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from django.core.exceptions import EmptyResultSet
from django.db.models import Model, Q, QuerySet

from baocao.core.actors import AnyUser
from baocao.core.errors import Invalid
from baocao.domain.periods import Period, PeriodError
from baocao.organizations.access import member_units, overseen_units
from baocao.reports.models import NarrativeItem, Report
from baocao.reports.selectors import PUBLISHED
from baocao.search.backends import COUNT_CAP, Match, Scope, current_backend
from baocao.search.highlight import Segment, snippet
from baocao.search.models import SearchEntry
from baocao.search.query import ParsedQuery, QueryError, parse_query
from baocao.search.ranking import scores

if TYPE_CHECKING:
    from baocao.organizations.models import OrgUnit

MAX_PAGE_SIZE = 100
MAX_PAGE = 500

# A search filter as a caller gives it: the object, its id, or the id as typed in a form.
Filter: TypeAlias = Model | int | str | None


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

    Results are ordered by relevance, except when ``total_capped``: then the newest COUNT_CAP
    matches, newest first.
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


def readable_entries(user: AnyUser) -> QuerySet[SearchEntry]:
    """Return the index entries of the reports ``user`` may read (see visible_reports)."""
    own, overseen = _units(user)
    parts = []
    if own:
        parts.append(Q(unit_id__in=sorted(own)))
    if overseen:
        parts.append(Q(unit_id__in=sorted(overseen), status__in=PUBLISHED))
    if not parts:
        return SearchEntry.objects.none()
    allowed = parts[0]
    for part in parts[1:]:
        allowed |= part
    return SearchEntry.objects.filter(allowed)


def _units(user: AnyUser) -> tuple[set[int], set[int]]:
    """Return the units whose reports ``user`` reads in every status (their own units) and
    those whose submitted and approved reports they read (the others they oversee)."""
    if not getattr(user, "is_authenticated", False):
        return set(), set()
    own = {unit.pk for unit in member_units(user)}
    overseen = set(overseen_units(user).values_list("pk", flat=True)) - own
    return own, overseen


def _period_months(value: Period | str | dt.date | None, *, last: bool) -> int | None:
    """Return year * 12 + month - 1 of the first (or last) month of a period, code or date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.year * 12 + value.month - 1
    try:
        period = value if isinstance(value, Period) else Period.parse(str(value))
    except PeriodError:
        raise Invalid(
            "Kỳ báo cáo không hợp lệ (ví dụ: 2022-01, 2022-Q1, 2022).",
            code="invalid_period",
            details={"period": str(value)},
        ) from None
    first, final = period.months
    return period.year * 12 + (final if last else first) - 1


def _scope(
    user: AnyUser,
    *,
    unit: OrgUnit | int | str | None,
    template: Filter,
    period_from: str | None,
    period_to: str | None,
    section: Filter,
    status: str | None,
) -> Scope:
    """Return what ``user`` may find, narrowed by the filters (see backends.Scope)."""
    own, overseen = _units(user)
    if unit:
        unit_ids = set(_subtree_ids(unit))
        own, overseen = own & unit_ids, overseen & unit_ids
    template_id = _int_or_none(getattr(template, "pk", template)) if template else None
    section_id = _int_or_none(getattr(section, "pk", section)) if section else None
    if (template and template_id is None) or (section and section_id is None):
        return Scope()  # a filter no entry can match
    return Scope(
        any_status=frozenset(own),
        published=frozenset(overseen),
        template_id=template_id,
        section_id=section_id,
        status=str(status) if status else None,
        month_from=_period_months(period_from, last=False),
        month_to=_period_months(period_to, last=True),
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _subtree_ids(unit: OrgUnit | int | str) -> list[int]:
    from baocao.organizations.models import OrgUnit

    found = unit if isinstance(unit, OrgUnit) else OrgUnit.objects.filter(pk=unit).first()
    if found is None:
        return []
    return list(found.subtree().values_list("pk", flat=True))


def _hits(rows: list[tuple[Match, float]], parsed: ParsedQuery) -> list[SearchHit]:
    """Load the page's items and their reports (each report once) and cut the snippets."""
    if not rows:
        return []
    item_ids = {match.item_id for match, _ in rows if match.item_id}
    # order_by(): the models' default orderings would join more tables for nothing.
    items = (
        NarrativeItem.objects.select_related("section").order_by().in_bulk(item_ids)
        if item_ids
        else {}
    )
    reports = (
        Report.objects.select_related("unit", "template")
        .order_by()
        .in_bulk({match.report_id for match, _ in rows})
    )
    hits = []
    for match, rank in rows:
        item = items.get(match.item_id) if match.item_id else None
        report = reports.get(match.report_id)
        if report is None or (match.item_id and item is None):
            continue
        if item is not None:
            item.report = report  # the same object for every hit of a report
        text = (
            item.text
            if item
            else (report.intro if match.field == SearchEntry.Field.INTRO else report.title)
        )
        hits.append(
            SearchHit(
                report=report,
                item=item,
                field=match.field,
                segments=snippet(text, parsed),
                rank=rank,
            )
        )
    return hits


def search(
    user: AnyUser,
    query: str,
    *,
    unit: OrgUnit | int | str | None = None,
    template: Filter = None,
    period_from: str | None = None,
    period_to: str | None = None,
    section: Filter = None,
    status: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> SearchPage:
    """Return one page of the items and reports ``user`` may read that match ``query``.

    Case and diacritics are ignored (đ folds to d), quoted words match as a phrase, every
    word or phrase must match. Filters: ``unit`` (with the units below it), ``template``,
    ``section``, ``status``, and a period range given as period codes ("2022-01", "2022-Q1",
    "2022") or dates. A query that cannot be searched raises Invalid with a clear message;
    an empty query gives an empty page.

    At most COUNT_CAP matches are read: up to that many are ranked by relevance (ties: newest
    period, then newest entry); beyond it the page says "more than COUNT_CAP" and lists the
    newest COUNT_CAP matches, newest first.
    """
    try:
        parsed = parse_query(query)
    except QueryError as exc:
        raise Invalid(str(exc), code="invalid_query", details={"q": "too_long"}) from None
    page_size = min(max(int(page_size), 1), MAX_PAGE_SIZE)
    page = min(max(int(page), 1), MAX_PAGE)
    if parsed.is_empty:
        return SearchPage(query=query, page=page, page_size=page_size)
    scope = _scope(
        user,
        unit=unit,
        template=template,
        period_from=period_from,
        period_to=period_to,
        section=section,
        status=status,
    )
    cap = COUNT_CAP
    try:
        matches = current_backend().newest(scope, parsed, limit=cap + 1)
    except EmptyResultSet:
        return SearchPage(query=query, page=page, page_size=page_size)
    capped = len(matches) > cap
    offset = (page - 1) * page_size
    if capped:
        shown = matches[:cap][offset : offset + page_size]
        ranked = list(zip(shown, scores([m.folded for m in shown], parsed.clauses), strict=True))
    else:
        ranked = sorted(
            zip(matches, scores([m.folded for m in matches], parsed.clauses), strict=True),
            key=lambda pair: (-pair[1], -pair[0].month_first, -pair[0].entry_id),
        )
        ranked = ranked[offset : offset + page_size]
    return SearchPage(
        query=query,
        hits=_hits(ranked, parsed),
        total=min(len(matches), cap),
        page=page,
        page_size=page_size,
        total_capped=capped,
    )


def month_picker(*chosen: str | None) -> tuple[list[tuple[int, list[Period]]], list[Period | None]]:
    """Return the search's period pickers: the calendar months from the earliest report's to
    this one, newest first, grouped by year (``analytics.selectors.by_year``), with the
    ``chosen`` codes as periods (a valid code outside the months, a quarter say, is offered
    too; an invalid one is None)."""
    from django.utils import timezone

    from baocao.analytics.selectors import by_year
    from baocao.domain.periods import CutoffRule, PeriodKind, periods_between

    today = timezone.localdate()
    first = Report.objects.order_by("period_end").values_list("period_end", flat=True).first()
    months = CutoffRule(1)
    start = Period.from_date(PeriodKind.MONTH, min(first or today, today), months)
    periods = list(
        reversed(periods_between(start, Period.from_date(PeriodKind.MONTH, today, months)))
    )
    picked: list[Period | None] = []
    for code in chosen:
        period = None
        if code:
            try:
                period = Period.parse(code)
            except PeriodError:
                period = None
        picked.append(period)
        if period is not None and period not in periods:
            periods.insert(0, period)
    return by_year(periods), picked
