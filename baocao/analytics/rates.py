"""Reporting rates (tỷ lệ báo cáo): completeness and timeliness per unit, rolled up the tree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from baocao.analytics.scope import under
from baocao.catalog.calendar import working_calendar
from baocao.catalog.models import ReportTemplate
from baocao.core.prepared import prepared
from baocao.domain.consolidation import ReportingRate, percent, reporting_rate
from baocao.domain.deadlines import is_overdue
from baocao.domain.periods import Period, closed_period
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report
from baocao.reports.selectors import DELIVERED_STATUSES

# Decree 09/2019: a report counts once it has reached the receiving agency (sent, received),
# and it is on time when it was sent by the deadline — not when submitted inside the unit.
RECEIVED = DELIVERED_STATUSES
MAX_FOLLOW_THROUGH = 300


@dataclass
class UnitStatus:
    """One expected unit's report for the period, and where it stands."""

    unit: OrgUnit
    report: Report | None
    due: dt.date
    today: dt.date
    tasks_planned: int = 0
    tasks_done: int = 0

    @property
    def follow_through(self) -> float | None:
        """Return the tasks planned last period done in this report, in percent (None: none)."""
        return percent(self.tasks_done, self.tasks_planned)

    @property
    def received(self) -> bool:
        """Return whether the report was sent to the receiving agency."""
        return self.report is not None and self.report.status in RECEIVED

    @property
    def submitted_on(self) -> dt.date | None:
        """Return the local date a received report was sent to the receiving agency."""
        if not self.received or self.report is None or self.report.sent_at is None:
            return None
        return timezone.localdate(self.report.sent_at)

    @property
    def on_time(self) -> bool:
        """Return whether a received report came on or before the deadline."""
        day = self.submitted_on
        return day is not None and day <= self.due

    @property
    def late(self) -> bool:
        """Return whether a received report came after the deadline."""
        return self.received and not self.on_time

    @property
    def overdue(self) -> bool:
        """Return whether the deadline has passed without a report received."""
        return not self.received and is_overdue(self.due, self.today)

    @property
    def state(self) -> str:
        """Return a short machine state: missing, draft, returned, submitted, approved."""
        return self.report.status if self.report is not None else "missing"


@dataclass
class NodeRate:
    """The rate of a unit of the tree over the expected units of its subtree."""

    unit: OrgUnit
    level: int
    rate: ReportingRate
    tasks_planned: int = 0
    tasks_done: int = 0

    @property
    def follow_through(self) -> float | None:
        """Return the tasks done over the tasks planned by the received reports below."""
        return percent(self.tasks_done, self.tasks_planned)


@dataclass
class RatesView:
    """Reporting rates of one template and period under one unit."""

    template: ReportTemplate
    period: Period
    root: OrgUnit
    due: dt.date
    units: list[UnitStatus] = field(default_factory=list)
    tree: list[NodeRate] = field(default_factory=list)
    follow_through_counted: bool = False

    @property
    def follow_through(self) -> float | None:
        """Return the follow-through rate over every received report of the subtree."""
        return percent(
            sum(u.tasks_done for u in self.units), sum(u.tasks_planned for u in self.units)
        )

    @property
    def total(self) -> ReportingRate:
        """Return the rate over the whole subtree."""
        return rate_of(self.units)

    @property
    def missing(self) -> list[UnitStatus]:
        """Return the expected units that have not sent their report."""
        return [u for u in self.units if not u.received]

    @property
    def overdue(self) -> list[UnitStatus]:
        """Return the units past the deadline without a report."""
        return [u for u in self.units if u.overdue]

    @property
    def late(self) -> list[UnitStatus]:
        """Return the units whose report came after the deadline."""
        return [u for u in self.units if u.late]


def rate_of(units: list[UnitStatus]) -> ReportingRate:
    """Return the reporting rate of ``units``: sent counts, on time by the send date."""
    return reporting_rate(
        (True, u.report.status, u.on_time) if u.report else (True, None, False) for u in units
    )


def expected_units(template: ReportTemplate, period: Period, root: OrgUnit) -> list[OrgUnit]:
    """Return the units of ``root``'s subtree assigned to the template and open in the period."""
    start, end = template.cutoff_rule.window(period)
    return [u for u in _assigned_under(template.pk, root.path) if u.is_open_during(start, end)]


@prepared
def _assigned_under(template: int, path: str) -> QuerySet[OrgUnit]:
    """Return the units of the subtree at ``path`` assigned to the template, by path."""
    return OrgUnit.objects.filter(under(path), templates=template).order_by("path")


@prepared
def _reports_of(code: str, period: str, units: list[int]) -> QuerySet[Report]:
    """Return the reports of the regime coded ``code`` (any version) for the period by
    ``units``."""
    return Report.objects.filter(template__code=code, period_code=period, unit__in=units)


@prepared
def _units(ids: list[int]) -> QuerySet[OrgUnit]:
    """Return the units ``ids``, by path."""
    return OrgUnit.objects.filter(pk__in=ids).order_by("path")


def reporting_rates(
    template: ReportTemplate,
    period: Period,
    root: OrgUnit,
    today: dt.date | None = None,
    *,
    with_follow_through: bool = False,
) -> RatesView:
    """Return who reported, on time or late, and who is missing, per unit and per tree node.

    ``with_follow_through`` also counts, for each received report, how many of the tasks its
    unit planned last period it reports done (``analytics.follow_through``), when there are at
    most ``MAX_FOLLOW_THROUGH`` received reports (each costs a few queries and a text match).
    """
    today = today or timezone.localdate()
    due = template.deadline.deadline(period, template.cutoff_rule, working_calendar())
    units = expected_units(template, period, root)
    reports = {r.unit_id: r for r in _reports_of(template.code, period.code, [u.pk for u in units])}
    view = RatesView(
        template, period, root, due, [UnitStatus(u, reports.get(u.pk), due, today) for u in units]
    )
    received = [s for s in view.units if s.received]
    if with_follow_through and len(received) <= MAX_FOLLOW_THROUGH:
        from baocao.analytics.follow_through import follow_through

        for status in received:
            tasks = follow_through(status.report)  # type: ignore[arg-type]
            status.tasks_planned, status.tasks_done = len(tasks.rows), tasks.done
        view.follow_through_counted = True
    by_node: dict[int, list[UnitStatus]] = {}
    for status in view.units:
        ids = [int(p) for p in status.unit.path.strip("/").split("/") if p]
        for node_id in ids[ids.index(root.pk) :] if root.pk in ids else [status.unit.pk]:
            by_node.setdefault(node_id, []).append(status)
    nodes = _units(list(by_node))
    view.tree = [
        NodeRate(
            n,
            n.depth - root.depth,
            rate_of(by_node[n.pk]),
            sum(s.tasks_planned for s in by_node[n.pk]),
            sum(s.tasks_done for s in by_node[n.pk]),
        )
        for n in nodes
    ]
    return view


def current_period(template: ReportTemplate, today: dt.date) -> Period:
    """Return the latest period whose data cut-off has ended by ``today``."""
    return closed_period(template.kind, today, template.cutoff_rule)
