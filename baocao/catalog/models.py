"""Report templates (chế độ báo cáo / mẫu báo cáo): sections, indicators and rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.domain.deadlines import DeadlineRule
from baocao.domain.periods import CutoffRule, PeriodKind
from baocao.organizations.models import OrgUnit


def default_deadline_rule() -> dict:
    """Return the default deadline: the 20th of the month the cut-off ends in."""
    return {"kind": "day_of_month", "value": 20, "month_offset": 0}


class ReportTemplate(models.Model):
    """A reporting regime: who reports what, how often, with which cut-off and deadline."""

    # The regime's code names its family of versions: "STTTT-THANG" is every version of the
    # monthly regime, and lookups by code take the current one (``ReportTemplate.current``).
    code = models.CharField(_("mã"), max_length=32)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1, editable=False)
    is_current = models.BooleanField(_("phiên bản hiện hành"), default=True, editable=False)
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    previous_version = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("phiên bản trước"),
    )
    name = models.CharField(_("tên chế độ báo cáo"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    period_kind = models.CharField(
        _("kỳ báo cáo"),
        max_length=16,
        choices=[
            (PeriodKind.MONTH.value, _("Tháng")),
            (PeriodKind.QUARTER.value, _("Quý")),
            (PeriodKind.HALF.value, _("6 tháng")),
            (PeriodKind.NINE_MONTHS.value, _("9 tháng")),
            (PeriodKind.YEAR.value, _("Năm")),
        ],
        default=PeriodKind.MONTH.value,
    )
    cutoff_start_day = models.PositiveSmallIntegerField(
        _("ngày bắt đầu chốt số liệu"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "15: từ ngày 15 tháng trước đến ngày 14 (Nghị định 09/2019); 1: tháng dương lịch."
        ),
    )
    deadline_rule = models.JSONField(_("quy tắc hạn nộp"), default=default_deadline_rule)
    doc_type_code = models.CharField(_("mã loại văn bản"), max_length=8, default="BC")
    title_format = models.CharField(
        _("mẫu trích yếu"),
        max_length=255,
        default="Kết quả hoạt động {period}",
        help_text=_("{period} được thay bằng tên kỳ, ví dụ: tháng 01 năm 2022."),
    )
    recipients = models.TextField(
        _("nơi nhận mặc định"), blank=True, help_text=_("Mỗi dòng một nơi nhận.")
    )
    assigned_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("đơn vị phải báo cáo"), blank=True, related_name="templates"
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    # Decree 09/2019 Art. 8: who issues and manages the regime, who reports, who receives,
    # how reports are sent and received, the legal basis and the instructions.
    owner_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_templates",
        verbose_name=_("đơn vị quản lý chế độ"),
        help_text=_("Quản trị của đơn vị này (hoặc cấp trên) được sửa chế độ báo cáo."),
    )
    issuer = models.CharField(
        _("cơ quan ban hành"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: UBND tỉnh Hưng Yên, Bộ Y tế."),
    )
    reporters_note = models.TextField(
        _("đối tượng thực hiện báo cáo"),
        blank=True,
        help_text=_("Ví dụ: UBND các xã, phường; các sở, ban, ngành."),
    )
    receiving_units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("cơ quan nhận báo cáo"),
        blank=True,
        related_name="receiving_templates",
    )
    delivery_methods = models.JSONField(
        _("phương thức gửi, nhận báo cáo"), default=list, blank=True
    )
    delivery_note = models.TextField(_("ghi chú về cách gửi, nhận"), blank=True)
    instructions = models.TextField(_("hướng dẫn thực hiện báo cáo"), blank=True)
    legal_basis = models.ManyToManyField(
        "legal.LegalDocument",
        verbose_name=_("căn cứ pháp lý"),
        blank=True,
        related_name="regimes",
    )
    # How the reporting units were chosen (by level, subtree or list), kept to show and export;
    # the chosen units are ``assigned_units``.
    assignment_rule = models.JSONField(_("cách giao đơn vị báo cáo"), default=dict, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_template_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_current=True),
                name="one_current_template_version",
            ),
        ]
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")

    def __str__(self) -> str:
        if self.version > 1:
            return f"{self.name} ({_('phiên bản')} {self.version})"
        return self.name

    @classmethod
    def current(cls, code: str) -> ReportTemplate | None:
        """Return the current version of the regime coded ``code`` (None when unknown)."""
        return cls.objects.filter(code=code, is_current=True).first()

    @property
    def cutoff_rule(self) -> CutoffRule:
        """Return the template's cut-off rule as a domain object."""
        return CutoffRule(self.cutoff_start_day)

    @property
    def deadline(self) -> DeadlineRule:
        """Return the template's deadline rule as a domain object."""
        return DeadlineRule.from_dict(self.deadline_rule)

    @property
    def kind(self) -> PeriodKind:
        """Return the period kind as a domain enum."""
        return PeriodKind(self.period_kind)


class Section(models.Model):
    """A field (lĩnh vực) of a template's narrative outline (đề cương)."""

    class Kind(models.TextChoices):
        RESULTS = "results", _("Kết quả")
        PLAN = "plan", _("Nhiệm vụ kỳ tới")
        ISSUES = "issues", _("Tồn tại, hạn chế")
        PROPOSALS = "proposals", _("Kiến nghị, đề xuất")
        OTHER = "other", _("Khác")

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mã"), max_length=32)
    title = models.CharField(_("tên lĩnh vực"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.RESULTS)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=False)

    class Meta:
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_section_code")
        ]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.title


class Disaggregation(models.Model):
    """A disaggregation (phân tổ), e.g. by gender: a list of options an indicator splits into.

    Like DHIS2's category combinations, kept simple: one disaggregation per indicator. A
    disaggregated indicator is the total; each option becomes a child indicator
    (``Indicator.parent`` and ``Indicator.option``), so every layer reads plain indicators.
    """

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên phân tổ"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("phân tổ")
        verbose_name_plural = _("phân tổ")

    def __str__(self) -> str:
        return self.name


class DisaggregationOption(models.Model):
    """One option of a disaggregation (e.g. "Nam", "Nữ")."""

    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=128)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["disaggregation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["disaggregation", "code"], name="unique_disaggregation_option"
            )
        ]
        verbose_name = _("nhóm phân tổ")
        verbose_name_plural = _("nhóm phân tổ")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A number a template asks for (chỉ tiêu), with its unit, type, bounds and aggregation."""

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        DECIMAL = "decimal", _("Số thập phân")
        PERCENT = "percent", _("Tỷ lệ %")
        TEXT = "text", _("Văn bản")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng")
        AVERAGE = "average", _("Trung bình")
        MAX = "max", _("Lớn nhất")
        MIN = "min", _("Nhỏ nhất")
        LAST = "last", _("Giá trị cuối")

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="indicators"
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name=_("lĩnh vực"),
    )
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    value_type = models.CharField(
        _("kiểu giá trị"), max_length=16, choices=ValueType.choices, default=ValueType.INTEGER
    )
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    min_value = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    required = models.BooleanField(_("bắt buộc"), default=False)
    is_key = models.BooleanField(_("chỉ tiêu chính"), default=False)
    synonyms = models.TextField(
        _("cụm từ nhận diện"),
        blank=True,
        help_text=_("Mỗi dòng một cụm từ giúp nhận diện số liệu khi nhập từ tệp."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # A disaggregated indicator (``disaggregation`` set) is the total of its parts: one child
    # indicator per option, with ``parent`` and ``option`` set.
    disaggregation = models.ForeignKey(
        Disaggregation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("phân tổ"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("chỉ tiêu tổng"),
    )
    option = models.ForeignKey(
        DisaggregationOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nhóm phân tổ"),
    )
    continues = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="continued_by",
        verbose_name=_("tiếp nối chỉ tiêu"),
        help_text=_(
            "Chỉ tiêu của phiên bản trước mà chỉ tiêu này tiếp nối (phân tích theo "
            "quá trình kế thừa cộng cả số liệu của chúng)."
        ),
    )

    class Meta:
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_indicator_code")
        ]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    @property
    def is_numeric(self) -> bool:
        """Return whether values of this indicator are numbers."""
        return self.value_type != self.ValueType.TEXT

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """Return the lower and upper bounds, percentages defaulting to 0-100."""
        low, high = self.min_value, self.max_value
        if self.value_type == self.ValueType.PERCENT:
            low = Decimal(0) if low is None else low
            high = Decimal(100) if high is None else high
        return low, high


class Holiday(models.Model):
    """An administrator's correction of the working calendar, kept for the record.

    A row is never edited: it adds a day off (``day_off``), records a weekend day worked in
    exchange (``working_day``, ngày làm bù) or cancels a day off (``cancelled``; a move is a
    cancellation with ``moved_to`` plus a day off on that date). Undoing a correction withdraws
    it (``withdrawn_at``/``withdrawn_by``). Who made each change and when is on the row.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm bù")
        CANCELLED = "cancelled", _("Hủy ngày nghỉ")

    day = models.DateField(_("ngày"))
    kind = models.CharField(
        _("loại điều chỉnh"), max_length=16, choices=Kind.choices, default=Kind.DAY_OFF
    )
    name = models.CharField(_("tên ngày nghỉ"), max_length=128, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    moved_to = models.DateField(_("chuyển sang ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người hủy điều chỉnh"),
    )
    withdrawn_at = models.DateTimeField(_("thời điểm hủy điều chỉnh"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("lý do hủy điều chỉnh"), blank=True)

    class Meta:
        ordering = ["day", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_holiday_correction_per_day",
            )
        ]
        verbose_name = _("điều chỉnh ngày nghỉ")
        verbose_name_plural = _("điều chỉnh ngày nghỉ")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()} {self.name}".rstrip()


class RegimeEvent(models.Model):
    """Who changed which regime, how and when (nhật ký chế độ báo cáo); written once.

    ``code`` and ``version`` keep the regime's name when the version is deleted later.
    """

    class Verb(models.TextChoices):
        CREATE = "create", _("Tạo chế độ báo cáo")
        EDIT = "edit", _("Sửa thông tin chung")
        VERSION = "version", _("Tạo phiên bản mới")
        COPY = "copy", _("Sao chép")
        DELETE = "delete", _("Xóa")
        SECTION = "section", _("Sửa đề cương")
        INDICATOR = "indicator", _("Sửa biểu mẫu số liệu")
        ASSIGN = "assign", _("Giao đơn vị báo cáo")
        IMPORT = "import", _("Nhập từ tệp")
        DISAGGREGATION = "disaggregation", _("Sửa phân tổ")

    template = models.ForeignKey(
        ReportTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("chế độ báo cáo"),
    )
    code = models.CharField(_("mã"), max_length=32, blank=True, db_index=True)
    version = models.PositiveSmallIntegerField(_("phiên bản"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    verb = models.CharField(_("thao tác"), max_length=16, choices=Verb.choices)
    summary = models.CharField(_("nội dung"), max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nhật ký chế độ báo cáo")
        verbose_name_plural = _("nhật ký chế độ báo cáo")

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.code} {self.get_verb_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the event; refuse to change one already written."""
        if self.pk is not None and RegimeEvent.objects.filter(pk=self.pk).exists():
            raise PermissionError("RegimeEvent records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Refuse to delete the event."""
        raise PermissionError("RegimeEvent records cannot be deleted")
