"""Annual plan targets (chỉ tiêu kế hoạch năm) per unit and indicator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.catalog.models import Indicator
from baocao.organizations.models import OrgUnit


class AnnualTarget(models.Model):
    """The value a unit plans to reach for an indicator in a year ("kế hoạch năm").

    The indicator is named by its regime's code and the indicator's code, so a target set on
    one regime version still counts for reports written against a later version.
    """

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="annual_targets", verbose_name=_("đơn vị")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="annual_targets",
        verbose_name=_("chỉ tiêu"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("kế hoạch năm"), max_digits=20, decimal_places=4)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit", "year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year"], name="unique_annual_target"
            )
        ]
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.indicator.code}={self.value}"
