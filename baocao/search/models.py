"""The search index: one row per searchable text of a report, with a folded shadow column.

The full-text index itself is vendor-specific and created by migration 0002: an FTS5 table
over ``folded`` on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
Unit, template, section, status and period are copied here so that a search filters and
checks permissions without joining the reports table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One searchable text: a report's summary line, its introduction, or a narrative item."""

    class Field(models.TextChoices):
        TITLE = "title", _("Trích yếu")
        INTRO = "intro", _("Đánh giá chung")
        ITEM = "item", _("Nội dung")

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="search_entries"
    )
    item = models.ForeignKey(
        "reports.NarrativeItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    field = models.CharField(max_length=8, choices=Field.choices)
    unit = models.ForeignKey("organizations.OrgUnit", on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(
        "catalog.ReportTemplate", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    section = models.ForeignKey(
        "catalog.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(max_length=16)
    month_first = models.IntegerField(help_text="year * 12 + first month - 1 of the period")
    month_last = models.IntegerField(help_text="year * 12 + last month - 1 of the period")
    folded = models.TextField()

    class Meta:
        # Newest entries of a unit first: how a search walks a reporter's own units.
        indexes = [models.Index(fields=["unit", "id"], name="search_entry_unit_newest")]
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return f"{self.field} #{self.report_id}/{self.item_id}: {self.folded[:60]}"
