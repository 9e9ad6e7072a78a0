"""Django app configuration for baocao.organizations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    """Configure the organizations app."""

    name = "baocao.organizations"
    verbose_name = _("Đơn vị và người dùng")
    label = "organizations"
    default_auto_field = "django.db.models.BigAutoField"
