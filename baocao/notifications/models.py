"""In-app notices (thông báo) and the register of reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of reminder the system sends."""

    DUE_SOON = "due_soon", _("Sắp đến hạn nộp")
    OVERDUE = "overdue", _("Quá hạn nộp")
    AWAITING_APPROVAL = "awaiting", _("Chờ phê duyệt")
    MISSING_UNITS = "missing", _("Đơn vị chưa gửi")
    # Workflow notices, sent at once by ``services.notify`` at each step (a submission tells
    # the approvers with AWAITING_APPROVAL, which ``baocao remind`` then does not repeat).
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt")
    ISSUED = "issued", _("Đã ban hành")
    SENT = "sent", _("Đã gửi")
    RECEIVED = "received", _("Đã nhận")
    REJECTED = "rejected", _("Nơi nhận trả lại")


class Notice(models.Model):
    """A message shown to one user in the app (and usually e-mailed too)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("người nhận"),
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    params = models.JSONField(
        _("dữ kiện"),
        default=dict,
        blank=True,
        help_text=_("Các dữ kiện của nhắc việc, để hiển thị theo ngôn ngữ của người đọc."),
    )
    url = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title

    @cached_property
    def worded(self) -> tuple[str, str]:
        """Return (title, body) in the reader's language, else the stored Vietnamese copy."""
        from baocao.notifications import texts

        return (texts.worded(self.kind, self.params) if self.params else None) or (
            self.title,
            self.body,
        )

    @property
    def shown_title(self) -> str:
        """Return the title in the reader's language."""
        return self.worded[0]

    @property
    def shown_body(self) -> str:
        """Return the text in the reader's language."""
        return self.worded[1]


class Address(models.TextChoices):
    """How an e-mail addresses its reader ("Kính gửi ông/bà Nguyễn Thị Lan")."""

    ANY = "", _("Ông/Bà")
    MR = "ong", _("Ông")
    MS = "ba", _("Bà")


class NoticePreference(models.Model):
    """A user's choices about notices: e-mail on or off, and the form of address in e-mails.

    No row means the defaults: e-mails on, "ông/bà".
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_preference",
        verbose_name=_("người dùng"),
    )
    email = models.BooleanField(_("nhận thư điện tử"), default=True)
    address = models.CharField(
        _("danh xưng"), max_length=8, choices=Address.choices, blank=True, default=Address.ANY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {'email' if self.email else 'no email'}"


class SentReminder(models.Model):
    """One reminder already sent: the unique key makes rerunning ``baocao remind`` harmless."""

    kind = models.CharField(max_length=16, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    sent_on = models.DateField()
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "user", "key"], name="unique_reminder")
        ]
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.key}"
