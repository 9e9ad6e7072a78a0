"""Reports, their narrative items and indicator values, versions, audit events, numbering."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.catalog.models import Indicator, ReportTemplate, Section
from baocao.domain.periods import Period
from baocao.domain.workflow import Status
from baocao.organizations.models import OrgUnit

# One word per state, everywhere (pages, API, e-mails, exports, docs): see domain/workflow.py.
STATUS_CHOICES = [
    (Status.DRAFT.value, _("Nháp")),
    (Status.SUBMITTED.value, _("Chờ phê duyệt")),
    (Status.RETURNED.value, _("Bị trả lại")),
    (Status.APPROVED.value, _("Đã phê duyệt")),
    (Status.ISSUED.value, _("Đã ban hành")),
    (Status.SENT.value, _("Đã gửi")),
    (Status.RECEIVED.value, _("Đã nhận")),
]


class Report(models.Model):
    """One unit's report for one template and one period."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị")
    )
    template = models.ForeignKey(
        ReportTemplate,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("chế độ báo cáo"),
    )
    period_code = models.CharField(_("kỳ báo cáo"), max_length=16, db_index=True)
    period_kind = models.CharField(max_length=16)
    period_year = models.PositiveSmallIntegerField(db_index=True)
    period_index = models.PositiveSmallIntegerField()
    period_start = models.DateField(_("chốt số liệu từ ngày"))
    period_end = models.DateField(_("chốt số liệu đến ngày"))
    due_date = models.DateField(_("hạn nộp"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=STATUS_CHOICES,
        default=Status.DRAFT.value,
        db_index=True,
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    intro = models.TextField(_("đánh giá chung (mở đầu)"), blank=True)
    version = models.PositiveIntegerField(default=1)
    number_seq = models.PositiveIntegerField(null=True, blank=True)
    number_text = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    sign_authority = models.CharField(_("thẩm quyền ký"), max_length=128, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    is_consolidated = models.BooleanField(_("báo cáo tổng hợp"), default=False)
    is_demo = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("văn thư ban hành"),
    )
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("thời điểm nơi nhận tiếp nhận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_year", "-period_index", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "template", "period_code"], name="unique_report_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["template", "period_code", "status"]),
            # A regime version's first and latest periods (analytics.selectors) read from
            # either end, not sorted from all its reports.
            models.Index(
                fields=["template", "period_kind", "period_year", "period_index"],
                name="report_regime_period_idx",
            ),
        ]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name} — {self.period.label}"

    @property
    def period(self) -> Period:
        """Return the report's period as a domain object."""
        return Period.parse(self.period_code)

    @property
    def status_enum(self) -> Status:
        """Return the status as a domain enum."""
        return Status(self.status)

    @property
    def is_editable(self) -> bool:
        """Return whether the report may still be edited (draft or returned)."""
        return self.status in (Status.DRAFT.value, Status.RETURNED.value)

    @property
    def file_stem(self) -> str:
        """Return a file name stem such as ``BC-STTTT-2022-01``."""
        code = self.unit.doc_code or self.unit.code
        return f"{self.template.doc_type_code}-{code}-{self.period_code}"


class NarrativeItem(models.Model):
    """One narrative item (nội dung) of a report, under a section."""

    class Kind(models.TextChoices):
        RESULT = "result", _("Kết quả")
        PLAN = "plan", _("Nhiệm vụ kỳ tới")
        ISSUE = "issue", _("Tồn tại, hạn chế")
        PROPOSAL = "proposal", _("Kiến nghị")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("lĩnh vực"),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.RESULT)
    text = models.TextField(_("nội dung"))
    continuing = models.BooleanField(_("tiếp tục"), default=False)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        verbose_name=_("nhiệm vụ kỳ trước"),
    )
    source_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị báo cáo"),
    )

    class Meta:
        ordering = ["report", "section__order", "order", "pk"]
        verbose_name = _("nội dung")
        verbose_name_plural = _("nội dung")

    def __str__(self) -> str:
        return self.text[:80]


class IndicatorValue(models.Model):
    """The value a report gives for one indicator (số liệu)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True)
    text_value = models.CharField(_("giá trị (văn bản)"), max_length=500, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    is_estimate = models.BooleanField(
        _("ước thực hiện"),
        default=False,
        help_text=_("Số ước tính cho những ngày cuối kỳ; kỳ sau báo cáo số chính thức."),
    )
    confirmed_reason = models.CharField(
        _("lý do xác nhận"),
        max_length=500,
        blank=True,
        help_text=_("Lý do người báo cáo xác nhận một số liệu bị cảnh báo là bất thường."),
    )
    previous_actual = models.DecimalField(
        _("số chính thức kỳ trước"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Số chính thức thay cho số ước của kỳ trước; áp dụng khi báo cáo này được duyệt."
        ),
    )
    actual_value = models.DecimalField(
        _("số chính thức"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Số chính thức báo cáo kỳ sau đưa ra thay cho số ước này (dùng cho phân tích)."
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="unique_value_per_report")
        ]
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value if self.value is not None else self.text_value}"


class ImmutableModel(models.Model):
    """A record written once: saving an existing row or deleting one raises."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the record; refuse to update it."""
        if self.pk is not None and type(self)._default_manager.filter(pk=self.pk).exists():
            raise PermissionError(f"{type(self).__name__} records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refuse to delete the record."""
        raise PermissionError(f"{type(self).__name__} records cannot be deleted")


class ReportVersion(ImmutableModel):
    """An immutable snapshot of a report's content, stored at each submission."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_version")
        ]
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class AuditEvent(ImmutableModel):
    """Who did what to which report, and when (nhật ký)."""

    class Verb(models.TextChoices):
        CREATE = "create", _("Tạo báo cáo")
        EDIT = "edit", _("Sửa nội dung")
        SUBMIT = "submit", _("Trình duyệt")
        APPROVE = "approve", _("Phê duyệt")
        RETURN = "return", _("Trả lại")
        ISSUE = "issue", _("Ban hành")
        SEND = "send", _("Gửi nơi nhận")
        OPEN = "open", _("Nơi nhận mở xem")
        RECEIVE = "receive", _("Tiếp nhận")
        REJECT = "reject", _("Nơi nhận trả lại")
        IMPORT = "import", _("Nhập từ tệp")
        CONSOLIDATE = "consolidate", _("Tổng hợp")
        EXPORT = "export", _("Xuất văn bản")
        SIGN = "sign", _("Ký số")

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=16, choices=Verb.choices)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.get_verb_display()}"


class NumberRegister(models.Model):
    """The yearly register of document numbers of an issuing unit (sổ đăng ký văn bản đi)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="number_registers")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_register_per_year")
        ]
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.last_seq}"


class DocumentCapture(ImmutableModel):
    """Everything a report's official document prints, captured when approved and when issued.

    Exporting a report that is approved or later reads only its latest capture, so renaming the
    unit, its parent, the regime's sections or indicators, or the signer's title never changes
    a document once approved (the record never changes once issued).
    """

    class Stage(models.TextChoices):
        APPROVED = "approved", _("Khi phê duyệt")
        ISSUED = "issued", _("Khi ban hành")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="captures")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    number_text = models.CharField(max_length=64, blank=True)
    document = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("bản chốt văn bản")
        verbose_name_plural = _("bản chốt văn bản")

    def __str__(self) -> str:
        return f"{self.report} — {self.get_stage_display()} {self.number_text}".strip()
