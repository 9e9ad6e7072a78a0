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
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    period_code = models.CharField(max_length=16)
    period_kind = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    index = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period_code"],
                                    name="unique_fact_per_period")
        ]
        indexes = [
            models.Index(fields=["indicator", "year", "index", "unit", "value"],
                         name="fact_ind_period_cover"),
            models.Index(fields=["unit", "indicator", "year"], name="fact_unit_ind"),
        ]
        verbose_name = _("số liệu phân tích")
        verbose_name_plural = _("số liệu phân tích")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.period_code}={self.value}"


class FollowThrough(models.Model):
    """A person's confirmed answer: which result item of period P+1 reports a task of period P."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Đã thực hiện")
        CONTINUING = "continuing", _("Đang tiếp tục")
        NOT_REPORTED = "not_reported", _("Chưa báo cáo")

    plan_item = models.OneToOneField(NarrativeItem, on_delete=models.CASCADE,
                                     related_name="follow_through")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+",
                               help_text="The report of period P+1 that answers the task.")
    result_item = models.ForeignKey(NarrativeItem, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    score = models.FloatField(default=0)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("theo dõi thực hiện nhiệm vụ")
        verbose_name_plural = _("theo dõi thực hiện nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.plan_item_id} → {self.result_item_id} ({self.outcome})"
