"""Django app configuration for baocao.reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Configure the reports app."""

    name = "baocao.reports"
    verbose_name = _("Báo cáo")
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
