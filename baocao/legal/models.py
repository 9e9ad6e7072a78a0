"""The registry of legal documents cited in reports (văn bản được viện dẫn) and the citations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalDocument(models.Model):
    """A numbered document cited by at least one report item, e.g. Nghị định 107/2021/NĐ-CP."""

    key = models.CharField(max_length=255, unique=True, editable=False)
    doc_type = models.CharField(_("loại văn bản"), max_length=64, db_index=True)
    number = models.CharField(_("số"), max_length=16)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, db_index=True)
    symbol = models.CharField(_("ký hiệu"), max_length=64)
    code = models.CharField(_("số, ký hiệu"), max_length=100)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    # Who issued it, as compared (part of ``key``): "tw:CP", "tinh:thai binh", "" if unknown.
    issuer_key = models.CharField(max_length=160, blank=True, db_index=True, editable=False)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "doc_type", "code"]
        indexes = [models.Index(fields=["doc_type", "number"], name="legal_doc_type_number")]
        verbose_name = _("văn bản được viện dẫn")
        verbose_name_plural = _("văn bản được viện dẫn")

    def __str__(self) -> str:
        return f"{self.doc_type} {self.code}"


class Citation(models.Model):
    """One place where a report cites a document: in full or by a short mention."""

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="citations")
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="citations")
    item = models.ForeignKey(
        "reports.NarrativeItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    text = models.CharField(_("trích dẫn"), max_length=500)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    is_short = models.BooleanField(_("nhắc lại ngắn"), default=False)

    class Meta:
        ordering = ["report", "item", "start"]
        verbose_name = _("trích dẫn văn bản")
        verbose_name_plural = _("trích dẫn văn bản")

    def __str__(self) -> str:
        return f"{self.document} ← {self.report_id}"


class CitingProvince(models.Model):
    """The province of a report when it first cited a document ("Thái Bình").

    A document whose symbol does not name its issuer ("01/CT-UBND") is that province's, even
    after the report's unit moved to another province (the 2025 reorganisation) or its items
    were rewritten.
    """

    report = models.OneToOneField(
        "reports.Report", on_delete=models.CASCADE, related_name="citing_province"
    )
    name = models.CharField(_("tỉnh"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tỉnh của báo cáo viện dẫn")
        verbose_name_plural = _("tỉnh của báo cáo viện dẫn")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.name}"
