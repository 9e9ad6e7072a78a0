"""Cross-indicator rules of a regime ("trong đó" ≤ total; the parts sum to the total)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.catalog.models import ReportTemplate
from baocao.domain import validation as rules


class ValidationRule(models.Model):
    """A rule the figures of a regime's reports must satisfy: ``left <operator> right``.

    Each side is an indicator code, a sum of codes ("A + B") or a number. A rule written for a
    regime version applies to its later versions too (it names indicators by code).
    """

    class Operator(models.TextChoices):
        LE = rules.Operator.LE.value, "≤"
        LT = rules.Operator.LT.value, "<"
        EQ = rules.Operator.EQ.value, "="
        GE = rules.Operator.GE.value, "≥"
        GT = rules.Operator.GT.value, ">"

    class Severity(models.TextChoices):
        ERROR = rules.Severity.ERROR.value, _("Lỗi (không cho lưu)")
        WARNING = rules.Severity.WARNING.value, _("Cảnh báo (xác nhận kèm lý do)")

    template = models.ForeignKey(
        ReportTemplate,
        on_delete=models.CASCADE,
        related_name="validation_rules",
        verbose_name=_("chế độ báo cáo"),
    )
    left = models.CharField(_("vế trái"), max_length=300)
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("vế phải"), max_length=300)
    severity = models.CharField(
        _("mức độ"), max_length=8, choices=Severity.choices, default=Severity.ERROR
    )
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["template", "pk"]
        verbose_name = _("quy tắc kiểm tra số liệu")
        verbose_name_plural = _("quy tắc kiểm tra số liệu")

    def __str__(self) -> str:
        return f"{self.left} {self.get_operator_display()} {self.right}"

    def to_rule(self) -> rules.Rule:
        """Return the pure rule the evaluator checks."""
        return rules.Rule(
            left=rules.Expression.parse(self.left),
            operator=rules.Operator(self.operator),
            right=rules.Expression.parse(self.right),
            severity=rules.Severity(self.severity),
            message=self.message,
            id=self.pk,
        )
