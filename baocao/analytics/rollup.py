"""The subtree rollup: every unit with units below it, its whole subtree's figures per column.

``IndicatorRollup`` holds, for each unit that has children, indicator and column (a period,
or index 0 for the whole year), the aggregate parts of every fact in the unit's subtree. A
pivot row is then one index lookup per (row unit, indicator) instead of a roll-up join over
the subtree at query time; a unit without children reads its own facts.

Freshness: ``rebuild_rollups`` (with ``rebuild_facts``, ``baocao refresh_analytics``) builds it
all; approving a report marks its unit and period pending (``RollupPending``) and enqueues the
job ``analytics.rollup``, which refreshes the rows of that unit's ancestors for the template's
indicators and that period and year. Opening, moving or deleting a unit marks the tree changed
(``mark_tree_changed``, called by the reorganisation and the units' admin). The
pivot reads the rollup only when nothing is pending in the asked years and the tree has not
changed since the last rebuild; otherwise it reads the fact tables (the answers are the same).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from baocao.analytics.models import IndicatorRollup, RollupPending, RollupState
from baocao.core.prepared import prepared
from baocao.organizations.models import OrgUnit

ROLLUP = "analytics_indicatorrollup"

# Each (ancestor, unit) pair as a constant VALUES list, joined to the facts by unit (the
# covering index), grouped by ancestor, indicator and column.
_PERIOD_ROWS = """
WITH m(row_id, unit_id) AS (VALUES {pairs})
INSERT INTO analytics_indicatorrollup
    (unit_id, indicator_id, year, "index", total, count, high, low, last_total)
SELECT m.row_id, f.indicator_id, f.year, f."index", SUM(f.value), COUNT(*), MAX(f.value),
       MIN(f.value), SUM(f.value)
FROM m CROSS JOIN analytics_indicatorfact f
WHERE f.unit_id = m.unit_id {where}
GROUP BY m.row_id, f.indicator_id, f.year, f."index"
"""

_YEAR_ROWS = """
WITH m(row_id, unit_id) AS (VALUES {pairs})
INSERT INTO analytics_indicatorrollup
    (unit_id, indicator_id, year, "index", total, count, high, low, last_total)
SELECT m.row_id, y.indicator_id, y.year, 0, SUM(y.total), SUM(y.count), MAX(y.high),
       MIN(y.low), SUM(y.last_value)
FROM m CROSS JOIN analytics_indicatoryearfact y
WHERE y.unit_id = m.unit_id {where}
GROUP BY m.row_id, y.indicator_id, y.year
"""


@dataclass(frozen=True)
class RollupStatus:
    """What the pages show about the rollup's lag."""

    refreshed_at: dt.datetime | None
    pending: int
    tree_changed: bool

    @property
    def built(self) -> bool:
        """Return whether the rollup was ever built."""
        return self.refreshed_at is not None


def rollup_status() -> RollupStatus:
    """Return when the rollup was last refreshed and how many refreshes wait."""
    state = next(iter(_state()), None)
    with connections[router.db_for_read(RollupPending)].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {RollupPending._meta.db_table}")  # noqa: S608 - the model's table
        pending = int(cursor.fetchone()[0])
    if state is None:
        return RollupStatus(None, pending, False)
    return RollupStatus(state.refreshed_at, pending, state.tree_changed)


@prepared
def _state() -> QuerySet[RollupState]:
    """Return the rollup's state row (none before the first build)."""
    return RollupState.objects.order_by("pk")[:1]


def _parents(unit_ids: list[int] | None = None) -> list[OrgUnit]:
    """Return the units that have units below them (of ``unit_ids``, or all)."""
    children = OrgUnit.objects.exclude(parent_id=None)
    if unit_ids is not None:
        children = children.filter(parent_id__in=unit_ids)
    ids = set(children.values_list("parent_id", flat=True).distinct())
    return list(OrgUnit.objects.filter(pk__in=ids).only("pk", "path"))


def _insert(pairs: list[tuple], where: str = "", params: list[Any] | None = None) -> int:
    """Insert the period and year rows of the (ancestor, unit) ``pairs``; return how many."""
    if not pairs:
        return 0
    values = ", ".join(f"({int(a)}, {int(u)})" for a, u in pairs)
    count = 0
    with connection.cursor() as cursor:
        for sql, alias in ((_PERIOD_ROWS, "f"), (_YEAR_ROWS, "y")):
            cursor.execute(
                sql.format(pairs=values, where=where.replace("{t}", alias)), params or []
            )
            count += max(cursor.rowcount, 0)
    return count


def _touch(*, rebuilt: bool) -> None:
    """Record that the rollup is up to date now (``rebuilt``: the tree matches again)."""
    state = RollupState.objects.order_by("pk").first()
    if state is None:
        RollupState.objects.create(refreshed_at=timezone.now(), tree_changed=False)
        return
    fields: dict[str, Any] = {"refreshed_at": timezone.now()}
    if rebuilt:
        fields["tree_changed"] = False
    RollupState.objects.filter(pk=state.pk).update(**fields)


def rebuild_rollups() -> int:
    """Rebuild the whole rollup from the fact tables; return how many rows it holds."""
    from baocao.analytics.pivot import _row_pairs

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ROLLUP}")  # noqa: S608 - fixed name
        RollupPending.objects.all().delete()
        parents = _parents()
        _insert(_row_pairs(parents, True, None) if parents else [])
        count = IndicatorRollup.objects.count()  # SQLite gives no rowcount for WITH … INSERT
        _touch(rebuilt=True)
    from baocao.analytics.bulk import analyze

    analyze(ROLLUP)
    return count


def refresh_unit_period(unit_id: int, template_id: int, year: int, index: int) -> int:
    """Recompute the rollup rows of ``unit_id``'s ancestors (and itself) for one period.

    The template's indicators, the period ``(year, index)`` and the whole ``year``: the rows
    are deleted and inserted again from the fact tables, so running it twice changes nothing.
    """
    from baocao.analytics.pivot import _row_pairs

    unit = OrgUnit.objects.filter(pk=unit_id).only("pk", "path").first()
    if unit is None:
        return 0
    ancestor_ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    holders = _parents(ancestor_ids or [unit_id])
    ids = [h.pk for h in holders]
    indicators = "SELECT i.id FROM catalog_indicator i WHERE i.template_id = %s"
    with transaction.atomic():
        if ids:
            IndicatorRollup.objects.filter(
                unit_id__in=ids,
                indicator__template_id=template_id,
                year=year,
                index__in=[0, index],
            ).delete()
        where = f"AND {{t}}.indicator_id IN ({indicators}) AND {{t}}.year = %s "
        pairs = _row_pairs(holders, True, None) if holders else []
        count = 0
        if pairs:
            values = ", ".join(f"({int(a)}, {int(u)})" for a, u in pairs)
            with connection.cursor() as cursor:
                cursor.execute(
                    _PERIOD_ROWS.format(
                        pairs=values, where=where.replace("{t}", "f") + 'AND f."index" = %s'
                    ),
                    [template_id, year, index],
                )
                count += max(cursor.rowcount, 0)
                cursor.execute(
                    _YEAR_ROWS.format(pairs=values, where=where.replace("{t}", "y")),
                    [template_id, year],
                )
                count += max(cursor.rowcount, 0)
        if ids:
            count = IndicatorRollup.objects.filter(
                unit_id__in=ids, indicator__template_id=template_id, year=year, index__in=[0, index]
            ).count()
        RollupPending.objects.filter(
            unit_id=unit_id, template_id=template_id, year=year, index=index
        ).delete()
        _touch(rebuilt=False)
    return count


def mark_pending(report: Any) -> None:
    """Mark ``report``'s unit and period pending and enqueue its refresh job (if built).

    Nothing is marked before the rollup was first built or while the tree has changed: the
    pivot reads the fact tables then anyway, and the next rebuild covers the report.
    """
    state = RollupState.objects.order_by("pk").first()
    if state is None or state.refreshed_at is None or state.tree_changed:
        return
    pending, created = RollupPending.objects.get_or_create(
        unit_id=report.unit_id,
        template_id=report.template_id,
        year=report.period_year,
        index=report.period_index,
    )
    if not created:
        return  # its job has not run yet: it will read this report's facts
    from baocao.jobs.queue import enqueue

    enqueue(
        "analytics.rollup",
        {
            "unit": report.unit_id,
            "template": report.template_id,
            "year": report.period_year,
            "index": report.period_index,
        },
        key=f"analytics.rollup:{report.unit_id}:{report.template_id}:"
        f"{report.period_code}:{pending.pk}",
    )


def mark_tree_changed() -> None:
    """Mark the rollup as not matching the tree: a unit was opened, moved or deleted.

    Called by what changes the tree (``organizations.services.reorganize``, the units' admin);
    a rename or a closing keeps every unit's path, so the rollup stays right.
    """
    RollupState.objects.filter(tree_changed=False).update(tree_changed=True)


def fresh_for(status: RollupStatus, first_year: int, last_year: int) -> bool:
    """Return whether the rollup (in ``status``) may answer for ``first_year`` to ``last_year``."""
    if not status.built or status.tree_changed:
        return False
    if not status.pending:
        return True
    return not RollupPending.objects.filter(year__range=(first_year, last_year)).exists()


def parents_among(unit_ids: list[int]) -> set[int]:
    """Return which of ``unit_ids`` have units below them.

    Every unit with children is read (a few in a hundred units; the parent index alone) and
    intersected here: a filter on thousands of row ids costs more to build than to run.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT parent_id FROM organizations_orgunit WHERE parent_id IS NOT NULL"
        )
        parents = {row[0] for row in cursor.fetchall()}
    return parents.intersection(unit_ids)
