"""Django app configuration for baocao.catalog."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    """Configure the catalog app."""

    name = "baocao.catalog"
    verbose_name = _("Danh mục chế độ báo cáo")
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"
