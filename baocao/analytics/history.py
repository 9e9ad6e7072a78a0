"""Reporting rates over time (lịch sử tỷ lệ nộp), optionally following lineage.

For each of the latest periods: the expected units (assigned to any version of the regime,
inside the unit's subtree, open during the period's window) and their reports. With lineage
the units whose work went to this unit through merges and splits are expected too, while they
were open: a successor's history goes back through its predecessors, each unit counted once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from baocao.analytics.lineage import lineage_units
from baocao.analytics.rates import UnitStatus, rate_of
from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import ReportTemplate
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
    own = {int(pk) for pk in root.subtree().values_list("pk", flat=True)}
    units_ids = own
    if lineage:
        units_ids, own = lineage_units(root, as_of)
    family = ReportTemplate.objects.filter(code=template.code)
    assigned = list(
        OrgUnit.objects.filter(pk__in=units_ids, templates__in=family).distinct().order_by("path")
    )
    reports: dict[tuple[int, str], Report] = {
        (r.unit_id, r.period_code): r
        for r in Report.objects.filter(
            template__in=family, unit__in=assigned, period_code__in=[p.code for p in periods]
        ).only("unit_id", "period_code", "status", "sent_at")  # what a rate reads of a report
    }
    calendar = working_calendar()
    history = []
    for period in periods:
        start, finish = template.cutoff_rule.window(period)
        due = template.deadline.deadline(period, template.cutoff_rule, calendar)
        statuses = [
            UnitStatus(u, reports.get((u.pk, period.code)), due, today)
            for u in assigned
            if u.is_open_during(start, finish)
        ]
        carried = any(s.unit.pk not in own and s.received for s in statuses)
        history.append(PeriodRate(period, rate_of(statuses), carried))
    return history
