"""Reporting rates over time (lịch sử tỷ lệ nộp), optionally following lineage.

For each of the latest periods: the expected units (assigned to any version of the regime,
inside the unit's subtree, open during the period's window) and their reports. With lineage
the units whose work went to this unit through merges and splits are expected too, while they
were open: a successor's history goes back through its predecessors, each unit counted once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from baocao.analytics.lineage import lineage_units
from baocao.analytics.rates import UnitStatus, rate_of
from baocao.analytics.scope import under
from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import ReportTemplate
from baocao.core.prepared import prepared
from baocao.domain.consolidation import ReportingRate
from baocao.domain.periods import Period
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report

HISTORY_PERIODS = 12


@dataclass
class PeriodRate:
    """The rate of one period, and whether a predecessor's report counts in it."""

    period: Period
    rate: ReportingRate
    carried: bool


def rates_history(
    template: ReportTemplate,
    root: OrgUnit,
    end: Period,
    *,
    count: int = HISTORY_PERIODS,
    lineage: bool = False,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> list[PeriodRate]:
    """Return the rates of the ``count`` periods up to ``end``, oldest first."""
    today = today or timezone.localdate()
    periods = [end]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    if lineage:
        units_ids, own = lineage_units(root, as_of)
        assigned = list(
            OrgUnit.objects.filter(pk__in=units_ids, templates__code=template.code)
            .distinct()
            .order_by("path")
        )
    else:  # the subtree's units: all its own
        assigned = _assigned_under(template.code, root.path)
        own = {int(u.pk) for u in assigned}
    reports: dict[tuple[int, str], Report] = {
        (r.unit_id, r.period_code): r
        for r in _period_reports(template.code, [u.pk for u in assigned], [p.code for p in periods])
    }
    calendar = working_calendar()
    cutoff, deadline = template.cutoff_rule, template.deadline
    keyed = [(int(u.pk), u) for u in assigned]
    foreign = {pk for pk, _unit in keyed if pk not in own}  # predecessors' units (lineage)
    history = []
    for period in periods:
        start, finish = cutoff.window(period)
        due = deadline.deadline(period, cutoff, calendar)
        code = period.code
        statuses = [
            UnitStatus(u, reports.get((pk, code)), due, today)
            for pk, u in keyed
            if u.is_open_during(start, finish)
        ]
        carried = bool(foreign) and any(s.unit.pk in foreign and s.received for s in statuses)
        history.append(PeriodRate(period, rate_of(statuses), carried))
    return history


@prepared
def _assigned_under(code: str, path: str) -> QuerySet[OrgUnit]:
    """Return the units of the subtree at ``path`` assigned to any version of the regime coded
    ``code``, by path."""
    return OrgUnit.objects.filter(under(path), templates__code=code).distinct().order_by("path")


@prepared
def _period_reports(code: str, units: list[int], periods: list[str]) -> QuerySet[Report]:
    """Return the reports of any version of the regime coded ``code`` by ``units`` for
    ``periods``, with what a rate reads of them."""
    return Report.objects.filter(template__code=code, unit__in=units, period_code__in=periods).only(
        "unit_id", "period_code", "status", "sent_at"
    )
