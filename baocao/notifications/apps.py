"""Django app configuration for baocao.notifications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Configure the notifications app."""

    name = "baocao.notifications"
    verbose_name = _("Thông báo")
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"
