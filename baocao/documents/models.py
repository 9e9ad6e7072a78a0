"""Signed copies of official documents (bản ký số), kept so readers can download them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.reports.models import Report


class SignedCopy(models.Model):
    """A PDF of an approved report signed (PAdES) by its approver; written once."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="signed_copies")
    content = models.BinaryField(_("tệp PDF đã ký"))
    sha256 = models.CharField(max_length=64)
    signer_name = models.CharField(_("người ký"), max_length=255)
    organisation = models.CharField(_("cơ quan"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("thời gian ký"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "-signed_at", "-pk"]
        verbose_name = _("bản ký số")
        verbose_name_plural = _("bản ký số")

    def __str__(self) -> str:
        return f"{self.report} — {self.signer_name} {self.signed_at:%d/%m/%Y %H:%M}"
