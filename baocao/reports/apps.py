"""Django app configuration for baocao.reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Configure the reports app."""

    name = "baocao.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
