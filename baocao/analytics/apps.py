"""Django app configuration for baocao.analytics."""

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Configure the analytics app."""

    name = "baocao.analytics"
    label = "analytics"
    default_auto_field = "django.db.models.BigAutoField"
