"""Plan follow-through: how last period's tasks show up in this period's results (reads)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from baocao.analytics.models import FollowThrough
from baocao.core.prepared import attach, prepared
from baocao.domain.consolidation import percent
from baocao.domain.similarity import suggest
from baocao.reports.models import NarrativeItem, Report
from baocao.reports.selectors import previous_report

Outcome = FollowThrough.Outcome


@dataclass
class TaskRow:
    """One task planned last period, its outcome and the result item that answers it."""

    plan: NarrativeItem
    outcome: str
    result: NarrativeItem | None
    score: float
    confirmed: bool

    @property
    def outcome_label(self) -> str:
        """Return the outcome in Vietnamese."""
        return str(Outcome(self.outcome).label)


@dataclass
class FollowThroughView:
    """The follow-through of one report: the previous report, task rows and the rates."""

    previous: Report | None
    rows: list[TaskRow]

    def count(self, outcome: str) -> int:
        """Return how many tasks have ``outcome``."""
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def done(self) -> int:
        """Return how many tasks were done."""
        return self.count(Outcome.DONE)

    @property
    def continuing(self) -> int:
        """Return how many tasks are carried on."""
        return self.count(Outcome.CONTINUING)

    @property
    def not_reported(self) -> int:
        """Return how many tasks the results do not mention."""
        return self.count(Outcome.NOT_REPORTED)

    @property
    def rate(self) -> float | None:
        """Return the follow-through rate: tasks done over tasks planned, in percent."""
        return percent(self.done, len(self.rows))

    @property
    def reported_rate(self) -> float | None:
        """Return the tasks done or carried on over tasks planned, in percent."""
        return percent(self.done + self.continuing, len(self.rows))


def _outcome_of(result: NarrativeItem | None) -> str:
    if result is None:
        return Outcome.NOT_REPORTED
    return Outcome.CONTINUING if result.continuing else Outcome.DONE


def follow_through(report: Report) -> FollowThroughView:
    """Match the previous period's tasks of the unit against ``report``'s result items.

    Confirmed answers win; then an item carried over from a task; then the best similarity
    suggestion (unconfirmed); otherwise the task is "not reported".
    """
    previous = previous_report(report)
    if previous is None:
        return FollowThroughView(None, [])
    plans = attach(_items_of_kind(previous.pk, NarrativeItem.Kind.PLAN.value), "report", previous)
    if not plans:
        return FollowThroughView(previous, [])
    results = attach(_items_of_kind(report.pk, NarrativeItem.Kind.RESULT.value), "report", report)
    by_id = {item.pk: item for item in results}
    stored = {ft.plan_item_id: ft for ft in _confirmed(report.pk, [p.pk for p in plans])}
    used = {ft.result_item_id for ft in stored.values() if ft.result_item_id}
    carried = {item.carried_from_id: item for item in results if item.carried_from_id}
    open_plans = [p for p in plans if p.pk not in stored and p.pk not in carried]
    used |= {carried[p.pk].pk for p in plans if p.pk in carried and p.pk not in stored}
    free = [r for r in results if r.pk not in used]
    hints = suggest([p.text for p in open_plans], [r.text for r in free])
    suggested = {
        open_plans[h.plan_index].pk: (free[h.result_index], h.score)
        for h in hints
        if h.result_index is not None
    }
    rows = []
    for plan in plans:
        if plan.pk in stored:
            ft = stored[plan.pk]
            rows.append(
                TaskRow(plan, ft.outcome, by_id.get(ft.result_item_id or 0), ft.score, True)
            )
        elif plan.pk in carried:
            item = carried[plan.pk]
            rows.append(TaskRow(plan, _outcome_of(item), item, 100.0, False))
        elif plan.pk in suggested:
            item, value = suggested[plan.pk]
            rows.append(TaskRow(plan, _outcome_of(item), item, value, False))
        else:
            rows.append(TaskRow(plan, Outcome.NOT_REPORTED, None, 0.0, False))
    return FollowThroughView(previous, rows)


@prepared
def _items_of_kind(report: int, kind: str) -> QuerySet[NarrativeItem]:
    return NarrativeItem.objects.filter(report_id=report, kind=kind).order_by("order", "pk")


@prepared
def _confirmed(report: int, plans: list[int]) -> QuerySet[FollowThrough]:
    return FollowThrough.objects.filter(report_id=report, plan_item_id__in=plans)
