"""Requests for thematic and ad-hoc reports (Decree 09/2019/NĐ-CP, Art. 4 and 11).

A competent body (e.g. the provincial People's Committee) asks chosen units for a report with
a content outline (đề cương) and a deadline. Issuing the request creates a one-off regime
(``template``, a catalog ReportTemplate) and a draft report for every chosen unit; the reports
then follow the ordinary workflow and are sent back to ``reply_to``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.catalog.models import ReportTemplate
from baocao.organizations.models import OrgUnit
from baocao.reports.models import ImmutableModel


class ReportRequest(models.Model):
    """A request for a thematic (chuyên đề) or ad-hoc (đột xuất) report."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Chuyên đề")
        ADHOC = "adhoc", _("Đột xuất")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CANCELLED = "cancelled", _("Đã hủy")

    requesting_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="report_requests",
        verbose_name=_("cơ quan yêu cầu"),
    )
    kind = models.CharField(
        _("loại báo cáo"), max_length=16, choices=Kind.choices, default=Kind.THEMATIC
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    document_number = models.CharField(_("số văn bản yêu cầu"), max_length=64, blank=True)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    instructions = models.TextField(_("hướng dẫn, yêu cầu"), blank=True)
    deadline = models.DateField(_("hạn nộp"))
    reply_to = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi nhận báo cáo")
    )
    units = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("đơn vị báo cáo"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # The one-off regime created when the request is issued; default_receivers() reads
    # ``template.adhoc_request.reply_to`` so the reports go back to the requester.
    template = models.OneToOneField(
        ReportTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adhoc_request",
        verbose_name=_("chế độ báo cáo"),
    )
    period_code = models.CharField(_("kỳ báo cáo"), max_length=16, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")

    def __str__(self) -> str:
        return self.title


class RequestSection(models.Model):
    """One part of the requested outline (đề cương), in order."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("tên mục"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["request", "order", "pk"]
        verbose_name = _("mục đề cương")
        verbose_name_plural = _("mục đề cương")

    def __str__(self) -> str:
        return self.title


class RequestIndicator(models.Model):
    """A figure the request asks for (chỉ tiêu), with its unit of measure."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["request", "order", "pk"]
        verbose_name = _("chỉ tiêu yêu cầu")
        verbose_name_plural = _("chỉ tiêu yêu cầu")

    def __str__(self) -> str:
        return self.name


class RequestEvent(ImmutableModel):
    """Who did what to a request, and when (never changed or deleted)."""

    class Verb(models.TextChoices):
        CREATE = "create", _("Tạo yêu cầu")
        ISSUE = "issue", _("Ban hành yêu cầu")
        EXTEND = "extend", _("Gia hạn")
        CANCEL = "cancel", _("Hủy yêu cầu")

    request = models.ForeignKey(ReportRequest, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=16, choices=Verb.choices)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("nhật ký yêu cầu")
        verbose_name_plural = _("nhật ký yêu cầu")

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_verb_display()}"
