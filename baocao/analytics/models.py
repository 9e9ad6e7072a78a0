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
