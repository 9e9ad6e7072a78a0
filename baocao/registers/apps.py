"""Django app configuration for baocao.registers (sổ theo dõi công việc)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """Configure the work registers app."""

    name = "baocao.registers"
    label = "registers"
    verbose_name = _("Sổ theo dõi công việc")
    default_auto_field = "django.db.models.BigAutoField"
