"""Files imported from legacy reports, their parse result and the draft made from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.catalog.models import ReportTemplate
from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report


class ImportedFile(models.Model):
    """One uploaded or imported file: its bytes' hash, where it went, what the parser saw."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Chờ xác nhận")
        IMPORTED = "imported", _("Đã nhập")

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="imported_files")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    encoding = models.CharField(max_length=32, blank=True)
    content = models.BinaryField(_("tệp gốc"))
    parsed = models.JSONField(_("kết quả phân tích"))
    text = models.TextField(_("văn bản gốc"))
    # What the Decree 30 header says, read by the parser; the person may correct it.
    agency = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=64, blank=True)
    doc_number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    doc_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    # The highlighted text of the preview, computed once at upload (bounded, see highlight.py).
    preview_html = models.TextField(blank=True)
    preview_truncated = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_file"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "template", "sha256"], name="unique_import_per_unit_template"
            )
        ]
        verbose_name = _("tệp nhập")
        verbose_name_plural = _("tệp nhập")

    def __str__(self) -> str:
        return self.name
