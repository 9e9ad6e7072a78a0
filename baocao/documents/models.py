"""Signed copies of official documents (bản ký số), the agencies' signing tokens and seals,
people's signature images, and signatures waiting for an external signer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.organizations.models import OrgUnit
from baocao.reports.models import Report


class SignedCopy(models.Model):
    """A PDF of a report signed (PAdES) by its approver or with the agency's key; written once."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Chữ ký số cá nhân")
        AGENCY = "agency", _("Chữ ký số của cơ quan")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="signed_copies")
    content = models.BinaryField(_("tệp PDF đã ký"))
    sha256 = models.CharField(max_length=64)
    signer_name = models.CharField(_("người ký"), max_length=255)
    organisation = models.CharField(_("cơ quan"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("thời gian ký"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("loại chữ ký"), max_length=16, choices=Kind.choices, default=Kind.PERSONAL
    )

    class Meta:
        ordering = ["report", "-signed_at", "-pk"]
        verbose_name = _("bản ký số")
        verbose_name_plural = _("bản ký số")

    def __str__(self) -> str:
        return f"{self.report} — {self.signer_name} {self.signed_at:%d/%m/%Y %H:%M}"


class AgencyToken(models.Model):
    """How a unit's agency signature is made: its PKCS#11 token and key, and its seal image.

    The PIN is entered at each signing and never stored. ``module_path`` empty means
    ``settings.BAOCAO_PKCS11_MODULE``; only modules listed in ``BAOCAO_PKCS11_MODULES`` (and
    that default) may be chosen, since the server loads the module as code.
    """

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, related_name="agency_token", verbose_name=_("đơn vị")
    )
    module_path = models.CharField(_("thư viện PKCS#11"), max_length=255, blank=True)
    token_label = models.CharField(_("nhãn thiết bị ký số"), max_length=64, blank=True)
    key_label = models.CharField(_("nhãn khóa ký"), max_length=64, blank=True)
    cert_label = models.CharField(_("nhãn chứng thư số"), max_length=64, blank=True)
    seal_image = models.BinaryField(_("ảnh con dấu"), blank=True, default=b"")
    seal_size_mm = models.FloatField(_("đường kính con dấu (mm)"), default=34.0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("thiết bị ký số của cơ quan")
        verbose_name_plural = _("thiết bị ký số của cơ quan")

    def __str__(self) -> str:
        return f"{self.unit} — {self.token_label}/{self.key_label}"

    @property
    def has_token(self) -> bool:
        return bool(self.token_label and self.key_label)


class SignatureImage(models.Model):
    """A person's handwritten signature as a PNG, shown in their digital signatures."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signature_image"
    )
    image = models.BinaryField(_("ảnh chữ ký"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ảnh chữ ký")
        verbose_name_plural = _("ảnh chữ ký")

    def __str__(self) -> str:
        return str(self.user)


class PendingSignature(models.Model):
    """A PDF prepared for a person's external signature, waiting for the signer's CMS.

    Holds the prepared PDF (with /Contents reserved) and the digest to sign; expires.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    prepared_pdf = models.BinaryField()
    document_digest = models.CharField(max_length=128)
    reserved_start = models.PositiveBigIntegerField()
    reserved_end = models.PositiveBigIntegerField()
    md_algorithm = models.CharField(max_length=16, default="sha256")
    signer_cert = models.BinaryField()
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    organisation = models.CharField(_("cơ quan"), max_length=255, blank=True)
    field_name = models.CharField(max_length=64)
    signing_time = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("chữ ký đang chờ")
        verbose_name_plural = _("chữ ký đang chờ")

    def __str__(self) -> str:
        return f"{self.report} — {self.signer_name} ({self.document_digest[:12]}…)"
