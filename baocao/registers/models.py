"""Work registers (sổ theo dõi): a unit's own records whose figures its reports quote.

A register belongs to one unit; its entries are dated events (a publication deposited, a
complaint received, a batch of files handled), numbered from 1 each year as paper registers
are. A binding ties a report indicator to a register: the indicator's value for a period is the
number of entries, or the sum of their quantities, in the report's data window.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baocao.domain.registers import Measure
from baocao.domain.text import fold
from baocao.reports.models import ImmutableModel


class WorkRegister(models.Model):
    """A register a unit keeps (sổ theo dõi), with the categories its entries may take."""

    unit = models.ForeignKey(
        "organizations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="registers",
        verbose_name=_("đơn vị"),
    )
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên sổ"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    categories = models.JSONField(
        _("phân loại"),
        default=list,
        blank=True,
        help_text=_("Danh sách phân loại được chọn khi ghi sổ; để trống nếu không phân loại."),
    )
    quantity_label = models.CharField(
        _("tên cột số lượng"),
        max_length=64,
        blank=True,
        help_text=_("Ví dụ: Số trang, Số hồ sơ; để trống nếu sổ không ghi số lượng."),
    )
    columns = models.JSONField(
        _("các cột của sổ"),
        default=list,
        blank=True,
        help_text="column definitions: code, label, type, options, required, order "
        "(registers.columns)",
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="unique_register_code_per_unit")
        ]
        ordering = ["unit__path", "name"]
        verbose_name = _("sổ theo dõi")
        verbose_name_plural = _("sổ theo dõi")

    def __str__(self) -> str:
        return self.name


class RegisterEntry(models.Model):
    """One line of a register: what happened, when, its category and quantity."""

    register = models.ForeignKey(
        WorkRegister, on_delete=models.CASCADE, related_name="entries", verbose_name=_("sổ")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    entry_date = models.DateField(_("ngày"))
    subject = models.TextField(_("nội dung"))
    category = models.CharField(_("phân loại"), max_length=128, blank=True)
    quantity = models.DecimalField(
        _("số lượng"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    reference = models.CharField(_("số, ký hiệu"), max_length=255, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    values = models.JSONField(
        _("giá trị các cột"),
        default=dict,
        blank=True,
        help_text="the register's own columns, by code (validated by registers.columns)",
    )
    folded = models.TextField(
        editable=False,
        default="",
        help_text="subject, reference and notes folded, for the text filter",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"], name="unique_entry_number_per_register_year"
            )
        ]
        indexes = [models.Index(fields=["register", "entry_date"], name="register_entry_date")]
        ordering = ["entry_date", "number"]
        verbose_name = _("mục sổ theo dõi")
        verbose_name_plural = _("mục sổ theo dõi")

    def __str__(self) -> str:
        return f"{self.number}/{self.year}: {self.subject[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Store the folded text the register page's text filter searches."""
        self.folded = fold(f"{self.subject} {self.reference} {self.notes}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "folded"}
        super().save(*args, **kwargs)


class RegisterYear(models.Model):
    """The last number given in a register's year: numbers are never given twice, even after
    the year's last line is deleted."""

    register = models.ForeignKey(WorkRegister, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="unique_register_year")
        ]

    def __str__(self) -> str:
        return f"{self.register.code} {self.year}: {self.last_number}"


class RegisterBinding(models.Model):
    """A report indicator whose value a register gives: a count or a sum, maybe one category."""

    register = models.ForeignKey(
        WorkRegister, on_delete=models.CASCADE, related_name="bindings", verbose_name=_("sổ")
    )
    indicator = models.ForeignKey(
        "catalog.Indicator",
        on_delete=models.CASCADE,
        related_name="register_bindings",
        verbose_name=_("chỉ tiêu"),
    )
    measure = models.CharField(
        _("cách tính"),
        max_length=8,
        choices=[
            (Measure.COUNT.value, _("Đếm số mục")),
            (Measure.SUM.value, _("Cộng cột số lượng")),
        ],
        default=Measure.COUNT.value,
    )
    category = models.CharField(
        _("chỉ tính phân loại"),
        max_length=128,
        blank=True,
        help_text=_("Để trống để tính mọi mục của sổ."),
    )
    categories = models.JSONField(
        _("chỉ tính các phân loại"),
        default=list,
        blank=True,
        help_text=_("Để trống để tính mọi phân loại."),
    )
    filters = models.JSONField(
        _("điều kiện theo cột"),
        default=dict,
        blank=True,
        help_text="column code → the values counted (any of them)",
    )
    sum_column = models.CharField(
        _("cột số được cộng"),
        max_length=32,
        blank=True,
        help_text=_("Để trống để cộng cột số lượng."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["register", "indicator"], name="unique_binding_per_register_indicator"
            )
        ]
        verbose_name = _("chỉ tiêu lấy từ sổ")
        verbose_name_plural = _("chỉ tiêu lấy từ sổ")

    def __str__(self) -> str:
        return f"{self.indicator.code} ← {self.register.code} ({self.measure})"

    def filter_pairs(self) -> list[tuple[str, list[str]]]:
        """Return the column conditions as (column code, values) pairs, for the pages.

        A template's ``filters.items`` would read a column coded "items" (a valid code)
        instead of the dict's pairs.
        """
        return sorted((str(code), list(allowed)) for code, allowed in (self.filters or {}).items())

    def wanted_categories(self) -> list[str]:
        """Return the categories counted (none: every category), old single field included."""
        chosen = [str(c) for c in self.categories or []]
        if self.category and self.category not in chosen:
            chosen.insert(0, self.category)
        return chosen


class RegisterUpload(models.Model):
    """A spreadsheet uploaded to be imported into a register, kept between its preview and the
    confirmation; deleted after the import, or after a day."""

    register = models.ForeignKey(WorkRegister, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    skip_existing = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.name


class RegisterEvent(ImmutableModel):
    """Who added, changed, deleted or imported which line of a register, and when (nhật ký sổ).

    ``data`` keeps the line as it was after an addition, before and after a change, and as it
    was before a deletion — so a deleted line can always be read again. Written by the
    services only; never changed or deleted.
    """

    class Verb(models.TextChoices):
        ADD = "add", pgettext_lazy("nhật ký sổ", "Ghi mới")
        EDIT = "edit", pgettext_lazy("nhật ký sổ", "Sửa")
        DELETE = "delete", pgettext_lazy("nhật ký sổ", "Xóa")
        IMPORT = "import", pgettext_lazy("nhật ký sổ", "Nhập từ tệp")
        CREATE = "create", pgettext_lazy("nhật ký sổ", "Tạo sổ")
        DESIGN = "design", pgettext_lazy("nhật ký sổ", "Sửa thiết kế")
        BIND = "bind", pgettext_lazy("nhật ký sổ", "Gắn chỉ tiêu")
        UNBIND = "unbind", pgettext_lazy("nhật ký sổ", "Bỏ gắn chỉ tiêu")

    register = models.ForeignKey(WorkRegister, on_delete=models.PROTECT, related_name="events")
    entry_id_value = models.BigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=32, blank=True, help_text="the line's number/year")
    verb = models.CharField(max_length=8, choices=Verb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nhật ký sổ")
        verbose_name_plural = _("nhật ký sổ")

    def __str__(self) -> str:
        return f"{self.register.code} {self.verb} {self.label}"
