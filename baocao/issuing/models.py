"""The outgoing-document register (sổ đăng ký văn bản đi) and dispatches to receiving units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baocao.organizations.models import OrgUnit
from baocao.reports.models import DocumentCapture, ImmutableModel, Report


class OutgoingEntry(ImmutableModel):
    """One number of an agency's one yearly series of outgoing documents, never reused.

    Every document type the agency issues shares the series (Decree 30/2020, Art. 15). A number
    taken in another system (the e-office) is recorded here too, so baocao never gives it again.
    """

    class Source(models.TextChoices):
        BAOCAO = "baocao", _("Ban hành trên baocao")
        EXTERNAL = "external", _("Số lấy trên hệ thống khác")

    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="outgoing_entries",
        verbose_name=_("cơ quan ban hành"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    seq = models.PositiveIntegerField(_("số"))
    number_text = models.CharField(_("số, ký hiệu"), max_length=64)
    doc_type_code = models.CharField(_("loại văn bản"), max_length=8)
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outgoing_entries",
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.BAOCAO)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-year", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "seq"], name="unique_outgoing_number")
        ]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")

    def __str__(self) -> str:
        return f"{self.number_text} ({self.issued_on:%d/%m/%Y})"


class Dispatch(models.Model):
    """An issued report sent to one receiving unit, and what the receiver did with it."""

    class State(models.TextChoices):
        SENT = "sent", _("Đã gửi")
        OPENED = "opened", _("Đã mở xem")
        RECEIVED = "received", _("Đã nhận")
        RETURNED = "returned", _("Bị trả lại")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="dispatches")
    capture = models.ForeignKey(DocumentCapture, on_delete=models.PROTECT, related_name="+")
    number_text = models.CharField(_("số, ký hiệu"), max_length=64)
    to_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="inbox",
        verbose_name=_("nơi nhận"),
    )
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("thời điểm gửi"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["to_unit", "state"])]
        verbose_name = _("báo cáo gửi đi")
        verbose_name_plural = _("báo cáo gửi đi")

    def __str__(self) -> str:
        return f"{self.number_text} → {self.to_unit}"


class ReceivedPackage(ImmutableModel):
    """A report package (gói tin) from another system, verified and kept as received.

    Written once by ``baocao.issuing.package_import.import_package``: the sender, number and date
    are the manifest's; the files are kept as they arrived (their SHA-256 checked against the
    manifest), with the result of verifying the PDF's signatures at import.
    """

    class Signature(models.TextChoices):
        VALID = "valid", _("Chữ ký số hợp lệ")
        UNTRUSTED = "untrusted", _("Chữ ký số nguyên vẹn, chưa xác thực được chứng thư")
        UNSIGNED = "unsigned", _("Không ký số")

    class LocalMatch(models.TextChoices):
        SAME = "same", _("Trùng khớp báo cáo trên hệ thống")
        DIFFERS = "differs", _("Khác báo cáo trên hệ thống")

    to_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="received_packages",
        verbose_name=_("nơi nhận"),
    )
    sender_code = models.CharField(_("mã cơ quan gửi"), max_length=32)
    sender_name = models.CharField(_("cơ quan gửi"), max_length=255)
    number_text = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    regime_code = models.CharField(_("mã chế độ báo cáo"), max_length=32)
    regime_name = models.CharField(_("chế độ báo cáo"), max_length=500, blank=True)
    period_code = models.CharField(_("kỳ báo cáo"), max_length=16)
    addressed = models.BooleanField(_("có tên trong nơi nhận"), default=False)
    manifest = models.JSONField()
    data = models.JSONField()
    document = models.BinaryField(_("tệp PDF"))
    document_sha256 = models.CharField(max_length=64)
    data_sha256 = models.CharField(max_length=64)
    package_sha256 = models.CharField(max_length=64)
    package_size = models.PositiveIntegerField()
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    signature_status = models.CharField(_("chữ ký số"), max_length=16, choices=Signature.choices)
    signatures = models.JSONField(default=list, blank=True)
    local_report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    local_match = models.CharField(max_length=16, choices=LocalMatch.choices, blank=True)
    received_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["to_unit", "sender_code", "number_text", "issued_on"],
                name="unique_received_package",
            )
        ]
        verbose_name = _("gói tin báo cáo đến")
        verbose_name_plural = _("gói tin báo cáo đến")

    def __str__(self) -> str:
        return f"{self.number_text} ({self.sender_code}) → {self.to_unit}"
