"""Analytics storage: the pre-aggregated fact table and confirmed plan follow-through matches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.catalog.models import Indicator
from baocao.organizations.models import OrgUnit
from baocao.reports.models import NarrativeItem, Report


class IndicatorFact(models.Model):
    """One approved numeric value, flattened for fast pivots (unit × indicator × period).

    Rows come only from approved reports that are not consolidated (a consolidated report
    repeats its units' numbers). ``refresh_report_facts`` keeps them in step on approval;
    ``baocao refresh_analytics`` rebuilds them all.

    Indexes: the unique (unit, indicator, period) constraint, the covering
    (unit, indicator, year, index, value) index every pivot query reads through (a nested loop
    from the row units' subtree), and ``report`` for the refresh on approval. The foreign keys
    of unit and indicator need no index of their own (the leading columns cover them): every
    index costs minutes when the table is rebuilt at ten million rows.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period_code = models.CharField(max_length=16)
    period_kind = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    index = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period_code"], name="unique_fact_per_period"
            )
        ]
        indexes = [
            models.Index(
                fields=["unit", "indicator", "year", "index", "value"], name="fact_unit_cover"
            ),
        ]
        verbose_name = _("số liệu phân tích")
        verbose_name_plural = _("số liệu phân tích")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.period_code}={self.value}"


class IndicatorYearFact(models.Model):
    """The facts of one unit, indicator and year, pre-aggregated (the pivot's "by year" view).

    ``total``, ``count``, ``high``, ``low`` over the year's periods, and the value of the
    latest period (``last_index``, ``last_value``) for the "last" rule. Refreshed with the
    facts on approval (the report's unit and year) and rebuilt with them.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    total = models.DecimalField(max_digits=24, decimal_places=4)
    count = models.PositiveIntegerField()
    high = models.DecimalField(max_digits=20, decimal_places=4)
    low = models.DecimalField(max_digits=20, decimal_places=4)
    last_index = models.PositiveSmallIntegerField()
    last_value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "year"], name="unique_year_fact")
        ]
        # One indicator across every unit (the unique constraint starts with the unit).
        indexes = [models.Index(fields=["indicator", "year"], name="year_fact_ind_year")]
        verbose_name = _("số liệu phân tích theo năm")
        verbose_name_plural = _("số liệu phân tích theo năm")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.year}: {self.total} ({self.count})"


class IndicatorRollup(models.Model):
    """The facts of a unit's whole subtree for one indicator and column, pre-aggregated.

    Rows exist only for units that have units below them (a unit without children reads its
    own facts). ``index`` is the period's index, or 0 for the whole year (rolled up from the
    year rows). ``total``, ``count``, ``high``, ``low`` over the subtree's facts, and
    ``last_total`` the sum of each unit's latest value in the column (the "last" rule; by
    period it equals ``total``). Rebuilt with the facts; after an approval a job
    (``analytics.rollup``) refreshes the rows of the unit's ancestors for that period; until it
    has, ``RollupPending`` marks them and the pivot reads the fact tables instead.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    index = models.PositiveSmallIntegerField()
    total = models.DecimalField(max_digits=24, decimal_places=4)
    count = models.PositiveIntegerField()
    high = models.DecimalField(max_digits=20, decimal_places=4)
    low = models.DecimalField(max_digits=20, decimal_places=4)
    last_total = models.DecimalField(max_digits=24, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year", "index"], name="unique_rollup_cell"
            )
        ]
        verbose_name = _("số liệu tổng hợp theo cây")
        verbose_name_plural = _("số liệu tổng hợp theo cây")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.year}-{self.index}: {self.total}"


class RollupState(models.Model):
    """The rollup table's state (one row): when it was last brought up to date.

    ``tree_changed`` is set when a unit is saved or deleted (a move, a new child): the rollup
    no longer matches the tree and the pivot reads the fact tables until the next rebuild.
    """

    refreshed_at = models.DateTimeField(null=True, blank=True)
    tree_changed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("trạng thái số liệu tổng hợp")
        verbose_name_plural = _("trạng thái số liệu tổng hợp")

    def __str__(self) -> str:
        return f"{self.refreshed_at} (tree changed: {self.tree_changed})"


class RollupPending(models.Model):
    """An approved period whose ancestors' rollup rows wait for their refresh job."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(
        "catalog.ReportTemplate", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    index = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "template", "year", "index"], name="unique_rollup_pending"
            )
        ]
        indexes = [models.Index(fields=["year"], name="rollup_pending_year")]
        verbose_name = _("số liệu tổng hợp chờ tính lại")
        verbose_name_plural = _("số liệu tổng hợp chờ tính lại")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.template_id}/{self.year}-{self.index}"


class FollowThrough(models.Model):
    """A person's confirmed answer: which result item of period P+1 reports a task of period P."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Đã thực hiện")
        CONTINUING = "continuing", _("Đang tiếp tục")
        NOT_REPORTED = "not_reported", _("Chưa báo cáo")

    plan_item = models.OneToOneField(
        NarrativeItem, on_delete=models.CASCADE, related_name="follow_through"
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The report of period P+1 that answers the task.",
    )
    result_item = models.ForeignKey(
        NarrativeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    score = models.FloatField(default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("theo dõi thực hiện nhiệm vụ")
        verbose_name_plural = _("theo dõi thực hiện nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.plan_item_id} → {self.result_item_id} ({self.outcome})"
