"""Records kept by the core app: sign-in attempts (for throttling and the security log)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginAttempt(models.Model):
    """One sign-in attempt; failures slow down and then lock further attempts."""

    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(_("thành công"), default=False)
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lần đăng nhập")
        verbose_name_plural = _("lần đăng nhập")

    def __str__(self) -> str:
        result = "ok" if self.succeeded else "fail"
        return f"{self.created_at:%d/%m/%Y %H:%M:%S} {self.username} {self.ip} {result}"
