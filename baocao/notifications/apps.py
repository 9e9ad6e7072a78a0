"""Django app configuration for baocao.notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Configure the notifications app."""

    name = "baocao.notifications"
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"
